import { TENCENT_OCR_URL } from '../../../nodes/core/providers/apis';
import { NodeApiError, type JsonObject } from 'n8n-workflow';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';

import { ProviderError, classifyTransportError, parseRetryAfter } from '../../../nodes/core/providers/errors';
import {
	TENCENT_ERROR_CODES,
	buildRecognizeGeneralInvoiceRequest,
	buildVatInvoiceOcrRequest,
	buildVerifyOfdVatInvoiceOcrRequest,
	classifyTencentCode,
	parseTencentAnswer,
	pdfPageSize,
	totalPdfCount,
	type TencentAction,
} from '../../../nodes/core/providers/tencent';
import { readFixture, readJsonFixture } from '../../support/files';

function body(description: { body: string }): Record<string, unknown> {
	return JSON.parse(description.body) as Record<string, unknown>;
}

/** The official SDK's answer parser, as an independent oracle for ours. */
const sdk = new CommonClient('ocr.tencentcloudapi.com', '2018-11-19', {
	credential: { secretId: 'unused', secretKey: 'unused' },
	region: 'ap-guangzhou',
});
const sdkParse = (sdk as unknown as { parseResponse(res: Response): Promise<unknown> }).parseResponse.bind(sdk);

async function sdkOutcome(
	status: number,
	text: string,
): Promise<{ ok: true; value: unknown } | { ok: false; code?: string; requestId?: string; httpCode?: number }> {
	try {
		return { ok: true, value: await sdkParse(new Response(text, { status, headers: { 'content-type': 'application/json' } })) };
	} catch (error) {
		const e = error as { code?: string; requestId?: string; httpCode?: number };
		return { ok: false, code: e.code, requestId: e.requestId, httpCode: e.httpCode };
	}
}

function parseOutcome(
	action: TencentAction,
	status: number,
	text: string,
	headers: Record<string, string> = {},
): { ok: true; value: unknown } | { ok: false; error: ProviderError } {
	try {
		return { ok: true, value: parseTencentAnswer(action, { statusCode: status, headers, body: text }) };
	} catch (error) {
		expect(error).toBeInstanceOf(ProviderError);
		return { ok: false, error: error as ProviderError };
	}
}

function errorBody(code: string, message = 'something', requestId = 'req-1'): string {
	return JSON.stringify({ Response: { Error: { Code: code, Message: message }, RequestId: requestId } });
}

