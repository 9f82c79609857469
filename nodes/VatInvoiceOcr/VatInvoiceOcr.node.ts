import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { subtitleFor, type ApiName } from '../core/apis';
import { credentialFieldLabel, inputProperties } from '../shared/descriptions';
import { generalInvoiceHandler, qiniuHandler, vatInvoiceOcrHandler, type PageMode, type SettingsOf } from '../shared/ocrHandlers';
import { runFileJobs, type RunConfig } from '../shared/run';
import { runOptionsProperty } from '../shared/runOptions';

type Provider = 'tencent' | 'tencentGeneral' | 'qiniu';

const TENCENT_PROVIDERS: Provider[] = ['tencent', 'tencentGeneral'];

/** The API behind each Provider option. */
const API_OF: Record<Provider, ApiName> = {
	tencent: 'VatInvoiceOCR',
	tencentGeneral: 'RecognizeGeneralInvoice',
	qiniu: 'QiniuVatInvoiceOCR',
};

function configFor(provider: Provider, settingsOf: SettingsOf): RunConfig {
	switch (provider) {
		case 'qiniu':
			return { api: API_OF.qiniu, handler: qiniuHandler(settingsOf) };
		case 'tencentGeneral':
			return { api: API_OF.tencentGeneral, handler: generalInvoiceHandler(settingsOf) };
		default:
			return { api: API_OF.tencent, handler: vatInvoiceOcrHandler(settingsOf) };
	}
}

export class VatInvoiceOcr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VAT Invoice OCR',
		name: 'vatInvoiceOcr',
		icon: { light: 'file:vatInvoiceOcr.svg', dark: 'file:vatInvoiceOcr.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: subtitleFor('provider', API_OF),
		description: 'Read Chinese VAT invoices (增值税发票, 数电票) from images and PDF files with Tencent Cloud or Qiniu OCR',
		defaults: {
			name: 'VAT Invoice OCR',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Two rules of n8n's editor (1.x; see docs/DEVELOPING.md) shape this list:
		// - when the credentials' `show` lists together cover every option of a parameter, the editor takes
		//   it for a login-type switch, drops it from the parameter list and offers it only inside the
		//   credential dialog, so `show` may not cover all three providers;
		// - "Create new credential" for a credential without `show` opens the form of the node's FIRST
		//   credential, so the one credential tied with `hide` must be first.
		// Hence Tencent first with `hide`, Qiniu with `show`. Both are required (the canvas flags a missing one).
		credentials: [
			{
				name: 'tencentCloudApi',
				displayName: credentialFieldLabel('tencentCloudApi'),
				required: true,
				displayOptions: { hide: { provider: ['qiniu'] } },
			},
			{
				name: 'qiniuApi',
				displayName: credentialFieldLabel('qiniuApi'),
				required: true,
				displayOptions: { show: { provider: ['qiniu'] } },
			},
		],
		properties: [
			{
				displayName: 'Provider',
				name: 'provider',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Qiniu',
						value: 'qiniu',
						description: 'Qiniu VAT invoice OCR (reads the first page of a PDF)',
					},
					{
						name: 'Tencent Cloud',
						value: 'tencent',
						description: 'Tencent Cloud VatInvoiceOCR: paper and electronic VAT invoices, all fields',
					},
					{
						name: 'Tencent Cloud General Invoice',
						value: 'tencentGeneral',
						description:
							'Tencent Cloud RecognizeGeneralInvoice: reads 数电 (all-electronic) invoices and other tickets, several invoices per file',
					},
				],
				default: 'tencent',
			},
			...inputProperties({ fileTypes: ['bmp', 'jpeg', 'pdf', 'png'], what: 'the invoice image or PDF' }),
			{
				displayName: 'PDF Pages',
				name: 'pdfPages',
				type: 'options',
				displayOptions: { show: { provider: TENCENT_PROVIDERS } },
				options: [
					{
						name: 'All Pages',
						value: 'all',
						description: 'Read every page; one output item per page (per invoice for General Invoice)',
					},
					{ name: 'First Page', value: 'first', description: 'Read the first page only' },
					{ name: 'Page Number', value: 'page', description: 'Read one given page' },
				],
				default: 'first',
				description: 'Which pages of a PDF to read. Images have one page.',
			},
			{
				displayName: 'Page Number',
				name: 'pdfPageNumber',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				displayOptions: { show: { provider: TENCENT_PROVIDERS, pdfPages: ['page'] } },
				default: 1,
				description: 'The page of the PDF to read, starting at 1',
			},
			{
				displayName: 'Qiniu reads only the first page of a PDF. For other pages, choose a Tencent Cloud provider.',
				name: 'qiniuPagesNotice',
				type: 'notice',
				displayOptions: { show: { provider: ['qiniu'] } },
				default: '',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description:
					"Whether to return the invoice fields flat (Tencent's Chinese field names as a name-to-value object, Qiniu's and General Invoice's fields at the top level) instead of the provider's full answer",
			},
			runOptionsProperty(Object.values(API_OF)),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const provider = this.getNodeParameter('provider', 0) as Provider;
		const settingsOf: SettingsOf = (itemIndex) => {
			const pages = provider === 'qiniu' ? 'first' : (this.getNodeParameter('pdfPages', itemIndex, 'first') as PageMode);
			const pageNumber = Number(this.getNodeParameter('pdfPageNumber', itemIndex, 1));
			return {
				pages,
				pageNumber: Number.isFinite(pageNumber) && pageNumber >= 1 ? Math.floor(pageNumber) : 1,
				simplify: this.getNodeParameter('simplify', itemIndex, true) !== false,
			};
		};
		return [await runFileJobs(this, configFor(provider, settingsOf))];
	}
}
