import { LocalReadError } from '../../../../nodes/core/read/common/localReadError';
import { readXmlInvoice, taxRateToPercent } from '../../../../nodes/core/read/xml/einvoice';
import { einvoiceBytes, einvoiceXml, SYNTHETIC } from '../../../helpers/einvoiceXml';
import { seededRandom } from '../../../helpers/random';

function codeOf(run: () => unknown): string | undefined {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(LocalReadError);
		const e = error as LocalReadError;
		expect(e.message.length).toBeGreaterThan(10);
		expect(e.description.length).toBeGreaterThan(10);
		return e.code;
	}
	return undefined;
}

describe('readXmlInvoice: every field path of a synthetic EInvoice', () => {
	const invoice = readXmlInvoice(einvoiceBytes());

	test('header, supervision and type', () => {
		expect(invoice.FileFormat).toBe('xml');
		expect(invoice.Type).toBe('020');
		expect(invoice.InvoiceCode).toBe('');
		expect(invoice.InvoiceNumber).toBe(SYNTHETIC.number);
		expect(invoice.IssueDate).toBe('2031-02-03');
		expect(invoice.QrCode).toBeNull();
		// The title the invoice prints, from the XML's labels (电子发票 + 增值税专用发票); none without them.
		expect(invoice.InvoiceTitle).toBe('电子发票（增值税专用发票）');
		expect(readXmlInvoice(einvoiceBytes({ vatLabelName: '普通发票' })).InvoiceTitle).toBe('电子发票（普通发票）');
		expect(readXmlInvoice(einvoiceBytes({ vatLabelName: undefined, vatLabelCode: '01' })).InvoiceTitle).toBe('');
	});

	test('seller and buyer', () => {
		expect(invoice.Seller).toEqual({
			Name: SYNTHETIC.sellerName,
			TaxId: SYNTHETIC.sellerId,
			AddrTel: `${SYNTHETIC.sellerAddr} ${SYNTHETIC.sellerTel}`,
			FinancialAccount: `${SYNTHETIC.sellerBank} ${SYNTHETIC.sellerAccount}`,
		});
		expect(invoice.Buyer).toEqual({
			Name: SYNTHETIC.buyerName,
			TaxId: SYNTHETIC.buyerId,
			AddrTel: `${SYNTHETIC.buyerAddr} ${SYNTHETIC.buyerTel}`,
			FinancialAccount: `${SYNTHETIC.buyerBank} ${SYNTHETIC.buyerAccount}`,
		});
	});

	test('amounts, 大写, drawer, remark (entities decoded)', () => {
		expect(invoice.TaxExclusiveTotalAmount).toBe('300.00');
		expect(invoice.TaxTotalAmount).toBe('27.00');
		expect(invoice.TaxInclusiveTotalAmount).toBe('327.00');
		expect(invoice.TaxInclusiveTotalAmountInWords).toBe('叁佰贰拾柒圆整');
		expect(invoice.InvoiceClerk).toBe('测试员');
		expect(invoice.Note).toBe('测试备注 A&B');
		expect(invoice.Payee).toBe('');
		expect(invoice.Checker).toBe('');
	});

	test('item rows, rate as a percentage', () => {
		expect(invoice.GoodsInfos).toEqual([
			{ Item: '*测试类*甲商品', Specification: 'X-1', MeasurementDimension: '个', Quantity: '2', Price: '100', Amount: '200.00', TaxScheme: '9%', TaxAmount: '18.00' },
			{ Item: '*测试类*乙服务', Specification: '', MeasurementDimension: '次', Quantity: '1', Price: '100', Amount: '100.00', TaxScheme: '9%', TaxAmount: '9.00' },
		]);
	});
});

