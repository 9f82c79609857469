import { readInvoiceFile } from '../../../nodes/core/read/index';
import { normalizeInvoice } from '../../../nodes/core/invoice/normalize';
import type { LocalInvoice } from '../../../nodes/core/read/common/local';
import { einvoiceBytes } from '../../helpers/einvoiceXml';
import { pdfFromItems, type PrintItem } from '../../helpers/invoicePdf';
import { ofdFromItems } from '../../helpers/invoiceOfd';
import { PAGE, SAMPLE_RAILWAY as RAILWAY, railwayItems, shudianItems, type ShudianPage } from '../../helpers/tripLayouts';
import { readFixture } from '../../support/files';
import { readPdfText } from '../../../nodes/core/read/pdf';
import { fromPdfPage } from '../../../nodes/core/read/pdf/positioned';

// Issue #21 kinds through readInvoiceFile: the railway e-ticket, the 数电 air itinerary (a real layout), the
// 特定业务 blocks and red-letter 数电 invoices, from PDF and OFD (and XML where the XML says it). Every
// expectation is what the page prints, compared character for character.

const asPdf = (items: PrintItem[]) => readInvoiceFile(pdfFromItems(items, PAGE.width, PAGE.height));
const asOfd = (items: PrintItem[]) => readInvoiceFile(ofdFromItems(items, PAGE.width, PAGE.height));
const formats = [
	['PDF', asPdf],
	['OFD', asOfd],
] as const;

async function one(read: (items: PrintItem[]) => Promise<LocalInvoice[]>, items: PrintItem[]): Promise<LocalInvoice> {
	const invoices = await read(items);
	expect(invoices).toHaveLength(1);
	return invoices[0];
}


// 12306 writes its PDFs with a non-embedded SimSun, GBK-EUC-H and no ToUnicode (as erma0/fapiao-print#8 measured on
// real ones with pdffonts): the railway PDFs here are written that way too.
const asRailwayPdf = (items: PrintItem[]) => readInvoiceFile(pdfFromItems(items, PAGE.width, PAGE.height, { encoding: 'gbk' }));

describe.each([
	['PDF (GBK-EUC-H, no ToUnicode)', asRailwayPdf],
	['PDF (UniGB-UCS2-H)', asPdf],
	['OFD', asOfd],
] as const)('电子发票（铁路电子客票） from %s', (_, read) => {
	test('the ticket fields as printed', async () => {
		const invoice = await one(read, railwayItems(RAILWAY));
		expect(invoice.Type).toBe('030');
		expect(invoice.InvoiceTitle).toBe('电子发票（铁路电子客票）');
		expect(invoice.InvoiceNumber).toBe('25429116600003450123');
		expect(invoice.IssueDate).toBe('2025年01月15日');
		expect(invoice.TaxInclusiveTotalAmount).toBe('553.00');
		expect(invoice.Buyer).toMatchObject({ Name: '聚光科技（杭州）股份有限公司', TaxId: '91330100000000021E' });
		expect(invoice.RailwayTicketInfo).toMatchObject({
			TypeOfVoucher: '电子发票（铁路电子客票）',
			ElectronicInvoiceRailwayETicketNumber: '25429116600003450123',
			DepartureStation: '武汉站',
			PhonicsOfDepartureStation: 'Wuhan',
			DestinationStation: '北京西站',
			PhonicsOfDestinationStation: 'Beijingxi',
			TrainNumber: 'G1234',
			TravelDate: '2025年01月20日',
			DepartureTime: '08:05',
			Carriage: '05车',
			Seat: '12F号',
			SeatLevel: '二等座',
			Fare: '553.00',
			IdNumber: '4201061990****1234',
			Name: '张三',
			ElectronicTicketNum: '6543210987654321098765',
			NameOfPurchaser: '聚光科技（杭州）股份有限公司',
			UnifiedSocialCreditCodeOfPurchaser: '91330100000000021E',
			TypeOfBusiness: '',
			NumberOfOriginalInvoice: '',
		});
		expect(invoice.IsRedLetter).toBe(false);
		expect(invoice.SpecificBusiness).toBeNull();
	});

	test('a refund ticket: 退票费 and the original invoice number', async () => {
		const invoice = await one(read, railwayItems({ ...RAILWAY, number: '25429116600003450999', business: '退票费', fare: '27.50', originalNumber: '25429116600003450123' }));
		expect(invoice.RailwayTicketInfo.TypeOfBusiness).toBe('退票费');
		expect(invoice.RailwayTicketInfo.NumberOfOriginalInvoice).toBe('25429116600003450123');
		expect(invoice.OriginalInvoiceNumber).toBe('25429116600003450123');
		expect(invoice.RailwayTicketInfo.Fare).toBe('27.50');
	});
});