describe('request building', () => {
	test('VatInvoiceOCR with bytes: ImageBase64, the fixed headers, no IsPdf for an image', () => {
		const base64 = readFixture('images', 'guanshuicheng_invoice_vat-e-common.png').toString('base64');
		const request = buildVatInvoiceOcrRequest({ source: { base64 }, isPdf: false });
		expect(request.method).toBe('POST');
		expect(request.url).toBe(TENCENT_OCR_URL);
		expect(request.url).toBe('https://ocr.tencentcloudapi.com/');
		expect(request.headers).toEqual({
			'X-TC-Action': 'VatInvoiceOCR',
			'X-TC-Version': '2018-11-19',
			'Content-Type': 'application/json',
		});
		expect(body(request)).toEqual({ ImageBase64: base64 });
		expect(typeof request.body).toBe('string');
	});

	test('VatInvoiceOCR with a PDF: IsPdf, and PdfPageNumber only when a page is asked for', () => {
		expect(body(buildVatInvoiceOcrRequest({ source: { base64: 'JVBERi0=' }, isPdf: true }))).toEqual({
			ImageBase64: 'JVBERi0=',
			IsPdf: true,
		});
		expect(body(buildVatInvoiceOcrRequest({ source: { base64: 'JVBERi0=' }, isPdf: true, pdfPageNumber: 3 }))).toEqual({
			ImageBase64: 'JVBERi0=',
			IsPdf: true,
			PdfPageNumber: 3,
		});
		// A page number means nothing for an image, so it is not sent.
		expect(body(buildVatInvoiceOcrRequest({ source: { base64: 'x' }, isPdf: false, pdfPageNumber: 2 }))).toEqual({
			ImageBase64: 'x',
		});
	});

	test('VatInvoiceOCR with a URL: ImageUrl only (never both), IsPdf as given', () => {
		const request = buildVatInvoiceOcrRequest({ source: { url: 'https://files.example/a.pdf' }, isPdf: true, pdfPageNumber: 2 });
		expect(body(request)).toEqual({ ImageUrl: 'https://files.example/a.pdf', IsPdf: true, PdfPageNumber: 2 });
		expect(body(request)).not.toHaveProperty('ImageBase64');
	});

	test('page numbers must be whole numbers >= 1', () => {
		expect(() => buildVatInvoiceOcrRequest({ source: { base64: 'x' }, isPdf: true, pdfPageNumber: 0 })).toThrow(RangeError);
		expect(() => buildRecognizeGeneralInvoiceRequest({ source: { base64: 'x' }, isPdf: true, pdfPageNumber: 1.5 })).toThrow(
			/whole number/,
		);
		expect(() => buildVerifyOfdVatInvoiceOcrRequest({ source: { base64: 'x' }, ofdPageNumber: -1 })).toThrow(/OfdPageNumber/);
	});

	test('RecognizeGeneralInvoice: EnablePdf for PDFs, one page or EnableMultiplePage (then no page number)', () => {
		const image = buildRecognizeGeneralInvoiceRequest({ source: { base64: 'x' }, isPdf: false });
		expect(image.headers['X-TC-Action']).toBe('RecognizeGeneralInvoice');
		expect(body(image)).toEqual({ ImageBase64: 'x' });
		expect(body(buildRecognizeGeneralInvoiceRequest({ source: { base64: 'x' }, isPdf: true }))).toEqual({
			ImageBase64: 'x',
			EnablePdf: true,
		});
		expect(body(buildRecognizeGeneralInvoiceRequest({ source: { base64: 'x' }, isPdf: true, pdfPageNumber: 4 }))).toEqual({
			ImageBase64: 'x',
			EnablePdf: true,
			PdfPageNumber: 4,
		});
		expect(
			body(
				buildRecognizeGeneralInvoiceRequest({
					source: { url: 'https://u.example/x' },
					isPdf: true,
					pdfPageNumber: 4,
					multiplePage: true,
				}),
			),
		).toEqual({
			ImageUrl: 'https://u.example/x',
			EnablePdf: true,
			EnableMultiplePage: true,
		});
	});

	test('VerifyOfdVatInvoiceOCR: OfdFileBase64 or OfdFileUrl, OfdPageNumber', () => {
		const ofd = readFixture('ofd', 'ofdrw_converter_1_vat-e-common-suwell-2020.ofd').toString('base64');
		const request = buildVerifyOfdVatInvoiceOcrRequest({ source: { base64: ofd } });
		expect(request.headers['X-TC-Action']).toBe('VerifyOfdVatInvoiceOCR');
		expect(body(request)).toEqual({ OfdFileBase64: ofd });
		expect(body(buildVerifyOfdVatInvoiceOcrRequest({ source: { url: 'https://u.example/a.ofd' }, ofdPageNumber: 2 }))).toEqual({
			OfdFileUrl: 'https://u.example/a.ofd',
			OfdPageNumber: 2,
		});
	});
});

describe('parsing the documented answers (checked against the official SDK parser)', () => {
	test.each([
		['VatInvoiceOCR', 'VatInvoiceOCR.response.json'],
		['RecognizeGeneralInvoice', 'RecognizeGeneralInvoice.response.json'],
		['VerifyOfdVatInvoiceOCR', 'VerifyOfdVatInvoiceOCR.response.json'],
	] as Array<[TencentAction, string]>)('%s', async (action, file) => {
		const text = readFixture('tencent', file).toString('utf8');
		const ours = parseTencentAnswer(action, { statusCode: 200, headers: { 'content-type': 'application/json' }, body: text });
		const theirs = await sdkOutcome(200, text);
		expect(theirs.ok).toBe(true);
		expect(ours).toEqual((theirs as { value: unknown }).value);
		expect(ours).toEqual(readJsonFixture('tencent', file).Response);
	});

	test('the body may arrive as bytes or already parsed', () => {
		const text = readFixture('tencent', 'VatInvoiceOCR.response.json');
		const fromBytes = parseTencentAnswer('VatInvoiceOCR', { statusCode: 200, body: text });
		const fromObject = parseTencentAnswer('VatInvoiceOCR', { statusCode: 200, body: JSON.parse(text.toString('utf8')) });
		expect(fromBytes).toEqual(fromObject);
		expect(fromBytes.RequestId).toBe('3132733e-deea-4883-ac4e-c7d11ce01445');
	});

	test('page counts: PdfPageSize (0 for images) and TotalPDFCount', () => {
		const vat = readJsonFixture('tencent', 'VatInvoiceOCR.response.json').Response;
		expect(pdfPageSize(vat)).toBe(0);
		expect(pdfPageSize({ ...vat, PdfPageSize: 5 })).toBe(5);
		expect(totalPdfCount(readJsonFixture('tencent', 'RecognizeGeneralInvoice.response.json').Response)).toBe(1);
		expect(totalPdfCount({})).toBe(0);
	});
});

