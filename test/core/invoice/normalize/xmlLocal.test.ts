/**
 * The local 数电 XML reader and Normalize together, on synthetic EInvoice documents: the reader's
 * output (FileFormat xml) becomes a canonical invoice with source xml-local and every check applied.
 */
import { readXmlInvoice } from '../../../../nodes/core/read/xml/einvoice';
import { normalizeInvoice } from '../../../../nodes/core/invoice/normalize';
import { readInvoiceFile } from '../../../../nodes/core/read/index';
import { einvoiceBytes, SYNTHETIC } from '../../../helpers/einvoiceXml';

describe('数电 XML → Normalize Invoice', () => {
	test('every field of the synthetic 专票', () => {
		const invoice = normalizeInvoice(readXmlInvoice(einvoiceBytes()));
		expect(invoice).toMatchObject({
			source: 'xml-local',
			invoiceType: 'digital_special',
			invoiceTitle: '电子发票（增值税专用发票）',
			invoiceCode: null,
			invoiceNumber: SYNTHETIC.number,
			issueDate: '2031-02-03',
			buyerName: SYNTHETIC.buyerName,
			buyerTaxId: SYNTHETIC.buyerId,
			buyerAddressPhone: `${SYNTHETIC.buyerAddr} ${SYNTHETIC.buyerTel}`,
			buyerBankAccount: `${SYNTHETIC.buyerBank} ${SYNTHETIC.buyerAccount}`,
			sellerName: SYNTHETIC.sellerName,
			sellerTaxId: SYNTHETIC.sellerId,
			sellerAddressPhone: `${SYNTHETIC.sellerAddr} ${SYNTHETIC.sellerTel}`,
			sellerBankAccount: `${SYNTHETIC.sellerBank} ${SYNTHETIC.sellerAccount}`,
			amountWithoutTax: 300,
			taxAmount: 27,
			totalAmount: 327,
			totalAmountInWords: '叁佰贰拾柒圆整',
			remarks: '测试备注 A&B',
			drawer: '测试员',
			payee: null,
			reviewer: null,
			dedupKey: SYNTHETIC.number,
			warnings: [],
		});
		expect(invoice.lineItems).toEqual([
			{ name: '*测试类*甲商品', specification: 'X-1', unit: '个', quantity: 2, unitPrice: 100, amount: 200, taxRate: 0.09, taxRateText: '9%', taxAmount: 18 },
			{ name: '*测试类*乙服务', specification: null, unit: '次', quantity: 1, unitPrice: 100, amount: 100, taxRate: 0.09, taxRateText: '9%', taxAmount: 9 },
		]);
	});

	test('普通发票 → digital_common; through readInvoiceFile too', async () => {
		const [read] = await readInvoiceFile(einvoiceBytes({ vatLabelName: '普通发票' }));
		expect(normalizeInvoice(read)).toMatchObject({ source: 'xml-local', invoiceType: 'digital_common' });
	});

	test('the checks run: a wrong total and a wrong 大写 are warned about', () => {
		const invoice = normalizeInvoice(readXmlInvoice(einvoiceBytes({ total: '328.00' })));
		expect(invoice.warnings.length).toBeGreaterThan(0);
		expect(invoice.warnings.join('\n')).toMatch(/328/);
	});

	test('an item as the node would emit it (api LocalOfdReader, provider local) keeps xml-local', () => {
		const read = readXmlInvoice(einvoiceBytes());
		expect(normalizeInvoice({ provider: 'local', api: 'LocalOfdReader', ...read }).source).toBe('xml-local');
		expect(normalizeInvoice({ ...read, FileFormat: 'pdf' }).source).toBe('pdf-local');
		expect(normalizeInvoice({ ...read, FileFormat: 'ofd' }).source).toBe('ofd-local');
		const { FileFormat: _dropped, ...withoutMarker } = read;
		expect(_dropped).toBe('xml');
		expect(normalizeInvoice(withoutMarker).source).toBe('tencent-ofd');
	});
});
