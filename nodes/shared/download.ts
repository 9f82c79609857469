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

/** GETs the URL; resolves to its bytes, or rejects with a DownloadError. */
export async function downloadFile(ctx: IExecuteFunctions, url: string, options: DownloadOptions): Promise<Buffer> {
	const deadline = AbortSignal.timeout(options.timeoutMs);
	const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
	const request: IHttpRequestOptions = {
		method: 'GET',
		url,
		encoding: 'stream',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: options.timeoutMs,
		abortSignal: signal,
		headers: { Accept: options.accept ?? '*/*' },
	};
	let response: FullResponse | undefined;
	let bytes: Buffer | undefined;
	let failure: unknown;
	try {
		response = (await untilAborted(Promise.resolve(ctx.helpers.httpRequest(request)), signal, (late) =>
			discard((late as FullResponse | undefined)?.body),
		)) as FullResponse;
		const status = Number(response?.statusCode ?? response?.status ?? 0);
		const headers =
			response?.headers !== null && typeof response?.headers === 'object' ? (response.headers as Record<string, unknown>) : {};
		const declared = Number(readHeader(headers, 'content-length'));
		if (status < 200 || status > 299) failure = statusFailure(status, response?.statusMessage);
		else if (Number.isFinite(declared) && declared > options.maxBytes) failure = tooLarge(options, declared);
		else bytes = await readBody(response?.body, options, signal);
		if (failure !== undefined) discard(response?.body);
	} catch (error) {
		discard(response?.body);
		failure = error;
	}
	if (bytes === undefined) throw transportFailure(failure, options.timeoutMs, options.signal?.aborted === true);
	return bytes;
}
