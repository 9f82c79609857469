/**
 * Tencent Cloud OCR (API 3.0, version 2018-11-19): build the requests of the three invoice actions as
 * plain data, read the answers, and say for every error code whether trying again can help and what
 * the user should do. The credential's authenticate() signs the request (TC3-HMAC-SHA256), sets
 * X-TC-Timestamp/X-TC-Region/X-TC-Token, and swaps the origin when the user set an endpoint.
 */
import { APIS, TENCENT_OCR_VERSION } from './apis';
import { readHeader } from './signing/headers';
import { malformedAnswer, openAnswer } from './answer';
import { ProviderError, retryAfterOf, type HttpAnswer, type RequestDescription } from './errors';

export type TencentAction = 'VatInvoiceOCR' | 'RecognizeGeneralInvoice' | 'VerifyOfdVatInvoiceOCR' | 'VatInvoiceVerifyNew';

/** RecognizeGeneralInvoice with EnableMultiplePage returns at most this many pages. */
export const GENERAL_INVOICE_MULTIPAGE_LIMIT = 30;

/** Where the file comes from: its bytes (already base64) or a URL Tencent downloads itself. */
export type FileSource = { base64: string } | { url: string };

export function request(action: TencentAction, payload: Record<string, unknown>): RequestDescription {
	return {
		method: 'POST',
		url: APIS[action].request?.url ?? '',
		headers: {
			'X-TC-Action': action,
			'X-TC-Version': TENCENT_OCR_VERSION,
			'Content-Type': 'application/json',
		},
		body: JSON.stringify(payload),
	};
}

function checkPage(page: number | undefined, name: string): void {
	if (page !== undefined && (!Number.isInteger(page) || page < 1)) {
		throw new RangeError(`${name} must be a whole number of at least 1, got ${page}`);
	}
}

export interface VatInvoiceOcrInput {
	source: FileSource;
	/**
	 * Whether the file may be a PDF: true for PDF bytes and for URLs (whose content is unknown),
	 * false for images. Tencent only reads PDFs with IsPdf=true, and reads images either way.
	 */
	isPdf: boolean;
	/** 1-based page; only sent with isPdf. Tencent's default is 1. */
	pdfPageNumber?: number;
}

/** VatInvoiceOCR: ImageUrl or ImageBase64 (Tencent uses the URL when both are given, so only one is sent). */
export function buildVatInvoiceOcrRequest(input: VatInvoiceOcrInput): RequestDescription {
	checkPage(input.pdfPageNumber, 'PdfPageNumber');
	const payload: Record<string, unknown> = {};
	if ('url' in input.source) payload.ImageUrl = input.source.url;
	else payload.ImageBase64 = input.source.base64;
	if (input.isPdf) {
		payload.IsPdf = true;
		if (input.pdfPageNumber !== undefined) payload.PdfPageNumber = input.pdfPageNumber;
	}
	return request('VatInvoiceOCR', payload);
}

export interface GeneralInvoiceInput {
	source: FileSource;
	isPdf: boolean;
	/** One page of a PDF (ignored by Tencent when multiplePage is on). */
	pdfPageNumber?: number;
	/** Read the first 30 pages in one call (EnableMultiplePage). */
	multiplePage?: boolean;
}

/**
 * RecognizeGeneralInvoice. EnablePdf defaults to true at Tencent; it is sent explicitly for PDFs and
 * URLs so the request says what it means. With multiplePage, PdfPageNumber is not sent: Tencent
 * ignores it then ("开启后EnablePdf和PdfPageNumber入参不进行控制").
 */
export function buildRecognizeGeneralInvoiceRequest(input: GeneralInvoiceInput): RequestDescription {
	checkPage(input.pdfPageNumber, 'PdfPageNumber');
	const payload: Record<string, unknown> = {};
	if ('url' in input.source) payload.ImageUrl = input.source.url;
	else payload.ImageBase64 = input.source.base64;
	if (input.isPdf) {
		payload.EnablePdf = true;
		if (input.multiplePage) payload.EnableMultiplePage = true;
		else if (input.pdfPageNumber !== undefined) payload.PdfPageNumber = input.pdfPageNumber;
	}
	return request('RecognizeGeneralInvoice', payload);
}

