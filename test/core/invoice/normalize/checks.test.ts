/** The checks behind `warnings`: each case changes a clean invoice and expects exactly these warnings. */
import { normalizeInvoice } from '../../../../nodes/core/invoice/normalize';
import { readJsonFixture } from '../../../support/files';

type Json = Record<string, unknown>;

/** A clean 增值税电子专用发票 (easyofd sample) in the local OFD reader's shape: no warnings. */
function base(): Json {
	const { items } = readJsonFixture('providers', 'local-ofd-reader.items.json') as { items: Json[] };
	return JSON.parse(JSON.stringify(items[0])) as Json;
}

function goods(item: Json): Json[] {
	return item.GoodsInfos as Json[];
}

function warningsOf(item: Json): string[] {
	return normalizeInvoice(item).warnings;
}

/** A 3% invoice with two lines, in VerifyOfdVatInvoiceOCR's shape. */
function twoLines(): Json {
	const item = base();
	item.GoodsInfos = [
		{ Item: '*服务*甲', MeasurementDimension: '次', Price: '100', Quantity: '2', Amount: '200.00', TaxScheme: '3%', TaxAmount: '6.00' },
		{ Item: '*服务*乙', MeasurementDimension: '次', Price: '50', Quantity: '1', Amount: '50.00', TaxScheme: '3%', TaxAmount: '1.50' },
	];
	item.TaxExclusiveTotalAmount = '250.00';
	item.TaxTotalAmount = '7.50';
	item.TaxInclusiveTotalAmount = '257.50';
	item.TaxInclusiveTotalAmountInWords = '贰佰伍拾柒圆伍角';
	return item;
}

describe('a clean invoice has no warnings', () => {
	test('the easyofd sample', () => {
		expect(warningsOf(base())).toEqual([]);
	});

	test('two lines that add up', () => {
		expect(warningsOf(twoLines())).toEqual([]);
	});
});

describe('sums', () => {
	test('line amounts that do not add up to 合计金额', () => {
		const item = twoLines();
		item.TaxExclusiveTotalAmount = '260.00';
		item.TaxInclusiveTotalAmount = '267.50';
		item.TaxInclusiveTotalAmountInWords = '贰佰陆拾柒圆伍角';
		expect(warningsOf(item)).toEqual(['line amounts add up to 250.00 but amountWithoutTax is 260.00']);
	});

	test('line taxes that do not add up to 合计税额', () => {
		const item = twoLines();
		item.TaxTotalAmount = '7.60';
		item.TaxInclusiveTotalAmount = '257.60';
		item.TaxInclusiveTotalAmountInWords = '贰佰伍拾柒圆陆角';
		expect(warningsOf(item)).toEqual(['line tax amounts add up to 7.50 but taxAmount is 7.60']);
	});

	test('金额 + 税额 ≠ 价税合计, and the words follow the figures', () => {
		const item = twoLines();
		item.TaxInclusiveTotalAmount = '257.52';
		expect(warningsOf(item)).toEqual([
			'amountWithoutTax + taxAmount = 257.50 but totalAmount is 257.52',
			'totalAmountInWords says 257.50 but totalAmount is 257.52',
		]);
	});

	test('±0.01 is tolerated', () => {
		const item = twoLines();
		item.TaxInclusiveTotalAmount = '257.51';
		item.TaxInclusiveTotalAmountInWords = '贰佰伍拾柒圆伍角壹分';
		expect(warningsOf(item)).toEqual([]);
	});

	test('a line whose tax is not amount × rate, and whose quantity × price is not its amount', () => {
		const item = twoLines();
		goods(item)[0].TaxAmount = '6.50';
		goods(item)[0].Quantity = '3';
		item.TaxTotalAmount = '8.00';
		item.TaxInclusiveTotalAmount = '258.00';
		item.TaxInclusiveTotalAmountInWords = '贰佰伍拾捌圆整';
		expect(warningsOf(item)).toEqual([
			'line 1: taxAmount 6.50 is not amount × 3% (6.00)',
			'line 1: quantity × unitPrice = 300.00 but amount is 200.00',
		]);
	});

	test('差额征税: the tax is not amount × rate, and that is right (198.04 at 3% with 1.96 tax)', () => {
		const item = base();
		item.GoodsInfos = [
			{ Item: '*经纪代理服务*代理服务费', Price: '', Quantity: '', Amount: '198.04', TaxScheme: '3%', TaxAmount: '1.96' },
		];
		item.TaxExclusiveTotalAmount = '198.04';
		item.TaxTotalAmount = '1.96';
		item.TaxInclusiveTotalAmount = '200.00';
		item.TaxInclusiveTotalAmountInWords = '贰佰圆整';
		expect(warningsOf(item)).toEqual(['line 1: taxAmount 1.96 is not amount × 3% (5.94)']);
		item.Note = '差额征税：134.67。';
		expect(warningsOf(item)).toEqual([]);
	});

	test('免税 and 不征税 lines: tax *** is null and is not required', () => {
		const item = twoLines();
		goods(item)[0].TaxScheme = '免税';
		goods(item)[0].TaxAmount = '***';
		goods(item)[1].TaxScheme = '不征税';
		goods(item)[1].TaxAmount = '***';
		item.TaxTotalAmount = '***';
		item.TaxInclusiveTotalAmount = '250.00';
		item.TaxInclusiveTotalAmountInWords = '贰佰伍拾圆整';
		const invoice = normalizeInvoice(item);
		expect(invoice.taxAmount).toBeNull();
		expect(invoice.lineItems.map((line) => [line.taxRate, line.taxRateText, line.taxAmount])).toEqual([
			[null, '免税', null],
			[null, '不征税', null],
		]);
		expect(invoice.warnings).toEqual([]);
		item.TaxInclusiveTotalAmount = '257.50';
		item.TaxInclusiveTotalAmountInWords = '贰佰伍拾柒圆伍角';
		expect(warningsOf(item)).toEqual(['amountWithoutTax + taxAmount = 250.00 but totalAmount is 257.50']);
	});

	test('a red-letter invoice adds up with negative amounts', () => {
		const item = twoLines();
		for (const line of goods(item)) {
			line.Quantity = `-${String(line.Quantity)}`;
			line.Amount = `-${String(line.Amount)}`;
			line.TaxAmount = `-${String(line.TaxAmount)}`;
		}
		item.TaxExclusiveTotalAmount = '-250.00';
		item.TaxTotalAmount = '-7.50';
		item.TaxInclusiveTotalAmount = '-257.50';
		item.TaxInclusiveTotalAmountInWords = '(负数)贰佰伍拾柒圆伍角';
		const invoice = normalizeInvoice(item);
		expect([invoice.amountWithoutTax, invoice.taxAmount, invoice.totalAmount]).toEqual([-250, -7.5, -257.5]);
		expect(invoice.warnings).toEqual([]);
		// OCR often loses the mark: words without it still match a negative total.
		item.TaxInclusiveTotalAmountInWords = '贰佰伍拾柒圆伍角';
		expect(warningsOf(item)).toEqual([]);
	});
});

