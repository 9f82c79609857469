'use strict';
/*
 * RecognizeGeneralInvoice answers for the tickets and receipts (SubType TrainTicket, AirTransport,
 * ElectronicTrainTicketFull, ElectronicFlightTicketFull, TaxiTicket, QuotaInvoice, TollInvoice), for
 * fixture rules of the emulator (`fixtures: [{ sha256, api: 'tencent:RecognizeGeneralInvoice',
 * response: generalTicketAnswer('TrainTicket') }]`) and for the normalize tests.
 *
 * Field names and value kinds: Tencent's model (tencentcloud-sdk-nodejs-ocr 4.1.232, ocr_models.d.ts:
 * TrainTicket, AirTransport + FlightItem, ElectronicTrainTicketFull, ElectronicFlightTicketFull +
 * FlightItemInfo, TaxiTicket, QuotaInvoice, TollInvoice), every field of each. Tencent publishes no
 * example answer for these subtypes, so the values are made up, printed as the tickets print them.
 * The envelope (every SingleInvoiceInfos key present, the others null) is Tencent's documented
 * example (test/fixtures/tencent/RecognizeGeneralInvoice.response.json).
 */
const fs = require('node:fs');
const path = require('node:path');

const EXAMPLE = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', 'tencent', 'RecognizeGeneralInvoice.response.json'), 'utf8'));