export interface VerifyOfdInput {
	source: FileSource;
	/** 1-based page of the OFD document; Tencent's default is 1. */
	ofdPageNumber?: number;
}

/** VerifyOfdVatInvoiceOCR: OfdFileUrl or OfdFileBase64, OfdPageNumber. */
export function buildVerifyOfdVatInvoiceOcrRequest(input: VerifyOfdInput): RequestDescription {
	checkPage(input.ofdPageNumber, 'OfdPageNumber');
	const payload: Record<string, unknown> = {};
	if ('url' in input.source) payload.OfdFileUrl = input.source.url;
	else payload.OfdFileBase64 = input.source.base64;
	if (input.ofdPageNumber !== undefined) payload.OfdPageNumber = input.ofdPageNumber;
	return request('VerifyOfdVatInvoiceOCR', payload);
}

// ---------------------------------------------------------------------------------------------
// Error codes: retry or not, and what to do.

interface CodeInfo {
	retryable: boolean;
	hint: string;
}

const KEY_HINT = 'Check the Secret ID and Secret Key of the Tencent Cloud API credential (Tencent Cloud console, CAM, API keys).';
const TOP_UP =
	'Top up the Tencent Cloud account, or buy an OCR resource package, in the Tencent Cloud console (Billing Center), then run the workflow again.';
const RETRY_LATER = 'A temporary problem at Tencent Cloud; the request is retried. If it persists, try again later.';
const SHARPER = 'Use a sharper, straight, well-lit scan or photo of the whole invoice (200-300 dpi for scans).';
const CONTACT = 'If it persists, contact Tencent Cloud support with the request id.';

/**
 * Every code Tencent documents for these APIs (docs/domain.md §1.2: common errors, each invoice action's errors and errors.go),
 * plus spellings Tencent's pages use (DownloadError vs DownLoadError). Codes not listed fall back to
 * their prefix (`AuthFailure.*`, `InvalidParameter*`, `RequestLimitExceeded*`, …) below.
 */
