'use strict';
/*
 * Check request signatures the way Tencent Cloud and Qiniu do, with the official SDKs' own code as the
 * reference implementation: tencentcloud-sdk-nodejs-common's Sign.sign3 recomputes TC3-HMAC-SHA256,
 * qiniu's util.generateAccessTokenV2 (and its helpers) recompute the Qiniu v2 management token.
 * Plain Node (CommonJS), used by the emulator (server.js) and by the tests. See README-auth.md.
 *
 * Nothing here puts a secret key into a result: messages name the SecretId/AccessKey, never the key.
 */
const crypto = require('node:crypto');
const Sign = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/sign').default;
const qiniuUtil = require('qiniu/qiniu/util');

const TC3_SIGNED_HEADERS = 'content-type;host';
const TC3_DEFAULT_MAX_SKEW_SECONDS = 300;
const QINIU_DEFAULT_MAX_SKEW_SECONDS = 900;

const TC3_AUTHORIZATION =
	/^TC3-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{4}-\d{2}-\d{2})\/([A-Za-z0-9-]+)\/tc3_request\s*,\s*SignedHeaders=([A-Za-z0-9;-]+)\s*,\s*Signature=([0-9a-fA-F]{64})\s*$/;
const QINIU_AUTHORIZATION = /^Qiniu\s+([^:\s]+):([A-Za-z0-9_=+/-]+)\s*$/;
const QINIU_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** @param {Record<string, unknown>} headers @param {string} name */
function header(headers, name) {
	if (!headers) return undefined;
	const lower = name.toLowerCase();
	for (const key of Object.keys(headers)) {
		if (key.toLowerCase() !== lower) continue;
		const value = headers[key];
		if (value === undefined || value === null) return undefined;
		return Array.isArray(value) ? value.map(String).join(', ') : String(value);
	}
	return undefined;
}

