import { CMap, utf16be } from './cmap';
import { PdfError, passOn } from './errors';
import type { PdfDocument } from './document';
import { baseEncoding, glyphToUnicode, standardWidth } from './encodings';
import { gb1ToUnicode, unicodeToGb1 } from './gb1';
import { PdfDict, PdfName, PdfStream, PdfString, bytesToLatin1, nameOf, numberOf, type PdfObject } from './objects';

export interface Glyph {
	text: string;
	/** Advance width in text space units per unit of font size (glyph width / 1000 for most fonts). */
	width: number;
	/** A single-byte code 32: word spacing (Tw) applies. */
	wordSpace: boolean;
}

/** How a composite font's codes turn into Unicode when no ToUnicode CMap maps them. */
type Predefined = 'identity' | 'ucs2' | 'utf16' | 'gbk' | 'gb18030' | 'unknown';

export interface Font {
	glyphs(bytes: Uint8Array): Glyph[];
	/** Width of a space in text space units per unit of font size, for splitting TJ arrays into words. */
	spaceWidth: number;
}

function predefinedKind(name: string): Predefined {
	if (name === 'Identity-H' || name === 'Identity-V') return 'identity';
	if (/^Uni\w*-UCS2-(H|V)$/.test(name)) return 'ucs2';
	if (/^Uni\w*-UTF16-(H|V)$/.test(name)) return 'utf16';
	if (/^GBK2K-(H|V)$/.test(name)) return 'gb18030';
	if (/^(GBK|GBKp|GB|GBpc|GBT|GBTpc)-EUC-(H|V)$/.test(name) || name === 'GBK-H' || name === 'GBK-V') return 'gbk';
	return 'unknown';
}

let gbk: { decode(b: Uint8Array): string } | undefined;
let gb18030: { decode(b: Uint8Array): string } | undefined;

/** Loads the fonts of a page (cached per font dictionary for the whole file). */
export class FontLoader {
	private readonly cache = new Map<PdfDict, Font>();

	constructor(private readonly doc: PdfDocument) {}

	async load(obj: PdfObject | undefined): Promise<Font> {
		const dict = await this.doc.resolveDict(obj);
		if (!dict) return FALLBACK_FONT;
		const hit = this.cache.get(dict);
		if (hit) return hit;
		let font: Font;
		try {
			font = nameOf(dict.get('Subtype')) === 'Type0' ? await this.composite(dict) : await this.simple(dict);
		} catch (error) {
			if (error instanceof PdfError) throw passOn(error);
			font = FALLBACK_FONT;
		}
		this.cache.set(dict, font);
		return font;
	}

	private async toUnicode(dict: PdfDict): Promise<CMap | undefined> {
		const stream = await this.doc.resolve(dict.get('ToUnicode'));
		if (!(stream instanceof PdfStream)) return undefined;
		const data = await this.doc.streamBytes(stream);
		if (!data) return undefined;
		const cmap = CMap.parse(data, this.doc.budget);
		return cmap.isEmpty ? undefined : cmap;
	}

	private async numbers(obj: PdfObject | undefined, max: number): Promise<number[]> {
		const arr = await this.doc.resolve(obj);
		if (!Array.isArray(arr)) return [];
		const out: number[] = [];
		for (let i = 0; i < arr.length && i < max; i++) out.push(numberOf((await this.doc.resolve(arr[i])) ?? undefined) ?? 0);
		return out;
	}

