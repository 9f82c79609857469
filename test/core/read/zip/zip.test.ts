import {
	crc32,
	inflateRaw,
	normalizeZipPath,
	ofdPathCandidates,
	OfdError,
	readOfdInvoice,
	ZipArchive,
	type OfdErrorCode,
} from '../../../../nodes/core/read/ofd';
import { readFixture } from '../../../support/files';
import { crc32 as zlibSideCrc32, deflateRaw, readZip, writeZip } from '../../../support/zip';

const SUWELL = 'ofdrw_converter_1_vat-e-common-suwell-2020.ofd';
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

function openError(bytes: Uint8Array, limits = {}): OfdError {
	let caught: unknown;
	try {
		ZipArchive.open(bytes, limits);
	} catch (error) {
		caught = error;
	}
	if (caught instanceof OfdError) return caught;
	throw new Error(`expected ZipArchive.open to throw an OfdError, got ${String(caught)}`);
}

async function readError(archive: ZipArchive, name: string): Promise<OfdError> {
	const caught = await archive.read(archive.find(name)!).then(
		() => undefined,
		(error: unknown) => error,
	);
	if (caught instanceof OfdError) return caught;
	throw new Error(`expected reading ${name} to throw an OfdError, got ${String(caught)}`);
}

function expectCode(error: OfdError, code: OfdErrorCode) {
	expect(error).toBeInstanceOf(OfdError);
	expect(error.code).toBe(code);
	expect(error.message.length).toBeGreaterThan(10);
	expect(error.description.length).toBeGreaterThan(10);
}

describe('reading real samples', () => {
	test('central directory of the Suwell sample, stored and deflated entries, same bytes as node:zlib', async () => {
		const bytes = readFixture('ofd', SUWELL);
		const archive = ZipArchive.open(bytes);
		expect(archive.entries).toHaveLength(28);
		const oracle = readZip(bytes);
		for (const { name, data, method } of oracle) {
			const entry = archive.get(name)!;
			expect(entry.method).toBe(method);
			expect(Buffer.from(await archive.read(entry)).equals(data)).toBe(true);
		}
		expect(archive.entries.filter((e) => e.isDirectory).map((e) => e.name)).toContain('Doc_0/Pages/Page_0');
	});

	test('entries are inflated on demand, each at most once', async () => {
		const archive = ZipArchive.open(readFixture('ofd', SUWELL));
		expect(archive.inflateCount).toBe(0);
		const entry = archive.get('OFD.xml')!;
		const [a, b] = await Promise.all([archive.read(entry), archive.read(entry)]);
		expect(a).toBe(b);
		expect(archive.inflateCount).toBe(1);
	});

	test('CRC-32 matches the zlib-side implementation', () => {
		const data = Buffer.from('电子发票 OFD.xml 0123456789', 'utf8');
		expect(crc32(data)).toBe(zlibSideCrc32(data));
		expect(crc32(new Uint8Array(0))).toBe(0);
		expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
	});
});

describe('names and OFD paths', () => {
	const archive = ZipArchive.open(
		writeZip([
			{ name: '/OFD.xml', data: '<a/>' },
			{ name: 'Doc_0\\Document.xml', data: '<d/>' },
			{ name: 'Doc_0/TPLS/TPL_0/Content.xml', data: '<t/>' },
			{ name: 'Doc_0/Pages/Page_0/Content.xml', data: '<p/>' },
		]),
	);

	test('leading slash and backslashes are normalised', () => {
		expect(archive.get('OFD.xml')?.rawName).toBe('/OFD.xml');
		expect(archive.get('/OFD.xml')?.name).toBe('OFD.xml');
		expect(archive.get('Doc_0/Document.xml')?.rawName).toBe('Doc_0\\Document.xml');
		expect(normalizeZipPath('/a/./b/../c//d')).toBe('a/c/d');
		expect(normalizeZipPath('../../x')).toBe('x');
	});

	test('case-insensitive lookup is a fallback', () => {
		expect(archive.get('Doc_0/Tpls/Tpl_0/Content.xml')).toBeUndefined();
		expect(archive.find('Doc_0/Tpls/Tpl_0/Content.xml')?.name).toBe('Doc_0/TPLS/TPL_0/Content.xml');
	});

	test('OFD references: relative to the referring file, absolute with "/", root-relative as fallback', () => {
		expect(ofdPathCandidates('Doc_0/Document.xml', 'Pages/Page_0/Content.xml')).toEqual([
			'Doc_0/Pages/Page_0/Content.xml',
			'Pages/Page_0/Content.xml',
		]);
		expect(ofdPathCandidates('OFD.xml', '/Doc_0/Signs/Signatures.xml')).toEqual(['Doc_0/Signs/Signatures.xml']);
		expect(archive.resolve('Doc_0/Document.xml', 'Pages/Page_0/Content.xml')?.name).toBe('Doc_0/Pages/Page_0/Content.xml');
		expect(archive.resolve('Doc_0/Document.xml', 'Doc_0/Pages/Page_0/Content.xml')?.name).toBe(
			'Doc_0/Pages/Page_0/Content.xml',
		);
		expect(archive.resolve('Doc_0/Document.xml', '/Doc_0/Pages/Page_0/Content.xml')?.name).toBe(
			'Doc_0/Pages/Page_0/Content.xml',
		);
		expect(archive.resolve('Doc_0/Document.xml', 'TPLS/TPL_0/Content.xml')?.name).toBe('Doc_0/TPLS/TPL_0/Content.xml');
		expect(archive.resolve('Doc_0/Document.xml', '  ')).toBeUndefined();
		expect(archive.resolve('Doc_0/Document.xml', 'Missing.xml')).toBeUndefined();
	});

	test('GBK-encoded names without the UTF-8 flag are decoded', () => {
		const gbkName = Buffer.from([0xb7, 0xa2, 0xc6, 0xb1, 0x2e, 0x78, 0x6d, 0x6c]); // 发票.xml
		const zip = writeZip([{ name: 'PLACEHOLD', data: 'x', flags: 0 }]);
		const at = zip.indexOf('PLACEHOLD');
		const at2 = zip.indexOf('PLACEHOLD', at + 1);
		gbkName.copy(zip, at, 0, 8);
		gbkName.copy(zip, at2, 0, 8);
		zip[at + 8] = 0x20;
		zip[at2 + 8] = 0x20;
		expect(ZipArchive.open(zip).entries[0].rawName).toBe('发票.xml ');
	});
});

