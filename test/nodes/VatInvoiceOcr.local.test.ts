import {
	type IDataObject,
	type IHttpRequestOptions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { QiniuApi } from '../../credentials/QiniuApi.credentials';
import { TencentCloudApi } from '../../credentials/TencentCloudApi.credentials';
import { readOfdInvoice } from '../../nodes/core/read/ofd';
import { normalizeInvoice } from '../../nodes/core/invoice/normalize';
import { VatInvoiceOcr } from '../../nodes/VatInvoiceOcr/VatInvoiceOcr.node';
import { einvoiceBytes, SYNTHETIC } from '../helpers/einvoiceXml';
import { invoicePdfFromOfd, scannedPdf } from '../helpers/invoicePdf';
import { binaryItem, runNode, withHttpRequest, type HarnessResult, type HttpResponse, type ParamValue } from '../helpers/nodeHarness';
import { outputOf } from '../helpers/outcomes';
import { startFileServer } from '../support/fileServer';
import { readFixture, readJsonFixture } from '../support/files';
import { writeZip } from '../support/zip';

// VAT Invoice OCR reading e-invoice files itself: Provider Local, and Read E-Invoice Files Locally First
// with a cloud provider (the default). The PDFs are made from licensed sample OFDs (test/helpers/invoicePdf.ts),
// so each one's expected invoice is what the OFD reader reads from its OFD.

const SUWELL = 'ofdrw_converter_1_vat-e-common-suwell-2020.ofd';
const SHUDIAN = 'ofdrw_converter_20240531141733_shudian-full-digital-2024.ofd';
const OFD = readFixture('ofd', SUWELL);
const SHUDIAN_OFD = readFixture('ofd', SHUDIAN);
const PNG = readFixture('images', 'guanshuicheng_invoice_vat-e-common.png');
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.from([0x40, 0x01, 0xf0, 0x00]), Buffer.alloc(20)]);
const TEXT = Buffer.from('Thanks, invoice attached.\n-- \nFinance team\n');
const EASYOFD = 'easyofd_zengzhishui-dianzi-zhuanpiao5_vat-e-special-2022.ofd';
const XML = Buffer.from(einvoiceBytes());
const VAT_RESPONSE = readJsonFixture('tencent', 'VatInvoiceOCR.response.json');
const QINIU_RESPONSE = readJsonFixture('providers', 'qiniu-vat-invoice-ocr.response.json');

let PDF: Buffer; // the SHUDIAN invoice as a text PDF
let OTHER_PDF: Buffer; // the EASYOFD invoice as a text PDF
let SUWELL_NUMBER: string;
let SHUDIAN_NUMBER: string;
let OTHER_NUMBER: string;
let PLATFORM_XML: Buffer; // a 数电 XML of the SHUDIAN invoice's number

beforeAll(async () => {
	PDF = await invoicePdfFromOfd(SHUDIAN_OFD);
	OTHER_PDF = await invoicePdfFromOfd(readFixture('ofd', EASYOFD));
	SUWELL_NUMBER = (await readOfdInvoice(OFD)).InvoiceNumber;
	SHUDIAN_NUMBER = (await readOfdInvoice(SHUDIAN_OFD)).InvoiceNumber;
	OTHER_NUMBER = (await readOfdInvoice(readFixture('ofd', EASYOFD))).InvoiceNumber;
	PLATFORM_XML = Buffer.from(einvoiceBytes({ number: SHUDIAN_NUMBER, eiid: SHUDIAN_NUMBER }));
});

/** The platform's download: one 数电 invoice as XML and PDF under one name. */
function platformZip(): Buffer {
	return writeZip([
		{ name: `dzfp_${SHUDIAN_NUMBER}.pdf`, data: PDF },
		{ name: `dzfp_${SHUDIAN_NUMBER}.xml`, data: PLATFORM_XML },
	]);
}

interface Sent {
	action: string;
	payload: Record<string, unknown>;
}

