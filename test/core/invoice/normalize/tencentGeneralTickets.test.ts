/**
 * RecognizeGeneralInvoice's tickets and receipts → the canonical invoice, field by field. The answers
 * (test/emulator/tickets.js) carry every field of Tencent's model for each SubType; the expected values
 * are read off those answers by hand, the deductible tax worked out by hand from 公告2019年第39号
 * (railway 票价 ÷ 1.09 × 9%, air (票价 + 燃油附加费) ÷ 1.09 × 9%).
 */
import { normalizeInvoice, normalizeInvoices } from '../../../../nodes/core/invoice/normalize';
import { generalTicketAnswer, TICKET_SUBTYPES } from '../../../emulator/tickets';
import { NOTHING } from '../../../helpers/emptyCanonical';


/** The 数电 tickets' 20-digit numbers: with no invoice code, the number alone is the dedup key. */
const RAILWAY_NUMBER = '24119110000000012345';
const AIR_NUMBER = '24449130000000067890';

const NO_TRIP_AMOUNTS = { fuelSurcharge: null, civilAviationFund: null, otherTaxes: null, insurance: null };

describe('RecognizeGeneralInvoice tickets and receipts', () => {
	test('TrainTicket (paper 火车票): the travel date stands for the issue date; deductible tax by rule', () => {
		expect(normalizeInvoice(generalTicketAnswer('TrainTicket'))).toEqual({
			...NOTHING,
			source: 'tencent-general',
			invoiceType: 'railway_ticket',
			invoiceNumber: 'E052481',
			issueDate: '2019-01-08',
			totalAmount: 553,
			trip: {
				passenger: '王五',
				idNumber: '1101011990****1234',
				travelDate: '2019-01-08',
				departureTime: '14:38',
				trainNumber: 'G1',
				flightNumber: null,
				from: '北京南',
				to: '上海虹桥',
				seatClass: '二等座',
				seat: '05车12F号',
				fare: 553,
				...NO_TRIP_AMOUNTS,
				ticketNumber: null,
				// 553 ÷ 1.09 × 0.09 = 45.6605…
				deductibleTax: 45.66,
				deductibleTaxBasis: 'rule',
				segments: [],
			},
			dedupKey: 'E052481',
		});
	});

	test('AirTransport (paper 行程单): 印刷序号 as the number, two segments, fund left out of the deductible tax', () => {
		expect(normalizeInvoice(generalTicketAnswer('AirTransport'))).toEqual({
			...NOTHING,
			source: 'tencent-general',
			invoiceType: 'air_itinerary',
			invoiceTitle: '航空运输电子客票行程单',
			invoiceNumber: '52345678901',
			issueDate: '2019-06-01',
			checkCode: '1234',
			totalAmount: 1310,
			trip: {
				passenger: '李四',
				idNumber: '4403011985****5678',
				travelDate: '2019-06-05',
				departureTime: '08:05',
				trainNumber: null,
				flightNumber: 'CA1304',
				from: '深圳',
				to: '上海',
				seatClass: 'Y',
				seat: null,
				fare: 1200,
				fuelSurcharge: 60,
				civilAviationFund: 50,
				otherTaxes: null,
				insurance: 20,
				ticketNumber: '7812345678901',
				// (1200 + 60) ÷ 1.09 × 0.09 = 104.0366…
				deductibleTax: 104.04,
				deductibleTaxBasis: 'rule',
				segments: [
					{ from: '深圳', to: '北京', carrier: '国航', flightNumber: 'CA1304', seatClass: 'Y', date: '2019-06-05', time: '08:05', fareBasis: 'Y' },
					{ from: '北京', to: '上海', carrier: '东航', flightNumber: 'MU5100', seatClass: 'Y', date: '2019-06-07', time: '19:00', fareBasis: 'YB' },
				],
			},
			dedupKey: '52345678901',
		});
	});

	test('ElectronicTrainTicketFull (数电 铁路电子客票): 票价 is the total, the printed 税额 the deductible tax', () => {
		expect(normalizeInvoice(generalTicketAnswer('ElectronicTrainTicketFull'))).toEqual({
			...NOTHING,
			source: 'tencent-general',
			invoiceType: 'railway_ticket',
			invoiceTitle: '电子发票(铁路电子客票)',
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
				seat: '05车12F号',
				fare: 553,
				...NO_TRIP_AMOUNTS,
				ticketNumber: 'E123456789012345',
				deductibleTax: 45.66,
				deductibleTaxBasis: 'printed',
				segments: [],
			},
			dedupKey: RAILWAY_NUMBER,
		});
	});

	test('ElectronicFlightTicketFull (数电 行程单): seller, printed 增值税税额, FlightItems TerminalGetOn/Off as stations', () => {
		expect(normalizeInvoice(generalTicketAnswer('ElectronicFlightTicketFull'))).toEqual({
			...NOTHING,
			source: 'tencent-general',
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
				travelDate: '2024-06-05',
				departureTime: '08:05',
				trainNumber: null,
				flightNumber: 'CA1304',
				from: '深圳',
				to: '北京',
				seatClass: '经济舱',
				seat: null,
				fare: 1200,
				fuelSurcharge: 60,
				civilAviationFund: 50,
				otherTaxes: 0,
				insurance: 0,
				ticketNumber: '7812345678901',
				deductibleTax: 104.04,
				deductibleTaxBasis: 'printed',
				segments: [{ from: '深圳', to: '北京', carrier: '国航', flightNumber: 'CA1304', seatClass: '经济舱', date: '2024-06-05', time: '08:05', fareBasis: 'Y' }],
			},
			dedupKey: AIR_NUMBER,
		});
	});

	test('TaxiTicket, QuotaInvoice, TollInvoice: receipts with their printed totals, no trip, no VAT checks', () => {
		expect(normalizeInvoice(generalTicketAnswer('TaxiTicket'))).toEqual({
			...NOTHING,
			source: 'tencent-general',
			invoiceType: 'taxi',
			invoiceTitle: '北京市出租汽车专用发票',
			invoiceCode: '111001681009',
			invoiceNumber: '88954122',
			issueDate: '2019-05-20',
			totalAmount: 41,
			dedupKey: '111001681009-88954122',
		});
		expect(normalizeInvoice(generalTicketAnswer('QuotaInvoice'))).toEqual({
			...NOTHING,
			source: 'tencent-general',
			invoiceType: 'quota',
			invoiceTitle: '广东通用定额发票',
			invoiceCode: '144001901511',
			invoiceNumber: '04138864',
			totalAmount: 100,
			totalAmountInWords: '壹佰圆整',
			dedupKey: '144001901511-04138864',
			// A 定额发票 prints no date.
			warnings: ['required fields missing: issueDate'],
		});
		expect(normalizeInvoice(generalTicketAnswer('TollInvoice'))).toEqual({
			...NOTHING,
			source: 'tencent-general',
			invoiceType: 'toll',
			invoiceTitle: '江苏省高速公路通行费发票',
			invoiceCode: '132001990011',
			invoiceNumber: '12345678',
			issueDate: '2019-05-20',
			totalAmount: 25,
			dedupKey: '132001990011-12345678',
		});
	});

	test.each(TICKET_SUBTYPES)('%s: the VAT Invoice OCR node\'s flattened item (SubType spread at the top) reads the same', (subType) => {
		const response = generalTicketAnswer(subType).Response;
		const item = response.MixedInvoiceItems[0];
		const flat = { provider: 'tencent', api: 'RecognizeGeneralInvoice', fileName: 'ticket.jpg', SubType: subType, SubTypeDescription: item.SubTypeDescription, ...item.SingleInvoiceInfos[subType] };
		expect(normalizeInvoices(flat)).toEqual(normalizeInvoices(response));
	});

	test('a ticket that does not add up says so', () => {
		const air = normalizeInvoice(generalTicketAnswer('ElectronicFlightTicketFull', { Total: '1400.00' }));
		expect(air.warnings).toEqual(['trip fare + fuelSurcharge + civilAviationFund + otherTaxes = 1310.00 but totalAmount is 1400.00']);
		const train = normalizeInvoice(generalTicketAnswer('ElectronicTrainTicketFull', { Fare: '550.00', Total: '507.34', Tax: '45.66' }));
		expect(train.warnings).toEqual(['amountWithoutTax + taxAmount = 553.00 but totalAmount is 550.00']);
		const paper = normalizeInvoice(generalTicketAnswer('AirTransport', { Insurance: '40.00', Total: '1350.00' }));
		// 1200 + 60 + 50 + 保险费 40 = 1350: the paper itinerary's insurance counts when that makes the sum agree.
		expect(paper.warnings).toEqual([]);
	});

	test('a red-letter 数电 railway ticket keeps its negative amounts and names the blue ticket', () => {
		const red = normalizeInvoice(
			generalTicketAnswer('ElectronicTrainTicketFull', { Fare: '-553.00', Total: '-507.34', Tax: '-45.66', OriginalNumber: '24119110000000011111' }),
		);
		expect(red).toMatchObject({ isRedLetter: true, originalInvoiceNumber: '24119110000000011111', originalInvoiceCode: null, totalAmount: -553, taxAmount: -45.66 });
		expect(red.trip).toMatchObject({ fare: -553, deductibleTax: -45.66, deductibleTaxBasis: 'printed' });
		expect(red.warnings).toEqual([]);
	});
});
