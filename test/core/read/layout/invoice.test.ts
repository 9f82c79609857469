import { buildRows, readLayoutInvoice, type PositionedText } from '../../../../nodes/core/read/layout';
import { shuffled, t } from '../../../helpers/positioned';

// Synthetic pages, small and explicit, in millimetres from the top-left corner: the older VAT e-invoice (buyer
// above seller, 密码区, check code in groups of five), the 数电 invoice (parties side by side), a toll invoice,
// a 销货清单 over two pages. Each is also read in another stream order: pairing is by position only.

function olderInvoice(): PositionedText[] {
	return [
		t('上海增值税电子普通发票', 60, 8, 7),
		// Values are drawn before their labels here, as some OFD producers do.
		t('031001900511', 164, 10),
		t('发票代码：', 148, 10),
		t('04875996', 164, 15),
		t('发票号码:', 148, 15),
		t('开票日期:', 148, 20),
		t('2020年04月20日', 164, 20),
		t('机器编号:', 5, 25),
		t('661933656579', 22, 25),
		t('校 验 码 ：', 148, 25),
		t('77669 85689 07178 02165', 164, 25),
		t('名        称:', 13, 32),
		t('上海浪潮云计算服务有限公司', 36, 32),
		t('密', 120, 32),
		t('03+1068>/7<3172-5>7<-<-5078<', 130, 32),
		t('纳税人识别号:', 13, 37),
		t('91310108342080987A', 36, 37),
		t('码', 120, 37),
		t('1>013->29<+/327*244*7+27972<', 130, 37),
		t('地 址、电 话:', 13, 42),
		t('区', 120, 42),
		t('开户行及账号:', 13, 47),
		t('货物或应税劳务、服务名称', 10, 53),
		t('规格型号', 63, 53),
		t('单位', 85, 53),
		t('数 量', 100, 53),
		t('单 价', 120, 53),
		t('金 额', 144, 53),
		t('税率', 167, 53),
		t('税 额', 185, 53),
		// A line whose name wraps onto a second line, then its discount row (negative amount and tax).
		t('*其他食品*良品铺子臭豆腐休闲零', 5, 57),
		t('3', 104, 57),
		t('16.72566372', 115, 57),
		t('50.18', 150, 57),
		t('13%', 168, 57),
		t('6.52', 196, 57),
		t('食黑色油炸豆腐干', 5, 61),
		t('*其他食品*良品铺子臭豆腐休闲零', 5, 65),
		t('-2.92', 150, 65),
		t('13%', 168, 65),
		t('-0.38', 195, 65),
		t('食黑色油炸豆腐干', 5, 69),
		t('合    计', 22, 92),
		t('¥ 47.26', 150, 92),
		t('¥6.14', 194, 92),
		t('价税合计（大写）', 17, 98),
		t('ⓧ 伍拾叁圆肆角', 62, 98),
		t('（ 小 写 ）', 150, 98),
		t('¥53.40', 172, 98),
		t('名        称:', 13, 105),
		t('天津京东达业贸易有限公司', 36, 105),
		t('备', 120, 105),
		t('订单号:100068586537', 126, 105),
		t('纳税人识别号:', 13, 110),
		t('91120110MA06J3WLX8', 36, 110),
		t('地 址、电 话:', 13, 115),
		t('天津市东丽区华丰路6号 022-26629111', 36, 115),
		t('注', 120, 118),
		t('开户行及账号:', 13, 120),
		t('中国银行天津滨海支行 280487613780', 36, 120),
		t('收款人:', 7, 126),
		t('王陆', 20, 126),
		t('复核:', 63, 126),
		t('李思', 73, 126),
		t('开票人:', 105, 126),
		t('王梅', 118, 126),
		t('销售方:(章)', 150, 126),
	];
}