/**
 * Every error code Tencent documents (sources in docs/domain.md §1.2: common errors, VatInvoiceOCR, VerifyOfdVatInvoiceOCR,
 * RecognizeGeneralInvoice/MixedInvoiceOCR, VatInvoiceVerifyNew, errors.go) with whether it is retried.
 */
const EVERY_CODE: Array<[string, boolean]> = [
	['AuthFailure.InvalidAuthorization', false],
	['AuthFailure.InvalidSecretId', false],
	['AuthFailure.MFAFailure', false],
	['AuthFailure.SecretIdNotFound', false],
	['AuthFailure.SignatureExpire', false],
	['AuthFailure.SignatureFailure', false],
	['AuthFailure.TokenFailure', false],
	['AuthFailure.UnauthorizedOperation', false],
	['ActionOffline', false],
	['DryRunOperation', false],
	['FailedOperation', false],
	['InternalError', true],
	['InvalidAction', false],
	['InvalidParameter', false],
	['InvalidParameterValue', false],
	['InvalidRequest', false],
	['IpInBlacklist', false],
	['IpNotInWhitelist', false],
	['LimitExceeded', false],
	['MissingParameter', false],
	['NoSuchProduct', false],
	['NoSuchVersion', false],
	['RequestLimitExceeded', true],
	['RequestLimitExceeded.GlobalRegionUinLimitExceeded', true],
	['RequestLimitExceeded.IPLimitExceeded', true],
	['RequestLimitExceeded.UinLimitExceeded', true],
	['RequestSizeLimitExceeded', false],
	['ResourceInUse', false],
	['ResourceInsufficient', false],
	['ResourceNotFound', false],
	['ResourceUnavailable', false],
	['ResponseSizeLimitExceeded', false],
	['ServiceUnavailable', true],
	['UnauthorizedOperation', false],
	['UnknownParameter', false],
	['UnsupportedOperation', false],
	['UnsupportedProtocol', false],
	['UnsupportedRegion', false],
	['FailedOperation.DownLoadError', false],
	['FailedOperation.DownloadError', false],
	['FailedOperation.EmptyImageError', false],
	['FailedOperation.ImageBlur', false],
	['FailedOperation.ImageDecodeFailed', false],
	['FailedOperation.ImageNoText', false],
	['FailedOperation.ImageSizeTooLarge', false],
	['FailedOperation.OcrFailed', false],
	['FailedOperation.UnKnowError', false],
	['FailedOperation.UnOpenError', false],
	['InvalidParameter.EngineImageDecodeFailed', false],
	['InvalidParameterValue.InvalidParameterValueLimit', false],
	['LimitExceeded.TooLargeFileError', false],
	['ResourceUnavailable.InArrears', false],
	['ResourceUnavailable.ResourcePackageRunOut', false],
	['ResourcesSoldOut.ChargeStatusException', false],
	['FailedOperation.ArrearsError', false],
	['FailedOperation.CountLimitError', false],
	['FailedOperation.InvoiceMismatch', false],
	['InvalidParameterValue.PriceOrVerificationParameterValueLimit', false],
	['InvalidParameterValue.TicketCodeParameterValueLimit', false],
	['InvalidParameterValue.TicketDateParameterValueLimit', false],
	['InvalidParameterValue.TicketSnParameterValueLimit', false],
	['ResourceNotFound.NoAreaCode', false],
	['ResourceNotFound.NoInvoice', false],
	['ResourceNotFound.NotSupportCurrentInvoiceQuery', false],
	['ResourceUnavailable.TaxNetworkError', true],
	['FailedOperation.UnKnowFileTypeError', false],
	['FailedOperation.EngineRecognizeTimeout', true],
	['FailedOperation.DetectFailed', false],
	['FailedOperation.QueryNoRecord', false],
	['FailedOperation.UnsupportedInvoice', false],
	['FailedOperation.UnsupportedInvioce', false],
];

