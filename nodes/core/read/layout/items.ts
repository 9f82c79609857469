import { emptyGoodsInfo, type VatInvoiceGoodsInfo } from '../common/fields';
import { cleanAmount, isAmountText, isStarsText, isTaxRateText } from './labels';
import { tokensOf, type Row, type Token } from './lines';
import { isSpecificHeader } from './specific';

/**
 * The goods table, read by its column headers: 项目名称 (or 货物或应税劳务、服务名称), 规格型号, 单位, 数量, 单价,
 * 金额, 税率/征收率, 税额 — or, on 通行费 invoices, 车牌号, 类型, 通行日期起, 通行日期止. Amounts are right-aligned
 * and drift out of their header's span, so a line is anchored on its tax-rate cell: the amount is the number
 * left of it, the tax the value right of it; the remaining cells go to the column whose span they start in.
 */

type ColumnId = 'index' | 'item' | 'spec' | 'unit' | 'qty' | 'price' | 'amount' | 'rate' | 'tax' | 'plate' | 'kind' | 'from' | 'to';

interface Column {
	id: ColumnId;
	x0: number;
	x1: number;
}

export interface GoodsTable {
	columns: Column[];
	toll: boolean;
	header: Row;
}

/** Header words → column, longest spellings first. */
const HEADER_WORDS: ReadonlyArray<[string, ColumnId]> = [
	['货物或应税劳务、服务名称', 'item'],
	['货物或应税劳务,服务名称', 'item'],
	['货物或应税劳务名称', 'item'],
	['货物(劳务)名称', 'item'],
	['项目名称', 'item'],
	['序号', 'index'],
	['规格型号', 'spec'],
	['车牌号', 'plate'],
	['类型', 'kind'],
	['通行日期起', 'from'],
	['通行日期止', 'to'],
	['单位', 'unit'],
	['数量', 'qty'],
	['单价', 'price'],
	['金额', 'amount'],
	['税率/征收率', 'rate'],
	['征收率', 'rate'],
	['税率', 'rate'],
	['税额', 'tax'],
];

/** The row's glyphs without spaces, left to right, for finding header words. */
function rowGlyphs(row: Row) {
	return row.cells.flatMap((c) => c.glyphs).sort((a, b) => a.x0 - b.x0);
}

/** Columns of a header row, or null when the row is not a goods-table header. */
export function readHeader(row: Row): GoodsTable | null {
	// One entry per UTF-16 code unit of `text` (a character outside the BMP takes two).
	const glyphs = rowGlyphs(row).flatMap((g) => (g.ch.length > 1 ? Array.from({ length: g.ch.length }, () => g) : [g]));
	const text = rowGlyphs(row).map((g) => g.ch).join('');
	if (!text.includes('金额') || !/税率|税额|征收率/.test(text)) return null;
	const columns: Column[] = [];
	const used = new Array<boolean>(text.length).fill(false);
	for (const [word, id] of HEADER_WORDS) {
		if (columns.some((c) => c.id === id)) continue;
		const at = text.indexOf(word);
		if (at < 0 || used.slice(at, at + word.length).some(Boolean)) continue;
		for (let i = at; i < at + word.length; i++) used[i] = true;
		columns.push({ id, x0: glyphs[at].x0, x1: glyphs[at + word.length - 1].x1 });
	}
	if (!columns.some((c) => c.id === 'item' || c.id === 'spec' || c.id === 'unit' || c.id === 'plate')) return null;
	columns.sort((a, b) => a.x0 - b.x0);
	return { columns, toll: columns.some((c) => c.id === 'plate' || c.id === 'from'), header: row };
}

/** Rows that end the table: 合计, 小计, 总计, 价税合计, 备注. */
export function isTableEnd(row: Row): boolean {
	const compact = row.text.replace(/\s+/g, '');
	return /^(?:合计|小计|总计|价税合计|备注)/.test(compact) || /(?:^|[^税])合计(?:[:¥\d-]|$)/.test(compact) || /^(?:本页)?小计|^总计/.test(compact);
}

/** Whether a row says the lines are on the 销货清单 (详见销货清单 / 详见清单). */
export function isListReference(text: string): boolean {
	return /详见(?:销货|对应正数发票及)?清单/.test(text.replace(/\s+/g, ''));
}

const column = (table: GoodsTable, id: ColumnId) => table.columns.find((c) => c.id === id);

/** Split "50.1813%" (an amount glued to its rate) into two tokens. */
function splitGlued(tokens: Token[]): Token[] {
	const out: Token[] = [];
	for (const t of tokens) {
		const m = /^(-?[¥]?\d+\.\d{2})(\d{1,2}%)$/.exec(t.text);
		if (!m) {
			out.push(t);
			continue;
		}
		const cut = t.x0 + ((t.x1 - t.x0) * m[1].length) / t.text.length;
		out.push({ text: m[1], x0: t.x0, x1: cut }, { text: m[2], x0: cut, x1: t.x1 });
	}
	return out;
}

