import { Lexer } from './lexer';
import type { WorkBudget } from './budget';
import { PdfName, PdfOp, PdfString } from './objects';

const ARRAY_END = new PdfOp('array-end');

interface Codespace {
	bytes: number;
	low: number;
	high: number;
}

interface Range {
	bytes: number;
	low: number;
	high: number;
	/** Destination of `low` as UTF-16 code units (incremented on the last unit), or one string per code. */
	start?: number[];
	list?: string[];
	cid?: number;
}

/** Decodes UTF-16BE bytes (surrogate pairs, several characters for ligatures); odd byte counts as Latin-1. */
export function utf16be(bytes: Uint8Array): string {
	if (bytes.length % 2 === 1) return String.fromCharCode(...bytes);
	let s = '';
	for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
	return s;
}

function codeOf(bytes: Uint8Array): number {
	let v = 0;
	for (let i = 0; i < bytes.length && i < 4; i++) v = v * 256 + bytes[i];
	return v;
}

/**
 * A CMap (ToUnicode or an embedded encoding CMap, ISO 32000-1 9.7.5 and 9.10.3): code space ranges and
 * code → Unicode (bfchar/bfrange) or code → CID (cidchar/cidrange) mappings. Big ranges are kept as ranges.
 */
export class CMap {
	readonly codespaces: Codespace[] = [];
	private readonly single = new Map<number, string>();
	private readonly cids = new Map<number, number>();
	private readonly ranges: Range[] = [];
	private readonly cidRanges: Range[] = [];
	useCMap: string | undefined;

	static parse(data: Uint8Array, budget: WorkBudget): CMap {
		const cmap = new CMap();
		const lexer = new Lexer(data, 0, budget);
		const operands: Array<number | PdfString | PdfName | PdfOp> = [];
		let mode = '';
		let arrayItems: PdfString[] | undefined;
		for (;;) {
			let t = lexer.next();
			if (t instanceof PdfOp && t.op === ']' && arrayItems && mode === 'beginbfrange') {
				t = ARRAY_END;
			} else if (t instanceof PdfOp) {
				if (t.op === '%EOF-token') break;
				if (t.op === '[') {
					arrayItems = [];
					continue;
				}
				if (t.op === ']') {
					arrayItems = undefined;
					continue;
				}
				if (t.op.startsWith('begin')) {
					mode = t.op;
					operands.length = 0;
					continue;
				}
				if (t.op.startsWith('end')) {
					mode = '';
					operands.length = 0;
					continue;
				}
				if (t.op === 'usecmap') {
					const last = operands[operands.length - 1];
					if (last instanceof PdfName) cmap.useCMap = last.name;
				}
				operands.length = 0;
				continue;
			}
			if (arrayItems && t instanceof PdfString) {
				arrayItems.push(t);
				continue;
			}
			operands.push(t);
			if (mode === 'begincodespacerange' && operands.length === 2) {
				const [lo, hi] = operands;
				if (lo instanceof PdfString && hi instanceof PdfString && lo.bytes.length >= 1 && lo.bytes.length <= 4) {
					cmap.codespaces.push({ bytes: lo.bytes.length, low: codeOf(lo.bytes), high: codeOf(hi.bytes) });
				}
				operands.length = 0;
			} else if (mode === 'beginbfchar' && operands.length === 2) {
				const [src, dst] = operands;
				if (src instanceof PdfString) {
					const key = keyOf(src.bytes.length, codeOf(src.bytes));
					if (dst instanceof PdfString) cmap.single.set(key, utf16be(dst.bytes));
					else if (dst instanceof PdfName) cmap.single.set(key, dst.name);
				}
				operands.length = 0;
			} else if (mode === 'beginbfrange' && operands.length === 3) {
				const [lo, hi, dst] = operands;
				if (lo instanceof PdfString && hi instanceof PdfString) {
					const range: Range = { bytes: lo.bytes.length, low: codeOf(lo.bytes), high: codeOf(hi.bytes) };
					if (dst instanceof PdfString) {
						const s = utf16be(dst.bytes);
						range.start = [];
						for (let i = 0; i < s.length; i++) range.start.push(s.charCodeAt(i));
						if (range.start.length > 0) cmap.ranges.push(range);
					} else if (dst instanceof PdfOp && arrayItems) {
						range.list = arrayItems.map((x) => utf16be(x.bytes));
						cmap.ranges.push(range);
					}
				}
				arrayItems = undefined;
				operands.length = 0;
			} else if (mode === 'begincidchar' && operands.length === 2) {
				const [src, cid] = operands;
				if (src instanceof PdfString && typeof cid === 'number') cmap.cids.set(keyOf(src.bytes.length, codeOf(src.bytes)), cid);
				operands.length = 0;
			} else if (mode === 'begincidrange' && operands.length === 3) {
				const [lo, hi, cid] = operands;
				if (lo instanceof PdfString && hi instanceof PdfString && typeof cid === 'number') {
					cmap.cidRanges.push({ bytes: lo.bytes.length, low: codeOf(lo.bytes), high: codeOf(hi.bytes), cid });
				}
				operands.length = 0;
			} else if (mode === '' && operands.length > 8) operands.shift();
		}
		return cmap;
	}

	get isEmpty(): boolean {
		return this.single.size === 0 && this.ranges.length === 0;
	}

	get hasCids(): boolean {
		return this.cids.size > 0 || this.cidRanges.length > 0;
	}

	/** Length in bytes of the code at `pos`: the matching code space range, else the shortest one. */
	codeLength(bytes: Uint8Array, pos: number, fallback: number): number {
		if (this.codespaces.length === 0) return fallback;
		let code = 0;
		for (let n = 1; n <= 4 && pos + n <= bytes.length; n++) {
			code = code * 256 + bytes[pos + n - 1];
			for (const cs of this.codespaces) {
				if (cs.bytes === n && code >= cs.low && code <= cs.high) return n;
			}
		}
		let min = 4;
		for (const cs of this.codespaces) min = Math.min(min, cs.bytes);
		return min;
	}

	unicode(code: number, bytes: number): string | undefined {
		const hit = this.single.get(keyOf(bytes, code));
		if (hit !== undefined) return hit;
		for (const r of this.ranges) {
			if (code < r.low || code > r.high) continue;
			if (r.bytes !== bytes && this.codespaces.length > 0) continue;
			if (r.list) return r.list[code - r.low];
			if (r.start) {
				const units = r.start.slice();
				units[units.length - 1] += code - r.low;
				return String.fromCharCode(...units);
			}
		}
		// Lenient: a mapping written with another code length.
		if (this.codespaces.length === 0 || bytes > 1) return undefined;
		return this.single.get(keyOf(2, code));
	}

	cid(code: number, bytes: number): number | undefined {
		const hit = this.cids.get(keyOf(bytes, code));
		if (hit !== undefined) return hit;
		for (const r of this.cidRanges) {
			if (r.bytes === bytes && code >= r.low && code <= r.high) return (r.cid ?? 0) + code - r.low;
		}
		return undefined;
	}
}

function keyOf(bytes: number, code: number): number {
	return bytes * 0x100000000 + code;
}
