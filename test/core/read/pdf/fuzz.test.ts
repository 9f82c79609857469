import { PdfError, readPdfText, type PdfErrorCode } from '../../../../nodes/core/read/pdf';
import { seededRandom, randomInt, type Random } from '../../../helpers/random';
import { PdfBuilder, deflate, onePage, simpleFont, toUnicodeCMap, type0Font, zeroBomb } from '../../../support/pdfBuilder';
import { hasSamples, listSamples, log, readSample } from '../../../support/samples';

// Hostile and damaged input. Every case must end in a result or a PdfError with an expected code: no other
// exception type, no hang (the work budget bounds every loop; timing is not asserted). The PRNG is seeded so
// that a failure reproduces from the label (seed file, mutation, index).

// Generous: the machine running the suite may be busy; no test asserts timing.
jest.setTimeout(60_000);

const SEED = 0x9df5eed;
type Builder = InstanceType<typeof PdfBuilder>;

const FAILURE_CODES: PdfErrorCode[] = ['Malformed', 'LimitExceeded', 'PasswordProtected', 'NotPdf'];

async function outcome(bytes: Uint8Array, limits?: Parameters<typeof readPdfText>[1]): Promise<'ok' | PdfErrorCode> {
	try {
		const pdf = await readPdfText(bytes, limits);
		for (const page of pdf.pages) {
			for (const run of page.runs) {
				expect([typeof run.text, Number.isFinite(run.x), Number.isFinite(run.y), Number.isFinite(run.width)]).toEqual(['string', true, true, true]);
			}
		}
		return 'ok';
	} catch (error) {
		expect(error).toBeInstanceOf(PdfError);
		const code = (error as PdfError).code;
		expect(FAILURE_CODES).toContain(code);
		expect((error as PdfError).description.length).toBeGreaterThan(10);
		return code;
	}
}

function seeds(): Array<[string, Buffer]> {
	const out: Array<[string, Buffer]> = [];
	const page = (b: Builder) => {
		const cmap = toUnicodeCMap(['<0000> <FFFF>'], '1 beginbfrange\n<0001> <0010> <4E00>\nendbfrange');
		const f1 = simpleFont(b);
		const f2 = type0Font(b, { toUnicode: cmap, w: '[1 [500 600] 5 9 700]' });
		const form = b.add('<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Matrix [1 0 0 1 5 5] >>', 'BT /F1 9 Tf (In form) Tj ET');
		onePage(b, 'x', { fonts: { F1: f1, F2: f2 }, xobjects: { X1: form } });
		b.set(b.contentNum, '<< /Filter /FlateDecode >>', deflate('BT /F1 12 Tf 100 200 Td (Hello) Tj /F2 10 Tf [<00010002> -500 <0003>] TJ ET /X1 Do'));
		return b;
	};
	out.push(['table', page(new PdfBuilder()).build().bytes]);
	out.push(['objstm', page(new PdfBuilder()).build({ xref: 'stream', objectStream: true }).bytes]);
	out.push(['aes-128', page(new PdfBuilder()).build({ encrypt: 'aes-128' }).bytes]);
	out.push(['rc4-40', page(new PdfBuilder()).build({ encrypt: 'rc4-40', xref: 'stream' }).bytes]);
	return out;
}

function truncate(bytes: Buffer, rng: Random): Buffer {
	return bytes.subarray(0, randomInt(rng, bytes.length));
}

function flip(bytes: Buffer, rng: Random): Buffer {
	const out = Buffer.from(bytes);
	const count = 1 + randomInt(rng, 8);
	for (let i = 0; i < count; i++) out[randomInt(rng, out.length)] ^= 1 + randomInt(rng, 255);
	return out;
}

function breakXref(bytes: Buffer, rng: Random): Buffer {
	const s = bytes.toString('latin1');
	const choice = randomInt(rng, 4);
	if (choice === 0) return Buffer.from(s.replace(/startxref\s+\d+/, `startxref\n${randomInt(rng, bytes.length * 2)}`), 'latin1');
	if (choice === 1) return Buffer.from(s.replace(/\d{10} 00000 n/g, () => `${String(randomInt(rng, bytes.length)).padStart(10, '0')} 00000 n`), 'latin1');
	if (choice === 2) return Buffer.from(s.replace(/\/Length \d+/g, () => `/Length ${randomInt(rng, 100000)}`), 'latin1');
	return Buffer.from(s.replace(/ 0 R/g, () => (rng() < 0.2 ? ` ${randomInt(rng, 3)} R` : ' 0 R')).replace(/\/Root \d+/, `/Root ${randomInt(rng, 20)}`), 'latin1');
}