describe('error classification: every code Tencent documents (docs/domain.md §1.2)', () => {
	test.each(EVERY_CODE)('%s → retryable %s, with its own hint', async (code, retryable) => {
		expect(TENCENT_ERROR_CODES[code]).toBeDefined();
		const text = errorBody(code, `message for ${code}`, `rid-${code}`);
		const outcome = parseOutcome('VatInvoiceOCR', 200, text);
		expect(outcome.ok).toBe(false);
		const error = (outcome as { error: ProviderError }).error;
		expect(error).toMatchObject({
			provider: 'tencent',
			api: 'VatInvoiceOCR',
			code,
			requestId: `rid-${code}`,
			httpStatus: 200,
			retryable,
		});
		expect(error.providerMessage).toBe(`message for ${code}`);
		expect(error.hint.length).toBeGreaterThan(20);
		expect(error.message).toBe(`Tencent Cloud VatInvoiceOCR returned ${code}: message for ${code} (request id rid-${code})`);
		// The official SDK reads the same code and request id out of the same answer.
		const theirs = await sdkOutcome(200, text);
		expect(theirs).toMatchObject({ ok: false, code, requestId: `rid-${code}` });
	});

	test('hints say what to do', () => {
		expect(classifyTencentCode('FailedOperation.UnOpenError').hint).toMatch(/Enable .*OCR.* console/);
		expect(classifyTencentCode('ResourceUnavailable.InArrears').hint).toMatch(/Top up/);
		expect(classifyTencentCode('ResourceUnavailable.ResourcePackageRunOut').hint).toMatch(/package|pay-as-you-go/);
		expect(classifyTencentCode('FailedOperation.ImageBlur').hint).toMatch(/sharper/);
		expect(classifyTencentCode('AuthFailure.SignatureFailure').hint).toMatch(/Secret Key/);
		expect(classifyTencentCode('AuthFailure.SignatureExpire').hint).toMatch(/clock/);
		expect(classifyTencentCode('RequestLimitExceeded').hint).toMatch(/Requests per Second/);
		expect(classifyTencentCode('LimitExceeded.TooLargeFileError').hint).toMatch(/7 MB/);
		expect(classifyTencentCode('FailedOperation.DownLoadError').hint).toMatch(/public/);
	});

	test('codes not in the table fall back to their family', () => {
		expect(classifyTencentCode('AuthFailure.SomethingNew').retryable).toBe(false);
		expect(classifyTencentCode('AuthFailure.SomethingNew').hint).toMatch(/Secret ID/);
		expect(classifyTencentCode('RequestLimitExceeded.Whatever').retryable).toBe(true);
		expect(classifyTencentCode('InternalError.DbError').retryable).toBe(true);
		expect(classifyTencentCode('InvalidParameterValue.Other').retryable).toBe(false);
		expect(classifyTencentCode('InvalidParameter.Other').retryable).toBe(false);
		expect(classifyTencentCode('MissingParameter.Foo').retryable).toBe(false);
		expect(classifyTencentCode('Totally.Unknown').retryable).toBe(false);
	});
});

