/**
 * The OCR nodes' execute(): resolve every item's files (and refuse bad ones before any request), run
 * one job per file through one scheduler (rate, concurrency, retries), and put the results back in
 * input order with the right pairedItem — a result or an error item for every file, never a silent gap.
 */
import { ExecutionBaseError, NodeOperationError, sleep, type IBinaryData, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { APIS, type ApiName, type CredentialType, type LimitedApi } from '../core/providers/apis';
import type { HttpAnswer, RequestDescription } from '../core/providers/errors';
import type { ResultMeta } from '../core/providers/flatten';
import { isThrottle } from '../core/run/limiter';
import { Scheduler, defaultClassify, type RetryEvent } from '../core/run/schedule';
import { CREDENTIAL_NAMES, credentialFieldLabel } from './descriptions';
import { sendRequest } from './http';
import { readInputParameters, resolveInputFiles, type FileCheck, type InputEntry, type InputFile } from './inputFiles';
import { errorItem, nodeError, problem, problemFromError, type Problem } from './problems';
import { accountGate } from './quota';
import { DEFAULT_RUN_OPTIONS, keepBinaryFor, readRunOptions, type RunOptions } from './runOptions';

/** What a job produces for its file: output fields (one per page or invoice), or a problem. */
export type JobResult = { json: IDataObject; page?: number | null } | { problem: Problem; page?: number | null };

export interface FileJob {
	ctx: IExecuteFunctions;
	itemIndex: number;
	file: InputFile;
	/** The file as the request needs it: its bytes in base64 (read again for every attempt), or its URL. */
	source(): Promise<{ base64: string } | { url: string }>;
	/** The file's bytes (binary input), read from n8n's binary storage on each call; null for a URL. */
	bytes(): Promise<Buffer | null>;
	/**
	 * Sends a request through the scheduler and reads the answer with `parse`; the whole
	 * build-send-parse is retried when the error says it is worth it. Rejects with the final error.
	 */
	call<T>(build: () => Promise<RequestDescription>, parse: (answer: HttpAnswer) => T): Promise<T>;
	/**
	 * Runs any other task through the same scheduler (concurrency, retries of errors whose `retryable` is
	 * true, and the rate unless `metered` is false), e.g. a download the node makes itself. Rejects with
	 * the final error.
	 */
	schedule<T>(task: () => Promise<T>, options?: { metered?: boolean }): Promise<T>;
	/** The Timeout option: how long one request may take, in milliseconds. */
	readonly timeoutMs: number;
	/** Aborted when the execution is stopped (undefined where n8n gives no signal). */
	readonly signal: AbortSignal | undefined;
	/** The metadata every output item of this file carries; `extra` fills in page, count, request id. */
	meta(extra?: Partial<ResultMeta>): ResultMeta;
}

export type FileHandler = (job: FileJob) => Promise<JobResult[]>;

/** What differs between the nodes' runs; the rest (provider, credential, default rate, limits) is the API's row in core/providers/apis.ts. */
export interface RunConfig {
	api: ApiName;
	handler: FileHandler;
	/** The node's own file check, for an API without documented file limits (the local reader). */
	files?: FileCheck;
	/**
	 * Combines the results of one item's files, one list per file in, the same shape out (e.g. one invoice
	 * attached as PDF, OFD and XML → one result). Only results are moved or dropped, never error items.
	 */
	combineItem?: (perFile: JobResult[][]) => JobResult[][];
}

function fileCheckOf(config: RunConfig): FileCheck {
	if (config.files) return config.files;
	if (APIS[config.api].files === null) throw new RangeError(`${config.api} needs a file check of the node's own`);
	return config.api as LimitedApi;
}

const NO_FILE: Omit<InputFile, 'itemIndex'> = { binaryProperty: null, fileName: null, mimeType: null, sourceUrl: null, info: null };

/**
 * The files of one item; a parameter that cannot be read for this item (an expression that fails)
 * becomes a problem of the item instead of an exception that would stop every other item.
 */
async function resolveItem(ctx: IExecuteFunctions, itemIndex: number, limits: FileCheck): Promise<InputEntry[]> {
	try {
		const params = readInputParameters(ctx, itemIndex);
		return await resolveInputFiles(ctx, itemIndex, params, limits);
	} catch (error) {
		return [{ file: { ...NO_FILE, itemIndex }, problem: problemFromError(error) }];
	}
}

function baseMeta(config: RunConfig, file: InputFile): ResultMeta {
	return {
		provider: APIS[config.api].provider,
		api: config.api,
		fileName: file.fileName,
		mimeType: file.mimeType,
		binaryProperty: file.binaryProperty,
		sourceUrl: file.sourceUrl,
		page: null,
		pageCount: null,
		requestId: null,
	};
}

/**
 * Every file of every input item through the node's API: one output item per result, an error item
 * (or the node's error) for every problem. It fails the node only with n8n errors that name the item;
 * anything unexpected is wrapped, never leaked as a bare exception.
 */
export async function runFileJobs(ctx: IExecuteFunctions, config: RunConfig): Promise<INodeExecutionData[]> {
	let failure: unknown;
	try {
		return await runAllFiles(ctx, config);
	} catch (error) {
		failure = error;
	}
	if (failure instanceof ExecutionBaseError) throw failure;
	throw new NodeOperationError(ctx.getNode(), failure instanceof Error ? failure : String(failure), {
		description: 'This is unexpected; please report it with the workflow that caused it.',
	});
}

async function runAllFiles(ctx: IExecuteFunctions, config: RunConfig): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();

	// 1. Every file of every item, checked before any request.
	const perItem: InputEntry[][] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const entries = await resolveItem(ctx, itemIndex, fileCheckOf(config));
		const refused = entries.find((entry) => entry.problem);
		if (refused?.problem && !continueOnFail) throw nodeError(ctx, withDetail(refused.problem), itemIndex, refused.file);
		perItem.push(entries);
	}

	// 2. The credential, checked once before anything is sent.
	const toSend = perItem.flat().filter((entry) => !entry.problem);
	const noCredential = toSend.length > 0 ? await missingCredential(ctx, APIS[config.api].credentialType) : undefined;
	if (noCredential) {
		if (!continueOnFail) {
			const message = noCredential.message.charAt(0).toUpperCase() + noCredential.message.slice(1);
			throw new NodeOperationError(ctx.getNode(), message, { description: withDetail(noCredential).hint });
		}
		for (const entry of toSend) entry.problem = noCredential;
	}

	// 3. One job per file, all through one scheduler.
	const options = readRunOptions(ctx, APIS[config.api].defaultRate);
	const signal = ctx.getExecutionCancelSignal?.();
	let failedFast = false;
	/** Without "Continue On Fail": the failure that stopped the run, which is the one to report. */
	let stoppedBy: { entry: InputEntry; result: JobResult } | undefined;
	const scheduler = await runScheduler(ctx, config.api, options, {
		sends: toSend.length > 0 && !noCredential,
		// Without "Continue On Fail" the node fails on the first error anyway: send nothing more.
		isCancelled: () => failedFast || signal?.aborted === true,
		what: 'an OCR request',
	});

	const runJob = async (entry: InputEntry): Promise<JobResult[]> => {
		if (entry.problem) return [{ problem: entry.problem }];
		const job = makeJob(ctx, config, scheduler, options, entry.file, signal);
		// A handler that throws (even synchronously) fails its file only.
		const results = await Promise.resolve()
			.then(async () => await config.handler(job))
			.then(
				(r) => r,
				(error: unknown) => [{ problem: problemFromError(error) }] as JobResult[],
			);
		const failure = continueOnFail ? undefined : results.find((r) => 'problem' in r && !r.problem.cancelled);
		if (failure && !failedFast) {
			failedFast = true;
			stoppedBy = { entry, result: failure };
		}
		return results;
	};
	const settled = await Promise.all(perItem.map(async (entries) => await Promise.all(entries.map(runJob))));

	// 4. Output in input order.
	if (stoppedBy && 'problem' in stoppedBy.result) {
		// Files that were waiting to retry when the run stopped end with their last, retryable error:
		// reporting one of those would hide the real cause.
		const { entry, result } = stoppedBy;
		throw nodeError(ctx, withDetail(result.problem), entry.file.itemIndex, { ...entry.file, page: result.page ?? null });
	}
	if (!continueOnFail) {
		for (let itemIndex = 0; itemIndex < settled.length; itemIndex++) {
			for (let f = 0; f < settled[itemIndex].length; f++) {
				for (const result of settled[itemIndex][f]) {
					if ('problem' in result && !result.problem.cancelled) {
						const file = perItem[itemIndex][f].file;
						throw nodeError(ctx, withDetail(result.problem), itemIndex, { ...file, page: result.page ?? null });
					}
				}
			}
		}
	}
	const combine = config.combineItem;
	const combined = combine ? settled.map((perFile) => combine(perFile)) : settled;
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < combined.length; itemIndex++) {
		const keepBinary = keepBinaryFor(ctx, itemIndex);
		for (let f = 0; f < combined[itemIndex].length; f++) {
			const file = perItem[itemIndex][f].file;
			const binary = keepBinary ? sourceBinary(items[itemIndex], file) : undefined;
			for (const result of combined[itemIndex][f]) {
				const out: INodeExecutionData =
					'problem' in result
						? errorItem(ctx, result.problem, itemIndex, { ...file, page: result.page ?? null })
						: { json: result.json, pairedItem: { item: itemIndex } };
				if (binary) out.binary = binary;
				output.push(out);
			}
		}
	}
	return output;
}

