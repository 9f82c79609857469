import { LocalReadError } from '../../../nodes/core/read/common/localReadError';
import type { LocalInvoice } from '../../../nodes/core/read/common/local';
import { readOfdInvoice } from '../../../nodes/core/read/ofd';
import { mergeCopies, readInvoiceBundle, readInvoiceFile } from '../../../nodes/core/read/index';
import { einvoiceBytes, SYNTHETIC } from '../../helpers/einvoiceXml';
import { readFixture } from '../../support/files';
import { PdfBuilder, onePage, simpleFont } from '../../support/pdfBuilder';
import { writeZip } from '../../support/zip';

const SHUDIAN_OFD = 'ofdrw_converter_20240531141733_shudian-full-digital-2024.ofd';
const OLD_OFD = 'easyofd_zengzhishui-dianzi-zhuanpiao5_vat-e-special-2022.ofd';
const FAKE_PDF = new TextEncoder().encode('%PDF-1.7\n% synthetic, not a real PDF\n');

async function rejection(promise: Promise<unknown>): Promise<LocalReadError> {
	try {
		await promise;
	} catch (error) {
		const e = error as LocalReadError;
		expect(typeof e.code).toBe('string');
		expect(e.message.length).toBeGreaterThan(10);
		expect(e.description.length).toBeGreaterThan(10);
		return e;
	}
	throw new Error('expected a rejection');
}

/** A fake PDF reader: one invoice with the given number, as a PDF reader would give it. */
function pdfReader(number: string) {
	const calls: Uint8Array[] = [];
	const read = async (bytes: Uint8Array): Promise<LocalInvoice[]> => {
		calls.push(bytes);
		const xml = (await readInvoiceFile(einvoiceBytes({ number })))[0];
		return [{ ...xml, FileFormat: 'pdf', Note: 'from the fake PDF reader' }];
	};
	return { read, calls };
}

describe('readInvoiceFile: single files', () => {
	test('数电 XML → one invoice, FileFormat xml, no EntryName', async () => {
		const invoices = await readInvoiceFile(einvoiceBytes());
		expect(invoices).toHaveLength(1);
		expect(invoices[0]).toMatchObject({ FileFormat: 'xml', InvoiceNumber: SYNTHETIC.number });
		expect(invoices[0].EntryName).toBeUndefined();
		expect(invoices[0].AlsoIn).toBeUndefined();
	});

	test('OFD → the OFD reader, FileFormat ofd, every OFD field kept', async () => {
		const bytes = readFixture('ofd', OLD_OFD);
		const direct = await readOfdInvoice(bytes);
		const invoices = await readInvoiceFile(bytes);
		expect(invoices).toEqual([{ ...direct, FileFormat: 'ofd' }]);
	});

	test('PDF: the built-in reader by default (a damaged PDF → its Malformed error); a given reader → its invoices, FileFormat pdf', async () => {
		expect((await rejection(readInvoiceFile(FAKE_PDF))).code).toBe('Malformed');
		const fake = pdfReader('99000000000000000555');
		const invoices = await readInvoiceFile(FAKE_PDF, { readPdf: fake.read });
		expect(fake.calls).toHaveLength(1);
		expect(fake.calls[0]).toBe(FAKE_PDF);
		expect(invoices).toHaveLength(1);
		expect(invoices[0]).toMatchObject({ FileFormat: 'pdf', InvoiceNumber: '99000000000000000555' });
	});

	test("the PDF reader's own error (NoTextLayer) passes through", async () => {
		const scan = Object.assign(new Error('The PDF has no text layer'), { code: 'NoTextLayer', description: 'Use OCR for scans.' });
		const error = await rejection(readInvoiceFile(FAKE_PDF, { readPdf: async () => Promise.reject(scan) }));
		expect(error).toBe(scan);
	});

	test('a UTF-16 XML (BOM, no ASCII declaration to sniff) still reaches the XML reader', async () => {
		const text = '\ufeff' + new TextDecoder().decode(einvoiceBytes()).replace('encoding="utf-8"', 'encoding="utf-16"');
		const utf16 = new Uint8Array(text.length * 2);
		for (let i = 0; i < text.length; i++) {
			utf16[2 * i] = text.charCodeAt(i) & 0xff;
			utf16[2 * i + 1] = text.charCodeAt(i) >> 8;
		}
		const [invoice] = await readInvoiceFile(utf16);
		expect(invoice).toMatchObject({ FileFormat: 'xml', InvoiceNumber: SYNTHETIC.number });
		expect(invoice.Seller.Name).toBe(SYNTHETIC.sellerName);
	});

	test('images → NeedsCloudProvider naming Tencent Cloud and Qiniu', async () => {
		for (const file of ['guanshuicheng_invoice_vat-e-common.png', 'guanshuicheng_invoice_vat-special-paper.jpg']) {
			const error = await rejection(readInvoiceFile(readFixture('images', file)));
			expect(error.code).toBe('NeedsCloudProvider');
			expect(error.description).toMatch(/Tencent Cloud/);
			expect(error.description).toMatch(/Qiniu/);
		}
	});

	test('empty → EmptyFile; random bytes → UnsupportedFile; other markup → NotAnEInvoiceXml', async () => {
		expect((await rejection(readInvoiceFile(new Uint8Array(0)))).code).toBe('EmptyFile');
		expect((await rejection(readInvoiceFile(new TextEncoder().encode('hello, world')))).code).toBe('UnsupportedFile');
		const html = await rejection(readInvoiceFile(new TextEncoder().encode('<html><body>Not found</body></html>')));
		expect(html.code).toBe('NotAnEInvoiceXml');
		expect(html.message).toContain('<html>');
		const other = await rejection(readInvoiceFile(new TextEncoder().encode('<?xml version="1.0"?><xbrl/>')));
		expect(other.code).toBe('NotAnEInvoiceXml');
		expect((await rejection(readInvoiceFile('text' as unknown as Uint8Array))).code).toBe('UnsupportedFile');
	});
});

