import { randomBytes } from 'node:crypto';

import { NodeHelpers, sleep, type IDataObject, type IHttpRequestOptions, type INodeExecutionData } from 'n8n-workflow';

import { QiniuApi } from '../../credentials/QiniuApi.credentials';
import { TencentCloudApi } from '../../credentials/TencentCloudApi.credentials';
import { VatInvoiceOcr } from '../../nodes/VatInvoiceOcr/VatInvoiceOcr.node';
import { startEmulator } from '../emulator/server';
import { verifyQiniu, verifyTencent } from '../emulator/verifySignature';
import { binaryItem, runNode, type HarnessCredentials, type HarnessResult, type HttpResponse, type ParamValue } from '../helpers/nodeHarness';
import { outputOf, runExpectingError } from '../helpers/outcomes';
import { readFixture, readJsonFixture } from '../support/files';

// ---- keys, files, answers -------------------------------------------------------------------

/** Keys made up for this run: the fake providers accept them, nothing else does. */
const randomKey = (prefix = ''): string => prefix + randomBytes(16).toString('hex');
const TENCENT = { secretId: randomKey('AKID'), secretKey: randomKey() };
const WRONG_TENCENT = { secretId: TENCENT.secretId, secretKey: randomKey() };
const QINIU = { accessKey: randomKey(), secretKey: randomKey() };
const WRONG_QINIU_SECRET = randomKey();

const PNG = readFixture('images', 'guanshuicheng_invoice_vat-e-common.png');
const JPEG = readFixture('images', 'guanshuicheng_invoice_vat-special-paper.jpg');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const OFD = readFixture('ofd', 'ofdrw_converter_1_vat-e-common-suwell-2020.ofd');
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.from([0x40, 0x01, 0xf0, 0x00]), Buffer.alloc(20)]);

const VAT_RESPONSE = readJsonFixture('tencent', 'VatInvoiceOCR.response.json');
const GENERAL_RESPONSE = readJsonFixture('tencent', 'RecognizeGeneralInvoice.response.json');
const QINIU_RESPONSE = readJsonFixture('providers', 'qiniu-vat-invoice-ocr.response.json');

interface Received {
	provider: 'tencent' | 'qiniu';
	action: string;
	payload: Record<string, unknown>;
	options: IHttpRequestOptions;
}

type Reply = { status?: number; headers?: Record<string, string>; body: unknown } | Error;

function lowerHeaders(headers: IDataObject | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = String(v);
	return out;
}

function asResponse(reply: Exclude<Reply, Error>): HttpResponse {
	const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
	return {
		statusCode: reply.status ?? 200,
		headers: { 'content-type': 'application/json', ...(reply.headers ?? {}) },
		body: Buffer.from(text, 'utf8'),
	};
}

/**
 * A local stand-in for both providers: it checks every signature with the emulator's verifier (built
 * on the official SDKs), then answers what `reply` says for that request (by default the documented
 * example answers).
 */
function fakeProviders(reply?: (r: Received, n: number) => Reply | Promise<Reply>) {
	const received: Received[] = [];
	const send = async (options: IHttpRequestOptions): Promise<HttpResponse> => {
		const url = new URL(options.url);
		const headers = lowerHeaders(options.headers);
		// The credential may hand the body on as the exact bytes it signed.
		const body =
			typeof options.body === 'string'
				? options.body
				: Buffer.isBuffer(options.body)
					? options.body.toString('utf8')
					: JSON.stringify(options.body);
		const isTencent = url.hostname.endsWith('tencentcloudapi.com');
		const action = isTencent ? (headers['x-tc-action'] ?? '') : 'QiniuVatInvoiceOCR';
		const r: Received = {
			provider: isTencent ? 'tencent' : 'qiniu',
			action,
			payload: JSON.parse(body) as Record<string, unknown>,
			options,
		};
		received.push(r);
		if (isTencent) {
			const verdict = verifyTencent({
				method: options.method ?? 'GET',
				path: url.pathname + url.search,
				headers,
				body,
				secrets: { [TENCENT.secretId]: { secretKey: TENCENT.secretKey } },
			});
			if (!verdict.ok)
				return asResponse({
					body: { Response: { Error: { Code: verdict.code, Message: verdict.message }, RequestId: `auth-${received.length}` } },
				});
		} else {
			const verdict = verifyQiniu({
				method: options.method ?? 'GET',
				path: url.pathname + url.search,
				headers,
				body,
				keys: { [QINIU.accessKey]: QINIU.secretKey },
			});
			if (!verdict.ok) return asResponse({ status: 401, headers: { 'x-reqid': `qiniu-auth-${received.length}` }, body: '' });
		}
		const answer = reply ? await reply(r, received.length) : defaultReply(r);
		if (answer instanceof Error) throw answer;
		return asResponse(answer);
	};
	return { send, received };
}

function defaultReply(r: Received): Reply {
	if (r.action === 'VatInvoiceOCR') return { body: VAT_RESPONSE };
	if (r.action === 'RecognizeGeneralInvoice') return { body: GENERAL_RESPONSE };
	return { headers: { 'X-Reqid': 'qiniu-reqid-1' }, body: QINIU_RESPONSE };
}