const TICKETS = {
	TrainTicket: {
		type: 2,
		typeDescription: '火车票',
		subTypeDescription: '火车票',
		info: {
			Title: '',
			Number: 'E052481',
			DateGetOn: '2019年01月08日',
			TimeGetOn: '14:38',
			Name: '王五',
			StationGetOn: '北京南',
			StationGetOff: '上海虹桥',
			Seat: '二等座',
			Total: '￥553.0元',
			Kind: '交通',
			SerialNumber: '65543100610718E052481',
			UserID: '1101011990****1234',
			GateNumber: '检票:14B',
			TrainNumber: 'G1',
			HandlingFee: '',
			OriginalFare: '',
			TotalCn: '',
			SeatNumber: '05车12F号',
			PickUpAddress: '北京南售',
			TicketChange: '',
			AdditionalFare: '',
			ReceiptNumber: '',
			QRCodeMark: 1,
			ReimburseOnlyMark: 1,
			RefundMark: 0,
			TicketChangeMark: 0,
		},
	},
	AirTransport: {
		type: 5,
		typeDescription: '机票行程单',
		subTypeDescription: '机票行程单',
		info: {
			Title: '航空运输电子客票行程单',
			Number: '7812345678901',
			CheckCode: '1234',
			SerialNumber: '52345678901',
			Date: '2019-06-01',
			AgentCode: 'SZX12345',
			AgentCodeFirst: 'SZX',
			AgentCodeSecond: '12345',
			UserName: '李四',
			UserID: '4403011985****5678',
			Issuer: '深圳示例航空服务有限公司',
			Fare: '1200.00',
			Tax: '110.00',
			FuelSurcharge: '60.00',
			AirDevelopmentFund: '50.00',
			Insurance: '20.00',
			Total: '1310.00',
			Kind: '交通',
			DomesticInternationalTag: '国内',
			DateStart: '',
			DateEnd: '',
			Endorsement: '不得签转',
			QRCodeMark: 0,
			FlightItems: [
				{ TerminalGetOn: 'T3', TerminalGetOff: 'T3', Carrier: '国航', FlightNumber: 'CA1304', Seat: 'Y', DateGetOn: '2019-06-05', TimeGetOn: '08:05', StationGetOn: '深圳', StationGetOff: '北京', Allow: '20K', FareBasis: 'Y' },
				{ TerminalGetOn: 'T3', TerminalGetOff: 'T2', Carrier: '东航', FlightNumber: 'MU5100', Seat: 'Y', DateGetOn: '2019-06-07', TimeGetOn: '19:00', StationGetOn: '北京', StationGetOff: '上海', Allow: '20K', FareBasis: 'YB' },
			],
			PromptInformation: '',
			BuyerTaxID: '',
			Buyer: '',
			ReceiptNumber: '',
			InvoiceStatus: '',
			TaxRate: '',
			TaxAmount: '',
		},
	},
	ElectronicTrainTicketFull: {
		type: 16,
		typeDescription: '全电发票',
		subTypeDescription: '电子发票(铁路电子客票)',
		info: {
			TypeOfVoucher: '电子发票(铁路电子客票)',
			ElectronicTicketNum: 'E123456789012345',
			Date: '2024年06月03日',
			StationGetOn: '北京南',
			StationGetOff: '上海虹桥',
			TrainNumber: 'G1',
			DateGetOn: '2024年06月05日',
			TimeGetOn: '07:00',
			Seat: '二等座',
			SeatNumber: '05车12F号',
			Fare: '￥553.00',
			Number: '24119110000000012345',
			UserID: '1101011990****1234',
			UserName: '张三',
			Total: '507.34',
			TaxRate: '9%',
			Tax: '45.66',
			Buyer: '北京示例科技有限公司',
			BuyerTaxID: '91110108MA01ABCD1E',
			OriginalNumber: '',
			IDInfo: '',
		},
	},
	ElectronicFlightTicketFull: {
		type: 16,
		typeDescription: '全电发票',
		subTypeDescription: '电子发票(航空运输电子客票行程单)',
		info: {
			UserName: '李四',
			UserID: '4403011985****5678',
			Endorsement: '不得签转',
			GPOrder: '',
			Number: '24449130000000067890',
			Fare: '1200.00',
			FuelSurcharge: '60.00',
			TaxRate: '9%',
			Tax: '104.04',
			DevelopmentFund: '50.00',
			OtherTax: '0.00',
			Total: '1310.00',
			ElectronicTicketNum: '7812345678901',
			VerificationCode: '1234',
			PromptInformation: '',
			Insurance: '0.00',
			Issuer: '深圳示例航空服务有限公司',
			Date: '2024年06月01日',
			DomesticInternationalTag: '国内',
			Buyer: '深圳示例贸易有限公司',
			Seller: '深圳示例航空服务有限公司',
			BuyerTaxID: '91440300MA5FXT4K24',
			FlightItems: [
				{ TerminalGetOn: '深圳', TerminalGetOff: '北京', Carrier: '国航', FlightNumber: 'CA1304', Seat: '经济舱', DateGetOn: '2024-06-05', TimeGetOn: '08:05', FareBasis: 'Y', Allow: '20K', DateStart: '', DateEnd: '' },
			],
			InvoiceStatus: '正常',
		},
	},
	TaxiTicket: {
		type: 0,
		typeDescription: '出租车发票',
		subTypeDescription: '出租车发票',
		info: {
			Title: '北京市出租汽车专用发票',
			QRCodeMark: 0,
			Code: '111001681009',
			Number: '88954122',
			Date: '2019-05-20',
			TimeGetOn: '08:29',
			TimeGetOff: '08:51',
			Price: '2.30',
			Mileage: '12.6',
			Total: '￥41.00',
			Place: '北京',
			Province: '北京市',
			City: '北京市',
			Kind: '交通',
			LicensePlate: '京B12345',
			FuelFee: '',
			BookingCallFee: '',
			CompanySealMark: 0,
		},
	},
	QuotaInvoice: {
		type: 1,
		typeDescription: '定额发票',
		subTypeDescription: '定额发票',
		info: {
			Title: '广东通用定额发票',
			Code: '144001901511',
			Number: '04138864',
			Total: '100',
			TotalCn: '壹佰圆整',
			Kind: '其他',
			Province: '广东省',
			City: '广州市',
			QRCodeMark: 0,
			CompanySealMark: 1,
		},
	},
	TollInvoice: {
		type: 13,
		typeDescription: '过路过桥费发票',
		subTypeDescription: '过路过桥费发票',
		info: {
			Title: '江苏省高速公路通行费发票',
			Code: '132001990011',
			Number: '12345678',
			Total: '25.00',
			Kind: '交通',
			Date: '2019-05-20',
			Time: '10:31',
			Entrance: '南京',
			Exit: '苏州',
			HighwayMark: 1,
			QRCodeMark: 0,
		},
	},
};

const TICKET_SUBTYPES = Object.keys(TICKETS);

/** A whole RecognizeGeneralInvoice Response holding one ticket of `subType` (with `changes` on its fields). */
function generalTicketAnswer(subType, changes = {}) {
	const ticket = TICKETS[subType];
	if (!ticket) throw new Error(`no ticket answer for ${subType}`);
	const example = JSON.parse(JSON.stringify(EXAMPLE.Response));
	const item = example.MixedInvoiceItems[0];
	const infos = {};
	for (const key of Object.keys(item.SingleInvoiceInfos)) infos[key] = null;
	infos[subType] = { ...JSON.parse(JSON.stringify(ticket.info)), ...changes };
	example.MixedInvoiceItems = [
		{ ...item, Type: ticket.type, SubType: subType, TypeDescription: ticket.typeDescription, SubTypeDescription: ticket.subTypeDescription, SingleInvoiceInfos: infos },
	];
	example.RequestId = `ticket-${subType}`;
	return { Response: example };
}

module.exports = { generalTicketAnswer, TICKET_SUBTYPES };
