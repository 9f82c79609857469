/**
 * The trip helpers, the deductible-tax rule (公告2019年第39号: railway 票价 ÷ 1.09 × 9%, air (票价 +
 * 燃油附加费) ÷ 1.09 × 9%, 民航发展基金 left out; expected values worked out by hand), red-letter
 * invoices and 特定业务.
 */
import { normalizeInvoice, toInvoiceRow, toLineItemRows, type CanonicalInvoice } from '../../../../nodes/core/invoice/normalize';
import { originalInvoiceFromRemarks, isRedLetterMark } from '../../../../nodes/core/invoice/normalize/redLetter';
import { specificBusinessKindOf } from '../../../../nodes/core/invoice/normalize/specificBusiness';
import { joinRailwaySeat, parseTime } from '../../../../nodes/core/invoice/normalize/trip';
import { deductibleTax, deductibleTaxByRule } from '../../../../nodes/core/invoice/normalize/tripTax';
import { generalTicketAnswer } from '../../../emulator/tickets';

describe('deductible tax (tripTax.ts)', () => {
	test.each<[string, 'railway' | 'air', number | null, number | null, number | null]>([
		// 553 × 9 / 109 = 45.6605…
		['railway 553.00', 'railway', 553, null, 45.66],
		// 100 × 9 / 109 = 8.2568…
		['railway 100.00', 'railway', 100, null, 8.26],
		// a fuel surcharge on a railway ticket does not exist and is not counted
		['railway ignores fuel', 'railway', 100, 30, 8.26],
		// (1200 + 60) × 9 / 109 = 104.0366…
		['air 1200 + 60', 'air', 1200, 60, 104.04],
		// 1130 × 9 / 109 = 93.3027…
		['air without fuel', 'air', 1130, null, 93.3],
		// a red-letter ticket mirrors its blue one
		['railway -553.00', 'railway', -553, null, -45.66],
		['no fare', 'railway', null, null, null],
		['zero fare', 'air', 0, 0, 0],
	])('%s', (_name, kind, fare, fuel, expected) => {
		expect(deductibleTaxByRule(kind, fare, fuel)).toBe(expected);
	});

	test('the printed 税额 wins over the rule, and says so', () => {
		expect(deductibleTax('railway', 2.72, 48, null)).toEqual({ deductibleTax: 2.72, deductibleTaxBasis: 'printed' });
		expect(deductibleTax('air', 0, 1200, 60)).toEqual({ deductibleTax: 0, deductibleTaxBasis: 'printed' });
		expect(deductibleTax('air', null, 1200, 60)).toEqual({ deductibleTax: 104.04, deductibleTaxBasis: 'rule' });
		expect(deductibleTax('air', null, null, 60)).toEqual({ deductibleTax: null, deductibleTaxBasis: null });
	});

	test('民航发展基金 and insurance never enter the rule', () => {
		const base = normalizeInvoice(generalTicketAnswer('AirTransport'));
		const moreFund = normalizeInvoice(generalTicketAnswer('AirTransport', { AirDevelopmentFund: '90.00', Insurance: '0', Total: '1350.00' }));
		expect(base.trip?.deductibleTax).toBe(104.04);
		expect(moreFund.trip?.deductibleTax).toBe(104.04);
		expect(moreFund.warnings).toEqual([]);
	});
});