	private async simple(dict: PdfDict): Promise<Font> {
		const toUnicode = await this.toUnicode(dict);
		const encodingObj = await this.doc.resolve(dict.get('Encoding'));
		let base = baseEncoding(undefined);
		const differences = new Map<number, string>();
		if (encodingObj instanceof PdfName) base = baseEncoding(encodingObj.name);
		else if (encodingObj instanceof PdfDict) {
			base = baseEncoding(nameOf(encodingObj.get('BaseEncoding')));
			const diffs = await this.doc.resolve(encodingObj.get('Differences'));
			if (Array.isArray(diffs)) {
				let code = 0;
				for (const item of diffs.slice(0, 4096)) {
					if (typeof item === 'number') code = Math.floor(item);
					else if (item instanceof PdfName) differences.set(code++, item.name);
				}
			}
		}
		const firstChar = numberOf((await this.doc.resolve(dict.get('FirstChar'))) ?? undefined) ?? 0;
		const widths = await this.numbers(dict.get('Widths'), 4096);
		const descriptor = await this.doc.resolveDict(dict.get('FontDescriptor'));
		const missing = numberOf((await this.doc.resolve(descriptor?.get('MissingWidth'))) ?? undefined);
		let scale = 0.001;
		if (nameOf(dict.get('Subtype')) === 'Type3') {
			const fm = await this.numbers(dict.get('FontMatrix'), 6);
			if (fm.length === 6 && Number.isFinite(fm[0]) && fm[0] !== 0) scale = Math.abs(fm[0]);
		}
		const baseFont = nameOf(dict.get('BaseFont')) ?? '';
		const noWidths = widths.length === 0;
		const dflt = missing ?? (noWidths ? 500 : 0);
		const table: Glyph[] = [];
		for (let code = 0; code < 256; code++) {
			let text = toUnicode?.unicode(code, 1);
			if (text === undefined || text === '\u0000') {
				const glyphName = differences.get(code);
				text = (glyphName !== undefined ? glyphToUnicode(glyphName) : undefined) ?? base[code] ?? '';
			}
			const w =
				code >= firstChar && code - firstChar < widths.length
					? widths[code - firstChar]
					: noWidths && missing === undefined
						? standardWidth(baseFont, code)
						: dflt;
			table.push({ text, width: (Number.isFinite(w) ? w : dflt) * scale, wordSpace: code === 32 });
		}
		const space = table[32].width > 0 ? table[32].width : 0.25;
		return {
			spaceWidth: space,
			glyphs(bytes: Uint8Array): Glyph[] {
				const out: Glyph[] = [];
				for (let i = 0; i < bytes.length; i++) out.push(table[bytes[i]]);
				return out;
			},
		};
	}

