import type { PdfDocument } from './document';
import { limitExceeded } from './errors';
import type { Font, FontLoader } from './fonts';
import { EOF, Lexer, isWhite, parseObject, type Token } from './lexer';
import { PdfDict, PdfName, PdfOp, PdfStream, PdfString, nameOf, numberOf, type PdfObject } from './objects';
import { asPrinted } from '../common/text';

/** One positioned piece of text; see index.ts for the public description. */
export interface PdfTextRun {
	page: number;
	text: string;
	x: number;
	y: number;
	fontSize: number;
	width: number;
}

/** [a b c d e f] as in PDF: x' = a·x + c·y + e, y' = b·x + d·y + f. */
type Matrix = [number, number, number, number, number, number];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 × m2 (apply m1 first, then m2). */
export function multiply(m1: Matrix, m2: Matrix): Matrix {
	return [
		m1[0] * m2[0] + m1[1] * m2[2],
		m1[0] * m2[1] + m1[1] * m2[3],
		m1[2] * m2[0] + m1[3] * m2[2],
		m1[2] * m2[1] + m1[3] * m2[3],
		m1[4] * m2[0] + m1[5] * m2[2] + m2[4],
		m1[4] * m2[1] + m1[5] * m2[3] + m2[5],
	];
}

interface GState {
	ctm: Matrix;
	font: Font | undefined;
	fontSize: number;
	charSpace: number;
	wordSpace: number;
	hScale: number;
	leading: number;
	rise: number;
}

const MAX_OPERANDS = 64;
const MAX_GSTATE_STACK = 256;

/**
 * Runs the content streams of one page (and the Form XObjects it invokes) and collects the text it shows,
 * positioned in user space. Only text and matrix operators matter; everything else is skipped.
 */
export class ContentReader {
	readonly runs: PdfTextRun[] = [];
	private operators = 0;
	private state: GState = {
		ctm: IDENTITY,
		font: undefined,
		fontSize: 0,
		charSpace: 0,
		wordSpace: 0,
		hScale: 1,
		leading: 0,
		rise: 0,
	};
	private stack: GState[] = [];
	private tm: Matrix = IDENTITY;
	private tlm: Matrix = IDENTITY;
	private readonly forms = new Set<PdfStream>();
	private readonly prefetched = new WeakSet<PdfDict>();

	constructor(
		private readonly doc: PdfDocument,
		private readonly fonts: FontLoader,
		private readonly page: number,
	) {}

	/**
	 * Decodes the Form XObjects of `resources` side by side before the content runs (each inflation is a
	 * round trip to the platform's decompressor; invoices draw text in dozens of small forms).
	 */
	private async prefetchForms(resources: PdfDict | undefined): Promise<void> {
		if (!resources || this.prefetched.has(resources)) return;
		this.prefetched.add(resources);
		const xobjects = await this.doc.resolveDict(resources.get('XObject'));
		if (!xobjects) return;
		const forms: PdfStream[] = [];
		for (const value of [...xobjects.map.values()].slice(0, 256)) {
			const x = await this.doc.resolve(value);
			if (x instanceof PdfStream && nameOf(x.dict.get('Subtype')) === 'Form') forms.push(x);
		}
		await Promise.all(forms.map((f) => this.doc.streamBytes(f)));
	}

	async run(content: Uint8Array, resources: PdfDict | undefined, depth: number): Promise<void> {
		const limits = this.doc.limits;
		await this.prefetchForms(resources);
		const lexer = new Lexer(content, 0, this.doc.budget);
		const operands: PdfObject[] = [];
		const fontCache = new Map<string, Font>();
		for (;;) {
			const t: Token = lexer.next();
			if (t === EOF) break;
			if (!(t instanceof PdfOp)) {
				if (operands.length >= MAX_OPERANDS) operands.shift();
				operands.push(t instanceof PdfString || t instanceof PdfName || typeof t === 'number' ? t : null);
				continue;
			}
			if (t.op === '[' || t.op === '<<') {
				const value = parseObject(lexer, { refs: false, maxDepth: limits.maxDepth * 16 }, t);
				if (operands.length >= MAX_OPERANDS) operands.shift();
				if (!(value instanceof PdfOp)) operands.push(value);
				continue;
			}
			if (++this.operators > limits.maxOperatorsPerPage) {
				throw limitExceeded(`Page ${this.page + 1} of the PDF has more than ${limits.maxOperatorsPerPage} content operators`);
			}
			this.doc.budget.used++;
			await this.operator(t.op, operands, resources, depth, fontCache, lexer);
			operands.length = 0;
		}
	}

