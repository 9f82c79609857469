/**
 * What will actually be sent: the request options a credential's authenticate() receives, rebuilt into
 * the exact request n8n will send, so that exactly that can be signed. No n8n import: the options are
 * read through RequestOptionsLike, which both of n8n's dialects satisfy:
 *
 * - `this.helpers.httpRequestWithAuthentication` passes IHttpRequestOptions: `url` (maybe relative to
 *   `baseURL`), `qs`, `headers`, `body`, `json`, ...
 * - the HTTP Request node of n8n 1.x passes the legacy IRequestOptions: `uri` (or `url`), `qs`,
 *   `headers`, `body` or `form`, `json`, ...
 *
 * What comes out (whatever came in):
 * - `url` (and `uri` when the caller used it) is the final absolute URL, `qs` folded into it and
 *   removed, `baseURL` removed, the caller's redirect (the endpoint override) applied;
 * - `body` is the bytes to hash: a Buffer (axios and both n8n request paths pass a Buffer
 *   through untouched, whereas a string with a JSON Content-Type may be trimmed or re-serialized by
 *   axios), or a string for `application/x-www-form-urlencoded` (n8n's legacy path re-encodes anything
 *   else there); no body at all when there is nothing to send;
 * - headers are de-duplicated case-insensitively, trimmed, `Host` is the host actually sent; every
 *   other option (`json`, `returnFullResponse`, `encoding`, ...) is kept, so the response is parsed
 *   the way the caller asked. The signer then adds its own headers.
 */
import { deleteHeader, findHeaderKey, readHeader, setHeader } from './headers';
import { SigningError } from './error';
import { serializeQuery, type ArrayFormat } from './query';

/** The fields of n8n's IHttpRequestOptions / legacy IRequestOptions that signing reads or rewrites. */
export interface RequestOptionsLike {
	url?: string;
	uri?: unknown;
	baseURL?: string;
	method?: string;
	headers?: Record<string, unknown>;
	body?: unknown;
	qs?: Record<string, unknown>;
	form?: unknown;
	formData?: unknown;
	arrayFormat?: string;
	useQuerystring?: boolean;
	qsStringifyOptions?: unknown;
}

export const JSON_CONTENT_TYPE = 'application/json';
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
const OCTET_STREAM = 'application/octet-stream';

type Headers = Record<string, string>;

/**
 * Plain string headers as they go on the wire: names trimmed, values trimmed (a server strips the
 * surrounding whitespace before it checks a signature), a later duplicate in another case replaces an
 * earlier one, and undefined/null/false values dropped (axios does not send those).
 */
function normalizeHeaders(input: Record<string, unknown> | undefined): Headers {
	const out: Headers = {};
	if (!input) return out;
	for (const [rawName, value] of Object.entries(input)) {
		if (value === undefined || value === null || value === false) continue;
		const name = rawName.trim();
		if (name === '') continue;
		const text = Array.isArray(value) ? value.map((v) => String(v)).join(', ') : String(value);
		setHeader(out, name, text.trim());
	}
	return out;
}

function arrayFormatOf(options: RequestOptionsLike): ArrayFormat {
	const known: ArrayFormat[] = ['brackets', 'indices', 'repeat', 'comma'];
	if (known.includes(options.arrayFormat as ArrayFormat)) return options.arrayFormat as ArrayFormat;
	const legacy =
		typeof options.qsStringifyOptions === 'object' && options.qsStringifyOptions !== null
			? (options.qsStringifyOptions as { arrayFormat?: unknown }).arrayFormat
			: undefined;
	if (options.useQuerystring === true || legacy === 'repeat') return 'repeat';
	if (legacy === 'brackets') return 'brackets';
	if (options.useQuerystring === false || legacy === 'indices') return 'indices';
	return 'brackets';
}

/** `new URL(text)`, or undefined when the text is not an absolute URL. */
export function tryParseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

/** axios' rule: `scheme://` or `//` at the start makes a URL absolute (then baseURL is ignored). */
function isAbsoluteUrl(url: string): boolean {
	return /^([a-z][a-z\d+\-.]*:)?\/\//i.test(url);
}

