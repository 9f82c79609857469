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
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { subtitleFor } from '../core/providers/apis';
import { checkLocalFile } from '../core/providers/fileChecks';
import { credentialFieldLabel, inputProperties, pageProperties, readPageSettings } from '../shared/descriptions';
import { countOfdPages, localOfdHandler, verifyOfdHandler, type SettingsOf } from '../shared/ocrHandlers';
import { runFileJobs, type RunConfig } from '../shared/run';
import { maxDownloadBytesFor, maxDownloadSizeOption, runOptionsProperty } from '../shared/runOptions';

type Engine = 'local' | 'tencent';

function configFor(ctx: IExecuteFunctions, engine: Engine): RunConfig {
	if (engine === 'tencent') {
		const settingsOf: SettingsOf = (itemIndex) => readPageSettings(ctx, itemIndex, 'ofd');
		return { api: 'VerifyOfdVatInvoiceOCR', handler: verifyOfdHandler(settingsOf, { countPages: countOfdPages }) };
	}
	const maxDownloadBytesOf = (itemIndex: number): number => maxDownloadBytesFor(ctx, itemIndex);
	return { api: 'LocalOfdReader', files: checkLocalFile, handler: localOfdHandler(maxDownloadBytesOf) };
}

export class OfdInvoiceOcr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OFD Invoice OCR',
		name: 'ofdInvoiceOcr',
		icon: { light: 'file:ofdInvoiceOcr.svg', dark: 'file:ofdInvoiceOcr.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: subtitleFor('engine', { local: 'LocalOfdReader', tencent: 'VerifyOfdVatInvoiceOCR' }),
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
			...pageProperties({
				prefix: 'ofd',
				document: 'OFD document',
				show: { engine: ['tencent'] },
				allDescription:
					'Read every page, one request and one output item per page (pages are counted from the file; with a URL, the first page only)',
				description: 'Which pages of the OFD document Tencent Cloud reads',
			}),
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
				['VerifyOfdVatInvoiceOCR', 'LocalOfdReader'],
				[
					maxDownloadSizeOption({ '/engine': ['local'], '/inputType': ['url'] }, 'the local engine'),
				],
			),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const engine = this.getNodeParameter('engine', 0, 'local') as Engine;
		return [await runFileJobs(this, configFor(this, engine === 'tencent' ? 'tencent' : 'local'))];
	}
}