function digitalInvoice(): PositionedText[] {
	return [
		t('成品油', 38, 6),
		t('电子发票（普通发票）', 70, 9, 7),
		t('26427000000145891963', 167, 11),
		t('发票号码：', 150, 11),
		t('开票日期：', 150, 17),
		t('2026年01月08日', 167, 17),
		t('购', 6, 33),
		t('安徽燕之坊食品有限公司', 20, 33),
		t('名称：', 11, 33),
		t('销', 106, 33),
		t('名称：', 111, 33),
		t('中国石化销售股份有限公司湖北武汉石油分公司', 120, 33, 2.5),
		t('买', 6, 37),
		t('售', 106, 37),
		t('信', 6, 44),
		t('统一社会信用代码/纳税人识别号：', 11, 44, 2.8),
		t('91340100728526312J', 58, 44, 2.8),
		t('信', 106, 44),
		t('统一社会信用代码/纳税人识别号：', 111, 44, 2.8),
		t('914201006791228986', 158, 44, 2.8),
		t('项目名称', 16, 54),
		t('规格型号', 41, 54),
		t('单 位', 67, 54),
		t('数 量', 93, 54),
		t('单 价', 118, 54),
		t('金 额', 143, 54),
		t('税率/征收率', 160, 54),
		t('税 额', 194, 54),
		t('*乙醇汽油*92号车用乙醇', 4, 58),
		t('92号', 43, 58),
		t('升', 71, 58),
		t('27.70780856', 86, 58),
		t('7.02653909', 112, 58),
		t('194.69', 143, 58),
		t('13%', 166, 58),
		t('25.31', 197, 58),
		t('汽油(E10)(VIB)', 4, 63),
		t('合      计', 20, 94),
		t('¥194.69', 143, 94),
		t('¥25.31', 196, 94),
		t('价税合计（大写）', 17, 100),
		t('贰佰贰拾圆整', 61, 100),
		t('（小写）', 142, 100),
		t('¥220.00', 156, 100),
		t('收款人：熊静;', 11, 106),
		t('复核人：谌皋;', 38, 106),
		t('备', 6, 110),
		t('注', 6, 117),
		t('陈钢', 33, 131),
		t('开票人：', 20, 131),
	];
}

describe.each([
	['in drawing order', (items: PositionedText[]) => items],
	['in another stream order', shuffled],
])('older VAT e-invoice layout, %s', (_, order) => {
	const invoice = readLayoutInvoice([order(olderInvoice())]);

	test('header: code, number, date, machine, check code joined from groups of five, title and type', () => {
		expect(invoice.Layout).toBe('vat-electronic');
		expect(invoice.InvoiceTitle).toBe('上海增值税电子普通发票');
		expect(invoice.Type).toBe('026');
		expect(invoice.InvoiceCode).toBe('031001900511');
		expect(invoice.InvoiceNumber).toBe('04875996');
		expect(invoice.IssueDate).toBe('2020年04月20日');
		expect(invoice.MachineNumber).toBe('661933656579');
		expect(invoice.InvoiceCheckCode).toBe('77669856890717802165');
	});

	test('buyer above, seller below; the 密码区 is not part of the buyer', () => {
		expect(invoice.Buyer).toEqual({ Name: '上海浪潮云计算服务有限公司', TaxId: '91310108342080987A', AddrTel: '', FinancialAccount: '' });
		expect(invoice.Seller).toEqual({
			Name: '天津京东达业贸易有限公司',
			TaxId: '91120110MA06J3WLX8',
			AddrTel: '天津市东丽区华丰路6号 022-26629111',
			FinancialAccount: '中国银行天津滨海支行 280487613780',
		});
	});

	test('totals: "¥ 47.26" with a space, (小写) with spaces, 大写 without the ⓧ', () => {
		expect(invoice.TaxExclusiveTotalAmount).toBe('47.26');
		expect(invoice.TaxTotalAmount).toBe('6.14');
		expect(invoice.TaxInclusiveTotalAmount).toBe('53.40');
		expect(invoice.TaxInclusiveTotalAmountInWords).toBe('伍拾叁圆肆角');
	});

	test('lines: a wrapped name joined, a discount row with negative amount and tax', () => {
		expect(invoice.GoodsInfos).toEqual([
			{
				Item: '*其他食品*良品铺子臭豆腐休闲零食黑色油炸豆腐干',
				Specification: '',
				MeasurementDimension: '',
				Price: '16.72566372',
				Quantity: '3',
				Amount: '50.18',
				TaxScheme: '13%',
				TaxAmount: '6.52',
			},
			{
				Item: '*其他食品*良品铺子臭豆腐休闲零食黑色油炸豆腐干',
				Specification: '',
				MeasurementDimension: '',
				Price: '',
				Quantity: '',
				Amount: '-2.92',
				TaxScheme: '13%',
				TaxAmount: '-0.38',
			},
		]);
	});

	test('remarks from the 备注 box; payee, checker and drawer', () => {
		expect(invoice.Note).toBe('订单号:100068586537');
		expect(invoice.Payee).toBe('王陆');
		expect(invoice.Checker).toBe('李思');
		expect(invoice.InvoiceClerk).toBe('王梅');
	});
});

