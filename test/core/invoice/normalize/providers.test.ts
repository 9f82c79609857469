/**
 * Every provider example in the shared docs, normalized, written out field by field; then the same
 * answers in the shapes the OCR nodes emit (flattened, "Simplify on") and inside envelopes.
 */
import { normalizeInvoice, normalizeInvoices, type CanonicalInvoice } from '../../../../nodes/core/invoice/normalize';
import { readJsonFixture } from '../../../support/files';

type Json = Record<string, unknown>;

const tencentVatExample: CanonicalInvoice = {
	source: 'tencent-vat',
	invoiceType: 'vat_electronic_common',
	invoiceTitle: '天津增值税电子普通发票',
	invoiceCode: '012001100311',
	invoiceNumber: '63591128',
	issueDate: '2019-06-16',
	checkCode: '04656054380312409795',
	machineNumber: '499099606262',
	buyerName: '腾讯优图有限公司',
	buyerTaxId: '91440300MA55UJ6L44',
	buyerAddressPhone: null,
	buyerBankAccount: null,
	sellerName: '深圳腾讯游戏有限公司',
	sellerTaxId: '911201103409033300',
	sellerAddressPhone: '天津经济技术开发区南港工业区综合服务区办公楼',
	sellerBankAccount: '招商银行股份有限公司天津自由贸易试验区分行122905939910401',
	amountWithoutTax: 87.28,
	taxAmount: 2.62,
	totalAmount: 89.9,
	totalAmountInWords: '捌拾玖圆玖角整',
	remarks: null,
	drawer: '丽丽',
	payee: '张强',
	reviewer: '静静',
	isRedLetter: false,
	originalInvoiceNumber: null,
	originalInvoiceCode: null,
	trip: null,
	specificBusiness: null,
	lineItems: [
		{
			name: '客运服务费',
			specification: '无',
			unit: '次',
			quantity: 1,
			unitPrice: 87.28,
			amount: 87.28,
			taxRate: 0.03,
			taxRateText: '3%',
			taxAmount: 2.62,
		},
	],
	dedupKey: '012001100311-63591128',
	// Tencent's demo tax ids are made up; their check characters are wrong.
	warnings: [
		'buyerTaxId "91440300MA55UJ6L44" fails the GB 32100 check character (expected K)',
		'sellerTaxId "911201103409033300" fails the GB 32100 check character (expected J)',
	],
};

const tencentGeneralExample: CanonicalInvoice = {
	source: 'tencent-general',
	invoiceType: 'vat_special',
	invoiceTitle: '深圳增值税专用发票',
	invoiceCode: '4403152130',
	invoiceNumber: '14998456',
	issueDate: '2016-04-11',
	checkCode: null,
	machineNumber: null,
	buyerName: '深圳市腾讯计算机系统有限公司',
	buyerTaxId: '440300708461136',
	buyerAddressPhone: '深圳市南山区高新区高新南一路飞亚达大厦5-10楼0755-86013388',
	buyerBankAccount: '招商银行深圳分行振兴支行817282299619961',
	sellerName: '深圳市游戏科技有限公司',
	sellerTaxId: '440300094040109',
	sellerAddressPhone: '深圳市南山区高新南一道3号赋安科技大楼A座301室0755-86315454',
	sellerBankAccount: '浦发行深圳科技园支行79210154740015474',
	amountWithoutTax: 778.44,
	taxAmount: 46.71,
	totalAmount: 825.15,
	totalAmountInWords: '捌佰贰拾伍圆壹角伍分',
	remarks: null,
	drawer: '张三',
	payee: '李明',
	reviewer: '晓艾',
	isRedLetter: false,
	originalInvoiceNumber: null,
	originalInvoiceCode: null,
	trip: null,
	specificBusiness: null,
	lineItems: [
		{
			name: '技术服务费',
			specification: null,
			unit: null,
			quantity: null,
			unitPrice: null,
			amount: 778.44,
			taxRate: 0.06,
			taxRateText: '6%',
			taxAmount: 46.71,
		},
	],
	dedupKey: '4403152130-14998456',
	warnings: [],
};

const ofdLine = {
	name: '*餐饮服务*餐费',
	specification: null,
	unit: '次',
	quantity: -4,
	unitPrice: 25,
	amount: -100,
	taxRate: 0.06,
	taxRateText: '6%',
	taxAmount: -6,
};

