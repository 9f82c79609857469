import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { QiniuApi } from '../../credentials/QiniuApi.credentials';
import { send, startVerifyingServer } from '../support/httpServer';
import { runCredentialTest } from './runCredentialTest';

const KEY = { accessKey: 'dummy-qiniu-access-key-0001', secretKey: 'dummy-qiniu-secret-key-0001' };

const credential = new QiniuApi();
let server: Awaited<ReturnType<typeof startVerifyingServer>>;
let serverSkewSeconds = 0;

beforeAll(async () => {
	server = await startVerifyingServer({
		qiniuKeys: [KEY],
		nowSeconds: () => Math.floor(Date.now() / 1000) + serverSkewSeconds,
	});
});

afterAll(async () => {
	await server.close();
});

beforeEach(() => {
	serverSkewSeconds = 0;
});

function data(overrides: Record<string, string> = {}): ICredentialDataDecryptedObject {
	return { ...KEY, endpoint: server.url, ...overrides };
}

function ocrRequest(body: unknown = { image_url: 'https://example.com/发票.jpg' }): IHttpRequestOptions {
	return {
		url: 'https://ap-gate-z0.qiniuapi.com/ocr/vat/invoice',
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: body as IHttpRequestOptions['body'],
		json: true,
	};
}

function property(name: string): INodeProperties {
	const found = credential.properties.find((p) => p.name === name);
	if (!found) throw new Error(`no property ${name}`);
	return found;
}

function withOneByteChanged(buffer: Buffer, index: number): Buffer {
	const copy = Buffer.from(buffer);
	copy[index] = copy[index] === 0x41 ? 0x42 : 0x41;
	return copy;
}

describe('the qiniuApi credential type', () => {
	test('names, icons, documentation and fields', () => {
		expect(credential.name).toBe('qiniuApi');
		expect(credential.displayName).toBe('Qiniu API');
		expect(credential.icon).toEqual({ light: 'file:qiniu.svg', dark: 'file:qiniu.dark.svg' });
		expect(credential.documentationUrl).toBe('https://github.com/n8n-nodes-fapiao/n8n-nodes-fapiao#credentials');
		expect(credential.properties.map((p) => p.name)).toEqual(['accessKey', 'secretKey', 'endpoint']);
		expect(property('secretKey').typeOptions?.password).toBe(true);
		expect(property('accessKey').description).toContain('https://portal.qiniu.com/developer/user/key');
		expect(property('endpoint').required).toBeFalsy();
		expect(property('endpoint').description).toContain('emulator');
	});

	test('the test lists buckets and maps 401 to a clear message', () => {
		expect(credential.test.request).toMatchObject({ method: 'POST', url: 'https://uc.qiniuapi.com/buckets' });
		const rule401 = (credential.test.rules ?? []).find((r) => r.type === 'responseCode' && r.properties.value === 401);
		expect(String(rule401?.properties.message)).toContain('Access Key');
	});
});

