/**
 * The canonical `specificBusiness` (特定业务) of a 数电 invoice: the kind from the printed kind text,
 * the block's single values and its table rows, label → value as printed (empty values left out).
 */
import type { RawSpecificBusiness, SpecificBusiness, SpecificBusinessKind } from './types';
import { cleanText, toHalfWidth } from './values';

/** The kind a printed 特定业务 name says (旅客运输服务, 货物运输服务, 建筑服务, 不动产经营租赁服务, 不动产销售). */
export function specificBusinessKindOf(text: string | null): SpecificBusinessKind {
	if (text === null) return 'other';
	const t = toHalfWidth(text);
	if (t.includes('旅客运输')) return 'passenger_transport';
	if (t.includes('货物运输')) return 'freight_transport';
	if (t.includes('建筑')) return 'construction';
	if (t.includes('不动产') && t.includes('租赁')) return 'real_estate_lease';
	if (t.includes('不动产') && t.includes('销售')) return 'real_estate_sale';
	return 'other';
}

function cleanRecord(record: Record<string, unknown>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [label, value] of Object.entries(record)) {
		const key = cleanText(label);
		const text = cleanText(value);
		if (key !== null && text !== null) out[key] = text;
	}
	return out;
}

/** `null` when the source has no 特定业务 block (no kind, no values, no rows). */
export function cleanSpecificBusiness(raw: RawSpecificBusiness | undefined): SpecificBusiness | null {
	if (raw === undefined) return null;
	const kindText = cleanText(raw.kindText);
	const fields = cleanRecord(raw.fields ?? {});
	const rows = (raw.rows ?? []).map(cleanRecord).filter((row) => Object.keys(row).length > 0);
	if (kindText === null && Object.keys(fields).length === 0 && rows.length === 0) return null;
	const kind = kindText === null && raw.kind !== undefined ? raw.kind : specificBusinessKindOf(kindText);
	return { kind, kindText, fields, rows };
}