describe('PDF reader fuzz: mutated built files', () => {
	const rng = seededRandom(SEED);
	for (const [name, bytes] of seeds()) {
		it(`${name}: the unmutated file reads`, async () => {
			const pdf = await readPdfText(bytes);
			expect(pdf.pages[0].runs.map((r) => r.text)).toEqual(['Hello', '一丁', '丂', 'In form']);
		});
		for (const [label, mutate] of [
			['truncated', truncate],
			['flipped', flip],
			['broken xref', breakXref],
		] as const) {
			it(`${name}: ${label} (60 mutations)`, async () => {
				const counts: Record<string, number> = {};
				for (let i = 0; i < 60; i++) {
					const result = await outcome(mutate(bytes, rng));
					counts[result] = (counts[result] ?? 0) + 1;
				}
				// Most damage is survivable: the reader repairs or reads around it.
				expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(60);
			});
		}
	}
});

describe('PDF reader fuzz: mutated real invoices', () => {
	const files = listSamples('pdf', '.pdf');
	if (!hasSamples('pdf') || files.length === 0) {
		it('has no samples here (skipped)', () => log('pdf fuzz: samples not found, real-file mutations skipped'));
		return;
	}
	const rng = seededRandom(SEED + 1);
	for (const file of files) {
		it(`${file}: 12 truncations, flips and xref breaks`, async () => {
			const bytes = readSample('pdf', file);
			for (let i = 0; i < 12; i++) {
				const mutate = [truncate, flip, breakXref][i % 3];
				await outcome(mutate(bytes, rng));
			}
		});
	}
});

