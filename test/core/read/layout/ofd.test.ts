import { readLayoutInvoice } from '../../../../nodes/core/read/layout';
import { OfdPackage, readOfdInvoice, type OfdInvoice } from '../../../../nodes/core/read/ofd';
import { fromOfdLayer, readPositionedPages } from '../../../../nodes/core/read/ofd/pageText';
import { listFixtures, readFixture } from '../../../support/files';

// The real OFD fixtures read twice, independently: from their structured data (original_invoice.xml, XBRL,
// custom tags: the oracle) and from the printed page alone through fromOfdLayer and the layout reader.

const digits = (s: string) => s.replace(/\D+/g, '');

const files = listFixtures('ofd').filter((name: string) => name.endsWith('.ofd') && !name.includes('csfapiao1'));

describe.each(files)('%s: the printed page agrees with the structured data', (file) => {
	let oracle: OfdInvoice;
	let printed: ReturnType<typeof readLayoutInvoice>;
	beforeAll(async () => {
		const bytes = readFixture('ofd', file);
		oracle = await readOfdInvoice(bytes, { sources: ['original_invoice', 'xbrl', 'custom-tags'] });
		printed = readLayoutInvoice(await readPositionedPages(await OfdPackage.open(bytes)));
	});

	test('header and totals', () => {
		expect(printed.InvoiceCode).toBe(oracle.InvoiceCode);
		expect(printed.InvoiceNumber).toBe(oracle.InvoiceNumber);
		expect(digits(printed.IssueDate)).toBe(digits(oracle.IssueDate));
		expect(printed.InvoiceCheckCode).toBe(oracle.InvoiceCheckCode);
		expect(printed.InvoiceTitle).toBe(oracle.InvoiceTitle);
		expect(printed.Type).toBe(oracle.Type);
		expect(printed.TaxExclusiveTotalAmount).toBe(oracle.TaxExclusiveTotalAmount);
		expect(printed.TaxTotalAmount).toBe(oracle.TaxTotalAmount);
		expect(printed.TaxInclusiveTotalAmount).toBe(oracle.TaxInclusiveTotalAmount);
		expect(printed.TaxInclusiveTotalAmountInWords).toBe(oracle.TaxInclusiveTotalAmountInWords);
	});

	test('parties', () => {
		for (const side of ['Buyer', 'Seller'] as const) {
			expect(printed[side].Name).toBe(oracle[side].Name);
			expect(printed[side].TaxId).toBe(oracle[side].TaxId);
		}
	});

	test('lines (销货清单 pages included): name, amount, rate, tax', () => {
		const pick = (lines: OfdInvoice['GoodsInfos']) => lines.map((g) => [g.Item, g.Amount, g.TaxScheme, g.TaxAmount]);
		expect(pick(printed.GoodsInfos)).toEqual(pick(oracle.GoodsInfos));
	});
});

test('fromOfdLayer: glyph extents from TextCode positions, text as printed, vertical text one character per row', () => {
	const items = fromOfdLayer({
		items: [
			{ text: '（小写）', x: 150, y: 90, width: 40, height: 8, size: 3, page: 0, glyphs: { x: 152, width: 12, baseline: 95, size: 3 } },
			{ text: '购买方', x: 6, y: 30, width: 4, height: 17, size: 3, page: 0 },
		],
	});
	expect(items[0]).toMatchObject({ text: '（小写）', x: 152, width: 12, height: 3 });
	expect(items[0].y).toBeCloseTo(95 - 3 * 0.86, 5);
	expect(items.slice(1).map((i) => i.text)).toEqual(['购', '买', '方']);
	expect(items[2].y).toBeGreaterThan(items[1].y);
});
