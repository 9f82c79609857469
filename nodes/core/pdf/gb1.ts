import { GB1_RUNS } from './gb1-data';

let table: Uint32Array | undefined;
let reverse: Map<number, number> | undefined;

function load(): Uint32Array {
	if (table) return table;
	const runs: Array<[number, number, number]> = [];
	let cid = 0;
	let uni = 0;
	for (const run of GB1_RUNS.split(';')) {
		const [g, l, d] = run.split(',');
		const gap = g ? parseInt(g, 36) : 0;
		const length = l ? parseInt(l, 36) : 1;
		const delta = parseInt(d, 36);
		cid += gap;
		uni += delta;
		runs.push([cid, length, uni]);
		cid += length;
		uni += length;
	}
	const out = new Uint32Array(cid + 1);
	for (const [start, length, first] of runs) for (let i = 0; i < length; i++) out[start + i] = first + i;
	table = out;
	return out;
}

/** Unicode text of an Adobe-GB1 CID, or undefined when the character collection does not map it. */
export function gb1ToUnicode(cid: number): string | undefined {
	const t = load();
	const cp = cid > 0 && cid < t.length ? t[cid] : 0;
	return cp ? String.fromCodePoint(cp) : undefined;
}

/** The lowest Adobe-GB1 CID of a code point (the proportional/ASCII forms come first), for glyph widths. */
export function unicodeToGb1(codePoint: number): number | undefined {
	if (!reverse) {
		const t = load();
		reverse = new Map();
		for (let cid = t.length - 1; cid >= 0; cid--) if (t[cid]) reverse.set(t[cid], cid);
	}
	return reverse.get(codePoint);
}