describe('times and seats', () => {
	test.each<[unknown, string | null | undefined]>([
		['07:00', '07:00'],
		['7:05', '07:05'],
		['07：00', '07:00'],
		['14时38分', '14:38'],
		['0805', '08:05'],
		['07:00开', '07:00'],
		['2024-06-05 07:00:00', '07:00'],
		['', null],
		[undefined, null],
		['25:00', undefined],
		['morning', undefined],
	])('parseTime(%p)', (input, expected) => {
		expect(parseTime(input)).toBe(expected);
	});

	test.each<[unknown, unknown, string | undefined]>([
		['05', '12F', '05车12F号'],
		['05车', '12F号', '05车12F号'],
		['03车', '01F号', '03车01F号'],
		['', '05车12F号', '05车12F号'],
		['05车', '', '05车'],
		['06车', '无座', '06车无座'],
		['', '', undefined],
	])('joinRailwaySeat(%p, %p)', (carriage, seat, expected) => {
		expect(joinRailwaySeat(carriage, seat)).toBe(expected);
	});

	test('a date or time that is not one is a warning, not a wrong value', () => {
		const inv = normalizeInvoice(generalTicketAnswer('TrainTicket', { TimeGetOn: '下午', DateGetOn: '2019年13月08日' }));
		expect(inv.trip).toMatchObject({ travelDate: null, departureTime: null });
		expect(inv.warnings).toEqual(['issueDate "2019年13月08日" is not a date', 'trip travelDate "2019年13月08日" is not a date', 'trip departureTime "下午" is not a time', 'required fields missing: issueDate']);
	});
});

describe('red-letter invoices', () => {
	test.each<[string, { code: string | null; number: string } | null]>([
		['被红冲蓝字数电发票号码：24442000000012345678 红字发票信息确认单编号：4403012024000123', { code: null, number: '24442000000012345678' }],
		['被红冲蓝字数电发票号码:24442000000012345678', { code: null, number: '24442000000012345678' }],
		['对应正数发票代码:044001900111号码:12345678', { code: '044001900111', number: '12345678' }],
		['对应正数发票代码：4400194130 号码：00123456', { code: '4400194130', number: '00123456' }],
		['对应正数发票代码：4400194130，发票号码：00123456', { code: '4400194130', number: '00123456' }],
		['被红冲蓝字数电发票号码：2444200000001234567 (19 digits)', null],
		['对应正数发票代码:044001900111', null],
		['开具红字增值税专用发票信息表编号4403012019001234', null],
		['对应正*****436', null],
		['餐费', null],
	])('originalInvoiceFromRemarks(%p)', (remarks, expected) => {
		expect(originalInvoiceFromRemarks(remarks)).toEqual(expected);
	});

	test('marks', () => {
		expect([true, 'Y', 1, '1', '是', '红字发票'].map(isRedLetterMark)).toEqual([true, true, true, true, true, true]);
		expect([false, 'N', 0, '', null, undefined, '蓝字'].map(isRedLetterMark)).toEqual([false, false, false, false, false, false, false]);
	});

	test('an old-style red 普票: negative amounts, the blue invoice from 备注, checks that work with negatives', () => {
		const answer = {
			VatInvoiceInfos: [
				{ Name: '发票名称', Value: '广东增值税电子普通发票' },
				{ Name: '发票代码', Value: '044001900111' },
				{ Name: '发票号码', Value: '87654321' },
				{ Name: '开票日期', Value: '2024年03月01日' },
				{ Name: '合计金额', Value: '-100.00' },
				{ Name: '合计税额', Value: '-6.00' },
				{ Name: '小写金额', Value: '¥-106.00' },
				{ Name: '备注', Value: '对应正数发票代码:044001900111号码:12345678' },
			],
			Items: [{ Name: '*餐饮服务*餐费', Quantity: '-1', UnitPrice: '100', AmountWithoutTax: '-100.00', TaxRate: '6%', TaxAmount: '-6.00' }],
		};
		const inv = normalizeInvoice(answer);
		expect(inv).toMatchObject({ isRedLetter: true, originalInvoiceCode: '044001900111', originalInvoiceNumber: '12345678', amountWithoutTax: -100, taxAmount: -6, totalAmount: -106 });
		// Only the fields this answer lacks are missing; the negative sums and the line check agree.
		expect(inv.warnings).toEqual(['required fields missing: buyerName, sellerName, sellerTaxId']);
	});

	test('a red-letter mark on a positive total is a warning', () => {
		const inv = normalizeInvoice({
			api: 'VatInvoiceVerifyNew',
			Invoice: { Number: '25442000000099990001', Date: '2025-03-13', Type: '10', IsAbandoned: 'N', RedLetterInvoiceMark: true, AmountWithoutTax: '50.00', TaxAmount: '3.00', AmountWithTax: '53.00', SellerName: '深圳市示例餐饮管理有限公司' },
		});
		expect(inv.isRedLetter).toBe(true);
		expect(inv.warnings).toContain('the invoice is red-letter (红字) but totalAmount is positive (53.00)');
	});
});

