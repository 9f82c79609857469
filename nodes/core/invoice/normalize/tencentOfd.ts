/**
 * Tencent VerifyOfdVatInvoiceOCR and the local OFD reader, which returns the same shape plus
 * `OfdSource`, `QrCode`, `TaxInclusiveTotalAmountInWords` and `PageCount`. The QR code fills in
 * what the OFD lacks and helps decide the type (docs/domain.md §4).
 */
import { parseInvoiceQrCode } from './invoiceType';
import { lineMapper } from './lineFields';
import { isBlank, objectArray, pick } from './pick';
import { joinRailwaySeat } from './trip';
import { airTrip, trainTrip } from './tripFields';
import type { InvoiceSource, JsonObject, RawInvoice, RawSpecificBusiness, RawTrip } from './types';
import { isObject } from './values';

const EMPTY: JsonObject = {};

const mapGoods = lineMapper('verifyOfd');

function fromQr(value: unknown, qrValue: string | undefined): unknown {
	if (!isBlank(value)) return value;
	return qrValue === '' ? undefined : qrValue;
}

type FillableKey = Exclude<keyof RawInvoice, 'source' | 'hints' | 'lines' | 'notes' | 'trip' | 'specificBusiness' | 'notVat'>;

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
	// A local reader may know the ticket by its layout before it knows the Type code.
	const railway = type === '030' || (type === '' && data.Layout === 'railway');
	const air = type === '040' || (type === '' && data.Layout === 'air');
	if (railway && isObject(data.RailwayTicketInfo)) {
		fillFromTicket(raw, data.RailwayTicketInfo, 'railway');
		raw.trip = railwayTrip(data.RailwayTicketInfo);
		raw.originalInvoiceNumber = data.RailwayTicketInfo.NumberOfOriginalInvoice;
	}
	if (air && isObject(data.AirTicketInfo)) {
		fillFromTicket(raw, data.AirTicketInfo, 'air');
		raw.trip = airTripOf(data.AirTicketInfo);
	}
	readLocalExtras(raw, data);
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

/** RailwayTicketInfo → trip (the names of nodes/core/ofd/types.ts, which the local readers fill too). */
function railwayTrip(t: JsonObject): RawTrip {
	return { ...trainTrip('localRailway', t), seat: joinRailwaySeat(t.Carriage, t.Seat) };
}

/** AirTicketInfo → trip, its DetailInformationOfAirTicketTuple → segments. */
function airTripOf(t: JsonObject): RawTrip {
	return airTrip('localAir', t);
}

/**
 * What the local readers add beside Tencent's names (Tencent's OFD answer has none of them):
 * `IsRedLetter`, `OriginalInvoiceNumber`, `OriginalInvoiceCode` and `SpecificBusiness`
 * ({ KindText, Fields: label → value, Rows: [label → value] }), as printed.
 */
function readLocalExtras(raw: RawInvoice, data: JsonObject): void {
	if (data.IsRedLetter !== undefined) raw.isRedLetter = data.IsRedLetter;
	if (!isBlank(data.OriginalInvoiceNumber)) raw.originalInvoiceNumber = data.OriginalInvoiceNumber;
	if (!isBlank(data.OriginalInvoiceCode)) raw.originalInvoiceCode = data.OriginalInvoiceCode;
	const sb = data.SpecificBusiness;
	if (isObject(sb)) {
		const business: RawSpecificBusiness = {
			kindText: sb.KindText,
			fields: isObject(sb.Fields) ? sb.Fields : {},
			rows: objectArray(sb.Rows),
		};
		raw.specificBusiness = business;
	}
}
