import { base64Length, imageSize, kindFromName, sniffFile, zipListsOfdXml } from '../../../nodes/core/run/files';
import { checkFile, checkLocalFile, checkUrlName } from '../../../nodes/core/providers/fileChecks';
import { APIS, type LimitedApi } from '../../../nodes/core/providers/apis';
import { listFixtures, readFixture } from '../../support/files';

// ---- small synthetic files, built byte by byte -------------------------------------------------

function png(width: number, height: number, extra = 0): Buffer {
	const b = Buffer.alloc(33 + extra);
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
	b.writeUInt32BE(13, 8);
	b.write('IHDR', 12, 'latin1');
	b.writeUInt32BE(width, 16);
	b.writeUInt32BE(height, 20);
	b[24] = 8;
	b[25] = 2;
	return b;
}

/** SOI, an APP0 segment, a DQT-like segment, fill bytes, then SOFn with the size. */
function jpeg(width: number, height: number, sof = 0xc0, extra = 0): Buffer {
	const parts = [
		Buffer.from([0xff, 0xd8]),
		Buffer.from([0xff, 0xe0, 0x00, 0x10]),
		Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'),
		Buffer.from([0xff, 0xdb, 0x00, 0x04, 0x00, 0x00]),
		Buffer.from([0xff, 0xc4, 0x00, 0x04, 0x00, 0x00]), // DHT is not a frame
		Buffer.from([0xff, 0xff]), // fill byte before the next marker
		Buffer.from([sof, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03]),
		Buffer.alloc(9 + extra),
		Buffer.from([0xff, 0xd9]),
	];
	return Buffer.concat(parts);
}

function bmp(width: number, height: number, dib = 40): Buffer {
	const b = Buffer.alloc(14 + dib + 4);
	b.write('BM', 0, 'latin1');
	b.writeUInt32LE(b.length, 2);
	b.writeUInt32LE(14 + dib, 10);
	b.writeUInt32LE(dib, 14);
	if (dib === 12) {
		b.writeUInt16LE(width, 18);
		b.writeUInt16LE(height, 20);
	} else {
		b.writeInt32LE(width, 18);
		b.writeInt32LE(height, 22);
	}
	return b;
}

function gif(width: number, height: number): Buffer {
	const b = Buffer.alloc(20);
	b.write('GIF89a', 0, 'latin1');
	b.writeUInt16LE(width, 6);
	b.writeUInt16LE(height, 8);
	return b;
}

/** A stored (uncompressed) ZIP with the given entries, with a correct central directory. */
function zip(names: string[]): Buffer {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const name of names) {
		const nameBytes = Buffer.from(name, 'utf8');
		const data = Buffer.from('<x/>');
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(nameBytes.length, 26);
		locals.push(local, nameBytes, data);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(nameBytes.length, 28);
		central.writeUInt32LE(offset, 42);
		centrals.push(central, nameBytes);
		offset += 30 + nameBytes.length + data.length;
	}
	const cd = Buffer.concat(centrals);
	const eocd = Buffer.alloc(22);
	eocd.writeUInt32LE(0x06054b50, 0);
	eocd.writeUInt16LE(names.length, 8);
	eocd.writeUInt16LE(names.length, 10);
	eocd.writeUInt32LE(cd.length, 12);
	eocd.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, cd, eocd]);
}

// ---- sniffing ---------------------------------------------------------------------------------

