/**
 * Qiniu VAT invoice OCR (https://developer.qiniu.com/dora/12446/the-vat-invoice-ocr): one POST with
 * `image_base64` or `image_url`, signed by the credential's authenticate() with a Qiniu management
 * token. Errors arrive two ways: an HTTP status with `{"error": "..."}` (a 401 may have no body at
 * all), or HTTP 200 with `{"code": <not 10000>, "message": "..."}`. The request id is the `X-Reqid`
 * response header, or `request_id` in the body.
 */
import { APIS } from './apis';
import { readHeader } from './signing/headers';
import { malformedAnswer, openAnswer } from './answer';
import { ProviderError, excerpt, type HttpAnswer, type RequestDescription } from './errors';

export const QINIU_SUCCESS_CODE = 10000;

export type QiniuSource = { base64: string } | { url: string };

/** Qiniu prefers image_base64 when both are given; only one is ever sent. */
export function buildQiniuVatInvoiceRequest(source: QiniuSource): RequestDescription {
	const payload = 'url' in source ? { image_url: source.url } : { image_base64: source.base64 };
	return {
		method: 'POST',
		url: APIS.QiniuVatInvoiceOCR.request?.url ?? '',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(payload),
	};
}

export type QiniuResponse = Record<string, unknown> & {
	code?: number;
	message?: string;
	request_id?: string;
	data?: { license_main?: Record<string, unknown> } & Record<string, unknown>;
};

const KEY_HINT =
	'Check the Access Key and Secret Key of the Qiniu API credential (Qiniu portal, Personal Center, Key Management).';
const SIZE_HINT =
	'Qiniu accepts at most 8 MB after base64 encoding and images of 256-2048 pixels per side; make the file smaller and retry.';

/**
 * Body codes other than 10000. Qiniu's page documents only the fields, not the values; the engine
 * behind it answers like Volcengine's OCR (same limits text), whose documented codes are used here:
 * 50429/50430 rate or concurrency limit and 50500/50501 internal errors are retried, others are not.
 * Unverified against a live Qiniu answer.
 */
const RETRYABLE_BODY_CODES = new Set([50429, 50430, 50500, 50501]);

/** What an HTTP status from Qiniu means: retry or not, and what to do (also the credential test's words). */
export function statusHint(status: number): { retryable: boolean; hint: string } {
	if (status === 401) {
		return {
			retryable: false,
			hint: `Qiniu rejected the key: the Access Key is unknown or the Secret Key does not belong to it, or the n8n server's clock is wrong. ${KEY_HINT}`,
		};
	}
	if (status === 403) {
		return {
			retryable: false,
			hint: `Qiniu refused the request. Check that the VAT invoice OCR service is enabled for the account and that the key may use it. ${KEY_HINT}`,
		};
	}
	if (status === 429) {
		return {
			retryable: true,
			hint: 'Too many requests to Qiniu. The request is retried; lower Requests per Second in the node options.',
		};
	}
	if (status === 400 || status === 413) {
		return {
			retryable: false,
			hint: `Qiniu rejected the file (HTTP ${status} is what Qiniu answers to an oversized or unreadable input). ${SIZE_HINT}`,
		};
	}
	if (status >= 500) {
		return {
			retryable: true,
			hint: `A temporary problem at Qiniu; the request is retried. Qiniu also answers HTTP 502 to oversized files: if it persists, check the file size. ${SIZE_HINT}`,
		};
	}
	return { retryable: false, hint: "Qiniu answered with an unexpected HTTP status. Check the credential's Endpoint." };
}

/** The request id of a Qiniu answer: the X-Reqid header, else the body's own `request_id`. */
export function qiniuRequestId(answer: HttpAnswer, body?: QiniuResponse): string | undefined {
	return readHeader(answer.headers, 'x-reqid') ?? (typeof body?.request_id === 'string' ? body.request_id : undefined);
}

/**
 * Reads Qiniu's answer: the whole body on success (`code` 10000 with `data.license_main`),
 * otherwise a ProviderError carrying the HTTP status, Qiniu's message and the X-Reqid.
 */
export function parseQiniuAnswer(answer: HttpAnswer, options: { nowMs?: number } = {}): QiniuResponse {
	const opened = openAnswer(answer, options.nowMs);
	const { status, retryAfterMs } = opened;
	const body = opened.body as QiniuResponse | undefined;
	const requestId = qiniuRequestId(answer, body);

	if (status < 200 || status >= 300) {
		const info = statusHint(status);
		const said =
			typeof body?.error === 'string'
				? body.error
				: typeof body?.message === 'string'
					? body.message
					: opened.detail;
		throw new ProviderError({
			provider: 'qiniu',
			api: 'QiniuVatInvoiceOCR',
			code: `HTTP ${status}`,
			message: said,
			requestId,
			httpStatus: status,
			retryable: info.retryable,
			hint: info.hint,
			retryAfterMs,
		});
	}
	if (!body) {
		throw malformedAnswer(opened, {
			provider: 'qiniu',
			api: 'QiniuVatInvoiceOCR',
			requestId,
			shape: 'unexpected answer',
			hint: "A temporary problem at Qiniu; the request is retried. If it keeps happening, check the credential's Endpoint.",
		});
	}
	if (typeof body.error === 'string' && body.code === undefined) {
		throw new ProviderError({
			provider: 'qiniu',
			api: 'QiniuVatInvoiceOCR',
			code: 'Error',
			message: body.error,
			requestId,
			httpStatus: status,
			retryable: false,
			hint: 'Qiniu reported an error. Check the file and the credential.',
		});
	}
	const code = Number(body.code);
	if (code !== QINIU_SUCCESS_CODE) {
		const retryable = RETRYABLE_BODY_CODES.has(code);
		throw new ProviderError({
			provider: 'qiniu',
			api: 'QiniuVatInvoiceOCR',
			code: body.code === undefined ? 'MissingCode' : String(body.code),
			message: typeof body.message === 'string' ? body.message : excerpt(JSON.stringify(body)),
			requestId,
			httpStatus: status,
			retryable: retryable || body.code === undefined,
			hint: retryable
				? 'A temporary problem or rate limit at Qiniu; the request is retried. If it persists, lower Requests per Second.'
				: body.code === undefined
					? "Qiniu's answer had no result code; the request is retried. If it keeps happening, check the credential's Endpoint."
					: `Qiniu could not read the invoice. Use a clear colour scan or photo of the whole invoice (no photocopies or black-and-white images). ${SIZE_HINT}`,
			retryAfterMs,
		});
	}
	return body;
}