	private async composite(dict: PdfDict): Promise<Font> {
		const toUnicode = await this.toUnicode(dict);
		const encodingObj = await this.doc.resolve(dict.get('Encoding'));
		let kind: Predefined = 'identity';
		let embedded: CMap | undefined;
		if (encodingObj instanceof PdfName) kind = predefinedKind(encodingObj.name);
		else if (encodingObj instanceof PdfStream) {
			const data = await this.doc.streamBytes(encodingObj);
			if (data) embedded = CMap.parse(data, this.doc.budget);
			const use = embedded?.useCMap ?? nameOf(encodingObj.dict.get('UseCMap'));
			kind = use ? predefinedKind(use) : 'unknown';
			if (embedded && embedded.codespaces.length === 0 && !embedded.hasCids) embedded = undefined;
		}
		const descendants = await this.doc.resolve(dict.get('DescendantFonts'));
		const cidFont = await this.doc.resolveDict(Array.isArray(descendants) ? descendants[0] : descendants ?? undefined);
		const info = await this.doc.resolveDict(cidFont?.get('CIDSystemInfo'));
		const ordering = (await this.doc.resolve(info?.get('Ordering'))) ?? undefined;
		const orderingText = ordering instanceof PdfString ? bytesToLatin1(ordering.bytes) : '';
		const baseFont = nameOf(dict.get('BaseFont')) ?? '';
		const isGb1 = orderingText === 'GB1' || (orderingText === '' && (kind === 'ucs2' || kind === 'gbk' || /GB|Song|Hei|Kai|Fang/i.test(baseFont)));
		const dw = numberOf((await this.doc.resolve(cidFont?.get('DW'))) ?? undefined) ?? 1000;
		const widths = await this.cidWidths(cidFont?.get('W'));

		const codeLength = (bytes: Uint8Array, i: number): number => {
			if (embedded) return embedded.codeLength(bytes, i, 2);
			switch (kind) {
				case 'gbk':
					return bytes[i] < 0x81 ? 1 : 2;
				case 'gb18030':
					if (bytes[i] < 0x81) return 1;
					return bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39 ? 4 : 2;
				case 'utf16':
					return bytes[i] >= 0xd8 && bytes[i] <= 0xdb ? 4 : 2;
				default:
					return 2;
			}
		};
		const predefinedText = (code: Uint8Array): string | undefined => {
			switch (kind) {
				case 'ucs2':
				case 'utf16':
					return utf16be(code);
				case 'gbk':
					return (gbk ??= new TextDecoder('gbk')).decode(code);
				case 'gb18030':
					return (gb18030 ??= new TextDecoder('gb18030')).decode(code);
				default:
					return undefined;
			}
		};
		const widthOf = (cid: number): number => widths.get(cid) ?? dw;
		const space = isGb1 ? widthOf(1) : widthOf(32);
		return {
			spaceWidth: space > 0 ? space / 1000 : 0.25,
			glyphs(bytes: Uint8Array): Glyph[] {
				const out: Glyph[] = [];
				for (let i = 0; i < bytes.length; ) {
					const n = Math.max(1, Math.min(codeLength(bytes, i), bytes.length - i));
					const codeBytes = bytes.subarray(i, i + n);
					let code = 0;
					for (const b of codeBytes) code = code * 256 + b;
					i += n;
					let cid: number | undefined = embedded ? embedded.cid(code, n) : kind === 'identity' ? code : undefined;
					let text = toUnicode?.unicode(code, n);
					if (text === undefined || text === '' || text === '\u0000') {
						text = predefinedText(codeBytes);
						if (text === undefined && isGb1 && cid !== undefined) text = gb1ToUnicode(cid);
						if (text === undefined && embedded === undefined && kind === 'unknown') text = utf16be(codeBytes);
					}
					if (cid === undefined) {
						cid = code;
						const cp = text ? text.codePointAt(0) : undefined;
						if (isGb1 && cp !== undefined) cid = unicodeToGb1(cp) ?? code;
					}
					out.push({ text: text ?? '', width: widthOf(cid) / 1000, wordSpace: n === 1 && code === 32 });
				}
				return out;
			},
		};
	}

	/** The /W array of a CID font: `c [w1 w2 …]` and `cFirst cLast w` entries. */
	private async cidWidths(obj: PdfObject | undefined): Promise<Map<number, number>> {
		const out = new Map<number, number>();
		const arr = await this.doc.resolve(obj);
		if (!Array.isArray(arr)) return out;
		let budget = 70_000;
		for (let i = 0; i < arr.length && budget > 0; ) {
			const first = numberOf((await this.doc.resolve(arr[i])) ?? undefined);
			const next = await this.doc.resolve(arr[i + 1]);
			if (first === undefined) break;
			if (Array.isArray(next)) {
				for (let k = 0; k < next.length && budget > 0; k++, budget--) {
					const w = numberOf((await this.doc.resolve(next[k])) ?? undefined);
					if (w !== undefined) out.set(first + k, w);
				}
				i += 2;
			} else {
				const last = numberOf(next ?? undefined);
				const w = numberOf((await this.doc.resolve(arr[i + 2])) ?? undefined);
				if (last === undefined || w === undefined) break;
				for (let c = first; c <= last && budget > 0; c++, budget--) out.set(c, w);
				i += 3;
			}
		}
		return out;
	}
}

/** For a /Font entry that is missing or unreadable: bytes as Latin-1, half an em wide. */
const FALLBACK_FONT: Font = {
	spaceWidth: 0.25,
	glyphs(bytes: Uint8Array): Glyph[] {
		const out: Glyph[] = [];
		for (const b of bytes) out.push({ text: String.fromCharCode(b), width: 0.5, wordSpace: b === 32 });
		return out;
	},
};
