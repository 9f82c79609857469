import { randomBytes } from 'node:crypto';

import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INodeExecutionData,
} from 'n8n-workflow';

import { TencentCloudApi } from '../../credentials/TencentCloudApi.credentials';
import { OfdError, readOfdInvoice } from '../../nodes/core/read/ofd';
import { OfdInvoiceOcr } from '../../nodes/OfdInvoiceOcr/OfdInvoiceOcr.node';
import { startEmulator } from '../emulator/server';
import { binaryItem, runNode, withHttpRequest, type HarnessResult, type ParamValue } from '../helpers/nodeHarness';
import { outputOf, runExpectingError } from '../helpers/outcomes';
import { seededRandom } from '../helpers/random';
import { startFileServer } from '../support/fileServer';
import { listFixtures, readFixture, readJsonFixture } from '../support/files';

// ---- samples and expectations -------------------------------------------------------------------

/**
 * A few fields of every sample, as printed on the invoice (read by hand from the files, and matching the
 * OFD.xml CustomDatas / attachments that test/fixtures/ofd/EXPECTED_FIELDS.json lists).
 */
const SAMPLES: Record<
	string,
	{ code: string; number: string; exclusive: string; tax: string; inclusive: string; pages: number; source: string }
> = {
	'easyofd_zengzhishui-dianzi-zhuanpiao5_vat-e-special-2022.ofd': {
		code: '052002100113',
		number: '00008006',
		exclusive: '24519.05',
		tax: '735.57',
		inclusive: '25254.62',
		pages: 1,
		source: 'original_invoice',
	},
	'ofdrw_converter_1_vat-e-common-suwell-2020.ofd': {
		code: '033002000211',
		number: '83089647',
		exclusive: '510.68',
		tax: '15.32',
		inclusive: '526.00',
		pages: 1,
		source: 'original_invoice',
	},
	'ofdrw_converter_20240531141733_shudian-full-digital-2024.ofd': {
		code: '',
		number: '24112000000048542163',
		exclusive: '4197.17',
		tax: '251.83',
		inclusive: '4449.00',
		pages: 1,
		source: 'custom-tags',
	},
	'ofdrw_converter_999_vat-e-common-multipage-huhuang-2020.ofd': {
		code: '050001700111',
		number: '12235358',
		exclusive: '10000.00',
		tax: '600.00',
		inclusive: '10600.00',
		pages: 5,
		source: 'original_invoice',
	},
	'ofdrw_converter_SignScaleError_vat-e-common-nuonuo-xbrl-2022.ofd': {
		code: '033002200211',
		number: '99934328',
		exclusive: '9.91',
		tax: '1.29',
		inclusive: '11.20',
		pages: 1,
		source: 'xbrl',
	},
	'ofdrw_converter_draw_param_ref_vat-e-common-baiwang-test-2020.ofd': {
		code: '011002680026',
		number: '71500013',
		exclusive: '9709.00',
		tax: '291.00',
		inclusive: '10000.00',
		pages: 5,
		source: 'original_invoice',
	},
	'ofdrw_layout_no_page_container_vat-e-common-taxexempt-2020.ofd': {
		code: '031001900511',
		number: '04875996',
		exclusive: '57.00',
		tax: '***',
		inclusive: '57.00',
		pages: 1,
		source: 'original_invoice',
	},
	'ofdrw_ofdrw_csfapiao1_hubei-wuhan-metro-MASKED_vat-e-common.ofd': {
		code: '000000000000',
		number: '00000000',
		exclusive: '11.92',
		tax: '1.08',
		inclusive: '13.00',
		pages: 1,
		source: 'page-text',
	},
};

const SAMPLE_NAMES = Object.keys(SAMPLES);
const sample = (name: string): Buffer => readFixture('ofd', name);
const SUWELL = 'ofdrw_converter_1_vat-e-common-suwell-2020.ofd';
const MULTIPAGE = 'ofdrw_converter_999_vat-e-common-multipage-huhuang-2020.ofd';
const PNG = readFixture('images', 'guanshuicheng_invoice_vat-e-common.png');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const VERIFY_RESPONSE = readJsonFixture('tencent', 'VerifyOfdVatInvoiceOCR.response.json') as { Response: IDataObject };

