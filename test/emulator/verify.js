'use strict';
/*
 * The emulator's VatInvoiceVerifyNew (增值税发票核验): a table of known invoices, and the request
 * rules of https://cloud.tencent.com/document/api/866/73674 checked as an independent oracle of the
 * node's own rules (nodes/core/invoice/verify.ts):
 *   数电 (20-digit InvoiceNo): no InvoiceCode, InvoiceKind 08/10, Amount = 价税合计;
 *   01 专票, 08 电子专票: Amount = 不含税金额;  04, 10, 11, 14 (普票, 电子普票, 卷票, 通行费): CheckCode = last 6;
 *   32 区块链: CheckCode = last 5, SellerTaxCode, Amount = 不含税金额.
 * The 数电 railway e-ticket and air itinerary are 数电 invoices checked as kind 10 with Amount = 价税合计
 * (the 票价 / the 合计); their answers carry the ElectronicTrainTicket / ElectronicAirTransport record
 * (field names of Tencent's model), which every answer has, empty for other invoices.
 * A request that breaks a rule for a known invoice gets FailedOperation.InvoiceMismatch (billed at
 * Tencent); an unknown invoice ResourceNotFound.NoInvoice; a same-day invoice without
 * EnableTodayInvoice ResourceNotFound.NotSupportCurrentInvoiceQuery; the 6th check of one invoice
 * on one day (China time) FailedOperation.CountLimitError. Every request is recorded (requests()).
 */

const PARAMS = {
	InvoiceNo: 'string',
	InvoiceDate: 'string',
	InvoiceCode: 'string',
	InvoiceKind: 'string',
	CheckCode: 'string',
	Amount: 'string',
	RegionCode: 'string',
	SellerTaxCode: 'string',
	EnableCommonElectronic: 'boolean',
	EnableTodayInvoice: 'boolean',
};

const KINDS = ['01', '02', '03', '04', '08', '10', '11', '14', '15', '16', '32'];
const DAILY_LIMIT = 5;

const BUYER = { name: '广州市示例科技有限公司', taxId: '91440101MA5CXXXX01' };
const SELLER = { name: '深圳市示例餐饮管理有限公司', taxId: '91440300MA5FXXXX02' };

/**
 * The known invoices (made-up demo data). kind: the InvoiceKind they are checked as; type: the
 * bureau's Invoice.Type; status: IsAbandoned.
 */
