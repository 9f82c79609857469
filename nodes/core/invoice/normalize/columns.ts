/** Output rows: one per invoice or one per line item, with English or Chinese column names. */
import { INVOICE_FIELDS, LINE_ITEM_FIELDS, type CanonicalInvoice, type CanonicalLineItem } from './types';

export type ColumnNames = 'english' | 'chinese';
export type LineItemsFormat = 'array' | 'jsonString';
export type WarningsFormat = 'array' | 'text';

export interface RowOptions {
	/** `english` (default): the canonical names; `chinese`: the headings printed on invoices. */
	columnNames?: ColumnNames;
	/** `array` (default) or `jsonString` (one JSON text cell, for spreadsheets). Invoice rows only. */
	lineItemsFormat?: LineItemsFormat;
	/**
	 * `array` (default) or `text`: the warnings joined with "; " ('' when none), one cell in a
	 * spreadsheet (Convert to File would otherwise spread an array over warnings.0, warnings.1, …).
	 */
	warningsFormat?: WarningsFormat;
}

function warningsValue(inv: CanonicalInvoice, format: WarningsFormat | undefined): string[] | string {
	return format === 'text' ? inv.warnings.join('; ') : inv.warnings.slice();
}

export type Row = Record<string, unknown>;

type InvoiceColumn = (typeof INVOICE_FIELDS)[number] | 'lineItems' | 'dedupKey' | 'warnings';
type LineColumn = (typeof LINE_ITEM_FIELDS)[number];
type LineRowColumn =
	| 'lineNo'
	| 'lineName'
	| 'lineSpecification'
	| 'lineUnit'
	| 'lineQuantity'
	| 'lineUnitPrice'
	| 'lineAmount'
	| 'lineTaxRate'
	| 'lineTaxRateText'
	| 'lineTaxAmount';

/** Chinese names for the invoice columns, as accountants' sheets head them. */
export const CHINESE_INVOICE_COLUMNS: Record<InvoiceColumn, string> = {
	source: '数据来源',
	invoiceType: '发票类型',
	invoiceTitle: '发票名称',
	invoiceCode: '发票代码',
	invoiceNumber: '发票号码',
	issueDate: '开票日期',
	checkCode: '校验码',
	machineNumber: '机器编号',
	buyerName: '购买方名称',
	buyerTaxId: '购买方纳税人识别号',
	buyerAddressPhone: '购买方地址电话',
	buyerBankAccount: '购买方开户行及账号',
	sellerName: '销售方名称',
	sellerTaxId: '销售方纳税人识别号',
	sellerAddressPhone: '销售方地址电话',
	sellerBankAccount: '销售方开户行及账号',
	amountWithoutTax: '合计金额',
	taxAmount: '合计税额',
	totalAmount: '价税合计',
	totalAmountInWords: '价税合计(大写)',
	remarks: '备注',
	drawer: '开票人',
	payee: '收款人',
	reviewer: '复核',
	lineItems: '明细',
	dedupKey: '去重键',
	warnings: '校验提示',
};

/** Chinese names for the keys of each element of `lineItems`. */
export const CHINESE_LINE_ITEM_KEYS: Record<LineColumn, string> = {
	name: '项目名称',
	specification: '规格型号',
	unit: '单位',
	quantity: '数量',
	unitPrice: '单价',
	amount: '金额',
	taxRate: '税率',
	taxRateText: '税率(票面)',
	taxAmount: '税额',
};

/** Chinese names for the line columns of `lineItem` rows. */
export const CHINESE_LINE_ROW_COLUMNS: Record<LineRowColumn, string> = {
	lineNo: '行号',
	lineName: '项目名称',
	lineSpecification: '规格型号',
	lineUnit: '单位',
	lineQuantity: '数量',
	lineUnitPrice: '单价',
	lineAmount: '金额',
	lineTaxRate: '税率',
	lineTaxRateText: '税率(票面)',
	lineTaxAmount: '税额',
};

