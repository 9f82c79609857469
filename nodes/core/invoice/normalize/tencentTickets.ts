/**
 * RecognizeGeneralInvoice's tickets and receipts, one mapper per SubType, with the field names of
 * Tencent's model (tencentcloud-sdk-nodejs-ocr ocr_models: TrainTicket, AirTransport + FlightItem,
 * ElectronicTrainTicketFull, ElectronicFlightTicketFull + FlightItemInfo, TaxiTicket, QuotaInvoice,
 * TollInvoice). Train and air tickets carry a `trip`; the paper receipts only their printed totals.
 */
import { pick } from './pick';
import { airTrip, trainTrip } from './tripFields';
import type { JsonObject, RawInvoice } from './types';

type TicketMapper = (info: JsonObject) => RawInvoice;

function base(): RawInvoice {
	return { source: 'tencent-general', hints: {}, lines: [] };
}

/**
 * 火车票 (the paper ticket, and the 报销凭证 printout): it prints no 开票日期, so the travel date stands
 * for it; 总金额 is the fare.
 */
function trainTicket(t: JsonObject): RawInvoice {
	const trip = trainTrip('paperTrain', t);
	return {
		...base(),
		invoiceTitle: t.Title,
		invoiceNumber: t.Number,
		issueDate: t.DateGetOn,
		totalAmount: t.Total,
		totalAmountInWords: t.TotalCn,
		trip,
	};
}

/**
 * 航空运输电子客票行程单 (the paper itinerary): its number is the 印刷序号 (or the 发票号码 of a newer
 * one), Number is the 电子客票号码; 增值税税额 (TaxAmount) when printed.
 */
function airTransport(t: JsonObject): RawInvoice {
	const trip = airTrip('paperAir', t);
	return {
		...base(),
		invoiceTitle: t.Title,
		invoiceNumber: pick(t, 'ReceiptNumber', 'SerialNumber'),
		issueDate: t.Date,
		checkCode: t.CheckCode,
		buyerName: t.Buyer,
		buyerTaxId: t.BuyerTaxID,
		taxAmount: t.TaxAmount,
		totalAmount: t.Total,
		trip,
	};
}

/** 电子发票（铁路电子客票）: 票价 is 价税合计, Total the 金额 without tax, Tax the printed 税额. */
function electronicTrainTicket(t: JsonObject): RawInvoice {
	const trip = trainTrip('generalTrain', t);
	return {
		...base(),
		invoiceTitle: t.TypeOfVoucher,
		invoiceNumber: t.Number,
		issueDate: t.Date,
		buyerName: t.Buyer,
		buyerTaxId: t.BuyerTaxID,
		amountWithoutTax: t.Total,
		taxAmount: t.Tax,
		totalAmount: t.Fare,
		originalInvoiceNumber: t.OriginalNumber,
		trip,
	};
}

/** 电子发票（航空运输电子客票行程单）: FlightItems' TerminalGetOn / TerminalGetOff are 出发站 / 到达站 in the model. */
function electronicFlightTicket(t: JsonObject): RawInvoice {
	const trip = airTrip('generalAir', t);
	return {
		...base(),
		invoiceNumber: t.Number,
		issueDate: t.Date,
		buyerName: t.Buyer,
		buyerTaxId: t.BuyerTaxID,
		sellerName: t.Seller,
		taxAmount: t.Tax,
		totalAmount: t.Total,
		trip,
	};
}

/** 出租车发票, 定额发票, 过路过桥费发票: title, code, number, date where printed, total. */
function receipt(t: JsonObject): RawInvoice {
	return {
		...base(),
		invoiceTitle: t.Title,
		invoiceCode: t.Code,
		invoiceNumber: t.Number,
		issueDate: t.Date,
		totalAmount: t.Total,
		totalAmountInWords: t.TotalCn,
		// Paper receipts: no buyer, seller or VAT amounts to check (the 过路过桥费 receipt shares `toll` with
		// the VAT 通行费 e-invoice).
		notVat: true,
	};
}

export const TICKET_MAPPERS: Record<string, TicketMapper> = {
	TrainTicket: trainTicket,
	AirTransport: airTransport,
	ElectronicTrainTicketFull: electronicTrainTicket,
	ElectronicFlightTicketFull: electronicFlightTicket,
	TaxiTicket: receipt,
	QuotaInvoice: receipt,
	TollInvoice: receipt,
};