/** The URL the request goes to, combined with baseURL the way axios does it (string join, not resolution). */
function requestUrl(options: RequestOptionsLike): URL {
	const raw = options.url !== undefined ? options.url : options.uri;
	const rawText = raw === undefined || raw === null ? '' : String(raw);
	const base = options.baseURL === undefined || options.baseURL === null ? '' : String(options.baseURL);
	let full = rawText;
	if (!isAbsoluteUrl(rawText) && base !== '') {
		full = rawText ? `${base.replace(/\/?\/$/, '')}/${rawText.replace(/^\/+/, '')}` : base;
	}
	const url = tryParseUrl(full);
	if (!url) {
		throw new SigningError(
			`The request URL "${full}" is not an absolute URL`,
			'Give the full address, e.g. https://ocr.tencentcloudapi.com/ or https://ap-gate-z0.qiniuapi.com/ocr/vat/invoice.',
		);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new SigningError(`The request URL "${full}" is not an http(s) URL`, 'Use an https:// (or http://) address.');
	}
	const qs = options.qs;
	if (qs && typeof qs === 'object' && Object.keys(qs).length > 0) {
		const extra = serializeQuery(qs, arrayFormatOf(options));
		if (extra) url.search = url.search ? `${url.search}&${extra}` : `?${extra}`;
	}
	url.hash = '';
	return url;
}

export interface PreparedBody {
	/** The exact bytes sent and signed (empty: nothing is sent). */
	bytes: Buffer;
	/** The Content-Type that fits the body when the caller gave none. */
	defaultContentType?: string;
}

function isFormDataLike(value: unknown): boolean {
	if (typeof value !== 'object' || value === null) return false;
	const name = (value as { constructor?: { name?: string } }).constructor?.name;
	return name === 'FormData';
}

function isStreamLike(value: unknown): boolean {
	return (
		typeof value === 'object' &&
		value !== null &&
		(typeof (value as { pipe?: unknown }).pipe === 'function' ||
			typeof (value as { getReader?: unknown }).getReader === 'function')
	);
}

function toJsonBytes(value: unknown): Buffer {
	let text: string | undefined;
	let failure = '';
	try {
		text = JSON.stringify(value);
	} catch (error) {
		failure = (error as Error).message;
	}
	if (failure !== '') {
		throw new SigningError(
			`The request body cannot be turned into JSON: ${failure}`,
			'Send a plain JSON object (no BigInt values, no circular references).',
		);
	}
	return Buffer.from(text ?? '', 'utf8');
}

function isEmptyPlainObject(value: unknown): boolean {
	return (
		typeof value === 'object' &&
		value !== null &&
		Object.getPrototypeOf(value) === Object.prototype &&
		Object.keys(value).length === 0
	);
}

/**
 * Read the body in whatever form it came (object, string, Buffer, URLSearchParams, legacy `form`).
 * `emptyObject`: whether `{}` is sent as the JSON text `{}` or, as n8n's httpRequest does, not at all.
 */
function prepareBody(
	options: RequestOptionsLike,
	method: string,
	contentType: string | undefined,
	emptyObject: 'json' | 'none',
): PreparedBody {
	const { body, form, formData } = options;
	const lowerType = (contentType ?? '').toLowerCase();
	if (method === 'GET' || method === 'HEAD') return { bytes: Buffer.alloc(0) };
	if (formData !== undefined || isFormDataLike(body) || lowerType.includes('multipart/form-data')) {
		throw new SigningError(
			'A multipart (form-data) body cannot be signed by this credential',
			'Send the file as base64 inside a JSON body instead (Tencent ImageBase64, Qiniu image_base64).',
		);
	}
	if (isStreamLike(body)) {
		throw new SigningError(
			'A streamed request body cannot be signed by this credential',
			'Pass the body as a string, a Buffer or a JSON object, so that its bytes can be hashed before sending.',
		);
	}
	if ((body === undefined || body === null) && form !== undefined && form !== null) {
		if (typeof form === 'string') return { bytes: Buffer.from(form, 'utf8'), defaultContentType: FORM_CONTENT_TYPE };
		return {
			bytes: Buffer.from(serializeQuery(form as Record<string, unknown>, arrayFormatOf(options)), 'utf8'),
			defaultContentType: FORM_CONTENT_TYPE,
		};
	}
	if (body === undefined || body === null) return { bytes: Buffer.alloc(0) };
	if (emptyObject === 'none' && isEmptyPlainObject(body)) return { bytes: Buffer.alloc(0) };
	if (Buffer.isBuffer(body)) return { bytes: body, defaultContentType: OCTET_STREAM };
	if (body instanceof Uint8Array) {
		return { bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength), defaultContentType: OCTET_STREAM };
	}
	if (body instanceof ArrayBuffer) return { bytes: Buffer.from(body), defaultContentType: OCTET_STREAM };
	if (typeof body === 'string') return { bytes: Buffer.from(body, 'utf8') };
	if (body instanceof URLSearchParams) return { bytes: Buffer.from(body.toString(), 'utf8'), defaultContentType: FORM_CONTENT_TYPE };
	if (typeof body === 'object' && lowerType.startsWith(FORM_CONTENT_TYPE)) {
		return { bytes: Buffer.from(serializeQuery(body as Record<string, unknown>, arrayFormatOf(options)), 'utf8') };
	}
	// Objects, arrays, numbers, booleans: JSON, serialized exactly once; these bytes are what is sent.
	return { bytes: toJsonBytes(body), defaultContentType: JSON_CONTENT_TYPE };
}