describe('大写 against 小写', () => {
	test('words for another amount', () => {
		const item = base();
		item.TaxInclusiveTotalAmountInWords = '贰万伍仟贰佰伍拾肆圆陆角叁分';
		expect(warningsOf(item)).toEqual(['totalAmountInWords says 25254.63 but totalAmount is 25254.62']);
	});

	test('words that are not an amount', () => {
		const item = base();
		item.TaxInclusiveTotalAmountInWords = '贰万伍仟贰佰伍拾肆';
		expect(warningsOf(item)).toEqual(['totalAmountInWords "贰万伍仟贰佰伍拾肆" is not an amount in words']);
	});

	test('a 负数 mark on a positive total', () => {
		const item = base();
		item.TaxInclusiveTotalAmountInWords = '(负数)贰万伍仟贰佰伍拾肆圆陆角贰分';
		expect(warningsOf(item)).toEqual(['totalAmountInWords says -25254.62 but totalAmount is 25254.62']);
	});

	test('⊗ before the words and 元 instead of 圆 are fine', () => {
		const item = base();
		item.TaxInclusiveTotalAmountInWords = '⊗贰万伍仟贰佰伍拾肆元陆角贰分';
		expect(warningsOf(item)).toEqual([]);
	});
});

describe('ids, codes and numbers', () => {
	test('tax ids that fail the check character or have the wrong length', () => {
		const item = base();
		(item.Buyer as Json).TaxId = '91500102563638729E';
		(item.Seller as Json).TaxId = '91110101202001201';
		expect(warningsOf(item)).toEqual([
			'buyerTaxId "91500102563638729E" fails the GB 32100 check character (expected 5)',
			'sellerTaxId "91110101202001201" has 17 characters; a taxpayer id has 15, 18 or 20',
		]);
	});

	test('tax ids are cleaned before the check: spaces, full width, lower case', () => {
		const item = base();
		(item.Buyer as Json).TaxId = ' ９１５２２７０１７０９６９６６２３x ';
		const invoice = normalizeInvoice(item);
		expect(invoice.buyerTaxId).toBe('91522701709696623X');
		expect(invoice.warnings).toEqual([]);
	});

	test('code, number, check code and machine number lengths', () => {
		const item = base();
		item.InvoiceCode = '05200210011';
		item.InvoiceNumber = '0008006';
		item.InvoiceCheckCode = '18001 80151 30308 6204';
		item.MachineNumber = '66712439576';
		expect(warningsOf(item)).toEqual([
			'invoiceCode "05200210011" should have 10 or 12 digits',
			'invoiceNumber "0008006" should have 8 digits',
			'checkCode "1800180151303086204" should have 20 digits',
			'machineNumber "66712439576" should have 12 digits',
		]);
	});

	test('a check code grouped in fives loses its spaces', () => {
		const item = base();
		item.InvoiceCheckCode = '18001 80151 30308 62041';
		expect(normalizeInvoice(item).checkCode).toBe('18001801513030862041');
	});

	test('数电: 20 digits, no code', () => {
		const { items } = readJsonFixture('providers', 'local-ofd-reader.items.json') as { items: Json[] };
		const item = JSON.parse(JSON.stringify(items[2])) as Json;
		(item.Buyer as Json).Name = '海南某某有限公司';
		(item.Seller as Json).Name = '北京某某有限公司';
		expect(warningsOf(item)).toEqual([]);
		item.InvoiceNumber = '2411200000004854216';
		item.InvoiceCode = '011002000611';
		expect(warningsOf(item)).toEqual([
			'invoiceCode "011002000611" is set, but digital (数电) invoices have no code',
			'invoiceNumber "2411200000004854216" should have 20 digits',
		]);
	});

	test('VatInvoiceOCR reading a 数电 number into 发票代码 is put right', () => {
		const invoice = normalizeInvoice({
			VatInvoiceInfos: [
				{ Name: '发票名称', Value: '电子发票（普通发票）' },
				{ Name: '发票代码', Value: '24442000000012345678' },
				{ Name: '发票号码', Value: '' },
			],
			Items: [],
		});
		expect([invoice.invoiceType, invoice.invoiceCode, invoice.invoiceNumber, invoice.dedupKey]).toEqual([
			'digital_common',
			null,
			'24442000000012345678',
			'24442000000012345678',
		]);
	});
});

