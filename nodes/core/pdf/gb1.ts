import { GB1_RUNS } from './gb1-data';

let table: Uint32Array | undefined;
let reverse: Map<number, number> | undefined;

/** The GBK code at `index` in the order of all two-byte codes (lead 0x81–0xFE, trail 0x40–0x7E, 0x80–0xFE). */
function gbkCode(index: number): number {
	const lead = 0x81 + Math.floor(index / 190);
	const t = index % 190;
	return (lead << 8) | (t < 63 ? 0x40 + t : 0x80 + t - 63);
}

function gbkDecoder(): { decode(b: Uint8Array): string } | undefined {
	try {
		return new TextDecoder('gbk');
	} catch {
		return undefined;
	}
}

/** Expands gb1-data.ts (see the format there) into a CID-indexed table of code points; 0 = unmapped. */
function load(): Uint32Array {
	if (table) return table;
	const gbk = gbkDecoder();
	const entries: Array<[number, number]> = [];
	let cid = 0;
	const last = { U: 0, G: 0 };
	let max = 0;
	for (const run of GB1_RUNS.split(';')) {
		const type = run.startsWith('G') ? 'G' : 'U';
		const [g, l, d] = (type === 'G' ? run.slice(1) : run).split(',');
		cid += g ? parseInt(g, 36) : 0;
		const length = l ? parseInt(l, 36) : 1;
		last[type] += parseInt(d, 36);
		for (let i = 0; i < length; i++) {
			let cp = last[type] + i;
			if (type === 'G') {
				const code = gbkCode(cp);
				cp = gbk ? (gbk.decode(Uint8Array.of(code >> 8, code & 0xff)).codePointAt(0) ?? 0) : 0;
			}
			entries.push([cid + i, cp]);
		}
		cid += length;
		last[type] += length;
		max = cid;
	}
	const out = new Uint32Array(max + 1);
	for (const [c, cp] of entries) out[c] = cp;
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
