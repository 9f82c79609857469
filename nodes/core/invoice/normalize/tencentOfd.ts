/**
 * Tencent VerifyOfdVatInvoiceOCR and the local OFD reader, which returns the same shape plus
 * `OfdSource`, `QrCode`, `TaxInclusiveTotalAmountInWords` and `PageCount`. The QR code fills in
 * what the OFD lacks and helps decide the type (docs/domain.md §4).
 */
import { parseInvoiceQrCode } from './invoiceType';
import { lineMapper } from './lineFields';
import { isBlank, objectArray, pick } from './pick';
import type { InvoiceSource, JsonObject, RawInvoice } from './types';
import { isObject } from './values';

const EMPTY: JsonObject = {};

const mapGoods = lineMapper('verifyOfd');

function fromQr(value: unknown, qrValue: string | undefined): unknown {
	if (!isBlank(value)) return value;
	return qrValue === '' ? undefined : qrValue;
}

type FillableKey = Exclude<keyof RawInvoice, 'source' | 'hints' | 'lines' | 'notes'>;

function fill(raw: RawInvoice, key: FillableKey, value: unknown): void {
	if (isBlank(raw[key])) raw[key] = value;
}

export function mapOfdInvoice(data: JsonObject, source: InvoiceSource): RawInvoice {
	const buyer = isObject(data.Buyer) ? data.Buyer : EMPTY;
	const seller = isObject(data.Seller) ? data.Seller : EMPTY;
	const qrText = pick(data, 'QrCode', 'GraphCode');
	const qr = parseInvoiceQrCode(qrText);
	const type = data.Type === undefined || data.Type === null ? '' : String(data.Type).trim();
	const raw: RawInvoice = {
		source,
		hints: { ofdType: data.Type, qrCode: qr ? qrText : undefined, layout: data.Layout },
		invoiceTitle: data.InvoiceTitle,
		invoiceCode: fromQr(pick(data, 'InvoiceCode'), qr?.invoiceCode),
		invoiceNumber: fromQr(pick(data, 'InvoiceNumber', 'InvoiceNo'), qr?.invoiceNumber),
		issueDate: fromQr(data.IssueDate, qr?.date),
		checkCode: fromQr(data.InvoiceCheckCode, qr?.checkCode),
		machineNumber: pick(data, 'MachineNumber', 'MachineNo'),
		buyerName: buyer.Name,
		buyerTaxId: buyer.TaxId,
		buyerAddressPhone: buyer.AddrTel,
		buyerBankAccount: buyer.FinancialAccount,
		sellerName: seller.Name,
		sellerTaxId: seller.TaxId,
		sellerAddressPhone: seller.AddrTel,
		sellerBankAccount: seller.FinancialAccount,
		amountWithoutTax: data.TaxExclusiveTotalAmount,
		taxAmount: data.TaxTotalAmount,
		totalAmount: data.TaxInclusiveTotalAmount,
		totalAmountInWords: pick(data, 'TaxInclusiveTotalAmountInWords', 'TaxInclusiveTotalAmountWithWords'),
		remarks: data.Note,
		drawer: data.InvoiceClerk,
		payee: data.Payee,
		reviewer: data.Checker,
		lines: objectArray(data.GoodsInfos).map(mapGoods),
	};
	if (qr) {
		// The QR amount is 价税合计 on 数电 invoices and 合计金额 on the older ones.
		fill(raw, qr.typeCode === '31' || qr.typeCode === '32' ? 'totalAmount' : 'amountWithoutTax', qr.amount);
	}
	if (type === '030' && isObject(data.RailwayTicketInfo)) fillFromTicket(raw, data.RailwayTicketInfo, 'railway');
	if (type === '040' && isObject(data.AirTicketInfo)) fillFromTicket(raw, data.AirTicketInfo, 'air');
	return raw;
}

/** Canonical field ← ticket field, for the two ticket blocks VerifyOfdVatInvoiceOCR may hold. */
const TICKET_FIELDS: Record<'railway' | 'air', Partial<Record<FillableKey, string>>> = {
	railway: { invoiceTitle: 'TypeOfVoucher', invoiceNumber: 'ElectronicInvoiceRailwayETicketNumber', issueDate: 'DateOfIssue', buyerName: 'NameOfPurchaser', buyerTaxId: 'UnifiedSocialCreditCodeOfPurchaser', amountWithoutTax: 'TotalAmountExcludingTax', taxAmount: 'TaxAmount', totalAmount: 'Fare' },
	air: { invoiceNumber: 'ElectronicInvoiceAirTransportReceiptNumber', issueDate: 'IssueDate', buyerName: 'NameOfPurchaser', buyerTaxId: 'UnifiedSocialCreditCodeOfPurchaser', sellerName: 'NameOfSeller', taxAmount: 'VatTaxAmount', totalAmount: 'TotalAmount' },
};

/** Fills what the top-level fields left blank from a railway e-ticket or an air itinerary. */
function fillFromTicket(raw: RawInvoice, ticket: JsonObject, kind: keyof typeof TICKET_FIELDS): void {
	for (const [key, field] of Object.entries(TICKET_FIELDS[kind]) as Array<[FillableKey, string]>) fill(raw, key, ticket[field]);
}
