import type { OfdPackage, TextItem, TextLayer } from './package';
import { FP_HEADER_NAMES, fillHeader, newDraft, type InvoiceDraft } from './sources';
import { cleanValue, isAmountInWords, isQrText, joinPieces } from '../common/text';
import { emptyGoodsInfo, hasInvoiceData, type VatInvoiceGoodsInfo } from '../common/fields';
import { attr, childElements, textContent, type XmlElement } from '../xml/parser';

/**
 * (c) Custom tags: Tags/CustomTags.xml lists tag files (CustomTag.xml, Tag_Invoice.xml, Tag_e-invoice.xml)
 * whose elements name invoice fields and point, through `ObjectRef PageRef=".."`, at TextObjects of the pages
 * (or carry the value literally in `ObjectData`). 数电 invoices without an attachment keep their data only here.
 */

interface TagRef {
	pageRef: string;
	objectId: string;
}

interface TagField {
	name: string;
	refs: TagRef[];
	literal: string[];
	/** Index of the enclosing GoodsInfo element, or -1 outside any. */
	goodsRow: number;
}

interface Piece {
	text: string;
	item: TextItem | undefined;
}

const GOODS_COLUMNS: ReadonlyArray<keyof VatInvoiceGoodsInfo> = [
	'Item',
	'Specification',
	'MeasurementDimension',
	'Price',
	'Quantity',
	'Amount',
	'TaxScheme',
	'TaxAmount',
];
const ANCHOR_COLUMNS: ReadonlyArray<keyof VatInvoiceGoodsInfo> = ['Amount', 'TaxAmount', 'Price', 'Quantity', 'TaxScheme', 'Item'];
/** How far (mm) a wrapped first line may sit above its row's amount and still belong to that row. */
const ROW_TOLERANCE = 2.5;

function collectFields(root: XmlElement): TagField[] {
	const fields: TagField[] = [];
	let goodsCount = 0;
	const walk = (element: XmlElement, goodsRow: number) => {
		const refs: TagRef[] = [];
		const literal: string[] = [];
		for (const child of childElements(element)) {
			if (child.local === 'ObjectRef') refs.push({ pageRef: (attr(child, 'PageRef') ?? '').trim(), objectId: textContent(child).trim() });
			else if (child.local === 'ObjectData') literal.push(textContent(child));
		}
		if (refs.length > 0 || literal.length > 0) fields.push({ name: element.local, refs, literal, goodsRow });
		for (const child of childElements(element)) {
			if (child.local === 'ObjectRef' || child.local === 'ObjectData') continue;
			walk(child, child.local === 'GoodsInfo' ? goodsCount++ : goodsRow);
		}
	};
	walk(root, -1);
	return fields;
}

async function resolveRefs(pkg: OfdPackage, fields: TagField[]): Promise<Map<TagRef, TextItem | undefined>> {
	const pageIndexes = new Set<number>();
	let unplaced = false;
	for (const field of fields) {
		for (const ref of field.refs) {
			const index = pkg.pageIndexById(ref.pageRef);
			if (index >= 0) pageIndexes.add(index);
			else unplaced = true;
		}
	}
	if (unplaced) pkg.pages.forEach((page) => pageIndexes.add(page.index));
	const layers = new Map<number, TextLayer>();
	const indexes = [...pageIndexes].filter((i) => i < pkg.limits.maxPages);
	const loaded = await Promise.all(indexes.map((i) => pkg.pageTexts(i)));
	indexes.forEach((i, n) => layers.set(i, loaded[n]));

	// For references whose PageRef names no page: one merged index over every page read (first ID wins).
	let anyPage: Map<string, TextItem> | undefined;
	const templateCache = new Map<number, TextLayer[]>();
	const out = new Map<TagRef, TextItem | undefined>();
	for (const field of fields) {
		for (const ref of field.refs) {
			const index = pkg.pageIndexById(ref.pageRef);
			let item: TextItem | undefined;
			if (index >= 0) {
				item = layers.get(index)?.byId.get(ref.objectId);
				if (!item && index < pkg.limits.maxPages) {
					let templates = templateCache.get(index);
					if (!templates) {
						templates = await pkg.templateTexts(index);
						templateCache.set(index, templates);
					}
					for (const template of templates) {
						item = template.byId.get(ref.objectId);
						if (item) break;
					}
				}
			} else {
				if (!anyPage) {
					anyPage = new Map();
					for (const i of indexes) {
						for (const [id, text] of layers.get(i)?.byId ?? []) if (!anyPage.has(id)) anyPage.set(id, text);
					}
				}
				item = anyPage.get(ref.objectId);
			}
			out.set(ref, item);
		}
	}
	return out;
}

function piecesOf(field: TagField, resolved: Map<TagRef, TextItem | undefined>): Piece[] {
	const pieces: Piece[] = [];
	for (const ref of field.refs) {
		const item = resolved.get(ref);
		if (item) pieces.push({ text: item.text, item });
	}
	for (const text of field.literal) pieces.push({ text, item: undefined });
	return pieces;
}

function byPosition(a: TextItem, b: TextItem): number {
	return a.page - b.page || a.y - b.y || a.x - b.x || a.order - b.order;
}