/** What goes into `body`: nothing, the form text, or the exact bytes. */
function bodyToSend(bytes: Buffer, contentType: string): Buffer | string | undefined {
	if (bytes.length === 0) return undefined;
	if (contentType.toLowerCase().startsWith(FORM_CONTENT_TYPE)) {
		const text = bytes.toString('utf8');
		if (!Buffer.from(text, 'utf8').equals(bytes)) {
			throw new SigningError(
				'A form-urlencoded request body must be UTF-8 text',
				'Percent-encode binary data, or send it with another Content-Type.',
			);
		}
		return text;
	}
	return bytes;
}

/** How a signer wants the request rebuilt. */
export interface RebuildRules {
	/** Where a request to `url` goes instead (the endpoint override), or undefined to leave it where it goes. */
	redirect: (url: URL) => URL | undefined;
	/** The Content-Type sent when the caller gave none. */
	defaultContentType: (method: string, body: PreparedBody) => string;
	/** Whether `{}` is sent as the JSON text `{}` or, as n8n's httpRequest does, not at all. */
	emptyObject: 'json' | 'none';
}

/** The request as it will be sent, with the parts a signature covers. */
export interface RebuiltRequest {
	/** The options to hand back to n8n (the caller's, rewritten); `out.headers` is `headers`. */
	out: Record<string, unknown>;
	/** The URL the request goes to. */
	url: URL;
	/** The URL the caller asked for, before any redirect. */
	originalUrl: URL;
	/** Whether `redirect` moved the request. */
	rewritten: boolean;
	method: string;
	/** The headers sent; a signer adds its own to this object. */
	headers: Headers;
	/** The Host header value as sent. */
	host: string;
	contentType: string;
	/** The exact body bytes sent (empty: no body). */
	bytes: Buffer;
}

/** Rebuild the caller's options (either dialect) into the request that will be sent. */
export function rebuildRequest(options: RequestOptionsLike, rules: RebuildRules): RebuiltRequest {
	if (!options || typeof options !== 'object') throw new SigningError('No request options to sign');
	const method = String(options.method || 'GET').toUpperCase();
	const originalUrl = requestUrl(options);
	const redirected = rules.redirect(originalUrl);
	const rewritten = redirected !== undefined;
	const url = redirected ?? originalUrl;

	const headers = normalizeHeaders(options.headers);
	deleteHeader(headers, 'content-length');
	deleteHeader(headers, 'authorization');
	if (rewritten || findHeaderKey(headers, 'host') === undefined) setHeader(headers, 'Host', url.host);
	const host = readHeader(headers, 'host') as string;

	const givenType = readHeader(headers, 'content-type');
	const body = prepareBody(options, method, givenType, rules.emptyObject);
	const contentType = givenType || rules.defaultContentType(method, body);
	if (!givenType) setHeader(headers, 'Content-Type', contentType);
	const send = bodyToSend(body.bytes, contentType);

	const out: Record<string, unknown> = { ...options };
	delete out.baseURL;
	delete out.qs;
	delete out.form;
	delete out.formData;
	out.url = url.href;
	if (options.uri !== undefined) out.uri = url.href;
	out.method = method;
	out.headers = headers;
	if (send === undefined) delete out.body;
	else out.body = send;
	return { out, url, originalUrl, rewritten, method, headers, host, contentType, bytes: body.bytes };
}
