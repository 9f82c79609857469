import {
	emptyAirTicketSegment,
	LOCAL_ADDITION_FIELDS, OFD_EXTRA_FIELDS,
	readOfdInvoice,
	type OfdInvoice,
	type OfdSource,
	type VatInvoiceGoodsInfo,
} from '../../../../nodes/core/read/ofd';
import { listFixtures, readFixture, readJsonFixture } from '../../../support/files';

// Every value below was read out of the sample files by hand (unzip -p ... | the XML parts, the page
// TextObjects), not produced by the reader under test.

interface Expected {
	source: OfdSource;
	type: string;
	title: string;
	code: string;
	number: string;
	date: string;
	checkCode: string;
	machine: string;
	buyer: { name: string; taxId: string; addrTel?: string; account?: string };
	seller: { name: string; taxId: string; addrTel?: string; account?: string };
	exclusive: string;
	tax: string;
	inclusive: string;
	words: string;
	clerk: string;
	payee: string;
	checker: string;
	note: string;
	qr: string | null;
	pages: number;
	lines: number;
	line: { index: number; values: VatInvoiceGoodsInfo };
}

const SAMPLES: Record<string, Expected> = {
	'easyofd_zengzhishui-dianzi-zhuanpiao5_vat-e-special-2022.ofd': {
		source: 'original_invoice',
		type: '028',
		title: '贵州增值税电子专用发票',
		code: '052002100113',
		number: '00008006',
		date: '2022年05月05日',
		checkCode: '18001801513030862041',
		machine: '667124395767',
		buyer: {
			name: '中国移动通信集团贵州有限公司黔南分公司',
			taxId: '91522701709696623X',
			addrTel: '贵州省黔南布依族苗族自治州都匀市龙山大道伯爵国际花园13栋1层1号 13908546986',
			account: '中国工商银行股份有限公司贵阳省政府支行 2402012219200041549',
		},
		seller: {
			name: '独山县城南网格刘梦阳通讯店',
			taxId: '92522726MA7GNHJ07M',
			addrTel: '独山县金海龙庭A栋2单元904号13765480901',
			account: '中国建设银行股份有线公司独山支行6217007130003921667',
		},
		exclusive: '24519.05',
		tax: '735.57',
		inclusive: '25254.62',
		words: '贰万伍仟贰佰伍拾肆圆陆角贰分',
		clerk: '管理员',
		payee: '管理员',
		checker: '管理员',
		note: '',
		qr: '01,20,052002100113,00008006,24519.05,20220505,18001801513030862041,88CD,',
		pages: 1,
		lines: 1,
		line: {
			index: 0,
			values: {
				Item: '*经纪代理服务*经纪代理服务',
				Specification: '',
				MeasurementDimension: '月',
				Price: '24519.05',
				Quantity: '1',
				Amount: '24519.05',
				TaxScheme: '3%',
				TaxAmount: '735.57',
			},
		},
	},
	'ofdrw_converter_1_vat-e-common-suwell-2020.ofd': {
		source: 'original_invoice',
		type: '026',
		title: '浙江增值税电子普通发票',
		code: '033002000211',
		number: '83089647',
		date: '2020年07月23日',
		checkCode: '16197833567414507415',
		machine: '927000236092',
		buyer: { name: '江苏京利华新材料有限公司', taxId: '91320115MA202UKD7X', addrTel: '', account: '' },
		seller: {
			name: '兰溪市悦济舫餐厅',
			taxId: '92330781MA2EDMFU50',
			addrTel: '兰溪市丹溪大道1055号057988222001',
			account: '中国邮政储蓄银行兰溪分行6217993300118475000',
		},
		exclusive: '510.68',
		tax: '15.32',
		inclusive: '526.00',
		words: '伍佰贰拾陆圆整',
		clerk: '管理员',
		payee: '管理员',
		checker: '管理员',
		note: '',
		qr: '01,10,033002000211,83089647,510.68,20200723,16197833567414507415,0941,',
		pages: 1,
		lines: 1,
		line: {
			index: 0,
			values: {
				Item: '*餐饮服务*餐费',
				Specification: '',
				MeasurementDimension: '',
				Price: '510.679612',
				Quantity: '1',
				Amount: '510.68',
				TaxScheme: '3%',
				TaxAmount: '15.32',
			},
		},
	},
	'ofdrw_converter_20240531141733_shudian-full-digital-2024.ofd': {
		source: 'custom-tags',
		type: '020',
		title: '电子发票（增值税专用发票）',
		code: '',
		number: '24112000000048542163',
		date: '2024年05月28日',
		checkCode: '',
		machine: '',
		buyer: { name: '海南麒麟云服科技有限公司', taxId: '91460300MAA92DJN95', addrTel: '', account: '' },
		seller: { name: '北京互联三六五科技有限公司', taxId: '91110108690017781B', addrTel: '', account: '' },
		exclusive: '4197.17',
		tax: '251.83',
		inclusive: '4449.00',
		words: '肆仟肆佰肆拾玖圆整',
		clerk: '于俪',
		payee: '',
		checker: '',
		// TextObjects 6946 ("    ") + 6947, trimmed and joined.
		note: '收款人:李蓉蓉;    复核人:周欣铭;',
		// The QR exists only as the image Doc_0/Res/image_6920.png; the file holds no QR text.
		qr: null,
		pages: 1,
		lines: 1,
		line: {
			index: 0,
			values: {
				// TextObjects 6939 "*信息技术服务*技术服务" + 6940 "费" (the name wraps onto a second line).
				Item: '*信息技术服务*技术服务费',
				Specification: '',
				MeasurementDimension: '',
				Price: '4197.16981132075',
				Quantity: '1',
				Amount: '4197.17',
				TaxScheme: '6%',
				TaxAmount: '251.83',
			},
		},
	},
	'ofdrw_converter_999_vat-e-common-multipage-huhuang-2020.ofd': {
		source: 'original_invoice',
		type: '026',
		title: '重庆增值税电子普通发票',
		code: '050001700111',
		number: '12235358',
		date: '2020年08月05日',
		checkCode: '16630282980991510014',
		machine: '016000019234',
		buyer: { name: '个人', taxId: '', addrTel: '', account: '' },
		seller: {
			name: '财天下科技有限公司',
			taxId: '91500102563638729E',
			addrTel: '北京市海淀区颐和园西路一亩园11号',
			account: '建设银行625555888900998711',
		},
		exclusive: '10000.00',
		tax: '600.00',
		inclusive: '10600.00',
		words: '壹万零陆佰圆整',
		clerk: '任盈盈',
		payee: '张一诺',
		checker: '张嘉诺',
		note: '',
		qr: '01,10,050001700111,12235358,10000.00,20200805,16630282980991510014,7257',
		pages: 5,
		lines: 100,
		line: {
			index: 99,
			values: {
				Item: '*餐饮服务*餐费',
				Specification: '',
				MeasurementDimension: '',
				Price: '',
				Quantity: '',
				Amount: '100.00',
				TaxScheme: '6%',
				TaxAmount: '6.00',
			},
		},
	},
	'ofdrw_converter_SignScaleError_vat-e-common-nuonuo-xbrl-2022.ofd': {
		source: 'xbrl',
		type: '026',
		title: '浙江增值税电子普通发票',
		code: '033002200211',
		number: '99934328',
		// XBRL writes the date ISO-style.
		date: '2022-09-01',
		checkCode: '64484022470182298515',
		machine: '661103328867',
		buyer: { name: '江苏中电创新环境科技有限公司', taxId: '913202133140424571', addrTel: '', account: '' },
		seller: {
			name: '杭州融运科技有限公司',
			taxId: '91330106MA7GAL1299',
			addrTel: '浙江省杭州市西湖区西溪首座5号楼320室-10571-88771512',
			account: '招商银行股份有限公司杭州西溪小微企业专营支行 571917376710101',
		},
		exclusive: '9.91',
		tax: '1.29',
		inclusive: '11.20',
		words: '壹拾壹圆贰角',
		clerk: '李雪蓉',
		payee: '汪生舟',
		checker: '施丽华',
		note: '',
		qr: null,
		// Document.xml declares one page (Pages/Page_1/Content.xml is in the archive but not declared).
		pages: 1,
		lines: 1,
		line: {
			index: 0,
			values: {
				Item: '*金属制品*A系列一字形螺丝批3.2x75MM',
				Specification: '62202',
				MeasurementDimension: '批',
				Price: '9.91150442',
				Quantity: '1.00',
				Amount: '9.91',
				TaxScheme: '13.00%',
				TaxAmount: '1.29',
			},
		},
	},
	'ofdrw_converter_draw_param_ref_vat-e-common-baiwang-test-2020.ofd': {
		source: 'original_invoice',
		type: '026',
		title: '北京增值税电子普通发票',
		code: '011002680026',
		number: '71500013',
		date: '2020年02月20日',
		checkCode: '03272875819686271285',
		machine: '',
		buyer: {
			name: '百望股份有限公司',
			taxId: '91110108339805094M',
			addrTel: '北京市海淀区北清路81号一区1号楼14层15层 010-84782665',
			account: '中国建设银行北京苏州桥支行11001079800053014887',
		},
		seller: {
			name: 'ukey测试',
			taxId: '91110101202001201',
			addrTel: '重庆市沙坪坝区狮子路11号',
			account: '重庆商业银行624562566022125',
		},
		exclusive: '9709.00',
		tax: '291.00',
		inclusive: '10000.00',
		words: '壹万圆整',
		clerk: '李大山',
		payee: '付强',
		checker: '王宝宝',
		note: '稻谷交易',
		// GraphCode holds a base64 PNG, not the QR text.
		qr: null,
		pages: 5,
		lines: 100,
		line: {
			index: 42,
			values: {
				Item: '*谷物*稻谷',
				Specification: '',
				MeasurementDimension: '克',
				Price: '97.09',
				Quantity: '1',
				Amount: '97.09',
				TaxScheme: '3%',
				TaxAmount: '2.91',
			},
		},
	},
	'ofdrw_layout_no_page_container_vat-e-common-taxexempt-2020.ofd': {
		source: 'original_invoice',
		type: '026',
		title: '上海增值税电子普通发票',
		code: '031001900511',
		number: '04875996',
		date: '2020年04月20日',
		checkCode: '77669856890717802165',
		machine: '661933656579',
		buyer: { name: '上海浪潮云计算服务有限公司', taxId: '91310108342080987A', addrTel: '', account: '' },
		seller: {
			name: '上海阿金大白餐饮管理有限公司',
			taxId: '91310110MA1G8YNR76',
			addrTel: '上海市杨浦区周家嘴路3255号9楼（集中登记地） 021-55271392',
			account: '交通银行股份有限公司上海杨浦支行 310066690018800082932',
		},
		exclusive: '57.00',
		tax: '***',
		inclusive: '57.00',
		words: '伍拾柒圆整',
		clerk: 'admin',
		payee: '刘冬梅',
		checker: '张闻一',
		note: '',
		qr: '01,10,031001900511,04875996,57,20200420,77669856890717802165,64CF,',
		pages: 1,
		lines: 1,
		line: {
			index: 0,
			values: {
				Item: '*餐饮服务*餐饮服务',
				Specification: '',
				MeasurementDimension: '',
				Price: '57',
				Quantity: '1',
				Amount: '57.00',
				TaxScheme: '免税',
				TaxAmount: '***',
			},
		},
	},
	'ofdrw_ofdrw_csfapiao1_hubei-wuhan-metro-MASKED_vat-e-common.ofd': {
		// No attachment, tags or CustomDatas: only the printed page, read by position (values are drawn before
		// their labels in the stream). Code, number, tax ids and buyer are masked by the publisher.
		source: 'page-text',
		type: '026',
		title: '湖北增值税电子普通发票',
		code: '000000000000',
		number: '00000000',
		// Printed "2024      11     07" with 年 and 月日 as separate text objects.
		date: '2024年11月07日',
		// Printed in groups of five: "00000 00000 00000 25245".
		checkCode: '00000000000000025245',
		machine: '999999999999',
		buyer: { name: 'xxxxxxx有限公司', taxId: '00000000000000000', addrTel: '', account: '' },
		seller: {
			name: '武汉地铁集团有限公司',
			taxId: '000000000000000000',
			addrTel: '湖北省武汉市硚口区京汉大道99号027-83481111',
			account: '工商银行武汉市硚口支行 3202003719200093056',
		},
		exclusive: '11.92',
		tax: '1.08',
		// Printed "¥ 13.00".
		inclusive: '13.00',
		words: '壹拾叁圆整',
		clerk: 'xxx',
		payee: '武汉地铁',
		checker: 'xxx',
		note: '轨道交通服务',
		qr: null,
		pages: 1,
		lines: 3,
		line: {
			index: 2,
			values: {
				Item: '*运输服务*城市轨道交通服务',
				Specification: '',
				MeasurementDimension: '',
				Price: '',
				Quantity: '',
				Amount: '6.42',
				TaxScheme: '9%',
				TaxAmount: '0.58',
			},
		},
	},
};

