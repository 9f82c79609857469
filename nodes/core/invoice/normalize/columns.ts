/** Output rows: one per invoice or one per line item, with English or Chinese column names. */
import { INVOICE_FIELDS, LINE_ITEM_FIELDS, TRIP_FIELDS, type CanonicalInvoice, type CanonicalLineItem, type Trip } from './types';

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

type InvoiceColumn = (typeof INVOICE_FIELDS)[number] | 'trip' | 'specificBusiness' | 'lineItems' | 'dedupKey' | 'warnings';
type TripField = (typeof TRIP_FIELDS)[number];
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
	isRedLetter: '红字',
	originalInvoiceNumber: '原发票号码',
	originalInvoiceCode: '原发票代码',
	trip: '行程',
	specificBusiness: '特定业务',
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

/** The `trip` columns of rows: `trip` + the field name (tripPassenger, tripTrainNumber, …). */
export const TRIP_COLUMNS: Record<TripField, string> = Object.fromEntries(
	TRIP_FIELDS.map((field) => [field, `trip${field[0].toUpperCase()}${field.slice(1)}`]),
) as Record<TripField, string>;

/**
 * The Chinese trip columns, as reimbursement sheets head them. One column serves railway and air where
 * the ticket has one or the other: 车次/航班号 is trainNumber or else flightNumber.
 */
export const CHINESE_TRIP_COLUMNS: ReadonlyArray<readonly [string, (trip: Trip) => unknown]> = [
	['乘车人/旅客', (t) => t.passenger],
	['证件号', (t) => t.idNumber],
	['出行日期', (t) => t.travelDate],
	['出发时间', (t) => t.departureTime],
	['车次/航班号', (t) => t.trainNumber ?? t.flightNumber],
	['出发地', (t) => t.from],
	['到达地', (t) => t.to],
	['席别/舱位', (t) => t.seatClass],
	['座位', (t) => t.seat],
	['票价', (t) => t.fare],
	['燃油附加费', (t) => t.fuelSurcharge],
	['民航发展基金', (t) => t.civilAviationFund],
	['其他税费', (t) => t.otherTaxes],
	['保险费', (t) => t.insurance],
	['电子客票号', (t) => t.ticketNumber],
	['可抵扣税额', (t) => t.deductibleTax],
	['可抵扣税额依据', (t) => t.deductibleTaxBasis],
];

/** `specificBusinessKind` (English) / 特定业务 (Chinese: the kind as printed), then one column per printed value. */
const SB_KIND = { english: 'specificBusinessKind', chinese: '特定业务' } as const;
const SB_PREFIX = { english: 'sb_', chinese: '特定业务_' } as const;

/**
 * Flat columns for a sheet (no nested objects, no JSON): the trip fields (always present, null without
 * a trip), the 特定业务 kind, and `sb_<label>` for each single value of the block and
 * `sb_<row>_<label>` for each cell of its table rows (rows from 1).
 */
export function flatExtraColumns(inv: CanonicalInvoice, chinese: boolean, row: Row): void {
	const trip = inv.trip;
	if (chinese) {
		for (const [name, value] of CHINESE_TRIP_COLUMNS) row[name] = trip === null ? null : value(trip);
	} else {
		for (const field of TRIP_FIELDS) row[TRIP_COLUMNS[field]] = trip === null ? null : trip[field];
	}
	const sb = inv.specificBusiness;
	const language = chinese ? 'chinese' : 'english';
	row[SB_KIND[language]] = sb === null ? null : chinese ? (sb.kindText ?? sb.kind) : sb.kind;
	if (sb === null) return;
	const prefix = SB_PREFIX[language];
	for (const [label, value] of Object.entries(sb.fields)) row[`${prefix}${label}`] = value;
	sb.rows.forEach((cells, i) => {
		for (const [label, value] of Object.entries(cells)) row[`${prefix}${i + 1}_${label}`] = value;
	});
}

function lineItemInChinese(line: CanonicalLineItem): Row {
	const row: Row = {};
	for (const key of LINE_ITEM_FIELDS) row[CHINESE_LINE_ITEM_KEYS[key]] = line[key];
	return row;
}

/** The invoice fields without `lineItems` (dedupKey and warnings last), named as asked. */
function invoiceColumns(inv: CanonicalInvoice, chinese: boolean, warningsFormat: WarningsFormat | undefined): Row {
	const row: Row = {};
	for (const key of INVOICE_FIELDS) row[chinese ? CHINESE_INVOICE_COLUMNS[key] : key] = inv[key];
	flatExtraColumns(inv, chinese, row);
	row[chinese ? CHINESE_INVOICE_COLUMNS.dedupKey : 'dedupKey'] = inv.dedupKey;
	row[chinese ? CHINESE_INVOICE_COLUMNS.warnings : 'warnings'] = warningsValue(inv, warningsFormat);
	return row;
}

function copyTrip(trip: Trip | null): Trip | null {
	return trip === null ? null : { ...trip, segments: trip.segments.map((s) => ({ ...s })) };
}

function copySpecificBusiness(inv: CanonicalInvoice): CanonicalInvoice['specificBusiness'] {
	const sb = inv.specificBusiness;
	return sb === null ? null : { ...sb, fields: { ...sb.fields }, rows: sb.rows.map((r) => ({ ...r })) };
}

/**
 * One row for the invoice (`outputMode` = `invoice`): a copy, never the invoice object itself.
 * English: the canonical invoice (`trip` and `specificBusiness` nested); Chinese: flat columns for a
 * sheet (the trip and 特定业务 columns of flatExtraColumns).
 */
export function toInvoiceRow(inv: CanonicalInvoice, options: RowOptions = {}): Row {
	const chinese = options.columnNames === 'chinese';
	const lines: unknown[] = chinese ? inv.lineItems.map(lineItemInChinese) : inv.lineItems.map((line) => ({ ...line }));
	const lineItems = options.lineItemsFormat === 'jsonString' ? JSON.stringify(lines) : lines;
	if (!chinese) {
		return { ...inv, trip: copyTrip(inv.trip), specificBusiness: copySpecificBusiness(inv), lineItems, warnings: warningsValue(inv, options.warningsFormat) };
	}
	const row: Row = {};
	for (const key of INVOICE_FIELDS) row[CHINESE_INVOICE_COLUMNS[key]] = inv[key];
	flatExtraColumns(inv, true, row);
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
