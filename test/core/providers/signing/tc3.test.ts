import { createHash } from 'node:crypto';
import Sign from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign';

import { hostWithoutPort, signTc3, tc3Date, tencentServiceFromHost } from '../../../../nodes/core/providers/signing/tc3';
import { seededRandom } from '../../../helpers/random';
import { HOSTS, asciiText, chance, chineseText, int, jsonBody, pick, timestamp, token } from './generate';

// The example of Tencent's "signature v3" page (the key is printed with asterisks; they are part of it).
const DOC = {
	secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******',
	secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******',
	timestamp: 1551113065,
	service: 'cvm',
	host: 'cvm.tencentcloudapi.com',
	contentType: 'application/json; charset=utf-8',
	payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
};

function sdkSign(args: {
	method: string;
	url: string;
	payload: Buffer;
	timestamp: number;
	service: string;
	secretId: string;
	secretKey: string;
	contentType: string;
}): string {
	return Sign.sign3({
		method: args.method,
		url: args.url,
		payload: args.payload,
		timestamp: args.timestamp,
		service: args.service,
		secretId: args.secretId,
		secretKey: args.secretKey,
		multipart: false,
		boundary: '',
		headers: { 'Content-Type': args.contentType },
	});
}

describe('signTc3 on the documented vectors', () => {
	test('the official example gives signature 2230eefd…', () => {
		const result = signTc3({ ...DOC, method: 'POST', path: '/', query: '' });
		expect(result.hashedPayload).toBe('35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064');
		expect(createHash('sha256').update(result.canonicalRequest).digest('hex')).toBe(
			'5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
		);
		expect(result.signature).toBe('2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c');
		expect(result.authorization).toBe(
			'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, ' +
				'SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c',
		);
		expect(result.credentialScope).toBe('2019-02-25/cvm/tc3_request');
		expect(result.canonicalRequest).toBe(
			'POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n' +
				'35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
		);
		expect(result.stringToSign).toBe(
			'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
		);
	});

	test('the SDK agrees on the official example', () => {
		const ours = signTc3({ ...DOC, method: 'POST' });
		const sdk = sdkSign({ ...DOC, method: 'POST', url: `https://${DOC.host}/`, payload: Buffer.from(DOC.payload) });
		expect(ours.authorization).toBe(sdk);
	});

	test('the same example with the SecretKey ending in EXAMPLE gives 72e494ea…', () => {
		const result = signTc3({ ...DOC, secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE', method: 'POST' });
		expect(result.signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
	});

	test('a string payload and the same bytes as a Buffer sign alike', () => {
		const a = signTc3({ ...DOC, method: 'POST' });
		const b = signTc3({ ...DOC, method: 'POST', payload: Buffer.from(DOC.payload, 'utf8') });
		expect(b.authorization).toBe(a.authorization);
	});
});

describe('tc3Date', () => {
	test.each([
		[1551113065, '2019-02-25'],
		[0, '1970-01-01'],
		[1704067199, '2023-12-31'], // 23:59:59 UTC (07:59:59 next day in Beijing)
		[1704067200, '2024-01-01'],
		[1704038400, '2023-12-31'], // 00:00 in Beijing is still the previous day in UTC
	])('%d is %s in UTC', (seconds, date) => {
		expect(tc3Date(seconds)).toBe(date);
	});
});

describe('tencentServiceFromHost', () => {
	test.each([
		['ocr.tencentcloudapi.com', 'ocr'],
		['ocr.ap-guangzhou.tencentcloudapi.com', 'ocr'],
		['OCR.AP-SHANGHAI.TencentCloudAPI.com', 'ocr'],
		['ocr.internal.tencentcloudapi.com', 'ocr'],
		['sts.tencentcloudapi.com:443', 'sts'],
		['cvm.tencentcloudapi.com.', 'cvm'],
		['tencentcloudapi.com', undefined],
		['ocr.tencentcloudapi.com.evil.example', undefined],
		['eviltencentcloudapi.com', undefined],
		['127.0.0.1:9000', undefined],
		['', undefined],
	])('%s -> %s', (host, service) => {
		expect(tencentServiceFromHost(host)).toBe(service);
	});

	test.each([
		['a.b:8080', 'a.b'],
		['A.B', 'a.b'],
		['[::1]:9000', '[::1]'],
		['[::1]', '[::1]'],
		['127.0.0.1', '127.0.0.1'],
	])('hostWithoutPort(%s) = %s', (host, expected) => {
		expect(hostWithoutPort(host)).toBe(expected);
	});
});

describe('signTc3 against Sign.sign3 on generated requests', () => {
	const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded'];

	test('300 seeded requests: bodies, timestamps around UTC midnight, hosts with and without ports', () => {
		const rnd = seededRandom(0x7c3);
		let compared = 0;
		let huge = 0;
		let acrossMidnight = 0;
		for (let i = 0; i < 300; i++) {
			const method = chance(rnd, 0.8) ? 'POST' : 'GET';
			const host = pick(rnd, HOSTS);
			const service = tencentServiceFromHost(host) ?? pick(rnd, ['ocr', 'sts', 'cvm']);
			const ts = timestamp(rnd);
			if (tc3Date(ts) !== tc3Date(ts - 3) || tc3Date(ts) !== tc3Date(ts + 3)) acrossMidnight++;
			let payload: Buffer;
			if (method === 'GET') payload = Buffer.alloc(0);
			else if (i % 60 === 7) payload = Buffer.from(JSON.stringify(jsonBody(rnd, true)), 'utf8');
			else if (chance(rnd, 0.2)) payload = Buffer.from(chineseText(rnd, int(rnd, 0, 200)), 'utf8');
			else payload = Buffer.from(JSON.stringify(jsonBody(rnd)), 'utf8');
			if (payload.length > 1_000_000) huge++;
			const query =
				method === 'GET' && chance(rnd, 0.7)
					? `Limit=${int(rnd, 1, 100)}&Name=${encodeURIComponent(chineseText(rnd, 2))}&Filters.0.Values.0=${encodeURIComponent(asciiText(rnd, 5))}`
					: '';
			const path = chance(rnd, 0.9) ? '/' : `/${token(rnd, 6)}/`;
			const url = new URL(`https://${host}${path}${query ? `?${query}` : ''}`);
			const contentType = method === 'GET' ? 'application/x-www-form-urlencoded' : pick(rnd, CONTENT_TYPES);
			const secretId = `AKID${token(rnd, 32)}`;
			const secretKey = token(rnd, 32);

			const ours = signTc3({
				secretId,
				secretKey,
				service,
				host: hostWithoutPort(url.host),
				method,
				path: url.pathname,
				query: url.search.slice(1),
				contentType,
				payload,
				timestamp: ts,
			});
			const sdk = sdkSign({ method, url: url.href, payload, timestamp: ts, service, secretId, secretKey, contentType });
			expect(ours.authorization).toBe(sdk);
			compared++;
		}
		expect(compared).toBe(300);
		expect(huge).toBeGreaterThan(0);
		expect(acrossMidnight).toBeGreaterThan(50);
	});
});

describe('signTc3 input checks', () => {
	const base = { ...DOC, method: 'POST' };
	test.each([
		['secretId', { ...base, secretId: '' }, /SecretId/],
		['secretKey', { ...base, secretKey: '' }, /SecretKey/],
		['service', { ...base, service: 'o c r' }, /service/],
		['timestamp', { ...base, timestamp: 1.5 }, /timestamp/],
		['contentType', { ...base, contentType: '' }, /Content-Type/],
		['host', { ...base, host: '' }, /host/],
		['line breaks', { ...base, contentType: 'application/json\r\nX: y' }, /line breaks/],
	])('refuses a bad %s without echoing the key', (_name, input, message) => {
		let error: Error | undefined;
		try {
			signTc3(input);
		} catch (e) {
			error = e as Error;
		}
		expect(error?.message).toMatch(message);
		expect(error?.message).not.toContain(DOC.secretKey);
	});
});