const tencentOfdExample: CanonicalInvoice = {
	source: 'tencent-ofd',
	invoiceType: 'vat_electronic_common',
	invoiceTitle: null,
	invoiceCode: '0***11',
	invoiceNumber: '62***8',
	issueDate: '2020-06-18',
	checkCode: '1780***699',
	machineNumber: '016****903',
	buyerName: '科*****限公司',
	buyerTaxId: '915****002',
	buyerAddressPhone: '北京*****嘉园北门',
	buyerBankAccount: '北京****11',
	sellerName: '深圳*****有限公司',
	sellerTaxId: '915****8Y',
	sellerAddressPhone: '北京****号',
	sellerBankAccount: '建设*****711',
	amountWithoutTax: -300,
	taxAmount: -18,
	totalAmount: -318,
	totalAmountInWords: null,
	remarks: '对应正*****436',
	drawer: '任**',
	payee: '张***',
	reviewer: '张***',
	isRedLetter: true,
	originalInvoiceNumber: null,
	originalInvoiceCode: null,
	trip: null,
	specificBusiness: null,
	lineItems: [ofdLine, ofdLine, ofdLine],
	dedupKey: '0***11-62***8',
	// Tencent masks its demo values with *, so every code and id fails its format check.
	warnings: [
		'invoiceCode "0***11" should have 10 or 12 digits',
		'invoiceNumber "62***8" should have 8 digits',
		'checkCode "1780***699" should have 20 digits',
		'machineNumber "016****903" should have 12 digits',
		'buyerTaxId "915****002" has 10 characters; a taxpayer id has 15, 18 or 20',
		'sellerTaxId "915****8Y" has 9 characters; a taxpayer id has 15, 18 or 20',
	],
};

const qiniuExample: CanonicalInvoice = {
	source: 'qiniu-vat',
	invoiceType: 'vat_electronic_common',
	invoiceTitle: 'XX增值税电子普通发票',
	invoiceCode: '011002000611',
	invoiceNumber: '10178760',
	issueDate: '2020-12-14',
	checkCode: '16649652847559064366',
	machineNumber: '499098491560',
	buyerName: '北京字跳网络技术有限公司',
	buyerTaxId: '91110108MA01F2L25J',
	buyerAddressPhone: null,
	buyerBankAccount: null,
	sellerName: '北京滴滴出行科技有限公司',
	sellerTaxId: '91110108MA01G0FB09',
	sellerAddressPhone: '北京市海淀区东北旺西路8号院34号楼二层208号010-62682929',
	sellerBankAccount: '招商银行股份有限公司北京东三环支行110936504210806',
	amountWithoutTax: 73.92,
	taxAmount: null,
	totalAmount: 73.92,
	totalAmountInWords: '柒拾叁圆玖角贰分',
	remarks: null,
	drawer: '杜洪亮',
	payee: '张雪丽',
	reviewer: '蔡静',
	isRedLetter: false,
	originalInvoiceNumber: null,
	originalInvoiceCode: null,
	trip: null,
	specificBusiness: null,
	lineItems: [
		{
			name: '*运输服务*客运服务费',
			specification: '无',
			unit: '次',
			quantity: 1,
			unitPrice: 73.92,
			amount: 73.92,
			taxRate: null,
			taxRateText: '免税',
			taxAmount: null,
		},
	],
	dedupKey: '011002000611-10178760',
	warnings: [],
};

const icuapiExample: CanonicalInvoice = {
	source: 'tencent-vat',
	invoiceType: 'vat_electronic_common',
	invoiceTitle: '北京增值税电子普通发票',
	invoiceCode: '011001800411',
	invoiceNumber: '54154920',
	issueDate: '2019-12-25',
	checkCode: '07913656724600617435',
	machineNumber: '499098828273',
	buyerName: '潍坊华创信息技术有限公司',
	buyerTaxId: '91370702MA3CFQ7C9U',
	buyerAddressPhone: null,
	buyerBankAccount: null,
	sellerName: '北京物美便利超市有限公司',
	sellerTaxId: '91110107700296893E',
	sellerAddressPhone: '北京市石景山区八大处高科技园区实兴东街1号6008室4001016016',
	sellerBankAccount: '工行北京玉东支行0200207829200086396',
	amountWithoutTax: 15.31,
	taxAmount: 1.99,
	totalAmount: 17.3,
	totalAmountInWords: '壹拾柒元叁角整',
	remarks: null,
	drawer: '物美',
	payee: null,
	reviewer: null,
	isRedLetter: false,
	originalInvoiceNumber: null,
	originalInvoiceCode: null,
	trip: null,
	specificBusiness: null,
	lineItems: [
		{
			name: '*日用杂品*日用品',
			specification: null,
			unit: null,
			quantity: null,
			unitPrice: null,
			amount: 15.31,
			taxRate: 0.13,
			taxRateText: '13%',
			taxAmount: 1.99,
		},
	],
	dedupKey: '011001800411-54154920',
	warnings: [],
};