const read = (file: string, sources?: OfdSource[]) => readOfdInvoice(readFixture('ofd', file), { sources });

test('every OFD fixture has written-out expectations', () => {
	const files = listFixtures('ofd').filter((name: string) => name.endsWith('.ofd'));
	expect(files.sort()).toEqual(Object.keys(SAMPLES).sort());
});

describe.each(Object.entries(SAMPLES))('%s', (file, e) => {
	let invoice: OfdInvoice;
	beforeAll(async () => {
		invoice = await read(file);
	});

	test('header fields', () => {
		expect(invoice.OfdSource).toBe(e.source);
		expect(invoice.Type).toBe(e.type);
		expect(invoice.InvoiceTitle).toBe(e.title);
		expect(invoice.InvoiceCode).toBe(e.code);
		expect(invoice.InvoiceNumber).toBe(e.number);
		expect(invoice.IssueDate).toBe(e.date);
		expect(invoice.InvoiceCheckCode).toBe(e.checkCode);
		expect(invoice.MachineNumber).toBe(e.machine);
		expect(invoice.InvoiceClerk).toBe(e.clerk);
		expect(invoice.Payee).toBe(e.payee);
		expect(invoice.Checker).toBe(e.checker);
		expect(invoice.Note).toBe(e.note);
		expect(invoice.QrCode).toBe(e.qr);
		expect(invoice.PageCount).toBe(e.pages);
	});

	test('parties', () => {
		expect(invoice.Buyer.Name).toBe(e.buyer.name);
		expect(invoice.Buyer.TaxId).toBe(e.buyer.taxId);
		expect(invoice.Seller.Name).toBe(e.seller.name);
		expect(invoice.Seller.TaxId).toBe(e.seller.taxId);
		if (e.buyer.addrTel !== undefined) expect(invoice.Buyer.AddrTel).toBe(e.buyer.addrTel);
		if (e.buyer.account !== undefined) expect(invoice.Buyer.FinancialAccount).toBe(e.buyer.account);
		if (e.seller.addrTel !== undefined) expect(invoice.Seller.AddrTel).toBe(e.seller.addrTel);
		if (e.seller.account !== undefined) expect(invoice.Seller.FinancialAccount).toBe(e.seller.account);
	});

	test('totals', () => {
		expect(invoice.TaxExclusiveTotalAmount).toBe(e.exclusive);
		expect(invoice.TaxTotalAmount).toBe(e.tax);
		expect(invoice.TaxInclusiveTotalAmount).toBe(e.inclusive);
		expect(invoice.TaxInclusiveTotalAmountInWords).toBe(e.words);
	});

	test('goods lines', () => {
		expect(invoice.GoodsInfos).toHaveLength(e.lines);
		expect(invoice.GoodsInfos[e.line.index]).toEqual(e.line.values);
	});

	test('the TaxControlCode (密码区) is read when the source has it', () => {
		if (e.source === 'original_invoice') expect(invoice.TaxControlCode.length).toBeGreaterThan(50);
		else expect(invoice.TaxControlCode).toBe('');
	});
});