const META_KEYS = ['provider', 'api', 'fileName', 'mimeType', 'binaryProperty', 'sourceUrl', 'page', 'pageCount', 'requestId'];

const FAST = { retryDelay: 1, requestsPerSecond: 1000, maxConcurrentRequests: 10 };

// ---- running the node ---------------------------------------------------------------------------

interface RunExtra {
	continueOnFail?: boolean;
	tencent?: ICredentialDataDecryptedObject;
}

async function run(
	items: INodeExecutionData[],
	parameters: Record<string, ParamValue>,
	extra: RunExtra = {},
): Promise<HarnessResult> {
	return await runNode(withHttpRequest(new OfdInvoiceOcr()), {
		items,
		parameters: {
			engine: 'local',
			inputType: 'binary',
			binaryMode: 'named',
			binaryPropertyName: 'data',
			options: FAST,
			...parameters,
		},
		continueOnFail: extra.continueOnFail,
		credentials: extra.tencent ? { tencentCloudApi: extra.tencent } : {},
		credentialTypes: { tencentCloudApi: new TencentCloudApi() },
	});
}

/** The OfdError the reader itself gives for these bytes (the oracle for the node's error item). */
async function readerError(bytes: Uint8Array): Promise<OfdError> {
	const error = await readOfdInvoice(bytes).then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(OfdError);
	return error as OfdError;
}

/** Every text the thrown error carries that n8n may show or log. */
function errorTexts(error: Error & { description?: string; context?: IDataObject }): string {
	const e = error as unknown as IDataObject;
	return [
		error.message,
		error.description,
		error.stack,
		JSON.stringify(error.context ?? {}),
		JSON.stringify(e.messages ?? []),
	].join('\n');
}

// ---- the node -----------------------------------------------------------------------------------

describe('OFD Invoice OCR node: description', () => {
	test('describes itself as the contract says', () => {
		const d = new OfdInvoiceOcr().description;
		expect(d.name).toBe('ofdInvoiceOcr');
		expect(d.displayName).toBe('OFD Invoice OCR');
		expect(d.usableAsTool).toBe(true);
		expect(d.icon).toEqual({ light: 'file:ofdInvoiceOcr.svg', dark: 'file:ofdInvoiceOcr.dark.svg' });
		expect(d.subtitle).toMatch(/\$parameter\["engine"\]/);
		expect(d.credentials).toEqual([
			{ name: 'tencentCloudApi', displayName: 'Tencent Cloud API Credential', required: true, displayOptions: { show: { engine: ['tencent'] } } },
		]);
		const byName = Object.fromEntries(d.properties.map((p) => [p.name, p]));
		expect(byName.engine.default).toBe('local');
		expect((byName.engine.options as Array<{ value: string; description: string }>).map((o) => o.value)).toEqual([
			'local',
			'tencent',
		]);
		expect((byName.engine.options as Array<{ value: string; description: string }>)[0].description).toBe(
			'Read the invoice data inside the OFD file — no account, no network, free',
		);
		expect(byName.inputType.default).toBe('binary');
		expect(byName.binaryPropertyName.default).toBe('data');
		expect(byName.binaryMode).toBeDefined();
		expect(byName.fileTypes.default).toEqual(['ofd']);
		expect(byName.url).toBeDefined();
		// Tencent-only parameters are hidden for the local engine.
		for (const name of ['ofdPages', 'ofdPageNumber', 'simplify'])
			expect(byName[name].displayOptions?.show?.engine).toEqual(['tencent']);
	});
});