const KNOWN_INVOICES = [
	{ label: '数电 普票, genuine', number: '25442000000012345678', date: '2025-03-10', kind: '10', type: '10', electronicType: '02', without: '100.00', tax: '6.00', total: '106.00', status: 'N' },
	{ label: '数电 专票, genuine', number: '25442000000023456789', date: '2025-03-11', kind: '08', type: '08', electronicType: '01', without: '1000.00', tax: '130.00', total: '1130.00', status: 'N' },
	{ label: '数电 专票, voided', number: '25442000000087654321', date: '2025-03-12', kind: '08', type: '08', electronicType: '01', without: '1000.00', tax: '130.00', total: '1130.00', status: 'Y' },
	{ label: '数电 普票, fully red-flushed', number: '25442000000099990000', date: '2025-03-13', kind: '10', type: '10', electronicType: '02', without: '50.00', tax: '3.00', total: '53.00', status: 'HF' },
	{ label: '专票, genuine', code: '4400194130', number: '00123456', date: '2024-11-05', kind: '01', type: '01', without: '2000.00', tax: '260.00', total: '2260.00', status: 'N', checkCode: '' },
	{ label: '专票, red-flushed', code: '4400194130', number: '00123457', date: '2024-11-06', kind: '01', type: '01', without: '500.00', tax: '65.00', total: '565.00', status: 'H', checkCode: '' },
	{ label: '电子专票, genuine', code: '044002100113', number: '00223344', date: '2024-10-01', kind: '08', type: '08', without: '300.00', tax: '39.00', total: '339.00', status: 'N', checkCode: '' },
	{ label: '电子普票, genuine', code: '044002000111', number: '10000001', date: '2024-09-01', kind: '10', type: '10', without: '88.50', tax: '11.50', total: '100.00', status: 'N', checkCode: '12345678901234567890' },
	{ label: '电子普票, partly red-flushed', code: '044002000111', number: '10000002', date: '2024-09-02', kind: '10', type: '10', without: '88.50', tax: '11.50', total: '100.00', status: 'HP', checkCode: '22345678901234567891' },
	{ label: '普票 (paper), voided', code: '044001900104', number: '20000001', date: '2024-08-01', kind: '04', type: '04', without: '45.00', tax: '1.35', total: '46.35', status: 'Y', checkCode: '32345678901234567892' },
	{ label: '卷票, genuine', code: '044001900711', number: '20000002', date: '2024-08-02', kind: '11', type: '11', without: '20.00', tax: '0.60', total: '20.60', status: 'N', checkCode: '42345678901234567893' },
	{ label: '通行费, genuine', code: '044002000112', number: '30000001', date: '2024-07-01', kind: '14', type: '14', without: '97.09', tax: '2.91', total: '100.00', status: 'N', checkCode: '52345678901234567894', toll: true },
	{ label: '数电 铁路电子客票, genuine', number: '24119110000000012345', date: '2024-06-03', kind: '10', type: '83', electronicType: '03', without: '507.34', tax: '45.66', total: '553.00', status: 'N', ticket: 'railway' },
	{ label: '数电 航空行程单, genuine', number: '24449130000000067890', date: '2024-06-01', kind: '10', type: '61', electronicType: '04', without: '1205.96', tax: '104.04', total: '1310.00', status: 'N', ticket: 'air' },
	{ label: '区块链, genuine', code: '144032009110', number: '40000001', date: '2024-06-01', kind: '32', type: '32', without: '285.01', tax: '17.10', total: '302.11', status: 'N', checkCode: '7f2c9a1d3b856ab' },
];

function keyOf(code, number) {
	return code ? `${code}-${number}` : number;
}