describe.each([
	['in drawing order', (items: PositionedText[]) => items],
	['in another stream order', shuffled],
])('数电 layout, %s', (_, order) => {
	const invoice = readLayoutInvoice([order(digitalInvoice())]);

	test('header: 20-digit number, no code, tag above the title', () => {
		expect(invoice.Layout).toBe('digital');
		expect(invoice.InvoiceTitle).toBe('电子发票（普通发票）');
		expect(invoice.Type).toBe('010');
		expect(invoice.InvoiceCode).toBe('');
		expect(invoice.InvoiceNumber).toBe('26427000000145891963');
		expect(invoice.IssueDate).toBe('2026年01月08日');
		expect(invoice.Tags).toEqual(['成品油']);
	});

	test('buyer left, seller right on the same rows', () => {
		expect(invoice.Buyer.Name).toBe('安徽燕之坊食品有限公司');
		expect(invoice.Buyer.TaxId).toBe('91340100728526312J');
		expect(invoice.Seller.Name).toBe('中国石化销售股份有限公司湖北武汉石油分公司');
		expect(invoice.Seller.TaxId).toBe('914201006791228986');
	});

	test('the line with its name wrapped, spec, unit, quantity and price', () => {
		expect(invoice.GoodsInfos).toEqual([
			{
				Item: '*乙醇汽油*92号车用乙醇汽油(E10)(VIB)',
				Specification: '92号',
				MeasurementDimension: '升',
				Price: '7.02653909',
				Quantity: '27.70780856',
				Amount: '194.69',
				TaxScheme: '13%',
				TaxAmount: '25.31',
			},
		]);
		expect(invoice.TaxExclusiveTotalAmount).toBe('194.69');
		expect(invoice.TaxTotalAmount).toBe('25.31');
		expect(invoice.TaxInclusiveTotalAmount).toBe('220.00');
		expect(invoice.TaxInclusiveTotalAmountInWords).toBe('贰佰贰拾圆整');
	});

	test('收款人/复核人 written in the 备注 box stay remarks; the drawer is read', () => {
		expect(invoice.Note).toBe('收款人：熊静; 复核人：谌皋;');
		expect(invoice.Payee).toBe('');
		expect(invoice.Checker).toBe('');
		expect(invoice.InvoiceClerk).toBe('陈钢');
	});
});

test('tax-exempt line: 免税 and full-width ＊＊＊ in the line and the 合计', () => {
	const invoice = readLayoutInvoice([
		[
			t('货物或应税劳务、服务名称', 10, 53),
			t('规格型号', 63, 53),
			t('单位', 85, 53),
			t('数 量', 100, 53),
			t('单 价', 120, 53),
			t('金 额', 144, 53),
			t('税率', 167, 53),
			t('税 额', 185, 53),
			t('*运输服务*客运服务费', 5, 57),
			t('无', 67, 57),
			t('次', 86, 57),
			t('1', 106, 57),
			t('104.12', 120, 57),
			t('104.12', 148, 57),
			t('免税', 166, 57),
			t('＊＊＊', 190, 57),
			t('合    计', 22, 92),
			t('￥104.12', 148, 92),
			t('＊＊＊', 190, 92),
		],
	]);
	expect(invoice.GoodsInfos).toEqual([
		{ Item: '*运输服务*客运服务费', Specification: '无', MeasurementDimension: '次', Price: '104.12', Quantity: '1', Amount: '104.12', TaxScheme: '免税', TaxAmount: '＊＊＊' },
	]);
	expect(invoice.TaxExclusiveTotalAmount).toBe('104.12');
	expect(invoice.TaxTotalAmount).toBe('＊＊＊');
});

