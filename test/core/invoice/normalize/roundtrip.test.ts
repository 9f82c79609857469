/**
 * Property test: random canonical invoices (consistent, so no warnings), rendered into each
 * provider's shape with the cosmetic noise providers add (No prefixes, ¥, thousands separators,
 * full-width digits, grouped check codes, Chinese dates), normalized back: they come back equal,
 * except the fields a shape cannot carry, which come back null.
 */
import {
	amountToWords,
	dedupKeyOf,
	normalizeInvoices,
	usccCheckChar,
	type CanonicalInvoice,
	type CanonicalLineItem,
	type InvoiceSource,
	type InvoiceType,
} from '../../../../nodes/core/invoice/normalize';
import { seededRandom } from '../../../helpers/random';

type Json = Record<string, unknown>;

class Gen {
	constructor(readonly next: () => number) {}
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}
	pick<T>(list: readonly T[]): T {
		return list[this.int(0, list.length - 1)];
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
	digits(n: number): string {
		let s = '';
		for (let i = 0; i < n; i++) s += String(this.int(0, 9));
		return s;
	}
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CITIES = ['北京', '上海', '天津', '深圳', '贵州', '浙江'];
const COMPANY_WORDS = ['腾讯', '滴滴', '物美', '浪潮', '阿金', '华创', '字跳', '游戏'];
const GOODS = ['*餐饮服务*餐费', '*运输服务*客运服务费', '*经纪代理服务*代理费', '*日用杂品*日用品', '*信息技术服务*技术服务费'];
const RATES: Array<[string, number | null]> = [
	['13%', 0.13],
	['9%', 0.09],
	['6%', 0.06],
	['3%', 0.03],
	['1%', 0.01],
	['1.5%', 0.015],
	['0%', 0],
	['免税', null],
	['不征税', null],
];

function uscc(g: Gen): string {
	let first17 = g.pick(['91', '92', '93', '52', 'Y1']) + g.digits(6);
	for (let i = 0; i < 9; i++) first17 += USCC_CHARS[g.int(0, USCC_CHARS.length - 1)];
	return first17 + usccCheckChar(first17);
}

function company(g: Gen): string {
	const name = `${g.pick(CITIES)}${g.pick(COMPANY_WORDS)}${g.pick(COMPANY_WORDS)}有限公司`;
	return g.chance(0.2) ? name.replace('有限公司', '（上海）有限公司') : name;
}

const TITLES: Record<InvoiceType, (city: string) => string> = {
	vat_special: (c) => `${c}增值税专用发票`,
	vat_common: (c) => `${c}增值税普通发票`,
	vat_electronic_special: (c) => `${c}增值税电子专用发票`,
	vat_electronic_common: (c) => `${c}增值税电子普通发票`,
	digital_special: () => '电子发票（增值税专用发票）',
	digital_common: () => '电子发票（普通发票）',
	vat_roll: (c) => `${c}增值税普通发票（卷票）`,
	toll: (c) => `${c}增值税电子普通发票（通行费）`,
	railway_ticket: () => '电子发票（铁路电子客票）',
	air_itinerary: () => '电子发票（航空运输电子客票行程单）',
	taxi: (c) => `${c}出租汽车专用发票`,
	quota: (c) => `${c}通用定额发票`,
	other: () => '其他发票',
};

const isDigital = (t: InvoiceType) => t === 'digital_special' || t === 'digital_common';
const isSpecial = (t: InvoiceType) => t === 'vat_special' || t === 'vat_electronic_special' || t === 'digital_special';

/** A random consistent canonical invoice of one of `types`. */
function randomInvoice(g: Gen, types: readonly InvoiceType[], source: InvoiceSource): CanonicalInvoice {
	const invoiceType = g.pick(types);
	const digital = isDigital(invoiceType);
	const negative = g.chance(0.15);
	const sign = negative ? -1 : 1;
	const lineCount = g.int(1, 5);
	const exemptInvoice = g.chance(0.15);
	const lineItems: CanonicalLineItem[] = [];
	let amountCents = 0;
	let taxCents = 0;
	for (let i = 0; i < lineCount; i++) {
		const [text, rate] = exemptInvoice ? g.pick(RATES.slice(7)) : g.pick(RATES.slice(0, 7));
		const cents = sign * g.int(1, g.chance(0.3) ? 100000000 : 100000);
		const lineTax = rate === null ? null : Math.round(cents * rate);
		const quantity = g.chance(0.7) ? sign * g.int(1, 50) : null;
		const unitPrice = quantity === null ? null : Number((cents / 100 / quantity).toFixed(6));
		lineItems.push({
			name: g.pick(GOODS),
			specification: g.chance(0.5) ? null : g.pick(['无', 'A4', '500g']),
			unit: g.chance(0.4) ? null : g.pick(['次', '个', '月', '千克']),
			quantity,
			unitPrice,
			amount: cents / 100,
			taxRate: rate,
			taxRateText: text,
			taxAmount: lineTax === null ? null : lineTax / 100,
		});
		amountCents += cents;
		if (lineTax !== null) taxCents += lineTax;
	}
	const totalCents = amountCents + taxCents;
	const year = g.int(2017, 2025);
	const month = g.int(1, 12);
	const day = g.int(1, 28);
	const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
	const city = g.pick(CITIES);
	const words = amountToWords(totalCents / 100);
	const invoice: CanonicalInvoice = {
		source,
		invoiceType,
		invoiceTitle: TITLES[invoiceType](city),
		invoiceCode: digital ? null : g.chance(0.5) ? `0${g.digits(11)}` : g.digits(10),
		invoiceNumber: digital ? `${pad(year % 100)}${g.digits(18)}` : g.digits(8),
		issueDate: `${year}-${pad(month)}-${pad(day)}`,
		checkCode: digital ? null : g.digits(20),
		machineNumber: digital ? null : g.digits(12),
		buyerName: company(g),
		buyerTaxId: isSpecial(invoiceType) || g.chance(0.8) ? uscc(g) : null,
		buyerAddressPhone: g.chance(0.5) ? null : `${city}市某区某路${g.int(1, 999)}号 010-${g.digits(8)}`,
		buyerBankAccount: g.chance(0.5) ? null : `中国银行${city}分行 ${g.digits(16)}`,
		sellerName: company(g),
		sellerTaxId: uscc(g),
		sellerAddressPhone: g.chance(0.3) ? null : `${city}市某区某街${g.int(1, 999)}号${g.digits(11)}`,
		sellerBankAccount: g.chance(0.3) ? null : `招商银行${city}分行${g.digits(15)}`,
		amountWithoutTax: amountCents / 100,
		taxAmount: exemptInvoice ? null : taxCents / 100,
		totalAmount: totalCents / 100,
		totalAmountInWords: g.chance(0.3) ? words.replace('圆', '元') : words,
		remarks: g.chance(0.6) ? null : g.pick(['订单号 12345', '项目：维护', '对应正数发票代码:011002000611']),
		drawer: g.chance(0.1) ? null : g.pick(['张三', '管理员', 'admin']),
		payee: g.chance(0.3) ? null : g.pick(['李明', '刘冬梅']),
		reviewer: g.chance(0.3) ? null : g.pick(['晓艾', '张闻一']),
		isRedLetter: negative,
		originalInvoiceNumber: null,
		originalInvoiceCode: null,
		trip: null,
		specificBusiness: null,
		lineItems,
		dedupKey: null,
		warnings: [],
	};
	invoice.dedupKey = dedupKeyOf(invoice);
	return invoice;
}

// Cosmetic noise, each of which the normalizer must undo.
const FULL = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

function money(g: Gen, value: number | null): string {
	if (value === null) return '';
	const fixed = value.toFixed(2);
	let text = fixed;
	if (g.chance(0.3)) text = fixed.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	if (g.chance(0.2)) text = `¥${text}`;
	else if (g.chance(0.1)) text = `￥${text}`;
	if (g.chance(0.05)) text = FULL(text);
	return text;
}

function plain(value: number | null): string {
	return value === null ? '' : String(value);
}

function tax(g: Gen, value: number | null): string {
	return value === null ? '***' : money(g, value);
}

function date(g: Gen, iso: string | null): string {
	if (iso === null) return '';
	const [y, m, d] = iso.split('-');
	switch (g.int(0, 3)) {
		case 0:
			return `${y}年${m}月${d}日`;
		case 1:
			return `${y}${m}${d}`;
		case 2:
			return `${y}年${Number(m)}月${Number(d)}日`;
		default:
			return iso;
	}
}

function num(g: Gen, number: string | null): string {
	if (number === null) return '';
	return g.chance(0.3) ? `No${number}` : g.chance(0.1) ? FULL(number) : number;
}

function check(g: Gen, code: string | null): string {
	if (code === null) return '';
	return g.chance(0.4) ? code.replace(/(\d{5})(?=\d)/g, '$1 ') : code;
}

function taxId(g: Gen, id: string | null): string {
	if (id === null) return '';
	return g.chance(0.1) ? ` ${id.toLowerCase()} ` : id;
}

function text(g: Gen, value: string | null): string {
	if (value === null) return '';
	return g.chance(0.1) ? ` ${value} ` : value;
}

interface Shape {
	name: string;
	source: InvoiceSource;
	types: readonly InvoiceType[];
	/** Fields the shape cannot carry: they come back null. */
	lacks?: (inv: CanonicalInvoice) => Array<keyof CanonicalInvoice>;
	render: (g: Gen, inv: CanonicalInvoice) => Json;
}

const VAT_TYPES: readonly InvoiceType[] = [
	'vat_special',
	'vat_common',
	'vat_electronic_special',
	'vat_electronic_common',
	'digital_special',
	'digital_common',
	'vat_roll',
	'toll',
];
const OFD_TYPES: readonly InvoiceType[] = ['vat_electronic_special', 'vat_electronic_common', 'digital_special', 'digital_common'];

function vatInvoiceInfos(g: Gen, inv: CanonicalInvoice): Array<{ Name: string; Value: string }> {
	const typeNames: Partial<Record<InvoiceType, string>> = {
		vat_special: '增值税专用发票',
		vat_common: '增值税普通发票',
		vat_electronic_special: '增值税电子专用发票',
		vat_electronic_common: '增值税电子普通发票',
	};
	const pairs: Array<[string, string]> = [
		['发票名称', text(g, inv.invoiceTitle)],
		['发票类型', typeNames[inv.invoiceType] ?? ''],
		['发票代码', inv.invoiceCode === null ? '' : g.chance(0.1) ? FULL(inv.invoiceCode) : inv.invoiceCode],
		['发票号码', num(g, inv.invoiceNumber)],
		['开票日期', date(g, inv.issueDate)],
		['校验码', check(g, inv.checkCode)],
		['机器编号', inv.machineNumber ?? ''],
		['购买方名称', text(g, inv.buyerName)],
		['购买方识别号', taxId(g, inv.buyerTaxId)],
		[g.chance(0.5) ? '购买方地址、电话' : '（购买方地址、电话）', text(g, inv.buyerAddressPhone)],
		['购买方开户行及账号', text(g, inv.buyerBankAccount)],
		['销售方名称', text(g, inv.sellerName)],
		['销售方识别号', taxId(g, inv.sellerTaxId)],
		['销售方地址、电话', text(g, inv.sellerAddressPhone)],
		['销售方开户行及账号', text(g, inv.sellerBankAccount)],
		['合计金额', money(g, inv.amountWithoutTax)],
		['合计税额', tax(g, inv.taxAmount)],
		['小写金额', money(g, inv.totalAmount)],
		['价税合计(大写)', inv.totalAmountInWords ?? ''],
		['备注', text(g, inv.remarks)],
		['开票人', text(g, inv.drawer)],
		['收款人', text(g, inv.payee)],
		['复核', text(g, inv.reviewer)],
		['二维码', '0'],
	];
	// Repeated names: the first wins, so a later duplicate must not change anything.
	pairs.push(['发票号码', '99999999']);
	return pairs.map(([Name, Value]) => ({ Name, Value }));
}

function vatItems(g: Gen, inv: CanonicalInvoice): Json[] {
	return inv.lineItems.map((line, i) => ({
		LineNo: String(i + 1),
		Name: line.name ?? '',
		Spec: line.specification ?? '',
		Unit: line.unit ?? '',
		Quantity: plain(line.quantity),
		UnitPrice: plain(line.unitPrice),
		AmountWithoutTax: money(g, line.amount),
		TaxRate: line.taxRateText ?? '',
		TaxAmount: tax(g, line.taxAmount),
	}));
}

const SUBTYPES: Partial<Record<InvoiceType, string>> = {
	vat_special: 'VatSpecialInvoice',
	vat_common: 'VatCommonInvoice',
	vat_electronic_special: 'VatElectronicSpecialInvoice',
	vat_electronic_common: 'VatElectronicCommonInvoice',
	digital_special: 'VatElectronicSpecialInvoiceFull',
	digital_common: 'VatElectronicInvoiceFull',
	vat_roll: 'VatInvoiceRoll',
	toll: 'VatElectronicInvoiceToll',
};

function generalInfo(g: Gen, inv: CanonicalInvoice): Json {
	const items = inv.lineItems.map((line) => ({
		Name: line.name ?? '',
		Specification: line.specification ?? '',
		Unit: line.unit ?? '',
		Quantity: plain(line.quantity),
		Price: plain(line.unitPrice),
		Total: money(g, line.amount),
		TaxRate: line.taxRateText ?? '',
		Tax: tax(g, line.taxAmount),
	}));
	const common = {
		Title: inv.invoiceTitle,
		Number: num(g, inv.invoiceNumber),
		Date: date(g, inv.issueDate),
		PretaxAmount: money(g, inv.amountWithoutTax),
		Tax: tax(g, inv.taxAmount),
		Total: money(g, inv.totalAmount),
		TotalCn: inv.totalAmountInWords ?? '',
		Seller: text(g, inv.sellerName),
		SellerTaxID: taxId(g, inv.sellerTaxId),
		Buyer: text(g, inv.buyerName),
		BuyerTaxID: taxId(g, inv.buyerTaxId),
		Issuer: text(g, inv.drawer),
		Remark: text(g, inv.remarks),
	};
	if (isDigital(inv.invoiceType)) {
		return { ...common, SubTotal: '', SubTax: '', TotalCnMark: '⊗', CompanySealMark: 1, VatElectronicItems: items };
	}
	return {
		...common,
		Code: inv.invoiceCode ?? '',
		CodeConfirm: inv.invoiceCode ?? '',
		NumberConfirm: inv.invoiceNumber ?? '',
		CheckCode: check(g, inv.checkCode),
		MachineCode: inv.machineNumber ?? '',
		BuyerAddrTel: text(g, inv.buyerAddressPhone),
		BuyerBankAccount: text(g, inv.buyerBankAccount),
		SellerAddrTel: text(g, inv.sellerAddressPhone),
		SellerBankAccount: text(g, inv.sellerBankAccount),
		Receiptor: text(g, inv.payee),
		Reviewer: text(g, inv.reviewer),
		AgentMark: 0,
		VatInvoiceItemInfos: items,
	};
}

function generalLacks(inv: CanonicalInvoice): Array<keyof CanonicalInvoice> {
	return isDigital(inv.invoiceType)
		? ['invoiceCode', 'checkCode', 'machineNumber', 'buyerAddressPhone', 'buyerBankAccount', 'sellerAddressPhone', 'sellerBankAccount', 'payee', 'reviewer']
		: [];
}

const OFD_TYPE_CODES: Partial<Record<InvoiceType, string>> = {
	vat_electronic_common: '026',
	vat_electronic_special: '028',
	digital_common: '010',
	digital_special: '020',
};
const QR_TYPE_CODES: Partial<Record<InvoiceType, string>> = {
	vat_electronic_common: '10',
	vat_electronic_special: '20',
	digital_common: '32',
	digital_special: '31',
};

function ofdResponse(g: Gen, inv: CanonicalInvoice): Json {
	return {
		Type: OFD_TYPE_CODES[inv.invoiceType],
		InvoiceTitle: g.chance(0.5) ? inv.invoiceTitle : '',
		InvoiceCode: inv.invoiceCode ?? '',
		InvoiceNumber: inv.invoiceNumber ?? '',
		IssueDate: date(g, inv.issueDate),
		InvoiceCheckCode: check(g, inv.checkCode),
		MachineNumber: inv.machineNumber ?? '',
		TaxControlCode: '',
		Buyer: {
			Name: text(g, inv.buyerName),
			TaxId: taxId(g, inv.buyerTaxId),
			AddrTel: text(g, inv.buyerAddressPhone),
			FinancialAccount: text(g, inv.buyerBankAccount),
		},
		Seller: {
			Name: text(g, inv.sellerName),
			TaxId: taxId(g, inv.sellerTaxId),
			AddrTel: text(g, inv.sellerAddressPhone),
			FinancialAccount: text(g, inv.sellerBankAccount),
		},
		TaxInclusiveTotalAmount: money(g, inv.totalAmount),
		InvoiceClerk: text(g, inv.drawer),
		Payee: text(g, inv.payee),
		Checker: text(g, inv.reviewer),
		TaxTotalAmount: tax(g, inv.taxAmount),
		TaxExclusiveTotalAmount: money(g, inv.amountWithoutTax),
		Note: text(g, inv.remarks),
		GoodsInfos: inv.lineItems.map((line) => ({
			Item: line.name ?? '',
			Specification: line.specification ?? '',
			MeasurementDimension: line.unit ?? '',
			Price: plain(line.unitPrice),
			Quantity: plain(line.quantity),
			Amount: money(g, line.amount),
			TaxScheme: line.taxRateText ?? '',
			TaxAmount: tax(g, line.taxAmount),
		})),
		RequestId: 'r-1',
	};
}

function qrCode(inv: CanonicalInvoice): string {
	const digital = isDigital(inv.invoiceType);
	const amount = (digital ? inv.totalAmount : inv.amountWithoutTax) ?? 0;
	return [
		'01',
		QR_TYPE_CODES[inv.invoiceType],
		inv.invoiceCode ?? '',
		inv.invoiceNumber,
		amount.toFixed(2),
		(inv.issueDate ?? '').replace(/-/g, ''),
		inv.checkCode ?? '',
		'ABCD',
	].join(',');
}

const QINIU_SUBTYPES: Partial<Record<InvoiceType, string>> = {
	vat_special: 'special_vat',
	vat_common: 'print_vat',
	vat_electronic_special: 'ele_special_vat',
	vat_electronic_common: 'ele_vat',
	digital_special: 'quandian_special_vat',
	digital_common: 'quandian_vat',
};

function licenseMain(g: Gen, inv: CanonicalInvoice): Json {
	return {
		sub_type: QINIU_SUBTYPES[inv.invoiceType],
		invoice_name: text(g, inv.invoiceTitle),
		invoice_code: inv.invoiceCode ?? '',
		invoice_no: num(g, inv.invoiceNumber),
		invoice_date: date(g, inv.issueDate),
		check_code: check(g, inv.checkCode),
		machine_num: inv.machineNumber ?? '',
		buyer_name: text(g, inv.buyerName),
		buyer_taxpayer_no: taxId(g, inv.buyerTaxId),
		buyer_address_phone: text(g, inv.buyerAddressPhone),
		buyer_account: text(g, inv.buyerBankAccount),
		seller_name: text(g, inv.sellerName),
		seller_taxpayer_no: taxId(g, inv.sellerTaxId),
		seller_address_phone: text(g, inv.sellerAddressPhone),
		seller_account: text(g, inv.sellerBankAccount),
		total_price: money(g, inv.amountWithoutTax),
		total_tax: tax(g, inv.taxAmount),
		total_price_and_tax: money(g, inv.totalAmount),
		big_total_price_and_tax: inv.totalAmountInWords ?? '',
		beizhu: text(g, inv.remarks),
		drawer: text(g, inv.drawer),
		payee: text(g, inv.payee),
		reviewer: text(g, inv.reviewer),
		is_sealed: 'true',
		entry: inv.lineItems.map((line) => ({
			entry_name: line.name ?? '',
			xinghao: line.specification ?? '',
			[g.chance(0.5) ? 'unit' : 'uint']: line.unit ?? '',
			quantity: plain(line.quantity),
			[g.chance(0.5) ? 'unit_prict' : 'unit_price']: plain(line.unitPrice),
			price_amount: money(g, line.amount),
			tax_rate: line.taxRateText ?? '',
			tax_amount: tax(g, line.taxAmount),
		})),
	};
}

const meta = (provider: string, api: string): Json => ({
	provider,
	api,
	fileName: 'invoice.pdf',
	mimeType: 'application/pdf',
	binaryProperty: 'data',
	sourceUrl: null,
	page: 1,
	pageCount: 1,
	requestId: 'r-1',
});

const SHAPES: Shape[] = [
	{
		name: 'Tencent VatInvoiceOCR response',
		source: 'tencent-vat',
		types: VAT_TYPES,
		render: (g, inv) => ({ Response: { VatInvoiceInfos: vatInvoiceInfos(g, inv), Items: vatItems(g, inv), RequestId: 'r-1' } }),
	},
	{
		name: 'VAT Invoice OCR node, Tencent',
		source: 'tencent-vat',
		types: VAT_TYPES,
		render: (g, inv) => {
			const infos: Json = {};
			for (const { Name, Value } of vatInvoiceInfos(g, inv)) if (!(Name in infos)) infos[Name] = Value;
			return { ...meta('tencent', 'VatInvoiceOCR'), VatInvoiceInfos: infos, Items: vatItems(g, inv) };
		},
	},
	{
		name: 'icuapi envelope',
		source: 'tencent-vat',
		types: VAT_TYPES,
		render: (g, inv) => ({ msg: '操作成功', code: 0, data: { VatInvoiceInfos: vatInvoiceInfos(g, inv), Items: vatItems(g, inv) } }),
	},
	{
		name: 'Tencent RecognizeGeneralInvoice response',
		source: 'tencent-general',
		types: VAT_TYPES,
		lacks: generalLacks,
		render: (g, inv) => {
			const subType = SUBTYPES[inv.invoiceType] as string;
			const infos: Json = { VatSpecialInvoice: null, VatElectronicInvoiceFull: null, TaxiTicket: null };
			infos[subType] = generalInfo(g, inv);
			return {
				Response: {
					MixedInvoiceItems: [{ Code: 'OK', Type: 3, SubType: subType, SingleInvoiceInfos: infos, Page: 1 }],
					TotalPDFCount: 1,
					RequestId: 'r-1',
				},
			};
		},
	},
	{
		name: 'VAT Invoice OCR node, RecognizeGeneralInvoice',
		source: 'tencent-general',
		types: VAT_TYPES,
		lacks: generalLacks,
		render: (g, inv) => ({
			...meta('tencent', 'RecognizeGeneralInvoice'),
			...generalInfo(g, inv),
			Type: isDigital(inv.invoiceType) ? 16 : 3,
			SubType: SUBTYPES[inv.invoiceType],
			TypeDescription: '增值税发票',
			SubTypeDescription: '',
		}),
	},
	{
		name: 'Tencent VerifyOfdVatInvoiceOCR response',
		source: 'tencent-ofd',
		types: OFD_TYPES,
		render: (g, inv) => ({ Response: ofdResponse(g, inv) }),
	},
	{
		name: 'OFD Invoice OCR node, local reader',
		source: 'ofd-local',
		types: OFD_TYPES,
		render: (g, inv) => {
			const response = ofdResponse(g, inv);
			delete response.RequestId;
			if (g.chance(0.5)) delete response.Type; // the QR code alone decides the type
			return {
				...meta('local', 'LocalOfdReader'),
				...response,
				OfdSource: 'original_invoice.xml',
				QrCode: qrCode(inv),
				TaxInclusiveTotalAmountInWords: inv.totalAmountInWords ?? '',
				PageCount: 1,
			};
		},
	},
	{
		name: 'Qiniu response',
		source: 'qiniu-vat',
		types: VAT_TYPES.slice(0, 6),
		render: (g, inv) => ({
			code: 10000,
			message: 'Success',
			request_id: 'r-1',
			time_elapsed: '41.897331ms',
			data: { license_main: licenseMain(g, inv) },
		}),
	},
	{
		name: 'VAT Invoice OCR node, Qiniu',
		source: 'qiniu-vat',
		types: VAT_TYPES.slice(0, 6),
		render: (g, inv) => ({ ...meta('qiniu', 'QiniuVatInvoiceOCR'), ...licenseMain(g, inv) }),
	},
];

/**
 * What should come back: the invoice, less what the shape cannot carry. Tencent's OFD answer has no
 * amount in words (the local reader adds it), and the OFD renderers leave the title out half the time.
 */
function expected(shape: Shape, inv: CanonicalInvoice, payload: Json): CanonicalInvoice {
	const out: CanonicalInvoice = { ...inv };
	const lacks = shape.lacks?.(inv) ?? [];
	if (shape.source === 'tencent-ofd') lacks.push('totalAmountInWords');
	if (shape.source === 'tencent-ofd' || shape.source === 'ofd-local') {
		if (((payload.Response as Json | undefined) ?? payload).InvoiceTitle === '') lacks.push('invoiceTitle');
	}
	for (const key of lacks) (out as unknown as Json)[key] = null;
	return out;
}

const RUNS = 150;

describe.each(SHAPES)('$name', (shape) => {
	test(`${RUNS} random invoices come back equal`, () => {
		for (let seed = 1; seed <= RUNS; seed++) {
			const g = new Gen(seededRandom(seed * 7919 + shape.name.length));
			const invoice = randomInvoice(g, shape.types, shape.source);
			const payload = shape.render(g, invoice);
			const want = expected(shape, invoice, payload);
			const got = normalizeInvoices(payload);
			if (got.length !== 1 || JSON.stringify(got[0]) !== JSON.stringify(want)) {
				expect({ seed, shape: shape.name, got, payload }).toEqual({ seed, shape: shape.name, got: [want], payload });
			}
		}
	});
});