describe('hostile and damaged archives', () => {
	const good = () => writeZip([{ name: 'OFD.xml', data: '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>' }]);

	test('not a zip: empty, PDF, PNG, XML, random bytes', () => {
		expectCode(openError(new Uint8Array(0)), 'NOT_A_ZIP');
		expect(openError(new Uint8Array(0)).message).toContain('empty');
		expect(openError(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj')).message).toContain('PDF');
		expect(openError(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])).message).toContain('PNG');
		expect(openError(Buffer.from('<?xml version="1.0"?><ofd:OFD/>')).message).toContain('XML');
		expectCode(openError(Buffer.alloc(5000, 0x41)), 'NOT_A_ZIP');
	});

	test('truncated: a zip cut anywhere before its end record', () => {
		const bytes = readFixture('ofd', SUWELL);
		for (const length of [4, 30, 1000, bytes.length - 23]) expectCode(openError(bytes.subarray(0, length)), 'TRUNCATED');
	});

	test('truncated entry data is reported as TRUNCATED, not read past the end', async () => {
		const zip = writeZip([{ name: 'a.xml', data: 'x'.repeat(1000), compressedSize: 0x7fff0000 }]);
		expectCode(await readError(ZipArchive.open(zip), 'a.xml'), 'TRUNCATED');
	});

	test('bogus central directory offset and size', () => {
		expectCode(openError(writeZip([{ name: 'a', data: 'x' }], { cdOffset: 3, cdSize: 5 })), 'CORRUPT');
		// Wrong offset but right size: recovered like data prepended to the archive.
		expect(ZipArchive.open(writeZip([{ name: 'a', data: 'x' }], { cdOffset: 7 })).entries).toHaveLength(1);
	});

	test('data prepended to the archive (self-extractor style) is tolerated', async () => {
		const zip = writeZip([{ name: 'a.txt', data: 'hello' }], { prefix: Buffer.from('MZ-stub-'.repeat(10)) });
		const archive = ZipArchive.open(zip);
		expect(text(await archive.read(archive.get('a.txt')!))).toBe('hello');
	});

	test('bogus local header offsets', async () => {
		const beyond = writeZip([{ name: 'a.xml', data: 'abc', localOffset: 0x7ffffff0 }]);
		expectCode(await readError(ZipArchive.open(beyond), 'a.xml'), 'TRUNCATED');
		const inside = writeZip([
			{ name: 'a.xml', data: 'abc' },
			{ name: 'b.xml', data: 'def', localOffset: 5 },
		]);
		expectCode(await readError(ZipArchive.open(inside), 'b.xml'), 'CORRUPT');
		// Pointing into the central directory itself.
		const intoCd = writeZip([{ name: 'a.xml', data: 'abc', localOffset: 40 }]);
		expectCode(await readError(ZipArchive.open(intoCd), 'a.xml'), 'CORRUPT');
	});

	test('entry count beyond the directory, and a directory entry running past its end', () => {
		expectCode(openError(writeZip([{ name: 'a', data: 'x' }], { entryCount: 2 })), 'CORRUPT');
	});

	test('oversized declared lengths: TOO_LARGE before inflating', async () => {
		const zip = writeZip([{ name: 'a.xml', data: 'abc', uncompressedSize: 0xfffffff0 }]);
		expectCode(await readError(ZipArchive.open(zip), 'a.xml'), 'TOO_LARGE');
		expectCode(openError(good(), { maxInputBytes: 10 }), 'TOO_LARGE');
	});

	test('the total inflated budget covers all entries together', async () => {
		const zip = writeZip([
			{ name: 'a', data: 'a'.repeat(600) },
			{ name: 'b', data: 'b'.repeat(600) },
		]);
		const archive = ZipArchive.open(zip, { maxTotalInflatedBytes: 1000 });
		await archive.read(archive.get('a')!);
		expectCode(await readError(archive, 'b'), 'TOO_LARGE');
	});

	test('entry-count cap', () => {
		const many = Array.from({ length: 10_001 }, (_, i) => ({ name: `e${i}`, data: '', method: 0 as const }));
		expectCode(openError(writeZip(many)), 'TOO_LARGE');
		expect(ZipArchive.open(writeZip(many.slice(0, 10_000))).entries).toHaveLength(10_000);
		expectCode(openError(writeZip(many.slice(0, 11)), { maxEntries: 10 }), 'TOO_LARGE');
	});

	test('ZIP64 and split archives are rejected clearly', () => {
		expectCode(openError(writeZip([{ name: 'a', data: 'x', compressedSize: 0xffffffff }])), 'UNSUPPORTED');
		expect(openError(writeZip([{ name: 'a', data: 'x', compressedSize: 0xffffffff }])).message).toContain('ZIP64');
		const zip = good();
		const eocd = zip.length - 22;
		const withLocator = Buffer.concat([zip.subarray(0, eocd), Buffer.alloc(20), zip.subarray(eocd)]);
		withLocator.writeUInt32LE(0x07064b50, eocd);
		expect(openError(withLocator).message).toContain('ZIP64');
		const split = Buffer.from(zip);
		split.writeUInt16LE(1, split.length - 22 + 4);
		expectCode(openError(split), 'UNSUPPORTED');
	});

	test('encrypted entries and unknown compression methods are UNSUPPORTED', async () => {
		const zip = writeZip([
			{ name: 'enc', data: 'x', flags: 0x801 },
			{ name: 'bz2', data: 'x', method: 12 as 0 },
		]);
		const archive = ZipArchive.open(zip);
		expectCode(await readError(archive, 'enc'), 'UNSUPPORTED');
		expectCode(await readError(archive, 'bz2'), 'UNSUPPORTED');
	});

	test('CRC mismatch, damaged deflate data and stored size mismatch are CORRUPT', async () => {
		const zip = writeZip([
			{ name: 'crc', data: 'hello world', crc: 1234 },
			{ name: 'bad', data: 'hello', compressed: Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]) },
			{ name: 'stored', data: 'hello', method: 0, uncompressedSize: 4 },
		]);
		const archive = ZipArchive.open(zip);
		expectCode(await readError(archive, 'crc'), 'CORRUPT');
		expectCode(await readError(archive, 'bad'), 'CORRUPT');
		expectCode(await readError(archive, 'stored'), 'CORRUPT');
	});

	test('an entry that inflates to less than declared is CORRUPT', async () => {
		const zip = writeZip([{ name: 'short', data: 'hello', uncompressedSize: 50 }]);
		expectCode(await readError(ZipArchive.open(zip), 'short'), 'CORRUPT');
	});

	describe('zip bombs', () => {
		// 40 MB of zeros deflates to about 40 KB (ratio ~1000:1).
		const zeros = new Uint8Array(40 * 1024 * 1024);
		const compressed = deflateRaw(zeros);

		test('a declared size above the per-entry limit is refused before inflating', async () => {
			const zip = writeZip([{ name: 'bomb', data: zeros, compressed, crc: 0, uncompressedSize: zeros.length }]);
			expectCode(await readError(ZipArchive.open(zip), 'bomb'), 'TOO_LARGE');
		});

		test('a declared ratio above the limit is refused before inflating', async () => {
			const tenMb = new Uint8Array(10 * 1024 * 1024);
			const zip = writeZip([{ name: 'bomb', data: tenMb, compressed: deflateRaw(tenMb), crc: 0, uncompressedSize: tenMb.length }]);
			expectCode(await readError(ZipArchive.open(zip), 'bomb'), 'ZIP_BOMB');
		});

		test('an entry lying about its size stops at the declared size', async () => {
			const zip = writeZip([{ name: 'bomb', data: zeros, compressed, crc: 0, uncompressedSize: 1000 }]);
			const error = await readError(ZipArchive.open(zip), 'bomb');
			expectCode(error, 'ZIP_BOMB');
			expect(error.message).toContain('possible zip bomb');
		});

		test('inflateRaw stops reading at the cap instead of inflating everything', async () => {
			const result = await inflateRaw(compressed, 100_000, 'bomb');
			expect(result.exceeded).toBe(true);
			expect(result.bytes.length).toBe(100_000);
			const whole = await inflateRaw(deflateRaw('abc'), 3, 'ok');
			expect(whole).toMatchObject({ exceeded: false });
			expect(text(whole.bytes)).toBe('abc');
		});

		test('readOfdInvoice refuses a bomb hidden as OFD.xml', async () => {
			const zip = writeZip([{ name: 'OFD.xml', data: zeros, compressed, crc: 0, uncompressedSize: 4096 }]);
			await expect(readOfdInvoice(zip)).rejects.toMatchObject({ code: 'ZIP_BOMB' });
		});
	});

	test('duplicated names: the first entry wins', async () => {
		const archive = ZipArchive.open(
			writeZip([
				{ name: 'a.xml', data: 'first' },
				{ name: 'A.XML', data: 'upper' },
				{ name: 'a.xml', data: 'second' },
			]),
		);
		expect(archive.entries).toHaveLength(3);
		expect(text(await archive.read(archive.get('a.xml')!))).toBe('first');
		expect(text(await archive.read(archive.find('A.xml')!))).toBe('first');
		expect(text(await archive.read(archive.get('A.XML')!))).toBe('upper');
	});
});