describe('PDF reader fuzz: hostile constructions', () => {
	const helloPage = (b: Builder, content = 'BT /F1 12 Tf (Hello) Tj ET') => {
		const f = simpleFont(b);
		return onePage(b, content, { fonts: { F1: f } });
	};

	it('a Flate bomb (1 GiB of zeros in about 1 MiB) stops at the stream limit', async () => {
		const b = new PdfBuilder();
		const { content } = helloPage(b);
		b.set(content, '<< /Filter /FlateDecode >>', zeroBomb(1024));
		expect(await outcome(b.build().bytes)).toBe('LimitExceeded');
	});

	it('many small bombs stop at the total decoded limit', async () => {
		const b = new PdfBuilder();
		const { page, pages } = helloPage(b);
		const parts = Array.from({ length: 8 }, () => b.add('<< /Filter /FlateDecode >>', zeroBomb(12)));
		b.set(page, `<< /Type /Page /Parent ${pages} 0 R /Contents [${parts.map((n) => `${n} 0 R`).join(' ')}] >>`);
		expect(await outcome(b.build().bytes, { limits: { maxTotalBytes: 48 << 20 } })).toBe('LimitExceeded');
	});

	it('100,000 objects: LimitExceeded through the xref table and through the rebuild scan', async () => {
		const b = new PdfBuilder();
		helloPage(b);
		for (let i = 0; i < 100_000; i++) b.add('null');
		expect(await outcome(b.build().bytes)).toBe('LimitExceeded');
		expect(await outcome(b.build({ xref: 'none' }).bytes)).toBe('LimitExceeded');
	});

	it('40,000 streams without endstream and no catalog: the scans stay within the work budget', async () => {
		let s = '%PDF-1.7\n';
		for (let i = 1; i <= 40_000; i++) s += `${i} 0 obj\n<< /Length 99999999 >>\nstream\nBT (x) Tj ET\n`;
		const result = await outcome(Buffer.from(s, 'latin1'));
		expect(['LimitExceeded', 'Malformed']).toContain(result);
	});

	it('arrays and dictionaries nested 10,000 deep, in an object and in a content stream', async () => {
		const deep = '['.repeat(10_000) + ']'.repeat(10_000);
		const dicts = '<< /A '.repeat(10_000) + '>>'.repeat(10_000);
		for (const content of [`${deep} pop BT /F1 12 Tf (Hello) Tj ET`, `${dicts} pop`]) {
			const b = new PdfBuilder();
			helloPage(b, content);
			expect(await outcome(b.build().bytes)).toBe('LimitExceeded');
		}
		const b = new PdfBuilder();
		helloPage(b);
		b.set(b.catalog, `<< /Type /Catalog /Pages ${b.catalog + 1} 0 R /Deep ${deep} >>`);
		expect(['ok', 'LimitExceeded']).toContain(await outcome(b.build().bytes));
	});

	it('cycles: page tree kids, reference chains, a self-invoking form, a /Prev loop, object streams', async () => {
		// Page tree whose Pages node lists itself, resources that refer to each other.
		const b = new PdfBuilder();
		const { pages, page } = helloPage(b);
		const r1 = b.reserve();
		const r2 = b.add(`${r1} 0 R`);
		b.set(r1, `${r2} 0 R`);
		b.set(pages, `<< /Type /Pages /Kids [${pages} 0 R ${page} 0 R ${pages} 0 R] /Count 3 /Resources ${r1} 0 R >>`);
		expect(await outcome(b.build().bytes)).toBe('ok');

		// A form that draws itself, through two names.
		const c = new PdfBuilder();
		const f = simpleFont(c);
		const x = c.reserve();
		c.set(x, `<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /Me ${x} 0 R >> /Font << /F1 ${f} 0 R >> >> >>`, 'BT /F1 9 Tf (Loop) Tj ET /Me Do /Me Do');
		onePage(c, '/X Do /X Do', { fonts: { F1: f }, xobjects: { X: x } });
		const pdf = await readPdfText(c.build().bytes);
		expect(pdf.pages[0].runs.map((r) => r.text)).toEqual(['Loop', 'Loop']);

		// /Prev pointing at itself, and at the other section.
		const d = new PdfBuilder();
		helloPage(d);
		const built = d.build();
		const looped = built.bytes.toString('latin1').replace('trailer\n<< ', `trailer\n<< /Prev ${built.xrefAt} /XRefStm ${built.xrefAt} `);
		expect(await outcome(Buffer.from(looped, 'latin1'))).toBe('ok');

		// The catalog "compressed in" an object stream that is itself; two object streams naming each other.
		const e = new PdfBuilder();
		helloPage(e);
		const stm = e.add('<< /Type /ObjStm /N 1 /First 6 >>', `${e.catalog} 0 << >>`);
		const selfRef = e.build({ xref: 'stream', xrefEntries: { [e.catalog]: [2, e.catalog, 0], [stm]: [2, stm, 0] } });
		expect(['ok', 'Malformed']).toContain(await outcome(selfRef.bytes));
		const g = new PdfBuilder();
		helloPage(g);
		const s1 = g.reserve();
		const s2 = g.reserve();
		g.set(s1, '<< /Type /ObjStm /N 1 /First 4 >>', `${s2} 0 null`);
		g.set(s2, '<< /Type /ObjStm /N 1 /First 4 >>', `${s1} 0 null`);
		const mutual = g.build({ xref: 'stream', xrefEntries: { [s1]: [2, s2, 0], [s2]: [2, s1, 0] } });
		expect(await outcome(mutual.bytes)).toBe('ok');
	});

	it('a fan-out of forms (each draws the next ten times, 7 levels: 10 million draws) stops at the operator limit', async () => {
		const b = new PdfBuilder();
		const f = simpleFont(b);
		let inner = b.add(`<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /Font << /F1 ${f} 0 R >> >> >>`, 'BT /F1 9 Tf (x) Tj ET');
		for (let level = 0; level < 6; level++) {
			inner = b.add(`<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /N ${inner} 0 R >> >> >>`, '/N Do '.repeat(10));
		}
		onePage(b, '/X Do '.repeat(10), { fonts: { F1: f }, xobjects: { X: inner } });
		expect(await outcome(b.build().bytes)).toBe('LimitExceeded');
	});

	it('garbage that only looks like a PDF', async () => {
		const rng = seededRandom(SEED + 2);
		const pieces = ['obj', 'endobj', 'stream', 'endstream', 'xref', 'trailer', '<<', '>>', '[', ']', '(', ')', '1 0 R', '/Type /Page', '/Filter /FlateDecode', 'BT', 'Tj', '%%EOF', 'startxref', '0 obj'];
		for (let i = 0; i < 40; i++) {
			let s = '%PDF-1.7\n';
			for (let k = 0; k < 400; k++) s += `${pieces[randomInt(rng, pieces.length)]} ${randomInt(rng, 50)} `;
			await outcome(Buffer.from(s, 'latin1'));
		}
	});
});
