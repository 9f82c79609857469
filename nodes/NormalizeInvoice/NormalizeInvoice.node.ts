import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	isFirstSeen,
	NormalizeError,
	normalizeInvoices,
	toInvoiceRow,
	toLineItemRows,
	type ColumnNames,
	type LineItemsFormat,
	type Row,
	type WarningsFormat,
} from '../core/invoice/normalize';
import { errorItem, nodeError, problemFromError, WHOLE_ITEM } from '../shared/problems';

interface NormalizeOptionsParameter {
	columnNames?: ColumnNames;
	lineItemsFormat?: LineItemsFormat;
	warningsFormat?: WarningsFormat;
	dedupe?: boolean;
	keepOriginal?: boolean;
	originalField?: string;
	failOnUnknownShape?: boolean;
}

export class NormalizeInvoice implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Normalize Invoice',
		name: 'normalizeInvoice',
		icon: { light: 'file:normalizeInvoice.svg', dark: 'file:normalizeInvoice.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["outputMode"] === "lineItem" ? "One row per line item" : "One row per invoice"}}',
		description:
			'Turn any invoice OCR output (Tencent Cloud, Qiniu, OFD) into one checked, canonical invoice',
		defaults: {
			name: 'Normalize Invoice',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Output Mode',
				name: 'outputMode',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'One Item per Invoice',
						value: 'invoice',
						description: 'Line items stay together in the lineItems field',
					},
					{
						name: 'One Item per Line Item',
						value: 'lineItem',
						description: 'The invoice fields (a ticket\'s trip as trip… columns) are repeated on every line, as a spreadsheet wants them',
					},
				],
				default: 'invoice',
			},
			{
				displayName: 'Source Field',
				name: 'sourceField',
				type: 'string',
				default: '',
				placeholder: 'e.g. body.data',
				description:
					'Dot path of the field that holds the OCR output. Leave empty to look at the item itself, then under Response, body and data.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Column Names',
						name: 'columnNames',
						type: 'options',
						options: [
							{
								name: 'Chinese',
								value: 'chinese',
								description: "The headings printed on the invoice, for accountants' spreadsheets",
							},
							{
								name: 'English',
								value: 'english',
								description: 'The canonical camelCase field names',
							},
						],
						default: 'english',
					},
					{
						displayName: 'Fail on Unknown Input',
						name: 'failOnUnknownShape',
						type: 'boolean',
						default: true,
						description:
							'Whether an item that holds no invoice this node can read (an unknown shape, a provider error) stops the node. When off, such items pass through unchanged.',
					},
					{
						displayName: 'Keep Original Data',
						name: 'keepOriginal',
						type: 'boolean',
						default: false,
						description: "Whether to copy the input item's data into a field of each output item",
					},
					{
						displayName: 'Line Items Format',
						name: 'lineItemsFormat',
						type: 'options',
						options: [
							{
								name: 'Array',
								value: 'array',
								description: 'A list of objects',
							},
							{
								name: 'JSON String',
								value: 'jsonString',
								description: 'One text cell holding the list as JSON, for spreadsheets',
							},
						],
						default: 'array',
						description: 'How the line items appear when the output mode is one item per invoice',
					},
					{
						displayName: 'Original Data Field',
						name: 'originalField',
						type: 'string',
						default: 'original',
						description: 'Name of the field that receives the input item\'s data',
						displayOptions: {
							show: {
								keepOriginal: [true],
							},
						},
					},
					{
						displayName: 'Remove Duplicates',
						name: 'dedupe',
						type: 'boolean',
						default: false,
						description:
							'Whether to drop an invoice whose dedupKey (code and number) was already output in this run. Dropped invoices do not appear in the output.',
					},
					{
						displayName: 'Warnings Format',
						name: 'warningsFormat',
						type: 'options',
						options: [
							{
								name: 'Array',
								value: 'array',
								description: 'A list of texts',
							},
							{
								name: 'Text',
								value: 'text',
								description: 'One text cell, the warnings separated by semicolons, for spreadsheets',
							},
						],
						default: 'array',
						description: 'How the check results in the warnings field appear',
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const returnData: INodeExecutionData[] = [];
		const seen = new Set<string>();

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const json = items[itemIndex].json;
			let passUnreadable = false;
			try {
				const outputMode = this.getNodeParameter('outputMode', itemIndex, 'invoice') as string;
				const sourceField = this.getNodeParameter('sourceField', itemIndex, '') as string;
				const options = this.getNodeParameter('options', itemIndex, {}) as NormalizeOptionsParameter;
				passUnreadable = options.failOnUnknownShape === false;
				const rowOptions = {
					columnNames: options.columnNames,
					lineItemsFormat: options.lineItemsFormat,
					warningsFormat: options.warningsFormat,
				};
				const originalField = options.keepOriginal ? options.originalField?.trim() || 'original' : undefined;

				for (const invoice of normalizeInvoices(json, { sourceField })) {
					if (options.dedupe && !isFirstSeen(invoice, seen)) continue;
					const rows: Row[] =
						outputMode === 'lineItem' ? toLineItemRows(invoice, rowOptions) : [toInvoiceRow(invoice, rowOptions)];
					for (const row of rows) {
						if (originalField !== undefined) row[originalField] = json;
						returnData.push({ json: row as IDataObject, pairedItem: { item: itemIndex } });
					}
				}
			} catch (error) {
				if (passUnreadable && error instanceof NormalizeError) {
					returnData.push({ json, pairedItem: { item: itemIndex } });
					continue;
				}
				// The same error path and error-item shape as the OCR nodes.
				const p = problemFromError(error);
				if (this.continueOnFail()) {
					returnData.push(errorItem(this, p, itemIndex, WHOLE_ITEM));
					continue;
				}
				throw nodeError(this, p, itemIndex, WHOLE_ITEM);
			}
		}

		return [returnData];
	}
}
