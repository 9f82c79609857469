/**
 * The OCR nodes' Options collection in one place: its defaults, how n8n's editor describes it, and how
 * a run reads it (rate, concurrency, retries, timeout, keep binary). The names match on both sides.
 */
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { defaultRatesText, type ApiName } from '../core/providers/apis';

export interface RunOptions {
	/** The account's quota for the API (shared by every execution of this process, see quota.ts). */
	requestsPerSecond: number;
	/** This worker's fixed share of the quota, or 0 for the adaptive rate. */
	workerShare: number;
	maxConcurrent: number;
	retries: number;
	retryDelayMs: number;
	timeoutMs: number;
}

export const DEFAULT_RUN_OPTIONS = {
	maxConcurrent: 5,
	retries: 3,
	retryDelayMs: 1000,
	timeoutMs: 30_000,
	maxDelayMs: 30_000,
	/** Rates are kept within 1025 ms windows: 2.5% below the limit, for network jitter (see schedule.ts). */
	rateWindowMs: 1025,
} as const;

/** How far below a rate the 1025 ms window keeps the node, in percent ("2.5"). */
function rateMarginPercent(): string {
	return (100 - 100_000 / DEFAULT_RUN_OPTIONS.rateWindowMs).toFixed(1).replace(/\.0$/, '');
}

function numberOption(options: IDataObject, name: string, fallback: number, min: number): number {
	const value = Number(options[name]);
	return Number.isFinite(value) && value >= min ? value : fallback;
}

/** The scheduler and HTTP options, from the node's Options collection (first item). */
export function readRunOptions(ctx: IExecuteFunctions, defaultRequestsPerSecond: number): RunOptions {
	const options = (ctx.getNodeParameter('options', 0, {}) ?? {}) as IDataObject;
	const rate = numberOption(options, 'requestsPerSecond', 0, 0);
	return {
		requestsPerSecond: rate > 0 ? rate : defaultRequestsPerSecond,
		workerShare: numberOption(options, 'workerShare', 0, 0),
		maxConcurrent: Math.max(1, Math.floor(numberOption(options, 'maxConcurrentRequests', DEFAULT_RUN_OPTIONS.maxConcurrent, 1))),
		retries: Math.floor(numberOption(options, 'retries', DEFAULT_RUN_OPTIONS.retries, 0)),
		retryDelayMs: numberOption(options, 'retryDelay', DEFAULT_RUN_OPTIONS.retryDelayMs, 0),
		timeoutMs: numberOption(options, 'timeout', DEFAULT_RUN_OPTIONS.timeoutMs, 1),
	};
}

/** Largest file a node downloads from a URL itself (to read it locally), unless Max Download Size says otherwise. */
export const DEFAULT_MAX_DOWNLOAD_MB = 20;

const MIB = 1024 * 1024;

/** The Max Download Size option, shown where the node downloads URLs itself. */
export function maxDownloadSizeOption(show: NonNullable<IDisplayOptions['show']> | undefined, what: string, from = 'a URL'): INodeProperties {
	return {
		displayName: 'Max Download Size (MB)',
		name: 'maxDownloadSize',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		...(show ? { displayOptions: { show } } : {}),
		default: DEFAULT_MAX_DOWNLOAD_MB,
		description: `Largest file ${what} downloads from ${from}; a larger one is cut off and reported as an error. 0 uses the default.`,
	};
}

/** Max Download Size for one item, in bytes. */
export function maxDownloadBytesFor(ctx: IExecuteFunctions, itemIndex: number): number {
	const options = (ctx.getNodeParameter('options', itemIndex, {}) ?? {}) as IDataObject;
	const mb = Number(options.maxDownloadSize);
	return Math.floor((Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_DOWNLOAD_MB) * MIB);
}

/** Keep Input Binary for one item (an expression may differ per item). */
export function keepBinaryFor(ctx: IExecuteFunctions, itemIndex: number): boolean {
	let options: IDataObject = {};
	try {
		options = (ctx.getNodeParameter('options', itemIndex, {}) ?? {}) as IDataObject;
	} catch {
		// An expression in Options that fails for this item: keep the default.
	}
	return options.keepBinary !== false;
}

/**
 * The Options collection; `apis` are the APIs the node can call, whose default rates the help names.
 * n8n's lint wants literal defaults: test/nodes/runOptions.test.ts checks them against DEFAULT_RUN_OPTIONS.
 */
export function runOptionsProperty(apis: readonly ApiName[], extra: INodeProperties[] = []): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Keep Input Binary',
			name: 'keepBinary',
			type: 'boolean',
			default: true,
			description: 'Whether each output item carries the file it was read from, under the same binary property',
		},
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrentRequests',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 5,
			description: 'Most requests to the provider under way at the same time',
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			description: `The account's limit for this API: most requests started in any one second, retries included, by all executions of this n8n process together (the node stays about ${rateMarginPercent()}% below it, so network delays do not push requests over the provider's limit). 0 uses the provider's default limit: ${defaultRatesText(apis)}. Several n8n processes (queue-mode workers) on one account share it adaptively: each slows down when throttled and speeds up again while it is not.`,
		},
		{
			displayName: "This Worker's Share (Requests per Second)",
			name: 'workerShare',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			description:
				"A fixed rate for this n8n process instead of the adaptive one, e.g. the account's limit divided by the number of workers. 0 adapts: the process lowers its rate when the provider throttles it and raises it again up to Requests per Second.",
		},
		{
			displayName: 'Retries',
			name: 'retries',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 3,
			description:
				'How often to retry a request that failed for a passing reason (rate limit, time-out, network, provider error 5xx). Errors that a retry cannot fix (wrong key, unreadable file) are not retried.',
		},
		{
			displayName: 'Retry Delay (Ms)',
			name: 'retryDelay',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 1000,
			description: `Wait before the first retry; it doubles with every further retry (up to ${DEFAULT_RUN_OPTIONS.maxDelayMs / 1000} s), with random jitter`,
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30000,
			description: 'How long to wait for the answer to one request before it counts as timed out (and is retried)',
		},
		...extra,
	];
	options.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options,
	};
}