test('the 999 sample keeps all 100 lines of the 销货清单 and they add up to the total', async () => {
	const invoice = await read('ofdrw_converter_999_vat-e-common-multipage-huhuang-2020.ofd');
	const cents = invoice.GoodsInfos.reduce((sum, line) => sum + Math.round(Number(line.Amount) * 100), 0);
	expect(cents).toBe(1_000_000);
});

test('the Baiwang sample lines add up to its 合计金额 (100 × 97.09 = 9709.00)', async () => {
	const invoice = await read('ofdrw_converter_draw_param_ref_vat-e-common-baiwang-test-2020.ofd');
	const cents = invoice.GoodsInfos.reduce((sum, line) => sum + Math.round(Number(line.Amount) * 100), 0);
	expect(cents).toBe(970_900);
});

describe('custom tags agree with the original_invoice attachment (independent paths through the file)', () => {
	const files = Object.entries(SAMPLES)
		.filter(([, e]) => e.source === 'original_invoice')
		.map(([file]) => file)
		.filter((file) => !file.startsWith('ofdrw_layout_no_page_container')); // that sample has no tags

	test.each(files)('%s', async (file) => {
		const fromAttachment = await read(file, ['original_invoice']);
		const fromTags = await read(file, ['custom-tags']);
		expect(fromTags.OfdSource).toBe('custom-tags');
		const headline = (i: OfdInvoice) => ({
			code: i.InvoiceCode,
			number: i.InvoiceNumber,
			date: i.IssueDate,
			check: i.InvoiceCheckCode,
			buyer: i.Buyer.Name,
			seller: [i.Seller.Name, i.Seller.TaxId, i.Seller.AddrTel, i.Seller.FinancialAccount],
			totals: [i.TaxExclusiveTotalAmount, i.TaxTotalAmount, i.TaxInclusiveTotalAmount],
			people: [i.InvoiceClerk, i.Payee, i.Checker],
			title: i.InvoiceTitle,
			words: i.TaxInclusiveTotalAmountInWords,
		});
		expect(headline(fromTags)).toEqual(headline(fromAttachment));
		expect(fromTags.GoodsInfos).toEqual(fromAttachment.GoodsInfos);
		if (fromTags.TaxControlCode !== '') {
			expect(fromTags.TaxControlCode.replace(/\s/g, '')).toBe(fromAttachment.TaxControlCode.replace(/\s/g, ''));
		}
	});
});