describe('readOfdInvoice on non-invoice archives', () => {
	test('a zip without OFD.xml is NO_OFD_XML', async () => {
		await expect(readOfdInvoice(writeZip([{ name: 'readme.txt', data: 'hi' }]))).rejects.toMatchObject({
			name: 'OfdError',
			code: 'NO_OFD_XML',
		});
	});

	test('an OFD without invoice data is NO_INVOICE_DATA', async () => {
		const zip = writeZip([
			{ name: 'OFD.xml', data: '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>' },
			{ name: 'Doc_0/Document.xml', data: '<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages/></ofd:Document>' },
		]);
		await expect(readOfdInvoice(zip)).rejects.toMatchObject({ code: 'NO_INVOICE_DATA' });
	});

	test('with the attachment and tags damaged and no CustomDatas, the printed page still reads (page-text)', async () => {
		const entries = readZip(readFixture('ofd', SUWELL)).map((e: { name: string; data: Buffer }) =>
			/original_invoice|CustomTag\.xml/.test(e.name) ? { name: e.name, data: e.data, crc: 1 } : { name: e.name, data: e.data },
		);
		const withoutCustomData = entries.map((e: { name: string; data: Buffer; crc?: number }) =>
			e.name === 'OFD.xml' ? { ...e, data: Buffer.from(text(e.data).replace(/<ofd:CustomDatas>.*<\/ofd:CustomDatas>/s, '')) } : e,
		);
		const invoice = await readOfdInvoice(writeZip(withoutCustomData));
		expect(invoice.OfdSource).toBe('page-text');
		expect(invoice.InvoiceNumber).toBe('83089647');
		expect(invoice.TaxInclusiveTotalAmount).toBe('526.00');
	});

	test('bytes that are not a Uint8Array are refused', async () => {
		await expect(readOfdInvoice('not bytes' as unknown as Uint8Array)).rejects.toMatchObject({ code: 'NOT_A_ZIP' });
	});

	test('a damaged original_invoice.xml falls back to the next source', async () => {
		const entries = readZip(readFixture('ofd', SUWELL)).map((e: { name: string; data: Buffer }) =>
			e.name.endsWith('original_invoice.xml') ? { name: e.name, data: e.data, crc: 1 } : { name: e.name, data: e.data },
		);
		const invoice = await readOfdInvoice(writeZip(entries));
		expect(invoice.OfdSource).toBe('custom-tags');
		expect(invoice.InvoiceNumber).toBe('83089647');
		expect(invoice.TaxInclusiveTotalAmount).toBe('526.00');
	});

	test('when every source is damaged the first damage is reported', async () => {
		// The page text is a source too (page-text): damage the page as well.
		const entries = readZip(readFixture('ofd', SUWELL)).map((e: { name: string; data: Buffer }) =>
			/original_invoice|CustomTag\.xml|Page_0\/Content\.xml/.test(e.name) ? { name: e.name, data: e.data, crc: 1 } : { name: e.name, data: e.data },
		);
		const withoutCustomData = entries.map((e: { name: string; data: Buffer; crc?: number }) =>
			e.name === 'OFD.xml' ? { ...e, data: Buffer.from(text(e.data).replace(/<ofd:CustomDatas>.*<\/ofd:CustomDatas>/s, '')) } : e,
		);
		await expect(readOfdInvoice(writeZip(withoutCustomData))).rejects.toMatchObject({ code: 'CORRUPT' });
	});
});