/** Lines given as one column per tag (数电): rows anchored on the amounts, wrapped text joined to its row. */
function rowsFromColumns(columns: Map<keyof VatInvoiceGoodsInfo, Piece[]>): VatInvoiceGoodsInfo[] {
	let anchors: TextItem[] = [];
	for (const name of ANCHOR_COLUMNS) {
		const placed = (columns.get(name) ?? []).flatMap((p) => (p.item && cleanValue(p.text) !== '' ? [p.item] : []));
		if (placed.length > 0) {
			anchors = placed.sort(byPosition);
			break;
		}
	}
	const merged: TextItem[] = [];
	for (const anchor of anchors) {
		const last = merged[merged.length - 1];
		if (last && last.page === anchor.page && Math.abs(last.y - anchor.y) < 0.5) continue;
		merged.push(anchor);
	}
	const rowCount = Math.max(1, merged.length);
	const cells: Array<Map<keyof VatInvoiceGoodsInfo, Piece[]>> = Array.from({ length: rowCount }, () => new Map());
	for (const [name, pieces] of columns) {
		for (const piece of pieces) {
			const row = piece.item ? rowOf(merged, piece.item) : 0;
			const list = cells[row].get(name) ?? [];
			list.push(piece);
			cells[row].set(name, list);
		}
	}
	return cells.map((cell) => {
		const line = emptyGoodsInfo();
		for (const [name, pieces] of cell) {
			const ordered = [...pieces].sort((a, b) => (a.item && b.item ? byPosition(a.item, b.item) : 0));
			line[name] = joinPieces(ordered.map((p) => p.text));
		}
		return line;
	});
}

/** The last anchor at or above `item` (allowing ROW_TOLERANCE), by binary search over the sorted anchors; 0 if none. */
function rowOf(anchors: readonly TextItem[], item: TextItem): number {
	let lo = 0;
	let hi = anchors.length - 1;
	let row = 0;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const a = anchors[mid];
		if (a.page < item.page || (a.page === item.page && a.y <= item.y + ROW_TOLERANCE)) {
			row = mid;
			lo = mid + 1;
		} else hi = mid - 1;
	}
	return row;
}

/** One GoodsInfo group that lists several placed amounts holds several lines (split them by position). */
function holdsSeveralLines(group: Map<keyof VatInvoiceGoodsInfo, Piece[]>): boolean {
	for (const name of ['Amount', 'TaxAmount'] as const) {
		let placed = 0;
		for (const piece of group.get(name) ?? []) if (piece.item && cleanValue(piece.text) !== '') placed++;
		if (placed > 1) return true;
	}
	return false;
}

function isEmptyLine(line: VatInvoiceGoodsInfo): boolean {
	return GOODS_COLUMNS.every((key) => line[key] === '');
}

function appendTo<K>(map: Map<K, Piece[]>, key: K, pieces: Piece[]): void {
	const list = map.get(key);
	if (list) for (const piece of pieces) list.push(piece);
	else map.set(key, [...pieces]);
}

/** Map one tag tree, resolving its references against the pages of `pkg`; null when it holds no invoice data. */
export async function mapCustomTags(pkg: OfdPackage, root: XmlElement): Promise<InvoiceDraft | null> {
	const fields = collectFields(root);
	if (fields.length === 0) return null;
	const resolved = await resolveRefs(pkg, fields);

	const header = new Map<string, Piece[]>();
	const headerFilled = new Set<string>();
	const goodsRows = new Map<number, Map<keyof VatInvoiceGoodsInfo, Piece[]>>();
	const columns = new Map<keyof VatInvoiceGoodsInfo, Piece[]>();
	for (const field of fields) {
		const pieces = piecesOf(field, resolved);
		const column = GOODS_COLUMNS.find((name) => name === field.name);
		if (field.goodsRow >= 0) {
			if (!column) continue;
			let row = goodsRows.get(field.goodsRow);
			if (!row) goodsRows.set(field.goodsRow, (row = new Map()));
			appendTo(row, column, pieces);
		} else if (column) {
			appendTo(columns, column, pieces);
		} else if (!headerFilled.has(field.name)) {
			// A header tag given twice (数电 InvoiceClerk): the first non-empty one wins.
			header.set(field.name, pieces);
			if (joinPieces(pieces.map((p) => p.text)) !== '') headerFilled.add(field.name);
		}
	}

	const draft = newDraft();
	const f = draft.fields;
	const v = (name: string) => joinPieces((header.get(name) ?? []).map((p) => p.text));
	fillHeader(f, FP_HEADER_NAMES, v);

	const lines: VatInvoiceGoodsInfo[] = [];
	for (const row of [...goodsRows.keys()].sort((a, b) => a - b)) {
		const group = goodsRows.get(row) ?? new Map<keyof VatInvoiceGoodsInfo, Piece[]>();
		if (holdsSeveralLines(group)) {
			lines.push(...rowsFromColumns(group));
			continue;
		}
		const line = emptyGoodsInfo();
		for (const [name, pieces] of group) line[name] = joinPieces(pieces.map((p) => p.text));
		lines.push(line);
	}
	if (columns.size > 0) lines.push(...rowsFromColumns(columns));
	f.GoodsInfos = lines.filter((line) => !isEmptyLine(line));

	const graph = v('GraphCode');
	draft.qrCode = isQrText(graph) ? graph : null;
	const words = v('TaxInclusiveTotalAmountWithWords');
	draft.amountInWords = isAmountInWords(words) ? words : '';
	draft.totalAnchor = (header.get('TaxInclusiveTotalAmount') ?? []).map((p) => p.item).find((item) => item !== undefined);
	return hasInvoiceData(f) ? draft : null;
}

export async function readCustomTags(pkg: OfdPackage): Promise<InvoiceDraft | null> {
	for (const entry of await pkg.customTagFiles()) {
		const root = await pkg.readXml(entry);
		if (!root) continue;
		const draft = await mapCustomTags(pkg, root);
		if (draft) return draft;
	}
	return null;
}