test('OFD.xml CustomDatas alone still give the headline fields (last resort)', async () => {
	const invoice = await read('ofdrw_converter_1_vat-e-common-suwell-2020.ofd', ['ofd-custom-data']);
	expect(invoice.OfdSource).toBe('ofd-custom-data');
	expect(invoice.InvoiceCode).toBe('033002000211');
	expect(invoice.InvoiceNumber).toBe('83089647');
	// CustomData writes the check code in groups of five: "16197 83356 74145 07415".
	expect(invoice.InvoiceCheckCode).toBe('16197833567414507415');
	expect(invoice.TaxExclusiveTotalAmount).toBe('510.68');
	expect(invoice.TaxTotalAmount).toBe('15.32');
	expect(invoice.TaxInclusiveTotalAmount).toBe('');
	expect(invoice.Buyer.TaxId).toBe('91320115MA202UKD7X');
	// CustomDatas hold no lines: the printed page (read by position) supplies them, equal to the attachment's.
	expect(invoice.GoodsInfos).toEqual([
		{
			Item: '*餐饮服务*餐费',
			Specification: '',
			MeasurementDimension: '',
			Price: '510.679612',
			Quantity: '1',
			Amount: '510.68',
			TaxScheme: '3%',
			TaxAmount: '15.32',
		},
	]);
});