describe('readInvoiceFile: ZIP bundles', () => {
	test('the platform bundle: the same invoice as XML, OFD and PDF → one result from the XML, the others in AlsoIn', async () => {
		const ofdBytes = readFixture('ofd', SHUDIAN_OFD);
		const ofd = await readOfdInvoice(ofdBytes);
		expect(ofd.InvoiceNumber).toMatch(/^\d{20}$/);
		const fake = pdfReader(ofd.InvoiceNumber);
		const bundle = writeZip([
			{ name: 'dzfp_a.pdf', data: FAKE_PDF },
			{ name: 'dzfp_a.ofd', data: ofdBytes },
			{ name: 'dzfp_a.xml', data: einvoiceBytes({ number: ofd.InvoiceNumber }) },
		]);
		const invoices = await readInvoiceFile(bundle, { readPdf: fake.read });
		expect(invoices).toHaveLength(1);
		expect(invoices[0]).toMatchObject({ FileFormat: 'xml', EntryName: 'dzfp_a.xml', InvoiceNumber: ofd.InvoiceNumber });
		expect(invoices[0].AlsoIn).toEqual([
			{ EntryName: 'dzfp_a.pdf', FileFormat: 'pdf' },
			{ EntryName: 'dzfp_a.ofd', FileFormat: 'ofd' },
		]);
		// Without the XML the OFD wins over the PDF.
		const noXml = writeZip([
			{ name: 'b.pdf', data: FAKE_PDF },
			{ name: 'b.ofd', data: ofdBytes },
		]);
		const [fromOfd] = await readInvoiceFile(noXml, { readPdf: pdfReader(ofd.InvoiceNumber).read });
		expect(fromOfd).toMatchObject({ FileFormat: 'ofd', EntryName: 'b.ofd', AlsoIn: [{ EntryName: 'b.pdf', FileFormat: 'pdf' }] });
	});

	test('different invoices in different formats: one result each, with its entry name', async () => {
		const bundle = writeZip([
			{ name: 'old/invoice.ofd', data: readFixture('ofd', OLD_OFD) },
			{ name: 'new/invoice.xml', data: einvoiceBytes() },
		]);
		const invoices = await readInvoiceFile(bundle);
		expect(invoices.map((invoice) => [invoice.EntryName, invoice.FileFormat, invoice.InvoiceNumber])).toEqual([
			['old/invoice.ofd', 'ofd', '00008006'],
			['new/invoice.xml', 'xml', SYNTHETIC.number],
		]);
		expect(invoices.every((invoice) => invoice.AlsoIn === undefined)).toBe(true);
	});

	test('two copies of one invoice → one; different invoices stay apart, in entry order', async () => {
		const bundle = writeZip([
			{ name: 'one.xml', data: einvoiceBytes({ number: '99000000000000000011' }) },
			{ name: 'two.xml', data: einvoiceBytes({ number: '99000000000000000022' }) },
			{ name: 'copy/one.xml', data: einvoiceBytes({ number: '99000000000000000011' }) },
		]);
		const invoices = await readInvoiceFile(bundle);
		expect(invoices.map((invoice) => [invoice.EntryName, invoice.InvoiceNumber])).toEqual([
			['one.xml', '99000000000000000011'],
			['two.xml', '99000000000000000022'],
		]);
		expect(invoices[0].AlsoIn).toEqual([{ EntryName: 'copy/one.xml', FileFormat: 'xml' }]);
		expect(invoices[1].AlsoIn).toBeUndefined();
	});

	test('a nested ZIP is read one level down; its entries are named through it', async () => {
		const inner = writeZip([{ name: 'in.xml', data: einvoiceBytes({ number: '99000000000000000033' }) }]);
		const innermost = writeZip([{ name: 'deep.xml', data: einvoiceBytes({ number: '99000000000000000044' }) }]);
		const middle = writeZip([{ name: 'deeper.zip', data: innermost }]);
		const bundle = writeZip([
			{ name: 'inner.zip', data: inner },
			{ name: 'middle.zip', data: middle },
		]);
		const result = await readInvoiceBundle(bundle);
		expect(result.invoices.map((invoice) => invoice.EntryName)).toEqual(['inner.zip/in.xml']);
		expect(result.problems).toEqual([
			expect.objectContaining({ EntryName: 'middle.zip/deeper.zip', code: 'UnsupportedFile' }),
		]);
	});

	test('images, text and Mac junk are skipped; a bad XML entry is a problem, not a failure', async () => {
		const bundle = writeZip([
			{ name: '__MACOSX/._a.xml', data: 'junk' },
			{ name: 'scan.png', data: readFixture('images', 'guanshuicheng_invoice_vat-e-common.png') },
			{ name: 'readme.txt', data: 'hello' },
			{ name: 'other.xml', data: '<?xml version="1.0"?><config/>' },
			{ name: 'a.xml', data: einvoiceBytes() },
		]);
		const result = await readInvoiceBundle(bundle);
		expect(result.invoices).toHaveLength(1);
		expect(result.skipped).toEqual(['__MACOSX/._a.xml', 'scan.png', 'readme.txt']);
		expect(result.problems).toEqual([expect.objectContaining({ EntryName: 'other.xml', code: 'NotAnEInvoiceXml' })]);
	});

	test('no invoice in the bundle: one damaged PDF → its own code; a mix of failures → NoInvoiceInZip', async () => {
		const pdfOnly = writeZip([{ name: 'a.pdf', data: FAKE_PDF }]);
		const pdfError = await rejection(readInvoiceFile(pdfOnly));
		expect(pdfError.code).toBe('Malformed');
		expect(pdfError.message).toContain('a.pdf');
		const mixed = writeZip([
			{ name: 'scan.jpg', data: readFixture('images', 'guanshuicheng_invoice_vat-special-paper.jpg') },
			{ name: 'a.pdf', data: FAKE_PDF },
			{ name: 'b.xml', data: '<x/>' },
		]);
		const error = await rejection(readInvoiceFile(mixed));
		expect(error.code).toBe('NoInvoiceInZip');
		expect(error.message).toContain('"a.pdf" (Malformed)');
		expect(error.message).toContain('"b.xml" (NotAnEInvoiceXml)');
		expect(error.message).toContain('scan.jpg');
		expect((await rejection(readInvoiceFile(writeZip([{ name: 'a.txt', data: 'x' }])))).code).toBe('NoInvoiceInZip');
	});

	test('limits: file count, total inflated bytes, zip bomb, damaged archive', async () => {
		const three = writeZip([1, 2, 3].map((n) => ({ name: `${n}.xml`, data: einvoiceBytes({ number: `9900000000000000010${n}` }) })));
		expect(await readInvoiceFile(three)).toHaveLength(3);
		expect((await rejection(readInvoiceFile(three, { maxBundleFiles: 2 }))).code).toBe('TOO_LARGE');
		expect((await rejection(readInvoiceFile(three, { limits: { maxTotalInflatedBytes: 5000 } }))).code).toBe('TOO_LARGE');
		const bomb = writeZip([
			{ name: 'a.xml', data: einvoiceBytes() },
			{ name: 'bomb.xml', data: Buffer.alloc(4 * 1024 * 1024, 0x20) },
		]);
		expect((await rejection(readInvoiceFile(bomb, { limits: { maxCompressionRatio: 50 } }))).code).toBe('ZIP_BOMB');
		const truncated = three.subarray(0, three.length - 30);
		const damaged = await rejection(readInvoiceFile(truncated));
		expect(damaged).toBeInstanceOf(LocalReadError);
		expect(['TRUNCATED', 'CORRUPT', 'NOT_A_ZIP']).toContain(damaged.code);
	});
});

