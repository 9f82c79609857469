import { OfdError, readOfdInvoice, type OfdInvoice } from '../../../../nodes/core/read/ofd';
import { randomInt as int, seededRandom, type Random as Rng } from '../../../helpers/random';
import { listFixtures, readFixture } from '../../../support/files';
import { readZip, writeZip } from '../../../support/zip';

// Thousands of mutations of the real samples. Each must give an invoice or an OfdError: no other exception
// type, no hang. The PRNG is seeded so that any failure reproduces: the failure label names the sample, the
// mutation and its index.

const SEED = 0x0fd5eed;


interface Entry {
	name: string;
	data: Buffer;
	method?: 0 | 8;
	crc?: number;
}

function flipBytes(bytes: Uint8Array, rng: Rng, count: number, from = 0): Uint8Array {
	const out = new Uint8Array(bytes);
	for (let i = 0; i < count; i++) {
		const at = from + int(rng, out.length - from);
		out[at] ^= 1 + int(rng, 255);
	}
	return out;
}

function centralHeaders(bytes: Uint8Array): number[] {
	const out: number[] = [];
	for (let p = 0; p + 4 <= bytes.length; p++) {
		if (bytes[p] === 0x50 && bytes[p + 1] === 0x4b && bytes[p + 2] === 0x01 && bytes[p + 3] === 0x02) out.push(p);
	}
	return out;
}

function overwriteField(bytes: Uint8Array, rng: Rng): Uint8Array {
	const out = Buffer.from(bytes);
	const headers = centralHeaders(out);
	const eocd = out.length - 22;
	const huge = [0xffffffff, 0x7fffffff, 0xfffffff0, out.length, out.length + 1, 0, 1, int(rng, 0xffffffff)];
	const value = huge[int(rng, huge.length)] >>> 0;
	if (headers.length === 0 || rng() < 0.2) {
		const field = [8, 10, 12, 16, 20][int(rng, 5)];
		if (field === 12 || field === 16) out.writeUInt32LE(value, eocd + field);
		else out.writeUInt16LE(value & 0xffff, eocd + field);
		return out;
	}
	const at = headers[int(rng, headers.length)];
	const field = [10, 16, 20, 24, 28, 30, 32, 42][int(rng, 8)];
	if (field === 10 || field >= 28) {
		if (field === 42) out.writeUInt32LE(value, at + field);
		else out.writeUInt16LE(value & 0xffff, at + field);
	} else out.writeUInt32LE(value, at + field);
	return out;
}

function shuffle<T>(items: T[], rng: Rng): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = int(rng, i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

function mutateXml(data: Buffer, rng: Rng): Buffer {
	let s = data.toString('utf8');
	const ops = 1 + int(rng, 3);
	for (let k = 0; k < ops; k++) {
		const at = int(rng, s.length + 1);
		switch (int(rng, 8)) {
			case 0: // delete a range
				s = s.slice(0, at) + s.slice(at + 1 + int(rng, 200));
				break;
			case 1: // duplicate a range
				s = s.slice(0, at) + s.slice(at, at + int(rng, 400)) + s.slice(at);
				break;
			case 2: // markup characters
				s = s.slice(0, at) + ['<', '>', '&', '"', "'", '</', '<!--', ']]>', '<![CDATA[', '&#x110000;', '&lt'][int(rng, 11)] + s.slice(at);
				break;
			case 3: // deep nesting
				s = s.slice(0, at) + '<x>'.repeat(int(rng, 400)) + s.slice(at);
				break;
			case 4: // a DOCTYPE with entities
				s = `<!DOCTYPE r [<!ENTITY a "${'A'.repeat(50)}"><!ENTITY b "&a;&a;&a;">]>` + s.replace(/>([^<]{1,20})</, '>&b;<');
				break;
			case 5: // change a number or an ID
				s = s.replace(/\d+/g, (m) => (rng() < 0.05 ? String(int(rng, 100000)) : m));
				break;
			case 6: // truncate
				s = s.slice(0, at);
				break;
			default: // random characters
				s = s.slice(0, at) + String.fromCharCode(int(rng, 0xffff)) + s.slice(at);
		}
	}
	return Buffer.from(s, 'utf8');
}

interface Outcome {
	ok: boolean;
	code?: string;
	unexpected?: string;
	invoice?: OfdInvoice;
}

async function attempt(bytes: Uint8Array): Promise<Outcome> {
	try {
		const invoice = await readOfdInvoice(bytes);
		if (typeof invoice.InvoiceNumber !== 'string' || !Array.isArray(invoice.GoodsInfos)) {
			return { ok: false, unexpected: 'malformed result' };
		}
		return { ok: true, invoice };
	} catch (error) {
		if (error instanceof OfdError) return { ok: false, code: error.code };
		return { ok: false, unexpected: error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error) };
	}
}