const localEasyofd: CanonicalInvoice = {
	source: 'ofd-local',
	invoiceType: 'vat_electronic_special',
	invoiceTitle: '贵州增值税电子专用发票',
	invoiceCode: '052002100113',
	invoiceNumber: '00008006',
	issueDate: '2022-05-05',
	checkCode: '18001801513030862041',
	machineNumber: '667124395767',
	buyerName: '中国移动通信集团贵州有限公司黔南分公司',
	buyerTaxId: '91522701709696623X',
	buyerAddressPhone: '贵州省黔南布依族苗族自治州都匀市龙山大道伯爵国际花园13栋1层1号 13908546986',
	buyerBankAccount: '中国工商银行股份有限公司贵阳省政府支行 2402012219200041549',
	sellerName: '独山县城南网格刘梦阳通讯店',
	sellerTaxId: '92522726MA7GNHJ07M',
	sellerAddressPhone: '独山县金海龙庭A栋2单元904号13765480901',
	sellerBankAccount: '中国建设银行股份有线公司独山支行6217007130003921667',
	amountWithoutTax: 24519.05,
	taxAmount: 735.57,
	totalAmount: 25254.62,
	totalAmountInWords: '贰万伍仟贰佰伍拾肆圆陆角贰分',
	remarks: null,
	drawer: '管理员',
	payee: '管理员',
	reviewer: '管理员',
	isRedLetter: false,
	originalInvoiceNumber: null,
	originalInvoiceCode: null,
	trip: null,
	specificBusiness: null,
	lineItems: [
		{
			name: '*经纪代理服务*经纪代理服务',
			specification: null,
			unit: '月',
			quantity: 1,
			unitPrice: 24519.05,
			amount: 24519.05,
			taxRate: 0.03,
			taxRateText: '3%',
			taxAmount: 735.57,
		},
	],
	dedupKey: '052002100113-00008006',
	warnings: [],
};

const localTaxExempt: CanonicalInvoice = {
	source: 'ofd-local',
	invoiceType: 'vat_electronic_common',
	invoiceTitle: '上海增值税电子普通发票',
	invoiceCode: '031001900511',
	invoiceNumber: '04875996',
	issueDate: '2020-04-20',
	checkCode: '77669856890717802165',
	machineNumber: '661933656579',
	buyerName: '上海浪潮云计算服务有限公司',
	buyerTaxId: '91310108342080987A',
	buyerAddressPhone: null,
	buyerBankAccount: null,
	sellerName: '上海阿金大白餐饮管理有限公司',
	sellerTaxId: '91310110MA1G8YNR76',
	sellerAddressPhone: '上海市杨浦区周家嘴路3255号9楼（集中登记地） 021-55271392',
	sellerBankAccount: '交通银行股份有限公司上海杨浦支行 310066690018800082932',
	amountWithoutTax: 57,
	taxAmount: null,
	totalAmount: 57,
	totalAmountInWords: '伍拾柒圆整',
	remarks: null,
	drawer: 'admin',
	payee: '刘冬梅',
	reviewer: '张闻一',
	isRedLetter: false,
	originalInvoiceNumber: null,
	originalInvoiceCode: null,
	trip: null,
	specificBusiness: null,
	lineItems: [
		{
			name: '*餐饮服务*餐饮服务',
			specification: null,
			unit: null,
			quantity: 1,
			unitPrice: 57,
			amount: 57,
			taxRate: null,
			taxRateText: '免税',
			taxAmount: null,
		},
	],
	dedupKey: '031001900511-04875996',
	warnings: [],
};

/** The 20-digit 数电 number of the ofdrw 2024 sample, which is also its dedup key. */
const DIGITAL_NUMBER = '24112000000048542163';

