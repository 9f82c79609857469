import {
	classifyInvoiceType,
	cleanInvoiceNumber,
	invoiceTypeFromText,
	parseAmount,
	parseDate,
	parseInvoiceQrCode,
	parseTaxRate,
	toHalfWidth,
} from '../../../../nodes/core/invoice/normalize';

describe('amounts', () => {
	test.each([
		['¥87.28', 87.28],
		['￥89.90', 89.9],
		['1,234.50', 1234.5],
		['100,000,000.01', 100000000.01],
		['１２３．４５', 123.45],
		['￥１，２３４．５０', 1234.5],
		['  57  ', 57],
		['-318.00', -318],
		['¥-318.00', -318],
		['- 300.00', -300],
		['25', 25],
		['.5', 0.5],
		['73.92元', 73.92],
		[87.28, 87.28],
	])('%j → %d', (text, amount) => {
		expect(parseAmount(text)).toBe(amount);
	});

	test.each([[''], ['   '], ['***'], ['*'], [null], [undefined], [{}]])('%j → null', (text) => {
		expect(parseAmount(text)).toBeNull();
	});

	test.each([['abc'], ['12.3.4'], ['1-2'], [Number.NaN]])('%j is not a number (NaN)', (text) => {
		expect(parseAmount(text)).toBeNaN();
	});
});

describe('dates', () => {
	test.each([
		['2019年06月16日', '2019-06-16'],
		['2019年6月6日', '2019-06-06'],
		['20190616', '2019-06-16'],
		['2019-06-16', '2019-06-16'],
		['2019/6/16', '2019-06-16'],
		['2019.06.16', '2019-06-16'],
		['2019-06-16 12:30:00', '2019-06-16'],
		['２０１９年０６月１６日', '2019-06-16'],
		[' 2024年02月29日 ', '2024-02-29'],
	])('%j → %s', (text, iso) => {
		expect(parseDate(text)).toBe(iso);
	});

	test('empty is null, nonsense and impossible dates are undefined', () => {
		expect(parseDate('')).toBeNull();
		expect(parseDate(undefined)).toBeNull();
		expect(parseDate('yesterday')).toBeUndefined();
		expect(parseDate('2019年13月01日')).toBeUndefined();
		expect(parseDate('2023-02-29')).toBeUndefined();
		expect(parseDate('2019-06-31')).toBeUndefined();
	});
});

describe('tax rates', () => {
	test.each([
		['13%', 0.13, '13%', 'normal'],
		['9%', 0.09, '9%', 'normal'],
		['6%', 0.06, '6%', 'normal'],
		['3%', 0.03, '3%', 'normal'],
		['1%', 0.01, '1%', 'normal'],
		['1.5%', 0.015, '1.5%', 'normal'],
		['17%', 0.17, '17%', 'normal'],
		['13.00%', 0.13, '13.00%', 'normal'],
		['13％', 0.13, '13％', 'normal'],
		['0.03', 0.03, '0.03', 'normal'],
		['0.13', 0.13, '0.13', 'normal'],
		['13', 0.13, '13', 'normal'],
		['0%', 0, '0%', 'zero'],
		['零税率', 0, '零税率', 'zero'],
		['免税', null, '免税', 'exempt'],
		['不征税', null, '不征税', 'nonTaxable'],
		['***', null, '***', 'masked'],
		['＊＊＊', null, '＊＊＊', 'masked'],
		['abc', null, 'abc', 'unknown'],
	])('%j → %j (%s, %s)', (text, rate, printed, kind) => {
		expect(parseTaxRate(text)).toEqual({ rate, text: printed, kind });
	});

	test('no rate', () => {
		expect(parseTaxRate('')).toEqual({ rate: null, text: null, kind: 'none' });
	});
});

describe('codes and text', () => {
	test('the No prefix goes, full-width digits and spaces too', () => {
		expect(cleanInvoiceNumber('No63591128')).toBe('63591128');
		expect(cleanInvoiceNumber('NO 63591128')).toBe('63591128');
		expect(cleanInvoiceNumber('No.63591128')).toBe('63591128');
		expect(cleanInvoiceNumber('№６３５９１１２８')).toBe('63591128');
		expect(cleanInvoiceNumber('')).toBeNull();
	});

	test('toHalfWidth', () => {
		expect(toHalfWidth('ＡＢＣ１２３（）％　')).toBe('ABC123()% ');
		expect(toHalfWidth('发票')).toBe('发票');
	});
});

describe('invoice type', () => {
	test.each([
		['天津增值税电子普通发票', 'vat_electronic_common'],
		['贵州增值税电子专用发票', 'vat_electronic_special'],
		['深圳增值税专用发票', 'vat_special'],
		['北京增值税普通发票', 'vat_common'],
		['电子发票（增值税专用发票）', 'digital_special'],
		['电子发票(普通发票)', 'digital_common'],
		['全电专票', 'digital_special'],
		['增值税普通发票（卷票）', 'vat_roll'],
		['浙江增值税电子普通发票（通行费）', 'toll'],
		['电子发票（铁路电子客票）', 'railway_ticket'],
		['电子发票（航空运输电子客票行程单）', 'air_itinerary'],
		['收据', undefined],
	])('the title %s says %s', (title, type) => {
		expect(invoiceTypeFromText(title)).toBe(type);
	});

	test('provider type codes decide before the title', () => {
		expect(classifyInvoiceType({ tencentSubType: 'VatElectronicInvoiceFull' }, '深圳增值税专用发票', null, null)).toBe(
			'digital_common',
		);
		expect(classifyInvoiceType({ ofdType: '028' }, null, null, null)).toBe('vat_electronic_special');
		expect(classifyInvoiceType({ ofdType: '020' }, null, null, null)).toBe('digital_special');
		expect(classifyInvoiceType({ qiniuSubType: 'quandian_vat' }, null, null, null)).toBe('digital_common');
		expect(classifyInvoiceType({ qiniuSubType: 'unknown_vat' }, '深圳增值税专用发票', null, null)).toBe('vat_special');
	});

	test('the QR code type: 31/32 are 数电 unless a 发票代码 makes them paper', () => {
		const qr = (type: string, code: string) => `01,${type},${code},12345678,100.00,20240101,,ABCD`;
		expect(classifyInvoiceType({ qrCode: qr('10', '033002000211') }, null, null, null)).toBe('vat_electronic_common');
		expect(classifyInvoiceType({ qrCode: qr('20', '052002100113') }, null, null, null)).toBe('vat_electronic_special');
		expect(classifyInvoiceType({ qrCode: qr('31', '') }, null, null, null)).toBe('digital_special');
		expect(classifyInvoiceType({ qrCode: qr('32', '') }, null, null, null)).toBe('digital_common');
		expect(classifyInvoiceType({ qrCode: qr('31', '1440012345') }, null, null, null)).toBe('vat_special');
		expect(parseInvoiceQrCode('01,31,,24112000000048542163,4449.00,20240528,,B2B6')).toEqual({
			typeCode: '31',
			invoiceCode: '',
			invoiceNumber: '24112000000048542163',
			amount: '4449.00',
			date: '20240528',
			checkCode: '',
		});
		expect(parseInvoiceQrCode('not a qr code')).toBeNull();
	});

	test('a 20-digit number without a code is 数电; nothing else known is other', () => {
		expect(classifyInvoiceType({}, null, null, '24112000000048542163')).toBe('digital_common');
		expect(classifyInvoiceType({}, null, '012001100311', '63591128')).toBe('other');
	});
});
