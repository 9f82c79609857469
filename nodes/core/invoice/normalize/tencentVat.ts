/**
 * Tencent VatInvoiceOCR: `VatInvoiceInfos` (Name/Value pairs, or the VAT Invoice OCR node's
 * flattened Name→Value object) plus `Items`.
 *
 * Hot path: a response carries ~52 pairs and only ~35 names matter, so the pairs are read straight
 * into a fixed array of slots (one per known name) instead of building an object of every name.
 */
import { lineMapper } from './lineFields';
import { objectArray } from './pick';
import type { InvoiceSource, JsonObject, RawInvoice, RawSpecificBusiness } from './types';
import { isObject } from './values';

/** Each value this mapper reads, with the names Tencent may give it, best first. */
const FIELD_NAMES = {
	invoiceTitle: ['发票名称'],
	typeText: ['发票类型'],
	invoiceCode: ['发票代码', '打印发票代码'],
	invoiceNumber: ['发票号码', '打印发票号码'],
	issueDate: ['开票日期'],
	checkCode: ['校验码'],
	machineNumber: ['机器编号'],
	buyerName: ['购买方名称'],
	buyerTaxId: ['购买方识别号', '购买方纳税人识别号'],
	buyerAddressPhone: ['购买方地址、电话', '（购买方地址、电话）', '(购买方地址、电话)', '购买方地址电话'],
	buyerBankAccount: ['购买方开户行及账号'],
	sellerName: ['销售方名称'],
	sellerTaxId: ['销售方识别号', '销售方纳税人识别号'],
	sellerAddressPhone: ['销售方地址、电话', '（销售方地址、电话）', '(销售方地址、电话)', '销售方地址电话'],
	sellerBankAccount: ['销售方开户行及账号'],
	amountWithoutTax: ['合计金额'],
	taxAmount: ['合计税额'],
	totalAmount: ['小写金额', '价税合计(小写)', '价税合计（小写）'],
	totalAmountInWords: ['价税合计(大写)', '价税合计（大写）'],
	remarks: ['备注'],
	drawer: ['开票人'],
	payee: ['收款人'],
	reviewer: ['复核', '复核人'],
	// The first line's cells, printed in the header; used only when Items is empty.
	lineName: ['货物或应税劳务、服务名称', '（货物或应税劳务、服务名称）', '(货物或应税劳务、服务名称)'],
	lineSpecification: ['规格型号'],
	lineUnit: ['单位'],
	lineQuantity: ['数量'],
	lineUnitPrice: ['单价'],
	lineAmount: ['金额'],
	lineTaxRate: ['税率'],
	lineTaxAmount: ['税额'],
} as const;

type Field = keyof typeof FIELD_NAMES;

const NAMES: string[] = [];
const SLOT: Record<string, number> = Object.create(null) as Record<string, number>;
const FIELD_SLOTS = {} as Record<Field, number[]>;
for (const field of Object.keys(FIELD_NAMES) as Field[]) {
	FIELD_SLOTS[field] = FIELD_NAMES[field].map((name) => {
		SLOT[name] = NAMES.length;
		NAMES.push(name);
		return SLOT[name];
	});
}

/** The value of each known name (first occurrence wins), from the pairs or the flattened object. */
function readSlots(infos: unknown): unknown[] {
	const values: unknown[] = new Array(NAMES.length);
	if (Array.isArray(infos)) {
		for (let i = 0; i < infos.length; i++) {
			const info = infos[i] as { Name?: unknown; Value?: unknown } | null;
			if (info === null || typeof info !== 'object') continue;
			const slot = typeof info.Name === 'string' ? SLOT[info.Name] : undefined;
			if (slot !== undefined && values[slot] === undefined) values[slot] = info.Value ?? null;
		}
	} else if (isObject(infos)) {
		for (let slot = 0; slot < NAMES.length; slot++) values[slot] = infos[NAMES[slot]];
	}
	return values;
}