describe('特定业务', () => {
	test.each([
		['旅客运输服务', 'passenger_transport'],
		['货物运输服务', 'freight_transport'],
		['建筑服务', 'construction'],
		['不动产经营租赁服务', 'real_estate_lease'],
		['不动产销售', 'real_estate_sale'],
		['成品油', 'other'],
	])('%s → %s', (text, kind) => {
		expect(specificBusinessKindOf(text)).toBe(kind);
	});

	function passengerInvoice(): CanonicalInvoice {
		const response = generalTicketAnswer('ElectronicTrainTicketFull').Response;
		const item = response.MixedInvoiceItems[0];
		item.SubType = 'VatElectronicInvoiceFull';
		item.SingleInvoiceInfos.ElectronicTrainTicketFull = null;
		item.SingleInvoiceInfos.VatElectronicInvoiceFull = {
			Title: '电子发票(普通发票)',
			Number: '24442000000012345678',
			Date: '2024年06月10日',
			PretaxAmount: '183.49',
			Tax: '16.51',
			Total: '200.00',
			TotalCn: '贰佰圆整',
			Seller: '深圳示例客运有限公司',
			SellerTaxID: '91440300MA5FXT4K24',
			Buyer: '北京示例科技有限公司',
			BuyerTaxID: '91110108MA01ABCD1E',
			Issuer: '王五',
			Remark: '',
			SubTotal: '',
			SubTax: '',
			ServiceTypeLabel: '旅客运输服务',
			TotalCnMark: '⊗',
			TotalMark: '¥',
			PretaxAmountMark: '¥',
			TaxMark: '¥',
			CompanySealMark: 1,
			InvoicePageIndex: '',
			VatElectronicItems: [
				{ Name: '*运输服务*客运服务费', Quantity: '', Specification: '', Price: '', Total: '183.49', TaxRate: '9%', Tax: '16.51', Unit: '', VehicleType: '汽车', VehicleBrand: '', DeparturePlace: '深圳', ArrivalPlace: '广州', TransportItemsName: '', PlaceOfBuildingService: '', BuildingName: '', EstateNumber: '', AreaUnit: '', Traveler: '张三', TravelerID: '1101011990****1234', TravelDate: '2024-06-09', TravelLevel: '无' },
			],
		};
		return normalizeInvoice({ Response: response });
	}

	test('VatElectronicInfo: ServiceTypeLabel and the items\' 旅客运输 cells with the model\'s labels', () => {
		const inv = passengerInvoice();
		expect(inv.invoiceType).toBe('digital_common');
		expect(inv.specificBusiness).toEqual({
			kind: 'passenger_transport',
			kindText: '旅客运输服务',
			fields: {},
			rows: [{ 运输工具类型: '汽车', 起始地: '深圳', 到达地: '广州', 出行人: '张三', 有效身份证件号: '1101011990****1234', 出行日期: '2024-06-09', 等级: '无' }],
		});
		expect(inv.trip).toBeNull();
		expect(inv.warnings).toEqual([]);
	});

	test('VatInvoiceOCR items: 建筑服务 cells make a construction block; no cells, no block', () => {
		const infos = [
			{ Name: '发票代码', Value: '4400194130' },
			{ Name: '发票号码', Value: '00123456' },
			{ Name: '开票日期', Value: '2024年11月05日' },
			{ Name: '小写金额', Value: '¥1090.00' },
		];
		const item = { Name: '*建筑服务*工程服务', AmountWithoutTax: '1000.00', TaxRate: '9%', TaxAmount: '90.00', VehicleType: '', VehicleBrand: '', DeparturePlace: '', ArrivalPlace: '', TransportItemsName: '', ConstructionPlace: '广东省深圳市南山区', ConstructionName: '示例大厦装修工程' };
		expect(normalizeInvoice({ VatInvoiceInfos: infos, Items: [item] }).specificBusiness).toEqual({
			kind: 'construction',
			kindText: null,
			fields: {},
			rows: [{ 建筑服务发生地: '广东省深圳市南山区', 建筑项目名称: '示例大厦装修工程' }],
		});
		const plain = { ...item, ConstructionPlace: '', ConstructionName: '' };
		expect(normalizeInvoice({ VatInvoiceInfos: infos, Items: [plain] }).specificBusiness).toBeNull();
		const freight = { ...plain, VehicleType: '货车', VehicleBrand: '粤B12345', DeparturePlace: '深圳', ArrivalPlace: '广州', TransportItemsName: '电子元件' };
		expect(normalizeInvoice({ VatInvoiceInfos: infos, Items: [freight] }).specificBusiness).toMatchObject({ kind: 'freight_transport', rows: [{ 运输工具类型: '货车', 运输工具牌号: '粤B12345', 起始地: '深圳', 到达地: '广州', 运输货物名称: '电子元件' }] });
	});

	test('an ordinary 数电 invoice has none', () => {
		const response = generalTicketAnswer('ElectronicTrainTicketFull').Response;
		const item = response.MixedInvoiceItems[0];
		item.SubType = 'VatElectronicInvoiceFull';
		item.SingleInvoiceInfos.VatElectronicInvoiceFull = { Number: '24442000000012345678', Total: '1.00', ServiceTypeLabel: '', VatElectronicItems: [{ Name: '*餐饮服务*餐费', Total: '1.00', VehicleType: '', Traveler: '' }] };
		expect(normalizeInvoice({ Response: response }).specificBusiness).toBeNull();
	});

	test('rows for sheets: sb_ columns in English, 特定业务_ in Chinese; the nested block in English invoice rows', () => {
		const inv = passengerInvoice();
		const [row] = toLineItemRows(inv);
		expect(row).toMatchObject({ specificBusinessKind: 'passenger_transport', sb_1_出行人: '张三', sb_1_起始地: '深圳', sb_1_到达地: '广州', tripPassenger: null, lineNo: 1 });
		const [chinese] = toLineItemRows(inv, { columnNames: 'chinese' });
		expect(chinese).toMatchObject({ 特定业务: '旅客运输服务', 特定业务_1_出行人: '张三', '乘车人/旅客': null });
		const english = toInvoiceRow(inv);
		expect(english.specificBusiness).toEqual(inv.specificBusiness);
		expect(english.specificBusiness).not.toBe(inv.specificBusiness);
	});
});

