/**
 * VerifyOfdVatInvoiceOCR answers for the two ticket types (Type 030 铁路电子客票, 040 航空运输电子客票行程单):
 * Tencent leaves the VAT fields at the top empty and puts the ticket in RailwayTicketInfo / AirTicketInfo
 * (field names from Tencent's API model, as in nodes/core/read/common/fields.ts). The answers are made up (no sample
 * of either ticket is published); the tax ids carry correct GB 32100 check characters.
 */
import { normalizeInvoice } from '../../../../nodes/core/invoice/normalize';
import {
	emptyAirTicketInfo,
	emptyAirTicketSegment,
	emptyRailwayTicketInfo,
	emptyTencentFields,
	type AirTicketInfo,
	type RailwayTicketInfo,
	type VerifyOfdVatInvoiceOcrFields,
} from '../../../../nodes/core/read/common/fields';
import { NOTHING } from '../../../helpers/emptyCanonical';

/** A VerifyOfdVatInvoiceOCR answer whose VAT fields are all empty, as Tencent returns them for tickets. */
function emptyAnswer(type: string): VerifyOfdVatInvoiceOcrFields {
	return { ...emptyTencentFields(), Type: type };
}

const RAILWAY: RailwayTicketInfo = {
	...emptyRailwayTicketInfo(),
	TypeOfVoucher: '电子发票（铁路电子客票）',
	ElectronicTicketNum: 'E123456789012345',
	DateOfIssue: '2024年06月03日',
	TypeOfBusiness: '售',
	DepartureStation: '北京南',
	PhonicsOfDepartureStation: 'Beijingnan',
	DestinationStation: '上海虹桥',
	PhonicsOfDestinationStation: 'Shanghaihongqiao',
	TrainNumber: 'G1',
	TravelDate: '2024年06月05日',
	DepartureTime: '07:00',
	SeatLevel: '二等座',
	Carriage: '05',
	Seat: '12F',
	Fare: '￥553.00',
	ElectronicInvoiceRailwayETicketNumber: '24119110000000012345',
	IdNumber: '1101011990****1234',
	Name: '张三',
	TotalAmountExcludingTax: '507.34',
	TaxRate: '9%',
	TaxAmount: '45.66',
	NameOfPurchaser: '北京示例科技有限公司',
	UnifiedSocialCreditCodeOfPurchaser: '91110108MA01ABCD1E',
};

const AIR: AirTicketInfo = {
	...emptyAirTicketInfo(),
	PassengerName: '李四',
	ValidIdNumber: '4403011985****5678',
	ElectronicInvoiceAirTransportReceiptNumber: '24449130000000067890',
	Fare: '1200.00',
	FuelSurcharge: '60.00',
	VatRate: '9%',
	VatTaxAmount: '104.04',
	CivilAviationDevelopmentFund: '50.00',
	OtherTaxes: '0.00',
	TotalAmount: '1310.00',
	ElectronicTicketNum: '7812345678901',
	DetailInformationOfAirTicketTuple: [
		{ ...emptyAirTicketSegment(), DepartureStation: '深圳', DestinationStation: '北京', Carrier: '国航', Flight: 'CA1304', SeatClass: '经济舱', CarrierDate: '2024-06-05', DepartureTime: '08:05', FareBasis: 'Y' },
		{ ...emptyAirTicketSegment(), DepartureStation: '北京', DestinationStation: '上海', Carrier: '东航', Flight: 'MU5100', SeatClass: '经济舱', CarrierDate: '2024-06-07', DepartureTime: '19:00', FareBasis: 'YB' },
	],
	VerificationCode: '1234',
	IssueParty: '深圳示例航空服务有限公司',
	IssueDate: '2024-06-01',
	IssuingStatus: '正常',
	MarkingOfDomesticOrInternational: '国内',
	NameOfPurchaser: '深圳示例贸易有限公司',
	NameOfSeller: '深圳示例航空服务有限公司',
	UnifiedSocialCreditCodeOfPurchaser: '91440300MA5FXT4K24',
};


const asResponse = (answer: VerifyOfdVatInvoiceOcrFields) => ({ Response: { ...answer, RequestId: 'ofd-ticket-1' } });

describe('VerifyOfdVatInvoiceOCR railway e-ticket (Type 030)', () => {
	test('RailwayTicketInfo fills the canonical invoice, field by field', () => {
		const invoice = normalizeInvoice(asResponse({ ...emptyAnswer('030'), RailwayTicketInfo: RAILWAY }));
		expect(invoice).toEqual({
			...NOTHING,
			source: 'tencent-ofd',
			invoiceType: 'railway_ticket',
			invoiceTitle: '电子发票（铁路电子客票）',
			invoiceNumber: '24119110000000012345',
			issueDate: '2024-06-03',
			buyerName: '北京示例科技有限公司',
			buyerTaxId: '91110108MA01ABCD1E',
			amountWithoutTax: 507.34,
			taxAmount: 45.66,
			totalAmount: 553,
			trip: {
				passenger: '张三',
				idNumber: '1101011990****1234',
				travelDate: '2024-06-05',
				departureTime: '07:00',
				trainNumber: 'G1',
				flightNumber: null,
				from: '北京南',
				to: '上海虹桥',
				seatClass: '二等座',
				// 车厢 05 and 座位 12F, as the ticket prints them together.
				seat: '05车12F号',
				fare: 553,
				fuelSurcharge: null,
				civilAviationFund: null,
				otherTaxes: null,
				insurance: null,
				ticketNumber: 'E123456789012345',
				// The 税额 the ticket prints.
				deductibleTax: 45.66,
				deductibleTaxBasis: 'printed',
				segments: [],
			},
			// No invoice code: the number alone is the key.
			dedupKey: RAILWAY.ElectronicInvoiceRailwayETicketNumber,
		});
	});

	test('the VAT fields at the top win over the ticket when Tencent fills both', () => {
		const answer = { ...emptyAnswer('030'), InvoiceNumber: '24119110000000099999', RailwayTicketInfo: RAILWAY };
		const invoice = normalizeInvoice(asResponse(answer));
		expect(invoice.invoiceNumber).toBe('24119110000000099999');
		expect(invoice.totalAmount).toBe(553);
	});

	test('the ticket is read only for Type 030: the same RailwayTicketInfo under Type 026 is ignored', () => {
		const invoice = normalizeInvoice(asResponse({ ...emptyAnswer('026'), RailwayTicketInfo: RAILWAY }));
		expect(invoice.invoiceType).toBe('vat_electronic_common');
		expect(invoice.invoiceNumber).toBeNull();
		expect(invoice.totalAmount).toBeNull();
	});
});

