/**
 * Turn the request options a credential's authenticate() receives into the exact request n8n will
 * send, then sign exactly that. No n8n import: the options are read through RequestOptionsLike, which
 * both of n8n's dialects satisfy:
 *
 * - `this.helpers.httpRequestWithAuthentication` passes IHttpRequestOptions: `url` (maybe relative to
 *   `baseURL`), `qs`, `headers`, `body`, `json`, ...
 * - the HTTP Request node of n8n 1.x passes the legacy IRequestOptions: `uri` (or `url`), `qs`,
 *   `headers`, `body` or `form`, `json`, ...
 *
 * What comes out (whatever came in):
 * - `url` (and `uri` when the caller used it) is the final absolute URL, `qs` folded into it and
 *   removed, `baseURL` removed, the endpoint override applied;
 * - `body` is the bytes that were hashed: a Buffer (axios and both n8n request paths pass a Buffer
 *   through untouched, whereas a string with a JSON Content-Type may be trimmed or re-serialized by
 *   axios), or a string for `application/x-www-form-urlencoded` (n8n's legacy path re-encodes anything
 *   else there); no body at all when there is nothing to send;
 * - headers are de-duplicated case-insensitively, trimmed, `Host` is the host actually sent, and the
 *   signature headers are set; every other option (`json`, `returnFullResponse`, `encoding`, ...) is
 *   kept, so the response is parsed the way the caller asked.
 */
import { hostWithoutPort, signTc3, tencentServiceFromHost } from './tc3';
import { QINIU_DATE_HEADER, QINIU_DEFAULT_CONTENT_TYPE, qiniuDate, signQiniuV2 } from './qiniu';

/** An error whose message says what happened and whose description says how to fix it. Never holds a secret. */
export class SigningError extends Error {
	readonly description: string;

	constructor(message: string, description = '') {
		super(message);
		this.name = 'SigningError';
		this.description = description;
	}
}

export type ArrayFormat = 'brackets' | 'indices' | 'repeat' | 'comma';

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

export interface TencentCredentials {
	secretId: string;
	secretKey: string;
	/** STS temporary key token; sent as X-TC-Token only when set. */
	sessionToken?: string;
	/** Default X-TC-Region; a request that already has one keeps it. Empty: no X-TC-Region. */
	region?: string;
	/** Optional base URL that replaces the public host (see prepareTencentRequest). */
	endpoint?: string;
}

export interface QiniuCredentials {
	accessKey: string;
	secretKey: string;
	/** Optional base URL that replaces the public host (see prepareQiniuRequest). */
	endpoint?: string;
}

/** The service signed for when the request goes to the endpoint itself: this package's nodes call OCR. */
export const DEFAULT_TENCENT_SERVICE = 'ocr';
export const QINIU_API_DOMAIN = 'qiniuapi.com';

const JSON_CONTENT_TYPE = 'application/json';
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
const OCTET_STREAM = 'application/octet-stream';

// ---------------------------------------------------------------------------------------------
// Headers

type Headers = Record<string, string>;

/** The key of a header in `headers`, matched case-insensitively. */
export function findHeaderKey(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const lower = name.toLowerCase();
	return Object.keys(headers).find((key) => key.toLowerCase() === lower);
}

/** The value of a header, matched case-insensitively. */
export function getHeader(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	const key = findHeaderKey(headers, name);
	if (key === undefined || !headers) return undefined;
	const value = headers[key];
	return value === undefined || value === null ? undefined : String(value);
}

function setHeader(headers: Headers, name: string, value: string): void {
	const lower = name.toLowerCase();
	for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) delete headers[key];
	headers[name] = value;
}

function deleteHeader(headers: Headers, name: string): void {
	const lower = name.toLowerCase();
	for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) delete headers[key];
}

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

// ---------------------------------------------------------------------------------------------
// URL

