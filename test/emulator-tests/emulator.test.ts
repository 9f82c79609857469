// The provider emulator (test/emulator/server.js) checked against the providers' own SDKs: requests
// signed by tencentcloud-sdk-nodejs-common (Sign.sign3) and qiniu (util.generateAccessTokenV2) for
// the production hosts are accepted, and rejected after a one-byte change.
import { createHash } from 'node:crypto';
import * as qiniu from 'qiniu';
import Sign from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign';

import { DEMO_KEYS, startEmulator } from '../emulator/server';
import { delay, nowSeconds, rawRequest } from '../emulator/client';
import { readFixture, readJsonFixture } from '../support/files';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
type Reply = Awaited<ReturnType<typeof rawRequest>>;

const TC_HOST = 'ocr.tencentcloudapi.com';
const QINIU_HOST = 'ap-gate-z0.qiniuapi.com';
const VERSIONS: Record<string, string> = { ocr: '2018-11-19', sts: '2018-08-13', cvm: '2017-03-12' };

const png = readFixture('images', 'guanshuicheng_invoice_vat-e-common.png');
const jpeg = readFixture('images', 'guanshuicheng_invoice_vat-special-paper.jpg');
const ofd = readFixture('ofd', 'ofdrw_converter_1_vat-e-common-suwell-2020.ofd');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface TencentKey {
	secretId: string;
	secretKey: string;
	sessionToken?: string;
}

interface AdminReply {
	ok?: boolean;
	pending?: number;
	error?: string;
	total?: number;
	apis?: Record<string, { errors: Record<string, number> }>;
	faultsInjected?: Record<string, number>;
}

interface TencentCall {
	service?: string;
	version?: string | null;
	region?: string | null;
	contentType?: string;
	key?: TencentKey;
	sendToken?: boolean;
	/** changes the body after signing */
	tamper?: (body: string) => string;
	timeoutMs?: number;
}

let emu: Emulator;

/** Signs like the Node SDK does for the production host, then sends it to the emulator. */
async function tencent(action: string, payload: object, call: TencentCall = {}): Promise<Reply> {
	const service = call.service ?? 'ocr';
	const host = `${service}.tencentcloudapi.com`;
	const key: TencentKey = call.key ?? DEMO_KEYS.tencent[0];
	const timestamp = nowSeconds();
	const headers: Record<string, string> = {
		'Content-Type': call.contentType ?? 'application/json',
		Host: host,
		'X-TC-Action': action,
		'X-TC-Timestamp': String(timestamp),
	};
	const version = call.version === undefined ? VERSIONS[service] : call.version;
	if (version !== null) headers['X-TC-Version'] = version;
	const region = call.region === undefined ? 'ap-guangzhou' : call.region;
	if (region !== null) headers['X-TC-Region'] = region;
	if (key.sessionToken && call.sendToken !== false) headers['X-TC-Token'] = key.sessionToken;
	headers.Authorization = Sign.sign3({
		method: 'POST',
		url: `https://${host}/`,
		payload,
		timestamp,
		service,
		secretId: key.secretId,
		secretKey: key.secretKey,
		multipart: false,
		boundary: '',
		headers,
	});
	const body = JSON.stringify(payload);
	return rawRequest({ url: `${emu.url}/`, headers, body: call.tamper ? call.tamper(body) : body, timeoutMs: call.timeoutMs });
}

async function qiniuVat(payload: object, opts: { tamper?: (body: string) => string; timeoutMs?: number } = {}): Promise<Reply> {
	const key = DEMO_KEYS.qiniu[0];
	const body = JSON.stringify(payload);
	const mac = new qiniu.auth.digest.Mac(key.accessKey, key.secretKey);
	const token = qiniu.util.generateAccessTokenV2(mac, `https://${QINIU_HOST}/ocr/vat/invoice`, 'POST', 'application/json', body, {});
	return rawRequest({
		url: `${emu.url}/ocr/vat/invoice`,
		headers: { Host: QINIU_HOST, 'Content-Type': 'application/json', Authorization: token },
		body: opts.tamper ? opts.tamper(body) : body,
		timeoutMs: opts.timeoutMs,
	});
}

const errorCode = (r: Reply): string | undefined => r.json?.Response?.Error?.Code;
const withoutRequestId = (response: Record<string, unknown>) => {
	const copy = { ...response };
	delete copy.RequestId;
	return copy;
};