test('toll invoice: 车牌号 and 类型 columns, the dates are not quantity and price', () => {
	const invoice = readLayoutInvoice([
		[
			t('项目名称', 14, 53),
			t('车牌号', 50, 53),
			t('类型', 70, 53),
			t('通行日期起', 85, 53),
			t('通行日期止', 108, 53),
			t('金 额', 137, 53),
			t('税率', 157, 53),
			t('税 额', 178, 53),
			t('*经营租赁*通行费', 5, 57),
			t('鄂AHG248', 50, 57),
			t('货车', 70, 57),
			t('20180212', 86, 57),
			t('20180212', 109, 57),
			t('184.65', 137, 57),
			t('3%', 158, 57),
			t('5.54', 182, 57),
		],
	]);
	expect(invoice.Layout).toBe('toll');
	expect(invoice.GoodsInfos).toEqual([
		{ Item: '*经营租赁*通行费', Specification: '鄂AHG248', MeasurementDimension: '货车', Price: '', Quantity: '', Amount: '184.65', TaxScheme: '3%', TaxAmount: '5.54' },
	]);
});

test('销货清单: page 1 says 详见销货清单, the lines come from the list on page 2 (序号 column dropped)', () => {
	const header = (page: number, y: number) => [
		t('序号', 5, y, 3, page),
		t('货物（劳务）名称', 20, y, 3, page),
		t('规格型号', 63, y, 3, page),
		t('单位', 85, y, 3, page),
		t('数量', 100, y, 3, page),
		t('单价', 120, y, 3, page),
		t('金额', 144, y, 3, page),
		t('税率', 167, y, 3, page),
		t('税额', 185, y, 3, page),
	];
	const line = (n: number, y: number) => [
		t(String(n), 6, y, 3, 1),
		t('*谷物*稻谷', 15, y, 3, 1),
		t('克', 86, y, 3, 1),
		t('1', 104, y, 3, 1),
		t(`${n}00`, 122, y, 3, 1),
		t(`${n}00.00`, 148, y, 3, 1),
		t('13%', 168, y, 3, 1),
		t(`${n}3.00`, 195, y, 3, 1),
	];
	const page1 = [
		t('货物或应税劳务、服务名称', 10, 53),
		t('规格型号', 63, 53),
		t('单位', 85, 53),
		t('数 量', 100, 53),
		t('单 价', 120, 53),
		t('金 额', 144, 53),
		t('税率', 167, 53),
		t('税 额', 185, 53),
		t('(详见销货清单)', 5, 57),
		t('600.00', 148, 57),
		t('13%', 168, 57),
		t('78.00', 195, 57),
		t('合    计', 22, 92),
		t('¥600.00', 148, 92),
		t('¥78.00', 194, 92),
	];
	const page2 = [
		t('销售货物或者提供应税劳务清单', 60, 8, 5, 1),
		...header(1, 30),
		...line(1, 35),
		...line(2, 40),
		...line(3, 45),
		t('小计', 10, 60, 3, 1),
		t('600.00', 148, 60, 3, 1),
		t('78.00', 195, 60, 3, 1),
		t('总计', 10, 65, 3, 1),
		t('600.00', 148, 65, 3, 1),
	];
	const invoice = readLayoutInvoice([page1, shuffled(page2)]);
	expect(invoice.PageCount).toBe(2);
	expect(invoice.GoodsInfos.map((g) => [g.Item, g.MeasurementDimension, g.Quantity, g.Price, g.Amount, g.TaxScheme, g.TaxAmount])).toEqual([
		['*谷物*稻谷', '克', '1', '100', '100.00', '13%', '13.00'],
		['*谷物*稻谷', '克', '1', '200', '200.00', '13%', '23.00'],
		['*谷物*稻谷', '克', '1', '300', '300.00', '13%', '33.00'],
	]);
});

test('rows are formed by position: items of one row share it whatever their order and slight baseline shifts', () => {
	const rows = buildRows([t('b', 50, 10.6), t('c', 90, 20), t('a', 10, 10), t('d', 10, 20.4)]);
	expect(rows.map((r) => r.cells.map((c) => c.text))).toEqual([
		['a', 'b'],
		['d', 'c'],
	]);
});

test('an empty page or pages of noise give an empty invoice, not an error', () => {
	expect(readLayoutInvoice([]).InvoiceNumber).toBe('');
	const noise = readLayoutInvoice([[t('hello', 10, 10), t('¥', 20, 20), t('13%', 30, 30)]]);
	expect(noise.GoodsInfos).toEqual([]);
	expect(noise.Layout).toBe('unknown');
});