/** The air itinerary's page text, placed as the PDF places it, printed into an OFD (the same layout, as an OFD). */
async function airAsOfd(pdf: Uint8Array): Promise<LocalInvoice[]> {
	const text = await readPdfText(pdf);
	const items = fromPdfPage(text.pages[0]).map((t) => ({ text: t.text, x: t.x, y: t.y, height: t.height, width: t.width }));
	return readInvoiceFile(ofdFromItems(items, (text.pages[0].width * 25.4) / 72, (text.pages[0].height * 25.4) / 72));
}

test.each([
	['PDF', (pdf: Uint8Array) => readInvoiceFile(pdf)],
	['OFD of the same page', airAsOfd],
] as const)('电子发票（航空运输电子客票行程单）: the real layout (ofdrw preview, placeholder data) read as printed, from %s', async (_, read) => {
	const [invoice, ...more] = await read(readFixture('pdf', 'ofdrw_ofdrw_xbrl-001_air-itinerary-PREVIEW-not-genuine_2024.pdf'));
	expect(more).toEqual([]);
	expect(invoice.Type).toBe('040');
	expect(invoice.InvoiceTitle).toBe('电子发票（航空运输电子客票行程单）');
	const air = invoice.AirTicketInfo;
	expect([air.PassengerName, air.ValidIdNumber, air.Endorsement]).toEqual(['王某某', '384932********1234', '不得签转']);
	expect(air.DetailInformationOfAirTicketTuple.map((s) => [s.DepartureStation, s.DestinationStation, s.Carrier, s.Flight, s.SeatClass, s.CarrierDate, s.DepartureTime, s.FareBasis, s.FreeBaggageAllowance])).toEqual([
		['合肥 HFE', '广州 CAN', '南航', 'CZ8866', 'V', '2021-07-27', '18:30', 'Y50', '20K'],
		['广州 CAN', '北海 BHY', '南航', 'CZ8866', 'V', '2021-07-27', '22:50', 'Y50', '20K'],
	]);
	expect([air.Fare, air.FuelSurcharge, air.VatRate, air.VatTaxAmount, air.CivilAviationDevelopmentFund, air.OtherTaxes, air.TotalAmount]).toEqual([
		'477.06',
		'45.87',
		'9%',
		'47.07',
		'50.00',
		'0.00',
		'620.00',
	]);
	expect([air.ElectronicTicketNum, air.IssueParty, air.IssueDate, air.NameOfPurchaser]).toEqual(['7841234567890', '中国南方航空股份有限公司', '2021-07-28', '北京XXX公司']);
	expect(invoice.TaxInclusiveTotalAmount).toBe('620.00');
	expect(invoice.TaxTotalAmount).toBe('47.07');
});

const BASE: ShudianPage = {
	number: '25330000000000000021',
	date: '2025年03月04日',
	buyerName: '聚光科技（杭州）股份有限公司',
	buyerId: '91330100000000021E',
	sellerName: '测试运输（上海）有限公司',
	sellerId: '913100000000000224',
	lines: [{ name: '*运输服务*客运服务费', unit: '次', quantity: '1', price: '100', amount: '100.00', rate: '9%', tax: '9.00' }],
	withoutTax: '100.00',
	tax: '9.00',
	total: '109.00',
	words: '壹佰零玖圆整',
	drawer: '测试员',
};

