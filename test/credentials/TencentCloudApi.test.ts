import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { TencentCloudApi } from '../../credentials/TencentCloudApi.credentials';
import { send, startVerifyingServer } from '../support/httpServer';
import { runCredentialTest } from './runCredentialTest';

const PERMANENT = { secretId: 'AKIDdummyPermanent00000000000001', secretKey: 'dummy-permanent-secret-key-01' };
const TEMPORARY = { secretId: 'AKIDdummyTemporary00000000000002', secretKey: 'dummy-temporary-secret-key-02', sessionToken: 'dummy-session-token-02' };

const credential = new TencentCloudApi();
let server: Awaited<ReturnType<typeof startVerifyingServer>>;
let serverSkewSeconds = 0;

beforeAll(async () => {
	server = await startVerifyingServer({
		tencentKeys: [PERMANENT, TEMPORARY],
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
	return { ...PERMANENT, sessionToken: '', region: 'ap-guangzhou', endpoint: server.url, ...overrides };
}

function ocrRequest(body: unknown = { ImageUrl: 'https://example.com/发票.png' }): IHttpRequestOptions {
	return {
		url: 'https://ocr.tencentcloudapi.com/',
		method: 'POST',
		headers: { 'X-TC-Action': 'VatInvoiceOCR', 'X-TC-Version': '2018-11-19' },
		body: body as IHttpRequestOptions['body'],
		json: true,
	};
}

function property(name: string): INodeProperties {
	const found = credential.properties.find((p) => p.name === name);
	if (!found) throw new Error(`no property ${name}`);
	return found;
}

function errorCode(json: unknown): unknown {
	return (json as { Response?: { Error?: { Code?: string } } })?.Response?.Error?.Code;
}

function withOneByteChanged(buffer: Buffer, index: number): Buffer {
	const copy = Buffer.from(buffer);
	copy[index] = copy[index] === 0x41 ? 0x42 : 0x41;
	return copy;
}

describe('the tencentCloudApi credential type', () => {
	test('names, icons and documentation', () => {
		expect(credential.name).toBe('tencentCloudApi');
		expect(credential.displayName).toBe('Tencent Cloud API');
		expect(credential.icon).toEqual({ light: 'file:tencentCloud.svg', dark: 'file:tencentCloud.dark.svg' });
		expect(credential.documentationUrl).toBe('https://github.com/n8n-nodes-fapiao/n8n-nodes-fapiao#credentials');
	});

	test('fields per the contract', () => {
		expect(credential.properties.map((p) => p.name)).toEqual(['secretId', 'secretKey', 'sessionToken', 'region', 'endpoint']);
		expect(property('secretId').typeOptions?.password).toBeUndefined();
		expect(property('secretKey').typeOptions?.password).toBe(true);
		expect(property('sessionToken').typeOptions?.password).toBe(true);
		expect(property('sessionToken').required).toBeFalsy();
		expect(property('region').default).toBe('ap-guangzhou');
		expect((property('region').options ?? []).map((o) => (o as { value: string }).value)).toEqual(
			expect.arrayContaining(['ap-guangzhou', 'ap-shanghai', 'ap-beijing', 'ap-hongkong']),
		);
		expect(property('endpoint').required).toBeFalsy();
		expect(property('endpoint').placeholder).toBe('https://ocr.tencentcloudapi.com');
		expect(property('secretId').description).toContain('https://console.cloud.tencent.com/cam/capi');
		expect(property('endpoint').description).toContain('emulator');
	});

	test('the test request has one rule per AuthFailure code, each with its own message', () => {
		const rules = credential.test.rules ?? [];
		const codes = rules.map((r) => (r.properties as { value: string }).value);
		for (const code of [
			'AuthFailure.SignatureFailure',
			'AuthFailure.SecretIdNotFound',
			'AuthFailure.InvalidSecretId',
			'AuthFailure.SignatureExpire',
			'AuthFailure.TokenFailure',
			'AuthFailure.InvalidAuthorization',
			'AuthFailure.UnauthorizedOperation',
			'AuthFailure.MFAFailure',
		]) {
			expect(codes).toContain(code);
		}
		for (const rule of rules) {
			expect(rule.type).toBe('responseSuccessBody');
			expect((rule.properties as { key: string }).key).toBe('Response.Error.Code');
			expect(String((rule.properties as { message: string }).message).length).toBeGreaterThan(30);
		}
		expect(new Set(rules.map((r) => (r.properties as { message: string }).message)).size).toBe(rules.length);
	});
});

describe('authenticate() against a server that verifies like Tencent Cloud', () => {
	test('a request from a node (url + object body) is accepted, signed for ocr with the region', async () => {
		const signed = await credential.authenticate(data(), ocrRequest());
		const response = await send(signed);
		expect(response.statusCode).toBe(200);
		expect(response.json).toMatchObject({
			Response: { Echo: { secretId: PERMANENT.secretId, service: 'ocr', action: 'VatInvoiceOCR', region: 'ap-guangzhou' } },
		});
		const received = server.requests[server.requests.length - 1];
		expect(received.headers.host).toBe(`127.0.0.1:${server.port}`);
		expect(received.body.toString('utf8')).toBe(JSON.stringify({ ImageUrl: 'https://example.com/发票.png' }));
	});

	test('a multi-megabyte body (base64 and Chinese text) is accepted', async () => {
		const big = {
			ImageBase64: Buffer.alloc(2_500_000, 0xa7).toString('base64'),
			Remark: '增值税电子普通发票 价税合计（大写）'.repeat(20_000),
		};
		const response = await send(await credential.authenticate(data(), ocrRequest(big)));
		expect(response.json).toMatchObject({ Response: { Echo: { service: 'ocr' } } });
		expect(server.requests[server.requests.length - 1].body.length).toBeGreaterThan(4_000_000);
	});

	test('a request from the HTTP Request node (uri, string body, qs) for another API is accepted', async () => {
		const legacy = {
			uri: 'https://cvm.tencentcloudapi.com',
			method: 'POST',
			headers: { 'x-tc-action': 'DescribeRegions', 'x-tc-version': '2017-03-12', 'x-tc-region': 'ap-shanghai', 'content-type': 'application/json' },
			body: '{ "Limit": 1 }',
			qs: { Trace: '测试' },
			json: true,
			gzip: true,
			resolveWithFullResponse: true,
		} as unknown as IHttpRequestOptions;
		const signed = (await credential.authenticate(data(), legacy)) as IHttpRequestOptions & { uri?: string };
		expect(signed.uri).toBe(`${server.url}/?Trace=%E6%B5%8B%E8%AF%95`);
		const response = await send(signed);
		expect(response.json).toMatchObject({ Response: { Echo: { service: 'cvm', action: 'DescribeRegions', region: 'ap-shanghai' } } });
		expect(server.requests[server.requests.length - 1].body.toString()).toBe('{ "Limit": 1 }');
	});

	test('a GET with query parameters is accepted', async () => {
		const signed = await credential.authenticate(data(), {
			url: 'https://cvm.tencentcloudapi.com/',
			method: 'GET',
			qs: { Action: 'DescribeZones', Version: '2017-03-12', Name: '广州' },
		});
		const response = await send(signed);
		expect(errorCode(response.json)).toBeUndefined();
		expect(server.requests[server.requests.length - 1].path).toBe('/?Action=DescribeZones&Version=2017-03-12&Name=%E5%B9%BF%E5%B7%9E');
	});

	test('temporary keys are accepted with their session token only', async () => {
		const good = await send(await credential.authenticate(data(TEMPORARY), ocrRequest()));
		expect(errorCode(good.json)).toBeUndefined();
		const noToken = await send(await credential.authenticate(data({ ...TEMPORARY, sessionToken: '' }), ocrRequest()));
		expect(errorCode(noToken.json)).toBe('AuthFailure.TokenFailure');
		const wrongToken = await send(await credential.authenticate(data({ ...TEMPORARY, sessionToken: `${TEMPORARY.sessionToken}x` }), ocrRequest()));
		expect(errorCode(wrongToken.json)).toBe('AuthFailure.TokenFailure');
	});

	test('one byte changed in the key, the body or the timestamp is rejected', async () => {
		const key = PERMANENT.secretKey;
		const wrongKey = `${key.slice(0, -1)}${key.endsWith('1') ? '2' : '1'}`;
		expect(errorCode((await send(await credential.authenticate(data({ secretKey: wrongKey }), ocrRequest()))).json)).toBe('AuthFailure.SignatureFailure');

		const signed = await credential.authenticate(data(), ocrRequest());
		const body = signed.body as Buffer;
		expect(errorCode((await send({ ...signed, body: withOneByteChanged(body, 5) })).json)).toBe('AuthFailure.SignatureFailure');

		const headers = signed.headers as Record<string, string>;
		const timestamp = Number(headers['X-TC-Timestamp']);
		const later = { ...signed, headers: { ...headers, 'X-TC-Timestamp': String(timestamp + 1) } };
		expect(errorCode((await send(later)).json)).toBe('AuthFailure.SignatureFailure');

		expect(errorCode((await send(signed)).json)).toBeUndefined(); // the untouched request still passes
	});

	test('an unknown SecretId and a skewed clock get their own codes', async () => {
		expect(errorCode((await send(await credential.authenticate(data({ secretId: 'AKIDunknown' }), ocrRequest()))).json)).toBe(
			'AuthFailure.SecretIdNotFound',
		);
		serverSkewSeconds = 600;
		expect(errorCode((await send(await credential.authenticate(data(), ocrRequest()))).json)).toBe('AuthFailure.SignatureExpire');
	});
});

describe('the credential test', () => {
	test('a working key passes (the parameter error of an empty VatInvoiceOCR is not an auth failure)', async () => {
		const outcome = await runCredentialTest(credential, data());
		expect(errorCode(outcome.body)).toBe('InvalidParameterValue.InvalidParameterValueLimit');
		expect(outcome).toMatchObject({ status: 'OK' });
		const received = server.requests[server.requests.length - 1];
		expect(received.headers['x-tc-action']).toBe('VatInvoiceOCR');
		expect(received.body.toString()).toBe('{}');
	});

	test.each([
		['a wrong Secret Key', { secretKey: 'dummy-not-the-right-secret-key' }, 'AuthFailure.SignatureFailure', 'Secret Key does not belong'],
		['an unknown Secret ID', { secretId: 'AKIDdummyNobodyHasThisKey000000' }, 'AuthFailure.SecretIdNotFound', 'does not know this Secret ID'],
		['a stale token', { ...TEMPORARY, sessionToken: 'expired' }, 'AuthFailure.TokenFailure', 'session token'],
	])('%s fails with its message', async (_name, overrides, code, message) => {
		const outcome = await runCredentialTest(credential, data(overrides));
		expect(errorCode(outcome.body)).toBe(code);
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toContain(message);
	});

	test("a clock more than 5 minutes off fails with the clock message", async () => {
		serverSkewSeconds = -400;
		const outcome = await runCredentialTest(credential, data());
		expect(outcome).toMatchObject({ status: 'Error' });
		expect(outcome.message).toContain('clock');
	});
});

describe('secrets', () => {
	test('the secret key is nowhere in what authenticate returns, only its signature is', async () => {
		const signed = await credential.authenticate(data(TEMPORARY), ocrRequest({ Note: 'x' }));
		const text = JSON.stringify(signed, (_k, v: unknown) =>
			v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString() : v,
		);
		expect(text).not.toContain(TEMPORARY.secretKey);
		expect(text).toContain(TEMPORARY.sessionToken); // the token must travel, as X-TC-Token
		expect((signed.headers as Record<string, string>)['X-TC-Token']).toBe(TEMPORARY.sessionToken);
	});

	test.each([
		['no Secret ID', { secretId: '' }],
		['an invalid endpoint', { endpoint: 'http://[bad' }],
		['an endpoint with the key in it', { endpoint: `https://user:${PERMANENT.secretKey}@proxy.example` }],
	])('errors for %s do not contain the key', async (_name, overrides) => {
		let error: Error | undefined;
		try {
			await credential.authenticate(data(overrides), ocrRequest());
		} catch (e) {
			error = e as Error;
		}
		expect(error).toBeDefined();
		const everything = `${error?.message} ${(error as { description?: string }).description} ${JSON.stringify(error)}`;
		expect(everything).not.toContain(PERMANENT.secretKey);
	});
});