test('asking only for a source the file lacks gives NO_INVOICE_DATA', async () => {
	await expect(read('ofdrw_layout_no_page_container_vat-e-common-taxexempt-2020.ofd', ['custom-tags'])).rejects.toMatchObject({
		name: 'OfdError',
		code: 'NO_INVOICE_DATA',
	});
});

// ---------------------------------------------------------------------------------------------------------
// Shape: identical to Tencent's VerifyOfdVatInvoiceOCR example response.

type Shape = string | { [key: string]: Shape } | Shape[];

function shapeOf(value: unknown): Shape {
	if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : [];
	if (value !== null && typeof value === 'object') {
		const out: { [key: string]: Shape } = {};
		for (const key of Object.keys(value).sort()) out[key] = shapeOf((value as Record<string, unknown>)[key]);
		return out;
	}
	return typeof value;
}

describe('output shape', () => {
	const example = readJsonFixture('tencent', 'VerifyOfdVatInvoiceOCR.response.json').Response as Record<string, unknown>;
	const { RequestId, ...tencent } = example;

	test.each(Object.keys(SAMPLES))('%s has exactly the Tencent fields plus the OFD extras and the #21 additions', async (file) => {
		expect(typeof RequestId).toBe('string');
		const invoice = (await read(file)) as unknown as Record<string, unknown>;
		const tencentPart: Record<string, unknown> = {};
		const extraPart: Record<string, unknown> = {};
		const additions: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(invoice)) {
			if ((OFD_EXTRA_FIELDS as readonly string[]).includes(key)) extraPart[key] = value;
			else if ((LOCAL_ADDITION_FIELDS as readonly string[]).includes(key)) additions[key] = value;
			else tencentPart[key] = value;
		}
		// None of the samples is red-letter or carries a 特定业务 block.
		expect(additions).toEqual({ IsRedLetter: false, OriginalInvoiceNumber: '', OriginalInvoiceCode: '', SpecificBusiness: null });
		// InvoiceTitle is documented in Tencent's SDK model (VerifyOfdVatInvoiceOCRResponse.InvoiceTitle) but
		// missing from the example response; everything else must match key for key, type for type.
		const { InvoiceTitle, ...comparable } = tencentPart;
		expect(typeof InvoiceTitle).toBe('string');
		// The example's air-ticket segment list has one element; ours is empty for VAT invoices: compare the
		// element shape through the factory instead.
		const air = comparable.AirTicketInfo as { DetailInformationOfAirTicketTuple: unknown[] };
		expect(air.DetailInformationOfAirTicketTuple).toEqual([]);
		const withSegment = { ...comparable, AirTicketInfo: { ...air, DetailInformationOfAirTicketTuple: [emptyAirTicketSegment()] } };
		expect(shapeOf(withSegment)).toEqual(shapeOf(tencent));
		expect(Object.keys(extraPart).sort()).toEqual([...OFD_EXTRA_FIELDS].sort());
	});

	test('the OFD extras never reuse a Tencent field name', () => {
		for (const key of OFD_EXTRA_FIELDS) expect(Object.keys(example)).not.toContain(key);
	});
});
