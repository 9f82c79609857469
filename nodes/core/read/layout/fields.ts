import { findLabelsIn, type LabelKey } from './labels';
import type { Glyph, Row } from './lines';

/** One place where a label is printed (its characters may lie in several cells: "名        称:"). */
export interface LabelHit {
	key: LabelKey;
	row: Row;
	/** Span of the label in row.text. */
	start: number;
	end: number;
	/** Left and right edges of the label (mm). */
	x0: number;
	x1: number;
	/** Rows just above or below (a value drawn a little off its label's baseline), nearest first. */
	near: Row[];
}

function glyphFrom(row: Row, index: number, step: 1 | -1): Glyph | null {
	for (let i = index; i >= 0 && i < row.text.length; i += step) {
		const g = row.glyphAt[i];
		if (g) return g;
	}
	return null;
}

/** Every label on these rows, top to bottom, left to right. */
export function findLabels(rows: readonly Row[], keys?: readonly LabelKey[]): LabelHit[] {
	const out: LabelHit[] = [];
	rows.forEach((row, index) => {
		// Rows are sorted by centre: look a few rows either way only.
		const near: Row[] = [];
		for (let j = Math.max(0, index - 3); j <= Math.min(rows.length - 1, index + 3); j++) {
			const r = rows[j];
			if (r !== row && r.page === row.page && Math.abs(r.cy - row.cy) < 0.8 * Math.max(r.height, row.height)) near.push(r);
		}
		near.sort((a, b) => Math.abs(a.cy - row.cy) - Math.abs(b.cy - row.cy));
		for (const m of findLabelsIn(row.text, keys)) {
			const first = glyphFrom(row, m.start, 1);
			const last = glyphFrom(row, m.end - 1, -1);
			if (!first || !last) continue;
			out.push({ key: m.key, row, start: m.start, end: m.end, x0: first.x0, x1: last.x1, near });
		}
	});
	return out;
}

export interface FieldValue {
	text: string;
	/** Left edge of the value (mm). */
	x0: number;
	row: Row;
	/** Span in row.text. */
	start: number;
	end: number;
}

/** How far (mm) to the right of its label a value may start. */
const MAX_VALUE_GAP = 30;

/**
 * The value printed for a label: from the first character after the label to the end of the cell it starts in
 * (or to the next label). The pairing is by position on the row, never by stream order.
 */
export function valueRightOf(hit: LabelHit, options: { maxGap?: number; stopAtX?: number } = {}): FieldValue | null {
	const own = valueOnRow(hit, hit.row, hit.end, options);
	if (own) return own;
	if (own === null && nextIsLabel(hit)) return null;
	// Nothing after the label on its own row: a value drawn slightly above or below it.
	for (const row of hit.near) {
		let i = 0;
		while (i < row.text.length && !(row.glyphAt[i] && (row.glyphAt[i] as Glyph).x1 > hit.x1 + 0.2)) i++;
		if (i >= row.text.length) continue;
		const value = valueOnRow(hit, row, i, options);
		if (value) return value;
	}
	return null;
}

const centre = (g: Glyph) => (g.x0 + g.x1) / 2;

/** Whether the next thing printed after the label on its row is another label. */
function nextIsLabel(hit: LabelHit): boolean {
	let i = hit.end;
	while (i < hit.row.text.length && hit.row.text[i] === ' ') i++;
	return findLabelsIn(hit.row.text).some((m) => m.start === i);
}

/**
 * The text right of a label on its row and the rows just above and below it, merged left to right (a date
 * whose digits and 年/月/日 are drawn on slightly different baselines), up to `width` mm from the label.
 */
export function textRightOf(hit: LabelHit, width = 60): string {
	const glyphs: Glyph[] = [];
	for (const row of [hit.row, ...hit.near]) {
		for (const g of row.glyphAt) if (g && centre(g) >= hit.x1 && g.x0 <= hit.x1 + width) glyphs.push(g);
	}
	glyphs.sort((a, b) => a.x0 - b.x0);
	let out = '';
	let prev: Glyph | undefined;
	for (const g of glyphs) {
		if (prev && g.x0 - prev.x1 > 0.8) out += ' ';
		out += g.ch;
		prev = g;
	}
	return out;
}

/** The value on `row` from text index `from`; undefined when the row has nothing there, null when it is refused. */
function valueOnRow(hit: LabelHit, row: Row, from: number, options: { maxGap?: number; stopAtX?: number }): FieldValue | null | undefined {
	let i = from;
	while (i < row.text.length && row.text[i] === ' ') i++;
	if (i >= row.text.length) return undefined;
	const next = findLabelsIn(row.text).find((m) => m.end > i);
	const labelAt = next ? next.start : row.text.length;
	if (i >= labelAt) return null;
	const glyph = row.glyphAt[i];
	if (!glyph) return null;
	if (glyph.x0 - hit.x1 > (options.maxGap ?? MAX_VALUE_GAP)) return null;
	if (options.stopAtX !== undefined && glyph.x0 >= options.stopAtX) return null;
	const cell = row.cellAt[i];
	let end = i;
	while (end < labelAt && row.cellAt[end] === cell) {
		const g = row.glyphAt[end];
		if (g && options.stopAtX !== undefined && g.x0 >= options.stopAtX) break;
		end++;
	}
	const text = row.text.slice(i, end).trim();
	if (text === '') return null;
	return { text, x0: glyph.x0, row, start: i, end };
}

/** All the text of a row to the right of x, cells separated by a space. */
export function rowTextRightOf(row: Row, x: number): string {
	const parts: string[] = [];
	for (const cell of row.cells) {
		if (cell.x1 <= x) continue;
		// The kept glyphs, with the spaces printed between them.
		let text = '';
		for (let i = 0; i < cell.text.length; i++) {
			const g = cell.units[i];
			if (g ? g.x0 >= x - 0.01 : text !== '') text += cell.text[i];
		}
		parts.push(text.trimEnd());
	}
	return parts.join(' ');
}

/** Digits only (codes, numbers, check codes printed in groups of five). */
export function digitsOf(text: string): string {
	return text.replace(/\D+/g, '');
}

/** A code or tax id: letters and digits, no spaces or punctuation. */
export function compactCode(text: string): string {
	return text.replace(/[^0-9A-Za-z]+/g, '').toUpperCase();
}

/** "2024 11 07", "2019 年07 月20 日", "2024-11-07" → "2024年11月07日" (the printed form), '' when not a date. */
export function printedDate(text: string): string {
	const m = /(\d{4})\s*(?:年|-|\/|\.|\s)\s*(\d{1,2})\s*(?:月|-|\/|\.|\s)\s*(\d{1,2})/.exec(text);
	if (!m) return '';
	const month = Number(m[2]);
	const day = Number(m[3]);
	if (month < 1 || month > 12 || day < 1 || day > 31) return '';
	return `${m[1]}年${m[2].padStart(2, '0')}月${m[3].padStart(2, '0')}日`;
}
