/**
 * Qiniu management token v2 (`Authorization: Qiniu <AccessKey>:<sign>`), as the Qiniu SDKs compute it:
 *
 *   <METHOD> <path>[?<query>]
 *   Host: <Host header as sent>
 *   Content-Type: <Content-Type>                 (application/x-www-form-urlencoded when none)
 *   X-Qiniu-<Name>: <value>                      (every X-Qiniu-* header, canonical name, sorted)
 *   <blank line>
 *   <body>                                       (unless empty or application/octet-stream)
 *
 * signed with HMAC-SHA1 and URL-safe base64 (`+` -> `-`, `/` -> `_`, `=` kept). Pure functions: the
 * date comes in as a parameter. No n8n import.
 */
import { createHmac } from 'node:crypto';

export const QINIU_AUTH_SCHEME = 'Qiniu';
export const QINIU_DEFAULT_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const QINIU_UNSIGNED_BODY_CONTENT_TYPE = 'application/octet-stream';
export const QINIU_DATE_HEADER = 'X-Qiniu-Date';
const X_QINIU_PREFIX = 'X-Qiniu-';

export interface QiniuSignInput {
	accessKey: string;
	secretKey: string;
	/** HTTP method; upper-cased before use. */
	method: string;
	/**
	 * The URL as sent: an absolute URL (its path and query are signed as WHATWG URL parsing gives them),
	 * or a path with query starting with `/` (then `host` is required).
	 */
	url: string;
	/** The Host header as sent, port included when it is not the default. Default: the URL's host. */
	host?: string;
	/** The request headers; every `X-Qiniu-*` one is signed (names are case-insensitive). */
	headers?: Record<string, unknown>;
	/** The Content-Type header as sent. Default `application/x-www-form-urlencoded`, as the SDKs sign. */
	contentType?: string;
	/** The body exactly as sent (a string counts as UTF-8). */
	body?: string | Uint8Array;
}

export interface QiniuSignature {
	/** The value of the Authorization header. */
	authorization: string;
	/** URL-safe base64 HMAC-SHA1. */
	signature: string;
	/** The signed text up to and including the blank line (no secret in it), for debugging. */
	signedHead: string;
	/** Whether the body was part of the signed data. */
	bodySigned: boolean;
}

const TOKEN_CHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The canonical MIME form of a header name (`x-qiniu-date` -> `X-Qiniu-Date`), as Go's
 * textproto.CanonicalMIMEHeaderKey and the Node SDK's canonicalMimeHeaderKey do; a name with a
 * character that is not an HTTP token character is returned unchanged.
 */
export function canonicalHeaderName(name: string): string {
	if (!TOKEN_CHAR.test(name)) return name;
	return name
		.split('-')
		.map((part) => part.slice(0, 1).toUpperCase() + part.slice(1).toLowerCase())
		.join('-');
}

/** Standard base64 made URL-safe the way Qiniu does it: `+` -> `-`, `/` -> `_`, padding kept. */
export function urlSafeBase64(bytes: Uint8Array): string {
	return Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** `X-Qiniu-Date` format: `YYYYMMDDTHHmmssZ` in UTC. */
export function qiniuDate(date: Date | number): string {
	const d = new Date(date);
	if (Number.isNaN(d.getTime())) throw new Error('qiniuDate needs a valid date');
	const pad = (n: number) => String(n).padStart(2, '0');
	return (
		`${String(d.getUTCFullYear()).padStart(4, '0')}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
		`T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
	);
}

function pathAndQuery(url: string): { pathWithQuery: string; host: string | undefined } {
	if (url.startsWith('/')) return { pathWithQuery: url, host: undefined };
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed) throw new Error(`Qiniu signing needs an absolute URL or a path, got "${url}"`);
	return { pathWithQuery: parsed.pathname + parsed.search, host: parsed.host };
}

/** The X-Qiniu-* headers as `Name: value` lines, canonical names, sorted; a later duplicate wins. */
function qiniuHeaderLines(headers: Record<string, unknown> | undefined): string[] {
	if (!headers) return [];
	const byName = new Map<string, string>();
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined || value === null) continue;
		const canonical = canonicalHeaderName(name);
		if (!canonical.startsWith(X_QINIU_PREFIX) || canonical.length <= X_QINIU_PREFIX.length) continue;
		byName.set(canonical, String(value));
	}
	return [...byName.keys()].sort().map((name) => `${name}: ${byName.get(name)}`);
}

/** Compute the Qiniu v2 management token of one request. Errors never contain the secret key. */
export function signQiniuV2(input: QiniuSignInput): QiniuSignature {
	const { accessKey, secretKey } = input;
	if (typeof accessKey !== 'string' || accessKey === '') throw new Error('Qiniu signing needs an AccessKey');
	if (typeof secretKey !== 'string' || secretKey === '') throw new Error('Qiniu signing needs a SecretKey');
	const method = String(input.method || 'GET').toUpperCase();
	const { pathWithQuery, host: urlHost } = pathAndQuery(String(input.url ?? ''));
	const host = input.host ?? urlHost;
	if (!host) throw new Error('Qiniu signing needs the Host header that is sent');
	const contentType =
		input.contentType === undefined || input.contentType === '' ? QINIU_DEFAULT_CONTENT_TYPE : input.contentType;

	const headerLines = qiniuHeaderLines(input.headers);
	if ([pathWithQuery, host, contentType, ...headerLines].some((part) => /[\r\n]/.test(part))) {
		throw new Error('Qiniu signing: the URL and header values must not contain line breaks');
	}
	const lines = [`${method} ${pathWithQuery}`, `Host: ${host}`, `Content-Type: ${contentType}`, ...headerLines];
	const signedHead = `${lines.join('\n')}\n\n`;

	const body =
		input.body === undefined
			? Buffer.alloc(0)
			: typeof input.body === 'string'
				? Buffer.from(input.body, 'utf8')
				: Buffer.from(input.body.buffer, input.body.byteOffset, input.body.byteLength);
	const bodySigned = body.length > 0 && contentType !== QINIU_UNSIGNED_BODY_CONTENT_TYPE;

	const mac = createHmac('sha1', secretKey);
	mac.update(signedHead, 'utf8');
	if (bodySigned) mac.update(body);
	const signature = urlSafeBase64(mac.digest());
	return { authorization: `${QINIU_AUTH_SCHEME} ${accessKey}:${signature}`, signature, signedHead, bodySigned };
}