/**
 * A problem when the node has no usable credential of the type its provider needs, found once before
 * any file is sent; n8n's own error ("Node does not have any credentials set") says nothing of what to do.
 */
export async function missingCredential(ctx: IExecuteFunctions, credentialType: CredentialType | null): Promise<Problem | undefined> {
	if (!credentialType) return undefined;
	try {
		await ctx.getCredentials(credentialType);
		return undefined;
	} catch (error) {
		const name = CREDENTIAL_NAMES[credentialType] ?? credentialType;
		return {
			...problem(
				'NoCredential',
				`no usable ${name} credential is selected`,
				`Open the node and choose one under "${credentialFieldLabel(credentialType)}", or create one there with "Create new credential".`,
			),
			detail: error instanceof Error ? error.message : String(error),
		};
	}
}

/** The low-level text of a lost request goes into the description, where n8n shows it verbatim. */
function withDetail(p: Problem): Problem {
	return p.detail && p.kind === 'operation' ? { ...p, hint: `${p.hint} Details: ${p.detail}` } : p;
}

function sourceBinary(item: INodeExecutionData, file: InputFile): Record<string, IBinaryData> | undefined {
	if (!file.binaryProperty) return undefined;
	const data = item.binary?.[file.binaryProperty];
	return data ? { [file.binaryProperty]: data } : undefined;
}

