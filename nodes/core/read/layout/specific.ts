import type { SpecificBusinessInfo } from '../common/fields';
import { looseText } from '../common/text';
import { headerWords } from './air';
import type { Row } from './lines';

/**
 * The 特定业务 block of a 数电 invoice: a small table printed under the goods lines, its headers depending on the
 * business. Headers are written here as printed (full-width brackets) and matched on the loose view.
 * 旅客运输 and 货物运输 print one row per passenger or leg (→ Rows); 建筑服务 and the 不动产 kinds print one row
 * of single values (→ Fields).
 */
interface BlockKind {
	kindText: string;
	headers: string[];
	/** One row of single values (→ Fields) rather than a table (→ Rows). */
	single: boolean;
}

export const SPECIFIC_BLOCKS: readonly BlockKind[] = [
	{ kindText: '旅客运输服务', headers: ['出行人', '有效身份证件号', '出行日期', '出发地', '到达地', '等级', '交通工具类型'], single: false },
	{ kindText: '货物运输服务', headers: ['运输工具种类', '运输工具牌号', '起运地', '到达地', '运输货物名称'], single: false },
	{ kindText: '建筑服务', headers: ['土地增值税项目编号', '跨地（市）标志', '建筑服务发生地', '建筑项目名称'], single: true },
	{
		kindText: '不动产销售',
		headers: ['不动产单元代码/网签合同备案编号', '不动产地址', '跨地（市）标志', '土地增值税项目编号', '核定计税价格', '实际成交含税金额', '产权证书/不动产权证号码'],
		single: true,
	},
	{ kindText: '不动产经营租赁服务', headers: ['不动产地址', '租赁期起止', '跨地（市）标志', '产权证书/不动产权证号码'], single: true },
];

/** Rows that end the block: the totals and the parties' signatures. */
const END = /^(?:合\s*计|价税合计|备\s*注|开票人|收款人)/;

const LOOSE_HEADERS = SPECIFIC_BLOCKS.map((kind) => kind.headers.map(looseText));
/** Characters any block header has: a row without one of them is no header row (a cheap first test). */
const HEADER_CHARS = new Set(SPECIFIC_BLOCKS.flatMap((kind) => kind.headers.flatMap((h) => [...h])));

function headerOf(row: Row): { kind: BlockKind; found: ReturnType<typeof headerWords> } | undefined {
	// A header row prints its labels alone: "label：value" pairs (a 备注) are no table.
	if (row.text.length > 400 || row.text.includes(':') || ![...row.text].some((ch) => HEADER_CHARS.has(ch))) return undefined;
	let best: { kind: BlockKind; found: ReturnType<typeof headerWords> } | undefined;
	SPECIFIC_BLOCKS.forEach((kind, i) => {
		const found = headerWords(row, LOOSE_HEADERS[i]);
		if (found.length >= Math.min(3, kind.headers.length) && (!best || found.length > best.found.length)) best = { kind, found };
	});
	return best;
}

/** Whether a row is the header row of a 特定业务 block (it ends the goods table above it). */
export function isSpecificHeader(row: Row): boolean {
	return headerOf(row) !== undefined;
}

/**
 * Single values some kinds print as "label：value;" pairs, in the 备注 (e.g. a 建筑服务 invoice's
 * "土地增值税项目编号:-; 跨地（市）标志:否;"), as printed, with the kind they belong to.
 */
const LABELLED: ReadonlyArray<{ label: string; kindText: string }> = [
	{ label: '土地增值税项目编号', kindText: '' },
	{ label: '跨地（市）标志', kindText: '' },
	{ label: '建筑服务发生地', kindText: '建筑服务' },
	{ label: '建筑项目名称', kindText: '建筑服务' },
	{ label: '不动产地址', kindText: '' },
	{ label: '租赁期起止', kindText: '不动产经营租赁服务' },
	{ label: '产权证书/不动产权证号码', kindText: '' },
	{ label: '产权证书/不动产权证号', kindText: '' },
	{ label: '不动产单元代码/网签合同备案编号', kindText: '不动产销售' },
	{ label: '核定计税价格', kindText: '不动产销售' },
	{ label: '实际成交含税金额', kindText: '不动产销售' },
];
const LABELLED_REGEX = LABELLED.map(({ label }) => new RegExp(`${[...looseText(label)].map((ch) => ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('\\s*')}\\s*:\\s*([^;；]*?)\\s*(?:[;；]|\\s{2,}|$)`));