export const TENCENT_ERROR_CODES: Record<string, CodeInfo> = {
	// Authentication
	'AuthFailure.InvalidAuthorization': {
		retryable: false,
		hint: `Tencent Cloud could not read the Authorization header. Check that the Secret ID has no spaces or line breaks, and that a proxy set as Endpoint passes the headers through unchanged. ${KEY_HINT}`,
	},
	'AuthFailure.InvalidSecretId': {
		retryable: false,
		hint: `The Secret ID is not a valid API key ID: it should start with AKID; check that it was copied completely. ${KEY_HINT}`,
	},
	'AuthFailure.MFAFailure': {
		retryable: false,
		hint: 'This key requires MFA, which API calls cannot provide. Use an API key of a CAM sub-user without MFA protection for API calls.',
	},
	'AuthFailure.SecretIdNotFound': {
		retryable: false,
		hint: `Tencent Cloud does not know this Secret ID: it does not exist, was deleted or is disabled. Copy it again from CAM > API Keys, or create a new key. ${KEY_HINT}`,
	},
	'AuthFailure.SignatureExpire': {
		retryable: false,
		hint: "The signature expired: the n8n server's clock is more than 5 minutes away from Tencent Cloud's. Synchronize the clock of the machine that runs n8n (NTP).",
	},
	'AuthFailure.SignatureFailure': {
		retryable: false,
		hint: `The signature does not match: the Secret Key does not belong to this Secret ID. Copy the Secret Key again. ${KEY_HINT}`,
	},
	'AuthFailure.TokenFailure': {
		retryable: false,
		hint: 'The session token was rejected: it has expired or does not belong to these temporary keys. Request new STS keys and update the credential, or clear the Session Token field when you use a permanent key.',
	},
	'AuthFailure.UnauthorizedOperation': {
		retryable: false,
		hint: 'The key works but its CAM user may not call OCR. In CAM, give the user the QcloudOCRFullAccess policy, or use another key.',
	},
	// Generic
	ActionOffline: { retryable: false, hint: 'Tencent Cloud has taken this API offline. Choose another provider in the node.' },
	DryRunOperation: {
		retryable: false,
		hint: 'The request was a dry run; nothing was recognised. This should not happen, please report it.',
	},
	FailedOperation: { retryable: false, hint: `The operation failed. Check the file and try again. ${CONTACT}` },
	InternalError: { retryable: true, hint: `An internal error at Tencent Cloud; the request is retried. ${CONTACT}` },
	InvalidAction: {
		retryable: false,
		hint: 'Tencent Cloud does not know this action here. If the credential has a custom Endpoint, check that it points at the OCR service (ocr.tencentcloudapi.com or a regional ocr.* host).',
	},
	InvalidParameter: { retryable: false, hint: 'Tencent Cloud rejected a parameter. Check the file and the PDF page number.' },
	InvalidParameterValue: {
		retryable: false,
		hint: 'Tencent Cloud rejected a parameter value. Check the file (format, size, pixel size) and that the PDF page number exists in the document.',
	},
	InvalidRequest: {
		retryable: false,
		hint: 'Tencent Cloud could not read the request body. Please report this with the request id.',
	},
	IpInBlacklist: {
		retryable: false,
		hint: "The IP address of this n8n instance is blocked for this key. Check the key's IP restrictions in CAM.",
	},
	IpNotInWhitelist: {
		retryable: false,
		hint: "The IP address of this n8n instance is not in the key's IP allow-list. Add it in CAM, or use a key without an allow-list.",
	},
	LimitExceeded: {
		retryable: false,
		hint: 'A quota of the account is exhausted. Check the OCR usage and quotas in the Tencent Cloud console.',
	},
	MissingParameter: { retryable: false, hint: 'A required parameter was missing. Please report this with the request id.' },
	NoSuchProduct: {
		retryable: false,
		hint: "Tencent Cloud does not know the OCR product at this endpoint. Check the credential's Endpoint.",
	},
	NoSuchVersion: {
		retryable: false,
		hint: "The API version is not available at this endpoint. Check the credential's Endpoint.",
	},
	RequestLimitExceeded: {
		retryable: true,
		hint: 'Too many requests per second for this API. The request is retried; lower Requests per Second in the node options (its help names each API\'s default limit), or ask Tencent Cloud for a higher limit.',
	},
	'RequestLimitExceeded.GlobalRegionUinLimitExceeded': {
		retryable: true,
		hint: 'The account made too many requests across all regions. The request is retried; lower Requests per Second in the node options.',
	},
	'RequestLimitExceeded.IPLimitExceeded': {
		retryable: true,
		hint: 'Too many requests from this IP address. The request is retried; lower Requests per Second in the node options.',
	},
	'RequestLimitExceeded.UinLimitExceeded': {
		retryable: true,
		hint: 'The account made too many requests. The request is retried; lower Requests per Second in the node options.',
	},
	RequestSizeLimitExceeded: {
		retryable: false,
		hint: 'The request is larger than Tencent Cloud accepts (10 MB). Send a smaller file (at most 7 MB after base64, about 5 MB of file).',
	},
	ResourceInUse: { retryable: false, hint: 'The resource is in use. Try again later.' },
	ResourceInsufficient: { retryable: false, hint: 'Tencent Cloud lacks resources for this request right now. Try again later.' },
	ResourceNotFound: { retryable: false, hint: 'The requested resource does not exist.' },
	ResourceUnavailable: {
		retryable: false,
		hint: 'The resource is unavailable. Check the OCR service status of the account in the Tencent Cloud console.',
	},
	ResponseSizeLimitExceeded: { retryable: false, hint: 'The answer would be too large. Send a single page or a smaller file.' },
	ServiceUnavailable: { retryable: true, hint: `Tencent Cloud is temporarily unavailable; the request is retried. ${CONTACT}` },
	UnauthorizedOperation: {
		retryable: false,
		hint: 'The key may not call this API. Grant the CAM user OCR access (for example the QcloudOCRFullAccess policy) or use another key.',
	},
	UnknownParameter: {
		retryable: false,
		hint: 'Tencent Cloud does not know a parameter of this request. If the credential has a custom Endpoint, check that it serves OCR version 2018-11-19.',
	},
	UnsupportedOperation: { retryable: false, hint: 'Tencent Cloud does not support this operation for the account or region.' },
	UnsupportedProtocol: { retryable: false, hint: "The endpoint needs HTTPS. Check the credential's Endpoint." },
	UnsupportedRegion: {
		retryable: false,
		hint: 'This API is not offered in the region of the credential. Set the region to ap-guangzhou (or ap-beijing, ap-shanghai, ap-hongkong).',
	},
	// OCR actions
	'FailedOperation.DownLoadError': {
		retryable: false,
		hint: 'Tencent Cloud could not download the file from the URL (it must be public and answer within 3 seconds). Check the URL, host the file on Tencent COS, or send the file as binary data instead.',
	},
	'FailedOperation.DownloadError': {
		retryable: false,
		hint: 'Tencent Cloud could not download the file from the URL (it must be public and answer within 3 seconds). Check the URL, host the file on Tencent COS, or send the file as binary data instead.',
	},
	'FailedOperation.EmptyImageError': {
		retryable: false,
		hint: 'The image has no content. Check the file: it may be blank or damaged.',
	},
	'FailedOperation.ImageBlur': { retryable: false, hint: `The image is too blurred to read. ${SHARPER}` },
	'FailedOperation.ImageDecodeFailed': {
		retryable: false,
		hint: 'The file could not be decoded. It may be damaged or not really PNG/JPEG/PDF; open it, save it again as PNG, JPEG or PDF, and retry.',
	},
	'FailedOperation.ImageNoText': {
		retryable: false,
		hint: 'No text was found. Check that the file shows an invoice, the right way up, and (for a PDF) that the page number points at the invoice page.',
	},
	'FailedOperation.ImageSizeTooLarge': {
		retryable: false,
		hint: 'The image is too large. Resize it so that each side is at most 10000 pixels and the file at most 7 MB after base64 encoding.',
	},
	'FailedOperation.OcrFailed': {
		retryable: false,
		hint: `Recognition failed. ${SHARPER} For 数电 (all-electronic) invoices choose the provider "Tencent Cloud General Invoice".`,
	},
	'FailedOperation.UnKnowError': {
		retryable: false,
		hint: `Tencent Cloud could not recognise the document. Check the file and try again. ${CONTACT}`,
	},
	'FailedOperation.UnOpenError': {
		retryable: false,
		hint: 'The OCR service is not enabled for this account. Enable 文字识别 OCR in the Tencent Cloud console (console.cloud.tencent.com/ocr) with the account that owns the key, then run the workflow again.',
	},
	'FailedOperation.UnKnowFileTypeError': {
		retryable: false,
		hint: 'Tencent Cloud did not recognise the file type. Send PNG, JPEG or PDF.',
	},
	'FailedOperation.EngineRecognizeTimeout': {
		retryable: true,
		hint: 'Recognition took too long at Tencent Cloud; the request is retried. Smaller or single-page files are faster.',
	},
	'FailedOperation.DetectFailed': { retryable: false, hint: `No document was detected. ${SHARPER}` },
	'FailedOperation.QueryNoRecord': { retryable: false, hint: 'No record was found for this query.' },
	'FailedOperation.UnsupportedInvoice': {
		retryable: false,
		hint: 'This kind of document is not supported by this API. Check that the file is an invoice; for 数电 invoices choose the provider "Tencent Cloud General Invoice".',
	},
	'FailedOperation.UnsupportedInvioce': {
		retryable: false,
		hint: 'This kind of document is not supported by this API. Check that the file is an invoice; for 数电 invoices choose the provider "Tencent Cloud General Invoice".',
	},
	'FailedOperation.ArrearsError': { retryable: false, hint: TOP_UP },
	'FailedOperation.CountLimitError': {
		retryable: false,
		hint: 'The same invoice can be verified at most 5 times a day. Try again tomorrow.',
	},
	'FailedOperation.InvoiceMismatch': {
		retryable: false,
		hint: 'The invoice data does not match the tax bureau record. Check the code, number, date and amount.',
	},
	'InvalidParameter.EngineImageDecodeFailed': {
		retryable: false,
		hint: 'The file could not be decoded. It may be damaged or not really PNG/JPEG/PDF; open it, save it again as PNG, JPEG or PDF, and retry.',
	},
	'InvalidParameterValue.InvalidParameterValueLimit': {
		retryable: false,
		hint: 'A parameter value is out of range. Check that the PDF page number exists in the document and that the file meets the limits (format, at most 7 MB after base64, 20-10000 pixels per side).',
	},
	'InvalidParameterValue.PriceOrVerificationParameterValueLimit': {
		retryable: false,
		hint: 'The amount or check code is not valid for verification. Check the amount (价税合计 for 数电 invoices) and the last 6 digits of the check code.',
	},
	'InvalidParameterValue.TicketCodeParameterValueLimit': {
		retryable: false,
		hint: 'The invoice code is not valid (10 or 12 digits; empty for 数电 invoices).',
	},
	'InvalidParameterValue.TicketDateParameterValueLimit': {
		retryable: false,
		hint: 'The invoice date is not valid (YYYY-MM-DD, within the last 5 years; same-day invoices are checked the next day).',
	},
	'InvalidParameterValue.TicketSnParameterValueLimit': {
		retryable: false,
		hint: 'The invoice number is not valid (8 digits, or 20 for 数电 invoices).',
	},
	'LimitExceeded.TooLargeFileError': {
		retryable: false,
		hint: 'The file is too large for Tencent Cloud. Send at most 7 MB after base64 encoding (about 5 MB of file): compress or resize the image, or send a single page.',
	},
	'ResourceNotFound.NoAreaCode': { retryable: false, hint: 'The region code of the invoice is not supported for verification.' },
	'ResourceNotFound.NoInvoice': {
		retryable: false,
		hint: 'The tax bureau has no such invoice. Check the code, number, date and amount.',
	},
	'ResourceNotFound.NotSupportCurrentInvoiceQuery': {
		retryable: false,
		hint: 'Invoices issued today cannot be verified yet. Try again tomorrow.',
	},
	'ResourceUnavailable.InArrears': { retryable: false, hint: `The Tencent Cloud account is in arrears. ${TOP_UP}` },
	'ResourceUnavailable.ResourcePackageRunOut': {
		retryable: false,
		hint: 'The OCR resource package of the account is used up. Buy a new package or switch on pay-as-you-go billing for OCR in the Tencent Cloud console.',
	},
	'ResourceUnavailable.TaxNetworkError': {
		retryable: true,
		hint: "The tax bureau's network failed; the request is retried. If it persists, try again later.",
	},
	'ResourcesSoldOut.ChargeStatusException': {
		retryable: false,
		hint: 'The billing status of the OCR service is abnormal. Check OCR billing in the Tencent Cloud console (arrears, suspended service), or contact Tencent Cloud support.',
	},
};