const localDigital: CanonicalInvoice = {
	source: 'ofd-local',
	invoiceType: 'digital_special',
	invoiceTitle: '电子发票（增值税专用发票）',
	invoiceCode: null,
	invoiceNumber: DIGITAL_NUMBER,
	issueDate: '2024-05-28',
	checkCode: null,
	machineNumber: null,
	buyerName: null,
	buyerTaxId: '91460300MAA92DJN95',
	buyerAddressPhone: null,
	buyerBankAccount: null,
	sellerName: null,
	sellerTaxId: '91110108690017781B',
	sellerAddressPhone: null,
	sellerBankAccount: null,
	amountWithoutTax: 4197.17,
	taxAmount: 251.83,
	totalAmount: 4449, // from the QR code, which carries 价税合计 on 数电 invoices
	totalAmountInWords: '肆仟肆佰肆拾玖圆整',
	remarks: null,
	drawer: null,
	payee: null,
	reviewer: null,
	isRedLetter: false,
	originalInvoiceNumber: null,
	originalInvoiceCode: null,
	trip: null,
	specificBusiness: null,
	lineItems: [],
	dedupKey: DIGITAL_NUMBER,
	warnings: ['required fields missing: buyerName, sellerName'],
};

const tencent = (name: string): Json => readJsonFixture('tencent', `${name}.response.json`) as Json;
const provider = (name: string): Json => readJsonFixture('providers', name) as Json;
const localItems = (): Json[] => (provider('local-ofd-reader.items.json') as { items: Json[] }).items;

const meta = (provider: string, api: string): Json => ({
	provider,
	api,
	fileName: 'invoice.pdf',
	mimeType: 'application/pdf',
	binaryProperty: 'data',
	sourceUrl: null,
	page: 1,
	pageCount: 1,
	requestId: 'req-1',
});

/** VatInvoiceInfos as the VAT Invoice OCR node flattens it: Name → Value, first one wins. */
function nameValueObject(infos: Array<{ Name: string; Value: string }>): Json {
	const out: Json = {};
	for (const info of infos) if (!(info.Name in out)) out[info.Name] = info.Value;
	return out;
}

describe('provider examples → the canonical invoice', () => {
	test('Tencent VatInvoiceOCR, as the HTTP Request node returns it (under Response)', () => {
		expect(normalizeInvoices(tencent('VatInvoiceOCR'))).toEqual([tencentVatExample]);
	});

	test('Tencent RecognizeGeneralInvoice', () => {
		expect(normalizeInvoices(tencent('RecognizeGeneralInvoice'))).toEqual([tencentGeneralExample]);
	});

	test('Tencent VerifyOfdVatInvoiceOCR: a red-letter invoice keeps its negative amounts', () => {
		expect(normalizeInvoices(tencent('VerifyOfdVatInvoiceOCR'))).toEqual([tencentOfdExample]);
	});

	test('Qiniu VAT invoice OCR: unit_prict, *** tax and 免税', () => {
		expect(normalizeInvoices(provider('qiniu-vat-invoice-ocr.response.json'))).toEqual([qiniuExample]);
	});

	test("icuapi's {code, msg, data} envelope around VatInvoiceOCR", () => {
		expect(normalizeInvoices(provider('icuapi-vat-invoice-ocr.response.json'))).toEqual([icuapiExample]);
	});

	test('Tencent MixedInvoiceOCR (older API) reads the same invoice as RecognizeGeneralInvoice', () => {
		expect(normalizeInvoices(tencent('MixedInvoiceOCR'))).toEqual([{ ...tencentGeneralExample, source: 'tencent-mixed' }]);
	});

	test('the local OFD reader: 专票, 免税 and a 数电 invoice typed by its title and QR code', () => {
		const [easyofd, exempt, digital] = localItems();
		expect(normalizeInvoice(easyofd)).toEqual(localEasyofd);
		expect(normalizeInvoice(exempt)).toEqual(localTaxExempt);
		expect(normalizeInvoice(digital)).toEqual(localDigital);
	});

	test('the local reader without a title still gets its type from the QR code', () => {
		const [, , digital] = localItems();
		const untitled = { ...digital };
		delete untitled.InvoiceTitle;
		expect(normalizeInvoice(untitled)).toMatchObject({ invoiceType: 'digital_special', invoiceTitle: null });
	});
});