function tencentError(code: string, requestId = 'err-req'): Reply {
	return { body: { Response: { Error: { Code: code, Message: `message of ${code}` }, RequestId: requestId } } };
}

/** The node's defaults (Provider Tencent Cloud, binary input from "data", first PDF page, simplified). */
const DEFAULT_PARAMETERS = {
	provider: 'tencent',
	inputType: 'binary',
	binaryMode: 'named',
	binaryPropertyName: 'data',
	pdfPages: 'first',
	simplify: true,
};

const FAST = { retryDelay: 1, requestsPerSecond: 1000, maxConcurrentRequests: 10 };

async function run(
	items: INodeExecutionData[],
	parameters: Record<string, ParamValue>,
	send: (o: IHttpRequestOptions) => Promise<HttpResponse>,
	extra: { continueOnFail?: boolean; tencent?: typeof TENCENT; without?: 'tencentCloudApi' | 'qiniuApi' } = {},
): Promise<HarnessResult> {
	const credentials: HarnessCredentials = {
		tencentCloudApi: { ...(extra.tencent ?? TENCENT), region: 'ap-guangzhou' },
		qiniuApi: { ...QINIU },
	};
	if (extra.without) delete credentials[extra.without];
	return await runNode(new VatInvoiceOcr(), {
		items,
		parameters: { ...DEFAULT_PARAMETERS, options: FAST, ...parameters },
		continueOnFail: extra.continueOnFail,
		credentials,
		credentialTypes: { tencentCloudApi: new TencentCloudApi(), qiniuApi: new QiniuApi() },
		send,
	});
}

// ---- the node ---------------------------------------------------------------------------------