/** The providers: records what is sent and answers with the documented example answers. */
function fakeProviders() {
	const sent: Sent[] = [];
	const send = async (options: IHttpRequestOptions): Promise<HttpResponse> => {
		const url = new URL(options.url);
		const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
		const isTencent = url.hostname.endsWith('tencentcloudapi.com');
		const body = typeof options.body === 'string' ? options.body : Buffer.isBuffer(options.body) ? options.body.toString('utf8') : JSON.stringify(options.body);
		sent.push({ action: isTencent ? headers['x-tc-action'] : 'Qiniu', payload: JSON.parse(body) as Record<string, unknown> });
		const answer = isTencent ? VAT_RESPONSE : QINIU_RESPONSE;
		return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(answer)) };
	};
	return { send, sent };
}

const FAST = { retryDelay: 1, requestsPerSecond: 1000, maxConcurrentRequests: 10 };

async function run(
	items: INodeExecutionData[],
	parameters: Record<string, ParamValue>,
	send: (o: IHttpRequestOptions) => Promise<HttpResponse>,
	extra: { continueOnFail?: boolean; noCredentials?: boolean; onError?: 'continueErrorOutput' } = {},
): Promise<HarnessResult> {
	return await runNode(withHttpRequest(new VatInvoiceOcr()), {
		items,
		parameters: { provider: 'tencent', inputType: 'binary', binaryMode: 'named', binaryPropertyName: 'data', options: FAST, ...parameters },
		continueOnFail: extra.continueOnFail,
		onError: extra.onError,
		credentials: extra.noCredentials
			? {}
			: { tencentCloudApi: { secretId: 'AKIDtest', secretKey: 'test-secret', region: 'ap-guangzhou' }, qiniuApi: { accessKey: 'ak', secretKey: 'sk' } },
		credentialTypes: { tencentCloudApi: new TencentCloudApi(), qiniuApi: new QiniuApi() },
		send,
	});
}

/** One item holding a mail's attachments (attachment_0, attachment_1, …). */
function mail(files: Array<{ data: Buffer; fileName: string }>): INodeExecutionData {
	return binaryItem(Object.fromEntries(files.map((file, i) => [`attachment_${i}`, file])));
}

/** All Binary Properties with the node's default File Types (the harness does not fill in defaults). */
const ALL = {
	binaryMode: 'all',
	fileTypes: new VatInvoiceOcr().description.properties.find((p) => p.name === 'fileTypes')?.default as string[],
};