/** The China-time (UTC+8) date of a moment, YYYY-MM-DD. */
function chinaDate(ms) {
	return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

function cents(text) {
	if (typeof text !== 'string' || !/^-?\d+(\.\d{1,2})?$/.test(text)) return null;
	return Math.round(Number(text) * 100);
}

/** The ticket records as Tencent sends them for other invoices: every field, empty. */
const EMPTY_TRAIN = Object.fromEntries(
	['BuyerName', 'BuyerTaxCode', 'Number', 'Date', 'TotalCN', 'Tax', 'ServiceType', 'TimeGetOn', 'TrainNumber', 'Code', 'SeatType', 'DateGetOn', 'TrainCabin', 'StationGetOn', 'ElectronicNumber', 'PassengerName', 'PassengerNo', 'Amount', 'StationGetOff', 'TaxRate', 'Seat', 'Total', 'CheckCode', 'StateCode'].map((k) => [k, '']),
);
const EMPTY_AIR = {
	...Object.fromEntries(
		['Code', 'Number', 'Date', 'Amount', 'CheckCode', 'Total', 'DeductionMark', 'StateCode', 'BuyerTaxCode', 'BuyerName', 'Tax', 'DomesticInternationalMark', 'PassengerName', 'PassengerNo', 'ElectronicNumber', 'Fare', 'FuelSurcharge', 'TaxAmount', 'DevelopmentFund'].map((k) => [k, '']),
	),
	ElectronicAirTransportDetails: [],
};

/** The bureau's record of the railway e-ticket (made-up data, as the ticket would print it). */
function trainRecord(inv) {
	return {
		...EMPTY_TRAIN,
		BuyerName: BUYER.name,
		BuyerTaxCode: BUYER.taxId,
		Number: inv.number,
		Date: inv.date,
		TotalCN: '伍佰伍拾叁圆整',
		Tax: inv.tax,
		ServiceType: '1',
		TimeGetOn: '07:00',
		TrainNumber: 'G1',
		SeatType: '二等座',
		DateGetOn: '2024-06-05',
		TrainCabin: '05车',
		StationGetOn: '北京南',
		ElectronicNumber: 'E123456789012345',
		PassengerName: '张三',
		PassengerNo: '1101011990****1234',
		Amount: inv.without,
		StationGetOff: '上海虹桥',
		TaxRate: '9%',
		Seat: '12F号',
		Total: inv.total,
		StateCode: '0',
	};
}

/** The bureau's record of the air itinerary (made-up data). */
function airRecord(inv) {
	return {
		...EMPTY_AIR,
		Number: inv.number,
		Date: inv.date,
		Amount: inv.without,
		Total: inv.total,
		DeductionMark: '',
		StateCode: '0',
		BuyerTaxCode: BUYER.taxId,
		BuyerName: BUYER.name,
		Tax: inv.tax,
		DomesticInternationalMark: '国内',
		PassengerName: '李四',
		PassengerNo: '4403011985****5678',
		ElectronicNumber: '7812345678901',
		ElectronicAirTransportDetails: [
			{ FlightSegment: '1', StationGetOn: '深圳', StationGetOff: '北京', Carrier: '国航', FlightNumber: 'CA1304', SeatLevel: '经济舱', FlightDate: '2024-06-05', DepartureTime: '08:05', FareBasis: 'Y' },
		],
		Fare: '1200.00',
		FuelSurcharge: '60.00',
		TaxAmount: inv.tax,
		DevelopmentFund: '50.00',
	};
}

function answerFor(inv) {
	const ticket = inv.ticket;
	return {
		Invoice: {
			Code: inv.code || '',
			Number: inv.number,
			Date: inv.date.replace(/-/g, ''),
			BuyerName: BUYER.name,
			BuyerTaxCode: BUYER.taxId,
			BuyerAddressPhone: '',
			BuyerBankAccount: '',
			SellerName: SELLER.name,
			SellerTaxCode: SELLER.taxId,
			SellerAddressPhone: '深圳市南山区示例路1号 0755-00000000',
			SellerBankAccount: '',
			Remark: '',
			MachineNo: '',
			Type: inv.type,
			ElectronicType: inv.electronicType || '',
			CheckCode: inv.checkCode || '',
			IsAbandoned: inv.status,
			HasSellerList: 'N',
			SellerListTitle: '',
			SellerListTax: '',
			AmountWithoutTax: inv.without,
			TaxAmount: inv.tax,
			AmountWithTax: inv.total,
			Items: ticket
				? []
				: [{ LineNo: '1', Name: inv.toll ? '*经营租赁*通行费' : '*餐饮服务*餐费', Spec: '', Unit: '', Quantity: '1', UnitPrice: inv.without, AmountWithoutTax: inv.without, TaxRate: '', TaxAmount: inv.tax, TaxClassifyCode: '' }],
			TaxBureau: '广东省',
			TrafficFreeFlag: inv.toll ? 'Y' : 'N',
			RedLetterInvoiceMark: inv.status.startsWith('H'),
			IssuingTypeMark: 1,
			SellerAgentName: '',
			SellerAgentTaxID: '',
		},
		PassInvoiceInfoList: inv.toll ? [{ NumberPlate: '粤B00000', Type: '货车', PassDateBegin: '20240701', PassDateEnd: '20240701', TaxClassifyCode: '' }] : [],
		ElectronicTrainTicket: ticket === 'railway' ? trainRecord(inv) : { ...EMPTY_TRAIN },
		ElectronicAirTransport: ticket === 'air' ? airRecord(inv) : { ...EMPTY_AIR, ElectronicAirTransportDetails: [] },
	};
}

/** What the known invoice needs from the request, or the name of the first parameter that breaks it. */
function mismatchOf(inv, params) {
	if (params.InvoiceKind !== inv.kind) return `InvoiceKind ${params.InvoiceKind} (the invoice is of kind ${inv.kind})`;
	if (params.InvoiceDate !== inv.date) return 'InvoiceDate';
	const digital = inv.number.length === 20;
	if (digital) {
		if (params.InvoiceCode) return 'InvoiceCode (数电 invoices have none)';
		if (cents(params.Amount) !== cents(inv.total)) return 'Amount (数电: the total with tax)';
		return null;
	}
	if (['01', '08', '32'].includes(inv.kind) && cents(params.Amount) !== cents(inv.without)) return 'Amount (the amount without tax)';
	if (['04', '10', '11', '14'].includes(inv.kind) && params.CheckCode !== inv.checkCode.slice(-6)) return 'CheckCode (the last 6 digits)';
	if (inv.kind === '32') {
		if (params.CheckCode !== inv.checkCode.slice(-5)) return 'CheckCode (the last 5 characters)';
		if (params.SellerTaxCode !== SELLER.taxId) return 'SellerTaxCode';
	}
	return null;
}

function createVerifyService(options = {}) {
	const invoices = new Map((options.invoices || KNOWN_INVOICES).map((inv) => [keyOf(inv.code, inv.number), inv]));
	let log = [];
	let counts = new Map();

	function reset() {
		log = [];
		counts = new Map();
	}

	/** @returns {{ ok: object } | { error: { code: string, message: string } }} */
	function decide(params, nowMs) {
		for (const [name, value] of Object.entries(params)) {
			if (!PARAMS[name]) return { error: { code: 'UnknownParameter', message: `The parameter \`${name}\` is not recognized.` } };
			if (typeof value !== PARAMS[name]) return { error: { code: 'InvalidParameter', message: `The parameter \`${name}\` must be of type ${PARAMS[name]}.` } };
		}
		const number = params.InvoiceNo || '';
		if (!/^\d{8}$|^\d{20}$/.test(number)) return { error: { code: 'InvalidParameterValue.TicketSnParameterValueLimit', message: 'InvoiceNo must be 8 or 20 digits.' } };
		if (!/^\d{4}-\d{2}-\d{2}$/.test(params.InvoiceDate || '')) return { error: { code: 'InvalidParameterValue.TicketDateParameterValueLimit', message: 'InvoiceDate must be YYYY-MM-DD.' } };
		if (!KINDS.includes(params.InvoiceKind)) return { error: { code: 'InvalidParameterValue.InvalidParameterValueLimit', message: `InvoiceKind "${params.InvoiceKind}" is not a kind.` } };
		const digital = number.length === 20;
		if (!digital && !/^\d{10}$|^\d{12}$/.test(params.InvoiceCode || '')) return { error: { code: 'InvalidParameterValue.TicketCodeParameterValueLimit', message: 'InvoiceCode must be 10 or 12 digits.' } };
		const today = chinaDate(nowMs);
		if (params.InvoiceDate > today) return { error: { code: 'InvalidParameterValue.TicketDateParameterValueLimit', message: 'InvoiceDate is in the future.' } };
		if (params.InvoiceDate === today && params.EnableTodayInvoice !== true) {
			return { error: { code: 'ResourceNotFound.NotSupportCurrentInvoiceQuery', message: '不支持当日发票查询' } };
		}

		const key = keyOf(digital ? '' : params.InvoiceCode, number);
		const dayKey = `${today}|${key}`;
		const count = (counts.get(dayKey) || 0) + 1;
		counts.set(dayKey, count);
		if (count > DAILY_LIMIT) return { error: { code: 'FailedOperation.CountLimitError', message: '超过该张票当天查验次数 (5)' } };

		const inv = invoices.get(key);
		if (!inv) return { error: { code: 'ResourceNotFound.NoInvoice', message: '查无此票' } };
		const broken = mismatchOf(inv, params);
		if (broken) return { error: { code: 'FailedOperation.InvoiceMismatch', message: `发票数据不一致: ${broken}` } };
		return { ok: answerFor(inv) };
	}

	/** Answers one request and records it. */
	function answer(params, nowMs) {
		const result = decide(params, nowMs);
		log.push({ params: JSON.parse(JSON.stringify(params)), result: result.ok ? `ok:${result.ok.Invoice.IsAbandoned}` : result.error.code });
		return result;
	}

	return { answer, reset, requests: () => log.slice() };
}

module.exports = { createVerifyService, KNOWN_INVOICES, VERIFY_PARAMS: PARAMS, DAILY_LIMIT, SELLER, BUYER, chinaDate };
