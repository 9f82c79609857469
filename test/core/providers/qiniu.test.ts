import { ProviderError } from '../../../nodes/core/providers/errors';
import { QINIU_VAT_INVOICE_URL } from '../../../nodes/core/providers/apis';
import { buildQiniuVatInvoiceRequest, parseQiniuAnswer } from '../../../nodes/core/providers/qiniu';
import { readFixture, readJsonFixture } from '../../support/files';

function failure(statusCode: number, body: unknown, headers: Record<string, string> = {}): ProviderError {
	try {
		parseQiniuAnswer({ statusCode, headers, body });
	} catch (error) {
		expect(error).toBeInstanceOf(ProviderError);
		return error as ProviderError;
	}
	throw new Error('expected parseQiniuAnswer to fail');
}

describe('Qiniu request', () => {
	test('image_base64 for bytes, JSON, the documented endpoint', () => {
		const request = buildQiniuVatInvoiceRequest({ base64: 'aGVsbG8=' });
		expect(request).toEqual({
			method: 'POST',
			url: 'https://ap-gate-z0.qiniuapi.com/ocr/vat/invoice',
			headers: { 'Content-Type': 'application/json' },
			body: '{"image_base64":"aGVsbG8="}',
		});
		expect(QINIU_VAT_INVOICE_URL).toBe(request.url);
	});

	test('image_url for a URL, never both', () => {
		const request = buildQiniuVatInvoiceRequest({ url: 'https://files.example/invoice.pdf' });
		expect(JSON.parse(request.body)).toEqual({ image_url: 'https://files.example/invoice.pdf' });
	});
});

describe('Qiniu answers', () => {
	test('the documented example: the whole body, request id from X-Reqid', () => {
		const text = readFixture('providers', 'qiniu-vat-invoice-ocr.response.json');
		const parsed = parseQiniuAnswer({ statusCode: 200, headers: { 'X-Reqid': 'qiniu-reqid-1' }, body: text });
		expect(parsed).toEqual(readJsonFixture('providers', 'qiniu-vat-invoice-ocr.response.json'));
		expect(parsed.data?.license_main?.invoice_no).toBe('10178760');
	});

	test('401 with an empty body: not retried, says to check the keys, keeps X-Reqid', () => {
		const error = failure(401, '', { 'x-reqid': 'abc123' });
		expect(error).toMatchObject({
			provider: 'qiniu',
			api: 'QiniuVatInvoiceOCR',
			code: 'HTTP 401',
			httpStatus: 401,
			retryable: false,
			requestId: 'abc123',
		});
		expect(error.providerMessage).toBe('empty body');
		expect(error.hint).toMatch(/Access Key and Secret Key/);
		expect(error.message).toBe('Qiniu VAT invoice OCR returned HTTP 401: empty body (request id abc123)');
	});

	test('401 with {"error": "bad token"}', () => {
		const error = failure(401, '{"error":"bad token"}');
		expect(error.providerMessage).toBe('bad token');
		expect(error.retryable).toBe(false);
	});

	test.each([
		[429, true],
		[500, true],
		[502, true],
		[503, true],
		[400, false],
		[413, false],
		[403, false],
		[404, false],
	])('HTTP %s → retryable %s', (status, retryable) => {
		const error = failure(status, { error: 'nope' }, { 'Retry-After': '1' });
		expect(error).toMatchObject({
			code: `HTTP ${status}`,
			retryable,
			httpStatus: status,
			providerMessage: 'nope',
			retryAfterMs: 1000,
		});
		if (status === 400 || status === 413) expect(error.hint).toMatch(/8 MB/);
	});

	test('a body code other than 10000: Qiniu says why; rate and internal codes are retried', () => {
		const refused = failure(200, { code: 50411, message: 'Pre Img Risk Not Pass', request_id: 'body-id' });
		expect(refused).toMatchObject({
			code: '50411',
			retryable: false,
			requestId: 'body-id',
			providerMessage: 'Pre Img Risk Not Pass',
		});
		expect(failure(200, { code: 50429, message: 'Request Has Reached API Limit' }).retryable).toBe(true);
		expect(failure(200, { code: 50500, message: 'Internal Error' }).retryable).toBe(true);
	});

	test('X-Reqid wins over the body request_id', () => {
		expect(failure(200, { code: 1, message: 'x', request_id: 'body' }, { 'X-Reqid': 'header' }).requestId).toBe('header');
	});

	test.each([
		['not JSON', 'upstream <b>error</b>'],
		['empty', ''],
	])('a malformed 200 answer (%s) is retried', (_label, body) => {
		expect(failure(200, body)).toMatchObject({ code: 'MalformedResponse', retryable: true });
	});

	test('a 200 body without a code is retried; a 200 {error} is not', () => {
		expect(failure(200, {})).toMatchObject({ code: 'MissingCode', retryable: true });
		expect(failure(200, { error: 'quota' })).toMatchObject({ code: 'Error', retryable: false, providerMessage: 'quota' });
	});
});
