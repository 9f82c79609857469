import type { IHttpRequestOptions } from 'n8n-workflow';
import { auth, util } from 'qiniu';
import Sign from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign';

import { readHeader } from '../../../../nodes/core/providers/signing/headers';
import { qiniuDate } from '../../../../nodes/core/providers/signing/qiniu';
import {
	SigningError,
	prepareQiniuRequest,
	prepareTencentRequest,
	serializeQuery,
	type RequestOptionsLike,
} from '../../../../nodes/core/providers/signing/request';
import { tc3Date } from '../../../../nodes/core/providers/signing/tc3';
import { verifyQiniu, verifyTencent } from '../../../emulator/verifySignature';
import { seededRandom } from '../../../helpers/random';
import { chance, chineseText, int, jsonBody, pick, timestamp, token } from './generate';

const TENCENT = {
	secretId: 'AKIDdummyTestKey0000000000000000',
	secretKey: 'dummy-tencent-secret-key-0001',
	region: 'ap-guangzhou',
};
const QINIU = { accessKey: 'dummy-qiniu-access-key', secretKey: 'dummy-qiniu-secret-key-0001' };
const NOW = Date.UTC(2024, 4, 20, 8, 30, 15, 250);
const NOW_SECONDS = Math.floor(NOW / 1000);

type Out = RequestOptionsLike & Record<string, unknown>;

function sentBytes(body: unknown): Buffer {
	if (body === undefined) return Buffer.alloc(0);
	if (Buffer.isBuffer(body)) return body;
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	throw new Error(`unexpected body type ${typeof body}`);
}

function headersOf(out: Out): Record<string, string> {
	return out.headers as Record<string, string>;
}

