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
	const out = new Uint32Array(0x10000);
	let cid = 0;
	const last = { U: 0, G: 0 };
	let max = 0;
	for (const run of GB1_RUNS.split(';')) {
		const type = run.startsWith('G') ? 'G' : 'U';
		const [g, l, d] = (type === 'G' ? run.slice(1) : run).split(',');
		cid += g ? parseInt(g, 36) : 0;
		const length = l ? parseInt(l, 36) : 1;
		last[type] += parseInt(d, 36);
		if (type === 'G') {
			// One decode per run: every code of a G run decodes to exactly one BMP character.
			const bytes = new Uint8Array(length * 2);
			for (let i = 0; i < length; i++) {
				const code = gbkCode(last.G + i);
				bytes[2 * i] = code >> 8;
				bytes[2 * i + 1] = code & 0xff;
			}
			const text = gbk ? gbk.decode(bytes) : '';
			if (text.length === length) for (let i = 0; i < length && cid + i < out.length; i++) out[cid + i] = text.charCodeAt(i);
		} else {
			for (let i = 0; i < length && cid + i < out.length; i++) out[cid + i] = last.U + i;
		}
		cid += length;
		last[type] += length;
		max = cid;
	}
	table = out.subarray(0, Math.min(out.length, max + 1));
	return table;
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