describe('sniffFile on real samples', () => {
	test('the PNG invoice screenshot: kind and size as `file` reports them (980 x 575)', () => {
		const info = sniffFile(readFixture('images', 'guanshuicheng_invoice_vat-e-common.png'));
		expect(info).toMatchObject({ kind: 'png', mimeType: 'image/png', width: 980, height: 575 });
	});

	test('the JPEG paper invoice photo: SOF0 after APP0 and DQT segments (911 x 534)', () => {
		const info = sniffFile(readFixture('images', 'guanshuicheng_invoice_vat-special-paper.jpg'));
		expect(info).toMatchObject({ kind: 'jpeg', mimeType: 'image/jpeg', width: 911, height: 534 });
	});

	test.each(listFixtures('ofd').filter((n: string) => n.endsWith('.ofd')))('%s is an OFD', (name: string) => {
		const bytes = readFixture('ofd', name);
		expect(sniffFile(bytes).kind).toBe('ofd');
		expect(zipListsOfdXml(bytes)).toBe(true);
	});

	test('the real samples pass the Tencent VAT limits; the OFD samples are sent to the OFD node', () => {
		expect(checkFile(readFixture('images', 'guanshuicheng_invoice_vat-e-common.png'), 'VatInvoiceOCR').problem).toBeUndefined();
		expect(
			checkFile(readFixture('images', 'guanshuicheng_invoice_vat-special-paper.jpg'), 'QiniuVatInvoiceOCR').problem,
		).toBeUndefined();
		const ofd = readFixture('ofd', 'ofdrw_converter_1_vat-e-common-suwell-2020.ofd');
		expect(checkFile(ofd, 'VerifyOfdVatInvoiceOCR').problem).toBeUndefined();
		const refused = checkFile(ofd, 'VatInvoiceOCR').problem;
		expect(refused?.code).toBe('OfdNotSupported');
		expect(refused?.hint).toMatch(/OFD Invoice OCR node/);
	});
});

describe('sniffFile on synthetic headers', () => {
	test.each([
		['PNG', png(1200, 800), 'png', 1200, 800],
		['JPEG baseline', jpeg(640, 480), 'jpeg', 640, 480],
		['JPEG progressive (SOF2)', jpeg(3000, 2000, 0xc2), 'jpeg', 3000, 2000],
		['BMP (BITMAPINFOHEADER)', bmp(300, 200), 'bmp', 300, 200],
		['BMP top-down (negative height)', bmp(300, -200), 'bmp', 300, 200],
		['BMP (BITMAPCOREHEADER)', bmp(64, 32, 12), 'bmp', 64, 32],
		['BMP (V5 header)', bmp(1024, 768, 124), 'bmp', 1024, 768],
		['GIF', gif(100, 50), 'gif', 100, 50],
	])('%s', (_label, bytes, kind, width, height) => {
		expect(sniffFile(bytes)).toMatchObject({ kind, width, height, size: bytes.length });
		expect(imageSize(bytes)).toEqual({ width, height });
	});

	test('PDF, also with a few bytes before %PDF-', () => {
		expect(sniffFile(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj')).kind).toBe('pdf');
		expect(sniffFile(Buffer.concat([Buffer.alloc(20, 0x20), Buffer.from('%PDF-1.4\n')])).kind).toBe('pdf');
		expect(sniffFile(Buffer.from('%PDF-1.7')).mimeType).toBe('application/pdf');
	});

	test('WEBP, TIFF (both byte orders), unknown', () => {
		const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]);
		expect(sniffFile(webp).kind).toBe('webp');
		expect(sniffFile(Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0])).kind).toBe('tiff');
		expect(sniffFile(Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8])).kind).toBe('tiff');
		expect(sniffFile(Buffer.from('hello, world')).kind).toBe('unknown');
		expect(sniffFile(Buffer.alloc(0))).toMatchObject({ kind: 'unknown', size: 0 });
	});

	test('XML: a declaration (after a BOM or white space) or the 数电 EInvoice root; other markup stays unknown', () => {
		expect(sniffFile(Buffer.from('<?xml version="1.0"?><anything/>'))).toMatchObject({ kind: 'xml', mimeType: 'application/xml' });
		expect(sniffFile(Buffer.from('\ufeff\n  <?xml version="1.0"?><a/>')).kind).toBe('xml');
		expect(sniffFile(Buffer.from('<EInvoice><Header/></EInvoice>')).kind).toBe('xml');
		expect(sniffFile(Buffer.from('<html><body>404</body></html>')).kind).toBe('unknown');
		expect(sniffFile(Buffer.from('<!DOCTYPE html><html/>')).kind).toBe('unknown');
		// An XML declaration inside a PDF does not make it XML.
		expect(sniffFile(Buffer.from('%PDF-1.7\n<?xml version="1.0"?>')).kind).toBe('pdf');
		// The local OFD engine lets XML through to the reader, which says what it is.
		expect(checkLocalFile(sniffFile(Buffer.from('<?xml version="1.0"?><a/>')))).toBeUndefined();
	});

	test('a ZIP is an OFD only when its central directory lists OFD.xml', () => {
		expect(sniffFile(zip(['OFD.xml', 'Doc_0/Document.xml'])).kind).toBe('ofd');
		expect(sniffFile(zip(['Doc_0/Document.xml', 'OFD.xml'])).kind).toBe('ofd');
		expect(sniffFile(zip(['word/document.xml', '[Content_Types].xml'])).kind).toBe('zip');
		// A name that merely contains OFD.xml deeper down is not the root entry file.
		expect(sniffFile(zip(['backup/OFD.xml.bak'])).kind).toBe('zip');
	});

	test('a truncated OFD (no central directory) falls back to a scan for the name', () => {
		const whole = zip(['OFD.xml', 'Doc_0/Document.xml']);
		expect(sniffFile(whole.subarray(0, 60)).kind).toBe('ofd');
	});

	test('a JPEG without a frame header has no size', () => {
		const noFrame = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xda, 0x00, 0x02]);
		const info = sniffFile(noFrame);
		expect(info.kind).toBe('jpeg');
		expect(info.width).toBeUndefined();
	});
});