describe('VerifyOfdVatInvoiceOCR air itinerary (Type 040)', () => {
	test('AirTicketInfo fills the canonical invoice, field by field', () => {
		const invoice = normalizeInvoice(asResponse({ ...emptyAnswer('040'), AirTicketInfo: AIR }));
		expect(invoice).toEqual({
			...NOTHING,
			source: 'tencent-ofd',
			invoiceType: 'air_itinerary',
			invoiceNumber: '24449130000000067890',
			issueDate: '2024-06-01',
			buyerName: '深圳示例贸易有限公司',
			buyerTaxId: '91440300MA5FXT4K24',
			sellerName: '深圳示例航空服务有限公司',
			taxAmount: 104.04,
			totalAmount: 1310,
			trip: {
				passenger: '李四',
				idNumber: '4403011985****5678',
				// The first segment's date, time, flight, origin and class; the last segment's destination.
				travelDate: '2024-06-05',
				departureTime: '08:05',
				trainNumber: null,
				flightNumber: 'CA1304',
				from: '深圳',
				to: '上海',
				seatClass: '经济舱',
				seat: null,
				fare: 1200,
				fuelSurcharge: 60,
				civilAviationFund: 50,
				otherTaxes: 0,
				insurance: null,
				ticketNumber: '7812345678901',
				deductibleTax: 104.04,
				deductibleTaxBasis: 'printed',
				segments: [
					{ from: '深圳', to: '北京', carrier: '国航', flightNumber: 'CA1304', seatClass: '经济舱', date: '2024-06-05', time: '08:05', fareBasis: 'Y' },
					{ from: '北京', to: '上海', carrier: '东航', flightNumber: 'MU5100', seatClass: '经济舱', date: '2024-06-07', time: '19:00', fareBasis: 'YB' },
				],
			},
			dedupKey: AIR.ElectronicInvoiceAirTransportReceiptNumber,
		});
	});

	test('the ticket is read only for Type 040: the same AirTicketInfo under Type 030 is ignored', () => {
		const invoice = normalizeInvoice(asResponse({ ...emptyAnswer('030'), AirTicketInfo: AIR }));
		expect(invoice.invoiceType).toBe('railway_ticket');
		expect(invoice.invoiceNumber).toBeNull();
		expect(invoice.sellerName).toBeNull();
	});
});

describe('the local readers in the same shape', () => {
	test('a railway e-ticket the reader knows by its layout before its Type code; 原发票号码 kept', () => {
		const invoice = normalizeInvoice({
			...emptyAnswer(''),
			Layout: 'railway',
			FileFormat: 'pdf',
			RailwayTicketInfo: { ...RAILWAY, TypeOfBusiness: '退', NumberOfOriginalInvoice: '24119110000000011111' },
		});
		expect(invoice).toMatchObject({
			source: 'pdf-local',
			invoiceType: 'railway_ticket',
			originalInvoiceNumber: '24119110000000011111',
			// A 退 ticket that names its original is not red-letter by itself (the 退票费 ticket is blue).
			isRedLetter: false,
			trip: { trainNumber: 'G1', seat: '05车12F号', fare: 553, deductibleTax: 45.66, deductibleTaxBasis: 'printed' },
		});
	});

	test('IsRedLetter, OriginalInvoiceNumber/Code and SpecificBusiness beside Tencent\'s names', () => {
		const invoice = normalizeInvoice({
			...emptyAnswer('010'),
			FileFormat: 'xml',
			InvoiceNumber: '24442000000012349999',
			IssueDate: '2024-06-10',
			TaxInclusiveTotalAmount: '-200.00',
			IsRedLetter: true,
			OriginalInvoiceNumber: '24442000000012345678',
			SpecificBusiness: { KindText: '旅客运输服务', Fields: {}, Rows: [{ 出行人: '张三', 出行日期: '2024-06-09', 出发地: '深圳', 到达地: '广州', 等级: '无', 交通工具类型: '汽车' }] },
		});
		expect(invoice).toMatchObject({
			source: 'xml-local',
			invoiceType: 'digital_common',
			isRedLetter: true,
			originalInvoiceNumber: '24442000000012345678',
			originalInvoiceCode: null,
			totalAmount: -200,
			trip: null,
			specificBusiness: {
				kind: 'passenger_transport',
				kindText: '旅客运输服务',
				fields: {},
				rows: [{ 出行人: '张三', 出行日期: '2024-06-09', 出发地: '深圳', 到达地: '广州', 等级: '无', 交通工具类型: '汽车' }],
			},
		});
	});
});
