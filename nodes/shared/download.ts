/**
 * The one download client: GETs a file from a URL with n8n's HTTP helper (no credential), streaming,
 * never more than a given size, headers and body within the Timeout option, and aborted when the
 * execution stops. A failure is a DownloadError that says what happened and what to do; passing ones
 * (network, time-out, 5xx, 429) are retryable, so the scheduler can try again.
 */
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { formatBytes } from '../core/run/files';
import { readHeader } from '../core/providers/signing/headers';
import { describeTransportFailure } from '../core/providers/errors';

const DOWNLOAD_HINT =
	'Check that the URL is public and still valid (signed links expire). Or download the file with the HTTP Request node (Response Format: File) and pass it to this node as binary data.';

export interface DownloadErrorFields {
	code: string;
	message: string;
	hint: string;
	retryable: boolean;
	httpStatus?: number;
	detail?: string;
	cancelled?: boolean;
}

/** A download that failed; `retryable` lets the scheduler retry it. */
export class DownloadError extends Error {
	readonly code: string;
	readonly hint: string;
	readonly retryable: boolean;
	readonly httpStatus?: number;
	readonly detail?: string;
	readonly cancelled: boolean;

	constructor(fields: DownloadErrorFields) {
		super(fields.message);
		this.name = 'DownloadError';
		({ code: this.code, hint: this.hint, retryable: this.retryable, httpStatus: this.httpStatus, detail: this.detail } = fields);
		this.cancelled = fields.cancelled === true;
	}
}

export interface DownloadOptions {
	/** Largest body accepted; a larger one is cut off and reported. */
	maxBytes: number;
	/** Headers and body must arrive within this many milliseconds. */
	timeoutMs: number;
	/** The execution's cancel signal, when n8n gives one. */
	signal?: AbortSignal;
	/** The Accept header. */
	accept?: string;
	/** What the file is, for the too-large hint ("E-invoice files are well under 1 MB"). */
	sizeHint?: string;
}

function tooLarge(options: DownloadOptions, size?: number): DownloadError {
	return new DownloadError({
		code: 'DownloadTooLarge',
		message: `The file at the URL is ${size === undefined ? 'larger than' : `${formatBytes(size)}, more than`} the ${formatBytes(options.maxBytes)} the node downloads`,
		hint: `${options.sizeHint ?? 'E-invoice files are well under 1 MB: check that the URL points to the invoice.'} To accept larger files, raise the Max Download Size option.`,
		retryable: false,
	});
}

function abortReason(signal: AbortSignal): unknown {
	return signal.reason ?? Object.assign(new Error('The download was aborted'), { name: 'AbortError' });
}

/**
 * The promise, or a rejection as soon as the signal aborts. A value that still arrives after that is
 * handed to `late` (to release it), an error that arrives after that is ignored.
 */
async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, late?: (value: T) => void): Promise<T> {
	if (signal.aborted) {
		promise.then(late, () => undefined);
		throw abortReason(signal);
	}
	return await new Promise<T>((resolve, reject) => {
		let settled = false;
		const onAbort = () => {
			settled = true;
			reject(abortReason(signal));
		};
		signal.addEventListener('abort', onAbort, { once: true });
		promise.then(
			(value) => {
				signal.removeEventListener('abort', onAbort);
				if (settled) late?.(value);
				else resolve(value);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(error);
			},
		);
	});
}

function discard(body: unknown): void {
	if (body === null || typeof body !== 'object') return;
	const b = body as { destroy?: unknown; cancel?: unknown };
	try {
		if (typeof b.destroy === 'function') (b.destroy as () => void).call(body);
		else if (typeof b.cancel === 'function') {
			const result = (b.cancel as () => unknown).call(body);
			if (result instanceof Promise) result.catch(() => undefined);
		}
	} catch {
		// The body is dropped either way.
	}
}

function chunkBytes(chunk: unknown): Buffer {
	if (Buffer.isBuffer(chunk)) return chunk;
	if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
	if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
	if (chunk instanceof ArrayBuffer) return Buffer.from(chunk);
	return Buffer.alloc(0);
}

