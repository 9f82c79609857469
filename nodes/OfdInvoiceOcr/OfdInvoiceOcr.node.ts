/**
 * OFD Invoice OCR: the invoice data of OFD e-invoices (电子发票 .ofd), read either locally from the file
 * itself (engine "local": no account, no network, free, exact) or by Tencent Cloud
 * VerifyOfdVatInvoiceOCR. Both give Tencent's VerifyOfdVatInvoiceOCR field names, so Normalize Invoice
 * treats them alike. Inputs, scheduling, error items and pairedItem come from ../shared (runFileJobs).
 *
 * Programmatic rather than declarative: files are read from binary data, checked before any request,
 * read locally or sent with retries under a rate limit, and flattened with metadata.
 */
import {
	ExecutionBaseError,
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { checkLocalFile, sniffFile } from '../core/files';
import { OfdPackage, readOfdInvoice } from '../core/ofd';
import { classifyTransportError, readHeader } from '../core/providers/errors';
import { withMeta } from '../core/providers/flatten';
import { TENCENT_DEFAULT_RATE } from '../core/providers/tencent';
import { credentialFieldLabel, inputProperties, runOptionsProperty } from '../shared/descriptions';
import { verifyOfdHandler, type PageMode, type SettingsOf } from '../shared/ocrHandlers';
import { problemFromError, type Problem } from '../shared/problems';
import { runFileJobs, type FileHandler, type FileJob, type JobResult, type RunConfig } from '../shared/run';

type Engine = 'local' | 'tencent';

const MIB = 1024 * 1024;

/** Largest file the local engine downloads from a URL, unless the Max Download Size option says otherwise. */
export const DEFAULT_MAX_DOWNLOAD_MB = 20;

const DOWNLOAD_HINT =
	'Check that the URL is public and still valid (signed links expire). Or download the file with the HTTP Request node (Response Format: File) and pass it to this node as binary data.';

// ---------------------------------------------------------------------------------------------
// Downloads (local engine, URL input)

/** A download that failed; `retryable` lets the scheduler retry it (network, time-out, 5xx, 429). */
export class DownloadError extends Error {
	readonly code: string;
	readonly hint: string;
	readonly retryable: boolean;
	readonly httpStatus?: number;
	readonly detail?: string;
	readonly cancelled: boolean;

	constructor(fields: {
		code: string;
		message: string;
		hint: string;
		retryable: boolean;
		httpStatus?: number;
		detail?: string;
		cancelled?: boolean;
	}) {
		super(fields.message);
		this.name = 'DownloadError';
		this.code = fields.code;
		this.hint = fields.hint;
		this.retryable = fields.retryable;
		this.httpStatus = fields.httpStatus;
		this.detail = fields.detail;
		this.cancelled = fields.cancelled === true;
	}

	toProblem(): Problem {
		const p: Problem = { kind: 'operation', code: this.code, message: this.message, hint: this.hint };
		if (this.httpStatus !== undefined) p.httpStatus = this.httpStatus;
		if (this.detail !== undefined) p.detail = this.detail;
		if (this.cancelled) p.cancelled = true;
		return p;
	}
}

type DownloadErrorFields = ConstructorParameters<typeof DownloadError>[0];

function downloadError(fields: DownloadErrorFields): DownloadError {
	return new DownloadError(fields);
}

function formatSize(bytes: number): string {
	return bytes >= MIB ? `${(bytes / MIB).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function tooLarge(maxBytes: number, size?: number): DownloadError {
	return downloadError({
		code: 'DownloadTooLarge',
		message: `The file at the URL is ${size === undefined ? 'larger than' : `${formatSize(size)}, more than`} the ${formatSize(maxBytes)} the node downloads`,
		hint: 'E-invoice OFD files are well under 1 MB: check that the URL points to the invoice. To accept larger files, raise the Max Download Size option.',
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
async function readBody(body: unknown, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
	if (body === null || body === undefined) return Buffer.alloc(0);
	if (typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer) {
		const bytes = chunkBytes(body);
		if (bytes.length > maxBytes) throw tooLarge(maxBytes, bytes.length);
		return bytes;
	}
	const iterable = body as Partial<AsyncIterable<unknown>>;
	if (typeof iterable[Symbol.asyncIterator] !== 'function') {
		throw downloadError({
			code: 'DownloadFailed',
			message: 'The download gave no readable data',
			hint: DOWNLOAD_HINT,
			retryable: false,
		});
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
			if (total > maxBytes) throw tooLarge(maxBytes);
			chunks.push(chunk);
		}
		complete = true;
	} finally {
		if (!complete) discard(body);
	}
	return Buffer.concat(chunks, total);
}

/** Why a download got no (complete) answer, in words without Node's error codes (n8n rewrites those). */
function transportFailure(error: unknown, timeoutMs: number, cancelled: boolean): DownloadError {
	if (error instanceof DownloadError) return error;
	const t = classifyTransportError(error, 'local', 'LocalOfdReader');
	if (cancelled || t.code === 'Cancelled') {
		return downloadError({
			code: 'Cancelled',
			message: 'The download was cancelled',
			hint: 'The execution was stopped while the file was being downloaded.',
			retryable: false,
			detail: t.detail,
			cancelled: true,
		});
	}
	if (t.code === 'Timeout') {
		return downloadError({
			code: 'Timeout',
			message: `The download did not finish within ${timeoutMs} ms`,
			hint: `The server was too slow or stopped sending. The download is retried; if it keeps timing out, raise the Timeout option. ${DOWNLOAD_HINT}`,
			retryable: true,
			detail: t.detail,
		});
	}
	if (t.code === 'ENOTFOUND') {
		return downloadError({
			code: 'HostNotFound',
			message: "The download failed: the URL's host name could not be resolved",
			hint: `Check the URL for typing errors, and that this n8n instance can reach it (DNS, proxy). ${DOWNLOAD_HINT}`,
			retryable: false,
			detail: t.detail,
		});
	}
	return downloadError({
		code: t.retryable ? t.code : 'DownloadFailed',
		message: `The download failed: ${t.providerMessage}`,
		hint: `${t.retryable ? 'The download is retried. ' : ''}${DOWNLOAD_HINT}`,
		retryable: t.retryable,
		detail: t.detail,
	});
}

interface FullResponse {
	statusCode?: unknown;
	status?: unknown;
	statusMessage?: unknown;
	headers?: unknown;
	body?: unknown;
}

/**
 * GETs the URL with n8n's HTTP helper (no credentials), streaming, at most maxBytes, and all of it
 * (headers and body) within the Timeout option; stopping the execution aborts it.
 */
export async function downloadFile(job: FileJob, url: string, maxBytes: number): Promise<Buffer> {
	const deadline = AbortSignal.timeout(job.timeoutMs);
	const signal = job.signal ? AbortSignal.any([deadline, job.signal]) : deadline;
	const request: IHttpRequestOptions = {
		method: 'GET',
		url,
		encoding: 'stream',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: job.timeoutMs,
		abortSignal: signal,
		headers: { Accept: 'application/ofd, application/octet-stream, */*' },
	};
	let response: FullResponse | undefined;
	let bytes: Buffer | undefined;
	let failure: unknown;
	try {
		response = (await untilAborted(Promise.resolve(job.ctx.helpers.httpRequest(request)), signal, (late) =>
			discard((late as FullResponse | undefined)?.body),
		)) as FullResponse;
		const status = Number(response?.statusCode ?? response?.status ?? 0);
		const headers =
			response?.headers !== null && typeof response?.headers === 'object' ? (response.headers as Record<string, unknown>) : {};
		if (status < 200 || status > 299) {
			discard(response?.body);
			failure = downloadError({
				code: `HTTP ${status}`,
				message: `The download failed: the server answered HTTP ${status}${typeof response?.statusMessage === 'string' && response.statusMessage ? ` ${response.statusMessage}` : ''}`,
				hint:
					status === 429 || status >= 500
						? `The server had a passing problem; the download is retried. ${DOWNLOAD_HINT}`
						: DOWNLOAD_HINT,
				retryable: status === 429 || status >= 500,
				httpStatus: status,
			});
		} else {
			const declared = Number(readHeader(headers, 'content-length'));
			if (Number.isFinite(declared) && declared > maxBytes) {
				discard(response?.body);
				failure = tooLarge(maxBytes, declared);
			} else {
				bytes = await readBody(response?.body, maxBytes, signal);
			}
		}
	} catch (error) {
		discard(response?.body);
		failure = error;
	}
	if (bytes === undefined) throw transportFailure(failure, job.timeoutMs, job.signal?.aborted === true);
	return bytes;
}

// ---------------------------------------------------------------------------------------------
// The engines

/** The local engine: one output item per file, the invoice read from the file itself. */
export function localOfdHandler(maxDownloadBytesOf: (itemIndex: number) => number): FileHandler {
	return async (job) => {
		const read = async (): Promise<JobResult[]> => {
			let bytes: Uint8Array | null;
			let mimeType = job.file.mimeType;
			if (job.file.sourceUrl !== null) {
				bytes = await downloadFile(job, job.file.sourceUrl, maxDownloadBytesOf(job.itemIndex));
				// What the URL served, judged from its bytes like a binary input.
				const info = sniffFile(bytes);
				const refused = checkLocalFile(info);
				if (refused) throw refused;
				if (info.kind !== 'unknown') mimeType = info.mimeType;
			} else {
				bytes = await job.bytes();
			}
			// Never null here (a file is binary data or a URL); the reader reports a missing file as NOT_A_ZIP.
			const invoice = await readOfdInvoice(bytes ?? new Uint8Array(0));
			const meta = job.meta({ page: 1, pageCount: invoice.PageCount, mimeType, requestId: null });
			return [{ json: withMeta({ ...invoice }, meta) as IDataObject, page: 1 }];
		};
		// Through the scheduler: Max Concurrent Requests bounds the files read (and downloaded) at once,
		// and a download that failed for a passing reason is retried.
		const outcome = await job.schedule(read).then(
			(results) => ({ results }),
			(error: unknown) => ({ error }),
		);
		if ('results' in outcome) return outcome.results;
		const problem = outcome.error instanceof DownloadError ? outcome.error.toProblem() : problemFromError(outcome.error);
		return [{ problem }];
	};
}

/** Pages of an OFD file from its Document.xml (for Tencent's "all pages"); 0 when unknown (URL, damaged file). */
async function countOfdPages(job: FileJob): Promise<number> {
	const bytes = await job.bytes();
	if (!bytes) return 0;
	return await OfdPackage.open(bytes).then(
		(pkg) => pkg.pages.length,
		() => 0,
	);
}

function configFor(ctx: IExecuteFunctions, engine: Engine): RunConfig {
	if (engine === 'tencent') {
		const settingsOf: SettingsOf = (itemIndex) => {
			const pageNumber = Number(ctx.getNodeParameter('ofdPageNumber', itemIndex, 1));
			return {
				pages: ctx.getNodeParameter('ofdPages', itemIndex, 'first') as PageMode,
				pageNumber: Number.isFinite(pageNumber) && pageNumber >= 1 ? Math.floor(pageNumber) : 1,
				simplify: ctx.getNodeParameter('simplify', itemIndex, true) !== false,
			};
		};
		return {
			provider: 'tencent',
			api: 'VerifyOfdVatInvoiceOCR',
			limits: 'VerifyOfdVatInvoiceOCR',
			credentialType: 'tencentCloudApi',
			defaultRequestsPerSecond: TENCENT_DEFAULT_RATE.VerifyOfdVatInvoiceOCR,
			handler: verifyOfdHandler(settingsOf, { countPages: countOfdPages }),
		};
	}
	const maxDownloadBytesOf = (itemIndex: number): number => {
		const options = (ctx.getNodeParameter('options', itemIndex, {}) ?? {}) as IDataObject;
		const mb = Number(options.maxDownloadSize);
		return Math.floor((Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_DOWNLOAD_MB) * MIB);
	};
	return {
		provider: 'local',
		api: 'LocalOfdReader',
		limits: checkLocalFile,
		credentialType: '',
		// No provider to protect: no rate limit unless the user sets one.
		defaultRequestsPerSecond: Number.POSITIVE_INFINITY,
		handler: localOfdHandler(maxDownloadBytesOf),
	};
}

export class OfdInvoiceOcr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OFD Invoice OCR',
		name: 'ofdInvoiceOcr',
		icon: { light: 'file:ofdInvoiceOcr.svg', dark: 'file:ofdInvoiceOcr.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ {"local": "Local OFD reader", "tencent": "Tencent Cloud VerifyOfdVatInvoiceOCR"}[$parameter["engine"]] }}',
		description:
			'Read Chinese OFD e-invoices (电子发票, 数电票 .ofd): locally from the file itself, or with Tencent Cloud VerifyOfdVatInvoiceOCR',
		defaults: {
			name: 'OFD Invoice OCR',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'tencentCloudApi',
				displayName: credentialFieldLabel('tencentCloudApi'),
				required: true,
				displayOptions: { show: { engine: ['tencent'] } },
			},
		],
		properties: [
			{
				displayName: 'Engine',
				name: 'engine',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Local OFD Reader',
						value: 'local',
						description: 'Read the invoice data inside the OFD file — no account, no network, free',
					},
					{
						name: 'Tencent Cloud',
						value: 'tencent',
						description: 'Tencent Cloud VerifyOfdVatInvoiceOCR: the OFD file is sent to Tencent Cloud (paid per call)',
					},
				],
				default: 'local',
			},
			...inputProperties({
				fileTypes: ['ofd'],
				what: 'the OFD e-invoice',
				urlPlaceholder: 'https://example.com/invoice.ofd',
				urlOptionDescription:
					'Read the file from a public URL (also what an AI agent can pass). The local engine downloads it; Tencent Cloud downloads it itself.',
				urlDescription:
					'Public URL of the OFD e-invoice. With the local engine this node downloads it (within the Timeout option, up to Max Download Size); Tencent Cloud downloads it itself.',
			}),
			{
				displayName: 'OFD Pages',
				name: 'ofdPages',
				type: 'options',
				displayOptions: { show: { engine: ['tencent'] } },
				options: [
					{
						name: 'All Pages',
						value: 'all',
						description:
							'Read every page, one request and one output item per page (pages are counted from the file; with a URL, the first page only)',
					},
					{ name: 'First Page', value: 'first', description: 'Read the first page only' },
					{ name: 'Page Number', value: 'page', description: 'Read one given page' },
				],
				default: 'first',
				description: 'Which pages of the OFD document Tencent Cloud reads',
			},
			{
				displayName: 'Page Number',
				name: 'ofdPageNumber',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				displayOptions: { show: { engine: ['tencent'], ofdPages: ['page'] } },
				default: 1,
				description: 'The page of the OFD document to read, starting at 1',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				displayOptions: { show: { engine: ['tencent'] } },
				default: true,
				description:
					"Whether to return Tencent's invoice fields at the top level (without its RequestId, which is in requestId) instead of the answer exactly as Tencent sent it",
			},
			runOptionsProperty(
				{
					defaultRates: `${TENCENT_DEFAULT_RATE.VerifyOfdVatInvoiceOCR} for Tencent Cloud VerifyOfdVatInvoiceOCR, no limit for the local engine`,
				},
				[
					{
						displayName: 'Max Download Size (MB)',
						name: 'maxDownloadSize',
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 2 },
						displayOptions: { show: { '/engine': ['local'], '/inputType': ['url'] } },
						default: DEFAULT_MAX_DOWNLOAD_MB,
						description:
							'Largest file the local engine downloads from a URL; a larger one is cut off and reported as an error. 0 uses the default.',
					},
				],
			),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		let output: INodeExecutionData[] | undefined;
		let failure: unknown;
		try {
			const engine = this.getNodeParameter('engine', 0, 'local') as Engine;
			output = await runFileJobs(this, configFor(this, engine === 'tencent' ? 'tencent' : 'local'));
		} catch (error) {
			failure = error;
		}
		if (output !== undefined) return [output];
		// runFileJobs fails the node with n8n errors naming the item; anything else is wrapped, never leaked.
		if (failure instanceof ExecutionBaseError) throw failure;
		throw new NodeOperationError(this.getNode(), failure instanceof Error ? failure : String(failure), {
			description: 'This is unexpected; please report it with the workflow that caused it.',
		});
	}
}
