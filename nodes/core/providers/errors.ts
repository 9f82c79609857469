/**
 * What the providers share: the shape of a request the node hands to n8n, the shape of the answer it
 * gets back, and the one error type every provider failure becomes.
 */
import { APIS, type ApiName, type ProviderName } from './apis';

export type { ApiName, ProviderName };
import { readHeader } from './signing/headers';

/** A request as plain data; the credential's authenticate() signs it (and may rewrite the origin). */
export interface RequestDescription {
	method: 'POST';
	url: string;
	headers: Record<string, string>;
	/** The exact JSON text to send (the signature covers these bytes). */
	body: string;
}

/** An HTTP answer as n8n's httpRequest returns it with returnFullResponse and ignoreHttpStatusErrors. */
export interface HttpAnswer {
	statusCode: number;
	headers?: Record<string, unknown>;
	/** Text, bytes, or an object when the HTTP layer already parsed JSON. */
	body?: unknown;
}

export interface ProviderErrorFields {
	provider: ProviderName;
	api?: ApiName;
	/** The provider's code (`AuthFailure.SignatureFailure`, `HTTP 401`, …) or ours (`NetworkError`, `MalformedResponse`). */
	code: string;
	/** The provider's own words. */
	message: string;
	requestId?: string;
	httpStatus?: number;
	retryable: boolean;
	/** What the user should do about it. */
	hint: string;
	/** How long the provider asked us to wait before trying again. */
	retryAfterMs?: number;
	/** True when no answer came back at all (network, timeout); `message` is then our own words. */
	transport?: boolean;
	/** The low-level error text, for the error item's `detail` (never shown as the message). */
	detail?: string;
}

const PROVIDER_LABELS: Record<ProviderName, string> = {
	tencent: 'Tencent Cloud',
	qiniu: 'Qiniu',
	local: 'The local reader',
};

/** "Tencent Cloud VatInvoiceOCR" (the API table's label), or the provider's name when no API is known. */
export function providerLabel(provider: ProviderName, api?: ApiName): string {
	return api ? APIS[api].label : PROVIDER_LABELS[provider];
}

export class ProviderError extends Error {
	readonly provider: ProviderName;
	readonly api?: ApiName;
	readonly code: string;
	readonly providerMessage: string;
	readonly requestId?: string;
	readonly httpStatus?: number;
	readonly retryable: boolean;
	readonly hint: string;
	readonly retryAfterMs?: number;
	readonly transport: boolean;
	readonly detail?: string;

	constructor(fields: ProviderErrorFields) {
		super(formatProviderError(fields));
		this.name = 'ProviderError';
		this.provider = fields.provider;
		this.api = fields.api;
		this.code = fields.code;
		this.providerMessage = fields.message;
		this.requestId = fields.requestId;
		this.httpStatus = fields.httpStatus;
		this.retryable = fields.retryable;
		this.hint = fields.hint;
		this.retryAfterMs = fields.retryAfterMs;
		this.transport = fields.transport === true;
		this.detail = fields.detail;
	}
}

/**
 * "Tencent Cloud VatInvoiceOCR returned AuthFailure.SignatureFailure: … (request id …)", or for a request
 * that got no answer "No answer from Tencent Cloud VatInvoiceOCR: the connection was reset". The latter
 * never quotes Node's error codes (ECONNRESET, ENOTFOUND, …): n8n replaces any error message that
 * contains one with a generic sentence, which would lose the item and file named around it.
 */
export function formatProviderError(fields: ProviderErrorFields): string {
	if (fields.transport) return `No answer from ${providerLabel(fields.provider, fields.api)}: ${fields.message}`;
	const text = fields.message ? `: ${fields.message}` : '';
	const id = fields.requestId ? ` (request id ${fields.requestId})` : '';
	return `${providerLabel(fields.provider, fields.api)} returned ${fields.code}${text}${id}`;
}

/** The body as text, whatever the HTTP layer made of it. Objects come back as `undefined` text. */
export function bodyText(body: unknown): string | undefined {
	if (body === undefined || body === null) return undefined;
	if (typeof body === 'string') return body;
	if (body instanceof Uint8Array) return new TextDecoder('utf-8').decode(body);
	if (body instanceof ArrayBuffer) return new TextDecoder('utf-8').decode(new Uint8Array(body));
	return undefined;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; text: string };

/** Parses a body as JSON without throwing; an already-parsed object is taken as is. */
export function parseJsonBody(body: unknown): JsonParse {
	const text = bodyText(body);
	if (text === undefined) {
		if (body !== undefined && body !== null && typeof body === 'object') return { ok: true, value: body };
		return { ok: false, text: '' };
	}
	const trimmed = text.trim();
	if (trimmed === '') return { ok: false, text: '' };
	try {
		return { ok: true, value: JSON.parse(trimmed) };
	} catch {
		return { ok: false, text: trimmed };
	}
}

/** A short, single-line excerpt of a body for an error message. */
export function excerpt(text: string, max = 200): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * `Retry-After` as milliseconds: delta-seconds, or an HTTP date measured against `nowMs`.
 */
export function parseRetryAfter(value: string | undefined, nowMs?: number): number | undefined {
	if (value === undefined) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	if (nowMs === undefined) return undefined;
	const at = Date.parse(trimmed);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, at - nowMs);
}

/** How long an answer asks us to wait (its Retry-After header), in milliseconds. */
export function retryAfterOf(answer: HttpAnswer, nowMs?: number): number | undefined {
	return parseRetryAfter(readHeader(answer.headers, 'retry-after'), nowMs);
}