function lowerHeaders(headers: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The Authorization the Tencent SDK computes for the request as it will be sent. */
function sdkTc3(out: Out, service: string, secretKey = TENCENT.secretKey, secretId = TENCENT.secretId): string {
	const h = headersOf(out);
	return Sign.sign3({
		method: String(out.method),
		url: String(out.url),
		payload: sentBytes(out.body),
		timestamp: Number(readHeader(h, 'x-tc-timestamp')),
		service,
		secretId,
		secretKey,
		multipart: false,
		boundary: '',
		headers: { 'Content-Type': readHeader(h, 'content-type') as string },
	});
}

function tencentVerdict(out: Out, secrets = new Map([[TENCENT.secretId, { secretKey: TENCENT.secretKey }]]), nowSeconds = NOW_SECONDS) {
	const url = new URL(String(out.url));
	return verifyTencent({
		method: String(out.method),
		path: url.pathname + url.search,
		headers: lowerHeaders(headersOf(out)),
		body: sentBytes(out.body),
		nowSeconds,
		secrets,
	});
}

function qiniuVerdict(out: Out) {
	const url = new URL(String(out.url));
	return verifyQiniu({
		method: String(out.method),
		path: url.pathname + url.search,
		headers: lowerHeaders(headersOf(out)),
		body: sentBytes(out.body),
		keys: new Map([[QINIU.accessKey, QINIU.secretKey]]),
		nowSeconds: NOW_SECONDS,
	});
}

function thrown(fn: () => unknown): Error {
	try {
		fn();
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected an error');
}

/** Everything in the options as text (Buffers decoded), to look for secrets. */
function everything(out: unknown): string {
	return JSON.stringify(out, (_key, value: unknown) => {
		if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer') {
			return Buffer.from((value as { data: number[] }).data).toString('utf8');
		}
		return value;
	});
}

describe('prepareTencentRequest: the two dialects', () => {
	test('url + object body (httpRequestWithAuthentication): JSON serialized once, the same bytes sent and signed', () => {
		const body = { ImageUrl: 'https://example.com/发票.jpg', IsPdf: false };
		const input: IHttpRequestOptions = {
			url: 'https://ocr.tencentcloudapi.com/',
			method: 'POST',
			headers: { 'X-TC-Action': 'VatInvoiceOCR', 'X-TC-Version': '2018-11-19' },
			body,
			json: true,
			returnFullResponse: true,
		};
		const snapshot = JSON.stringify(input);
		const out = prepareTencentRequest(input, TENCENT, NOW) as Out;

		expect(JSON.stringify(input)).toBe(snapshot); // the caller's object is left alone
		expect(Buffer.isBuffer(out.body)).toBe(true);
		expect((out.body as Buffer).toString('utf8')).toBe(JSON.stringify(body));
		expect(out.json).toBe(true);
		expect(out.returnFullResponse).toBe(true);
		expect(out.url).toBe('https://ocr.tencentcloudapi.com/');
		const h = headersOf(out);
		expect(h).toEqual({
			'X-TC-Action': 'VatInvoiceOCR',
			'X-TC-Version': '2018-11-19',
			Host: 'ocr.tencentcloudapi.com',
			'Content-Type': 'application/json',
			'X-TC-Timestamp': String(NOW_SECONDS),
			'X-TC-Region': 'ap-guangzhou',
			Authorization: expect.stringMatching(/^TC3-HMAC-SHA256 Credential=AKIDdummyTestKey0000000000000000\/2024-05-20\/ocr\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/),
		});
		expect(h.Authorization).toBe(sdkTc3(out, 'ocr'));
		expect(tencentVerdict(out)).toMatchObject({ ok: true, service: 'ocr', action: 'VatInvoiceOCR', region: 'ap-guangzhou' });
	});

	test('baseURL + relative url are joined the way axios joins them', () => {
		const a = prepareTencentRequest({ baseURL: 'https://ocr.tencentcloudapi.com', url: '/', method: 'POST', body: {} }, TENCENT, NOW) as Out;
		expect(a.url).toBe('https://ocr.tencentcloudapi.com/');
		expect(a.baseURL).toBeUndefined();
		expect((a.body as Buffer).toString()).toBe('{}');
		expect(headersOf(a).Authorization).toBe(sdkTc3(a, 'ocr'));

		const b = prepareTencentRequest({ baseURL: 'https://cvm.tencentcloudapi.com/api/', url: 'v3', method: 'POST', body: {} }, TENCENT, NOW) as Out;
		expect(b.url).toBe('https://cvm.tencentcloudapi.com/api/v3');
		expect(headersOf(b).Authorization).toContain('/cvm/tc3_request');

		const c = prepareTencentRequest({ baseURL: 'https://ignored.example', url: 'https://sts.tencentcloudapi.com/', method: 'POST', body: {} }, TENCENT, NOW) as Out;
		expect(c.url).toBe('https://sts.tencentcloudapi.com/');
	});

	test('uri + string body (the HTTP Request node in n8n 1.x): the string is sent byte for byte', () => {
		const body = '  {"Limit": 1, "Filters": [{"Name": "名称"}]}\n';
		const input = { uri: 'https://cvm.tencentcloudapi.com', method: 'POST', body, json: true, headers: { 'x-tc-action': 'DescribeInstances' } };
		const out = prepareTencentRequest(input, TENCENT, NOW) as Out;
		expect(out.uri).toBe('https://cvm.tencentcloudapi.com/');
		expect(out.url).toBe('https://cvm.tencentcloudapi.com/');
		expect((out.body as Buffer).equals(Buffer.from(body, 'utf8'))).toBe(true);
		expect(headersOf(out).Authorization).toBe(sdkTc3(out, 'cvm'));
		expect(tencentVerdict(out)).toMatchObject({ ok: true, service: 'cvm', action: 'DescribeInstances' });
	});

	test('a Buffer body is sent untouched', () => {
		const body = Buffer.from('{"ImageBase64":"AAAA"}');
		const out = prepareTencentRequest({ url: 'https://ocr.tencentcloudapi.com/', method: 'POST', body }, TENCENT, NOW) as Out;
		expect(out.body).toBe(body);
		expect(readHeader(headersOf(out), 'content-type')).toBe('application/json');
	});
});

describe('prepareTencentRequest: query strings', () => {
	test('qs is folded into the URL, signed, and removed', () => {
		const out = prepareTencentRequest(
			{
				url: 'https://cvm.tencentcloudapi.com/?Action=DescribeRegions',
				method: 'GET',
				qs: { Limit: 1, Name: '名字', Filters: ['a b', 'c'], Skip: undefined, Obj: { k: "v'" } },
				body: { ignored: true },
			},
			TENCENT,
			NOW,
		) as Out;
		expect(out.qs).toBeUndefined();
		expect(out.body).toBeUndefined(); // GET sends no body
		expect(out.url).toBe(
			'https://cvm.tencentcloudapi.com/?Action=DescribeRegions&Limit=1&Name=%E5%90%8D%E5%AD%97&Filters%5B%5D=a%20b&Filters%5B%5D=c&Obj%5Bk%5D=v%27',
		);
		expect(readHeader(headersOf(out), 'content-type')).toBe('application/x-www-form-urlencoded');
		expect(headersOf(out).Authorization).toBe(sdkTc3(out, 'cvm'));
		expect(tencentVerdict(out)).toMatchObject({ ok: true, service: 'cvm' });
	});

	test('array formats follow arrayFormat, or the legacy useQuerystring / qsStringifyOptions', () => {
		const qs = { a: [1, 2] };
		const url = 'https://cvm.tencentcloudapi.com/';
		const search = (options: RequestOptionsLike) => new URL(String((prepareTencentRequest({ url, method: 'GET', qs, ...options }, TENCENT, NOW) as Out).url)).search;
		expect(search({})).toBe('?a%5B%5D=1&a%5B%5D=2');
		expect(search({ arrayFormat: 'repeat' })).toBe('?a=1&a=2');
		expect(search({ arrayFormat: 'indices' })).toBe('?a%5B0%5D=1&a%5B1%5D=2');
		expect(search({ arrayFormat: 'comma' })).toBe('?a=1%2C2');
		expect(search({ useQuerystring: true })).toBe('?a=1&a=2');
		expect(search({ useQuerystring: false })).toBe('?a%5B0%5D=1&a%5B1%5D=2');
		expect(search({ qsStringifyOptions: { arrayFormat: 'repeat' } })).toBe('?a=1&a=2');
	});

	test('serializeQuery encodes per RFC 3986', () => {
		expect(serializeQuery({ "a!'()*": "b!'()* ~", n: null, d: new Date(0) })).toBe(
			'a%21%27%28%29%2A=b%21%27%28%29%2A%20~&n=&d=1970-01-01T00%3A00%3A00.000Z',
		);
	});
});

describe('prepareTencentRequest: the endpoint override', () => {
	test('a local endpoint with a port: origin replaced, Host with port, scope still ocr, host signed without port', () => {
		const out = prepareTencentRequest(
			{ url: 'https://ocr.tencentcloudapi.com/', method: 'POST', body: {}, headers: { Host: 'ocr.tencentcloudapi.com' } },
			{ ...TENCENT, endpoint: 'http://127.0.0.1:9000' },
			NOW,
		) as Out;
		expect(out.url).toBe('http://127.0.0.1:9000/');
		expect(readHeader(headersOf(out), 'host')).toBe('127.0.0.1:9000');
		expect(Object.keys(headersOf(out)).filter((k) => k.toLowerCase() === 'host')).toHaveLength(1);
		expect(headersOf(out).Authorization).toContain('/2024-05-20/ocr/tc3_request');
		expect(headersOf(out).Authorization).toBe(sdkTc3(out, 'ocr'));
		expect(tencentVerdict(out)).toMatchObject({ ok: true, service: 'ocr' });
	});

	test('the endpoint keeps its base path; the request path and query follow it', () => {
		const out = prepareTencentRequest(
			{ url: 'https://ocr.ap-guangzhou.tencentcloudapi.com/x?y=1', method: 'POST', body: {} },
			{ ...TENCENT, endpoint: 'https://gateway.example:8443/tencent/' },
			NOW,
		) as Out;
		expect(out.url).toBe('https://gateway.example:8443/tencent/x?y=1');
		expect(headersOf(out).Authorization).toBe(sdkTc3(out, 'ocr'));
	});

	test('a regional Tencent endpoint takes requests of its own service only', () => {
		const endpoint = 'https://ocr.ap-shanghai.tencentcloudapi.com';
		const ocr = prepareTencentRequest({ url: 'https://ocr.tencentcloudapi.com/', method: 'POST', body: {} }, { ...TENCENT, endpoint }, NOW) as Out;
		expect(ocr.url).toBe('https://ocr.ap-shanghai.tencentcloudapi.com/');
		const cvm = prepareTencentRequest({ url: 'https://cvm.tencentcloudapi.com/', method: 'POST', body: {} }, { ...TENCENT, endpoint }, NOW) as Out;
		expect(cvm.url).toBe('https://cvm.tencentcloudapi.com/');
		expect(headersOf(cvm).Authorization).toContain('/cvm/tc3_request');
	});

	test('a request sent straight to the endpoint is signed for ocr; an unknown host without endpoint is refused', () => {
		const direct = prepareTencentRequest({ url: 'http://127.0.0.1:9000/', method: 'POST', body: {} }, { ...TENCENT, endpoint: 'http://127.0.0.1:9000' }, NOW) as Out;
		expect(headersOf(direct).Authorization).toContain('/ocr/tc3_request');
		const error = thrown(() => prepareTencentRequest({ url: 'http://127.0.0.1:9000/', method: 'POST', body: {} }, TENCENT, NOW));
		expect(error).toBeInstanceOf(SigningError);
		expect(error.message).toContain('127.0.0.1:9000');
		expect((error as SigningError).description).toContain('Endpoint');
	});

	test.each([
		['not a url', 'not a valid URL'],
		['ftp://files.example', 'https:// or http://'],
		['https://proxy.example/?a=1', '"?"'],
	])('a bad endpoint %s is refused with a clear message', (endpoint, message) => {
		const error = thrown(() => prepareTencentRequest({ url: 'https://ocr.tencentcloudapi.com/', method: 'POST' }, { ...TENCENT, endpoint }, NOW));
		expect(error).toBeInstanceOf(SigningError);
		expect(error.message).toContain(message);
		expect((error as SigningError).description).not.toBe('');
	});

	test('an endpoint with a password is refused without repeating it', () => {
		const endpoint = `https://me:${TENCENT.secretKey}@proxy.example`;
		const error = thrown(() => prepareTencentRequest({ url: 'https://ocr.tencentcloudapi.com/', method: 'POST' }, { ...TENCENT, endpoint }, NOW));
		expect(error.message).toContain('user name or password');
		expect(`${error.message} ${(error as SigningError).description} ${error.stack}`).not.toContain(TENCENT.secretKey);
	});
});

describe('prepareTencentRequest: headers', () => {
	test('an X-TC-Region the request set, in any case, is kept', () => {
		const out = prepareTencentRequest(
			{ url: 'https://ocr.tencentcloudapi.com/', method: 'POST', body: {}, headers: { 'x-tc-region': 'ap-shanghai' } },
			TENCENT,
			NOW,
		) as Out;
		const regions = Object.entries(headersOf(out)).filter(([k]) => k.toLowerCase() === 'x-tc-region');
		expect(regions).toEqual([['x-tc-region', 'ap-shanghai']]);
		expect(tencentVerdict(out)).toMatchObject({ ok: true, region: 'ap-shanghai' });
	});

	test('no region in the credential: no X-TC-Region', () => {
		const out = prepareTencentRequest({ url: 'https://ocr.tencentcloudapi.com/', method: 'POST', body: {} }, { ...TENCENT, region: '' }, NOW) as Out;
		expect(readHeader(headersOf(out), 'x-tc-region')).toBeUndefined();
	});

	test('X-TC-Token only with a session token', () => {
		const without = prepareTencentRequest({ url: 'https://ocr.tencentcloudapi.com/', method: 'POST', body: {} }, { ...TENCENT, sessionToken: '' }, NOW) as Out;
		expect(readHeader(headersOf(without), 'x-tc-token')).toBeUndefined();
		const withToken = prepareTencentRequest(
			{ url: 'https://ocr.tencentcloudapi.com/', method: 'POST', body: {}, headers: { 'X-TC-TOKEN': 'stale' } },
			{ ...TENCENT, sessionToken: 'sts-token-1' },
			NOW,
		) as Out;
		expect(Object.entries(headersOf(withToken)).filter(([k]) => k.toLowerCase() === 'x-tc-token')).toEqual([['X-TC-Token', 'sts-token-1']]);
		const secrets = new Map([[TENCENT.secretId, { secretKey: TENCENT.secretKey, sessionToken: 'sts-token-1' }]]);
		expect(tencentVerdict(withToken, secrets)).toMatchObject({ ok: true });
		expect(tencentVerdict(without, secrets)).toMatchObject({ ok: false, code: 'AuthFailure.TokenFailure' });
	});

	test('Content-Type is found in any case and signed as given; duplicates, stale Authorization and Content-Length go', () => {
		const out = prepareTencentRequest(
			{
				url: 'https://ocr.tencentcloudapi.com/',
				method: 'POST',
				body: { a: 1 },
				headers: {
					'Content-Type': 'text/plain',
					'content-type': ' application/json; charset=utf-8 ',
					authorization: 'Bearer old',
					'Content-Length': 999,
					'X-Empty': undefined,
				},
			},
			TENCENT,
			NOW,
		) as Out;
		const h = headersOf(out);
		expect(Object.keys(h).filter((k) => k.toLowerCase() === 'content-type')).toEqual(['content-type']);
		expect(h['content-type']).toBe('application/json; charset=utf-8');
		expect(readHeader(h, 'content-length')).toBeUndefined();
		expect(readHeader(h, 'x-empty')).toBeUndefined();
		expect(Object.keys(h).filter((k) => k.toLowerCase() === 'authorization')).toEqual(['Authorization']);
		expect(h.Authorization).toBe(sdkTc3(out, 'ocr'));
	});

	test('a Host header the caller set is kept and signed (without its port)', () => {
		const out = prepareTencentRequest(
			{ url: 'https://10.0.0.8:8443/', method: 'POST', body: {}, headers: { host: 'ocr.tencentcloudapi.com' } },
			TENCENT,
			NOW,
		) as Out;
		expect(readHeader(headersOf(out), 'host')).toBe('ocr.tencentcloudapi.com');
		expect(headersOf(out).Authorization).toBe(
			Sign.sign3({
				method: 'POST',
				url: 'https://ocr.tencentcloudapi.com/',
				payload: sentBytes(out.body),
				timestamp: NOW_SECONDS,
				service: 'ocr',
				secretId: TENCENT.secretId,
				secretKey: TENCENT.secretKey,
				multipart: false,
				boundary: '',
				headers: { 'Content-Type': 'application/json' },
			}),
		);
	});

	test('the UTC date either side of midnight goes into the scope', () => {
		const midnight = Date.UTC(2024, 0, 1);
		const before = prepareTencentRequest({ url: 'https://ocr.tencentcloudapi.com/', method: 'POST', body: {} }, TENCENT, midnight - 1) as Out;
		const after = prepareTencentRequest({ url: 'https://ocr.tencentcloudapi.com/', method: 'POST', body: {} }, TENCENT, midnight) as Out;
		expect(headersOf(before).Authorization).toContain('/2023-12-31/ocr/');
		expect(headersOf(after).Authorization).toContain('/2024-01-01/ocr/');
		expect(headersOf(before)['X-TC-Timestamp']).toBe(String(midnight / 1000 - 1));
	});
});

describe('prepareTencentRequest: what cannot be signed, and secrets', () => {
	test.each([
		['formData', { formData: { file: 'x' } }],
		['a multipart Content-Type', { headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, body: 'x' }],
		['a stream', { body: { pipe: () => undefined } }],
	])('%s is refused', (_name, extra) => {
		const error = thrown(() => prepareTencentRequest({ url: 'https://ocr.tencentcloudapi.com/', method: 'POST', ...extra }, TENCENT, NOW));
		expect(error).toBeInstanceOf(SigningError);
		expect(error.message).not.toContain(TENCENT.secretKey);
	});

	test('missing keys are named, never shown', () => {
		expect(thrown(() => prepareTencentRequest({ url: 'https://ocr.tencentcloudapi.com/' }, { ...TENCENT, secretId: ' ' }, NOW)).message).toBe(
			'The Tencent Cloud API credential has no SecretId',
		);
		expect(thrown(() => prepareTencentRequest({ url: 'https://ocr.tencentcloudapi.com/' }, { ...TENCENT, secretKey: '' }, NOW)).message).toBe(
			'The Tencent Cloud API credential has no SecretKey',
		);
		const bad = thrown(() => prepareTencentRequest({ url: 'relative/path' }, TENCENT, NOW));
		expect(bad.message).toContain('not an absolute URL');
		expect(bad.message).not.toContain(TENCENT.secretKey);
	});

	test('the secret key appears nowhere in the returned options', () => {
		const out = prepareTencentRequest(
			{ url: 'https://ocr.tencentcloudapi.com/', method: 'POST', body: { Note: 'hello' }, qs: { a: 1 }, json: true },
			{ ...TENCENT, sessionToken: 'token-1', endpoint: 'http://127.0.0.1:9000' },
			NOW,
		);
		const text = everything(out);
		expect(text).not.toContain(TENCENT.secretKey);
		expect(text).toContain(TENCENT.secretId);
		expect(text).toContain('hello');
	});
});

describe('prepareQiniuRequest', () => {
	test('object body: JSON once, X-Qiniu-Date set and signed, the SDK agrees', () => {
		const body = { image_url: 'https://example.com/发票.jpg' };
		const out = prepareQiniuRequest(
			{ url: 'https://ap-gate-z0.qiniuapi.com/ocr/vat/invoice', method: 'POST', body, json: true, headers: { 'x-qiniu-date': 'old' } },
			QINIU,
			NOW,
		) as Out;
		const h = headersOf(out);
		expect((out.body as Buffer).toString()).toBe(JSON.stringify(body));
		expect(h).toEqual({
			Host: 'ap-gate-z0.qiniuapi.com',
			'Content-Type': 'application/json',
			'X-Qiniu-Date': qiniuDate(NOW),
			Authorization: expect.stringMatching(/^Qiniu dummy-qiniu-access-key:[A-Za-z0-9_-]+=*$/),
		});
		const mac = new auth.digest.Mac(QINIU.accessKey, QINIU.secretKey);
		expect(h.Authorization).toBe(
			util.generateAccessTokenV2(mac, String(out.url), 'POST', 'application/json', JSON.stringify(body), { 'X-Qiniu-Date': qiniuDate(NOW) }),
		);
		expect(qiniuVerdict(out)).toEqual({ ok: true, accessKey: QINIU.accessKey });
	});

	test('endpoint with a port: origin replaced, Host sent and signed with the port once', () => {
		const out = prepareQiniuRequest(
			{ url: 'https://ap-gate-z0.qiniuapi.com/ocr/vat/invoice', method: 'POST', body: { image_url: 'x' } },
			{ ...QINIU, endpoint: 'http://127.0.0.1:9000/qiniu' },
			NOW,
		) as Out;
		expect(out.url).toBe('http://127.0.0.1:9000/qiniu/ocr/vat/invoice');
		expect(readHeader(headersOf(out), 'host')).toBe('127.0.0.1:9000');
		expect(qiniuVerdict(out)).toEqual({ ok: true, accessKey: QINIU.accessKey });
	});

	test('a Qiniu endpoint takes the OCR gateway only; a local one takes every *.qiniuapi.com call', () => {
		const qiniuEndpoint = { ...QINIU, endpoint: 'https://ap-gate-z1.qiniuapi.com' };
		expect((prepareQiniuRequest({ url: 'https://uc.qiniuapi.com/buckets', method: 'POST' }, qiniuEndpoint, NOW) as Out).url).toBe('https://uc.qiniuapi.com/buckets');
		expect((prepareQiniuRequest({ url: 'https://ap-gate-z0.qiniuapi.com/ocr/vat/invoice', method: 'POST' }, qiniuEndpoint, NOW) as Out).url).toBe(
			'https://ap-gate-z1.qiniuapi.com/ocr/vat/invoice',
		);
		const local = { ...QINIU, endpoint: 'http://127.0.0.1:9000' };
		expect((prepareQiniuRequest({ url: 'https://uc.qiniuapi.com/buckets', method: 'POST' }, local, NOW) as Out).url).toBe('http://127.0.0.1:9000/buckets');
		expect((prepareQiniuRequest({ url: 'https://rs.qiniu.com/stat/x', method: 'GET' }, local, NOW) as Out).url).toBe('https://rs.qiniu.com/stat/x');
	});

	test('no body: form Content-Type sent and signed, no body sent', () => {
		const out = prepareQiniuRequest({ url: 'https://uc.qiniuapi.com/buckets', method: 'POST' }, QINIU, NOW) as Out;
		expect(out.body).toBeUndefined();
		expect(readHeader(headersOf(out), 'content-type')).toBe('application/x-www-form-urlencoded');
		expect(qiniuVerdict(out)).toMatchObject({ ok: true });
	});

	test('bytes without a Content-Type go as application/octet-stream, unsigned body', () => {
		const out = prepareQiniuRequest({ url: 'https://ap-gate-z0.qiniuapi.com/upload', method: 'PUT', body: Buffer.from([1, 2, 3]) }, QINIU, NOW) as Out;
		expect(readHeader(headersOf(out), 'content-type')).toBe('application/octet-stream');
		expect(qiniuVerdict(out)).toMatchObject({ ok: true });
		expect(qiniuVerdict({ ...out, body: Buffer.from([9, 9, 9]) })).toMatchObject({ ok: true });
	});

	test('a legacy form is urlencoded into a string body and signed', () => {
		const out = prepareQiniuRequest({ uri: 'https://ap-gate-z0.qiniuapi.com/x', method: 'POST', form: { a: '1', b: '中 文' } }, QINIU, NOW) as Out;
		expect(out.form).toBeUndefined();
		expect(out.body).toBe('a=1&b=%E4%B8%AD%20%E6%96%87');
		expect(out.uri).toBe('https://ap-gate-z0.qiniuapi.com/x');
		expect(qiniuVerdict(out)).toMatchObject({ ok: true });
		expect(qiniuVerdict({ ...out, body: 'a=1&b=2' })).toMatchObject({ ok: false, status: 401 });
	});

	test('missing keys and bad endpoints are named, never shown', () => {
		expect(thrown(() => prepareQiniuRequest({ url: 'https://uc.qiniuapi.com/buckets' }, { ...QINIU, accessKey: '' }, NOW)).message).toBe(
			'The Qiniu API credential has no AccessKey',
		);
		expect(thrown(() => prepareQiniuRequest({ url: 'https://uc.qiniuapi.com/buckets' }, { ...QINIU, secretKey: '' }, NOW)).message).toBe(
			'The Qiniu API credential has no SecretKey',
		);
		const error = thrown(() => prepareQiniuRequest({ url: 'https://uc.qiniuapi.com/buckets' }, { ...QINIU, endpoint: `http://a:${QINIU.secretKey}@b` }, NOW));
		expect(`${error.message} ${(error as SigningError).description}`).not.toContain(QINIU.secretKey);
		const out = prepareQiniuRequest({ url: 'https://uc.qiniuapi.com/buckets', method: 'POST', body: { x: 1 } }, QINIU, NOW);
		expect(everything(out)).not.toContain(QINIU.secretKey);
	});
});

describe('missing keys', () => {
	test.each([
		['Tencent SecretId', () => prepareTencentRequest({ url: 'https://ocr.tencentcloudapi.com/' }, { ...TENCENT, secretId: '' }, NOW), 'SecretId', 'the Tencent Cloud console, CAM > API Keys (https://console.cloud.tencent.com/cam/capi)'],
		['Tencent SecretKey', () => prepareTencentRequest({ url: 'https://ocr.tencentcloudapi.com/' }, { ...TENCENT, secretKey: ' ' }, NOW), 'SecretKey', 'the Tencent Cloud console, CAM > API Keys (https://console.cloud.tencent.com/cam/capi)'],
		['Qiniu AccessKey', () => prepareQiniuRequest({ url: 'https://ap-gate-z0.qiniuapi.com/' }, { ...QINIU, accessKey: '' }, NOW), 'AccessKey', 'the Qiniu portal, Key management (https://portal.qiniu.com/developer/user/key)'],
		['Qiniu SecretKey', () => prepareQiniuRequest({ url: 'https://ap-gate-z0.qiniuapi.com/' }, { ...QINIU, secretKey: '\t' }, NOW), 'SecretKey', 'the Qiniu portal, Key management (https://portal.qiniu.com/developer/user/key)'],
	])('a missing %s says where to find it', (_name, run, label, where) => {
		const error = thrown(run) as SigningError;
		expect(error).toBeInstanceOf(SigningError);
		expect(error.description).toBe(`Open the credential and paste the ${label} from ${where}.`);
	});
});

describe('prepared requests against the SDKs on generated requests', () => {
	function dialect(rnd: () => number, origin: string, path: string): RequestOptionsLike {
		switch (int(rnd, 0, 2)) {
			case 0:
				return { url: `${origin}${path}` };
			case 1:
				return { baseURL: origin, url: path };
			default:
				return { uri: `${origin}${path}` };
		}
	}

	function body(rnd: () => number, i: number): unknown {
		if (i % 70 === 13) return jsonBody(rnd, true);
		switch (int(rnd, 0, 3)) {
			case 0:
				return jsonBody(rnd);
			case 1:
				return JSON.stringify(jsonBody(rnd), null, chance(rnd, 0.5) ? 2 : undefined);
			case 2:
				return Buffer.from(JSON.stringify({ Text: chineseText(rnd, int(rnd, 1, 50)) }));
			default:
				return chineseText(rnd, int(rnd, 0, 30));
		}
	}

	test('250 Tencent requests: the SDK computes the same Authorization over what is sent, and the verifier accepts it', () => {
		const rnd = seededRandom(0x7e9c);
		let endpoints = 0;
		let tokens = 0;
		let midnights = 0;
		for (let i = 0; i < 250; i++) {
			const service = pick(rnd, ['ocr', 'sts', 'cvm']);
			const host = chance(rnd, 0.5) ? `${service}.tencentcloudapi.com` : `${service}.${pick(rnd, ['ap-guangzhou', 'ap-shanghai'])}.tencentcloudapi.com`;
			const endpoint = chance(rnd, 0.4) ? pick(rnd, ['http://127.0.0.1:9000', 'http://localhost:18080/base', 'https://[::1]:8443']) : '';
			if (endpoint) endpoints++;
			const sessionToken = chance(rnd, 0.3) ? token(rnd, 40) : '';
			if (sessionToken) tokens++;
			const ts = timestamp(rnd);
			if (tc3Date(ts) !== tc3Date(ts + 5) || tc3Date(ts) !== tc3Date(ts - 5)) midnights++;
			const method = chance(rnd, 0.85) ? 'POST' : 'GET';
			const options: RequestOptionsLike = {
				...dialect(rnd, `https://${host}`, chance(rnd, 0.8) ? '/' : `/${token(rnd, 4)}`),
				method,
				headers: {
					[pick(rnd, ['X-TC-Action', 'x-tc-action'])]: pick(rnd, ['VatInvoiceOCR', 'GetCallerIdentity', 'DescribeRegions']),
					'X-TC-Version': '2018-11-19',
					...(chance(rnd, 0.3) ? { 'X-TC-Region': 'ap-hongkong' } : {}),
					...(chance(rnd, 0.3) ? { [pick(rnd, ['content-type', 'Content-Type'])]: pick(rnd, ['application/json', 'application/json; charset=utf-8']) } : {}),
				},
				body: body(rnd, i),
				...(chance(rnd, 0.3) ? { qs: { Limit: int(rnd, 1, 9), Name: chineseText(rnd, 2) } } : {}),
			};
			const credentials = { ...TENCENT, secretId: `AKID${token(rnd, 28)}`, secretKey: token(rnd, 32), sessionToken, endpoint, region: pick(rnd, ['ap-guangzhou', '']) };
			const out = prepareTencentRequest(options, credentials, ts * 1000 + int(rnd, 0, 999)) as Out;

			expect(headersOf(out).Authorization).toBe(sdkTc3(out, service, credentials.secretKey, credentials.secretId));
			const secrets = new Map([[credentials.secretId, { secretKey: credentials.secretKey, sessionToken: sessionToken || undefined }]]);
			expect(tencentVerdict(out, secrets, ts)).toMatchObject({ ok: true, service, secretId: credentials.secretId });
			expect(readHeader(headersOf(out), 'host')).toBe(new URL(String(out.url)).host);
			expect(everything(out)).not.toContain(credentials.secretKey);
		}
		expect(endpoints).toBeGreaterThan(50);
		expect(tokens).toBeGreaterThan(40);
		expect(midnights).toBeGreaterThan(50);
	});

	test('250 Qiniu requests: the SDK (hosts without a port) and the verifier (all hosts) accept them', () => {
		const rnd = seededRandom(0x91a1);
		let viaSdk = 0;
		for (let i = 0; i < 250; i++) {
			const endpoint = chance(rnd, 0.4) ? pick(rnd, ['http://127.0.0.1:9000', 'http://emulator.internal', 'https://gw.example:8443/q']) : '';
			const method = pick(rnd, ['POST', 'POST', 'GET']);
			const extra: Record<string, string> = {};
			for (let k = int(rnd, 0, 3); k > 0; k--) extra[`${pick(rnd, ['X-Qiniu-', 'x-qiniu-'])}${pick(rnd, ['Meta-A', 'trace-id', 'Src'])}`] = token(rnd, 8);
			const options: RequestOptionsLike = {
				...dialect(rnd, `https://${pick(rnd, ['ap-gate-z0.qiniuapi.com', 'uc.qiniuapi.com'])}`, pick(rnd, ['/ocr/vat/invoice', '/buckets'])),
				method,
				headers: { ...extra, ...(chance(rnd, 0.3) ? { 'content-type': 'application/json' } : {}) },
				body: body(rnd, i),
				...(chance(rnd, 0.3) ? { qs: { shared: chance(rnd, 0.5), q: chineseText(rnd, 1) } } : {}),
			};
			const credentials = { accessKey: token(rnd, 40), secretKey: token(rnd, 40), endpoint };
			const nowMs = timestamp(rnd) * 1000 + int(rnd, 0, 999);
			const out = prepareQiniuRequest(options, credentials, nowMs) as Out;
			const url = new URL(String(out.url));
			const h = headersOf(out);
			const bytesSent = sentBytes(out.body);

			const verdict = verifyQiniu({
				method: String(out.method),
				path: url.pathname + url.search,
				headers: lowerHeaders(h),
				body: bytesSent,
				keys: new Map([[credentials.accessKey, credentials.secretKey]]),
				nowSeconds: Math.floor(nowMs / 1000),
			});
			expect(verdict).toEqual({ ok: true, accessKey: credentials.accessKey });
			if (url.port === '') {
				viaSdk++;
				const mac = new auth.digest.Mac(credentials.accessKey, credentials.secretKey);
				const sdk = util.generateAccessTokenV2(mac, url.href, String(out.method), readHeader(h, 'content-type') as string, bytesSent.length ? bytesSent.toString('utf8') : undefined, h);
				expect(h.Authorization).toBe(sdk);
			}
			expect(everything(out)).not.toContain(credentials.secretKey);
		}
		expect(viaSdk).toBeGreaterThan(150);
	});
});
