/**
 * The 数电 invoice PDFs that npm run test:mailbox mails (test/support/invoicePdf.js, from the made-up
 * invoices of test/mailbox/plan.js): each one is read back by the local reader as it was described, so a
 * mailbox failure points at the workflow and not at a fixture; and the 大写 the builder prints is the
 * package's reading of the same amount.
 */
import { readInvoiceFile } from '../../nodes/core/read';
import { normalizeInvoice, parseAmountInWords } from '../../nodes/core';
import { amountInWords, digitalInvoicePdf, totals } from '../support/invoicePdf';
import { BUILT, expectedInvoices } from '../mailbox/plan';

type Spec = (typeof BUILT)[keyof typeof BUILT];

test.each([
	[1, '壹分'],
	[12345, '壹佰贰拾叁圆肆角伍分'],
	[20000, '贰佰圆整'],
	[100050, '壹仟圆伍角'],
	[1000001, '壹万圆零壹分'],
	[10000000, '壹拾万圆整'],
	[100010000, '壹佰万零壹佰圆整'],
	[1000000500, '壹仟万零伍圆整'],
])('amountInWords(%i cents) = %s, which the package reads back', (cents, words) => {
	expect(amountInWords(cents)).toBe(words);
	expect(Math.round((parseAmountInWords(words) ?? NaN) * 100)).toBe(cents);
});

describe.each(Object.entries(BUILT) as [string, Spec][])('built invoice %s', (_key, spec) => {
	test('is read locally from its text layer as described', async () => {
		const [read, ...more] = await readInvoiceFile(digitalInvoicePdf(spec));
		expect(more).toEqual([]);
		const invoice = normalizeInvoice(read);
		const { amountCents, taxCents, totalCents } = totals(spec.lines);
		expect(invoice).toMatchObject({
			source: 'pdf-local',
			invoiceType: 'digital_common',
			invoiceCode: null,
			invoiceNumber: spec.number,
			issueDate: spec.date,
			// As printed: full-width brackets stay full-width.
			buyerName: spec.buyer.name,
			buyerTaxId: spec.buyer.taxId,
			sellerName: spec.seller.name,
			sellerTaxId: spec.seller.taxId,
			amountWithoutTax: amountCents / 100,
			taxAmount: taxCents / 100,
			totalAmount: totalCents / 100,
			totalAmountInWords: amountInWords(totalCents),
			dedupKey: spec.number,
			warnings: [],
		});
		expect(invoice.lineItems.map((l) => [l.name, l.amount, l.taxRateText, l.taxAmount])).toEqual(
			spec.lines.map((l) => [l.name, Number(l.amount), l.rate, Number(l.tax)]),
		);
	});
});

test('the mailbox expects every built invoice it mails, with the seller and buyer as stored', () => {
	const built = expectedInvoices(false).filter((e: { from: string }) => e.from.startsWith('built '));
	expect(built.map((e: { invoiceNumber: string }) => e.invoiceNumber).sort()).toEqual(
		Object.entries(BUILT)
			.filter(([key]) => key !== 'catering') // mailed only broken
			.map(([, s]) => s.number)
			.sort(),
	);
	const bracket = built.find((e: { invoiceNumber: string }) => e.invoiceNumber === BUILT.bracket.number);
	expect(bracket).toMatchObject({ sellerName: '北京云图信息技术（北京）有限公司', buyerName: '上海示例贸易（集团）有限公司' });
});