describe('answers that are not Tencent API answers', () => {
	test.each([
		[429, true],
		[500, true],
		[502, true],
		[503, true],
		[504, true],
		[400, false],
		[403, false],
		[404, false],
	])('HTTP %s → retryable %s, code "HTTP <status>"', async (status, retryable) => {
		const outcome = parseOutcome('VatInvoiceOCR', status, '<html>gateway</html>', { 'retry-after': '2' });
		const error = (outcome as { error: ProviderError }).error;
		expect(error).toMatchObject({ code: `HTTP ${status}`, httpStatus: status, retryable, retryAfterMs: 2000 });
		expect(error.providerMessage).toBe('<html>gateway</html>');
		const theirs = await sdkOutcome(status, '<html>gateway</html>');
		expect(theirs).toMatchObject({ ok: false, httpCode: status });
	});

	test('an API error inside an HTTP 5xx answer keeps its code and is retried', () => {
		const outcome = parseOutcome('VatInvoiceOCR', 503, errorBody('FailedOperation.OcrFailed'));
		expect((outcome as { error: ProviderError }).error).toMatchObject({
			code: 'FailedOperation.OcrFailed',
			retryable: true,
			httpStatus: 503,
		});
	});

	test.each([
		['not JSON', '{"Response": {"VatInv'],
		['empty', ''],
		['JSON without Response', '{"hello": 1}'],
		['Response not an object', '{"Response": "x"}'],
	])('malformed answer (%s) → MalformedResponse, retryable', (_label, text) => {
		const outcome = parseOutcome('RecognizeGeneralInvoice', 200, text);
		const error = (outcome as { error: ProviderError }).error;
		expect(error.code).toBe('MalformedResponse');
		expect(error.retryable).toBe(true);
		expect(error.api).toBe('RecognizeGeneralInvoice');
	});

	test('the request id falls back to the X-TC-TraceId header when the body has none', () => {
		const outcome = parseOutcome('VatInvoiceOCR', 502, '', { 'X-TC-TraceId': 'trace-9' });
		expect((outcome as { error: ProviderError }).error.requestId).toBe('trace-9');
	});
});

describe('transport failures', () => {
	test.each([
		['axios timeout', Object.assign(new Error('timeout of 30000ms exceeded'), { code: 'ECONNABORTED' }), 'Timeout', true],
		['socket timeout', Object.assign(new Error('connect ETIMEDOUT 1.2.3.4:443'), { code: 'ETIMEDOUT' }), 'Timeout', true],
		[
			'fetch timeout',
			Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }),
			'Timeout',
			true,
		],
		['reset', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'ECONNRESET', true],
		['refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED', true],
		['temporary DNS failure', Object.assign(new Error('getaddrinfo EAI_AGAIN x'), { code: 'EAI_AGAIN' }), 'EAI_AGAIN', true],
		['unknown host', Object.assign(new Error('getaddrinfo ENOTFOUND ocr.example'), { code: 'ENOTFOUND' }), 'ENOTFOUND', false],
		['cancelled', Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }), 'Cancelled', false],
		['something else', new Error('unexpected'), 'RequestFailed', false],
	])('%s', (_label, error, code, retryable) => {
		const classified = classifyTransportError(error, 'tencent', 'VatInvoiceOCR');
		expect(classified).toBeInstanceOf(ProviderError);
		expect(classified).toMatchObject({ code, retryable, provider: 'tencent', transport: true });
		expect(classified.hint.length).toBeGreaterThan(20);
		// n8n swaps any error message quoting a Node error code for a generic sentence: never quote one.
		expect(classified.message).toMatch(/^No answer from Tencent Cloud VatInvoiceOCR: /);
		expect(classified.message).not.toMatch(/ECONN|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|GETADDRINFO|EHOSTUNREACH/i);
		expect(classified.detail).toBe((error as Error).message);
	});

	test('the code is found through wrapped errors (cause chain), as n8n wraps them', () => {
		const inner = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
		const wrapper = new Error('The connection to the server was closed unexpectedly', { cause: inner });
		expect(classifyTransportError(wrapper, 'qiniu')).toMatchObject({ code: 'ECONNRESET', retryable: true, provider: 'qiniu' });
	});

	test.each([
		['a reset', { message: 'socket hang up', code: 'ECONNRESET' }, 'NetworkError'],
		['a timeout', { message: 'timeout of 30000ms exceeded', code: 'ECONNABORTED' }, 'Timeout'],
	])("%s wrapped in n8n's NodeApiError (n8n 1.x: no cause, no code, the text only in `messages`) is still retried", (_label, raw, code) => {
		const node = { id: '1', name: 'VAT Invoice OCR', type: 'n8n-nodes-fapiao.vatInvoiceOcr', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		const wrapped = new NodeApiError(node, raw as JsonObject);
		expect(wrapped.cause).toBeUndefined();
		expect(wrapped.message).not.toContain(raw.message);
		expect(classifyTransportError(wrapped, 'tencent', 'VatInvoiceOCR')).toMatchObject({ code, retryable: true });
	});

	test('Retry-After: seconds or an HTTP date', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		expect(parseRetryAfter('0.5')).toBe(500);
		expect(parseRetryAfter(undefined)).toBeUndefined();
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
		expect(parseRetryAfter('soon', 0)).toBeUndefined();
	});
});