describe('VAT Invoice OCR node', () => {
	test.each([
		['tencent', ['tencentCloudApi']],
		['tencentGeneral', ['tencentCloudApi']],
		['local', []],
		['qiniu', ['qiniuApi']],
	])('provider %s asks for exactly its credential', (provider, expected) => {
		const d = new VatInvoiceOcr().description;
		const shown = (d.credentials ?? []).filter((c) => NodeHelpers.displayParameter({ provider }, c, { typeVersion: 1 }, d));
		expect(shown.map((c) => c.name)).toEqual(expected);
	});

	test("Provider stays a parameter: the credentials' show lists do not cover all its options", () => {
		// n8n's editor moves a parameter whose every option is in some credential's `show` list into the
		// credential dialog ("Connect using") and drops it from the parameter list.
		const d = new VatInvoiceOcr().description;
		const shown = new Set((d.credentials ?? []).flatMap((c) => (c.displayOptions?.show?.provider ?? []).map(String)));
		const provider = d.properties.find((p) => p.name === 'provider');
		const values = (provider?.options as Array<{ value: string }>).map((o) => o.value);
		expect(values.filter((v) => !shown.has(v)).length).toBeGreaterThan(0);
	});

	test('a credential without a show list is the first one; both are required and name their type', () => {
		// n8n 1.x's "Create new credential" opens the form of the node's first credential for a credential
		// without `show`: a Qiniu credential tied with `hide` would get a Tencent form.
		const d = new VatInvoiceOcr().description;
		const creds = d.credentials ?? [];
		creds.forEach((c, i) => {
			if (!c.displayOptions?.show) expect(i).toBe(0);
		});
		expect(creds.map((c) => [c.name, c.required, c.displayName])).toEqual([
			['tencentCloudApi', true, 'Tencent Cloud API Credential'],
			['qiniuApi', true, 'Qiniu API Credential'],
		]);
	});

	test.each([
		['qiniu', 'qiniuApi', 'Qiniu API'],
		['tencent', 'tencentCloudApi', 'Tencent Cloud API'],
	] as const)('provider %s without a %s credential: one clear error, nothing sent', async (provider, type, name) => {
		const { send, received } = fakeProviders();
		const error = await runExpectingError(run([binaryItem({ data: { data: PNG } })], { provider }, send, { without: type }));
		expect(error.message).toBe(`No usable ${name} credential is selected`);
		expect(error.description).toContain(`"${name} Credential"`);
		expect(error.description).toContain('Create new credential');
		expect(received).toHaveLength(0);
	});

	test('without the credential, under Continue On Fail: an error item for every file, nothing sent', async () => {
		const { send, received } = fakeProviders();
		const items = [
			binaryItem({ data: { data: PNG, fileName: 'a.png' } }),
			binaryItem({ data: { data: GIF, fileName: 'logo.gif' } }),
			binaryItem({ data: { data: JPEG, fileName: 'b.jpg' } }),
		];
		const out = outputOf(await run(items, { provider: 'qiniu' }, send, { continueOnFail: true, without: 'qiniuApi' }));
		expect(out.map((o) => [o.json.code, o.pairedItem])).toEqual([
			['NoCredential', { item: 0 }],
			['UnsupportedFileType', { item: 1 }],
			['NoCredential', { item: 2 }],
		]);
		expect(out[0].json.error).toBe('Item 0, file "a.png" (binary property "data"): no usable Qiniu API credential is selected');
		expect(received).toHaveLength(0);
	});

	test('describes itself as the contract says', () => {
		const d = new VatInvoiceOcr().description;
		expect(d.name).toBe('vatInvoiceOcr');
		expect(d.displayName).toBe('VAT Invoice OCR');
		expect(d.usableAsTool).toBe(true);
		expect(d.credentials?.map((c) => c.name)).toEqual(['tencentCloudApi', 'qiniuApi']);
		const byName = Object.fromEntries(d.properties.map((p) => [p.name, p]));
		expect(byName.provider.default).toBe('tencent');
		expect((byName.provider.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual([
			'local',
			'qiniu',
			'tencent',
			'tencentGeneral',
		]);
		expect(byName.localFirst.default).toBe(true);
		expect(byName.fileTypes.default).toEqual(['bmp', 'jpeg', 'ofd', 'pdf', 'png', 'xml', 'zip']);
		// Provider Local asks for no credential: both credentials are hidden for it.
		expect(d.credentials?.map((c) => c.displayOptions)).toEqual([
			{ hide: { provider: ['qiniu', 'local'] } },
			{ show: { provider: ['qiniu'] } },
		]);
		expect(byName.inputType.default).toBe('binary');
		expect(byName.binaryPropertyName.default).toBe('data');
		expect(byName.url).toBeDefined();
		expect(byName.simplify.default).toBe(true);
	});

	test('three attachments on one item → three results, in order, each with its own file', async () => {
		const { send, received } = fakeProviders();
		const item = binaryItem({
			attachment_0: { data: PNG, fileName: 'a.png', mimeType: 'image/png' },
			attachment_1: { data: PDF, fileName: 'b.pdf', mimeType: 'application/pdf' },
			attachment_2: { data: JPEG, fileName: 'c.jpg', mimeType: 'image/jpeg' },
		});
		const result = await run([item], { binaryPropertyName: 'attachment_0, attachment_1,attachment_2' }, send);
		const out = outputOf(result);
		expect(out).toHaveLength(3);
		expect(out.map((o) => o.json.fileName)).toEqual(['a.png', 'b.pdf', 'c.jpg']);
		expect(out.map((o) => o.json.binaryProperty)).toEqual(['attachment_0', 'attachment_1', 'attachment_2']);
		expect(out.map((o) => o.json.mimeType)).toEqual(['image/png', 'application/pdf', 'image/jpeg']);
		expect(out.every((o) => JSON.stringify(o.pairedItem) === JSON.stringify({ item: 0 }))).toBe(true);
		// Each output keeps the file it came from, and only that one.
		expect(out.map((o) => Object.keys(o.binary ?? {}))).toEqual([['attachment_0'], ['attachment_1'], ['attachment_2']]);
		// The requests: the bytes in base64, IsPdf only for the PDF.
		const byFile = new Map(received.map((r) => [r.payload.ImageBase64, r.payload]));
		expect(byFile.get(PNG.toString('base64'))).toEqual({ ImageBase64: PNG.toString('base64') });
		expect(byFile.get(PDF.toString('base64'))).toEqual({ ImageBase64: PDF.toString('base64'), IsPdf: true });
		expect(byFile.get(JPEG.toString('base64'))).toEqual({ ImageBase64: JPEG.toString('base64') });
		expect(received.every((r) => r.action === 'VatInvoiceOCR' && r.options.headers?.['X-TC-Version'] === '2018-11-19')).toBe(
			true,
		);
		// Simplified output: metadata, then VatInvoiceInfos as Name → Value, Items unchanged.
		const first = out[0].json;
		expect(first).toMatchObject({
			provider: 'tencent',
			api: 'VatInvoiceOCR',
			sourceUrl: null,
			page: 1,
			pageCount: 1,
			requestId: '3132733e-deea-4883-ac4e-c7d11ce01445',
		});
		expect((first.VatInvoiceInfos as IDataObject)['发票号码']).toBe('No63591128');
		expect(first.Items).toEqual(VAT_RESPONSE.Response.Items);
	});

	test('All Binary Properties with a file-type filter skips the GIF logo of a mail', async () => {
		const { send, received } = fakeProviders();
		const item = binaryItem({
			attachment_0: { data: GIF, fileName: 'logo.gif' },
			attachment_1: { data: PDF, fileName: 'invoice.pdf' },
			attachment_2: { data: PNG, fileName: 'scan.png' },
		});
		const out = outputOf(await run([item], { binaryMode: 'all', fileTypes: ['pdf', 'png', 'jpeg', 'bmp'] }, send));
		expect(out.map((o) => o.json.binaryProperty)).toEqual(['attachment_1', 'attachment_2']);
		expect(received).toHaveLength(2);
	});

	test('All Binary Properties when no file matches: an error that says what the item has', async () => {
		const { send, received } = fakeProviders();
		const item = binaryItem({ logo: { data: GIF, fileName: 'logo.gif' } });
		const out = outputOf(await run([item], { binaryMode: 'all', fileTypes: ['pdf'] }, send, { continueOnFail: true }));
		expect(out).toHaveLength(1);
		expect(out[0].json.error).toMatch(/None of the item's binary properties is a PDF file: "logo" \(GIF\)/);
		expect(received).toHaveLength(0);
	});

	test('URL mode, Read Locally First off: ImageUrl, IsPdf (the content is unknown), sourceUrl and a file name from the URL', async () => {
		const { send, received } = fakeProviders();
		const items: INodeExecutionData[] = [
			{ json: { link: 'https://files.example.com/in/2024/invoice-7.pdf?sig=abc' } },
			{ json: { link: 'https://files.example.com/x.jpg' } },
		];
		const out = outputOf(
			await run(items, { inputType: 'url', localFirst: false, url: (_i: number, item: INodeExecutionData) => item.json.link }, send),
		);
		expect(received.map((r) => r.payload)).toEqual(
			expect.arrayContaining([
				{ ImageUrl: 'https://files.example.com/in/2024/invoice-7.pdf?sig=abc', IsPdf: true },
				{ ImageUrl: 'https://files.example.com/x.jpg', IsPdf: true },
			]),
		);
		expect(out.map((o) => o.json.sourceUrl)).toEqual([
			'https://files.example.com/in/2024/invoice-7.pdf?sig=abc',
			'https://files.example.com/x.jpg',
		]);
		expect(out.map((o) => o.json.fileName)).toEqual(['invoice-7.pdf', 'x.jpg']);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out.every((o) => o.binary === undefined)).toBe(true);
	});

	test('Read Locally First off: a URL naming an OFD file is refused with a pointer to local reading', async () => {
		const { send, received } = fakeProviders();
		const error = await runExpectingError(
			run([{ json: {} }], { inputType: 'url', localFirst: false, url: 'https://files.example.com/a.ofd' }, send),
		);
		expect(error.message).toMatch(/^Item 0, URL https:\/\/files\.example\.com\/a\.ofd: The URL names an OFD document/);
		expect(error.description).toMatch(/OFD Invoice OCR node/);
		expect(received).toHaveLength(0);
	});

	test('a GIF → an error item under Continue On Fail; the other items are processed as usual', async () => {
		const { send, received } = fakeProviders();
		const items = [
			binaryItem({ data: { data: PNG, fileName: 'ok.png' } }),
			binaryItem({ data: { data: GIF, fileName: 'logo.gif' } }),
			binaryItem({ data: { data: JPEG, fileName: 'ok.jpg' } }),
		];
		const out = outputOf(await run(items, {}, send, { continueOnFail: true }));
		expect(out).toHaveLength(3);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[1].json).toMatchObject({
			code: 'UnsupportedFileType',
			fileName: 'logo.gif',
			binaryProperty: 'data',
			requestId: null,
		});
		expect(out[1].json.error).toBe(
			'Item 1, file "logo.gif" (binary property "data"): The file is a GIF file; Tencent Cloud VatInvoiceOCR accepts PNG, JPEG, BMP, PDF only',
		);
		expect(out[1].json.hint).toMatch(/Convert it to PNG or JPEG/);
		expect(out[0].json.api).toBe('VatInvoiceOCR');
		expect(out[2].json.api).toBe('VatInvoiceOCR');
		expect(received).toHaveLength(2); // nothing was sent for the GIF
	});

	test('a GIF without Continue On Fail fails the node before any request', async () => {
		const { send, received } = fakeProviders();
		const items = [
			binaryItem({ data: { data: PNG, fileName: 'ok.png' } }),
			binaryItem({ data: { data: GIF, fileName: 'logo.gif' } }),
		];
		const error = await runExpectingError(run(items, {}, send));
		expect(error.message).toMatch(/^Item 1, file "logo.gif" \(binary property "data"\): The file is a GIF file/);
		expect(error.context?.itemIndex).toBe(1);
		expect(received).toHaveLength(0);
	});

	test('Read Locally First off: an OFD attachment points to local reading and the OFD Invoice OCR node', async () => {
		const { send } = fakeProviders();
		const out = outputOf(
			await run([binaryItem({ data: { data: OFD, fileName: 'e-invoice.ofd' } })], { localFirst: false }, send, { continueOnFail: true }),
		);
		expect(out[0].json.code).toBe('OfdNotSupported');
		expect(out[0].json.hint).toMatch(/OFD Invoice OCR node/);
		expect(out[0].json.hint).toMatch(/Read E-Invoice Files Locally First/);
	});

	test('a missing binary property → an error that lists the binary properties the item has', async () => {
		const { send, received } = fakeProviders();
		const item = binaryItem({ attachment_0: { data: PNG, fileName: 'a.png' }, attachment_1: { data: PDF, fileName: 'b.pdf' } });
		const error = await runExpectingError(run([item], { binaryPropertyName: 'data' }, send));
		expect(error.message).toBe(
			'Item 0, binary property "data": The item has no binary property "data"; its binary properties are "attachment_0", "attachment_1"',
		);
		expect(error.description).toMatch(/Set Input Binary Field to one of "attachment_0", "attachment_1"/);
		expect(error.description).toMatch(/All Binary Properties/);
		expect(received).toHaveLength(0);

		const out = outputOf(
			await run([item, { json: { note: 'no files' } }], { binaryPropertyName: 'data' }, send, { continueOnFail: true }),
		);
		expect(out).toHaveLength(2);
		expect(out[0].json.code).toBe('MissingBinaryProperty');
		expect(out[1].json.error).toMatch(/it has no binary data at all/);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('wrong key → AuthFailure.SignatureFailure in the message, not retried, and no secret anywhere', async () => {
		const { send, received } = fakeProviders();
		const items = [binaryItem({ data: { data: PNG, fileName: 'a.png' } })];
		const error = await runExpectingError(run(items, {}, send, { tencent: WRONG_TENCENT }));
		expect(error.message).toMatch(
			/^Item 0, file "a\.png" \(binary property "data"\): Tencent Cloud VatInvoiceOCR returned AuthFailure\.SignatureFailure: .* \(request id auth-1\)$/,
		);
		expect(error.description).toMatch(/Secret Key/);
		expect(error.description).toMatch(/Request id: auth-1/);
		expect(error.constructor.name).toBe('NodeApiError');
		expect(received).toHaveLength(1);

		const result = await run(items, {}, send, { continueOnFail: true, tencent: WRONG_TENCENT });
		const out = outputOf(result);
		expect(out[0].json).toMatchObject({
			code: 'AuthFailure.SignatureFailure',
			requestId: 'auth-2',
			provider: 'tencent',
			api: 'VatInvoiceOCR',
		});
		expect(received).toHaveLength(2);
		// The secret key is in no output, error, log line or request the node made.
		const everything = JSON.stringify([out, result.logs, result.requests, error, error.message, error.description, { ...error }]);
		expect(everything).not.toContain(WRONG_TENCENT.secretKey);
		expect(everything).not.toContain(TENCENT.secretKey);
		expect(everything).toContain('TC3-HMAC-SHA256'); // the requests were signed (with a signature, not the key)
	});

	test('throttling, HTTP 5xx and malformed JSON are retried, then the result comes out', async () => {
		const script: Reply[] = [
			tencentError('RequestLimitExceeded'),
			{ status: 502, body: '<html>Bad Gateway</html>' },
			{ body: '{"Response": {"VatInvoiceInfos": [' },
			tencentError('InternalError'),
			{ body: VAT_RESPONSE },
		];
		const { send, received } = fakeProviders((_r, n) => script[n - 1]);
		const result = await run(
			[binaryItem({ data: { data: PNG, fileName: 'a.png' } })],
			{ options: { ...FAST, retries: 4 } },
			send,
		);
		const out = outputOf(result);
		expect(received).toHaveLength(5);
		expect(out).toHaveLength(1);
		expect(out[0].json.api).toBe('VatInvoiceOCR');
		expect(out[0].json.error).toBeUndefined();
		// The throttle is re-queued on the account's limiter without spending one of the retries.
		expect(result.logs.filter((l) => l.startsWith('warn: Retrying'))).toHaveLength(3);
	});

	test('network failures and time-outs are retried', async () => {
		const script: Reply[] = [
			Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
			Object.assign(new Error('timeout of 30000ms exceeded'), { code: 'ECONNABORTED' }),
			{ body: VAT_RESPONSE },
		];
		const { send, received } = fakeProviders((_r, n) => script[n - 1]);
		const out = outputOf(await run([binaryItem({ data: { data: PNG } })], {}, send));
		expect(received).toHaveLength(3);
		expect(out[0].json.requestId).toBe('3132733e-deea-4883-ac4e-c7d11ce01445');
	});

	test('without Continue On Fail, the error reported is the one that stopped the run, not a file waiting to retry', async () => {
		// Six different files; the first is throttled once (and waits to retry), the fifth cannot be read.
		const files = Array.from({ length: 6 }, (_, i) => Buffer.concat([PNG, Buffer.from([i])]));
		const indexOf = (r: Received) => files.findIndex((f) => f.toString('base64') === r.payload.ImageBase64);
		let throttled = false;
		const { send } = fakeProviders((r) => {
			const i = indexOf(r);
			if (i === 0 && !throttled) {
				throttled = true;
				return tencentError('RequestLimitExceeded', 'throttled-0');
			}
			if (i === 4) return tencentError('FailedOperation.ImageDecodeFailed', 'broken-4');
			return { body: VAT_RESPONSE };
		});
		const error = await runExpectingError(
			run(
				files.map((data, i) => binaryItem({ data: { data, fileName: `f${i}.png` } })),
				{ options: { ...FAST, retryDelay: 2000 } },
				send,
			),
		);
		expect(error.message).toContain('Item 4');
		expect(error.message).toContain('FailedOperation.ImageDecodeFailed');
		expect(error.message).not.toContain('RequestLimitExceeded');
	});

	test('retries run out: the last error is reported with its code', async () => {
		const { send, received } = fakeProviders(() => tencentError('RequestLimitExceeded.UinLimitExceeded', 'rl'));
		const out = outputOf(
			await run([binaryItem({ data: { data: PNG } })], { options: { ...FAST, retries: 2 } }, send, { continueOnFail: true }),
		);
		// The first throttle is re-queued for free; with nothing getting through the account's limiter
		// since (no progress), the next ones spend the 2 retries: 4 requests in all, not endless.
		expect(received).toHaveLength(4);
		expect(out[0].json).toMatchObject({ code: 'RequestLimitExceeded.UinLimitExceeded', requestId: 'rl' });
		expect(out[0].json.hint).toMatch(/Requests per Second/);
	});

	test('a lost connection that never recovers fails the node with n8n-safe words and the code in the description', async () => {
		const { send } = fakeProviders(() => Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }));
		const error = await runExpectingError(
			run(
				[binaryItem({ data: { data: PNG, fileName: 'a.png' } })],
				{ options: { ...FAST, retries: 1 } },
				send,
			),
		);
		expect(error.message).toBe(
			'Item 0, file "a.png" (binary property "data"): No answer from Tencent Cloud VatInvoiceOCR: the connection was refused',
		);
		expect(error.description).toMatch(/ECONNREFUSED/);
		expect(error.constructor.name).toBe('NodeOperationError');
	});

	test('a permanent error is not retried', async () => {
		const { send, received } = fakeProviders(() => tencentError('FailedOperation.ImageBlur', 'blur-1'));
		const out = outputOf(
			await run([binaryItem({ data: { data: PNG, fileName: 'a.png' } })], { options: { ...FAST, retries: 5 } }, send, {
				continueOnFail: true,
			}),
		);
		expect(received).toHaveLength(1);
		expect(out[0].json).toMatchObject({ code: 'FailedOperation.ImageBlur', requestId: 'blur-1' });
		expect(out[0].json.hint).toMatch(/sharper/);
		expect(out[0].json.error).toMatch(
			/^Item 0, file "a\.png" \(binary property "data"\): Tencent Cloud VatInvoiceOCR returned FailedOperation\.ImageBlur/,
		);
	});

	test('output order and pairedItem follow the input whatever order the answers come in', async () => {
		const n = 8;
		const files = Array.from({ length: n }, (_, i) => Buffer.concat([PNG, Buffer.from(`#${i}`)]));
		const { send } = fakeProviders(async (r) => {
			const index = files.findIndex((f) => f.toString('base64') === r.payload.ImageBase64);
			await sleep((n - index) * 15); // the first item answers last
			return { body: { Response: { ...VAT_RESPONSE.Response, RequestId: `req-${index}` } } };
		});
		const items = files.map((data, i) => binaryItem({ data: { data, fileName: `f${i}.png` } }, { i }));
		const out = outputOf(await run(items, {}, send));
		expect(out.map((o) => o.json.requestId)).toEqual(files.map((_, i) => `req-${i}`));
		expect(out.map((o) => o.pairedItem)).toEqual(files.map((_, i) => ({ item: i })));
		expect(out.map((o) => o.json.fileName)).toEqual(files.map((_, i) => `f${i}.png`));
	});

	test('PDF, all pages: page 1 tells PdfPageSize, then one output item per page', async () => {
		const { send, received } = fakeProviders((r) => ({
			body: { Response: { ...VAT_RESPONSE.Response, PdfPageSize: 3, RequestId: `p${String(r.payload.PdfPageNumber ?? 1)}` } },
		}));
		const out = outputOf(await run([binaryItem({ data: { data: PDF, fileName: 'three.pdf' } })], { pdfPages: 'all' }, send));
		expect(out.map((o) => [o.json.page, o.json.pageCount, o.json.requestId])).toEqual([
			[1, 3, 'p1'],
			[2, 3, 'p2'],
			[3, 3, 'p3'],
		]);
		// Page 1 first (it tells the page count); pages 2 and 3 then go out concurrently, in either order.
		expect(received[0].payload.PdfPageNumber).toBeUndefined();
		expect(received.slice(1).map((r) => r.payload.PdfPageNumber).sort()).toEqual([2, 3]);
		expect(received.every((r) => r.payload.IsPdf === true)).toBe(true);
	});

	test('PDF, one given page', async () => {
		const { send, received } = fakeProviders(() => ({
			body: { Response: { ...VAT_RESPONSE.Response, PdfPageSize: 4, RequestId: 'x' } },
		}));
		const out = outputOf(await run([binaryItem({ data: { data: PDF } })], { pdfPages: 'page', pdfPageNumber: 2 }, send));
		expect(received[0].payload).toEqual({ ImageBase64: PDF.toString('base64'), IsPdf: true, PdfPageNumber: 2 });
		expect(out[0].json).toMatchObject({ page: 2, pageCount: 4 });
	});

	test('Simplify off: the Response as Tencent sent it, with the metadata', async () => {
		const { send } = fakeProviders();
		const out = outputOf(await run([binaryItem({ data: { data: PNG } })], { simplify: false }, send));
		expect(out[0].json.VatInvoiceInfos).toEqual(VAT_RESPONSE.Response.VatInvoiceInfos);
		expect(out[0].json.RequestId).toBe(VAT_RESPONSE.Response.RequestId);
		expect(out[0].json.api).toBe('VatInvoiceOCR');
	});

	test('Keep Input Binary off: no binary on the output', async () => {
		const { send } = fakeProviders();
		const out = outputOf(await run([binaryItem({ data: { data: PNG } })], { options: { ...FAST, keepBinary: false } }, send));
		expect(out[0].binary).toBeUndefined();
	});
});

describe('VAT Invoice OCR node, Tencent Cloud General Invoice', () => {
	test('one item per invoice, the SubType fields at the top level', async () => {
		const { send, received } = fakeProviders();
		const out = outputOf(
			await run([binaryItem({ data: { data: JPEG, fileName: 'special.jpg' } })], { provider: 'tencentGeneral' }, send),
		);
		expect(received[0].action).toBe('RecognizeGeneralInvoice');
		expect(received[0].payload).toEqual({ ImageBase64: JPEG.toString('base64') });
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			provider: 'tencent',
			api: 'RecognizeGeneralInvoice',
			SubType: 'VatSpecialInvoice',
			Type: 3,
			Number: '14998456',
			page: 1,
			requestId: 'c129cda9-e306-472e-817b-4e133ac5c706',
		});
		expect(Array.isArray(out[0].json.VatInvoiceItemInfos)).toBe(true);
	});

	test('all pages of a PDF in one call (EnableMultiplePage); an unreadable invoice becomes an error item', async () => {
		const ok = GENERAL_RESPONSE.Response.MixedInvoiceItems[0];
		const bad = {
			Code: 'FailedOperation.UnsupportedInvoice',
			Type: -1,
			SubType: 'OtherInvoice',
			SubTypeDescription: '其他',
			Page: 2,
			SingleInvoiceInfos: {},
		};
		const { send, received } = fakeProviders(() => ({
			body: { Response: { MixedInvoiceItems: [ok, bad], TotalPDFCount: 2, RequestId: 'g-1' } },
		}));
		const out = outputOf(
			await run(
				[binaryItem({ data: { data: PDF, fileName: 'two.pdf' } })],
				{ provider: 'tencentGeneral', pdfPages: 'all' },
				send,
				{ continueOnFail: true },
			),
		);
		expect(received).toHaveLength(1);
		expect(received[0].payload).toEqual({ ImageBase64: PDF.toString('base64'), EnablePdf: true, EnableMultiplePage: true });
		expect(out).toHaveLength(2);
		expect(out[0].json).toMatchObject({ page: 1, pageCount: 2, SubType: 'VatSpecialInvoice' });
		expect(out[1].json).toMatchObject({
			code: 'FailedOperation.UnsupportedInvoice',
			page: 2,
			requestId: 'g-1',
			fileName: 'two.pdf',
		});
		expect(out[1].json.error).toMatch(/page 2/);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});
});