const samples = listFixtures('ofd').filter((name: string) => name.endsWith('.ofd'));

describe('fuzzing the real samples', () => {
	const codes = new Map<string, number>();
	let successes = 0;
	let runs = 0;

	async function run(cases: Array<{ label: string; bytes: Uint8Array }>): Promise<string[]> {
		const failures: string[] = [];
		// Several in flight at once: inflating is asynchronous, so this keeps both cores busy.
		for (let i = 0; i < cases.length; i += 8) {
			const batch = cases.slice(i, i + 8);
			const outcomes = await Promise.all(batch.map((c) => attempt(c.bytes)));
			outcomes.forEach((outcome, n) => {
				runs++;
				if (outcome.ok) successes++;
				else if (outcome.code) codes.set(outcome.code, (codes.get(outcome.code) ?? 0) + 1);
				if (outcome.unexpected) failures.push(`${batch[n].label}: ${outcome.unexpected}`);
			});
		}
		return failures;
	}

	test.each(samples)('%s: byte-level mutations', async (sample) => {
		const original = new Uint8Array(readFixture('ofd', sample));
		const rng = seededRandom(SEED ^ sample.length ^ original.length);
		const cases: Array<{ label: string; bytes: Uint8Array }> = [];
		const cdStart = centralHeaders(original)[0] ?? 0;
		for (let i = 0; i < 120; i++) {
			cases.push({ label: `${sample} flip#${i}`, bytes: flipBytes(original, rng, 1 + int(rng, 8)) });
		}
		for (let i = 0; i < 60; i++) {
			cases.push({ label: `${sample} flip-directory#${i}`, bytes: flipBytes(original, rng, 1 + int(rng, 4), cdStart) });
		}
		for (let i = 0; i < 50; i++) {
			cases.push({ label: `${sample} truncate#${i}`, bytes: original.subarray(0, int(rng, original.length)) });
		}
		for (let i = 0; i < 70; i++) {
			cases.push({ label: `${sample} length-field#${i}`, bytes: overwriteField(original, rng) });
		}
		for (let i = 0; i < 10; i++) {
			const cut = int(rng, original.length);
			const spliced = Buffer.concat([original.subarray(0, cut), original.subarray(int(rng, original.length))]);
			cases.push({ label: `${sample} splice#${i}`, bytes: spliced });
		}
		expect(await run(cases)).toEqual([]);
	}, 120_000);

	test.each(samples)('%s: re-packed archives (shuffled, duplicated, mutated XML)', async (sample) => {
		const original = readFixture('ofd', sample);
		const expected = await readOfdInvoice(original).catch(() => undefined);
		const entries: Entry[] = readZip(original).map((e: { name: string; data: Buffer }) => ({ name: e.name, data: e.data }));
		const rng = seededRandom(SEED ^ (sample.length * 7919));
		const cases: Array<{ label: string; bytes: Uint8Array }> = [];

		// Shuffled entry order does not change the result at all.
		for (let i = 0; i < 8; i++) {
			const shuffled = writeZip(shuffle(entries, rng));
			const outcome = await attempt(shuffled);
			expect(outcome.invoice).toEqual(expected);
		}
		// Stored instead of deflated: same result.
		expect((await attempt(writeZip(entries.map((e) => ({ ...e, method: 0 as const }))))).invoice).toEqual(expected);

		for (let i = 0; i < 30; i++) {
			const copy = [...entries];
			const victim = copy[int(rng, copy.length)];
			const twin = { name: rng() < 0.5 ? victim.name : victim.name.toUpperCase(), data: mutateXml(victim.data, rng) };
			copy.splice(int(rng, copy.length + 1), 0, twin);
			cases.push({ label: `${sample} duplicate#${i} (${victim.name})`, bytes: writeZip(copy) });
		}
		const xmlEntries = entries.filter((e) => e.name.endsWith('.xml'));
		for (let i = 0; i < 120; i++) {
			const target = xmlEntries[int(rng, xmlEntries.length)];
			const mutated = entries.map((e) => (e === target ? { name: e.name, data: mutateXml(e.data, rng) } : e));
			cases.push({ label: `${sample} xml#${i} (${target.name})`, bytes: writeZip(mutated) });
		}
		for (let i = 0; i < 10; i++) {
			const dropped = entries.filter(() => rng() > 0.3);
			cases.push({ label: `${sample} drop-entries#${i}`, bytes: writeZip(dropped) });
		}
		expect(await run(cases)).toEqual([]);
	}, 120_000);

	afterAll(() => {
		// The mutations must exercise both outcomes and several error kinds, or the fuzzing proves nothing.
		expect(runs).toBeGreaterThan(2000);
		expect(successes).toBeGreaterThan(100);
		expect(codes.size).toBeGreaterThanOrEqual(4);
	});
});

