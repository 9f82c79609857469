import { limitExceeded } from './errors';
import type { WorkBudget } from './budget';
import { PdfDict, PdfName, PdfOp, PdfRef, PdfString, type PdfObject } from './objects';

/** Character classes of ISO 32000-1 7.2.2: 1 = white-space, 2 = delimiter. */
const CLASS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) CLASS[c] = 1;
for (const c of '()<>[]{}/%') CLASS[c.charCodeAt(0)] = 2;

export const isWhite = (c: number): boolean => CLASS[c] === 1;
export const isRegular = (c: number): boolean => CLASS[c] === 0;

const OPS = new Map<string, PdfOp>();
export function op(name: string): PdfOp {
	let o = OPS.get(name);
	if (!o) {
		o = new PdfOp(name);
		if (OPS.size < 512) OPS.set(name, o);
	}
	return o;
}

export const EOF = op('%EOF-token');

export type Token = number | PdfString | PdfName | PdfOp;

const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) {
	HEX[65 + i] = 10 + i;
	HEX[97 + i] = 10 + i;
}
export const hexValue = (c: number): number => HEX[c];

/** Tokenizer over PDF bytes (objects and content streams). Every token costs one unit of the work budget. */
export class Lexer {
	pos: number;

	constructor(
		readonly buf: Uint8Array,
		pos: number,
		readonly budget: WorkBudget,
		readonly end = buf.length,
	) {
		this.pos = pos;
	}

	skipWhite(): void {
		const { buf, end } = this;
		let p = this.pos;
		while (p < end) {
			const c = buf[p];
			if (CLASS[c] === 1) p++;
			else if (c === 0x25) {
				while (p < end && buf[p] !== 10 && buf[p] !== 13) p++;
			} else break;
		}
		this.pos = p;
	}

	next(): Token {
		if (++this.budget.used > this.budget.limits.maxWork) this.budget.spend(0);
		this.skipWhite();
		const { buf, end } = this;
		if (this.pos >= end) return EOF;
		const c = buf[this.pos];
		switch (c) {
			case 0x28:
				return this.literal();
			case 0x2f:
				return this.name();
			case 0x5b:
				this.pos++;
				return op('[');
			case 0x5d:
				this.pos++;
				return op(']');
			case 0x7b:
				this.pos++;
				return op('{');
			case 0x7d:
				this.pos++;
				return op('}');
			case 0x3c:
				if (buf[this.pos + 1] === 0x3c) {
					this.pos += 2;
					return op('<<');
				}
				return this.hex();
			case 0x3e:
				this.pos++;
				if (buf[this.pos] === 0x3e) this.pos++;
				return op('>>');
			case 0x29:
				this.pos++;
				return op(')');
		}
		if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
			const n = this.number();
			if (n !== undefined) return n;
		}
		const start = this.pos;
		let p = start;
		while (p < end && CLASS[buf[p]] === 0 && p - start < 128) p++;
		if (p === start) p++;
		this.pos = p;
		let s = '';
		for (let i = start; i < p; i++) s += String.fromCharCode(buf[i]);
		return op(s);
	}

	private number(): number | undefined {
		const { buf, end } = this;
		let p = this.pos;
		let sign = 1;
		while (p < end && (buf[p] === 0x2d || buf[p] === 0x2b)) {
			if (buf[p] === 0x2d) sign = -sign;
			p++;
		}
		let value = 0;
		let digits = 0;
		while (p < end && buf[p] >= 0x30 && buf[p] <= 0x39) {
			value = value * 10 + (buf[p] - 0x30);
			p++;
			digits++;
		}
		if (p < end && buf[p] === 0x2e) {
			p++;
			let scale = 0.1;
			while (p < end && buf[p] >= 0x30 && buf[p] <= 0x39) {
				value += (buf[p] - 0x30) * scale;
				scale /= 10;
				p++;
				digits++;
			}
		}
		if (digits === 0) return undefined;
		// Junk glued to a number ("12abc") is dropped with it, as readers do.
		while (p < end && CLASS[buf[p]] === 0 && p - this.pos < 64) p++;
		this.pos = p;
		// Hundreds of digits overflow to Infinity: read them as 0 like other malformed numbers.
		return Number.isFinite(value) ? sign * value : 0;
	}

	private literal(): PdfString {
		const { buf, end } = this;
		let p = this.pos + 1;
		const out: number[] = [];
		let depth = 1;
		while (p < end) {
			const c = buf[p++];
			if (c === 0x28) {
				depth++;
				out.push(c);
			} else if (c === 0x29) {
				if (--depth === 0) break;
				out.push(c);
			} else if (c === 0x5c) {
				if (p >= end) break;
				const e = buf[p++];
				switch (e) {
					case 0x6e:
						out.push(10);
						break;
					case 0x72:
						out.push(13);
						break;
					case 0x74:
						out.push(9);
						break;
					case 0x62:
						out.push(8);
						break;
					case 0x66:
						out.push(12);
						break;
					case 0x0d:
						if (buf[p] === 0x0a) p++;
						break;
					case 0x0a:
						break;
					default:
						if (e >= 0x30 && e <= 0x37) {
							let v = e - 0x30;
							for (let k = 0; k < 2 && p < end && buf[p] >= 0x30 && buf[p] <= 0x37; k++) {
								v = v * 8 + (buf[p++] - 0x30);
							}
							out.push(v & 0xff);
						} else out.push(e);
				}
			} else if (c === 0x0d) {
				if (buf[p] === 0x0a) p++;
				out.push(10);
			} else out.push(c);
		}
		this.pos = p;
		this.budget.used += out.length >> 6;
		return new PdfString(Uint8Array.from(out));
	}

	private hex(): PdfString {
		const { buf, end } = this;
		let p = this.pos + 1;
		const out: number[] = [];
		let high = -1;
		while (p < end && buf[p] !== 0x3e) {
			const v = HEX[buf[p++]];
			if (v < 0) continue;
			if (high < 0) high = v;
			else {
				out.push((high << 4) | v);
				high = -1;
			}
		}
		if (high >= 0) out.push(high << 4);
		this.pos = p + 1;
		this.budget.used += out.length >> 6;
		return new PdfString(Uint8Array.from(out));
	}

	private name(): PdfName {
		const { buf, end } = this;
		let p = this.pos + 1;
		let s = '';
		while (p < end && CLASS[buf[p]] === 0) {
			const c = buf[p];
			if (c === 0x23 && HEX[buf[p + 1]] >= 0 && HEX[buf[p + 2]] >= 0) {
				s += String.fromCharCode((HEX[buf[p + 1]] << 4) | HEX[buf[p + 2]]);
				p += 3;
			} else {
				s += String.fromCharCode(c);
				p++;
			}
			if (s.length > 256) break;
		}
		this.pos = p;
		return new PdfName(s);
	}
}

