/**
 * Tencent VatInvoiceVerifyNew (增值税发票核验): the tax bureau's record of an invoice, `Invoice`
 * (VatInvoice) with `Items` (VatInvoiceItem). Field list: https://cloud.tencent.com/document/api/866/73674
 * and the SDK models. Empty strings are what Tencent sends for "not returned" (for example the buyer
 * of 通用机打 invoices), so they become null like every other missing value.
 */
import { isBlank, objectArray } from './pick';
import { joinRailwaySeat } from './trip';
import { airTrip, trainTrip } from './tripFields';
import type { JsonObject, RawInvoice, RawLine, RawTrip } from './types';
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
	const raw: RawInvoice = {
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
		isRedLetter: inv.RedLetterInvoiceMark,
		lines: objectArray(inv.Items).map(mapItem),
	};
	// Tencent sends both ticket records on every answer, empty unless the invoice is such a ticket.
	const train = isObject(data.ElectronicTrainTicket) ? data.ElectronicTrainTicket : undefined;
	const air = isObject(data.ElectronicAirTransport) ? data.ElectronicAirTransport : undefined;
	if (train && !isBlank(train.Number)) fromTrainTicket(raw, train);
	else if (air && !isBlank(air.Number)) fromAirTransport(raw, air);
	return raw;
}

type Fillable = 'invoiceCode' | 'invoiceNumber' | 'issueDate' | 'checkCode' | 'buyerName' | 'buyerTaxId' | 'amountWithoutTax' | 'taxAmount' | 'totalAmount' | 'totalAmountInWords';

/** Fills what `Invoice` left blank from a ticket record. */
function fill(raw: RawInvoice, values: Partial<Record<Fillable, unknown>>): void {
	for (const [key, value] of Object.entries(values) as Array<[Fillable, unknown]>) if (isBlank(raw[key])) raw[key] = value;
}

/** The invoice fields both ticket records carry, under the same names (the 税额: see each ticket). */
function ticketInvoiceFields(t: JsonObject, taxAmount: unknown): Partial<Record<Fillable, unknown>> {
	return {
		invoiceCode: t.Code,
		invoiceNumber: t.Number,
		issueDate: t.Date,
		checkCode: t.CheckCode,
		buyerName: t.BuyerName,
		buyerTaxId: t.BuyerTaxCode,
		amountWithoutTax: t.Amount,
		taxAmount,
		totalAmount: t.Total,
	};
}

/** ElectronicTrainTicket (全电发票（铁路电子客票）): Total is 价税合计, which is the 票价. */
function fromTrainTicket(raw: RawInvoice, t: JsonObject): void {
	fill(raw, { ...ticketInvoiceFields(t, t.Tax), totalAmountInWords: t.TotalCN });
	raw.hints.typeText = '电子发票（铁路电子客票）';
	const trip: RawTrip = { ...trainTrip('verifyTrain', t), seat: joinRailwaySeat(t.TrainCabin, t.Seat) };
	raw.trip = trip;
}

/** ElectronicAirTransport (全电发票（航空运输电子客票行程单）) and its ElectronicAirTransportDetails. */
function fromAirTransport(raw: RawInvoice, t: JsonObject): void {
	const vat = isBlank(t.TaxAmount) ? t.Tax : t.TaxAmount;
	fill(raw, ticketInvoiceFields(t, vat));
	raw.hints.typeText = '电子发票（航空运输电子客票行程单）';
	raw.trip = { ...airTrip('verifyAir', t), printedTax: vat };
}