/**
 * The codes a credential test reports as a bad credential (VatInvoiceOCR with no image is answered with
 * a parameter error when the key is good); its messages are these codes' hints.
 */
export const CREDENTIAL_FAILURE_CODES = [
	'AuthFailure.SecretIdNotFound',
	'AuthFailure.InvalidSecretId',
	'AuthFailure.SignatureFailure',
	'AuthFailure.SignatureExpire',
	'AuthFailure.TokenFailure',
	'AuthFailure.InvalidAuthorization',
	'AuthFailure.UnauthorizedOperation',
	'AuthFailure.MFAFailure',
	'UnauthorizedOperation',
	'FailedOperation.UnOpenError',
	'ResourceUnavailable.InArrears',
	'UnsupportedRegion',
] as const;

/** Whether a Tencent error code is worth retrying, and what the user should do. */
export function classifyTencentCode(code: string): CodeInfo {
	const exact = TENCENT_ERROR_CODES[code];
	if (exact) return exact;
	const prefixes: Array<[RegExp, CodeInfo]> = [
		[/^AuthFailure(\.|$)/, { retryable: false, hint: `Tencent Cloud refused the credential. ${KEY_HINT}` }],
		[/^RequestLimitExceeded/, TENCENT_ERROR_CODES.RequestLimitExceeded],
		[/^InternalError(\.|$)/, TENCENT_ERROR_CODES.InternalError],
		[/^ServiceUnavailable(\.|$)/, TENCENT_ERROR_CODES.ServiceUnavailable],
		[/^InvalidParameterValue(\.|$)/, TENCENT_ERROR_CODES.InvalidParameterValue],
		[/^InvalidParameter(\.|$)/, TENCENT_ERROR_CODES.InvalidParameter],
		[/^MissingParameter(\.|$)/, TENCENT_ERROR_CODES.MissingParameter],
		[/^UnauthorizedOperation(\.|$)/, TENCENT_ERROR_CODES.UnauthorizedOperation],
		[/^ResourceUnavailable(\.|$)/, TENCENT_ERROR_CODES.ResourceUnavailable],
		[/^ResourcesSoldOut(\.|$)/, TENCENT_ERROR_CODES['ResourcesSoldOut.ChargeStatusException']],
		[/^LimitExceeded(\.|$)/, TENCENT_ERROR_CODES.LimitExceeded],
		[/^ResourceNotFound(\.|$)/, TENCENT_ERROR_CODES.ResourceNotFound],
		[/^UnsupportedOperation(\.|$)/, TENCENT_ERROR_CODES.UnsupportedOperation],
	];
	for (const [pattern, info] of prefixes) if (pattern.test(code)) return info;
	return { retryable: false, hint: `Check the file and the node settings. ${CONTACT}` };
}