test('air itinerary (电子发票（航空运输电子客票行程单）): labelled fields, passenger block, flight segments, fares', () => {
	const invoice = readLayoutInvoice([
		[
			t('电子发票（航空运输电子客票行程单）', 62, 13, 5.6),
			t('开具状态：正常', 152, 18, 2.8),
			t('国内国际标识：国内', 9, 26, 2.8),
			t('发票号码：', 152, 30, 2.8),
			t('24000000000000000001', 168, 30, 2.8),
			t('旅客姓名', 9, 35, 2.8),
			t('有效身份证件号码', 48, 35, 2.8),
			t('签注', 125, 35, 2.8),
			t('张三', 12, 43, 2.8),
			t('110101********0011', 51, 43, 2.8),
			t('不得退改', 128, 43, 2.8),
			t('承运人', 46, 50, 2.8),
			t('航班号', 64, 50, 2.8),
			t('座位等级', 79, 50, 2.8),
			t('日期', 99, 50, 2.8),
			t('时间', 116, 50, 2.8),
			t('客票级别/客票类别', 127, 50, 2.8),
			t('免费行李', 190, 50, 2.8),
			t('自：北京 PEK', 11, 55, 2.8),
			t('国航', 48, 58, 2.8),
			t('CA1234', 63, 58, 2.8),
			t('Y', 84, 58, 2.8),
			t('2024-01-02', 95, 58, 2.8),
			t('08:00', 115, 58, 2.8),
			t('YB', 137, 58, 2.8),
			t('20K', 197, 58, 2.8),
			t('至：上海 SHA', 11, 61, 2.8),
			t('票价', 43, 110, 2.8),
			t('燃油附加费', 66, 110, 2.8),
			t('增值税税率', 89, 110, 2.8),
			t('增值税税额', 105, 110, 2.8),
			t('民航发展基金', 128, 110, 2.8),
			t('其他税费', 151, 110, 2.8),
			t('合计', 173, 110, 2.8),
			t('CNY 1000.00', 50, 116, 2.8),
			t('CNY 20.00', 74, 116, 2.8),
			t('9%', 101, 116, 2.8),
			t('91.74', 113, 116, 2.8),
			t('CNY 50.00', 136, 116, 2.8),
			t('CNY 0.00', 160, 116, 2.8),
			t('CNY 1161.74', 187, 116, 2.8),
			t('填开单位：某航空公司', 73, 130, 2.8),
			t('填开日期：2024-01-01', 170, 130, 2.8),
			t('购买方名称：某某公司', 9, 138, 2.8),
			t('统一社会信用代码/纳税人识别号：91110000000000000X', 108, 138, 2.8),
		],
	]);
	expect(invoice.Layout).toBe('air');
	expect(invoice.Type).toBe('040');
	expect(invoice.InvoiceNumber).toBe('24000000000000000001');
	expect(invoice.IssueDate).toBe('2024年01月01日');
	expect(invoice.Buyer.Name).toBe('某某公司');
	expect(invoice.Buyer.TaxId).toBe('91110000000000000X');
	expect(invoice.TaxInclusiveTotalAmount).toBe('1161.74');
	expect(invoice.TaxTotalAmount).toBe('91.74');
	const air = invoice.AirTicketInfo;
	expect([air.PassengerName, air.ValidIdNumber, air.Endorsement, air.IssuingStatus, air.MarkingOfDomesticOrInternational]).toEqual([
		'张三',
		'110101********0011',
		'不得退改',
		'正常',
		'国内',
	]);
	expect([air.Fare, air.FuelSurcharge, air.VatRate, air.VatTaxAmount, air.CivilAviationDevelopmentFund, air.OtherTaxes, air.TotalAmount]).toEqual([
		'1000.00',
		'20.00',
		'9%',
		'91.74',
		'50.00',
		'0.00',
		'1161.74',
	]);
	expect(air.DetailInformationOfAirTicketTuple).toEqual([
		expect.objectContaining({ DepartureStation: '北京 PEK', DestinationStation: '上海 SHA', Carrier: '国航', Flight: 'CA1234', SeatClass: 'Y', CarrierDate: '2024-01-02', DepartureTime: '08:00', FareBasis: 'YB', FreeBaggageAllowance: '20K' }),
	]);
});