describe('VAT Invoice OCR node, Tencent Cloud General Invoice, long PDFs', () => {
	test('beyond the 30 pages of EnableMultiplePage, every further page is asked for on its own', async () => {
		const ok = GENERAL_RESPONSE.Response.MixedInvoiceItems[0];
		const { send, received } = fakeProviders((r) => {
			const page = r.payload.PdfPageNumber as number | undefined;
			const pages = page === undefined ? [1, 2] : [page];
			return {
				body: {
					Response: {
						MixedInvoiceItems: pages.map((Page) => ({ ...ok, Page })),
						TotalPDFCount: 32,
						RequestId: `g-${page ?? 'multi'}`,
					},
				},
			};
		});
		const out = outputOf(await run([binaryItem({ data: { data: PDF } })], { provider: 'tencentGeneral', pdfPages: 'all' }, send));
		expect(received.map((r) => r.payload.EnableMultiplePage ?? r.payload.PdfPageNumber).sort()).toEqual([31, 32, true]);
		expect(out.map((o) => [o.json.page, o.json.requestId])).toEqual([
			[1, 'g-multi'],
			[2, 'g-multi'],
			[31, 'g-31'],
			[32, 'g-32'],
		]);
		expect(out.every((o) => o.json.pageCount === 32)).toBe(true);
	});

	test('a page number asked for an image is not sent (images have one page)', async () => {
		const { send, received } = fakeProviders();
		const out = outputOf(
			await run([binaryItem({ data: { data: PNG } })], { provider: 'tencentGeneral', pdfPages: 'page', pdfPageNumber: 3 }, send),
		);
		expect(received[0].payload).toEqual({ ImageBase64: PNG.toString('base64') });
		expect(out[0].json.page).toBe(1);
	});
});