// ---------------------------------------------------------------------------------------------
// Answers

export type TencentResponse = Record<string, unknown> & { RequestId?: string };

export interface ParseOptions {
	/** For Retry-After dates. */
	nowMs?: number;
}

function httpProblem(
	action: TencentAction,
	status: number,
	answer: HttpAnswer,
	requestId: string | undefined,
	detail: string,
	nowMs?: number,
): ProviderError {
	const retryable = status === 429 || status >= 500;
	const hint =
		status === 429
			? TENCENT_ERROR_CODES.RequestLimitExceeded.hint
			: status >= 500
				? RETRY_LATER
				: status === 401 || status === 403
					? `Tencent Cloud (or a proxy in front of it) refused the request. ${KEY_HINT}`
					: "Tencent Cloud answered with an unexpected HTTP status. Check the credential's Endpoint: it must point at the Tencent Cloud OCR API.";
	return new ProviderError({
		provider: 'tencent',
		api: action,
		code: `HTTP ${status}`,
		message: detail,
		requestId,
		httpStatus: status,
		retryable,
		hint,
		retryAfterMs: retryAfterOf(answer, nowMs),
	});
}

/**
 * Reads Tencent's answer: the `Response` object on success, otherwise a ProviderError.
 * Tencent answers API errors with HTTP 200 and `Response.Error`; any other status, an empty or
 * non-JSON body, or a body without `Response` is an error too (retryable when it looks transient).
 */