describe('trip rows', () => {
	test('line-item rows carry the trip as trip<Field> columns; invoice rows nest a copy', () => {
		const inv = normalizeInvoice(generalTicketAnswer('AirTransport'));
		const [row] = toLineItemRows(inv);
		expect(row).toMatchObject({
			tripPassenger: '李四',
			tripIdNumber: '4403011985****5678',
			tripTravelDate: '2019-06-05',
			tripDepartureTime: '08:05',
			tripTrainNumber: null,
			tripFlightNumber: 'CA1304',
			tripFrom: '深圳',
			tripTo: '上海',
			tripSeatClass: 'Y',
			tripSeat: null,
			tripFare: 1200,
			tripFuelSurcharge: 60,
			tripCivilAviationFund: 50,
			tripOtherTaxes: null,
			tripInsurance: 20,
			tripTicketNumber: '7812345678901',
			tripDeductibleTax: 104.04,
			tripDeductibleTaxBasis: 'rule',
			specificBusinessKind: null,
			lineNo: null,
		});
		expect(Object.values(row).some((v) => typeof v === 'object' && v !== null && !Array.isArray(v))).toBe(false);
		const invoiceRow = toInvoiceRow(inv);
		expect(invoiceRow.trip).toEqual(inv.trip);
		expect(invoiceRow.trip).not.toBe(inv.trip);
		expect((invoiceRow.trip as { segments: unknown[] }).segments[0]).not.toBe(inv.trip?.segments[0]);
	});
});
