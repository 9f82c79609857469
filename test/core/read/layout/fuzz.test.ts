import { LAYOUT_LIMITS, readLayoutInvoice, type PositionedText } from '../../../../nodes/core/read/layout';
import { OfdPackage } from '../../../../nodes/core/read/ofd';
import { readPositionedPages } from '../../../../nodes/core/read/ofd/pageText';
import { randomInt, seededRandom, type Random as Rng } from '../../../helpers/random';
import { listFixtures, readFixture } from '../../../support/files';

// Hostile positioned text: the real OFD pages mutated (items dropped, moved, duplicated, their text replaced
// by label fragments, numbers and junk, sizes broken) must read without throwing and give the usual shape.

const PIECES = ['名称:', '合计', '价税合计(大写)', '(小写)', '¥', '13%', '免税', '***', '-1.5', '9999999.99', '校验码', '备', '注', '详见销货清单', '金额', '税率', '税额', '项目名称', '壹拾', '圆整', '\u0000', ' ', '𠀀'];

function mutate(pages: PositionedText[][], rng: Rng): PositionedText[][] {
	return pages.map((page) => {
		const out: PositionedText[] = [];
		for (const item of page) {
			const roll = rng();
			if (roll < 0.1) continue; // dropped
			const copy = { ...item };
			if (roll < 0.25) copy.text = PIECES[randomInt(rng, PIECES.length)];
			else if (roll < 0.35) {
				copy.x += (rng() - 0.5) * 40;
				copy.y += (rng() - 0.5) * 10;
			} else if (roll < 0.4) copy.height = [0, -3, Number.NaN, Infinity, 1e9][randomInt(rng, 5)];
			else if (roll < 0.45) copy.width = [0, -10, Number.NaN, 1e9][randomInt(rng, 4)];
			out.push(copy);
			if (rng() < 0.05) out.push({ ...copy, x: copy.x + 0.1 }); // duplicated (overprinted) text
		}
		return out;
	});
}

function expectShape(invoice: ReturnType<typeof readLayoutInvoice>): void {
	for (const key of ['InvoiceCode', 'InvoiceNumber', 'IssueDate', 'TaxExclusiveTotalAmount', 'TaxTotalAmount', 'TaxInclusiveTotalAmount', 'Note'] as const) {
		expect(typeof invoice[key]).toBe('string');
	}
	for (const line of invoice.GoodsInfos) expect(typeof line.Amount).toBe('string');
}

const files = listFixtures('ofd').filter((name: string) => name.endsWith('.ofd'));

describe.each(files)('%s mutated', (file) => {
	let pages: PositionedText[][];
	beforeAll(async () => {
		pages = await readPositionedPages(await OfdPackage.open(readFixture('ofd', file)));
	});

	test('40 seeded mutations read without throwing', () => {
		for (let seed = 1; seed <= 40; seed++) {
			const mutated = mutate(pages, seededRandom(seed * 7919));
			let invoice: ReturnType<typeof readLayoutInvoice> | undefined;
			expect(() => (invoice = readLayoutInvoice(mutated))).not.toThrow();
			expectShape(invoice as ReturnType<typeof readLayoutInvoice>);
			const items = mutated.reduce((n, p) => n + p.length, 0);
			expect((invoice as ReturnType<typeof readLayoutInvoice>).GoodsInfos.length).toBeLessThanOrEqual(items);
		}
	});
});

test('size limits: over-long texts are cut, items past the per-page limit and pages past the page limit are ignored', () => {
	const row = (n: number, y: number): PositionedText[] =>
		Array.from({ length: n }, (_, i) => ({ text: i % 2 ? '13%' : '1.00', x: i * 0.5, y, width: 2, height: 3, page: 0 }));
	const crowded = readLayoutInvoice([[...row(LAYOUT_LIMITS.maxItemsPerPage + 5000, 10)]]);
	expectShape(crowded);
	const long = readLayoutInvoice([[{ text: `发票号码:${'1'.repeat(1_000_000)}`, x: 10, y: 10, width: 100, height: 3, page: 0 }]]);
	expect(long.InvoiceNumber.length).toBeLessThanOrEqual(LAYOUT_LIMITS.maxItemChars);
	const column = Array.from({ length: LAYOUT_LIMITS.maxItemsPerPage }, (_, i) => ({ text: '名称:x', x: 10, y: i * 4, width: 10, height: 3, page: 0 }));
	expectShape(readLayoutInvoice([column]));
	const many = Array.from({ length: LAYOUT_LIMITS.maxPages + 50 }, () => [] as PositionedText[]);
	expect(readLayoutInvoice(many).PageCount).toBe(LAYOUT_LIMITS.maxPages + 50);
});