describe('OFD Invoice OCR node, local engine', () => {
	test('every sample: the invoice number and totals, the OFD-only fields and the metadata', async () => {
		expect(listFixtures('ofd').filter((f: string) => f.endsWith('.ofd'))).toEqual([...SAMPLE_NAMES].sort());
		const items = SAMPLE_NAMES.map((name) =>
			binaryItem({ data: { data: sample(name), fileName: name, mimeType: 'application/octet-stream' } }),
		);
		const result = await run(items, {});
		const out = outputOf(result);
		expect(result.requests).toHaveLength(0); // no authenticated request, no credential needed
		expect(out).toHaveLength(SAMPLE_NAMES.length);
		out.forEach((o, i) => {
			const name = SAMPLE_NAMES[i];
			const want = SAMPLES[name];
			expect(o.pairedItem).toEqual({ item: i });
			expect(Object.keys(o.json).slice(0, META_KEYS.length)).toEqual(META_KEYS);
			expect(o.json).toMatchObject({
				provider: 'local',
				api: 'LocalOfdReader',
				fileName: name,
				mimeType: 'application/ofd',
				binaryProperty: 'data',
				sourceUrl: null,
				page: 1,
				pageCount: want.pages,
				requestId: null,
				InvoiceCode: want.code,
				InvoiceNumber: want.number,
				TaxExclusiveTotalAmount: want.exclusive,
				TaxTotalAmount: want.tax,
				TaxInclusiveTotalAmount: want.inclusive,
				PageCount: want.pages,
				OfdSource: want.source,
			});
			expect(o.json.error).toBeUndefined();
			expect(typeof o.json.TaxInclusiveTotalAmountInWords).toBe('string');
			expect(o.json).toHaveProperty('QrCode');
			expect((o.json.Buyer as IDataObject).Name).toEqual(expect.any(String));
			expect(Array.isArray(o.json.GoodsInfos)).toBe(true);
			expect(Object.keys(o.binary ?? {})).toEqual(['data']);
		});
		// Two spot checks of the printed words and the QR payload.
		expect(out[1].json.TaxInclusiveTotalAmountInWords).toBe('伍佰贰拾陆圆整');
		expect(out[1].json.QrCode).toBe('01,10,033002000211,83089647,510.68,20200723,16197833567414507415,0941,');
	});

	test('three OFD attachments on one item (All Binary Properties) → three results in order; the PNG logo is skipped', async () => {
		const names = [SUWELL, MULTIPAGE, SAMPLE_NAMES[0]];
		const item = binaryItem({
			attachment_0: { data: sample(names[0]), fileName: 'a.ofd' },
			attachment_1: { data: PNG, fileName: 'logo.png', mimeType: 'image/png' },
			attachment_2: { data: sample(names[1]), fileName: 'b.ofd' },
			attachment_3: { data: sample(names[2]), fileName: 'c.ofd' },
		});
		const other = binaryItem({ data: { data: sample(SUWELL), fileName: 'd.ofd' } });
		const out = outputOf(await run([item, other], { binaryMode: 'all', fileTypes: ['ofd'] }));
		expect(out).toHaveLength(4);
		expect(out.map((o) => o.json.binaryProperty)).toEqual(['attachment_0', 'attachment_2', 'attachment_3', 'data']);
		expect(out.map((o) => o.json.fileName)).toEqual(['a.ofd', 'b.ofd', 'c.ofd', 'd.ofd']);
		expect(out.map((o) => o.json.InvoiceNumber)).toEqual([...names, SUWELL].map((n) => SAMPLES[n].number));
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }, { item: 1 }]);
		// Each output keeps the file it was read from, and only that one.
		expect(out.map((o) => Object.keys(o.binary ?? {}))).toEqual([['attachment_0'], ['attachment_2'], ['attachment_3'], ['data']]);
	});

	test('a PNG → an error item that points to VAT Invoice OCR; a PDF fails the node without Continue On Fail', async () => {
		const items = [
			binaryItem({ data: { data: sample(SUWELL), fileName: 'ok.ofd' } }),
			binaryItem({ data: { data: PNG, fileName: 'scan.png', mimeType: 'image/png' } }),
		];
		const out = outputOf(await run(items, {}, { continueOnFail: true }));
		expect(out).toHaveLength(2);
		expect(out[0].json.InvoiceNumber).toBe(SAMPLES[SUWELL].number);
		expect(out[1].pairedItem).toEqual({ item: 1 });
		expect(out[1].json).toMatchObject({ code: 'NotOfd', fileName: 'scan.png', binaryProperty: 'data', requestId: null });
		expect(out[1].json.error).toBe(
			'Item 1, file "scan.png" (binary property "data"): The file is a PNG image, not an OFD document; the OFD Invoice OCR node reads OFD e-invoices only',
		);
		expect(out[1].json.hint).toMatch(/VAT Invoice OCR node/);

		const error = await runExpectingError(run([binaryItem({ data: { data: PDF, fileName: 'invoice.pdf' } })], {}));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'Item 0, file "invoice.pdf" (binary property "data"): The file is a PDF file, not an OFD document; the OFD Invoice OCR node reads OFD e-invoices only',
		);
		expect(error.description).toMatch(/VAT Invoice OCR node/);
	});

	test("a truncated OFD → an error item with the reader's message and advice; the other items are read as usual", async () => {
		const whole = sample(SUWELL);
		const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
		const oracle = await readerError(cut);
		const items = [
			binaryItem({ data: { data: whole, fileName: 'a.ofd' } }),
			binaryItem({ data: { data: cut, fileName: 'cut.ofd' } }),
			binaryItem({ data: { data: sample(MULTIPAGE), fileName: 'c.ofd' } }),
		];
		const out = outputOf(await run(items, {}, { continueOnFail: true }));
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json.InvoiceNumber).toBe(SAMPLES[SUWELL].number);
		expect(out[2].json.InvoiceNumber).toBe(SAMPLES[MULTIPAGE].number);
		expect(out[1].json.error).toBe(`Item 1, file "cut.ofd" (binary property "data"): ${oracle.message}`);
		expect(out[1].json.hint).toBe(oracle.description);
		expect(out[1].json.code).toBe(oracle.code);
		expect(oracle.message).toMatch(/cut off/);

		const error = await runExpectingError(run(items, {}));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`Item 1, file "cut.ofd" (binary property "data"): ${oracle.message}`);
		expect(error.description).toBe(oracle.description);
		expect(error.context?.itemIndex).toBe(1);
	});

	test("a ZIP that is not an OFD document and an empty file get the reader's and the checker's words", async () => {
		const zipWithoutOfd = Buffer.concat([Buffer.from('504b0506', 'hex'), Buffer.alloc(18)]); // an empty ZIP archive
		const oracle = await readerError(zipWithoutOfd);
		const out = outputOf(
			await run(
				[
					binaryItem({ data: { data: zipWithoutOfd, fileName: 'x.zip' } }),
					binaryItem({ data: { data: Buffer.alloc(0), fileName: 'e.ofd' } }),
				],
				{},
				{ continueOnFail: true },
			),
		);
		expect(out[0].json.error).toBe(`Item 0, file "x.zip" (binary property "data"): ${oracle.message}`);
		expect(out[1].json.code).toBe('EmptyFile');
	});

	test("an exception while reading one item's parameters fails that item only", async () => {
		const items = [0, 1, 2].map((i) => binaryItem({ data: { data: sample(SUWELL), fileName: `f${i}.ofd` } }));
		const binaryPropertyName = (i: number): string => {
			if (i === 1) throw new Error('the expression failed for this item');
			return 'data';
		};
		const out = outputOf(await run(items, { binaryPropertyName }, { continueOnFail: true }));
		expect(out).toHaveLength(3);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[1].json.error).toBe('Item 1: the expression failed for this item');
		expect(out[0].json.InvoiceNumber).toBe(SAMPLES[SUWELL].number);
		expect(out[2].json.InvoiceNumber).toBe(SAMPLES[SUWELL].number);

		const error = await runExpectingError(run(items, { binaryPropertyName }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Item 1: the expression failed for this item');
	});
});