describe('mergeCopies', () => {
	const base = (number: string, format: LocalInvoice['FileFormat'], entry: string, code = ''): LocalInvoice => ({
		...({} as LocalInvoice),
		InvoiceCode: code,
		InvoiceNumber: number,
		FileFormat: format,
		EntryName: entry,
	});

	test('the code is part of the key; invoices without a number are all kept; ties keep the first', () => {
		const out = mergeCopies([
			base('1', 'pdf', 'a', 'C1'),
			base('1', 'pdf', 'b', 'C2'),
			base('', 'xml', 'c'),
			base('', 'xml', 'd'),
			base('2', 'ofd', 'e'),
			base('2', 'ofd', 'f'),
		]);
		expect(out.map((invoice) => invoice.EntryName)).toEqual(['a', 'b', 'c', 'd', 'e']);
		expect(out[4].AlsoIn).toEqual([{ EntryName: 'f', FileFormat: 'ofd' }]);
	});
});

describe('PDF e-invoices with the built-in reader', () => {
	/** A one-page PDF whose page shows the scan of a paper invoice (a JPEG image XObject) and no text. */
	function scannedPdf(): Uint8Array {
		const jpeg = readFixture('images', 'guanshuicheng_invoice_vat-special-paper.jpg');
		const b = new PdfBuilder();
		const image = b.add('<< /Type /XObject /Subtype /Image /Width 100 /Height 60 /BitsPerComponent 8 /ColorSpace /DeviceRGB /Filter /DCTDecode >>', jpeg);
		onePage(b, 'q 600 0 0 400 0 0 cm /Im1 Do Q', { xobjects: { Im1: image } });
		return b.build().bytes;
	}

	test('a scanned PDF (an image and no text) rejects with NoTextLayer and says to use a cloud provider: never a guessed invoice', async () => {
		const error = await rejection(readInvoiceFile(scannedPdf()));
		expect(error.code).toBe('NoTextLayer');
		expect(error.description).toMatch(/VAT Invoice OCR node and a cloud provider/);
	});

	test('a PDF with text but no invoice printed in it rejects with NoInvoiceData', async () => {
		const b = new PdfBuilder();
		const font = simpleFont(b);
		onePage(b, 'BT /F1 12 Tf 50 300 Td (Monthly statement for your account, page 1 of 1) Tj ET', { fonts: { F1: font } });
		const error = await rejection(readInvoiceFile(b.build().bytes));
		expect(error.code).toBe('NoInvoiceData');
	});
});