describe('required fields and unreadable values', () => {
	test('missing fields are listed once; the QR code does not fill them when it is absent', () => {
		const item = base();
		item.InvoiceNumber = '';
		item.IssueDate = '';
		(item.Buyer as Json).Name = '';
		(item.Buyer as Json).TaxId = '';
		item.TaxTotalAmount = '';
		item.QrCode = '';
		const invoice = normalizeInvoice(item);
		expect(invoice.warnings).toEqual([
			'required fields missing: invoiceNumber, issueDate, buyerName, buyerTaxId, taxAmount',
		]);
		expect([invoice.invoiceNumber, invoice.issueDate, invoice.dedupKey]).toEqual([null, null, null]);
	});

	test('the QR code fills in a missing number and date', () => {
		const item = base();
		item.InvoiceNumber = '';
		item.IssueDate = '';
		const invoice = normalizeInvoice(item);
		expect([invoice.invoiceNumber, invoice.issueDate, invoice.warnings]).toEqual(['00008006', '2022-05-05', []]);
	});

	test('without a number, the dedup key is seller, date and total', () => {
		const item = base();
		item.InvoiceNumber = '';
		item.QrCode = '';
		const invoice = normalizeInvoice(item);
		expect(invoice.dedupKey).toBe('92522726MA7GNHJ07M-2022-05-05-25254.62');
		expect(invoice.warnings).toEqual(['required fields missing: invoiceNumber']);
	});

	test('values that cannot be read become null with a warning', () => {
		const item = base();
		item.IssueDate = '2022年13月05日';
		goods(item)[0].Quantity = 'one';
		item.TaxTotalAmount = 'n/a';
		goods(item)[0].TaxScheme = 'standard';
		const invoice = normalizeInvoice(item);
		expect(invoice.issueDate).toBeNull();
		expect(invoice.taxAmount).toBeNull();
		expect(invoice.lineItems[0].quantity).toBeNull();
		expect(invoice.lineItems[0].taxRate).toBeNull();
		expect(invoice.lineItems[0].taxRateText).toBe('standard');
		expect(invoice.warnings).toEqual([
			'issueDate "2022年13月05日" is not a date',
			'line 1 quantity "one" is not a number',
			'line 1 taxRate "standard" is not a tax rate',
			'taxAmount "n/a" is not a number',
			'required fields missing: issueDate, taxAmount',
		]);
	});
});