describe('OFD Invoice OCR node, local engine, URL input', () => {
	let server: Awaited<ReturnType<typeof startFileServer>>;

	beforeAll(async () => {
		server = await startFileServer({
			files: { 'a.ofd': sample(SUWELL), 'disguised.ofd': PNG, 'big.ofd': Buffer.alloc(300 * 1024) },
		});
	});
	afterAll(async () => {
		await server.close();
	});

	test('downloads the file itself: result, error items for 404, 503 (retried), a PNG behind an .ofd name, a URL naming a PDF', async () => {
		const urls = [
			`${server.url}/files/a.ofd?token=secret-token`,
			`${server.url}/files/missing.ofd`,
			`${server.url}/status/503`,
			`${server.url}/files/disguised.ofd`,
			`${server.url}/files/invoice.pdf`,
		];
		const items = urls.map((link) => ({ json: { link } }));
		const result = await run(
			items,
			{ inputType: 'url', url: (_i: number, item: INodeExecutionData) => item.json.link, options: { ...FAST, retries: 2 } },
			{ continueOnFail: true },
		);
		const out = outputOf(result);
		expect(out.map((o) => o.pairedItem)).toEqual(urls.map((_, i) => ({ item: i })));
		expect(out[0].json).toMatchObject({
			provider: 'local',
			api: 'LocalOfdReader',
			fileName: 'a.ofd',
			mimeType: 'application/ofd',
			binaryProperty: null,
			sourceUrl: urls[0],
			page: 1,
			pageCount: 1,
			requestId: null,
			InvoiceNumber: SAMPLES[SUWELL].number,
			TaxInclusiveTotalAmount: SAMPLES[SUWELL].inclusive,
		});
		expect(out[0].binary).toBeUndefined();

		expect(out[1].json).toMatchObject({ code: 'HTTP 404', httpStatus: 404, sourceUrl: urls[1] });
		expect(out[1].json.error).toBe(`Item 1, URL ${urls[1]}: The download failed: the server answered HTTP 404 Not Found`);
		expect(out[1].json.hint).toMatch(/HTTP Request node/);

		expect(out[2].json).toMatchObject({ code: 'HTTP 503', httpStatus: 503 });
		expect(out[3].json).toMatchObject({ code: 'NotOfd' });
		expect(out[3].json.hint).toMatch(/VAT Invoice OCR node/);
		expect(out[4].json).toMatchObject({ code: 'NotOfd' });
		expect(out[4].json.error).toMatch(/^Item 4, URL .*invoice\.pdf: The URL names a PDF file, not an OFD document/);

		const hits = (path: string) => server.requests.filter((r) => r.path.startsWith(path)).length;
		expect(hits('/files/missing.ofd')).toBe(1); // a 404 is not retried
		expect(hits('/status/503')).toBe(3); // a 503 is, twice
		expect(hits('/files/invoice.pdf')).toBe(0); // refused by its name, never downloaded
		expect(result.requests).toHaveLength(0);
	});

	test('bounded: a download stops at Max Download Size (declared or streamed), a stalled one at the Timeout', async () => {
		const urls = [`${server.url}/endless`, `${server.url}/stall/a.ofd`, `${server.url}/files/big.ofd`];
		const out = outputOf(
			await run(
				urls.map((link) => ({ json: { link } })),
				{
					inputType: 'url',
					url: (_i: number, item: INodeExecutionData) => item.json.link,
					options: { ...FAST, retries: 1, timeout: 400, maxDownloadSize: 0.25 },
				},
				{ continueOnFail: true },
			),
		);
		expect(out).toHaveLength(3);
		expect(out[0].json.code).toBe('DownloadTooLarge');
		expect(out[0].json.error).toBe(`Item 0, URL ${urls[0]}: The file at the URL is larger than the 256 KB the node downloads`);
		expect(out[0].json.hint).toMatch(/Max Download Size/);
		expect(out[1].json.code).toBe('Timeout');
		expect(out[1].json.error).toBe(`Item 1, URL ${urls[1]}: The download did not finish within 400 ms`);
		expect(out[2].json.code).toBe('DownloadTooLarge');
		expect(out[2].json.error).toBe(
			`Item 2, URL ${urls[2]}: The file at the URL is 300 KB, more than the 256 KB the node downloads`,
		);
	}, 20_000);
});