// ---------------------------------------------------------------------------------------------
// Failures below HTTP: the request never got an answer.

const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENETUNREACH',
	'ENETDOWN',
	'EHOSTUNREACH',
	'EHOSTDOWN',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'ERR_STREAM_PREMATURE_CLOSE',
]);

interface ErrorLike {
	code?: unknown;
	name?: unknown;
	message?: unknown;
	cause?: unknown;
	httpCode?: unknown;
	errno?: unknown;
	messages?: unknown;
}

function errorChain(error: unknown): ErrorLike[] {
	const chain: ErrorLike[] = [];
	let current: unknown = error;
	while (current !== null && typeof current === 'object' && chain.length < 6 && !chain.includes(current as ErrorLike)) {
		chain.push(current as ErrorLike);
		current = (current as ErrorLike).cause;
	}
	return chain;
}

/** Why a request got no answer at all, in words without Node's error codes (n8n rewrites those). */
export interface TransportFailure {
	kind: 'timeout' | 'cancelled' | 'dns' | 'network' | 'other';
	/** Our code (`Timeout`, `Cancelled`, `ENOTFOUND`, `NetworkError`) or the network code (`ECONNRESET`). */
	code: string;
	/** What happened, for a message ("the connection was reset"). */
	words: string;
	retryable: boolean;
	/** The low-level error text, for an error item's `detail`. */
	detail: string;
}

/**
 * What an exception from the HTTP layer means (no answer at all: refused, reset, DNS, timeout,
 * aborted). Timeouts and transient network failures are retryable; an unknown host is not (the
 * address is wrong), and neither is a cancelled execution. Provider requests and downloads both
 * start from this; each says what to do in its own terms.
 */
export function describeTransportFailure(error: unknown): TransportFailure {
	const chain = errorChain(error);
	const codes = chain.map((e) => (typeof e.code === 'string' ? e.code : '')).filter(Boolean);
	const names = chain.map((e) => (typeof e.name === 'string' ? e.name : ''));
	const messages = chain.map((e) => (typeof e.message === 'string' ? e.message : ''));
	const detail = excerpt(messages.find((m) => m) ?? String(error));
	// n8n 1.x's NodeApiError drops `cause` and keeps the low-level text ("socket hang up", "timeout of
	// 30000ms exceeded") only in its `messages` list, so read those too.
	const wrapped = chain.flatMap((e) => (Array.isArray(e.messages) ? e.messages.map(String) : []));
	const text = [...messages, ...wrapped].join(' | ');

	const isTimeout =
		codes.some((c) => /TIMEDOUT|TIMEOUT/i.test(c) || c === 'ECONNABORTED') ||
		names.includes('TimeoutError') ||
		/\btime(d)?[ -]?out\b/i.test(text);
	if (isTimeout) return { kind: 'timeout', code: 'Timeout', words: 'the request timed out', retryable: true, detail };
	if (names.includes('AbortError') || codes.includes('ERR_CANCELED') || codes.includes('ABORT_ERR')) {
		return { kind: 'cancelled', code: 'Cancelled', words: 'the request was cancelled', retryable: false, detail };
	}
	if (codes.includes('ENOTFOUND')) {
		return { kind: 'dns', code: 'ENOTFOUND', words: 'the host name could not be resolved', retryable: false, detail };
	}
	const networkCode = codes.find((c) => RETRYABLE_NETWORK_CODES.has(c));
	if (networkCode || /socket hang up|network|ECONNRESET|ECONNREFUSED|fetch failed/i.test(text)) {
		return {
			kind: 'network',
			code: networkCode ?? 'NetworkError',
			words: NETWORK_WORDS[networkCode ?? ''] ?? 'the connection failed',
			retryable: true,
			detail,
		};
	}
	return { kind: 'other', code: codes[0] ?? 'RequestFailed', words: 'the request could not be sent', retryable: false, detail };
}

const TRANSPORT_HINTS: Record<TransportFailure['kind'], string> = {
	timeout:
		'The provider did not answer in time. The request is retried; if it keeps timing out, raise the Timeout option or lower Requests per Second.',
	cancelled: 'The request was cancelled, usually because the execution was stopped.',
	dns: 'Check the Endpoint field of the credential, and that this n8n instance can reach the internet (DNS).',
	network:
		"The connection to the provider failed. The request is retried; if it keeps failing, check that this n8n instance can reach the provider (proxy, firewall, the credential's Endpoint).",
	other: "Check the credential's Endpoint and this instance's network settings.",
};

/** A provider request that got no answer, as a ProviderError with what to do about it. */
export function classifyTransportError(error: unknown, provider: ProviderName, api?: ApiName): ProviderError {
	const t = describeTransportFailure(error);
	return new ProviderError({
		provider,
		api,
		transport: true,
		detail: t.detail,
		code: t.code,
		message: t.kind === 'dns' ? "the provider's host name could not be resolved" : t.words,
		retryable: t.retryable,
		hint: TRANSPORT_HINTS[t.kind],
	});
}

const NETWORK_WORDS: Record<string, string> = {
	ECONNRESET: 'the connection was reset',
	ECONNREFUSED: 'the connection was refused',
	EPIPE: 'the connection was closed while sending',
	EAI_AGAIN: 'a temporary DNS failure',
	ENETUNREACH: 'the network is unreachable',
	ENETDOWN: 'the network is down',
	EHOSTUNREACH: 'the host is unreachable',
	EHOSTDOWN: 'the host is down',
	UND_ERR_SOCKET: 'the connection was closed',
	ERR_STREAM_PREMATURE_CLOSE: 'the answer was cut off',
};