describe('readXmlInvoice: fallbacks and absent fields', () => {
	test('普通发票 → 010; label code alone: 01 → 020, 02 → 010; neither → ""', () => {
		expect(readXmlInvoice(einvoiceBytes({ vatLabelName: '普通发票' })).Type).toBe('010');
		expect(readXmlInvoice(einvoiceBytes({ vatLabelName: undefined, vatLabelCode: '01' })).Type).toBe('020');
		expect(readXmlInvoice(einvoiceBytes({ vatLabelName: undefined, vatLabelCode: '02' })).Type).toBe('010');
		expect(readXmlInvoice(einvoiceBytes({ vatLabelName: undefined })).Type).toBe('');
	});

	test('number from EIid when TaxSupervisionInfo has none; date from RequestTime', () => {
		const invoice = readXmlInvoice(
			einvoiceBytes({ number: undefined, eiid: '99000000000000000777', issueTime: undefined, requestTime: '2031-07-08' }),
		);
		expect(invoice.InvoiceNumber).toBe('99000000000000000777');
		expect(invoice.IssueDate).toBe('2031-07-08');
	});

	test('no 大写 in the file → "" (never computed)', () => {
		expect(readXmlInvoice(einvoiceBytes({ inWords: undefined })).TaxInclusiveTotalAmountInWords).toBe('');
	});

	test('address without phone, bank without account: no stray spaces', () => {
		const invoice = readXmlInvoice(einvoiceBytes({ buyerTel: undefined, buyerAccount: undefined, sellerAddr: undefined, sellerBank: '' }));
		expect(invoice.Buyer.AddrTel).toBe(SYNTHETIC.buyerAddr);
		expect(invoice.Buyer.FinancialAccount).toBe(SYNTHETIC.buyerBank);
		expect(invoice.Seller.AddrTel).toBe(SYNTHETIC.sellerTel);
		expect(invoice.Seller.FinancialAccount).toBe(SYNTHETIC.sellerAccount);
	});

	test('no rows → []; 免税 and odd rates stay as written', () => {
		expect(readXmlInvoice(einvoiceBytes({ items: [] })).GoodsInfos).toEqual([]);
		const rows = readXmlInvoice(einvoiceBytes({ items: [{ name: 'a', rate: '免税' }, { name: 'b', rate: '13%' }, { name: 'c' }] })).GoodsInfos;
		expect(rows.map((row) => row.TaxScheme)).toEqual(['免税', '13%', '']);
	});

	test('a GBK-encoded document and a BOM are decoded', () => {
		// 测试 in GBK is B2E2 CAD4; the rest of the document stays ASCII or UTF-8 (garbled, not checked).
		const [before, after] = einvoiceXml({ prolog: '<?xml version="1.0" encoding="GBK"?>', sellerName: 'MARK' }).split('MARK');
		const encoder = new TextEncoder();
		const gbk = new Uint8Array([...encoder.encode(before), 0xb2, 0xe2, 0xca, 0xd4, ...encoder.encode(after)]);
		expect(readXmlInvoice(gbk).Seller.Name).toBe('测试');
		const withBom = encoder.encode(einvoiceXml({ prolog: '\ufeff<?xml version="1.0"?>' }));
		expect(withBom[0]).toBe(0xef);
		expect(readXmlInvoice(withBom).Seller.Name).toBe(SYNTHETIC.sellerName);
	});
});

describe('taxRateToPercent', () => {
	test.each([
		['0.13', '13%'],
		['0.130000', '13%'],
		['0.03', '3%'],
		['0.015', '1.5%'],
		['.06', '6%'],
		['0', '0%'],
		['0.00', '0%'],
		['免税', '免税'],
		['不征税', '不征税'],
		['13%', '13%'],
		['1.5', '1.5'],
		['', ''],
	])('%s → %s', (input, output) => {
		expect(taxRateToPercent(input)).toBe(output);
	});
});

