/**
 * Parameters the OCR nodes share, with the names ./inputFiles.ts and ./run.ts read: input
 * (binary / URL), pages, Simplify, and the Options collection (rate, concurrency, retries, timeout,
 * keep binary); and the labels of their credential fields.
 */
import type { IDisplayOptions, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

export const FILE_TYPE_OPTIONS: Record<'bmp' | 'jpeg' | 'ofd' | 'pdf' | 'png' | 'xml' | 'zip', INodePropertyOptions> = {
	bmp: { name: 'BMP', value: 'bmp' },
	jpeg: { name: 'JPEG', value: 'jpeg' },
	ofd: { name: 'OFD', value: 'ofd' },
	pdf: { name: 'PDF', value: 'pdf' },
	png: { name: 'PNG', value: 'png' },
	xml: { name: 'XML (数电 E-Invoice)', value: 'xml' },
	zip: { name: 'ZIP (E-Invoice Bundle)', value: 'zip' },
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

export interface PagePropertiesConfig {
	/** The parameters' prefix: `<prefix>Pages` and `<prefix>PageNumber`. */
	prefix: 'pdf' | 'ofd';
	/** The document, for labels and descriptions ("PDF", "OFD document"). */
	document: string;
	/** When the pages parameters show (the providers that read pages). */
	show: NonNullable<IDisplayOptions['show']>;
	/** What "All Pages" gives. */
	allDescription: string;
	/** The pages parameter's description. */
	description: string;
}

/** Which pages a provider reads: All / First / a Page Number, and the page number when one is chosen. */
export function pageProperties(config: PagePropertiesConfig): INodeProperties[] {
	const pagesName = `${config.prefix}Pages`;
	return [
		{
			displayName: `${config.prefix.toUpperCase()} Pages`,
			name: pagesName,
			type: 'options',
			displayOptions: { show: config.show },
			options: [
				{ name: 'All Pages', value: 'all', description: config.allDescription },
				{ name: 'First Page', value: 'first', description: 'Read the first page only' },
				{ name: 'Page Number', value: 'page', description: 'Read one given page' },
			],
			default: 'first',
			description: config.description,
		},
		{
			displayName: 'Page Number',
			name: `${config.prefix}PageNumber`,
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			displayOptions: { show: { ...config.show, [pagesName]: ['page'] } },
			default: 1,
			description: `The page of the ${config.document} to read, starting at 1`,
		},
	];
}

/** The pages and Simplify settings of one item, as pageProperties and the Simplify parameter name them. */
export function readPageSettings(
	ctx: IExecuteFunctions,
	itemIndex: number,
	prefix: PagePropertiesConfig['prefix'],
	fixedPages?: 'first',
): { pages: 'first' | 'page' | 'all'; pageNumber: number; simplify: boolean } {
	const pageNumber = Number(ctx.getNodeParameter(`${prefix}PageNumber`, itemIndex, 1));
	return {
		pages: fixedPages ?? (ctx.getNodeParameter(`${prefix}Pages`, itemIndex, 'first') as 'first' | 'page' | 'all'),
		pageNumber: Number.isFinite(pageNumber) && pageNumber >= 1 ? Math.floor(pageNumber) : 1,
		simplify: ctx.getNodeParameter('simplify', itemIndex, true) !== false,
	};
}
