import { fromPdfPage } from '../../../../nodes/core/read/pdf/positioned';

const MM = 25.4 / 72;

test('fromPdfPage: points → mm, baseline → box top, y flipped by the page box, text as printed (full-width colon kept), blank runs dropped', () => {
	const page = {
		index: 0,
		width: 595.28,
		height: 396.85,
		originX: 0,
		originY: 0,
		rotate: 0,
		runs: [
			{ page: 0, text: '发票号码：', x: 72, y: 360, fontSize: 9, width: 45 },
			{ page: 0, text: '   ', x: 10, y: 10, fontSize: 9, width: 10 },
		],
	};
	const [item, ...rest] = fromPdfPage(page);
	expect(rest).toEqual([]);
	expect(item.text).toBe('发票号码：');
	expect(item.x).toBeCloseTo(72 * MM, 6);
	expect(item.width).toBeCloseTo(45 * MM, 6);
	expect(item.height).toBeCloseTo(9 * MM, 6);
	// Box top = page height − (baseline + ascent); a run higher on the page has a smaller y.
	expect(item.y).toBeCloseTo((396.85 - (360 + 9 * 0.86)) * MM, 6);
	const [higher] = fromPdfPage({ ...page, runs: [{ ...page.runs[0], y: 380 }] });
	expect(higher.y).toBeLessThan(item.y);
});

test('fromPdfPage: a page box not at the origin and a page rotated by 90 degrees', () => {
	const run = { page: 2, text: 'A', x: 110, y: 220, fontSize: 10, width: 5 };
	const [shifted] = fromPdfPage({ index: 2, width: 300, height: 400, originX: 100, originY: 200, rotate: 0, runs: [run] });
	expect(shifted.page).toBe(2);
	expect(shifted.x).toBeCloseTo(10 * MM, 6);
	expect(shifted.y).toBeCloseTo((400 - (20 + 8.6)) * MM, 6);
	const [turned] = fromPdfPage({ index: 0, width: 300, height: 400, originX: 0, originY: 0, rotate: 90, runs: [{ ...run, x: 10, y: 20 }] });
	// Rotated 90° clockwise for viewing: what was near the bottom-left is now near the top-left.
	expect(turned.x).toBeCloseTo((20 + 8.6) * MM, 6);
	expect(turned.y).toBeCloseTo(10 * MM, 6);
});