describe('authenticate() against a server that verifies like Qiniu', () => {
	test('an OCR request with extra X-Qiniu-* headers is accepted; the Host keeps the port', async () => {
		const request = ocrRequest();
		request.headers = { ...request.headers, 'x-qiniu-trace-id': 'abc', 'X-Qiniu-Meta-Owner': ' owner-1 ' };
		const signed = await credential.authenticate(data(), request);
		const response = await send(signed);
		expect(response.statusCode).toBe(200);
		expect(response.json).toEqual({ ok: true, accessKey: KEY.accessKey, path: '/ocr/vat/invoice' });
		const received = server.requests[server.requests.length - 1];
		expect(received.headers.host).toBe(`127.0.0.1:${server.port}`);
		expect(received.headers['x-qiniu-date']).toMatch(/^\d{8}T\d{6}Z$/);
		expect(received.headers.authorization).toMatch(/^Qiniu dummy-qiniu-access-key-0001:[A-Za-z0-9_-]+=*$/);
	});

	test('a multi-megabyte base64 body and a query string are accepted', async () => {
		const request = ocrRequest({ image_base64: Buffer.alloc(3_000_000, 0x5a).toString('base64') });
		request.qs = { note: '增值税' };
		const response = await send(await credential.authenticate(data(), request));
		expect(response.statusCode).toBe(200);
		expect(server.requests[server.requests.length - 1].path).toBe('/ocr/vat/invoice?note=%E5%A2%9E%E5%80%BC%E7%A8%8E');
	});

	test('the HTTP Request node dialect (uri, string body) is accepted', async () => {
		const legacy = {
			uri: 'https://ap-gate-z0.qiniuapi.com/ocr/vat/invoice',
			method: 'POST',
			body: ' {"image_url": "https://example.com/a.png"} ',
			headers: { 'content-type': 'application/json' },
			json: true,
		} as unknown as IHttpRequestOptions;
		const response = await send(await credential.authenticate(data(), legacy));
		expect(response.statusCode).toBe(200);
		expect(server.requests[server.requests.length - 1].body.toString()).toBe(' {"image_url": "https://example.com/a.png"} ');
	});

	test('why the body goes out as a Buffer: axios trims a JSON string body, which breaks the signature', async () => {
		const body = ' {"image_url": "https://example.com/a.png"}\n';
		const signed = await credential.authenticate(data(), { ...ocrRequest(), body });
		expect(Buffer.isBuffer(signed.body)).toBe(true);
		expect((await send(signed)).statusCode).toBe(200);
		const asString = await send({ ...signed, body: (signed.body as Buffer).toString('utf8') });
		expect(server.requests[server.requests.length - 1].body.toString()).toBe(body.trim());
		expect(asString.statusCode).toBe(401);
	});

	test('one byte changed in the key, the body or the X-Qiniu-Date is rejected with 401', async () => {
		const wrongKey = `${KEY.secretKey.slice(0, -1)}2`;
		const bad = await send(await credential.authenticate(data({ secretKey: wrongKey }), ocrRequest()));
		expect(bad).toMatchObject({ statusCode: 401, json: { error: 'bad token' } });

		const signed = await credential.authenticate(data(), ocrRequest());
		expect((await send({ ...signed, body: withOneByteChanged(signed.body as Buffer, 3) })).statusCode).toBe(401);

		const headers = signed.headers as Record<string, string>;
		const date = headers['X-Qiniu-Date'];
		const otherDate = `${date.slice(0, -2)}${date.slice(-2, -1) === '0' ? '1' : '0'}Z`;
		expect((await send({ ...signed, headers: { ...headers, 'X-Qiniu-Date': otherDate } })).statusCode).toBe(401);

		expect((await send(signed)).statusCode).toBe(200);
	});

	test('an unknown AccessKey and a far-off clock are rejected', async () => {
		expect((await send(await credential.authenticate(data({ accessKey: 'nobody' }), ocrRequest()))).statusCode).toBe(401);
		serverSkewSeconds = 3600;
		expect(await send(await credential.authenticate(data(), ocrRequest()))).toMatchObject({ statusCode: 401, json: { error: 'expired token' } });
	});
});

describe('the credential test', () => {
	test('a working key passes: the bucket list answers 200', async () => {
		const outcome = await runCredentialTest(credential, data());
		expect(outcome).toMatchObject({ status: 'OK', statusCode: 200, body: [] });
		const received = server.requests[server.requests.length - 1];
		expect(received).toMatchObject({ method: 'POST', path: '/buckets' });
		expect(received.body.length).toBe(0);
		expect(received.headers['content-type']).toBe('application/x-www-form-urlencoded');
	});

	test('a wrong key fails with the 401 message', async () => {
		const outcome = await runCredentialTest(credential, data({ secretKey: 'dummy-wrong-secret-key-000000' }));
		expect(outcome).toMatchObject({ status: 'Error', statusCode: 401 });
		expect(outcome.message).toContain('Qiniu rejected the key');
	});
});

describe('secrets', () => {
	test('the secret key is nowhere in what authenticate returns', async () => {
		const signed = await credential.authenticate(data(), ocrRequest({ image_url: 'x' }));
		const text = JSON.stringify(signed, (_k, v: unknown) =>
			v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString() : v,
		);
		expect(text).not.toContain(KEY.secretKey);
		expect(text).toContain(KEY.accessKey);
	});

	test.each([
		['no AccessKey', { accessKey: ' ' }],
		['no SecretKey', { secretKey: '' }],
		['an endpoint with the key in it', { endpoint: `http://u:${KEY.secretKey}@127.0.0.1:1` }],
		['an invalid endpoint', { endpoint: 'ap-gate-z0' }],
	])('errors for %s do not contain the key', async (_name, overrides) => {
		let error: Error | undefined;
		try {
			await credential.authenticate(data(overrides), ocrRequest());
		} catch (e) {
			error = e as Error;
		}
		expect(error).toBeDefined();
		expect(`${error?.message} ${(error as { description?: string }).description} ${JSON.stringify(error)}`).not.toContain(KEY.secretKey);
	});
});
