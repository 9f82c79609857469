/**
 * Tencent VatInvoiceVerifyNew (增值税发票核验): the tax bureau's record of an invoice, `Invoice`
 * (VatInvoice) with `Items` (VatInvoiceItem). Field list: https://cloud.tencent.com/document/api/866/73674
 * and the SDK models. Empty strings are what Tencent sends for "not returned" (for example the buyer
 * of 通用机打 invoices), so they become null like every other missing value.
 */
import { objectArray } from './pick';
import type { JsonObject, RawInvoice, RawLine } from './types';
import { isObject } from './values';

function mapItem(item: JsonObject): RawLine {
	return {
		name: item.Name,
		specification: item.Spec,
		unit: item.Unit,
		quantity: item.Quantity,
		unitPrice: item.UnitPrice,
		amount: item.AmountWithoutTax,
		taxRate: item.TaxRate,
		taxAmount: item.TaxAmount,
	};
}

/** Whether `data` looks like a VatInvoiceVerifyNew answer (its `Invoice` object). */
export function isTencentVerifyAnswer(data: JsonObject): boolean {
	const invoice = data.Invoice;
	return isObject(invoice) && ('IsAbandoned' in invoice || 'AmountWithTax' in invoice || 'TrafficFreeFlag' in invoice);
}

/** The bureau's invoice of a VatInvoiceVerifyNew answer (the `Response` object, or the node's flattened output). */
export function mapTencentVerify(data: JsonObject): RawInvoice {
	const inv: JsonObject = isObject(data.Invoice) ? data.Invoice : {};
	return {
		source: 'tencent-verify',
		hints: { verifyType: { type: inv.Type, electronicType: inv.ElectronicType } },
		invoiceCode: inv.Code,
		invoiceNumber: inv.Number,
		issueDate: inv.Date,
		checkCode: inv.CheckCode,
		machineNumber: inv.MachineNo,
		buyerName: inv.BuyerName,
		buyerTaxId: inv.BuyerTaxCode,
		buyerAddressPhone: inv.BuyerAddressPhone,
		buyerBankAccount: inv.BuyerBankAccount,
		sellerName: inv.SellerName,
		sellerTaxId: inv.SellerTaxCode,
		sellerAddressPhone: inv.SellerAddressPhone,
		sellerBankAccount: inv.SellerBankAccount,
		amountWithoutTax: inv.AmountWithoutTax,
		taxAmount: inv.TaxAmount,
		totalAmount: inv.AmountWithTax,
		remarks: inv.Remark,
		lines: objectArray(inv.Items).map(mapItem),
	};
}