export function parseTencentAnswer(action: TencentAction, answer: HttpAnswer, options: ParseOptions = {}): TencentResponse {
	const opened = openAnswer(answer, options.nowMs);
	const { status, body: envelope } = opened;
	const traceId = readHeader(answer.headers, 'x-tc-traceid');
	const response =
		envelope && envelope.Response !== null && typeof envelope.Response === 'object'
			? (envelope.Response as Record<string, unknown>)
			: undefined;
	const requestId = typeof response?.RequestId === 'string' ? response.RequestId : traceId;

	const error = response?.Error;
	if (error !== null && typeof error === 'object') {
		const code = String((error as Record<string, unknown>).Code ?? 'UnknownError');
		const message = String((error as Record<string, unknown>).Message ?? '');
		const info = classifyTencentCode(code);
		throw new ProviderError({
			provider: 'tencent',
			api: action,
			code,
			message,
			requestId,
			httpStatus: status,
			retryable: info.retryable || status === 429 || status >= 500,
			hint: info.hint,
			retryAfterMs: opened.retryAfterMs,
		});
	}
	if (status !== 200) throw httpProblem(action, status, answer, requestId, opened.detail, options.nowMs);
	if (!response) {
		throw malformedAnswer(opened, {
			provider: 'tencent',
			api: action,
			requestId,
			shape: 'the answer has no Response object',
			hint: `${RETRY_LATER} If it keeps happening, check the credential's Endpoint: a proxy may be answering instead of Tencent Cloud.`,
		});
	}
	return response as TencentResponse;
}

/** The total page count a VatInvoiceOCR answer reports for a PDF (0 for images). */
export function pdfPageSize(response: TencentResponse): number {
	const value = Number(response.PdfPageSize ?? 0);
	return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** The total page count a RecognizeGeneralInvoice answer reports (TotalPDFCount). */
export function totalPdfCount(response: TencentResponse): number {
	const value = Number(response.TotalPDFCount ?? 0);
	return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
