import type { PositionedText } from './types';

/** One character of a row, with the horizontal span it occupies (mm). */
export interface Glyph {
	ch: string;
	x0: number;
	x1: number;
	/** A space separated it from the previous glyph inside the same text item. */
	spaced: boolean;
}

/** A run of glyphs of one row with no wide gap inside: what the eye reads as one cell. */
export interface Cell {
	text: string;
	glyphs: Glyph[];
	/** For each UTF-16 code unit of `text`: its glyph, null for an inserted space. */
	units: Array<Glyph | null>;
	x0: number;
	x1: number;
	y: number;
	height: number;
	page: number;
}

/** Text items whose vertical centres agree, left to right, split into cells at wide gaps. */
export interface Row {
	page: number;
	/** Vertical centre (mm from the top). */
	cy: number;
	top: number;
	bottom: number;
	height: number;
	items: PositionedText[];
	cells: Cell[];
	/** The whole row as text, cells separated by two spaces. */
	text: string;
	/** For each character of `text`: its glyph (null for spaces) and its cell (-1 between cells). */
	glyphAt: Array<Glyph | null>;
	cellAt: number[];
}

const isWide = (ch: string) => /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(ch);

/** Spread an item's width over its characters (CJK and full-width characters count double). */
export function glyphsOf(item: PositionedText): Glyph[] {
	const chars = [...item.text];
	let units = 0;
	for (const ch of chars) units += isWide(ch) ? 1 : 0.5;
	const width = item.width > 0 ? item.width : units * item.height;
	const per = units > 0 ? width / units : 0;
	const out: Glyph[] = [];
	let x = item.x;
	let spaced = false;
	for (const ch of chars) {
		const w = (isWide(ch) ? 1 : 0.5) * per;
		if (/\s/.test(ch)) {
			spaced = true;
		} else {
			out.push({ ch, x0: x, x1: x + w, spaced });
			spaced = false;
		}
		x += w;
	}
	return out;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)];
}

/** Build a cell from glyphs sorted by x; a space marks a gap wider than 30% of the text height. */
function makeCell(glyphs: Glyph[], row: { cy: number; height: number; page: number }): Cell {
	let text = '';
	const units: Array<Glyph | null> = [];
	let prev: Glyph | undefined;
	for (const g of glyphs) {
		if (prev && (g.spaced || g.x0 - prev.x1 > row.height * 0.3)) {
			text += ' ';
			units.push(null);
		}
		text += g.ch;
		for (let k = 0; k < g.ch.length; k++) units.push(g); // a character outside the BMP is two code units
		prev = g;
	}
	return {
		text,
		glyphs,
		units,
		x0: glyphs[0].x0,
		x1: glyphs[glyphs.length - 1].x1,
		y: row.cy,
		height: row.height,
		page: row.page,
	};
}

/** Split a row's glyphs into cells wherever the gap exceeds `gapFactor` text heights. */
export function cellsOf(glyphs: Glyph[], row: { cy: number; height: number; page: number }, gapFactor = 1.5): Cell[] {
	const sorted = [...glyphs].sort((a, b) => a.x0 - b.x0);
	const cells: Cell[] = [];
	let current: Glyph[] = [];
	let right = -Infinity;
	for (const g of sorted) {
		if (current.length > 0 && g.x0 - right > row.height * gapFactor) {
			cells.push(makeCell(current, row));
			current = [];
			right = -Infinity;
		}
		current.push(g);
		right = Math.max(right, g.x1);
	}
	if (current.length > 0) cells.push(makeCell(current, row));
	return cells;
}

/**
 * Group one page's text into rows by vertical centre (never by stream order), each row read left to right.
 * Items whose centres differ by at most half the smaller height share a row.
 */
export function buildRows(items: readonly PositionedText[]): Row[] {
	const sorted = items
		.filter((item) => item.text.trim() !== '' && Number.isFinite(item.x) && Number.isFinite(item.y))
		.map((item) => ({ item, cy: item.y + item.height / 2 }))
		.sort((a, b) => a.cy - b.cy || a.item.x - b.item.x);
	const groups: Array<{ cy: number; height: number; members: PositionedText[] }> = [];
	for (const { item, cy } of sorted) {
		let target: (typeof groups)[number] | undefined;
		for (let i = groups.length - 1; i >= 0 && i >= groups.length - 4; i--) {
			const g = groups[i];
			if (Math.abs(g.cy - cy) <= 0.5 * Math.min(g.height, item.height) + 0.05) {
				target = g;
				break;
			}
		}
		if (target) target.members.push(item);
		else groups.push({ cy, height: item.height, members: [item] });
	}
	// Rows in order of their centre (a row's centre is its first item's; later items may shift none).
	groups.sort((a, b) => a.cy - b.cy);
	return groups.map((g) => {
		const height = median(g.members.map((m) => m.height)) || 3;
		const page = g.members[0].page;
		const glyphs = g.members.flatMap(glyphsOf);
		const cells = cellsOf(glyphs, { cy: g.cy, height, page });
		const glyphAt: Array<Glyph | null> = [];
		const cellAt: number[] = [];
		cells.forEach((cell, ci) => {
			if (ci > 0) {
				glyphAt.push(null, null);
				cellAt.push(-1, -1);
			}
			for (const unit of cell.units) {
				glyphAt.push(unit);
				cellAt.push(ci);
			}
		});
		return {
			glyphAt,
			cellAt,
			page,
			cy: g.cy,
			top: g.members.reduce((min, m) => Math.min(min, m.y), Infinity),
			bottom: g.members.reduce((max, m) => Math.max(max, m.y + m.height), -Infinity),
			height,
			items: g.members,
			cells,
			text: cells.map((c) => c.text).join('  '),
		};
	});
}

/** The x position (mm) where the character at `index` of `cell.text` starts (spaces map to the next glyph). */
export function xAt(cell: Cell, index: number): number {
	for (let i = Math.max(0, index); i < cell.units.length; i++) {
		const g = cell.units[i];
		if (g) return g.x0;
	}
	return cell.x1;
}

/** A whitespace-separated piece of a cell, with its span. */
export interface Token {
	text: string;
	x0: number;
	x1: number;
}

export function tokensOf(cell: Cell): Token[] {
	const out: Token[] = [];
	let start = -1;
	let first: Glyph | null = null;
	let last: Glyph | null = null;
	for (let i = 0; i <= cell.units.length; i++) {
		const g = i < cell.units.length ? cell.units[i] : null;
		if (!g) {
			if (start >= 0 && first && last) out.push({ text: cell.text.slice(start, i), x0: first.x0, x1: last.x1 });
			start = -1;
			continue;
		}
		if (start < 0) {
			start = i;
			first = g;
		}
		last = g;
	}
	return out;
}