const LINE_ROW_KEYS: Record<LineColumn, LineRowColumn> = {
	name: 'lineName',
	specification: 'lineSpecification',
	unit: 'lineUnit',
	quantity: 'lineQuantity',
	unitPrice: 'lineUnitPrice',
	amount: 'lineAmount',
	taxRate: 'lineTaxRate',
	taxRateText: 'lineTaxRateText',
	taxAmount: 'lineTaxAmount',
};

function lineItemInChinese(line: CanonicalLineItem): Row {
	const row: Row = {};
	for (const key of LINE_ITEM_FIELDS) row[CHINESE_LINE_ITEM_KEYS[key]] = line[key];
	return row;
}

/** The invoice fields without `lineItems` (dedupKey and warnings last), named as asked. */
function invoiceColumns(inv: CanonicalInvoice, chinese: boolean, warningsFormat: WarningsFormat | undefined): Row {
	const row: Row = {};
	for (const key of INVOICE_FIELDS) row[chinese ? CHINESE_INVOICE_COLUMNS[key] : key] = inv[key];
	row[chinese ? CHINESE_INVOICE_COLUMNS.dedupKey : 'dedupKey'] = inv.dedupKey;
	row[chinese ? CHINESE_INVOICE_COLUMNS.warnings : 'warnings'] = warningsValue(inv, warningsFormat);
	return row;
}

/** One row for the invoice (`outputMode` = `invoice`): a copy, never the invoice object itself. */
export function toInvoiceRow(inv: CanonicalInvoice, options: RowOptions = {}): Row {
	const chinese = options.columnNames === 'chinese';
	const lines: unknown[] = chinese ? inv.lineItems.map(lineItemInChinese) : inv.lineItems.map((line) => ({ ...line }));
	const lineItems = options.lineItemsFormat === 'jsonString' ? JSON.stringify(lines) : lines;
	if (!chinese) {
		return { ...inv, lineItems, warnings: warningsValue(inv, options.warningsFormat) };
	}
	const row: Row = {};
	for (const key of INVOICE_FIELDS) row[CHINESE_INVOICE_COLUMNS[key]] = inv[key];
	row[CHINESE_INVOICE_COLUMNS.lineItems] = lineItems;
	row[CHINESE_INVOICE_COLUMNS.dedupKey] = inv.dedupKey;
	row[CHINESE_INVOICE_COLUMNS.warnings] = warningsValue(inv, options.warningsFormat);
	return row;
}

/**
 * One row per line item (`outputMode` = `lineItem`): the invoice fields on every row, then `lineNo`
 * (from 1) and the line's fields prefixed `line`. An invoice without lines still gives one row,
 * with `lineNo` and the line fields `null`, so that no invoice disappears from the sheet.
 */
export function toLineItemRows(inv: CanonicalInvoice, options: RowOptions = {}): Row[] {
	const chinese = options.columnNames === 'chinese';
	const warningsKey = chinese ? CHINESE_INVOICE_COLUMNS.warnings : 'warnings';
	const lineNoKey = chinese ? CHINESE_LINE_ROW_COLUMNS.lineNo : 'lineNo';
	const lineKeys = LINE_ITEM_FIELDS.map((key) =>
		chinese ? CHINESE_LINE_ROW_COLUMNS[LINE_ROW_KEYS[key]] : LINE_ROW_KEYS[key],
	);
	// Every column present (line columns null) so that each row is a cheap copy of one shape.
	const base = invoiceColumns(inv, chinese, options.warningsFormat);
	base[lineNoKey] = null;
	for (const key of lineKeys) base[key] = null;
	const lines = inv.lineItems;
	if (lines.length === 0) return [base];
	const rows: Row[] = new Array(lines.length);
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		const row: Row = { ...base };
		if (i > 0) row[warningsKey] = warningsValue(inv, options.warningsFormat);
		row[lineNoKey] = i + 1;
		for (let k = 0; k < LINE_ITEM_FIELDS.length; k++) row[lineKeys[k]] = line[LINE_ITEM_FIELDS[k]];
		rows[i] = row;
	}
	return rows;
}