describe('pathological but well-formed files finish (bounded work)', () => {
	const ofdXml =
		'<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocInfo><ofd:CustomDatas>' +
		'<ofd:CustomData Name="发票号码">12345678</ofd:CustomData></ofd:CustomDatas></ofd:DocInfo>' +
		'<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>';
	const pageIds = Array.from({ length: 2000 }, (_, i) => `<ofd:Page ID="${i + 1}" BaseLoc="Pages/Page_0/Content.xml"/>`).join('');
	const document =
		'<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages>' +
		pageIds +
		'</ofd:Pages><ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments><ofd:CustomTags>Tags/CustomTags.xml</ofd:CustomTags></ofd:Document>';
	const texts = Array.from(
		{ length: 3000 },
		(_, i) => `<ofd:TextObject ID="${i}" Boundary="${i % 200} ${i % 97} 10 5"><ofd:TextCode>${i}</ofd:TextCode></ofd:TextObject>`,
	).join('');
	const page = `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>${texts}</ofd:Layer></ofd:Content></ofd:Page>`;

	test('60,000 column refs without a known PageRef, 2,000 pages sharing one content file', async () => {
		const refs = (n: number) =>
			Array.from({ length: n }, (_, i) => `<ofd:ObjectRef PageRef="x${i}">${(i * 7) % 3000}</ofd:ObjectRef>`).join('');
		const tag = `<ofd:root xmlns:ofd="http://www.ofdspec.org/2016"><ofd:InvoiceNo>${refs(5)}</ofd:InvoiceNo><ofd:Item>${refs(20000)}</ofd:Item><ofd:Amount>${refs(20000)}</ofd:Amount><ofd:TaxAmount>${refs(20000)}</ofd:TaxAmount></ofd:root>`;
		const zip = writeZip([
			{ name: 'OFD.xml', data: ofdXml },
			{ name: 'Doc_0/Document.xml', data: document },
			{ name: 'Doc_0/Pages/Page_0/Content.xml', data: page },
			{ name: 'Doc_0/Tags/CustomTags.xml', data: '<CustomTags><CustomTag><FileLoc>CustomTag.xml</FileLoc></CustomTag></CustomTags>' },
			{ name: 'Doc_0/Tags/CustomTag.xml', data: tag },
		]);
		const invoice = await readOfdInvoice(zip);
		expect(invoice.OfdSource).toBe('custom-tags');
		expect(invoice.PageCount).toBe(2000);
		expect(invoice.GoodsInfos.length).toBeGreaterThan(1);
	}, 60_000);

	test('50,000 attachments and 50,000 tag files all pointing at the same parts', async () => {
		const many = (tag: string, loc: string) => Array.from({ length: 50_000 }, () => `<${tag}><FileLoc>${loc}</FileLoc></${tag}>`).join('');
		const zip = writeZip([
			{ name: 'OFD.xml', data: ofdXml },
			{ name: 'Doc_0/Document.xml', data: document },
			// Stored: deflated, such repetitive XML would (rightly) trip the compression-ratio guard first.
			{ name: 'Doc_0/Attachs/Attachments.xml', data: `<Attachments>${many('Attachment', 'junk.xml')}</Attachments>`, method: 0 },
			{ name: 'Doc_0/Attachs/junk.xml', data: '<nothing/>' },
			{ name: 'Doc_0/Tags/CustomTags.xml', data: `<CustomTags>${many('CustomTag', 'CustomTag.xml')}</CustomTags>`, method: 0 },
			{ name: 'Doc_0/Tags/CustomTag.xml', data: '<root/>' },
		]);
		const invoice = await readOfdInvoice(zip);
		expect(invoice.OfdSource).toBe('ofd-custom-data');
		expect(invoice.InvoiceNumber).toBe('12345678');
	}, 60_000);
});