/** Merge a lone "¥" token with the number after it. */
function mergeCurrency(tokens: Token[]): Token[] {
	const out: Token[] = [];
	for (const t of tokens) {
		const last = out[out.length - 1];
		if (last && /^-?[¥]$/.test(last.text) && isAmountText(t.text)) {
			out[out.length - 1] = { text: last.text + t.text, x0: last.x0, x1: t.x1 };
		} else out.push(t);
	}
	return out;
}

const center = (t: { x0: number; x1: number }) => (t.x0 + t.x1) / 2;

/**
 * Which text column a token belongs to: a token starting in the name column's half is part of the name (names
 * start left and run long); others go to the column whose span (between the midpoints of neighbouring
 * headers) holds their centre (short values are centred under their header).
 */
function textColumn(table: GoodsTable, token: Token): ColumnId {
	const cols = table.columns;
	const itemAt = cols.findIndex((c) => c.id === 'item');
	if (itemAt >= 0 && itemAt + 1 < cols.length && token.x0 < (cols[itemAt].x1 + cols[itemAt + 1].x0) / 2) return 'item';
	const mid = center(token);
	let best: ColumnId = cols[0]?.id ?? 'item';
	for (let i = 0; i < cols.length; i++) {
		const left = i === 0 ? -Infinity : (cols[i - 1].x1 + cols[i].x0) / 2;
		if (mid >= left) best = cols[i].id;
	}
	return best;
}

interface ParsedRow {
	line: VatInvoiceGoodsInfo | null;
	/** Text of a row without amounts, by column, to append to the line above (a wrapped name). */
	carry: Partial<Record<'Item' | 'Specification' | 'MeasurementDimension', string>>;
	listReference: boolean;
}

function append(target: Partial<Record<string, string>>, key: string, text: string, separator: string): void {
	target[key] = target[key] ? `${target[key]}${separator}${text}` : text;
}

export function parseRow(table: GoodsTable, row: Row): ParsedRow {
	const tokens = mergeCurrency(splitGlued(row.cells.flatMap(tokensOf))).sort((a, b) => a.x0 - b.x0);
	const listReference = isListReference(row.text);
	const rateColumn = column(table, 'rate');
	const rates = tokens.map((t, i) => ({ t, i })).filter(({ t }) => isTaxRateText(t.text));
	let rateAt = -1;
	if (rates.length > 0) {
		const target = rateColumn ? center(rateColumn) : 0;
		rates.sort((a, b) => Math.abs(center(a.t) - target) - Math.abs(center(b.t) - target));
		rateAt = rates[0].i;
	}
	const line = emptyGoodsInfo();
	const texts: Partial<Record<string, string>> = {};
	let amountAt = -1;
	let taxAt = -1;
	if (rateAt >= 0) {
		line.TaxScheme = tokens[rateAt].text.replace(/\s+/g, '');
		for (let i = rateAt + 1; i < tokens.length; i++) {
			if (isAmountText(tokens[i].text) || isStarsText(tokens[i].text)) {
				taxAt = i;
				break;
			}
		}
		for (let i = rateAt - 1; i >= 0; i--) {
			if (isAmountText(tokens[i].text)) {
				amountAt = i;
				break;
			}
			break;
		}
	} else {
		// No rate printed (some 销货清单 lines): the amount is the number nearest the 金额 column.
		const amountColumn = column(table, 'amount');
		const taxColumn = column(table, 'tax');
		if (amountColumn) {
			let best = -1;
			tokens.forEach((t, i) => {
				if (!isAmountText(t.text) || t.x1 < amountColumn.x0 - 15) return;
				if (taxColumn && center(t) > (center(amountColumn) + center(taxColumn)) / 2) return;
				if (best < 0 || Math.abs(center(t) - center(amountColumn)) < Math.abs(center(tokens[best]) - center(amountColumn))) best = i;
			});
			amountAt = best;
			if (amountAt >= 0 && taxColumn) {
				for (let i = amountAt + 1; i < tokens.length; i++) {
					if ((isAmountText(tokens[i].text) || isStarsText(tokens[i].text)) && tokens[i].x1 > center(taxColumn) - 10) {
						taxAt = i;
						break;
					}
				}
			}
		}
	}
	if (amountAt >= 0) line.Amount = cleanAmount(tokens[amountAt].text);
	if (taxAt >= 0) line.TaxAmount = isStarsText(tokens[taxAt].text) ? '***' : cleanAmount(tokens[taxAt].text);
	const hasLine = amountAt >= 0 || (rateAt >= 0 && taxAt >= 0);

	// Numbers left of the amount: 数量 then 单价 (or the two 通行日期 on toll invoices).
	const limit = amountAt >= 0 ? amountAt : rateAt >= 0 ? rateAt : tokens.length;
	const numeric: number[] = [];
	// Numbers centred right of the last text column's header (单位, or 类型 on toll invoices) are numbers.
	const textEnd = Math.max(
		...table.columns.filter((c) => c.id === 'item' || c.id === 'spec' || c.id === 'unit' || c.id === 'plate' || c.id === 'kind').map((c) => c.x1),
	);
	if (hasLine) {
		for (let i = limit - 1; i >= 0 && numeric.length < 2; i--) {
			if (!/^-?\d[\d,]*(?:\.\d+)?$/.test(tokens[i].text) || center(tokens[i]) <= textEnd) break;
			numeric.unshift(i);
		}
	}
	if (!table.toll && numeric.length === 2) {
		line.Quantity = tokens[numeric[0]].text;
		line.Price = tokens[numeric[1]].text;
	} else if (!table.toll && numeric.length === 1) {
		const t = tokens[numeric[0]];
		const qty = column(table, 'qty');
		const price = column(table, 'price');
		const toQty = qty ? Math.abs(center(t) - center(qty)) : Infinity;
		const toPrice = price ? Math.abs(center(t) - center(price)) : Infinity;
		if (toQty <= toPrice) line.Quantity = t.text;
		else line.Price = t.text;
	}
	const skip = new Set<number>([rateAt, amountAt, taxAt, ...numeric]);
	const indexColumn = column(table, 'index');
	const itemColumn = column(table, 'item');
	tokens.forEach((t, i) => {
		if (skip.has(i)) return;
		if (hasLine && i > limit) return;
		if (indexColumn && itemColumn && t.x1 <= itemColumn.x0 + 1 && /^\d+$/.test(t.text)) return;
		const c = textColumn(table, t);
		if (c === 'from' || c === 'to') return;
		const key =
			c === 'spec' || c === 'plate'
				? 'Specification'
				: c === 'unit' || c === 'kind'
					? 'MeasurementDimension'
					: c === 'item' || c === 'index'
						? 'Item'
						: null;
		if (!key) return;
		append(texts, key, t.text, key === 'Item' ? ' ' : '');
	});
	if (!hasLine) return { line: null, carry: texts, listReference };
	line.Item = texts.Item ?? '';
	line.Specification = texts.Specification ?? '';
	line.MeasurementDimension = texts.MeasurementDimension ?? '';
	return { line, carry: {}, listReference };
}