	private num(operands: PdfObject[], i: number): number {
		const v = operands[i];
		return typeof v === 'number' && Number.isFinite(v) ? v : 0;
	}

	private async operator(
		op: string,
		operands: PdfObject[],
		resources: PdfDict | undefined,
		depth: number,
		fontCache: Map<string, Font>,
		lexer: Lexer,
	): Promise<void> {
		const s = this.state;
		const n = (i: number) => this.num(operands, operands.length - i);
		switch (op) {
			case 'q':
				if (this.stack.length < MAX_GSTATE_STACK) this.stack.push({ ...s });
				break;
			case 'Q':
				if (this.stack.length > 0) this.state = this.stack.pop() as GState;
				break;
			case 'cm':
				if (operands.length >= 6) s.ctm = multiply([n(6), n(5), n(4), n(3), n(2), n(1)], s.ctm);
				break;
			case 'BT':
				this.tm = IDENTITY;
				this.tlm = IDENTITY;
				break;
			case 'Tf': {
				const name = nameOf(operands[operands.length - 2] ?? undefined);
				s.fontSize = n(1);
				if (name !== undefined) {
					let font = fontCache.get(name);
					if (!font) {
						const fontDict = await this.doc.resolveDict(resources?.get('Font'));
						font = await this.fonts.load(fontDict?.get(name));
						fontCache.set(name, font);
					}
					s.font = font;
				}
				break;
			}
			case 'Tc':
				s.charSpace = n(1);
				break;
			case 'Tw':
				s.wordSpace = n(1);
				break;
			case 'Tz':
				s.hScale = n(1) / 100;
				break;
			case 'TL':
				s.leading = n(1);
				break;
			case 'Ts':
				s.rise = n(1);
				break;
			case 'Td':
				this.moveText(n(2), n(1));
				break;
			case 'TD':
				s.leading = -n(1);
				this.moveText(n(2), n(1));
				break;
			case 'Tm':
				if (operands.length >= 6) {
					this.tlm = [n(6), n(5), n(4), n(3), n(2), n(1)];
					this.tm = this.tlm;
				}
				break;
			case 'T*':
				this.moveText(0, -s.leading);
				break;
			case 'Tj':
				this.show([operands[operands.length - 1] ?? null]);
				break;
			case 'TJ': {
				const arr = operands[operands.length - 1];
				if (Array.isArray(arr)) this.show(arr);
				break;
			}
			case "'":
				this.moveText(0, -s.leading);
				this.show([operands[operands.length - 1] ?? null]);
				break;
			case '"':
				s.wordSpace = n(3);
				s.charSpace = n(2);
				this.moveText(0, -s.leading);
				this.show([operands[operands.length - 1] ?? null]);
				break;
			case 'Do':
				await this.form(nameOf(operands[operands.length - 1] ?? undefined), resources, depth);
				break;
			case 'BI':
				skipInlineImage(lexer);
				break;
		}
	}

	private moveText(tx: number, ty: number): void {
		this.tlm = multiply([1, 0, 0, 1, tx, ty], this.tlm);
		this.tm = this.tlm;
	}

	/** Tj/TJ: glyphs advance the text matrix; a TJ gap wider than most of a space starts a new run. */
	private show(items: PdfObject[]): void {
		const s = this.state;
		const font = s.font;
		if (!font) return;
		const gapThreshold = 0.8 * Math.min(0.5, Math.max(0.1, font.spaceWidth));
		let text = '';
		let start: Matrix | undefined;
		const flush = () => {
			if (start && text.trim() !== '') this.emit(text, start);
			text = '';
			start = undefined;
		};
		for (const item of items) {
			if (typeof item === 'number') {
				const gap = -item / 1000;
				if (Math.abs(gap) > gapThreshold) flush();
				this.tm = multiply([1, 0, 0, 1, gap * s.fontSize * s.hScale, 0], this.tm);
				continue;
			}
			if (!(item instanceof PdfString)) continue;
			for (const glyph of font.glyphs(item.bytes)) {
				if (!start) start = this.tm;
				text += glyph.text;
				const tx = (glyph.width * s.fontSize + s.charSpace + (glyph.wordSpace ? s.wordSpace : 0)) * s.hScale;
				this.tm = multiply([1, 0, 0, 1, tx, 0], this.tm);
			}
		}
		flush();
	}