const BLOCKS: Array<[string, Partial<ShudianPage>, { KindText: string; Fields: Record<string, string>; Rows: Array<Record<string, string>> }]> = [
	[
		'旅客运输',
		{
			tag: '旅客运输服务',
			specific: {
				headers: ['出行人', '有效身份证件号', '出行日期', '出发地', '到达地', '等级', '交通工具类型'],
				rows: [
					['张三', '4201061990****1234', '2025-03-01', '杭州', '上海', '一等座', '火车'],
					['李四', '3301021985****5678', '2025-03-01', '杭州', '上海', '一等座', '火车'],
				],
			},
		},
		{
			KindText: '旅客运输服务',
			Fields: {},
			Rows: [
				{ 出行人: '张三', 有效身份证件号: '4201061990****1234', 出行日期: '2025-03-01', 出发地: '杭州', 到达地: '上海', 等级: '一等座', 交通工具类型: '火车' },
				{ 出行人: '李四', 有效身份证件号: '3301021985****5678', 出行日期: '2025-03-01', 出发地: '杭州', 到达地: '上海', 等级: '一等座', 交通工具类型: '火车' },
			],
		},
	],
	[
		'货物运输',
		{
			tag: '货物运输服务',
			specific: { headers: ['运输工具种类', '运输工具牌号', '起运地', '到达地', '运输货物名称'], rows: [['公路运输', '浙A12345', '杭州市', '苏州市', '钢材（螺纹钢）']] },
		},
		{ KindText: '货物运输服务', Fields: {}, Rows: [{ 运输工具种类: '公路运输', 运输工具牌号: '浙A12345', 起运地: '杭州市', 到达地: '苏州市', 运输货物名称: '钢材（螺纹钢）' }] },
	],
	[
		'建筑服务',
		{
			tag: '建筑服务',
			specific: { headers: ['土地增值税项目编号', '跨地（市）标志', '建筑服务发生地', '建筑项目名称'], rows: [['', '否', '浙江省杭州市西湖区', '测试大楼（一期）']] },
		},
		{ KindText: '建筑服务', Fields: { '跨地（市）标志': '否', 建筑服务发生地: '浙江省杭州市西湖区', 建筑项目名称: '测试大楼（一期）' }, Rows: [] },
	],
	[
		'不动产经营租赁',
		{
			tag: '不动产经营租赁服务',
			specific: { headers: ['不动产地址', '租赁期起止', '跨地（市）标志', '产权证书/不动产权证号码'], rows: [['浙江省杭州市测试路1号', '2025-01-01 2025-12-31', '否', '浙(2020)杭州市不动产权第0000001号']] },
		},
		{
			KindText: '不动产经营租赁服务',
			Fields: { 不动产地址: '浙江省杭州市测试路1号', 租赁期起止: '2025-01-01 2025-12-31', '跨地（市）标志': '否', '产权证书/不动产权证号码': '浙(2020)杭州市不动产权第0000001号' },
			Rows: [],
		},
	],
	[
		'不动产销售',
		{
			tag: '不动产销售',
			specific: {
				headers: ['不动产单元代码/网签合同备案编号', '不动产地址', '跨地（市）标志', '土地增值税项目编号', '核定计税价格', '实际成交含税金额', '产权证书/不动产权证号码'],
				rows: [['330106000000GB00001F00010001', '浙江省杭州市测试路2号', '否', 'TDZ0001', '1000000.00', '1090000.00', '浙（2024）杭州市不动产权第0000002号']],
			},
		},
		{
			KindText: '不动产销售',
			Fields: {
				'不动产单元代码/网签合同备案编号': '330106000000GB00001F00010001',
				不动产地址: '浙江省杭州市测试路2号',
				'跨地（市）标志': '否',
				土地增值税项目编号: 'TDZ0001',
				核定计税价格: '1000000.00',
				实际成交含税金额: '1090000.00',
				'产权证书/不动产权证号码': '浙（2024）杭州市不动产权第0000002号',
			},
			Rows: [],
		},
	],
];

describe.each(formats)('特定业务 blocks from %s', (_, read) => {
	test.each(BLOCKS)('%s', async (_name, page, want) => {
		const invoice = await one(read, shudianItems({ ...BASE, ...page }));
		expect(invoice.SpecificBusiness).toEqual(want);
		// The block is not a goods line, and the goods line is still read.
		expect(invoice.GoodsInfos.map((g) => [g.Item, g.Amount, g.TaxScheme, g.TaxAmount])).toEqual([['*运输服务*客运服务费', '100.00', '9%', '9.00']]);
		expect(invoice.Buyer.Name).toBe('聚光科技（杭州）股份有限公司');
		expect(invoice.IsRedLetter).toBe(false);
	});

	test('an invoice without a block has none', async () => {
		expect((await one(read, shudianItems(BASE))).SpecificBusiness).toBeNull();
	});
});

const RED: ShudianPage = {
	...BASE,
	number: '25330000000000000099',
	sellerName: '测试科技（上海）有限公司',
	lines: [{ name: '*信息技术服务*软件服务费', unit: '项', quantity: '-1', price: '1000', amount: '-1000.00', rate: '6%', tax: '-60.00' }],
	withoutTax: '-1000.00',
	tax: '-60.00',
	total: '-1060.00',
	words: '(负数)壹仟零陆拾圆整',
	note: '被红冲蓝字数电发票号码：25330000000000000021 红字发票信息确认单编号：33010025030400000001',
};