export interface RunSchedulerHooks {
	/** Whether this run will send anything (else no account limiter is looked up). */
	sends: boolean;
	isCancelled: () => boolean;
	/** What one task is, for the log ("an OCR request"). */
	what: string;
}

/**
 * The scheduler of one run, for every node that calls an API: the account's rate kept by the one limiter of
 * this process (core/run/limiter.ts, shared by every execution), the Options collection, and a throttled call
 * sent again without spending a retry.
 */
export async function runScheduler(ctx: IExecuteFunctions, api: ApiName, options: RunOptions, hooks: RunSchedulerHooks): Promise<Scheduler> {
	const { provider, credentialType } = APIS[api];
	const gate =
		hooks.sends && credentialType
			? await accountGate(ctx, {
					api: `${provider}:${api}`,
					credentialType,
					quota: options.requestsPerSecond,
					share: options.workerShare,
					windowMs: DEFAULT_RUN_OPTIONS.rateWindowMs,
				})
			: undefined;
	return new Scheduler({
		gate,
		classify: (error) => ({ ...defaultClassify(error), throttled: isThrottle(error) }),
		throttleDelayMs: Math.min(1000, options.retryDelayMs),
		requestsPerSecond: options.requestsPerSecond,
		windowMs: DEFAULT_RUN_OPTIONS.rateWindowMs,
		maxConcurrent: options.maxConcurrent,
		retries: options.retries,
		baseDelayMs: options.retryDelayMs,
		maxDelayMs: DEFAULT_RUN_OPTIONS.maxDelayMs,
		now: () => Date.now(),
		sleep: async (ms) => await sleep(ms),
		random: () => Math.random(),
		isCancelled: hooks.isCancelled,
		onRetry: (event: RetryEvent) => {
			const e = event.error as { message?: unknown };
			const why = String(e?.message ?? event.error);
			if (event.throttled) ctx.logger?.info(`Throttled: sending ${hooks.what} again in ${event.delayMs} ms, not counted as a retry: ${why}`);
			else ctx.logger?.warn(`Retrying ${hooks.what} in ${event.delayMs} ms (retry ${event.retry}): ${why}`);
		},
	});
}

function makeJob(
	ctx: IExecuteFunctions,
	config: RunConfig,
	scheduler: Scheduler,
	options: RunOptions,
	file: InputFile,
	signal: AbortSignal | undefined,
): FileJob {
	return {
		ctx,
		itemIndex: file.itemIndex,
		file,
		timeoutMs: options.timeoutMs,
		signal,
		async bytes() {
			return file.binaryProperty ? await ctx.helpers.getBinaryDataBuffer(file.itemIndex, file.binaryProperty) : null;
		},
		async source() {
			if (file.binaryProperty) {
				const bytes = await ctx.helpers.getBinaryDataBuffer(file.itemIndex, file.binaryProperty);
				return { base64: bytes.toString('base64') };
			}
			return { url: file.sourceUrl ?? '' };
		},
		async call<T>(build: () => Promise<RequestDescription>, parse: (answer: HttpAnswer) => T): Promise<T> {
			// The request is built (file read, base64, JSON) before the rate slot, so only the send follows it.
			const outcome = await scheduler.run(async (_attempt, request: RequestDescription) => {
				const answer = await sendRequest(ctx, request, { api: config.api, timeoutMs: options.timeoutMs });
				return parse(answer);
			}, build);
			if (outcome.ok) return outcome.value;
			throw outcome.error;
		},
		async schedule<T>(task: () => Promise<T>, runOptions?: { metered?: boolean }): Promise<T> {
			const outcome = await scheduler.run(async () => await task(), undefined, runOptions);
			if (outcome.ok) return outcome.value;
			throw outcome.error;
		},
		meta(extra = {}) {
			return { ...baseMeta(config, file), ...extra };
		},
	};
}