describe('OFD Invoice OCR node, Tencent Cloud engine, against the provider emulator', () => {
	let emulator: Awaited<ReturnType<typeof startEmulator>>;
	const key = () => emulator.keys.tencent[0];
	const credentials = (secretKey?: string): ICredentialDataDecryptedObject => ({
		secretId: key().secretId,
		secretKey: secretKey ?? key().secretKey,
		region: 'ap-guangzhou',
		endpoint: emulator.url,
	});

	beforeAll(async () => {
		emulator = await startEmulator({ latency: { fixedMs: 5, jitterMs: 10 } });
	});
	afterAll(async () => {
		await emulator.close();
	});
	beforeEach(() => {
		emulator.reset();
	});

	test('a signed request with OfdFileBase64; the documented example answer, flattened with the metadata', async () => {
		const bytes = sample(SUWELL);
		const result = await run(
			[binaryItem({ data: { data: bytes, fileName: 'e-invoice.ofd' } })],
			{ engine: 'tencent' },
			{ tencent: credentials() },
		);
		const out = outputOf(result);

		expect(result.requests).toHaveLength(1);
		const signed = result.requests[0].signed;
		const headers = signed.headers as IDataObject;
		expect(headers.Authorization).toMatch(
			new RegExp(`^TC3-HMAC-SHA256 Credential=${key().secretId}/\\d{4}-\\d{2}-\\d{2}/ocr/tc3_request, SignedHeaders=`),
		);
		expect(headers['X-TC-Action']).toBe('VerifyOfdVatInvoiceOCR');
		expect(JSON.parse(String(signed.body))).toEqual({ OfdFileBase64: bytes.toString('base64') });
		const stats = emulator.stats();
		expect(stats.rejectedSignatures).toBe(0);
		expect(stats.apis['tencent:VerifyOfdVatInvoiceOCR'].requests).toBe(1);

		const { RequestId, ...fields } = VERIFY_RESPONSE.Response;
		expect(out).toHaveLength(1);
		expect(out[0].json).toEqual({
			provider: 'tencent',
			api: 'VerifyOfdVatInvoiceOCR',
			fileName: 'e-invoice.ofd',
			mimeType: 'application/ofd',
			binaryProperty: 'data',
			sourceUrl: null,
			page: 1,
			pageCount: null,
			requestId: expect.any(String),
			...fields,
		});
		expect(out[0].json.requestId).not.toBe(RequestId); // the emulator's own id for this call
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	test('Simplify off: the answer as Tencent sent it, RequestId included', async () => {
		const out = outputOf(
			await run(
				[binaryItem({ data: { data: sample(SUWELL), fileName: 'a.ofd' } })],
				{ engine: 'tencent', simplify: false },
				{ tencent: credentials() },
			),
		);
		expect(out[0].json.RequestId).toBe(out[0].json.requestId);
		expect(out[0].json.InvoiceNumber).toBe(VERIFY_RESPONSE.Response.InvoiceNumber);
	});

	test('all pages: the pages are counted from the file, one request per page', async () => {
		const result = await run(
			[binaryItem({ data: { data: sample(MULTIPAGE), fileName: 'five.ofd' } })],
			{ engine: 'tencent', ofdPages: 'all' },
			{ tencent: credentials() },
		);
		const out = outputOf(result);
		const pages = result.requests.map((r) => (JSON.parse(String(r.signed.body)) as IDataObject).OfdPageNumber).sort();
		expect(pages).toEqual([1, 2, 3, 4, 5]);
		expect(out.map((o) => [o.json.page, o.json.pageCount])).toEqual([1, 2, 3, 4, 5].map((p) => [p, 5]));
	});

	test('URL input: OfdFileUrl is sent and Tencent downloads the file itself', async () => {
		const url = emulator.putFile('invoice.ofd', sample(SUWELL));
		const result = await run([{ json: {} }], { engine: 'tencent', inputType: 'url', url }, { tencent: credentials() });
		const out = outputOf(result);
		expect(result.requests).toHaveLength(1);
		expect(JSON.parse(String(result.requests[0].signed.body))).toEqual({ OfdFileUrl: url });
		expect(out[0].json).toMatchObject({
			provider: 'tencent',
			api: 'VerifyOfdVatInvoiceOCR',
			sourceUrl: url,
			fileName: 'invoice.ofd',
			binaryProperty: null,
			InvoiceNumber: VERIFY_RESPONSE.Response.InvoiceNumber,
		});
		expect(out[0].json.error).toBeUndefined();
	});

	test('a PNG is refused before any request, with a pointer to VAT Invoice OCR', async () => {
		const result = await run(
			[binaryItem({ data: { data: PNG, fileName: 'scan.png' } })],
			{ engine: 'tencent' },
			{ tencent: credentials(), continueOnFail: true },
		);
		expect(result.requests).toHaveLength(0);
		expect(outputOf(result)[0].json.code).toBe('NotOfd');
		expect(outputOf(result)[0].json.hint).toMatch(/VAT Invoice OCR node/);
	});

	test('a wrong Secret Key: AuthFailure in the message, not retried, the key nowhere in output, error or logs', async () => {
		const wrong = randomBytes(16).toString('hex');
		const items = [binaryItem({ data: { data: sample(SUWELL), fileName: 'a.ofd' } })];

		const result = await run(items, { engine: 'tencent' }, { tencent: credentials(wrong), continueOnFail: true });
		const out = outputOf(result);
		expect(out[0].json.code).toBe('AuthFailure.SignatureFailure');
		expect(out[0].json.error).toMatch(
			/^Item 0, file "a\.ofd" \(binary property "data"\): Tencent Cloud VerifyOfdVatInvoiceOCR returned AuthFailure\.SignatureFailure/,
		);
		expect(emulator.stats().apis['tencent:VerifyOfdVatInvoiceOCR'].requests).toBe(1);
		expect(JSON.stringify(out)).not.toContain(wrong);
		expect(result.logs.join('\n')).not.toContain(wrong);
		expect(JSON.stringify(result.requests.map((r) => r.signed.headers))).not.toContain(wrong);

		const error = await runExpectingError(run(items, { engine: 'tencent' }, { tencent: credentials(wrong) }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/AuthFailure\.SignatureFailure/);
		expect(errorTexts(error)).not.toContain(wrong);
	});
});

// ---- fuzz ---------------------------------------------------------------------------------------

function mutate(bytes: Buffer, rng: () => number, kind: number): Buffer {
	const int = (n: number) => Math.floor(rng() * n);
	const out = Buffer.from(bytes);
	const at = int(out.length);
	const span = 1 + int(Math.min(2048, out.length - at));
	switch (kind) {
		case 0: // flip a few bytes anywhere
			for (let k = 0, n = 1 + int(16); k < n; k++) out[int(out.length)] ^= 1 + int(255);
			return out;
		case 1: // cut off
			return out.subarray(0, int(out.length));
		case 2: // overwrite a range with noise
			for (let k = 0; k < span && at + k < out.length; k++) out[at + k] = int(256);
			return out;
		case 3: // drop a range
			return Buffer.concat([out.subarray(0, at), out.subarray(at + span)]);
		case 4: // repeat a range
			return Buffer.concat([out.subarray(0, at + span), out.subarray(at, at + span), out.subarray(at + span)]);
		case 5: // damage the central directory and its end record
			for (let k = 0, n = 1 + int(8); k < n; k++) out[out.length - 1 - int(Math.min(out.length, 400))] ^= 1 + int(255);
			return out;
		case 6: // zero a range
			out.fill(0, at, at + span);
			return out;
		default: // garbage after the end
			return Buffer.concat([out, Buffer.from(Array.from({ length: 1 + int(512) }, () => int(256)))]);
	}
}

describe('OFD Invoice OCR node, fuzzed input', () => {
	test('200 mutated samples with Continue On Fail: every item comes out, as a result or an error item, in order', async () => {
		const rng = seededRandom(0x0fd0ce);
		const files = Array.from({ length: 200 }, (_, i) => mutate(sample(SAMPLE_NAMES[i % SAMPLE_NAMES.length]), rng, i % 8));
		const items = files.map((data, i) => binaryItem({ data: { data, fileName: `fuzz-${i}.ofd` } }, { i }));
		const out = outputOf(await run(items, {}, { continueOnFail: true }));
		expect(out).toHaveLength(files.length);
		expect(out.map((o) => o.pairedItem)).toEqual(files.map((_, i) => ({ item: i })));
		const failed: number[] = [];
		out.forEach((o, i) => {
			expect(o.json.fileName).toBe(`fuzz-${i}.ofd`);
			if (o.json.error !== undefined) {
				failed.push(i);
				expect(o.json.error).toMatch(new RegExp(`^Item ${i}, file "fuzz-${i}\\.ofd" \\(binary property "data"\\): `));
				expect(typeof o.json.hint).toBe('string');
				expect(o.json.code).not.toBe('UnexpectedError');
			} else {
				expect(o.json.api).toBe('LocalOfdReader');
				expect(typeof o.json.InvoiceNumber).toBe('string');
			}
		});
		// The mutations are strong enough to break files and mild enough to leave some readable.
		expect(failed.length).toBeGreaterThan(20);
		expect(failed.length).toBeLessThan(files.length);

		// Without Continue On Fail a broken file fails the node with an n8n error, nothing else.
		for (const i of failed.slice(0, 8)) {
			const error = await runExpectingError(run([items[i]], {}));
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toMatch(/^Item 0, file "fuzz-\d+\.ofd"/);
		}
	}, 120_000);
});
