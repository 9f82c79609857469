/**
 * Parameters the OCR nodes share, with the names ./inputFiles.ts and ./run.ts read: input
 * (binary / URL), pages, Simplify, and the Options collection (rate, concurrency, retries, timeout,
 * keep binary); and the labels of their credential fields.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

export const FILE_TYPE_OPTIONS: Record<'bmp' | 'jpeg' | 'ofd' | 'pdf' | 'png', INodePropertyOptions> = {
	bmp: { name: 'BMP', value: 'bmp' },
	jpeg: { name: 'JPEG', value: 'jpeg' },
	ofd: { name: 'OFD', value: 'ofd' },
	pdf: { name: 'PDF', value: 'pdf' },
	png: { name: 'PNG', value: 'png' },
};

/** The credential classes' displayName, by credential type. */
export const CREDENTIAL_NAMES: Record<string, string> = { tencentCloudApi: 'Tencent Cloud API', qiniuApi: 'Qiniu API' };

/** The label of a node's credential field ("Qiniu API Credential"); error hints name the field by it. */
export function credentialFieldLabel(credentialType: string): string {
	return `${CREDENTIAL_NAMES[credentialType] ?? credentialType} Credential`;
}

export interface InputPropertiesConfig {
	/** The file types offered (and selected by default) for "All Binary Properties". */
	fileTypes: Array<keyof typeof FILE_TYPE_OPTIONS>;
	/** What kind of file the node expects, for the descriptions ("an invoice image or PDF"). */
	what: string;
	/** The URL input type's description, when someone other than the provider downloads the file. */
	urlOptionDescription?: string;
	/** The URL field's description, likewise (default: the provider downloads it). */
	urlDescription?: string;
	/** The URL field's placeholder (default: a PDF link). */
	urlPlaceholder?: string;
}

export function inputProperties(config: InputPropertiesConfig): INodeProperties[] {
	return [
		{
			displayName: 'Input Type',
			name: 'inputType',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Binary File',
					value: 'binary',
					description: 'Send a file that comes from a previous node (mail attachment, download, form upload)',
				},
				{
					name: 'URL',
					value: 'url',
					description:
						config.urlOptionDescription ??
						'Have the provider download the file from a public URL (also what an AI agent can pass)',
				},
			],
			default: 'binary',
		},
		{
			displayName: 'Files to Read',
			name: 'binaryMode',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { inputType: ['binary'] } },
			options: [
				{
					name: 'Named Binary Properties',
					value: 'named',
					description: 'Read the binary properties named in Input Binary Field',
				},
				{
					name: 'All Binary Properties',
					value: 'all',
					description:
						'Read every binary property of the item, such as all attachments of a mail (attachment_0, attachment_1, …)',
				},
			],
			default: 'named',
		},
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			displayOptions: { show: { inputType: ['binary'], binaryMode: ['named'] } },
			hint: 'Several names separated by commas read several files from each item',
			description: `The name of the input binary field containing ${config.what}`,
		},
		{
			displayName: 'File Types',
			name: 'fileTypes',
			type: 'multiOptions',
			displayOptions: { show: { inputType: ['binary'], binaryMode: ['all'] } },
			options: config.fileTypes.map((kind) => FILE_TYPE_OPTIONS[kind]),
			default: [...config.fileTypes],
			description:
				'Only read binary properties whose content is one of these types (judged from the bytes, not the file name). Others, such as logos and signature images in mails, are skipped. Select none to read everything.',
		},
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: config.urlPlaceholder ?? 'https://example.com/invoice.pdf',
			displayOptions: { show: { inputType: ['url'] } },
			description: config.urlDescription ?? `Public URL of ${config.what}; the provider downloads it itself (within a few seconds)`,
		},
	];
}

export interface RunOptionsConfig {
	/** What 0 means for Requests per Second, e.g. "10 for VatInvoiceOCR, 5 for …". */
	defaultRates: string;
}

/** The Options collection: names match readRunOptions() and keepBinary in ./run.ts. */
export function runOptionsProperty(config: RunOptionsConfig, extra: INodeProperties[] = []): INodeProperties {
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
			description: `Most requests started in any one second, retries included (the node stays about 10% below it, so network delays do not push requests over the provider's limit). 0 uses the provider's default limit: ${config.defaultRates}. Lower it when several workflows share one account.`,
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
			description: 'Wait before the first retry; it doubles with every further retry (up to 30 s), with random jitter',
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