/** The response body as bytes, never more than maxBytes (a stream is read chunk by chunk and cut off). */
async function readBody(body: unknown, options: DownloadOptions, signal: AbortSignal): Promise<Buffer> {
	if (body === null || body === undefined) return Buffer.alloc(0);
	if (typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer) {
		const bytes = chunkBytes(body);
		if (bytes.length > options.maxBytes) throw tooLarge(options, bytes.length);
		return bytes;
	}
	const iterable = body as Partial<AsyncIterable<unknown>>;
	if (typeof iterable[Symbol.asyncIterator] !== 'function') {
		throw new DownloadError({ code: 'DownloadFailed', message: 'The download gave no readable data', hint: DOWNLOAD_HINT, retryable: false });
	}
	const iterator = (iterable as AsyncIterable<unknown>)[Symbol.asyncIterator]();
	const chunks: Buffer[] = [];
	let total = 0;
	let complete = false;
	try {
		for (;;) {
			const step = await untilAborted(iterator.next(), signal);
			if (step.done) break;
			const chunk = chunkBytes(step.value);
			total += chunk.length;
			if (total > options.maxBytes) throw tooLarge(options);
			chunks.push(chunk);
		}
		complete = true;
	} finally {
		if (!complete) discard(body);
	}
	return Buffer.concat(chunks, total);
}

/** Why a download got no (complete) answer, in the download's own terms. */
function transportFailure(error: unknown, timeoutMs: number, cancelled: boolean): DownloadError {
	if (error instanceof DownloadError) return error;
	const t = describeTransportFailure(error);
	if (cancelled || t.kind === 'cancelled') {
		return new DownloadError({
			code: 'Cancelled',
			message: 'The download was cancelled',
			hint: 'The execution was stopped while the file was being downloaded.',
			retryable: false,
			detail: t.detail,
			cancelled: true,
		});
	}
	if (t.kind === 'timeout') {
		return new DownloadError({
			code: 'Timeout',
			message: `The download did not finish within ${timeoutMs} ms`,
			hint: `The server was too slow or stopped sending. The download is retried; if it keeps timing out, raise the Timeout option. ${DOWNLOAD_HINT}`,
			retryable: true,
			detail: t.detail,
		});
	}
	if (t.kind === 'dns') {
		return new DownloadError({
			code: 'HostNotFound',
			message: "The download failed: the URL's host name could not be resolved",
			hint: `Check the URL for typing errors, and that this n8n instance can reach it (DNS, proxy). ${DOWNLOAD_HINT}`,
			retryable: false,
			detail: t.detail,
		});
	}
	return new DownloadError({
		code: t.retryable ? t.code : 'DownloadFailed',
		message: `The download failed: ${t.words}`,
		hint: `${t.retryable ? 'The download is retried. ' : ''}${DOWNLOAD_HINT}`,
		retryable: t.retryable,
		detail: t.detail,
	});
}

function statusFailure(status: number, statusMessage: unknown): DownloadError {
	const passing = status === 429 || status >= 500;
	return new DownloadError({
		code: `HTTP ${status}`,
		message: `The download failed: the server answered HTTP ${status}${typeof statusMessage === 'string' && statusMessage ? ` ${statusMessage}` : ''}`,
		hint: passing ? `The server had a passing problem; the download is retried. ${DOWNLOAD_HINT}` : DOWNLOAD_HINT,
		retryable: passing,
		httpStatus: status,
	});
}

interface FullResponse {
	statusCode?: unknown;
	status?: unknown;
	statusMessage?: unknown;
	headers?: unknown;
	body?: unknown;
}

/** One answer: a redirect (its Location), or the body within the limits. */
type Hop = { kind: 'redirect'; location: string; status: number } | { kind: 'body'; bytes: Buffer; contentType: string | undefined };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** One GET of one URL, within the signal; a redirect is returned (not followed) when `manualRedirects`. */
async function getOnce(
	ctx: IExecuteFunctions,
	url: string,
	options: DownloadOptions,
	signal: AbortSignal,
	manualRedirects: boolean,
): Promise<Hop> {
	const request: IHttpRequestOptions = {
		method: 'GET',
		url,
		encoding: 'stream',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: options.timeoutMs,
		abortSignal: signal,
		// Nothing but Accept: no cookie, no credential, no referrer goes with a download.
		headers: { Accept: options.accept ?? '*/*' },
	};
	if (manualRedirects) request.disableFollowRedirect = true;
	let response: FullResponse | undefined;
	let hop: Hop | undefined;
	let failure: unknown;
	try {
		response = (await untilAborted(Promise.resolve(ctx.helpers.httpRequest(request)), signal, (late) =>
			discard((late as FullResponse | undefined)?.body),
		)) as FullResponse;
		const status = Number(response?.statusCode ?? response?.status ?? 0);
		const headers =
			response?.headers !== null && typeof response?.headers === 'object' ? (response.headers as Record<string, unknown>) : {};
		const declared = Number(readHeader(headers, 'content-length'));
		const location = readHeader(headers, 'location');
		if (manualRedirects && REDIRECTS.has(status) && typeof location === 'string' && location !== '') {
			hop = { kind: 'redirect', location, status };
			discard(response?.body);
		} else if (status < 200 || status > 299) failure = statusFailure(status, response?.statusMessage);
		else if (Number.isFinite(declared) && declared > options.maxBytes) failure = tooLarge(options, declared);
		else {
			const contentType = readHeader(headers, 'content-type');
			hop = { kind: 'body', bytes: await readBody(response?.body, options, signal), contentType: typeof contentType === 'string' ? contentType : undefined };
		}
		if (failure !== undefined) discard(response?.body);
	} catch (error) {
		discard(response?.body);
		failure = error;
	}
	if (hop === undefined) throw transportFailure(failure, options.timeoutMs, options.signal?.aborted === true);
	return hop;
}