describe('VAT Invoice OCR node, Qiniu', () => {
	test('image_base64, the license_main fields at the top level, the X-Reqid as request id', async () => {
		const { send, received } = fakeProviders();
		const out = outputOf(await run([binaryItem({ data: { data: PNG, fileName: 'a.png' } })], { provider: 'qiniu' }, send));
		expect(received[0].provider).toBe('qiniu');
		expect(received[0].options.url).toBe('https://ap-gate-z0.qiniuapi.com/ocr/vat/invoice');
		expect(received[0].payload).toEqual({ image_base64: PNG.toString('base64') });
		expect(out[0].json).toMatchObject({
			provider: 'qiniu',
			api: 'QiniuVatInvoiceOCR',
			invoice_no: '10178760',
			requestId: 'qiniu-reqid-1',
			page: 1,
		});
	});

	test('a wrong key: HTTP 401 with an empty body, reported with the X-Reqid, not retried', async () => {
		const { send, received } = fakeProviders();
		const out = (
			await runNode(new VatInvoiceOcr(), {
				items: [binaryItem({ data: { data: PNG, fileName: 'a.png' } })],
				parameters: {
					provider: 'qiniu',
					inputType: 'binary',
					binaryMode: 'named',
					binaryPropertyName: 'data',
					simplify: true,
					options: FAST,
				},
				continueOnFail: true,
				credentials: { qiniuApi: { accessKey: QINIU.accessKey, secretKey: WRONG_QINIU_SECRET } },
				credentialTypes: { qiniuApi: new QiniuApi() },
				send,
			})
		).output[0];
		expect(received).toHaveLength(1);
		expect(out[0].json).toMatchObject({ code: 'HTTP 401', requestId: 'qiniu-auth-1', httpStatus: 401 });
		expect(out[0].json.hint).toMatch(/Access Key and Secret Key/);
		expect(JSON.stringify(out)).not.toContain(WRONG_QINIU_SECRET);
	});

	test('an image larger than 2048 pixels is refused before sending, with what to do', async () => {
		const { send, received } = fakeProviders();
		const big = Buffer.from(PNG);
		big.writeUInt32BE(4000, 16); // IHDR width
		const out = outputOf(
			await run([binaryItem({ data: { data: big, fileName: 'photo.png' } })], { provider: 'qiniu' }, send, {
				continueOnFail: true,
			}),
		);
		expect(received).toHaveLength(0);
		expect(out[0].json.code).toBe('ImageTooLarge');
		expect(out[0].json.error).toMatch(/4000x575 pixels; Qiniu VAT invoice OCR needs each side to be between 256 and 2048 pixels/);
		expect(out[0].json.hint).toMatch(/at most 2048 pixels/);
	});
});