async function admin(path: string, body?: unknown): Promise<AdminReply> {
	const res = await fetch(`${emu.url}/__emulator/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
	return (await res.json()) as AdminReply;
}

beforeAll(async () => {
	emu = await startEmulator();
});

afterAll(async () => {
	await emu.close();
});

beforeEach(async () => {
	await admin('reset', {});
});

describe('signatures', () => {
	test('a Tencent request signed by the SDK is accepted and answered with the documented example', async () => {
		const r = await tencent('VatInvoiceOCR', { ImageBase64: png.toString('base64') });
		expect(r.status).toBe(200);
		expect(errorCode(r)).toBeUndefined();
		const documented = readJsonFixture('tencent', 'VatInvoiceOCR.response.json').Response;
		expect(withoutRequestId(r.json.Response)).toEqual(withoutRequestId(documented));
		expect(r.json.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
		expect(r.json.Response.RequestId).not.toBe(documented.RequestId);
		expect(r.headers['x-tc-traceid']).toBeTruthy();
	});

	test('the same request with one byte changed after signing is rejected', async () => {
		const r = await tencent('VatInvoiceOCR', { ImageBase64: png.toString('base64') }, { tamper: (b) => b.replace('"ImageBase64":"i', '"ImageBase64":"j') });
		expect(r.status).toBe(200);
		expect(errorCode(r)).toBe('AuthFailure.SignatureFailure');
		expect(r.json.Response.RequestId).toBeTruthy();
		const stats = emu.stats();
		expect(stats.rejectedSignatures).toBe(1);
		expect(stats.apis['tencent:VatInvoiceOCR'].rejectedSignatures).toBe(1);
	});

	test('a wrong secret key and an unknown SecretId are rejected', async () => {
		const wrong = { ...DEMO_KEYS.tencent[0], secretKey: `${DEMO_KEYS.tencent[0].secretKey.slice(0, -1)}X` };
		expect(errorCode(await tencent('GetCallerIdentity', {}, { service: 'sts', key: wrong }))).toBe('AuthFailure.SignatureFailure');
		const unknown = { ...DEMO_KEYS.tencent[0], secretId: DEMO_KEYS.tencent[0].secretId.replace('Demo', 'Nope') };
		expect(errorCode(await tencent('GetCallerIdentity', {}, { service: 'sts', key: unknown }))).toMatch(/^AuthFailure\./);
		expect(emu.stats().rejectedSignatures).toBe(2);
	});

	test('temporary keys need their session token', async () => {
		const sts = DEMO_KEYS.tencent[1];
		const ok = await tencent('GetCallerIdentity', {}, { service: 'sts', key: sts });
		expect(errorCode(ok)).toBeUndefined();
		expect(ok.json.Response.AccountId).toBeTruthy();
		expect(errorCode(await tencent('GetCallerIdentity', {}, { service: 'sts', key: sts, sendToken: false }))).toMatch(/^AuthFailure\./);
	});

	test('APIs other than OCR answer, for the HTTP Request node with a Tencent credential', async () => {
		const r = await tencent('DescribeRegions', {}, { service: 'cvm' });
		expect(errorCode(r)).toBeUndefined();
		expect(r.json.Response.RegionSet.length).toBeGreaterThan(0);
		expect(errorCode(await tencent('RunInstances', {}, { service: 'cvm' }))).toBe('InvalidAction');
	});

	test('a Qiniu request signed by the SDK is accepted; one byte changed gives 401 bad token', async () => {
		const ok = await qiniuVat({ image_base64: png.toString('base64') });
		expect(ok.status).toBe(200);
		expect(ok.headers['x-reqid']).toBeTruthy();
		const documented = readJsonFixture('..', 'emulator', 'fixtures', 'qiniu-vat.json');
		expect(ok.json.code).toBe(10000);
		expect(ok.json.data).toEqual(documented.data);
		const bad = await qiniuVat({ image_base64: png.toString('base64') }, { tamper: (b) => b.replace('"image_base64":"i', '"image_base64":"j') });
		expect(bad.status).toBe(401);
		expect(bad.json).toEqual({ error: 'bad token' });
		expect(bad.headers['x-reqid']).toBeTruthy();
		expect(emu.stats().apis['qiniu:vat-invoice'].rejectedSignatures).toBe(1);
	});
});

describe('what the credential tests send (test/emulator/README-auth.md), to the emulator address itself', () => {
	test('Tencent: VatInvoiceOCR with {} signed for 127.0.0.1 passes the signature check and fails on parameters', async () => {
		const key = DEMO_KEYS.tencent[0];
		const timestamp = nowSeconds();
		const headers: Record<string, string> = {
			'Content-Type': 'application/json',
			'X-TC-Action': 'VatInvoiceOCR',
			'X-TC-Version': '2018-11-19',
			'X-TC-Region': 'ap-guangzhou',
			'X-TC-Timestamp': String(timestamp),
		};
		const sign = (secretKey: string) =>
			Sign.sign3({ url: `${emu.url}/`, payload: {}, timestamp, service: 'ocr', secretId: key.secretId, secretKey, multipart: false, boundary: '', headers });
		const ok = await fetch(`${emu.url}/`, { method: 'POST', headers: { ...headers, Authorization: sign(key.secretKey) }, body: '{}' });
		expect(ok.status).toBe(200);
		expect(((await ok.json()) as { Response: { Error: { Code: string } } }).Response.Error.Code).toBe('InvalidParameterValue.InvalidParameterValueLimit');
		const bad = await fetch(`${emu.url}/`, { method: 'POST', headers: { ...headers, Authorization: sign(`${key.secretKey}x`) }, body: '{}' });
		expect(((await bad.json()) as { Response: { Error: { Code: string } } }).Response.Error.Code).toBe('AuthFailure.SignatureFailure');
	});

	test('Qiniu: POST /buckets signed by the SDK for the emulator URL, with X-Qiniu-Date', async () => {
		const key = DEMO_KEYS.qiniu[0];
		const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
		const headers = { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Qiniu-Date': date };
		const token = (sk: string) => qiniu.util.generateAccessTokenV2(new qiniu.auth.digest.Mac(key.accessKey, sk), `${emu.url}/buckets`, 'POST', headers['Content-Type'], undefined, headers);
		const ok = await fetch(`${emu.url}/buckets`, { method: 'POST', headers: { ...headers, Authorization: token(key.secretKey) } });
		expect(ok.status).toBe(200);
		expect(Array.isArray(await ok.json())).toBe(true);
		expect(ok.headers.get('x-reqid')).toBeTruthy();
		const bad = await fetch(`${emu.url}/buckets`, { method: 'POST', headers: { ...headers, Authorization: token(`${key.secretKey}x`) } });
		expect(bad.status).toBe(401);
		expect(await bad.json()).toEqual({ error: 'bad token' });
	});
});

describe('checks as the provider makes them', () => {
	test('headers and parameters', async () => {
		const b64 = png.toString('base64');
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageBase64: b64 }, { version: null }))).toBe('MissingParameter');
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageBase64: b64 }, { version: '2017-03-12' }))).toBe('NoSuchVersion');
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageBase64: b64 }, { region: null }))).toBe('MissingParameter');
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageBase64: b64 }, { region: 'eu-frankfurt' }))).toBe('UnsupportedRegion');
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageBase64: b64 }, { contentType: 'text/plain' }))).toBe('InvalidParameter');
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageBase64: b64, Image: 'x' }))).toBe('UnknownParameter');
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageBase64: b64, IsPdf: 'true' }))).toBe('InvalidParameter');
		expect(errorCode(await tencent('VatInvoiceOCR', {}))).toBe('InvalidParameterValue.InvalidParameterValueLimit');
		expect(errorCode(await tencent('NoSuchThingOCR', { ImageBase64: b64 }))).toBe('InvalidAction');
	});

	test('the file: base64, type, PDF flag, size', async () => {
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageBase64: `data:image/png;base64,${png.toString('base64')}` }))).toBe('FailedOperation.ImageDecodeFailed');
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageBase64: png.toString('base64url') }))).toBe('FailedOperation.ImageDecodeFailed');
		const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageBase64: gif.toString('base64') }))).toBe('FailedOperation.ImageDecodeFailed');
		const pdf = Buffer.from('%PDF-1.4\n%fake\n', 'latin1');
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageBase64: pdf.toString('base64') }))).toBe('FailedOperation.ImageDecodeFailed');
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageBase64: pdf.toString('base64'), IsPdf: true }))).toBeUndefined();
		expect(errorCode(await tencent('RecognizeGeneralInvoice', { ImageBase64: pdf.toString('base64') }))).toBeUndefined();
		const huge = Buffer.alloc(5.5 * 1024 * 1024, 1);
		huge.set(png.subarray(0, 32));
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageBase64: huge.toString('base64') }))).toBe('LimitExceeded.TooLargeFileError');
		expect(errorCode(await tencent('VerifyOfdVatInvoiceOCR', { OfdFileBase64: png.toString('base64') }))).toBe('FailedOperation.UnKnowFileTypeError');
	});

	test('the default answers of the other APIs are the documented examples', async () => {
		for (const [action, payload] of [
			['RecognizeGeneralInvoice', { ImageBase64: jpeg.toString('base64') }],
			['VerifyOfdVatInvoiceOCR', { OfdFileBase64: ofd.toString('base64') }],
		] as const) {
			const r = await tencent(action, payload);
			expect(errorCode(r)).toBeUndefined();
			expect(withoutRequestId(r.json.Response)).toEqual(withoutRequestId(readJsonFixture('tencent', `${action}.response.json`).Response));
		}
	});

	test('Qiniu: one of image_base64 and image_url, valid base64, JSON', async () => {
		expect((await qiniuVat({})).status).toBe(400);
		expect((await qiniuVat({ image_base64: '***' })).status).toBe(400);
		const tiny = Buffer.from(png);
		tiny.writeUInt32BE(100, 16); // a 100 px wide PNG is below Qiniu's 256 px
		expect((await qiniuVat({ image_base64: tiny.toString('base64') })).status).toBe(400);
	});
});

describe('rate limit per API in any one-second window', () => {
	test('Tencent answers RequestLimitExceeded (HTTP 200) past the limit; the window slides', async () => {
		emu.configure({ rateLimits: { 'tencent:GetCallerIdentity': 3 } });
		const replies = await Promise.all(Array.from({ length: 6 }, () => tencent('GetCallerIdentity', {}, { service: 'sts' })));
		const codes = replies.map(errorCode);
		expect(replies.every((r) => r.status === 200)).toBe(true);
		expect(codes.filter((c) => c === undefined)).toHaveLength(3);
		expect(codes.filter((c) => c === 'RequestLimitExceeded')).toHaveLength(3);
		const s = emu.stats().apis['tencent:GetCallerIdentity'];
		expect(s).toMatchObject({ requests: 6, maxInAnySecond: 6, throttled: 3, limit: 3 });
		expect(s.errors.RequestLimitExceeded).toBe(3);
		await delay(1100);
		expect(errorCode(await tencent('GetCallerIdentity', {}, { service: 'sts' }))).toBeUndefined();
		// other APIs have their own window
		expect(errorCode(await tencent('DescribeRegions', {}, { service: 'cvm' }))).toBeUndefined();
	});

	test('Qiniu answers HTTP 429', async () => {
		emu.configure({ rateLimits: { 'qiniu:vat-invoice': 2 } });
		const replies = await Promise.all(Array.from({ length: 4 }, () => qiniuVat({ image_base64: png.toString('base64') })));
		expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 429, 429]);
		expect(emu.stats().apis['qiniu:vat-invoice']).toMatchObject({ throttled: 2, maxInAnySecond: 4 });
	});

	test('the quota is per account across all connections: two keys have one each, one key shares it', async () => {
		emu.configure({ rateLimits: { 'tencent:GetCallerIdentity': 2 } });
		const [a, b] = DEMO_KEYS.tencent;
		// 3 calls with key a (separate connections) and 2 with key b, in the same second.
		const replies = await Promise.all([a, a, a, b, b].map(async (key) => await tencent('GetCallerIdentity', {}, { service: 'sts', key })));
		const codes = replies.map(errorCode);
		expect(codes.slice(0, 3).filter((c) => c === 'RequestLimitExceeded')).toHaveLength(1);
		expect(codes.slice(3).filter((c) => c === undefined)).toHaveLength(2);
		const accounts = (emu.stats() as unknown as { accounts: Record<string, { calls: number; throttled: number }> }).accounts;
		const hash = (id: string) => createHash('sha256').update(id).digest('hex').slice(0, 16);
		expect(accounts[hash(a.secretId)]).toEqual({ calls: 3, throttled: 1 });
		expect(accounts[hash(b.secretId)]).toEqual({ calls: 2, throttled: 0 });
		expect(JSON.stringify(emu.stats())).not.toContain(a.secretId);
		await delay(1100);
	});

	test('a client that keeps to the limit is never throttled, and the stats show it', async () => {
		emu.configure({ rateLimits: { 'tencent:GetCallerIdentity': 2 } });
		for (let i = 0; i < 4; i++) {
			expect(errorCode(await tencent('GetCallerIdentity', {}, { service: 'sts' }))).toBeUndefined();
			await delay(600);
		}
		const s = emu.stats().apis['tencent:GetCallerIdentity'];
		expect(s.throttled).toBe(0);
		expect(s.maxInAnySecond).toBeLessThanOrEqual(2);
	});
});

describe('faults', () => {
	const call = () => tencent('GetCallerIdentity', {}, { service: 'sts' });

	test('HTTP 5xx', async () => {
		emu.setFaults([{ kind: 'http', status: 502 }]);
		const r = await call();
		expect(r.status).toBe(502);
		expect(r.json).toBeNull();
		expect((await call()).status).toBe(200); // count defaults to 1
		expect(emu.stats().statuses).toMatchObject({ '502': 1, '200': 1 });
	});

	test('connection reset', async () => {
		emu.setFaults({ kind: 'reset' });
		await expect(call()).rejects.toThrow(/ECONNRESET|socket hang up/);
		expect((await call()).status).toBe(200);
		expect(emu.stats().faultsInjected.reset).toBe(1);
	});

	test('malformed JSON', async () => {
		emu.setFaults({ kind: 'malformed', api: 'qiniu' });
		const q = await qiniuVat({ image_base64: png.toString('base64') });
		expect(q.status).toBe(200);
		expect(q.text.length).toBeGreaterThan(0);
		expect(q.json).toBeNull();
		emu.setFaults({ kind: 'malformed' });
		const t = await call();
		expect(t.status).toBe(200);
		expect(t.json).toBeNull();
	});

	test('slow answers', async () => {
		emu.setFaults({ kind: 'slow', delayMs: 3000 });
		await expect(tencent('GetCallerIdentity', {}, { service: 'sts', timeoutMs: 300 })).rejects.toThrow(/timed out/);
		emu.setFaults({ kind: 'slow', delayMs: 50 });
		expect(errorCode(await call())).toBeUndefined();
		expect(emu.stats().faultsInjected.slow).toBe(2);
	});

	test('a given error code for the next N requests', async () => {
		emu.setFaults({ kind: 'error', code: 'FailedOperation.ImageBlur', count: 2, api: 'tencent:VatInvoiceOCR' });
		const b64 = png.toString('base64');
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageBase64: b64 }))).toBe('FailedOperation.ImageBlur');
		expect(errorCode(await call())).toBeUndefined(); // another API: not affected
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageBase64: b64 }))).toBe('FailedOperation.ImageBlur');
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageBase64: b64 }))).toBeUndefined();
		expect(emu.stats().apis['tencent:VatInvoiceOCR'].errors['FailedOperation.ImageBlur']).toBe(2);
	});

	test('throttling bursts, skip first', async () => {
		emu.setFaults([{ kind: 'throttle', count: 2, skip: 1 }]);
		expect(errorCode(await call())).toBeUndefined();
		expect(errorCode(await call())).toBe('RequestLimitExceeded');
		expect(errorCode(await call())).toBe('RequestLimitExceeded');
		expect(errorCode(await call())).toBeUndefined();
		emu.setFaults({ kind: 'throttle', api: 'qiniu' });
		expect((await qiniuVat({ image_base64: png.toString('base64') })).status).toBe(429);
	});

	test('probabilistic faults repeat with the same seed', async () => {
		const run = async () => {
			emu.setFaults({ kind: 'http', status: 500, probability: 0.5 }, { seed: 42 });
			const statuses: number[] = [];
			for (let i = 0; i < 16; i++) statuses.push((await call()).status);
			return statuses;
		};
		const first = await run();
		const second = await run();
		expect(second).toEqual(first);
		const failures = first.filter((s) => s === 500).length;
		expect(failures).toBeGreaterThan(0);
		expect(failures).toBeLessThan(16);
	});

	test('the admin endpoint sets faults and reports stats; reset clears both', async () => {
		expect(await admin('faults', { faults: [{ kind: 'error', code: 'InternalError', count: 1 }] })).toMatchObject({ ok: true, pending: 1 });
		expect(errorCode(await call())).toBe('InternalError');
		const stats = await admin('stats');
		expect(stats.total).toBe(1);
		expect(stats.apis?.['tencent:GetCallerIdentity'].errors).toEqual({ InternalError: 1 });
		expect(stats.faultsInjected).toEqual({ error: 1 });
		await admin('faults', [{ kind: 'http', status: 503, count: 5 }]);
		await admin('reset', {});
		expect((await call()).status).toBe(200);
		expect((await admin('stats')).total).toBe(1);
		expect(await admin('faults', { faults: [{ kind: 'nonsense' }] })).toHaveProperty('error');
	});
});

describe('per-file fixtures', () => {
	test('each file gets its own answer by sha256; a rule may be an error or narrowed to one API', async () => {
		emu.setFixtures([
			{ sha256: sha256(png), api: 'tencent:VatInvoiceOCR', response: { VatInvoiceInfos: [{ Name: '发票号码', Value: '33207675' }], Items: [] } },
			{ sha256: sha256(jpeg), error: { code: 'FailedOperation.ImageBlur', message: 'blurred' } },
			{ sha256: sha256(png), api: 'qiniu', response: { code: 10000, data: { license_main: { invoice_no: '33207675' } }, message: 'Success', request_id: 'x' } },
		]);
		const a = await tencent('VatInvoiceOCR', { ImageBase64: png.toString('base64') });
		expect(a.json.Response.VatInvoiceInfos).toEqual([{ Name: '发票号码', Value: '33207675' }]);
		expect(a.json.Response.RequestId).toBeTruthy();
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageBase64: jpeg.toString('base64') }))).toBe('FailedOperation.ImageBlur');
		// the png rule for VatInvoiceOCR does not apply to RecognizeGeneralInvoice: documented example
		const g = await tencent('RecognizeGeneralInvoice', { ImageBase64: png.toString('base64') });
		expect(g.json.Response.MixedInvoiceItems.length).toBeGreaterThan(0);
		const q = await qiniuVat({ image_base64: png.toString('base64') });
		expect(q.json.data.license_main.invoice_no).toBe('33207675');
	});

	test('URLs: loopback files are downloaded and matched by content; other URLs by rule or DownLoadError', async () => {
		emu.setFixtures({ [sha256(ofd)]: { InvoiceNumber: 'from-sha' }, 'https://files.example/invoice.ofd': { Response: { InvoiceNumber: 'from-url' } } });
		const fileUrl = emu.putFile('invoice.ofd', ofd);
		expect(fileUrl.startsWith(emu.url)).toBe(true);
		const bySha = await tencent('VerifyOfdVatInvoiceOCR', { OfdFileUrl: fileUrl });
		expect(bySha.json.Response.InvoiceNumber).toBe('from-sha');
		const byUrl = await tencent('VerifyOfdVatInvoiceOCR', { OfdFileUrl: 'https://files.example/invoice.ofd' });
		expect(byUrl.json.Response.InvoiceNumber).toBe('from-url');
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageUrl: 'https://files.example/unknown.png' }))).toBe('FailedOperation.DownLoadError');
		expect(errorCode(await tencent('VatInvoiceOCR', { ImageUrl: `${emu.url}/__emulator/files/missing.png` }))).toBe('FailedOperation.DownLoadError');
		const q = await qiniuVat({ image_url: emu.putFile('a.png', png) });
		expect(q.json.code).toBe(10000);
	});

	test('fixtures given when the emulator starts', async () => {
		const other = await startEmulator({ fixtures: [{ sha256: sha256(jpeg), response: { Items: [], VatInvoiceInfos: [], Angle: 0 } }] });
		try {
			const key = DEMO_KEYS.tencent[0];
			const timestamp = nowSeconds();
			const payload = { ImageBase64: jpeg.toString('base64') };
			const headers: Record<string, string> = {
				'Content-Type': 'application/json',
				Host: TC_HOST,
				'X-TC-Action': 'VatInvoiceOCR',
				'X-TC-Version': '2018-11-19',
				'X-TC-Region': 'ap-shanghai',
				'X-TC-Timestamp': String(timestamp),
			};
			headers.Authorization = Sign.sign3({ url: `https://${TC_HOST}/`, payload, timestamp, service: 'ocr', secretId: key.secretId, secretKey: key.secretKey, multipart: false, boundary: '', headers });
			const r = await rawRequest({ url: `${other.url}/`, headers, body: JSON.stringify(payload) });
			expect(r.json.Response).toMatchObject({ Items: [], VatInvoiceInfos: [], Angle: 0 });
		} finally {
			await other.close();
		}
	});
});
