import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { subtitleFor, type LimitedApi } from '../core/providers/apis';
import { credentialFieldLabel, inputProperties, pageProperties, readPageSettings } from '../shared/descriptions';
import { TEST_EMULATOR_PARAMETER, readEmulatorOption } from '../shared/invoiceLinks';
import { localReadingCheck, localReadingHandler, mergeItemCopies, type LocalReadingConfig } from '../shared/localReading';
import { generalInvoiceHandler, qiniuHandler, vatInvoiceOcrHandler, type SettingsOf } from '../shared/ocrHandlers';
import { runFileJobs, type FileHandler, type RunConfig } from '../shared/run';
import { maxDownloadBytesFor, maxDownloadSizeOption, runOptionsProperty } from '../shared/runOptions';

type CloudProvider = 'tencent' | 'tencentGeneral' | 'qiniu';
type Provider = CloudProvider | 'local';

const TENCENT_PROVIDERS: Provider[] = ['tencent', 'tencentGeneral'];
const CLOUD_PROVIDERS: Provider[] = ['tencent', 'tencentGeneral', 'qiniu'];

/** The cloud API behind each cloud Provider option. */
const CLOUD_API_OF: Record<CloudProvider, LimitedApi> = {
	tencent: 'VatInvoiceOCR',
	tencentGeneral: 'RecognizeGeneralInvoice',
	qiniu: 'QiniuVatInvoiceOCR',
};

function cloudHandler(provider: CloudProvider, settingsOf: SettingsOf): FileHandler {
	switch (provider) {
		case 'qiniu':
			return qiniuHandler(settingsOf);
		case 'tencentGeneral':
			return generalInvoiceHandler(settingsOf);
		default:
			return vatInvoiceOcrHandler(settingsOf);
	}
}

/**
 * The run: provider Local reads every file on this machine; a cloud provider with Read E-Invoice Files
 * Locally First reads e-invoice files locally and sends the rest (shared/localReading.ts); without it,
 * every file goes to the provider as before.
 */
function configFor(ctx: IExecuteFunctions, provider: Provider, localFirst: boolean, settingsOf: SettingsOf): RunConfig {
	const maxDownloadBytesOf = (itemIndex: number): number => maxDownloadBytesFor(ctx, itemIndex);
	const linkEmulator = readEmulatorOption(ctx);
	if (linkEmulator !== undefined) ctx.logger?.warn(`VAT Invoice OCR: invoice links go to the test-only issuer emulator at ${linkEmulator}, not to the issuers`);
	if (provider === 'local') {
		const local: LocalReadingConfig = { cloud: null, localFirst: true, maxDownloadBytesOf, linkEmulator };
		return { api: 'LocalInvoiceReader', files: localReadingCheck(local), handler: localReadingHandler(local), combineItem: mergeItemCopies };
	}
	const cloud = { api: CLOUD_API_OF[provider], handler: cloudHandler(provider, settingsOf) };
	if (!localFirst) {
		// Invoice links are fetched by the node itself (never handed to the provider as a URL), then sent as bytes.
		const links = localReadingHandler({ cloud, localFirst: false, maxDownloadBytesOf, linkEmulator });
		return { ...cloud, handler: async (job) => await (job.file.link ? links(job) : cloud.handler(job)) };
	}
	const config: LocalReadingConfig = { cloud, localFirst, maxDownloadBytesOf, linkEmulator };
	return { api: cloud.api, files: localReadingCheck(config), handler: localReadingHandler(config), combineItem: mergeItemCopies };
}

export class VatInvoiceOcr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VAT Invoice OCR',
		name: 'vatInvoiceOcr',
		icon: { light: 'file:vatInvoiceOcr.svg', dark: 'file:vatInvoiceOcr.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: subtitleFor('provider', { ...CLOUD_API_OF, local: 'LocalInvoiceReader' }),
		description: 'Read Chinese VAT invoices (增值税发票, 数电票): e-invoice PDF, OFD, XML and ZIP files locally, images with Tencent Cloud or Qiniu OCR',
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
		// Provider Local asks for no credential: it is hidden by both.
		credentials: [
			{
				name: 'tencentCloudApi',
				displayName: credentialFieldLabel('tencentCloudApi'),
				required: true,
				displayOptions: { hide: { provider: ['qiniu', 'local'] } },
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
						name: 'Local (No Account)',
						value: 'local',
						description:
							'Read e-invoice files (PDF with text, OFD, 数电 XML, the platform ZIP) on this n8n machine: free, exact, nothing sent. Images and scanned PDFs need a cloud provider.',
					},
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
			{
				displayName: 'Read E-Invoice Files Locally First',
				name: 'localFirst',
				type: 'boolean',
				displayOptions: { show: { provider: CLOUD_PROVIDERS } },
				default: true,
				description:
					'Whether to read files that carry their own data (OFD, 数电 XML, the platform ZIP, PDF with a text layer) on this n8n machine, for free and exactly, and send only images and scanned PDFs to the provider',
			},
			...inputProperties({
				fileTypes: ['bmp', 'jpeg', 'ofd', 'pdf', 'png', 'xml', 'zip'],
				what: 'the invoice file (image, PDF, OFD, XML or ZIP)',
				urlDescription:
					'Public URL of the invoice file. An image URL is passed to the provider, which downloads it itself; any other file is downloaded by this node and read locally when it carries its own data.',
			}),
			{
				displayName: 'Follow Invoice Links in Mail',
				name: 'followLinks',
				type: 'boolean',
				displayOptions: { show: { inputType: ['binary'] } },
				default: false,
				description:
					"Whether to also download the invoices a mail links to (百望云, 诺诺, 法大大, 51发票, 票通, 智云 and the tax platform's download links) and read them like attachments. Only these issuers' own https addresses are followed; see the README for the list and the rules.",
			},
			{
				// Test-only (hidden in the editor): invoice links go to an issuer emulator on 127.0.0.1. See shared/invoiceLinks.ts.
				displayName: 'Test-Only Issuer Emulator',
				name: TEST_EMULATOR_PARAMETER,
				type: 'hidden',
				default: '',
			},
			...pageProperties({
				prefix: 'pdf',
				document: 'PDF',
				show: { provider: TENCENT_PROVIDERS },
				allDescription: 'Read every page; one output item per page (per invoice for General Invoice)',
				description:
					'Which pages of a PDF to read with the provider. Images have one page; e-invoice files read locally give every invoice they hold.',
			}),
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
				displayOptions: { show: { provider: CLOUD_PROVIDERS } },
				default: true,
				description:
					"Whether to return the invoice fields flat (Tencent's Chinese field names as a name-to-value object, Qiniu's and General Invoice's fields at the top level) instead of the provider's full answer",
			},
			runOptionsProperty(
				[...Object.values(CLOUD_API_OF), 'LocalInvoiceReader'],
				[maxDownloadSizeOption(undefined, 'the node', 'a URL or an invoice link in a mail')],
			),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const provider = this.getNodeParameter('provider', 0) as Provider;
		// Qiniu reads the first page only.
		const settingsOf: SettingsOf = (itemIndex) => readPageSettings(this, itemIndex, 'pdf', provider === 'qiniu' ? 'first' : undefined);
		const localFirst = provider !== 'local' && this.getNodeParameter('localFirst', 0, true) !== false;
		return [await runFileJobs(this, configFor(this, provider, localFirst, settingsOf))];
	}
}