export interface GoodsResult {
	lines: VatInvoiceGoodsInfo[];
	/** The table says its lines are on the 销货清单 pages. */
	listReference: boolean;
	/** The amounts printed on the 详见销货清单 row itself (the totals of the list), when any. */
	referenceLine: VatInvoiceGoodsInfo | null;
	table: GoodsTable | null;
}

/** Read the goods table(s) of one page: from each header row down to the row that ends the table. */
export function readGoods(rows: readonly Row[]): GoodsResult {
	const lines: VatInvoiceGoodsInfo[] = [];
	let listReference = false;
	let referenceLine: VatInvoiceGoodsInfo | null = null;
	let firstTable: GoodsTable | null = null;
	for (let r = 0; r < rows.length; r++) {
		const table = readHeader(rows[r]);
		if (!table) continue;
		firstTable ??= table;
		let pending: ParsedRow['carry'] = {};
		let last: VatInvoiceGoodsInfo | undefined;
		for (r = r + 1; r < rows.length; r++) {
			const row = rows[r];
			if (isTableEnd(row) || readHeader(row) || isSpecificHeader(row)) {
				r--;
				break;
			}
			const parsed = parseRow(table, row);
			if (parsed.listReference) {
				listReference = true;
				if (parsed.line && !referenceLine) referenceLine = parsed.line;
			}
			if (parsed.line) {
				const line = parsed.line;
				for (const key of ['Item', 'Specification', 'MeasurementDimension'] as const) {
					if (pending[key]) line[key] = `${pending[key]}${line[key]}`;
				}
				pending = {};
				lines.push(line);
				last = line;
				continue;
			}
			if (parsed.listReference) continue;
			// A row without amounts continues the name (or spec, unit) of the line above; before the first line it
			// is the first part of the next line's wrapped name.
			for (const key of ['Item', 'Specification', 'MeasurementDimension'] as const) {
				const text = parsed.carry[key]?.replace(/\s+/g, key === 'Item' ? ' ' : '');
				if (!text) continue;
				if (last) last[key] = `${last[key]}${text}`;
				else pending[key] = `${pending[key] ?? ''}${text}`;
			}
		}
	}
	return { lines, listReference, referenceLine, table: firstTable };
}