describe('names and sizes', () => {
	test('kindFromName reads the extension of a name or a URL path', () => {
		expect(kindFromName('https://x.example/a/invoice.OFD?sig=1#p')).toBe('ofd');
		expect(kindFromName('scan.jpg')).toBe('jpeg');
		expect(kindFromName('logo.gif')).toBe('gif');
		expect(kindFromName('https://x.example/download?id=3')).toBeUndefined();
	});

	test('base64Length is 4 * ceil(n / 3)', () => {
		for (let n = 0; n < 50; n++) expect(base64Length(n)).toBe(Buffer.alloc(n).toString('base64').length);
	});
});

// ---- limits -----------------------------------------------------------------------------------

describe('provider limits', () => {
	const tencent: LimitedApi[] = ['VatInvoiceOCR', 'RecognizeGeneralInvoice'];

	test.each(tencent)('%s: PNG/JPEG/BMP/PDF accepted; OFD, GIF, WEBP, TIFF, ZIP, unknown refused', (api) => {
		for (const bytes of [png(800, 600), jpeg(800, 600), bmp(800, 600), Buffer.from('%PDF-1.7\n')]) {
			expect(checkFile(bytes, api).problem).toBeUndefined();
		}
		expect(checkFile(zip(['OFD.xml']), api).problem?.code).toBe('OfdNotSupported');
		for (const bytes of [
			gif(800, 600),
			Buffer.from('RIFF\0\0\0\0WEBPVP8 '),
			Buffer.from([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]),
			zip(['a.txt']),
			Buffer.from('text'),
		]) {
			const problem = checkFile(bytes, api).problem;
			expect(problem?.code).toBe('UnsupportedFileType');
			expect(problem?.message).toMatch(/accepts PNG, JPEG, BMP, PDF only/);
			expect(problem?.retryable).toBe(false);
		}
	});

	test.each(tencent)('%s: each side between 20 and 10000 pixels', (api) => {
		expect(checkFile(png(20, 20), api).problem).toBeUndefined();
		expect(checkFile(png(10000, 10000), api).problem).toBeUndefined();
		expect(checkFile(png(19, 500), api).problem?.code).toBe('ImageTooSmall');
		expect(checkFile(jpeg(500, 19), api).problem?.code).toBe('ImageTooSmall');
		const big = checkFile(bmp(10001, 500), api).problem;
		expect(big?.code).toBe('ImageTooLarge');
		expect(big?.message).toMatch(/10001x500 pixels; .* between 20 and 10000 pixels/);
		expect(big?.hint).toMatch(/at most 10000 pixels/);
	});

	test('Qiniu: each side between 256 and 2048 pixels', () => {
		expect(checkFile(png(256, 256), 'QiniuVatInvoiceOCR').problem).toBeUndefined();
		expect(checkFile(jpeg(2048, 2048), 'QiniuVatInvoiceOCR').problem).toBeUndefined();
		expect(checkFile(png(255, 1000), 'QiniuVatInvoiceOCR').problem?.code).toBe('ImageTooSmall');
		const big = checkFile(jpeg(4032, 3024), 'QiniuVatInvoiceOCR').problem;
		expect(big?.code).toBe('ImageTooLarge');
		expect(big?.hint).toMatch(/at most 2048 pixels/);
		expect(checkFile(zip(['OFD.xml']), 'QiniuVatInvoiceOCR').problem?.code).toBe('OfdNotSupported');
		expect(checkFile(gif(500, 500), 'QiniuVatInvoiceOCR').problem?.code).toBe('UnsupportedFileType');
	});

	test('size limits count the base64 text: 7 MB for Tencent, 8 MB for Qiniu', () => {
		const MIB = 1024 * 1024;
		const maxTencentRaw = (7 * MIB * 3) / 4; // exactly 7 MiB of base64
		const fits = png(800, 600, maxTencentRaw - 33);
		expect(base64Length(fits.length)).toBe(7 * MIB);
		expect(checkFile(fits, 'VatInvoiceOCR').problem).toBeUndefined();
		const over = png(800, 600, maxTencentRaw - 33 + 1);
		const problem = checkFile(over, 'VatInvoiceOCR').problem;
		expect(problem?.code).toBe('FileTooLarge');
		expect(problem?.message).toMatch(/at most 7 MB after base64 encoding, which is about 5\.3 MB of file/);
		expect(checkFile(over, 'QiniuVatInvoiceOCR').problem).toBeUndefined();
		const overQiniu = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(6 * MIB + 10)]);
		const q = checkFile(overQiniu, 'QiniuVatInvoiceOCR').problem;
		expect(q?.code).toBe('FileTooLarge');
		expect(q?.message).toMatch(/at most 8 MB after base64/);
		expect(q?.hint).toMatch(/PDF/);
	});

	test('VerifyOfdVatInvoiceOCR: OFD only, 7 MB after base64', () => {
		expect(APIS.VerifyOfdVatInvoiceOCR.files?.kinds).toEqual(['ofd']);
		const notOfd = checkFile(Buffer.from('%PDF-1.7'), 'VerifyOfdVatInvoiceOCR').problem;
		expect(notOfd?.code).toBe('NotOfd');
		expect(notOfd?.hint).toMatch(/VAT Invoice OCR node/);
		expect(checkFile(zip(['x.xml']), 'VerifyOfdVatInvoiceOCR').problem?.code).toBe('NotOfd');
	});

	test('an empty file is refused before anything else', () => {
		const problem = checkFile(Buffer.alloc(0), 'VatInvoiceOCR').problem;
		expect(problem?.code).toBe('EmptyFile');
		expect(problem?.message).toMatch(/empty/);
	});

	test('URL names: .ofd and .gif refused at once, other names left to the provider', () => {
		expect(checkUrlName('https://a.example/x.ofd', 'VatInvoiceOCR')?.code).toBe('OfdNotSupported');
		expect(checkUrlName('https://a.example/x.gif', 'QiniuVatInvoiceOCR')?.code).toBe('UnsupportedFileType');
		expect(checkUrlName('https://a.example/x.pdf', 'VatInvoiceOCR')).toBeUndefined();
		expect(checkUrlName('https://a.example/file?id=1', 'VatInvoiceOCR')).toBeUndefined();
		expect(checkUrlName('https://a.example/x.pdf', 'VerifyOfdVatInvoiceOCR')?.code).toBe('NotOfd');
		expect(checkUrlName('https://a.example/x.ofd', 'VerifyOfdVatInvoiceOCR')).toBeUndefined();
	});
});

describe('the local OFD engine takes', () => {
	test('OFD files, and ZIP or unknown files (the reader then says exactly what is wrong)', () => {
		for (const name of listFixtures('ofd').filter((f) => f.endsWith('.ofd'))) {
			expect(checkLocalFile(sniffFile(readFixture('ofd', name)))).toBeUndefined();
		}
		expect(checkLocalFile(sniffFile(Buffer.from('PK\u0003\u0004 not really a zip')))).toBeUndefined();
		expect(checkLocalFile(sniffFile(Buffer.from('hello')))).toBeUndefined();
	});

	test('images and PDF files are refused with a pointer to VAT Invoice OCR; empty files too', () => {
		const png = checkLocalFile(sniffFile(readFixture('images', 'guanshuicheng_invoice_vat-e-common.png')));
		expect(png).toMatchObject({ code: 'NotOfd' });
		expect(png?.hint).toMatch(/VAT Invoice OCR/);
		expect(checkLocalFile(sniffFile(Buffer.from('%PDF-1.7\n')))).toMatchObject({ code: 'NotOfd' });
		expect(checkLocalFile(sniffFile(Buffer.alloc(0)))).toMatchObject({ code: 'EmptyFile' });
	});
});