/** Where the next labelled value starts (a value ends there even without a ;). */
const NEXT_LABEL = new RegExp(`\\s*(?:${LABELLED.map(({ label }) => [...looseText(label)].map((ch) => ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('\\s*')).join('|')})\\s*:`);

/** The labelled 特定业务 values in a text (the loose view of the 备注), label (as printed) → value. */
export function labelledSpecificFields(text: string): { fields: Record<string, string>; kindText: string } {
	const fields: Record<string, string> = {};
	let kindText = '';
	LABELLED.forEach(({ label, kindText: kind }, i) => {
		if (fields[label] !== undefined || (label === '产权证书/不动产权证号' && fields['产权证书/不动产权证号码'] !== undefined)) return;
		const m = LABELLED_REGEX[i].exec(text);
		if (!m) return;
		const next = NEXT_LABEL.exec(m[1]);
		fields[label] = (next ? m[1].slice(0, next.index) : m[1]).trim();
		kindText ||= kind;
	});
	return { fields, kindText };
}

export const SPECIFIC_KINDS: readonly string[] = SPECIFIC_BLOCKS.map((kind) => kind.kindText);
const KINDS = SPECIFIC_KINDS;

/**
 * The 特定业务 block on these rows, null when none is printed: the block's table (its header row found on the page)
 * and the labelled values of `note` (the 备注). `tags` are the tags printed above the title; one naming a kind
 * gives the block its KindText.
 */
export function readSpecificBusiness(rows: readonly Row[], tags: readonly string[], note = ''): SpecificBusinessInfo | null {
	const table = readSpecificTable(rows, tags);
	const labelled = labelledSpecificFields(note);
	if (!table && Object.keys(labelled.fields).length === 0) return null;
	const tagged = tags.find((t) => KINDS.includes(t));
	const out: SpecificBusinessInfo = table ?? { KindText: tagged ?? labelled.kindText, Fields: {}, Rows: [] };
	for (const [label, value] of Object.entries(labelled.fields)) if (out.Fields[label] === undefined) out.Fields[label] = value;
	return out;
}

function readSpecificTable(rows: readonly Row[], tags: readonly string[]): SpecificBusinessInfo | null {
	for (const [index, row] of rows.entries()) {
		const best = headerOf(row);
		if (!best) continue;
		const { kind, found } = best;
		const printedOf = new Map(kind.headers.map((h) => [looseText(h), h]));
		const out: SpecificBusinessInfo = {
			KindText: tags.find((t) => t === kind.kindText || kind.kindText.startsWith(t)) ?? kind.kindText,
			Fields: {},
			Rows: [],
		};
		for (const below of rows.slice(index + 1, index + 1 + 50)) {
			if (below.page !== row.page || END.test(below.text.trim())) break;
			// Piece by piece (cells split at their spaces: values of neighbouring columns may share a cell) into the
			// column whose header starts at or left of the piece (the block's values start under their headers).
			const parts = new Map<string, string[]>();
			for (const cell of below.cells) {
				let piece = '';
				let x0 = 0;
				const flush = () => {
					if (piece === '') return;
					let h = found[0];
					for (const header of found) if (header.x0 - 1 <= x0) h = header;
					const key = printedOf.get(h.word) ?? h.word;
					parts.set(key, [...(parts.get(key) ?? []), piece]);
					piece = '';
				};
				for (let i = 0; i < cell.text.length; i++) {
					const glyph = cell.units[i];
					if (!glyph) {
						flush();
						continue;
					}
					if (piece === '') x0 = glyph.x0;
					piece += cell.text[i];
				}
				flush();
			}
			const values: Record<string, string> = {};
			for (const [key, pieces] of parts) values[key] = pieces.join(' ');
			if (Object.keys(values).length === 0) break;
			out.Rows.push(values);
		}
		if (kind.single && out.Rows.length > 0) {
			for (const r of out.Rows) for (const [k, v] of Object.entries(r)) out.Fields[k] = out.Fields[k] ? `${out.Fields[k]}${v}` : v;
			out.Rows = [];
		}
		return out;
	}
	return null;
}