describe.each(formats)('red-letter 数电 invoice from %s', (_, read) => {
	test('negative amounts and the blue invoice it cancels, as printed', async () => {
		const invoice = await one(read, shudianItems(RED));
		expect(invoice.IsRedLetter).toBe(true);
		expect(invoice.OriginalInvoiceNumber).toBe('25330000000000000021');
		expect(invoice.OriginalInvoiceCode).toBe('');
		expect([invoice.TaxExclusiveTotalAmount, invoice.TaxTotalAmount, invoice.TaxInclusiveTotalAmount]).toEqual(['-1000.00', '-60.00', '-1060.00']);
		expect(invoice.GoodsInfos.map((g) => [g.Quantity, g.Amount, g.TaxAmount])).toEqual([['-1', '-1000.00', '-60.00']]);
		expect(invoice.Note).toBe('被红冲蓝字数电发票号码：25330000000000000021 红字发票信息确认单编号：33010025030400000001');
		expect(invoice.Seller.Name).toBe('测试科技（上海）有限公司');
	});
});

test('red-letter 数电 XML: InIssuType N, negative amounts, the blue invoice number from the remark', async () => {
	const [invoice] = await readInvoiceFile(
		einvoiceBytes({
			inIssuType: 'N',
			withoutTax: '-1000.00',
			tax: '-60.00',
			total: '-1060.00',
			remark: '被红冲蓝字数电发票号码：25330000000000000021 红字发票信息确认单编号：33010025030400000001',
			items: [{ name: '*信息技术服务*软件服务费', unit: '项', quantity: '-1', price: '1000', amount: '-1000.00', rate: '0.06', tax: '-60.00' }],
		}),
	);
	expect(invoice.FileFormat).toBe('xml');
	expect(invoice.IsRedLetter).toBe(true);
	expect(invoice.OriginalInvoiceNumber).toBe('25330000000000000021');
	expect(invoice.TaxInclusiveTotalAmount).toBe('-1060.00');
	// A blue XML (InIssuType Y) is not red-letter.
	const [blue] = await readInvoiceFile(einvoiceBytes({ inIssuType: 'Y' }));
	expect([blue.IsRedLetter, blue.OriginalInvoiceNumber]).toEqual([false, '']);
});

test('an old-style red VAT note: 对应正数发票代码 and 号码', async () => {
	const invoice = await one(asPdf, shudianItems({ ...RED, note: '对应正数发票代码:033001900111号码:12345678' }));
	expect([invoice.IsRedLetter, invoice.OriginalInvoiceCode, invoice.OriginalInvoiceNumber]).toEqual([true, '033001900111', '12345678']);
});

describe('one invoice read from its PDF, OFD and XML gives identical canonical fields (as printed)', () => {
	// The same red-letter 数电 invoice in the three formats the platform mails; names with full-width brackets.
	const page: ShudianPage = {
		...RED,
		title: '电子发票（普通发票）',
		buyerName: '聚光科技（杭州）股份有限公司',
		lines: [{ name: '*信息技术服务*软件服务费', unit: '项', quantity: '-1', price: '1000', amount: '-1000.00', rate: '6%', tax: '-60.00' }],
	};
	const xml = einvoiceBytes({
		inIssuType: 'N',
		eiid: page.number,
		number: page.number,
		issueTime: '2025-03-04 10:11:12',
		vatLabelName: '普通发票',
		buyerName: page.buyerName,
		buyerId: page.buyerId,
		buyerAddr: undefined,
		buyerTel: undefined,
		buyerBank: undefined,
		buyerAccount: undefined,
		sellerName: page.sellerName,
		sellerId: page.sellerId,
		sellerAddr: undefined,
		sellerTel: undefined,
		sellerBank: undefined,
		sellerAccount: undefined,
		withoutTax: page.withoutTax,
		tax: page.tax,
		total: page.total,
		inWords: page.words,
		drawer: page.drawer,
		remark: page.note,
		items: [{ name: '*信息技术服务*软件服务费', unit: '项', quantity: '-1', price: '1000', amount: '-1000.00', rate: '0.06', tax: '-60.00' }],
	});

	test('PDF = OFD = XML after normalizeInvoice, except where each came from', async () => {
		const [pdf] = await asPdf(shudianItems(page));
		const [ofd] = await asOfd(shudianItems(page));
		const [fromXml] = await readInvoiceFile(xml);
		const canonical = (local: LocalInvoice) => {
			const { source, dedupKey, warnings, ...rest } = normalizeInvoice(local) as unknown as Record<string, unknown>;
			expect(typeof source).toBe('string');
			void dedupKey;
			void warnings;
			return rest;
		};
		const want = canonical(fromXml);
		expect(want).toMatchObject({ buyerName: '聚光科技（杭州）股份有限公司', sellerName: '测试科技（上海）有限公司', totalAmount: -1060 });
		expect(canonical(pdf)).toEqual(want);
		expect(canonical(ofd)).toEqual(want);
		// And the #21 additions agree too.
		for (const local of [pdf, ofd]) {
			expect([local.IsRedLetter, local.OriginalInvoiceNumber]).toEqual([fromXml.IsRedLetter, fromXml.OriginalInvoiceNumber]);
		}
	});
});

