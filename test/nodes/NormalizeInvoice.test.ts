import { NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { normalizeInvoice } from '../../nodes/core/invoice/normalize';
import { NormalizeInvoice } from '../../nodes/NormalizeInvoice/NormalizeInvoice.node';
import { runNode } from '../helpers/nodeHarness';
import { readJsonFixture } from '../support/files';

const node = new NormalizeInvoice();

const vatResponse = readJsonFixture('tencent', 'VatInvoiceOCR.response.json') as IDataObject;
const generalResponse = readJsonFixture('tencent', 'RecognizeGeneralInvoice.response.json') as IDataObject;
const ofdResponse = readJsonFixture('tencent', 'VerifyOfdVatInvoiceOCR.response.json') as IDataObject;
const qiniuResponse = readJsonFixture('providers', 'qiniu-vat-invoice-ocr.response.json') as IDataObject;

const item = (json: IDataObject): INodeExecutionData => ({ json });

async function run(items: INodeExecutionData[], parameters: Record<string, unknown>, continueOnFail = false) {
	const { output } = await runNode(node, {
		items,
		parameters: { outputMode: 'invoice', sourceField: '', options: {}, ...parameters },
		continueOnFail,
	});
	expect(output).toHaveLength(1);
	return output[0];
}

describe('Normalize Invoice node', () => {
	test('one item per invoice, paired with its input', async () => {
		const out = await run([item(vatResponse), item(qiniuResponse), item(ofdResponse)], {});
		expect(out).toEqual([
			{ json: normalizeInvoice(vatResponse), pairedItem: { item: 0 } },
			{ json: normalizeInvoice(qiniuResponse), pairedItem: { item: 1 } },
			{ json: normalizeInvoice(ofdResponse), pairedItem: { item: 2 } },
		]);
		expect(out[0].json).toMatchObject({ source: 'tencent-vat', invoiceNumber: '63591128', totalAmount: 89.9 });
	});

	test('one item per line item: the invoice fields on every row', async () => {
		const out = await run([item(vatResponse), item(ofdResponse)], { outputMode: 'lineItem' });
		expect(out.map((o) => [o.pairedItem, o.json.lineNo, o.json.invoiceNumber, o.json.lineAmount])).toEqual([
			[{ item: 0 }, 1, '63591128', 87.28],
			[{ item: 1 }, 1, '62***8', -100],
			[{ item: 1 }, 2, '62***8', -100],
			[{ item: 1 }, 3, '62***8', -100],
		]);
		for (const o of out) expect(o.json).not.toHaveProperty('lineItems');
		expect(out[0].json).toMatchObject({ sellerName: '深圳腾讯游戏有限公司', lineName: '客运服务费', lineTaxRate: 0.03 });
	});

	test('Chinese column names', async () => {
		const [invoiceRow] = await run([item(vatResponse)], { options: { columnNames: 'chinese' } });
		expect(invoiceRow.json).toMatchObject({
			发票代码: '012001100311',
			发票号码: '63591128',
			开票日期: '2019-06-16',
			购买方名称: '腾讯优图有限公司',
			价税合计: 89.9,
		});
		expect((invoiceRow.json['明细'] as IDataObject[])[0]).toMatchObject({ 项目名称: '客运服务费', 金额: 87.28 });
		const [lineRow] = await run([item(vatResponse)], { outputMode: 'lineItem', options: { columnNames: 'chinese' } });
		expect(lineRow.json).toMatchObject({ 发票号码: '63591128', 行号: 1, 项目名称: '客运服务费', 税率: 0.03, '税率(票面)': '3%' });
	});

	test('line items as one JSON string cell', async () => {
		const [row] = await run([item(vatResponse)], { options: { lineItemsFormat: 'jsonString' } });
		expect(JSON.parse(row.json.lineItems as string)).toEqual(normalizeInvoice(vatResponse).lineItems);
	});

	test('Remove Duplicates drops a repeated invoice within the run', async () => {
		const items = [item(vatResponse), item(qiniuResponse), item(vatResponse)];
		expect(await run(items, {})).toHaveLength(3);
		const out = await run(items, { options: { dedupe: true } });
		expect(out.map((o) => [o.pairedItem, o.json.dedupKey])).toEqual([
			[{ item: 0 }, '012001100311-63591128'],
			[{ item: 1 }, '011002000611-10178760'],
		]);
	});

	test('Keep Original Data puts the input under the named field', async () => {
		const input = { ...vatResponse, fileName: 'a.pdf' };
		const [row] = await run([item(input)], { options: { keepOriginal: true, originalField: 'ocr' } });
		expect(row.json.ocr).toEqual(input);
		const [plain] = await run([item(input)], { options: { keepOriginal: true } });
		expect(plain.json.original).toEqual(input);
	});

	test('Source Field, per item', async () => {
		const out = await run([item({ result: vatResponse }), item({ result: qiniuResponse })], { sourceField: 'result' });
		expect(out.map((o) => o.json.source)).toEqual(['tencent-vat', 'qiniu-vat']);
	});

	test('one RecognizeGeneralInvoice answer with two invoices gives two items, both paired with it', async () => {
		const mixed = (generalResponse.Response as IDataObject).MixedInvoiceItems as IDataObject[];
		const two = { Response: { MixedInvoiceItems: [mixed[0], mixed[0]] } };
		const out = await run([item(two)], {});
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});

	test('an unknown shape fails the node with the item, what happened and how to fix it', async () => {
		const error = await run([item(vatResponse), item({ hello: 'world' })], {}).then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		const nodeError = error as NodeOperationError;
		// The same form as the OCR nodes' errors: "Item N: what happened".
		expect(nodeError.message).toBe('Item 1: The input is not an invoice response this node knows (top-level fields: hello)');
		expect(nodeError.description).toContain('Tencent VatInvoiceOCR');
		expect(nodeError.context.itemIndex).toBe(1);
	});

	test('On Error: Continue gives an error item in place and processes the rest', async () => {
		const out = await run([item({ hello: 'world' }), item(vatResponse)], {}, true);
		expect(out).toEqual([
			{
				// The OCR nodes' error-item shape: message, hint (how to fix it), code, and null file fields.
				json: {
					error: 'Item 0: The input is not an invoice response this node knows (top-level fields: hello)',
					hint: expect.stringContaining('Tencent VatInvoiceOCR'),
					code: 'NotAnInvoice',
					provider: null,
					api: null,
					requestId: null,
					fileName: null,
					binaryProperty: null,
					sourceUrl: null,
					page: null,
				},
				pairedItem: { item: 0 },
			},
			{ json: normalizeInvoice(vatResponse), pairedItem: { item: 1 } },
		]);
	});

	test('Fail on Unknown Input off passes unreadable items through unchanged', async () => {
		const stray = { hello: 'world' };
		const out = await run([item(stray), item(vatResponse)], { options: { failOnUnknownShape: false } });
		expect(out).toEqual([
			{ json: stray, pairedItem: { item: 0 } },
			{ json: normalizeInvoice(vatResponse), pairedItem: { item: 1 } },
		]);
	});

	test('a provider error in the input is reported with its code', async () => {
		const failed = { Response: { Error: { Code: 'FailedOperation.OcrFailed', Message: 'OCR failed' }, RequestId: 'x-1' } };
		const [row] = await run([item(failed)], {}, true);
		expect(row.json.error).toBe(
			'Item 0: Tencent Cloud returned an error instead of an invoice: FailedOperation.OcrFailed: OCR failed (RequestId x-1)',
		);
	});

	test('the description follows the contract', () => {
		const d = node.description;
		expect(d.name).toBe('normalizeInvoice');
		expect(d.displayName).toBe('Normalize Invoice');
		expect(d.group).toEqual(['transform']);
		expect(d.version).toBe(1);
		expect(d.usableAsTool).toBe(true);
		expect(d.inputs).toEqual(['main']);
		expect(d.outputs).toEqual(['main']);
		expect(d.icon).toEqual({ light: 'file:normalizeInvoice.svg', dark: 'file:normalizeInvoice.dark.svg' });
		const outputMode = d.properties.find((p) => p.name === 'outputMode');
		expect(outputMode?.default).toBe('invoice');
		expect(outputMode?.options?.map((o) => ('value' in o ? o.value : undefined))).toEqual(['invoice', 'lineItem']);
	});
});
