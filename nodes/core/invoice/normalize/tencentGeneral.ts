/**
 * Tencent RecognizeGeneralInvoice: one canonical invoice per `MixedInvoiceItems` entry, read from
 * `SingleInvoiceInfos[SubType]` (VatInvoiceInfo for the VAT subtypes, VatElectronicInfo for 数电).
 * Other subtypes share most of these key names, so they map on a best-effort basis.
 */
import { lineMapper } from './lineFields';
import { objectArray, pick } from './pick';
import { mapTencentVat } from './tencentVat';
import type { JsonObject, RawInvoice } from './types';
import { isObject } from './values';

const mapLine = lineMapper('tencentGeneral');

/** Maps one invoice's fields (a VatInvoiceInfo / VatElectronicInfo object, or the flattened item). */
export function mapGeneralInfo(
	info: JsonObject,
	subType: unknown,
	subTypeDescription: unknown,
	qrCode: unknown,
	notes?: string[],
): RawInvoice {
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