describe('VAT Invoice OCR node against the provider emulator (real HTTP, real signatures, its rate limit)', () => {
	let emulator: Awaited<ReturnType<typeof startEmulator>>;

	beforeAll(async () => {
		emulator = await startEmulator({ latency: { fixedMs: 20, jitterMs: 40 } });
	});
	afterAll(async () => {
		await emulator.close();
	});
	beforeEach(() => {
		emulator.reset();
	});

	async function runAgainstEmulator(
		items: INodeExecutionData[],
		options: IDataObject,
		secretKey?: string,
	): Promise<HarnessResult> {
		const key = emulator.keys.tencent[0];
		return await runNode(new VatInvoiceOcr(), {
			items,
			parameters: { ...DEFAULT_PARAMETERS, options },
			continueOnFail: true,
			credentials: {
				tencentCloudApi: {
					secretId: key.secretId,
					secretKey: secretKey ?? key.secretKey,
					region: 'ap-guangzhou',
					endpoint: emulator.url,
				},
			},
			credentialTypes: { tencentCloudApi: new TencentCloudApi() },
		});
	}

	test('25 files with the default options against a 10/s limit: every result, in order; a throttled request is retried', async () => {
		const files = Array.from({ length: 25 }, (_, i) => Buffer.concat([PNG, Buffer.from(`#${i}`)]));
		const result = await runAgainstEmulator(
			files.map((data, i) => binaryItem({ data: { data, fileName: `f${i}.png` } })),
			{},
		);
		const out = outputOf(result);
		expect(out.map((o) => o.json.fileName)).toEqual(files.map((_, i) => `f${i}.png`));
		expect(out.every((o) => o.json.api === 'VatInvoiceOCR' && o.json.error === undefined)).toBe(true);
		// The node keeps 10% below the limit, which absorbs ordinary jitter; the emulator runs in this
		// (busy) process, so an arrival may still come late and be throttled now and then: it must be
		// retried, never lost. The rate itself is proven with a fake clock in test/core/schedule.test.ts.
		const stats = emulator.stats().apis['tencent:VatInvoiceOCR'];
		expect(stats.requests).toBe(25 + stats.throttled);
		// Each throttle is logged; while other requests get through it is sent again without spending a retry.
		expect(result.logs.filter((l) => l.includes('Retrying') || l.startsWith('info: Throttled'))).toHaveLength(stats.throttled);
	}, 30_000);

	test('a wrong Secret Key: AuthFailure.SignatureFailure from a real signature check', async () => {
		const out = outputOf(
			await runAgainstEmulator([binaryItem({ data: { data: PNG, fileName: 'a.png' } })], { retryDelay: 1 }, randomKey()),
		);
		expect(out[0].json.code).toBe('AuthFailure.SignatureFailure');
		expect(out[0].json.error).toMatch(/AuthFailure\.SignatureFailure/);
		expect(emulator.stats().apis['tencent:VatInvoiceOCR'].requests).toBe(1);
	});

	test('injected faults (throttle, connection reset, truncated JSON, HTTP 503) are retried to a result', async () => {
		emulator.setFaults([{ kind: 'throttle' }, { kind: 'reset' }, { kind: 'malformed' }, { kind: 'http', status: 503 }]);
		const out = outputOf(
			await runAgainstEmulator([binaryItem({ data: { data: PNG, fileName: 'a.png' } })], { retryDelay: 1, retries: 5 }),
		);
		expect(out[0].json.error).toBeUndefined();
		expect(out[0].json.api).toBe('VatInvoiceOCR');
		expect(emulator.stats().apis['tencent:VatInvoiceOCR'].requests).toBe(5);
	});
});
