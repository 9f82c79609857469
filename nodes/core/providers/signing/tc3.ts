/**
 * Tencent Cloud API 3.0 request signing (TC3-HMAC-SHA256), as the official SDKs do it: the signed
 * headers are `content-type;host`, the payload hash covers exactly the bytes sent, and the date in
 * the credential scope is the UTC date of the timestamp. Pure functions: the clock comes in as a
 * parameter. No n8n import.
 */
import { createHash, createHmac } from 'node:crypto';

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';
export const TC3_SIGNED_HEADERS = 'content-type;host';

/** The public API host suffix; `<service>.tencentcloudapi.com`, `<service>.<region>.tencentcloudapi.com`. */
export const TENCENT_API_DOMAIN = 'tencentcloudapi.com';

export interface Tc3SignInput {
	secretId: string;
	secretKey: string;
	/** The service of the API being called (`ocr`, `sts`, `cvm`, ...). It goes into the credential scope. */
	service: string;
	/**
	 * The value of the canonical `host` header: the host name the request is sent to, without a port
	 * (the Node SDK signs `new URL(url).hostname`). Lower-cased before use.
	 */
	host: string;
	/** HTTP method; upper-cased before use. */
	method: string;
	/** The URL path exactly as sent (percent-encoded as in the request line). Default `/`. */
	path?: string;
	/** The query string exactly as sent, without the leading `?`. Default empty. */
	query?: string;
	/** The Content-Type header exactly as sent. */
	contentType: string;
	/** The request body exactly as sent (a string is hashed as UTF-8). */
	payload?: string | Uint8Array;
	/** X-TC-Timestamp: whole seconds since the epoch. */
	timestamp: number;
}

export interface Tc3Signature {
	/** The value of the Authorization header. */
	authorization: string;
	/** Hex HMAC-SHA256 signature. */
	signature: string;
	/** UTC date of the timestamp, `YYYY-MM-DD`. */
	date: string;
	/** `<date>/<service>/tc3_request` */
	credentialScope: string;
	/** Lower-case hex SHA-256 of the payload. */
	hashedPayload: string;
	/** The canonical request (no secret in it), for debugging. */
	canonicalRequest: string;
	/** The string to sign (no secret in it), for debugging. */
	stringToSign: string;
}

function sha256Hex(data: string | Uint8Array): string {
	return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
	return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** The UTC calendar date (`YYYY-MM-DD`) of a timestamp in seconds. */
export function tc3Date(timestamp: number): string {
	const d = new Date(timestamp * 1000);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * Sign one request. Throws a plain Error (never containing the secret key) when an input is unusable.
 */
export function signTc3(input: Tc3SignInput): Tc3Signature {
	const { secretId, secretKey, service, contentType, timestamp } = input;
	if (typeof secretId !== 'string' || secretId === '') throw new Error('TC3 signing needs a SecretId');
	if (typeof secretKey !== 'string' || secretKey === '') throw new Error('TC3 signing needs a SecretKey');
	if (typeof service !== 'string' || !/^[a-z0-9-]+$/i.test(service)) {
		throw new Error(`TC3 signing needs a service name such as "ocr", got "${String(service)}"`);
	}
	if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
		throw new Error(`TC3 signing needs a timestamp in whole seconds, got ${String(timestamp)}`);
	}
	if (typeof contentType !== 'string' || contentType === '') {
		throw new Error('TC3 signing needs the Content-Type header that is sent');
	}
	const method = String(input.method || 'POST').toUpperCase();
	const host = String(input.host ?? '').toLowerCase();
	if (host === '') throw new Error('TC3 signing needs the host the request is sent to');
	if (/[\r\n]/.test(contentType) || /[\r\n]/.test(host)) {
		throw new Error('TC3 signing: header values must not contain line breaks');
	}
	const path = input.path === undefined || input.path === '' ? '/' : input.path;
	const query = input.query ?? '';
	const payload = input.payload ?? '';

	const hashedPayload = sha256Hex(payload);
	const canonicalRequest = [
		method,
		path,
		query,
		`content-type:${contentType}\nhost:${host}\n`,
		TC3_SIGNED_HEADERS,
		hashedPayload,
	].join('\n');

	const date = tc3Date(timestamp);
	const credentialScope = `${date}/${service}/tc3_request`;
	const stringToSign = [TC3_ALGORITHM, String(timestamp), credentialScope, sha256Hex(canonicalRequest)].join('\n');

	const kDate = hmac(`TC3${secretKey}`, date);
	const kService = hmac(kDate, service);
	const kSigning = hmac(kService, 'tc3_request');
	const signature = createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');

	const authorization =
		`${TC3_ALGORITHM} Credential=${secretId}/${credentialScope}, ` +
		`SignedHeaders=${TC3_SIGNED_HEADERS}, Signature=${signature}`;
	return { authorization, signature, date, credentialScope, hashedPayload, canonicalRequest, stringToSign };
}

/** The host name without a port: `a.b:8080` -> `a.b`, `[::1]:9000` -> `[::1]`. Lower-cased. */
export function hostWithoutPort(host: string): string {
	const h = String(host).trim().toLowerCase();
	const m = /^(\[[^\]]*\]|[^:]*)(?::\d*)?$/.exec(h);
	return m ? m[1] : h;
}

/**
 * The service of a Tencent Cloud API host, the first label of `<service>.tencentcloudapi.com` or
 * `<service>.<region>.tencentcloudapi.com` (a port is ignored). `undefined` for any other host.
 */
export function tencentServiceFromHost(host: string): string | undefined {
	const name = hostWithoutPort(host).replace(/\.$/, '');
	const suffix = `.${TENCENT_API_DOMAIN}`;
	if (!name.endsWith(suffix)) return undefined;
	const labels = name.slice(0, -suffix.length).split('.');
	const service = labels[0];
	if (!service || !/^[a-z0-9-]+$/.test(service)) return undefined;
	return service;
}
