/**
 * Sign a request for a provider's credential: the options a credential's authenticate() receives come
 * back as the request n8n will send (rebuilt by ./dialects), with the provider's signature headers set.
 * Tencent Cloud: TC3-HMAC-SHA256 (./tc3); Qiniu: a v2 management token (./qiniu). Both honour the
 * credential's Endpoint (./endpoint).
 */
import { findHeaderKey, setHeader } from './headers';
import {
	FORM_CONTENT_TYPE,
	JSON_CONTENT_TYPE,
	rebuildRequest,
	type RebuildRules,
	type RebuiltRequest,
	type RequestOptionsLike,
} from './dialects';
import { parseEndpoint, redirectTo } from './endpoint';
import { SigningError } from './error';
import { QINIU_DATE_HEADER, QINIU_DEFAULT_CONTENT_TYPE, qiniuDate, signQiniuV2 } from './qiniu';
import { hostWithoutPort, signTc3, tencentServiceFromHost } from './tc3';

export { SigningError } from './error';
export { serializeQuery, type ArrayFormat } from './query';
export { tryParseUrl, type RequestOptionsLike } from './dialects';

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

/** What differs between the providers' credentials; prepareSigned does the steps they share. */
interface Signer<C extends { endpoint?: string }> {
	/** The credential's name in messages. */
	name: string;
	/** Where the keys come from, for the message that one is missing. */
	keysFrom: string;
	/** An example Endpoint, for the message that the Endpoint is wrong. */
	endpointExample: string;
	/** The fields holding the keys the credential needs, in the order they are checked; `secretId` is labelled SecretId. */
	keys: Array<keyof C & string>;
	/** Whether a request to `url` goes to the credential's Endpoint instead. */
	movesToEndpoint: (url: URL, endpoint: URL) => boolean;
	defaultContentType: RebuildRules['defaultContentType'];
	emptyObject: RebuildRules['emptyObject'];
	/** Set the provider's own headers on the rebuilt request; gives the Authorization value. */
	sign: (request: RebuiltRequest, keys: string[], context: SignContext<C>) => string;
}

interface SignContext<C> {
	credentials: C;
	endpoint: URL | undefined;
	now: number | Date;
}

/** Check the keys (trimmed), parse the Endpoint, rebuild the request, sign it, set Authorization. */
function prepareSigned<T extends RequestOptionsLike, C extends { endpoint?: string }>(
	signer: Signer<C>,
	options: T,
	credentials: C,
	now: number | Date,
): T {
	const keys = signer.keys.map((field) => {
		const label = field.charAt(0).toUpperCase() + field.slice(1);
		const key = String(credentials[field] ?? '').trim();
		if (key === '') {
			throw new SigningError(
				`The ${signer.name} credential has no ${label}`,
				`Open the credential and paste the ${label} from ${signer.keysFrom}.`,
			);
		}
		return key;
	});
	const endpoint = parseEndpoint(credentials.endpoint, signer.name, signer.endpointExample);
	const request = rebuildRequest(options, {
		redirect: redirectTo(endpoint, signer.movesToEndpoint),
		defaultContentType: signer.defaultContentType,
		emptyObject: signer.emptyObject,
	});
	setHeader(request.headers, 'Authorization', signer.sign(request, keys, { credentials, endpoint, now }));
	return request.out as unknown as T;
}

function nowMs(now: number | Date): number {
	const ms = now instanceof Date ? now.getTime() : now;
	if (!Number.isFinite(ms)) throw new SigningError('No valid clock reading to sign with');
	return ms;
}

const TENCENT: Signer<TencentCredentials> = {
	name: 'Tencent Cloud API',
	keysFrom: 'the Tencent Cloud console, CAM > API Keys (https://console.cloud.tencent.com/cam/capi)',
	endpointExample: 'https://ocr.tencentcloudapi.com',
	keys: ['secretId', 'secretKey'],
	movesToEndpoint: (url, endpoint) => {
		const service = tencentServiceFromHost(url.hostname);
		const endpointService = tencentServiceFromHost(endpoint.hostname);
		return service !== undefined && (endpointService === undefined || endpointService === service);
	},
	defaultContentType: (method) => (method === 'GET' || method === 'HEAD' ? FORM_CONTENT_TYPE : JSON_CONTENT_TYPE),
	emptyObject: 'json',
	sign: (p, [secretId, secretKey], { credentials, endpoint, now }) => {
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

		return signTc3({
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
		}).authorization;
	},
};

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
export function prepareTencentRequest<T extends RequestOptionsLike>(options: T, credentials: TencentCredentials, now: number | Date): T {
	return prepareSigned(TENCENT, options, credentials, now);
}

function isQiniuApiHost(hostname: string): boolean {
	const name = hostname.toLowerCase().replace(/\.$/, '');
	return name === QINIU_API_DOMAIN || name.endsWith(`.${QINIU_API_DOMAIN}`);
}

const QINIU: Signer<QiniuCredentials> = {
	name: 'Qiniu API',
	keysFrom: 'the Qiniu portal, Key management (https://portal.qiniu.com/developer/user/key)',
	endpointExample: 'https://ap-gate-z0.qiniuapi.com',
	keys: ['accessKey', 'secretKey'],
	// When the Endpoint is itself a *.qiniuapi.com host, only the OCR gateway moves there.
	movesToEndpoint: (url, endpoint) =>
		isQiniuApiHost(url.hostname) && (!isQiniuApiHost(endpoint.hostname) || /^ap-gate-/i.test(url.hostname)),
	defaultContentType: (_method, body) => body.defaultContentType ?? QINIU_DEFAULT_CONTENT_TYPE,
	emptyObject: 'none',
	sign: (p, [accessKey, secretKey], { now }) => {
		setHeader(p.headers, QINIU_DATE_HEADER, qiniuDate(nowMs(now)));
		return signQiniuV2({
			accessKey,
			secretKey,
			method: p.method,
			url: p.url.href,
			host: p.host,
			headers: p.headers,
			contentType: p.contentType,
			body: p.bytes,
		}).authorization;
	},
};

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
export function prepareQiniuRequest<T extends RequestOptionsLike>(options: T, credentials: QiniuCredentials, now: number | Date): T {
	return prepareSigned(QINIU, options, credentials, now);
}

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