/** A Map or a plain object, looked up by key. */
function lookup(table, key) {
	if (!table) return undefined;
	if (table instanceof Map) return table.get(key);
	return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

function toBuffer(body) {
	if (body === undefined || body === null) return Buffer.alloc(0);
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	return Buffer.from(String(body), 'utf8');
}

function sameText(a, b) {
	const x = Buffer.from(String(a), 'utf8');
	const y = Buffer.from(String(b), 'utf8');
	return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function utcDate(seconds) {
	return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function tencentFail(code, message) {
	return { ok: false, code, message };
}

/**
 * Verify a TC3-HMAC-SHA256 request as Tencent Cloud API 3.0 does.
 *
 * Order of checks: Authorization format -> SignedHeaders -> X-TC-Timestamp present -> SecretId known
 * -> timestamp within maxSkewSeconds of nowSeconds -> credential scope date = UTC date of the
 * timestamp -> signature (Sign.sign3 over the request as received: method, Host without its port as
 * the Node SDK signs it, path and query, Content-Type, body bytes) -> service (when expectedService is
 * given) -> X-TC-Token (required and equal for a key registered with a sessionToken, absent otherwise).
 *
 * @param {object} request
 * @param {string} request.method
 * @param {string} request.path            the request target as received, query included (req.url)
 * @param {Record<string, string|string[]>} request.headers   names lower-cased (req.headers)
 * @param {Buffer|string} [request.body]
 * @param {number} [request.nowSeconds]   the server clock; default Date.now()
 * @param {Map<string, {secretKey: string, sessionToken?: string}>|Record<string, {secretKey: string, sessionToken?: string}>} request.secrets
 * @param {number} [request.maxSkewSeconds=300]
 * @param {string} [request.expectedService]  e.g. 'ocr': a credential scope for another service fails
 * @returns {{ok: true, secretId: string, service: string, action?: string, region?: string}
 *   | {ok: false, code: string, message: string}}
 */
function verifyTencent({
	method,
	path,
	headers,
	body,
	nowSeconds,
	secrets,
	maxSkewSeconds = TC3_DEFAULT_MAX_SKEW_SECONDS,
	expectedService,
}) {
	const authorization = header(headers, 'authorization');
	if (!authorization) return tencentFail('AuthFailure.InvalidAuthorization', 'The request has no Authorization header.');
	const parsed = TC3_AUTHORIZATION.exec(authorization.trim());
	if (!parsed) {
		return tencentFail(
			'AuthFailure.InvalidAuthorization',
			'The Authorization header is not "TC3-HMAC-SHA256 Credential=<SecretId>/<YYYY-MM-DD>/<service>/tc3_request, SignedHeaders=content-type;host, Signature=<64 hex digits>".',
		);
	}
	const [, secretId, scopeDate, service, signedHeaders, signature] = parsed;
	if (signedHeaders.toLowerCase() !== TC3_SIGNED_HEADERS) {
		return tencentFail(
			'AuthFailure.InvalidAuthorization',
			`SignedHeaders is "${signedHeaders}"; this check supports "${TC3_SIGNED_HEADERS}", which is what the official SDKs sign.`,
		);
	}
	const timestampText = header(headers, 'x-tc-timestamp');
	if (!timestampText || !/^\d{1,12}$/.test(timestampText.trim())) {
		return tencentFail('AuthFailure.InvalidAuthorization', 'X-TC-Timestamp must be the signing time in whole seconds since the epoch.');
	}
	const timestamp = Number(timestampText.trim());

	const entry = lookup(secrets, secretId);
	if (!entry || typeof entry.secretKey !== 'string') {
		return tencentFail('AuthFailure.SecretIdNotFound', `The SecretId ${secretId} is not found; check that it was entered correctly and has not been deleted.`);
	}

	const now = nowSeconds === undefined ? Math.floor(Date.now() / 1000) : nowSeconds;
	const skew = timestamp - now;
	if (Math.abs(skew) > maxSkewSeconds) {
		return tencentFail(
			'AuthFailure.SignatureExpire',
			`X-TC-Timestamp ${timestamp} is ${Math.abs(skew)} s ${skew < 0 ? 'behind' : 'ahead of'} the server time ${now}; at most ${maxSkewSeconds} s are allowed. Check the clock of the calling machine.`,
		);
	}
	if (scopeDate !== utcDate(timestamp)) {
		return tencentFail(
			'AuthFailure.SignatureFailure',
			`The date in the credential scope (${scopeDate}) is not the UTC date of X-TC-Timestamp (${utcDate(timestamp)}).`,
		);
	}

	const verb = String(method || '').toUpperCase();
	if (verb !== 'GET' && verb !== 'POST') {
		return tencentFail('AuthFailure.InvalidAuthorization', `TC3-signed requests are GET or POST, not ${verb}.`);
	}
	const host = header(headers, 'host');
	const contentType = header(headers, 'content-type');
	if (!host) return tencentFail('AuthFailure.InvalidAuthorization', 'The request has no Host header; it is signed.');
	if (contentType === undefined) return tencentFail('AuthFailure.InvalidAuthorization', 'The request has no Content-Type header; it is signed.');
	let url;
	try {
		url = new URL(`http://${host}${String(path || '/').startsWith('/') ? path || '/' : `/${path}`}`);
	} catch {
		return tencentFail('AuthFailure.InvalidAuthorization', `The Host header "${host}" or the path cannot be read.`);
	}

	const expected = Sign.sign3({
		method: verb,
		url: url.href,
		payload: toBuffer(body),
		timestamp,
		service,
		secretId,
		secretKey: entry.secretKey,
		multipart: false,
		boundary: undefined,
		headers: { 'Content-Type': contentType },
	});
	const expectedSignature = /Signature=([0-9a-f]{64})$/.exec(expected)[1];
	if (!sameText(signature.toLowerCase(), expectedSignature)) {
		return tencentFail(
			'AuthFailure.SignatureFailure',
			'The provided credentials could not be validated: the signature does not match the request (method, Host, path and query, Content-Type, body, X-TC-Timestamp, SecretKey).',
		);
	}
	if (expectedService !== undefined && service !== expectedService) {
		return tencentFail(
			'AuthFailure.SignatureFailure',
			`The credential scope names the service "${service}", but this endpoint serves "${expectedService}".`,
		);
	}

	const token = header(headers, 'x-tc-token');
	if (entry.sessionToken) {
		if (!token) return tencentFail('AuthFailure.TokenFailure', `SecretId ${secretId} is a temporary key: send its session token as X-TC-Token.`);
		if (!sameText(token, entry.sessionToken)) {
			return tencentFail('AuthFailure.TokenFailure', `The X-TC-Token does not belong to SecretId ${secretId}, or it has expired.`);
		}
	} else if (token) {
		return tencentFail('AuthFailure.TokenFailure', `SecretId ${secretId} is a permanent key; it takes no X-TC-Token.`);
	}

	return {
		ok: true,
		secretId,
		service,
		action: header(headers, 'x-tc-action'),
		region: header(headers, 'x-tc-region'),
	};
}

function qiniuFail(error, reason) {
	return { ok: false, status: 401, error, reason };
}

/** The Qiniu v2 signing data as the Qiniu servers build it (the SDK's algorithm, Host as received, body as bytes). */
function qiniuServerData(method, path, host, contentType, headers, body) {
	const type = contentType === undefined || contentType === '' ? 'application/x-www-form-urlencoded' : contentType;
	const qiniuHeaders = new Map();
	for (const [name, value] of Object.entries(headers || {})) {
		const canonical = qiniuUtil.canonicalMimeHeaderKey(name);
		if (canonical.startsWith('X-Qiniu-') && canonical.length > 'X-Qiniu-'.length && value !== undefined) {
			qiniuHeaders.set(canonical, Array.isArray(value) ? value.map(String).join(', ') : String(value));
		}
	}
	let head = `${method} ${path}\nHost: ${host}\nContent-Type: ${type}`;
	for (const name of [...qiniuHeaders.keys()].sort()) head += `\n${name}: ${qiniuHeaders.get(name)}`;
	head += '\n\n';
	const withBody = body.length > 0 && type !== 'application/octet-stream';
	return withBody ? Buffer.concat([Buffer.from(head, 'utf8'), body]) : Buffer.from(head, 'utf8');
}

function parseQiniuDate(text) {
	const m = QINIU_DATE.exec(String(text).trim());
	if (!m) return undefined;
	const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
	return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * Verify a request signed with a Qiniu v2 management token (`Authorization: Qiniu <AK>:<sign>`).
 *
 * Accepted when the token equals HMAC-SHA1 (URL-safe base64) over
 *   "<METHOD> <path?query>\nHost: <Host header>\nContent-Type: <type or application/x-www-form-urlencoded>"
 *   + "\n<X-Qiniu-* headers, canonical names, sorted>" + "\n\n" + <body unless empty or octet-stream>
 * as the Qiniu servers compute it, or equals what qiniu's generateAccessTokenV2 computes for the same
 * request (the same thing, except that the SDK repeats a non-default port in the Host line, so an
 * SDK client talking to a server on a port is accepted too).
 * When nowSeconds is given and the request has X-Qiniu-Date, a date further than maxSkewSeconds from
 * it is refused as 'expired token' (an emulator choice; Qiniu does not document its window).
 *
 * @param {object} request
 * @param {string} request.method
 * @param {string} request.path          path and query as received (req.url)
 * @param {Record<string, string|string[]>} request.headers   names lower-cased (req.headers)
 * @param {Buffer|string} [request.body]
 * @param {Map<string, string>|Record<string, string>} request.keys   AccessKey -> SecretKey
 * @param {number} [request.nowSeconds]
 * @param {number} [request.maxSkewSeconds=900]
 * @returns {{ok: true, accessKey: string} | {ok: false, status: 401, error: 'bad token'|'expired token', reason: string}}
 */
function verifyQiniu({ method, path, headers, body, keys, nowSeconds, maxSkewSeconds = QINIU_DEFAULT_MAX_SKEW_SECONDS }) {
	const authorization = header(headers, 'authorization');
	if (!authorization) return qiniuFail('bad token', 'no Authorization header');
	const parsed = QINIU_AUTHORIZATION.exec(authorization.trim());
	if (!parsed) return qiniuFail('bad token', 'Authorization is not "Qiniu <AccessKey>:<sign>"');
	const [, accessKey, token] = parsed;
	const secretKey = lookup(keys, accessKey);
	if (typeof secretKey !== 'string' || secretKey === '') return qiniuFail('bad token', `unknown AccessKey ${accessKey}`);

	const dateText = header(headers, 'x-qiniu-date');
	if (dateText !== undefined && nowSeconds !== undefined) {
		const date = parseQiniuDate(dateText);
		if (date === undefined) return qiniuFail('bad token', 'X-Qiniu-Date is not YYYYMMDDTHHmmssZ');
		if (Math.abs(date - nowSeconds) > maxSkewSeconds) {
			return qiniuFail('expired token', `X-Qiniu-Date is ${Math.abs(date - nowSeconds)} s away from the server time`);
		}
	}

	const host = header(headers, 'host');
	if (!host) return qiniuFail('bad token', 'no Host header');
	const verb = String(method || '').toUpperCase();
	const target = String(path || '/').startsWith('/') ? String(path || '/') : `/${path}`;
	let url;
	try {
		url = new URL(`http://${host}${target}`);
	} catch {
		return qiniuFail('bad token', 'the Host header or the path cannot be read');
	}
	const pathWithQuery = url.pathname + url.search;
	const contentType = header(headers, 'content-type');
	const bytes = toBuffer(body);

	const mac = { accessKey, secretKey };
	const serverToken = qiniuUtil.base64ToUrlSafe(
		qiniuUtil.hmacSha1(qiniuServerData(verb, pathWithQuery, host, contentType, headers, bytes), secretKey),
	);
	if (sameText(token, serverToken)) return { ok: true, accessKey };

	const sdkAuthorization = qiniuUtil.generateAccessTokenV2(
		mac,
		url.href,
		verb,
		contentType,
		bytes.length > 0 ? bytes.toString('utf8') : undefined,
		headers,
	);
	if (sameText(authorization.trim(), sdkAuthorization)) return { ok: true, accessKey };

	return qiniuFail('bad token', 'the signature does not match the request (method, path and query, Host, Content-Type, X-Qiniu-* headers, body, SecretKey)');
}

module.exports = {
	verifyTencent,
	verifyQiniu,
	parseQiniuDate,
	TC3_SIGNED_HEADERS,
	TC3_DEFAULT_MAX_SKEW_SECONDS,
	QINIU_DEFAULT_MAX_SKEW_SECONDS,
};