function encodeComponent(text: string): string {
	return encodeURIComponent(text).replace(
		/[!'()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);
}

function scalarText(value: unknown): string {
	if (value instanceof Date) return value.toISOString();
	if (typeof value === 'object' && value !== null) return JSON.stringify(value);
	return String(value);
}

/**
 * Serialize query parameters (or a urlencoded form) deterministically, RFC 3986 encoded. Nested
 * objects become `a[b]=c`; arrays follow `arrayFormat` (`brackets` `a[]=1&a[]=2`, as axios does by
 * default; `indices` `a[0]=1`; `repeat` `a=1&a=2`; `comma` `a=1,2`). `undefined` is left out, `null`
 * is an empty value.
 */
export function serializeQuery(params: Record<string, unknown>, arrayFormat: ArrayFormat = 'brackets'): string {
	const pairs: string[] = [];
	const add = (key: string, value: string): void => {
		pairs.push(`${encodeComponent(key)}=${encodeComponent(value)}`);
	};
	const walk = (key: string, value: unknown): void => {
		if (value === undefined) return;
		if (value === null) return add(key, '');
		if (value instanceof Date) return add(key, value.toISOString());
		if (Array.isArray(value)) {
			if (arrayFormat === 'comma') {
				return add(
					key,
					value
						.filter((item) => item !== undefined)
						.map((item) => (item === null ? '' : scalarText(item)))
						.join(','),
				);
			}
			value.forEach((item, index) => {
				const itemKey = arrayFormat === 'repeat' ? key : arrayFormat === 'indices' ? `${key}[${index}]` : `${key}[]`;
				walk(itemKey, item);
			});
			return;
		}
		if (typeof value === 'object') {
			for (const [childKey, child] of Object.entries(value as Record<string, unknown>)) walk(`${key}[${childKey}]`, child);
			return;
		}
		add(key, String(value));
	};
	for (const [key, value] of Object.entries(params)) walk(key, value);
	return pairs.join('&');
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

function parseEndpoint(endpoint: string | undefined, credentialName: string, example: string): URL | undefined {
	const text = (endpoint ?? '').trim();
	if (text === '') return undefined;
	const fix = `Enter a base URL such as ${example} or http://127.0.0.1:9000 (a local emulator), or leave Endpoint empty to use the public API.`;
	const url = tryParseUrl(text);
	if (!url) throw new SigningError(`The Endpoint of the ${credentialName} credential is not a valid URL`, fix);
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new SigningError(`The Endpoint of the ${credentialName} credential must start with https:// or http://`, fix);
	}
	if (url.username !== '' || url.password !== '') {
		throw new SigningError(
			`The Endpoint of the ${credentialName} credential contains a user name or password`,
			'Remove the "user:password@" part from Endpoint; the credential signs every request itself.',
		);
	}
	if (url.search !== '' || url.hash !== '') {
		throw new SigningError(`The Endpoint of the ${credentialName} credential must not contain "?" or "#"`, fix);
	}
	return url;
}

/** The request URL with its origin replaced by the endpoint's, the endpoint's base path kept in front. */
function onEndpoint(url: URL, endpoint: URL): URL {
	const basePath = endpoint.pathname.replace(/\/+$/, '');
	return new URL(`${endpoint.origin}${basePath}${url.pathname}${url.search}`);
}

// ---------------------------------------------------------------------------------------------
// Body

interface PreparedBody {
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

// ---------------------------------------------------------------------------------------------
// Shared preparation

interface Prepared {
	out: Record<string, unknown>;
	url: URL;
	method: string;
	headers: Headers;
	/** The Host header value as sent. */
	host: string;
	contentType: string;
	bytes: Buffer;
}

function prepare(
	options: RequestOptionsLike,
	endpoint: URL | undefined,
	shouldRewrite: (url: URL) => boolean,
	defaultContentType: (method: string, body: PreparedBody) => string,
	emptyObject: 'json' | 'none',
): Prepared & { rewritten: boolean; originalUrl: URL } {
	if (!options || typeof options !== 'object') throw new SigningError('No request options to sign');
	const method = String(options.method || 'GET').toUpperCase();
	const originalUrl = requestUrl(options);
	const rewritten = endpoint !== undefined && shouldRewrite(originalUrl);
	const url = rewritten && endpoint ? onEndpoint(originalUrl, endpoint) : originalUrl;

	const headers = normalizeHeaders(options.headers);
	deleteHeader(headers, 'content-length');
	deleteHeader(headers, 'authorization');
	if (rewritten || findHeaderKey(headers, 'host') === undefined) setHeader(headers, 'Host', url.host);
	const host = getHeader(headers, 'host') as string;

	const givenType = getHeader(headers, 'content-type');
	const body = prepareBody(options, method, givenType, emptyObject);
	const contentType = givenType || defaultContentType(method, body);
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
	return { out, url, method, headers, host, contentType, bytes: body.bytes, rewritten, originalUrl };
}

function nowMs(now: number | Date): number {
	const ms = now instanceof Date ? now.getTime() : now;
	if (!Number.isFinite(ms)) throw new SigningError('No valid clock reading to sign with');
	return ms;
}

// ---------------------------------------------------------------------------------------------
// Tencent Cloud

/**
 * Sign a request for Tencent Cloud API 3.0 (TC3-HMAC-SHA256).
 *
 * The service comes from the host (`<service>.tencentcloudapi.com`, `<service>.<region>.tencentcloudapi.com`).
 * With an `endpoint`, a request to a public Tencent host goes to the endpoint's origin instead (its
 * base path kept in front of the request path) and is still signed for the service of the original
 * host; when the endpoint is itself a Tencent host of another service, requests to other services are
 * left alone. A request to another address is signed for the service of the Host header it sets, or,
 * when it goes straight to the endpoint's origin, for `ocr`.
 *
 * Sets Host, Content-Type (application/json; form-urlencoded for GET) when missing, X-TC-Timestamp,
 * X-TC-Region (unless the request has one, in any letter case), X-TC-Token (only with a session
 * token) and Authorization. The host is signed without its port, as the Node SDK does. An empty
 * object body is sent as `{}` (API 3.0 POSTs carry a JSON object, as the SDK sends it).
 */
export function prepareTencentRequest<T extends RequestOptionsLike>(
	options: T,
	credentials: TencentCredentials,
	now: number | Date,
): T {
	const secretId = (credentials.secretId ?? '').trim();
	const secretKey = (credentials.secretKey ?? '').trim();
	if (secretId === '') {
		throw new SigningError(
			'The Tencent Cloud API credential has no SecretId',
			'Open the credential and paste the SecretId from the Tencent Cloud console, CAM > API Keys (https://console.cloud.tencent.com/cam/capi).',
		);
	}
	if (secretKey === '') {
		throw new SigningError(
			'The Tencent Cloud API credential has no SecretKey',
			'Open the credential and paste the SecretKey from the Tencent Cloud console, CAM > API Keys (https://console.cloud.tencent.com/cam/capi).',
		);
	}
	const endpoint = parseEndpoint(credentials.endpoint, 'Tencent Cloud API', 'https://ocr.tencentcloudapi.com');
	const endpointService = endpoint ? tencentServiceFromHost(endpoint.hostname) : undefined;

	const p = prepare(
		options,
		endpoint,
		(url) => {
			const service = tencentServiceFromHost(url.hostname);
			return service !== undefined && (endpointService === undefined || endpointService === service);
		},
		(method) => (method === 'GET' || method === 'HEAD' ? 'application/x-www-form-urlencoded' : JSON_CONTENT_TYPE),
		'json',
	);

	// The service of the host called; else of a Host header the caller set (a request to an address);
	// else, for a request sent straight to the endpoint, this package's OCR.
	let service = tencentServiceFromHost(p.originalUrl.hostname) ?? (p.rewritten ? undefined : tencentServiceFromHost(p.host));
	if (service === undefined && endpoint && p.url.origin === endpoint.origin) service = DEFAULT_TENCENT_SERVICE;
	if (service === undefined) {
		throw new SigningError(
			`Cannot tell which Tencent Cloud service ${p.originalUrl.host} belongs to`,
			'Call the public API host, <service>.tencentcloudapi.com (for example https://ocr.tencentcloudapi.com/); ' +
				"to reach a proxy or emulator, set it as the credential's Endpoint and keep calling the public host.",
		);
	}

	const timestamp = Math.floor(nowMs(now) / 1000);
	setHeader(p.headers, 'X-TC-Timestamp', String(timestamp));
	const region = (credentials.region ?? '').trim();
	if (region !== '' && findHeaderKey(p.headers, 'x-tc-region') === undefined) setHeader(p.headers, 'X-TC-Region', region);
	const sessionToken = (credentials.sessionToken ?? '').trim();
	if (sessionToken !== '') setHeader(p.headers, 'X-TC-Token', sessionToken);

	const { authorization } = signTc3({
		secretId,
		secretKey,
		service,
		host: hostWithoutPort(p.host),
		method: p.method,
		path: p.url.pathname,
		query: p.url.search.slice(1),
		contentType: p.contentType,
		payload: p.bytes,
		timestamp,
	});
	setHeader(p.headers, 'Authorization', authorization);
	return p.out as unknown as T;
}

// ---------------------------------------------------------------------------------------------
// Qiniu

function isQiniuApiHost(hostname: string): boolean {
	const name = hostname.toLowerCase().replace(/\.$/, '');
	return name === QINIU_API_DOMAIN || name.endsWith(`.${QINIU_API_DOMAIN}`);
}

/**
 * Sign a request with a Qiniu v2 management token.
 *
 * With an `endpoint`, a request to a `*.qiniuapi.com` host goes to the endpoint's origin instead (its
 * base path kept in front of the request path); when the endpoint is itself a `*.qiniuapi.com` host,
 * only requests to the OCR gateway (`ap-gate-*.qiniuapi.com`) move there.
 *
 * Sets Host, Content-Type when missing (application/json for an object body, application/octet-stream
 * for bytes, else application/x-www-form-urlencoded as the SDKs sign it), X-Qiniu-Date (UTC
 * `YYYYMMDDTHHmmssZ`, signed like every X-Qiniu-* header) and Authorization. An empty object body is
 * not sent at all, as n8n's httpRequest does with `{}`.
 */
export function prepareQiniuRequest<T extends RequestOptionsLike>(
	options: T,
	credentials: QiniuCredentials,
	now: number | Date,
): T {
	const accessKey = (credentials.accessKey ?? '').trim();
	const secretKey = (credentials.secretKey ?? '').trim();
	if (accessKey === '') {
		throw new SigningError(
			'The Qiniu API credential has no AccessKey',
			'Open the credential and paste the AccessKey from the Qiniu portal, Key management (https://portal.qiniu.com/developer/user/key).',
		);
	}
	if (secretKey === '') {
		throw new SigningError(
			'The Qiniu API credential has no SecretKey',
			'Open the credential and paste the SecretKey from the Qiniu portal, Key management (https://portal.qiniu.com/developer/user/key).',
		);
	}
	const endpoint = parseEndpoint(credentials.endpoint, 'Qiniu API', 'https://ap-gate-z0.qiniuapi.com');
	const endpointIsQiniu = endpoint !== undefined && isQiniuApiHost(endpoint.hostname);

	const p = prepare(
		options,
		endpoint,
		(url) => isQiniuApiHost(url.hostname) && (!endpointIsQiniu || /^ap-gate-/i.test(url.hostname)),
		(_method, body) => body.defaultContentType ?? QINIU_DEFAULT_CONTENT_TYPE,
		'none',
	);

	setHeader(p.headers, QINIU_DATE_HEADER, qiniuDate(nowMs(now)));
	const { authorization } = signQiniuV2({
		accessKey,
		secretKey,
		method: p.method,
		url: p.url.href,
		host: p.host,
		headers: p.headers,
		contentType: p.contentType,
		body: p.bytes,
	});
	setHeader(p.headers, 'Authorization', authorization);
	return p.out as unknown as T;
}

// ---------------------------------------------------------------------------------------------
// Credential data

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** Read the fields of a `tencentCloudApi` credential (n8n's decrypted credential data). */
export function readTencentCredentials(data: Record<string, unknown>): TencentCredentials {
	return {
		secretId: text(data.secretId),
		secretKey: text(data.secretKey),
		sessionToken: text(data.sessionToken),
		region: text(data.region),
		endpoint: text(data.endpoint),
	};
}

/** Read the fields of a `qiniuApi` credential (n8n's decrypted credential data). */
export function readQiniuCredentials(data: Record<string, unknown>): QiniuCredentials {
	return {
		accessKey: text(data.accessKey),
		secretKey: text(data.secretKey),
		endpoint: text(data.endpoint),
	};
}