describe('VAT Invoice OCR, Read E-Invoice Files Locally First (the default with a cloud provider)', () => {
	test('six attachments: e-invoice PDF, OFD, the platform ZIP, a PNG scan, a GIF logo, a text file → four invoices, one provider call (the PNG)', async () => {
		const { send, sent } = fakeProviders();
		const item = mail([
			{ data: OTHER_PDF, fileName: 'invoice.pdf' },
			{ data: OFD, fileName: 'invoice.ofd' },
			{ data: platformZip(), fileName: 'platform.zip' },
			{ data: PNG, fileName: 'scan.png' },
			{ data: GIF, fileName: 'logo.gif' },
			{ data: TEXT, fileName: 'signature.txt' },
		]);
		const out = outputOf(await run([item], ALL, send));

		expect(sent.map((s) => s.action)).toEqual(['VatInvoiceOCR']);
		expect(sent[0].payload).toEqual({ ImageBase64: PNG.toString('base64') });
		expect(out.map((o) => [o.json.provider, o.json.api, o.json.fileName, o.json.binaryProperty])).toEqual([
			['local', 'LocalInvoiceReader', 'invoice.pdf', 'attachment_0'],
			['local', 'LocalInvoiceReader', 'invoice.ofd', 'attachment_1'],
			['local', 'LocalInvoiceReader', `platform.zip/dzfp_${SHUDIAN_NUMBER}.xml`, 'attachment_2'],
			['tencent', 'VatInvoiceOCR', 'scan.png', 'attachment_3'],
		]);
		expect(out.map((o) => o.json.InvoiceNumber ?? (o.json.VatInvoiceInfos ? 'from Tencent' : undefined))).toEqual([
			OTHER_NUMBER,
			SUWELL_NUMBER,
			SHUDIAN_NUMBER,
			'from Tencent', // Simplify: Tencent's fields are under their Chinese names
		]);
		expect(out.map((o) => o.json.FileFormat)).toEqual(['pdf', 'ofd', 'xml', undefined]);
		// The platform ZIP's PDF holds the same invoice: one invoice, from the XML, naming the PDF.
		expect(out[2].json.AlsoIn).toEqual([{ EntryName: `dzfp_${SHUDIAN_NUMBER}.pdf`, FileFormat: 'pdf' }]);
		expect(out.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(out.every((o) => o.json.error === undefined)).toBe(true);

		// Normalize maps every shape; the local ones with their exact sources.
		const invoices = out.map((o) => normalizeInvoice(o.json as IDataObject));
		expect(invoices.map((i) => i.source)).toEqual(['pdf-local', 'ofd-local', 'xml-local', 'tencent-vat']);
		expect(invoices[2]).toMatchObject({ invoiceNumber: SHUDIAN_NUMBER, totalAmount: Number(SYNTHETIC.total) });
		expect(new Set(invoices.map((i) => i.dedupKey)).size).toBe(4);
	});

	test('a ZIP holding one OFD twice and a PDF gives two invoices', async () => {
		const { send, sent } = fakeProviders();
		const zip = writeZip([
			{ name: 'a/invoice.ofd', data: OFD },
			{ name: 'b/copy of invoice.ofd', data: OFD },
			{ name: 'other.pdf', data: PDF },
		]);
		const out = outputOf(await run([binaryItem({ data: { data: zip, fileName: 'bundle.zip' } })], {}, send));
		expect(sent).toHaveLength(0);
		expect(out.map((o) => [o.json.InvoiceNumber, o.json.fileName, o.json.FileFormat])).toEqual([
			[SUWELL_NUMBER, 'bundle.zip/a/invoice.ofd', 'ofd'],
			[SHUDIAN_NUMBER, 'bundle.zip/other.pdf', 'pdf'],
		]);
		expect(out[0].json.AlsoIn).toEqual([{ EntryName: 'b/copy of invoice.ofd', FileFormat: 'ofd' }]);
		expect(out[0].json.mimeType).toBe('application/ofd');
	});

	test('one invoice attached as PDF, OFD and XML to one mail → one invoice, from the XML, naming the other two; other invoices untouched', async () => {
		const { send, sent } = fakeProviders();
		const item = mail([
			{ data: PDF, fileName: 'dzfp.pdf' },
			{ data: SHUDIAN_OFD, fileName: 'dzfp.ofd' },
			{ data: PLATFORM_XML, fileName: 'dzfp.xml' },
			{ data: OFD, fileName: 'other.ofd' },
		]);
		const out = outputOf(await run([item], ALL, send));
		expect(sent).toHaveLength(0);
		expect(out.map((o) => [o.json.InvoiceNumber, o.json.FileFormat, o.json.fileName])).toEqual([
			[SHUDIAN_NUMBER, 'xml', 'dzfp.xml'],
			[SUWELL_NUMBER, 'ofd', 'other.ofd'],
		]);
		expect(out[0].json.AlsoIn).toEqual([
			{ EntryName: 'dzfp.pdf', FileFormat: 'pdf' },
			{ EntryName: 'dzfp.ofd', FileFormat: 'ofd' },
		]);
		expect(out[1].json.AlsoIn).toBeUndefined();
		// Two mails with the same invoice stay two items (one per mail): copies are merged within a mail only.
		const two = outputOf(await run([mail([{ data: OFD, fileName: 'a.ofd' }]), mail([{ data: OFD, fileName: 'a.ofd' }])], ALL, send));
		expect(two.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('a ZIP entry that cannot be read and is no copy of an invoice read → its own error item beside the invoices', async () => {
		const { send } = fakeProviders();
		const zip = writeZip([
			{ name: 'good.ofd', data: OFD },
			{ name: 'broken.ofd', data: OFD.subarray(0, 200) },
			// A scanned copy of an invoice read from its XML (same name): not a problem of its own.
			{ name: 'dzfp_1.xml', data: XML },
			{ name: 'dzfp_1.pdf', data: scannedPdf() },
		]);
		const out = outputOf(await run([binaryItem({ data: { data: zip, fileName: 'two.zip' } })], {}, send, { continueOnFail: true }));
		expect(out).toHaveLength(3);
		expect(out[1].json).toMatchObject({ InvoiceNumber: SYNTHETIC.number, fileName: 'two.zip/dzfp_1.xml' });
		expect(out[1].json.AlsoIn).toBeUndefined();
		out.splice(1, 1);
		expect(out[0].json).toMatchObject({ InvoiceNumber: SUWELL_NUMBER, fileName: 'two.zip/good.ofd' });
		expect(out[1].json.error).toMatch(/^Item 0, file "two\.zip" \(binary property "data"\): "broken\.ofd" in the ZIP could not be read: /);
		expect(out[1].json.hint).toMatch(/other invoices in the ZIP were read/);
		expect(out[1].pairedItem).toEqual({ item: 0 });
	});

	test('an image inside a ZIP is not read there, and says so in an error item of its own (never dropped silently)', async () => {
		const { send, sent } = fakeProviders();
		const zip = writeZip([
			{ name: 'invoice.ofd', data: OFD },
			{ name: 'scans/receipt.JPG', data: PNG },
			{ name: 'logo.gif', data: GIF },
			{ name: 'readme.txt', data: TEXT },
		]);
		const out = outputOf(await run([binaryItem({ data: { data: zip, fileName: 'mixed.zip' } })], {}, send, { continueOnFail: true }));
		expect(sent).toHaveLength(0);
		expect(out).toHaveLength(2);
		expect(out[0].json).toMatchObject({ InvoiceNumber: SUWELL_NUMBER, fileName: 'mixed.zip/invoice.ofd' });
		expect(out[1].json).toMatchObject({ code: 'ImageInZip', fileName: 'mixed.zip' });
		expect(out[1].json.error).toMatch(/"scans\/receipt\.JPG" in the ZIP is an image \(a scan or photo\) and was not read$/);
		expect(out[1].json.hint).toMatch(/Unzip it and pass the image itself/);
	});

	test('a scanned PDF (no text layer) goes on to the provider; a text PDF is read locally', async () => {
		const { send, sent } = fakeProviders();
		const scan = scannedPdf();
		const out = outputOf(
			await run(
				[binaryItem({ data: { data: scan, fileName: 'scan.pdf' } }), binaryItem({ data: { data: PDF, fileName: 'e.pdf' } })],
				{},
				send,
			),
		);
		expect(sent).toEqual([{ action: 'VatInvoiceOCR', payload: { ImageBase64: scan.toString('base64'), IsPdf: true } }]);
		expect(out.map((o) => [o.json.provider, o.json.api, o.json.fileName])).toEqual([
			['tencent', 'VatInvoiceOCR', 'scan.pdf'],
			['local', 'LocalInvoiceReader', 'e.pdf'],
		]);
	});

	test('Qiniu too: the OFD read locally, the PNG sent to Qiniu', async () => {
		const { send, sent } = fakeProviders();
		const out = outputOf(
			await run([mail([{ data: OFD, fileName: 'a.ofd' }, { data: PNG, fileName: 'b.png' }])], { provider: 'qiniu', ...ALL }, send),
		);
		expect(sent.map((s) => s.action)).toEqual(['Qiniu']);
		expect(out.map((o) => o.json.api)).toEqual(['LocalInvoiceReader', 'QiniuVatInvoiceOCR']);
	});

	test('off: every file goes to the provider as before (an OFD is refused, a text PDF is sent)', async () => {
		const { send, sent } = fakeProviders();
		const out = outputOf(
			await run([mail([{ data: OFD, fileName: 'a.ofd' }, { data: PDF, fileName: 'b.pdf' }])], { localFirst: false, ...ALL }, send, {
				continueOnFail: true,
			}),
		);
		expect(out.map((o) => o.json.code ?? o.json.api)).toEqual(['OfdNotSupported', 'VatInvoiceOCR']);
		expect(sent).toHaveLength(1);
	});

	describe('URL input', () => {
		let server: Awaited<ReturnType<typeof startFileServer>>;
		beforeAll(async () => {
			server = await startFileServer({ files: { 'e.ofd': OFD, 'e.pdf': PDF, 'scan.png': PNG, 'download': PNG, 'bundle.zip': platformZip() } });
		});
		afterAll(async () => {
			await server.close();
		});

		test('e-invoice URLs downloaded and read locally; an image URL passed to the provider; a nameless image sent as its bytes', async () => {
			const { send, sent } = fakeProviders();
			const urls = ['e.ofd', 'e.pdf', 'bundle.zip', 'scan.png', 'download?id=7'].map((name) => `${server.url}/files/${name}`);
			const out = outputOf(
				await run(
					urls.map((link) => ({ json: { link } })),
					{ inputType: 'url', url: (_i: number, item: INodeExecutionData) => item.json.link },
					send,
				),
			);
			expect(out.map((o) => [o.json.api, o.json.sourceUrl])).toEqual([
				['LocalInvoiceReader', urls[0]],
				['LocalInvoiceReader', urls[1]],
				['LocalInvoiceReader', urls[2]],
				['VatInvoiceOCR', urls[3]],
				['VatInvoiceOCR', urls[4]],
			]);
			expect(out.slice(0, 3).map((o) => o.json.InvoiceNumber)).toEqual([SUWELL_NUMBER, SHUDIAN_NUMBER, SHUDIAN_NUMBER]);
			expect(out[2].json.fileName).toBe(`bundle.zip/dzfp_${SHUDIAN_NUMBER}.xml`);
			expect(sent.map((s) => s.payload)).toEqual(
				expect.arrayContaining([{ ImageUrl: urls[3], IsPdf: true }, { ImageBase64: PNG.toString('base64') }]),
			);
			expect(sent).toHaveLength(2);
			expect(out[4].json.mimeType).toBe('image/png');
		});
	});
});

describe('VAT Invoice OCR, Provider Local (no account)', () => {
	test('reads PDF, OFD, XML and ZIP with no credential at all; nothing is sent', async () => {
		const { send, sent } = fakeProviders();
		const item = mail([
			{ data: OTHER_PDF, fileName: 'a.pdf' },
			{ data: OFD, fileName: 'b.ofd' },
			{ data: XML, fileName: 'c.xml' },
			{ data: writeZip([{ name: 'd.ofd', data: SHUDIAN_OFD }]), fileName: 'd.zip' },
		]);
		const out = outputOf(await run([item], { provider: 'local', ...ALL }, send, { noCredentials: true }));
		expect(sent).toHaveLength(0);
		expect(out.map((o) => [o.json.provider, o.json.api, o.json.InvoiceNumber])).toEqual([
			['local', 'LocalInvoiceReader', OTHER_NUMBER],
			['local', 'LocalInvoiceReader', SUWELL_NUMBER],
			['local', 'LocalInvoiceReader', SYNTHETIC.number],
			['local', 'LocalInvoiceReader', SHUDIAN_NUMBER],
		]);
		expect(out.map((o) => o.json.requestId)).toEqual([null, null, null, null]);
	});

	test('a PNG → a clear error item that names the cloud providers; a scanned PDF likewise; nothing is sent', async () => {
		const { send, sent } = fakeProviders();
		const items = [
			binaryItem({ data: { data: PNG, fileName: 'photo.png' } }),
			binaryItem({ data: { data: scannedPdf(), fileName: 'scan.pdf' } }),
			binaryItem({ data: { data: OFD, fileName: 'ok.ofd' } }),
		];
		const out = outputOf(await run(items, { provider: 'local' }, send, { continueOnFail: true, noCredentials: true }));
		expect(sent).toHaveLength(0);
		expect(out[0].json).toMatchObject({ code: 'NeedsCloudProvider', fileName: 'photo.png' });
		expect(out[0].json.error).toBe('Item 0, file "photo.png" (binary property "data"): The file is a PNG image; an image holds no invoice data to read locally');
		expect(out[0].json.hint).toMatch(/Tencent Cloud or Qiniu/);
		expect(out[1].json).toMatchObject({ code: 'NoTextLayer' });
		expect(out[1].json.hint).toMatch(/cloud provider/);
		expect(out[2].json.InvoiceNumber).toBe(SUWELL_NUMBER);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].error).toBeUndefined();

		// On Error: Continue (using error output): n8n routes an item there only when its json holds nothing but
		// `error`, so the details move inside it; invoices are unchanged.
		const routed = outputOf(await run(items, { provider: 'local' }, send, { onError: 'continueErrorOutput', noCredentials: true }));
		expect(Object.keys(routed[0].json)).toEqual(['error']);
		expect(routed[0].json.error).toEqual({ message: out[0].json.error, ...Object.fromEntries(Object.entries(out[0].json).filter(([k]) => k !== 'error')) });
		expect(routed[2].json).toEqual(out[2].json);
	});

});