function deadlineOf(options: DownloadOptions): AbortSignal {
	const deadline = AbortSignal.timeout(options.timeoutMs);
	return options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
}

/** GETs the URL; resolves to its bytes, or rejects with a DownloadError. */
export async function downloadFile(ctx: IExecuteFunctions, url: string, options: DownloadOptions): Promise<Buffer> {
	const hop = await getOnce(ctx, url, options, deadlineOf(options), false);
	return hop.kind === 'body' ? hop.bytes : Buffer.alloc(0);
}

/**
 * Where a link download may go. `check` is asked before every request, for the first URL and every
 * redirect target (so a redirect cannot lead off the allow-list), and returns why a URL is refused.
 * `transport` says where the request is actually sent: the URL itself, except under the test-only
 * issuer emulator option (shared/invoiceLinks.ts), which maps allow-listed URLs to 127.0.0.1.
 */
export interface LinkPolicy {
	check(url: URL): string | undefined;
	transport(url: URL): string;
	/** Most redirects followed (default 5). */
	maxRedirects?: number;
	/** Who the link is from, for messages ("百望云 (baiwang.com)"). */
	issuerName: string;
}

export interface DownloadedLink {
	bytes: Buffer;
	/** The URL the file came from after redirects (as the issuer named it, not the transport address). */
	url: string;
	contentType: string | undefined;
	/** Every URL requested, in order (the first one and each redirect target). */
	hops: string[];
}

const LINK_HINT =
	'Open the link in the mail by hand and download the invoice file (XML, OFD or PDF); pass it to the workflow as an attachment, or ask the seller to send the invoice again.';

/** A link (or a redirect, `target`) the policy refuses: never requested. */
export function refusedLink(issuerName: string, reason: string, target?: string): DownloadError {
	return new DownloadError({
		code: 'LinkRefused',
		message: `The ${issuerName} link was not followed: ${target === undefined ? reason : `it redirected to ${target} (${reason})`}`,
		hint: `Invoice links are followed only to the known issuers' own https addresses (see the README, "Invoices that arrive as a link"). ${LINK_HINT}`,
		retryable: false,
	});
}

/**
 * GETs a link with redirects followed by hand: each target is resolved against the URL before it and
 * checked by the policy before it is requested; the size limit and one deadline (Timeout) cover the
 * whole chain. No cookie or credential is ever sent (a Set-Cookie is ignored).
 */
export async function downloadLink(ctx: IExecuteFunctions, url: string, options: DownloadOptions, policy: LinkPolicy): Promise<DownloadedLink> {
	const signal = deadlineOf(options);
	const maxRedirects = policy.maxRedirects ?? 5;
	const hops: string[] = [];
	let current: URL;
	try {
		current = new URL(url);
	} catch {
		throw refusedLink(policy.issuerName, 'it is not a valid URL');
	}
	for (let redirects = 0; ; redirects++) {
		const refused = policy.check(current);
		if (refused !== undefined) {
			throw refusedLink(policy.issuerName, refused, hops.length === 0 ? undefined : `${current.protocol}//${current.host}${current.pathname}`);
		}
		hops.push(current.href);
		const hop = await getOnce(ctx, policy.transport(current), options, signal, true);
		if (hop.kind === 'body') return { bytes: hop.bytes, url: current.href, contentType: hop.contentType, hops };
		if (redirects >= maxRedirects) {
			throw new DownloadError({
				code: 'TooManyRedirects',
				message: `The ${policy.issuerName} link redirected more than ${maxRedirects} times`,
				hint: LINK_HINT,
				retryable: false,
			});
		}
		let next: URL;
		try {
			next = new URL(hop.location, current);
		} catch {
			throw refusedLink(policy.issuerName, 'it is not a valid URL', `"${hop.location.slice(0, 100)}"`);
		}
		current = next;
	}
}