describe('the OCR nodes\' flattened output ("Simplify on")', () => {
	test('VatInvoiceOCR: VatInvoiceInfos as a Name → Value object beside the metadata', () => {
		const response = tencent('VatInvoiceOCR').Response as { VatInvoiceInfos: Array<{ Name: string; Value: string }>; Items: unknown };
		const item = {
			...meta('tencent', 'VatInvoiceOCR'),
			VatInvoiceInfos: nameValueObject(response.VatInvoiceInfos),
			Items: response.Items,
		};
		expect(normalizeInvoice(item)).toEqual(tencentVatExample);
	});

	test('RecognizeGeneralInvoice: the SubType payload spread at the top level', () => {
		const mixed = (tencent('RecognizeGeneralInvoice').Response as { MixedInvoiceItems: Json[] }).MixedInvoiceItems[0];
		const info = (mixed.SingleInvoiceInfos as Json).VatSpecialInvoice as Json;
		const item = {
			...meta('tencent', 'RecognizeGeneralInvoice'),
			...info,
			Type: mixed.Type,
			SubType: mixed.SubType,
			TypeDescription: mixed.TypeDescription,
			SubTypeDescription: mixed.SubTypeDescription,
		};
		expect(normalizeInvoice(item)).toEqual(tencentGeneralExample);
		// Without the metadata, the shape alone is enough.
		expect(normalizeInvoice({ ...info, SubType: mixed.SubType })).toEqual(tencentGeneralExample);
	});

	test('QiniuVatInvoiceOCR: license_main spread at the top level', () => {
		const main = ((provider('qiniu-vat-invoice-ocr.response.json').data as Json).license_main as Json);
		expect(normalizeInvoice({ ...meta('qiniu', 'QiniuVatInvoiceOCR'), ...main })).toEqual(qiniuExample);
		expect(normalizeInvoice({ ...main })).toEqual(qiniuExample);
	});

	test('VerifyOfdVatInvoiceOCR: the response spread at the top level', () => {
		const response = tencent('VerifyOfdVatInvoiceOCR').Response as Json;
		expect(normalizeInvoice({ ...meta('tencent', 'VerifyOfdVatInvoiceOCR'), ...response })).toEqual(tencentOfdExample);
	});

	test('the same OFD answer marked as the local reader becomes ofd-local', () => {
		const response = tencent('VerifyOfdVatInvoiceOCR').Response as Json;
		expect(normalizeInvoice({ ...meta('local', 'LocalOfdReader'), ...response })).toEqual({
			...tencentOfdExample,
			source: 'ofd-local',
		});
	});
});

describe('where the response sits in the item', () => {
	const response = tencent('VatInvoiceOCR').Response as Json;

	test('at the root, under Response, under body, under data.Response', () => {
		expect(normalizeInvoice(response)).toEqual(tencentVatExample);
		expect(normalizeInvoice({ Response: response })).toEqual(tencentVatExample);
		expect(normalizeInvoice({ body: { Response: response }, statusCode: 200, headers: {} })).toEqual(tencentVatExample);
		expect(normalizeInvoice({ code: 0, msg: 'ok', data: { Response: response } })).toEqual(tencentVatExample);
	});

	test('under a field the user names, as a dot path or a JSON string', () => {
		const item = { result: { ocr: [{ answer: { Response: response } }] } };
		expect(normalizeInvoice(item, { sourceField: 'result.ocr.0.answer' })).toEqual(tencentVatExample);
		expect(normalizeInvoice(item, { sourceField: 'result.ocr[0].answer.Response' })).toEqual(tencentVatExample);
		expect(normalizeInvoice({ text: JSON.stringify({ Response: response }) }, { sourceField: 'text' })).toEqual(
			tencentVatExample,
		);
	});

	test('normalizeInvoice wants exactly one invoice; normalizeInvoices returns them all', () => {
		const general = tencent('RecognizeGeneralInvoice') as { Response: { MixedInvoiceItems: Json[] } };
		const two = { Response: { MixedInvoiceItems: [general.Response.MixedInvoiceItems[0], general.Response.MixedInvoiceItems[0]] } };
		expect(normalizeInvoices(two)).toEqual([tencentGeneralExample, tencentGeneralExample]);
		expect(() => normalizeInvoice(two)).toThrow('The response holds 2 invoices');
	});
});