export interface ParseOptions {
	/** Recognise `N G R` references (not in content streams). */
	refs: boolean;
	/** Decrypts a string of the object being parsed. */
	decryptString?: (bytes: Uint8Array) => Uint8Array;
	maxDepth: number;
}

/**
 * Reads one object (ISO 32000-1 7.3) starting at the lexer's position. `first` is an already-read token.
 * Unknown keywords inside arrays/dictionaries are skipped; a missing closing bracket ends the container.
 */
export function parseObject(lexer: Lexer, options: ParseOptions, first?: Token, depth = 0): PdfObject | PdfOp {
	const token = first ?? lexer.next();
	if (typeof token === 'number') {
		if (options.refs && Number.isInteger(token) && token >= 0) {
			const save = lexer.pos;
			const gen = lexer.next();
			if (typeof gen === 'number' && Number.isInteger(gen) && gen >= 0) {
				const r = lexer.next();
				if (r instanceof PdfOp && r.op === 'R') return new PdfRef(token, gen);
			}
			lexer.pos = save;
		}
		return token;
	}
	if (token instanceof PdfString) {
		return options.decryptString ? new PdfString(options.decryptString(token.bytes)) : token;
	}
	if (token instanceof PdfName) return token;
	switch (token.op) {
		case '[': {
			if (depth >= options.maxDepth) throw tooDeep(options.maxDepth);
			const items: PdfObject[] = [];
			for (;;) {
				const t = lexer.next();
				if (t === EOF) break;
				if (t instanceof PdfOp && t.op === ']') break;
				if (t instanceof PdfOp && isStructural(t.op)) {
					// `>>` or `endobj` inside an array: the array was not closed.
					if (t.op === '>>' || t.op === 'endobj' || t.op === 'stream') {
						lexer.pos -= t.op.length;
						break;
					}
				}
				const v = parseObject(lexer, options, t, depth + 1);
				if (!(v instanceof PdfOp)) items.push(v);
			}
			return items;
		}
		case '<<': {
			if (depth >= options.maxDepth) throw tooDeep(options.maxDepth);
			const dict = new PdfDict();
			for (;;) {
				const t = lexer.next();
				if (t === EOF) break;
				if (t instanceof PdfOp) {
					if (t.op === '>>') break;
					if (t.op === 'endobj' || t.op === 'stream') {
						lexer.pos -= t.op.length;
						break;
					}
					continue;
				}
				if (!(t instanceof PdfName)) continue;
				const vt = lexer.next();
				if (vt instanceof PdfOp && vt.op === '>>') {
					dict.map.set(t.name, null);
					break;
				}
				const v = parseObject(lexer, options, vt, depth + 1);
				if (v instanceof PdfOp) continue;
				dict.map.set(t.name, v);
			}
			return dict;
		}
		case 'true':
			return true;
		case 'false':
			return false;
		case 'null':
			return null;
	}
	return token;
}

function isStructural(o: string): boolean {
	return o === '>>' || o === 'endobj' || o === 'stream' || o === 'endstream';
}

function tooDeep(max: number) {
	return limitExceeded(`The PDF nests arrays or dictionaries deeper than ${max} levels`);
}