	private emit(raw: string, startTm: Matrix): void {
		const s = this.state;
		const m0 = multiply([s.fontSize * s.hScale, 0, 0, s.fontSize, 0, s.rise], multiply(startTm, s.ctm));
		const m1 = multiply([1, 0, 0, 1, 0, s.rise], multiply(this.tm, s.ctm));
		const tm = multiply(startTm, s.ctm);
		const text = asPrinted(raw).replace(/\p{Cc}/gu, '');
		if (text.trim() === '') return;
		const round = (v: number) => Math.round(v * 1000) / 1000;
		// Matrices of huge numbers overflow: such text is nowhere on the page.
		if (![m0[4], m0[5], m1[4], m1[5], tm[2], tm[3]].every(Number.isFinite)) return;
		this.runs.push({
			page: this.page,
			text,
			x: round(m0[4]),
			y: round(m0[5]),
			fontSize: round(Math.abs(s.fontSize) * Math.hypot(tm[2], tm[3])),
			width: round(Math.hypot(m1[4] - m0[4], m1[5] - m0[5])),
		});
	}

	private async form(name: string | undefined, resources: PdfDict | undefined, depth: number): Promise<void> {
		if (name === undefined) return;
		const xobjects = await this.doc.resolveDict(resources?.get('XObject'));
		const xobject = await this.doc.resolve(xobjects?.get(name));
		if (!(xobject instanceof PdfStream) || nameOf(xobject.dict.get('Subtype')) !== 'Form') return;
		if (this.forms.has(xobject)) return;
		if (depth + 1 > this.doc.limits.maxDepth) {
			throw limitExceeded(`The PDF nests Form XObjects deeper than ${this.doc.limits.maxDepth} levels`);
		}
		const data = await this.doc.streamBytes(xobject);
		if (!data) return;
		const matrixObj = await this.doc.resolve(xobject.dict.get('Matrix'));
		const own = await this.doc.resolveDict(xobject.dict.get('Resources'));
		const saved = { ...this.state };
		const savedStack = this.stack;
		const savedTm = this.tm;
		const savedTlm = this.tlm;
		if (Array.isArray(matrixObj) && matrixObj.length === 6) {
			const m = matrixObj.map((v) => numberOf(v ?? undefined) ?? 0) as Matrix;
			this.state.ctm = multiply(m, this.state.ctm);
		}
		this.stack = [];
		this.forms.add(xobject);
		try {
			await this.run(data, own ?? resources, depth + 1);
		} finally {
			this.forms.delete(xobject);
			this.state = saved;
			this.stack = savedStack;
			this.tm = savedTm;
			this.tlm = savedTlm;
		}
	}
}

/** Skips `BI … ID <data> EI`: the dictionary, then the data up to an `EI` between white-space. */
function skipInlineImage(lexer: Lexer): void {
	let length: number | undefined;
	for (;;) {
		const t = lexer.next();
		if (t === EOF) return;
		if (t instanceof PdfOp && t.op === 'ID') break;
		if (t instanceof PdfName && (t.name === 'L' || t.name === 'Length')) {
			const v = lexer.next();
			if (typeof v === 'number') length = v;
		}
	}
	const buf = lexer.buf;
	let p = lexer.pos + 1;
	if (length !== undefined && length >= 0 && p + length <= lexer.end) {
		let q = p + length;
		while (q < lexer.end && isWhite(buf[q])) q++;
		if (buf[q] === 0x45 && buf[q + 1] === 0x49) {
			lexer.pos = q + 2;
			return;
		}
	}
	lexer.budget.spend((lexer.end - p) >> 6);
	for (; p + 1 < lexer.end; p++) {
		if (buf[p] === 0x45 && buf[p + 1] === 0x49 && isWhite(buf[p - 1]) && (p + 2 >= lexer.end || isWhite(buf[p + 2]))) {
			lexer.pos = p + 2;
			return;
		}
	}
	lexer.pos = lexer.end;
}