describe('特定业务 values printed in the 备注 as "label：value;" (as a real 建筑服务 invoice prints them)', () => {
	const construction: ShudianPage = {
		...BASE,
		tag: '建筑服务',
		lines: [{ name: '*建筑服务*外墙维修', amount: '2564.36', rate: '1%', tax: '25.64' }],
		withoutTax: '2564.36',
		tax: '25.64',
		total: '2590.00',
		words: '贰仟伍佰玖拾圆整',
		note: '土地增值税项目编号：-；跨地（市）标志：否；',
	};
	const want = { KindText: '建筑服务', Fields: { 土地增值税项目编号: '-', '跨地（市）标志': '否' }, Rows: [] };

	test.each(formats)('from %s', async (_, read) => {
		const invoice = await one(read, shudianItems(construction));
		expect(invoice.SpecificBusiness).toEqual(want);
		expect(invoice.Note).toBe('土地增值税项目编号：-；跨地（市）标志：否；');
	});

	test('from XML (the Remark; the kind from the items\' category)', async () => {
		const [invoice] = await readInvoiceFile(
			einvoiceBytes({ remark: construction.note, items: [{ name: '*建筑服务*外墙维修', amount: '2564.36', rate: '0.01', tax: '25.64' }] }),
		);
		expect(invoice.SpecificBusiness).toEqual(want);
	});

	test('a lease: the address ends where the next label starts', async () => {
		const invoice = await one(asPdf, shudianItems({ ...construction, tag: '不动产经营租赁服务', note: '不动产地址：浙江省杭州市测试路1号 租赁期起止：2025-01-01 至 2025-12-31；跨地（市）标志：否' }));
		expect(invoice.SpecificBusiness).toEqual({
			KindText: '不动产经营租赁服务',
			Fields: { 不动产地址: '浙江省杭州市测试路1号', 租赁期起止: '2025-01-01 至 2025-12-31', '跨地（市）标志': '否' },
			Rows: [],
		});
	});

	test('a plain note gives no block', async () => {
		const invoice = await one(asPdf, shudianItems({ ...BASE, note: '订单号：12345；收款人：王五' }));
		expect(invoice.SpecificBusiness).toBeNull();
	});
});

test('a railway e-ticket PDF through Normalize: the canonical trip, the 9% deducted by rule, no warning', async () => {
	const [local] = await asRailwayPdf(railwayItems({ ...RAILWAY, buyerId: '91330100000000021E' }));
	const invoice = normalizeInvoice(local);
	expect(invoice).toMatchObject({
		source: 'pdf-local',
		invoiceType: 'railway_ticket',
		buyerName: '聚光科技（杭州）股份有限公司',
		totalAmount: 553,
		isRedLetter: false,
		specificBusiness: null,
		warnings: [],
		trip: {
			passenger: '张三',
			idNumber: '4201061990****1234',
			travelDate: '2025-01-20',
			departureTime: '08:05',
			trainNumber: 'G1234',
			from: '武汉站',
			to: '北京西站',
			seatClass: '二等座',
			seat: '05车12F号',
			fare: 553,
			ticketNumber: '6543210987654321098765',
			// 553 ÷ 1.09 × 0.09 = 45.66 (财政部 税务总局 海关总署公告2019年第39号)
			deductibleTax: 45.66,
			deductibleTaxBasis: 'rule',
			segments: [],
		},
	});
});