/** The first non-empty value among a field's names. */
function get(values: unknown[], field: Field): unknown {
	const slots = FIELD_SLOTS[field];
	for (let i = 0; i < slots.length; i++) {
		const value = values[slots[i]];
		if (value !== undefined && value !== null && value !== '') return value;
	}
	return undefined;
}

const mapItem = lineMapper('tencentVat');

/** VatInvoiceItem's 特定业务 cells (货物运输, 建筑服务), labelled as Tencent's model names them. */
const SPECIFIC_CELLS: ReadonlyArray<readonly [string, string]> = [
	['VehicleType', '运输工具类型'],
	['VehicleBrand', '运输工具牌号'],
	['DeparturePlace', '起始地'],
	['ArrivalPlace', '到达地'],
	['TransportItemsName', '运输货物名称'],
	['ConstructionPlace', '建筑服务发生地'],
	['ConstructionName', '建筑项目名称'],
];

const filled = (item: JsonObject, key: string) => typeof item[key] === 'string' && (item[key] as string).trim() !== '';

/**
 * The items' 特定业务 cells as rows; VatInvoiceOCR names no kind, so it follows from the cells
 * (建筑服务 cells: construction; 运输货物名称: freight); `undefined` when no item has any.
 */
function specificBusinessOf(items: JsonObject[]): RawSpecificBusiness | undefined {
	const withCells = items.filter((item) => SPECIFIC_CELLS.some(([key]) => filled(item, key)));
	if (withCells.length === 0) return undefined;
	const rows = withCells.map((item) => Object.fromEntries(SPECIFIC_CELLS.map(([key, label]) => [label, item[key]])));
	const construction = withCells.some((item) => filled(item, 'ConstructionPlace') || filled(item, 'ConstructionName'));
	const freight = withCells.some((item) => filled(item, 'TransportItemsName'));
	return { kind: construction ? 'construction' : freight ? 'freight_transport' : 'other', rows };
}

export function mapTencentVat(infos: unknown, items: unknown, source: InvoiceSource = 'tencent-vat'): RawInvoice {
	const v = readSlots(infos);
	const itemObjects = objectArray(items);
	const lines = itemObjects.map(mapItem);
	if (lines.length === 0 && (get(v, 'lineName') !== undefined || get(v, 'lineAmount') !== undefined)) {
		lines.push({
			name: get(v, 'lineName'),
			specification: get(v, 'lineSpecification'),
			unit: get(v, 'lineUnit'),
			quantity: get(v, 'lineQuantity'),
			unitPrice: get(v, 'lineUnitPrice'),
			amount: get(v, 'lineAmount'),
			taxRate: get(v, 'lineTaxRate'),
			taxAmount: get(v, 'lineTaxAmount'),
		});
	}
	return {
		source,
		hints: { typeText: get(v, 'typeText') },
		invoiceTitle: get(v, 'invoiceTitle'),
		invoiceCode: get(v, 'invoiceCode'),
		invoiceNumber: get(v, 'invoiceNumber'),
		issueDate: get(v, 'issueDate'),
		checkCode: get(v, 'checkCode'),
		machineNumber: get(v, 'machineNumber'),
		buyerName: get(v, 'buyerName'),
		buyerTaxId: get(v, 'buyerTaxId'),
		buyerAddressPhone: get(v, 'buyerAddressPhone'),
		buyerBankAccount: get(v, 'buyerBankAccount'),
		sellerName: get(v, 'sellerName'),
		sellerTaxId: get(v, 'sellerTaxId'),
		sellerAddressPhone: get(v, 'sellerAddressPhone'),
		sellerBankAccount: get(v, 'sellerBankAccount'),
		amountWithoutTax: get(v, 'amountWithoutTax'),
		taxAmount: get(v, 'taxAmount'),
		totalAmount: get(v, 'totalAmount'),
		totalAmountInWords: get(v, 'totalAmountInWords'),
		remarks: get(v, 'remarks'),
		drawer: get(v, 'drawer'),
		payee: get(v, 'payee'),
		reviewer: get(v, 'reviewer'),
		specificBusiness: specificBusinessOf(itemObjects),
		lines,
	};
}
