/**
 * Tencent RecognizeGeneralInvoice: one canonical invoice per `MixedInvoiceItems` entry, read from
 * `SingleInvoiceInfos[SubType]` (VatInvoiceInfo for the VAT subtypes, VatElectronicInfo for 数电; the
 * tickets and receipts of tencentTickets.ts). Other subtypes share most of the VAT key names, so they
 * map on a best-effort basis.
 */
import { lineMapper } from './lineFields';
import { objectArray, pick } from './pick';
import { TICKET_MAPPERS } from './tencentTickets';
import { mapTencentVat } from './tencentVat';
import type { JsonObject, RawInvoice, RawSpecificBusiness } from './types';
import { isObject } from './values';

const mapLine = lineMapper('tencentGeneral');

/**
 * VatElectronicItemInfo's 特定业务 cells, with the labels of Tencent's model (ocr_models
 * VatElectronicItemInfo), in the order the model lists them.
 */
const SPECIFIC_BUSINESS_CELLS: ReadonlyArray<readonly [string, string]> = [
	['VehicleType', '运输工具类型'],
	['VehicleBrand', '运输工具牌号'],
	['DeparturePlace', '起始地'],
	['ArrivalPlace', '到达地'],
	['TransportItemsName', '运输货物名称'],
	['PlaceOfBuildingService', '建筑服务发生地'],
	['BuildingName', '建筑项目名称'],
	['EstateNumber', '产权证书/不动产权证号'],
	['AreaUnit', '面积单位'],
	['Traveler', '出行人'],
	['TravelerID', '有效身份证件号'],
	['TravelDate', '出行日期'],
	['TravelLevel', '等级'],
];

/** 数电 特定业务: ServiceTypeLabel (业务类型标志) and each item's 特定业务 cells as a row. */
function specificBusinessOf(info: JsonObject, items: JsonObject[]): RawSpecificBusiness | undefined {
	const rows: Array<Record<string, unknown>> = [];
	for (const item of items) {
		const row: Record<string, unknown> = {};
		for (const [key, label] of SPECIFIC_BUSINESS_CELLS) row[label] = item[key];
		rows.push(row);
	}
	if (info.ServiceTypeLabel === undefined && !items.some((item) => SPECIFIC_BUSINESS_CELLS.some(([key]) => typeof item[key] === 'string' && item[key] !== ''))) {
		return undefined;
	}
	return { kindText: info.ServiceTypeLabel, rows };
}

/** Maps one invoice's fields (a VatInvoiceInfo / VatElectronicInfo object, or the flattened item). */
export function mapGeneralInfo(
	info: JsonObject,
	subType: unknown,
	subTypeDescription: unknown,
	qrCode: unknown,
	notes?: string[],
): RawInvoice {
	const ticket = typeof subType === 'string' ? TICKET_MAPPERS[subType] : undefined;
	if (ticket) {
		const raw = ticket(info);
		raw.hints.tencentSubType = subType;
		raw.hints.typeText = subTypeDescription;
		raw.notes = notes;
		return raw;
	}
	const items = info.VatInvoiceItemInfos ?? info.VatElectronicItems;
	return {
		source: 'tencent-general',
		hints: { tencentSubType: subType, qrCode: qrCode === '' ? undefined : qrCode, typeText: subTypeDescription },
		invoiceTitle: info.Title,
		invoiceCode: pick(info, 'Code', 'CodeConfirm'),
		invoiceNumber: pick(info, 'Number', 'NumberConfirm', 'ElectronicFullNumber'),
		issueDate: info.Date,
		checkCode: info.CheckCode,
		machineNumber: info.MachineCode,
		buyerName: info.Buyer,
		buyerTaxId: info.BuyerTaxID,
		buyerAddressPhone: info.BuyerAddrTel,
		buyerBankAccount: info.BuyerBankAccount,
		sellerName: info.Seller,
		sellerTaxId: info.SellerTaxID,
		sellerAddressPhone: info.SellerAddrTel,
		sellerBankAccount: info.SellerBankAccount,
		amountWithoutTax: info.PretaxAmount,
		taxAmount: info.Tax,
		totalAmount: info.Total,
		totalAmountInWords: info.TotalCn,
		remarks: info.Remark,
		drawer: info.Issuer,
		payee: info.Receiptor,
		reviewer: info.Reviewer,
		lines: objectArray(items).map(mapLine),
		specificBusiness: Array.isArray(info.VatElectronicItems) || info.ServiceTypeLabel !== undefined ? specificBusinessOf(info, objectArray(items)) : undefined,
		notes,
	};
}

/** One `MixedInvoiceItems` entry of the raw response. */
export function mapMixedInvoiceItem(item: JsonObject): RawInvoice {
	const infos = isObject(item.SingleInvoiceInfos) ? item.SingleInvoiceInfos : {};
	let info = typeof item.SubType === 'string' ? infos[item.SubType] : undefined;
	if (!isObject(info)) {
		info = undefined;
		for (const key in infos) {
			if (isObject(infos[key])) {
				info = infos[key];
				break;
			}
		}
	}
	let notes: string[] | undefined;
	if (item.Code !== undefined && item.Code !== 'OK') {
		notes = [`RecognizeGeneralInvoice could not read this invoice (${String(item.Code)})`];
	} else if (info === undefined) {
		notes = [`RecognizeGeneralInvoice returned no fields for this invoice (SubType ${String(item.SubType)})`];
	}
	return mapGeneralInfo(
		(info as JsonObject | undefined) ?? {},
		item.SubType,
		item.SubTypeDescription,
		item.QRCode,
		notes,
	);
}

/**
 * One item of the older MixedInvoiceOCR, whose `SingleInvoiceInfos` is a list of {Name, Value, Row}:
 * Row -1 holds the header fields (VatInvoiceOCR's names), rows 0, 1, … the table lines.
 */
function mapMixedOcrItem(item: JsonObject, infos: unknown[]): RawInvoice {
	const header: JsonObject = {};
	const rows: JsonObject[] = [];
	for (const info of infos) {
		if (!isObject(info) || typeof info.Name !== 'string') continue;
		const row = typeof info.Row === 'number' ? info.Row : -1;
		const target = row < 0 ? header : (rows[row] ??= {});
		if (!(info.Name in target)) target[info.Name] = info.Value;
	}
	const items = rows.filter(isObject).map((row) => ({
		Name: row['货物或应税劳务、服务名称'],
		Spec: row['规格型号'],
		Unit: row['单位'],
		Quantity: row['数量'],
		UnitPrice: row['单价'],
		AmountWithoutTax: row['金额'],
		TaxRate: row['税率'],
		TaxAmount: row['税额'],
	}));
	const raw = mapTencentVat(header, items, 'tencent-mixed');
	if (item.Code !== undefined && item.Code !== 'OK') {
		raw.notes = [`MixedInvoiceOCR could not read this invoice (${String(item.Code)})`];
	}
	return raw;
}

/** The whole response: every invoice in `MixedInvoiceItems`. */
export function mapTencentGeneral(response: JsonObject): RawInvoice[] {
	return objectArray(response.MixedInvoiceItems).map((item) =>
		Array.isArray(item.SingleInvoiceInfos) ? mapMixedOcrItem(item, item.SingleInvoiceInfos) : mapMixedInvoiceItem(item),
	);
}