describe('readXmlInvoice: input that is not a 数电 XML e-invoice', () => {
	test('another XML root → NotAnEInvoiceXml naming the root found', () => {
		let error: LocalReadError | undefined;
		try {
			readXmlInvoice('<?xml version="1.0"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody/></ofd:OFD>');
		} catch (e) {
			error = e as LocalReadError;
		}
		expect(error?.code).toBe('NotAnEInvoiceXml');
		expect(error?.message).toContain('<ofd:OFD>');
		expect(error?.message).toContain('<EInvoice>');
		expect(error?.description).toContain('EInvoice');
	});

	test('the 税控-era original_invoice.xml root (eInvoice) is not this schema', () => {
		expect(codeOf(() => readXmlInvoice('<eInvoice xmlns:fp="x"><fp:InvoiceNo>1</fp:InvoiceNo></eInvoice>'))).toBe('NotAnEInvoiceXml');
	});

	test('text without any element → NotAnEInvoiceXml', () => {
		expect(codeOf(() => readXmlInvoice('just text, no markup'))).toBe('NotAnEInvoiceXml');
		expect(codeOf(() => readXmlInvoice(new Uint8Array(0)))).toBe('NotAnEInvoiceXml');
	});

	test('an empty EInvoice → NoInvoiceData', () => {
		expect(codeOf(() => readXmlInvoice('<EInvoice><Header/><EInvoiceData/></EInvoice>'))).toBe('NoInvoiceData');
	});

	test('a document cut in half still gives what it holds, or a clear error', () => {
		const whole = einvoiceXml();
		const firstHalf = whole.slice(0, whole.indexOf('<BasicInformation>'));
		const invoice = readXmlInvoice(firstHalf);
		expect(invoice.Seller.Name).toBe(SYNTHETIC.sellerName);
		expect(invoice.TaxInclusiveTotalAmount).toBe('');
		expect(codeOf(() => readXmlInvoice(whole.slice(0, whole.indexOf('<Header>'))))).toBe('NoInvoiceData');
	});

	test('too deep → XML_TOO_DEEP; too many nodes → TOO_LARGE; too many bytes → TOO_LARGE', () => {
		const deep = `<EInvoice>${'<a>'.repeat(400)}${'</a>'.repeat(400)}</EInvoice>`;
		expect(codeOf(() => readXmlInvoice(deep))).toBe('XML_TOO_DEEP');
		expect(codeOf(() => readXmlInvoice(einvoiceXml(), { limits: { maxXmlDepth: 3 } }))).toBe('XML_TOO_DEEP');
		expect(codeOf(() => readXmlInvoice(einvoiceXml(), { limits: { maxXmlNodes: 20 } }))).toBe('TOO_LARGE');
		expect(codeOf(() => readXmlInvoice(einvoiceXml(), { limits: { maxInputBytes: 100 } }))).toBe('TOO_LARGE');
		const wide = `<EInvoice>${'<b/>'.repeat(600_000)}</EInvoice>`;
		expect(codeOf(() => readXmlInvoice(wide))).toBe('TOO_LARGE');
	});

	test('entities are never expanded from a DTD', () => {
		const xml = einvoiceXml({
			prolog: '<?xml version="1.0"?><!DOCTYPE EInvoice [<!ENTITY x "EXPANDED">]>',
			remark: 'PLACEHOLDER',
		}).replace('PLACEHOLDER', '&x;');
		expect(readXmlInvoice(xml).Note).toBe('&x;');
	});
});

describe('readXmlInvoice: fuzz (mutated synthetic documents)', () => {
	test('3000 mutations: an invoice or a LocalReadError, nothing else', () => {
		const rng = seededRandom(0x5d1a7);
		const base = einvoiceBytes();
		let invoices = 0;
		let errors = 0;
		for (let i = 0; i < 3000; i++) {
			const bytes = new Uint8Array(base);
			const mode = i % 3;
			if (mode === 0) {
				for (let k = 0; k < 1 + Math.floor(rng() * 8); k++) bytes[Math.floor(rng() * bytes.length)] ^= 1 + Math.floor(rng() * 255);
			} else if (mode === 1) {
				const at = Math.floor(rng() * bytes.length);
				bytes.fill(0x3c, at, Math.min(bytes.length, at + Math.floor(rng() * 40)));
			}
			const input = mode === 2 ? bytes.subarray(0, Math.floor(rng() * bytes.length)) : bytes;
			let thrown: unknown;
			try {
				const invoice = readXmlInvoice(input);
				expect(invoice.FileFormat).toBe('xml');
				expect(Array.isArray(invoice.GoodsInfos)).toBe(true);
				invoices++;
			} catch (error) {
				thrown = error;
				errors++;
			}
			if (thrown !== undefined) expect([i, thrown instanceof LocalReadError]).toEqual([i, true]);
		}
		expect(invoices).toBeGreaterThan(0);
		expect(errors).toBeGreaterThan(0);
	});
});
