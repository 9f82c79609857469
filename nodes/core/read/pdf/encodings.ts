/** Simple-font encodings (ISO 32000-1 Annex D) and the glyph names real invoice fonts use. */

function decodeTable(label: string): string[] {
	const decoder = new TextDecoder(label);
	const out: string[] = [];
	for (let i = 0; i < 256; i++) out.push(decoder.decode(Uint8Array.of(i)));
	return out;
}

/** Windows-1252 0x80–0x9F (runtimes decode 'windows-1252' as Latin-1 there); 0 = undefined code. */
const CP1252_HIGH = [
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

function winAnsiTable(): string[] {
	const out: string[] = [];
	for (let i = 0; i < 256; i++) out.push(String.fromCharCode(i));
	CP1252_HIGH.forEach((cp, i) => (out[0x80 + i] = cp ? String.fromCharCode(cp) : ''));
	return out;
}

let winAnsi: string[] | undefined;
let macRoman: string[] | undefined;
let standard: string[] | undefined;

/** Code → Unicode for the base encodings; StandardEncoding differs from ASCII in its quotes. */
export function baseEncoding(name: string | undefined): string[] {
	if (name === 'MacRomanEncoding') return (macRoman ??= decodeTable('macintosh'));
	if (name === 'StandardEncoding') {
		if (!standard) {
			standard = winAnsiTable().map((c, i) => (i >= 0x80 ? '' : c));
			standard[0x27] = '\u2019';
			standard[0x60] = '\u2018';
		}
		return standard;
	}
	return (winAnsi ??= winAnsiTable());
}

/** Names of the printable ASCII glyphs, 0x20–0x7E, in code order. */
const ASCII_NAMES = (
	'space exclam quotedbl numbersign dollar percent ampersand quotesingle parenleft parenright asterisk plus ' +
	'comma hyphen period slash zero one two three four five six seven eight nine colon semicolon less equal ' +
	'greater question at A B C D E F G H I J K L M N O P Q R S T U V W X Y Z bracketleft backslash ' +
	'bracketright asciicircum underscore grave a b c d e f g h i j k l m n o p q r s t u v w x y z braceleft ' +
	'bar braceright asciitilde'
).split(' ');

const EXTRA: Record<string, string> = {
	quoteright: '\u2019',
	quoteleft: '\u2018',
	quotedblleft: '\u201c',
	quotedblright: '\u201d',
	quotesinglbase: '\u201a',
	quotedblbase: '\u201e',
	endash: '\u2013',
	emdash: '\u2014',
	bullet: '\u2022',
	ellipsis: '\u2026',
	minus: '\u2212',
	yen: '\u00a5',
	sterling: '\u00a3',
	cent: '\u00a2',
	Euro: '\u20ac',
	copyright: '\u00a9',
	registered: '\u00ae',
	trademark: '\u2122',
	degree: '\u00b0',
	plusminus: '\u00b1',
	multiply: '\u00d7',
	divide: '\u00f7',
	periodcentered: '\u00b7',
	middot: '\u00b7',
	section: '\u00a7',
	paragraph: '\u00b6',
	dagger: '\u2020',
	daggerdbl: '\u2021',
	fi: 'fi',
	fl: 'fl',
	ff: 'ff',
	ffi: 'ffi',
	ffl: 'ffl',
	nbspace: '\u00a0',
	nonbreakingspace: '\u00a0',
	sfthyphen: '\u00ad',
	percent: '%',
	perthousand: '\u2030',
	guillemotleft: '\u00ab',
	guillemotright: '\u00bb',
	exclamdown: '\u00a1',
	questiondown: '\u00bf',
	dotlessi: '\u0131',
	mu: '\u00b5',
	onehalf: '\u00bd',
	onequarter: '\u00bc',
	threequarters: '\u00be',
	twosuperior: '\u00b2',
	threesuperior: '\u00b3',
	onesuperior: '\u00b9',
	ordfeminine: '\u00aa',
	ordmasculine: '\u00ba',
	brokenbar: '\u00a6',
	currency: '\u00a4',
	dieresis: '\u00a8',
	macron: '\u00af',
	acute: '\u00b4',
	cedilla: '\u00b8',
	logicalnot: '\u00ac',
	fraction: '\u2044',
	florin: '\u0192',
	circumflex: '\u02c6',
	tilde: '\u02dc',
	Adieresis: '\u00c4',
	Odieresis: '\u00d6',
	Udieresis: '\u00dc',
	adieresis: '\u00e4',
	odieresis: '\u00f6',
	udieresis: '\u00fc',
	germandbls: '\u00df',
	eacute: '\u00e9',
	Eacute: '\u00c9',
	agrave: '\u00e0',
	egrave: '\u00e8',
	ccedilla: '\u00e7',
};

let glyphs: Map<string, string> | undefined;

/**
 * Unicode for a glyph name: the table above, `uniXXXX[XXXX…]`, `uXXXX[XX]`, names with a `.suffix` or
 * `_` ligature parts. Unknown names (`g123`, `cid45`, font-private names) give undefined.
 */
export function glyphToUnicode(name: string): string | undefined {
	if (!glyphs) {
		glyphs = new Map();
		ASCII_NAMES.forEach((n, i) => glyphs?.set(n, String.fromCharCode(0x20 + i)));
		for (const [k, v] of Object.entries(EXTRA)) glyphs.set(k, v);
	}
	const known = glyphs.get(name);
	if (known !== undefined) return known;
	let m = /^uni((?:[0-9A-Fa-f]{4})+)$/.exec(name);
	if (m) {
		const units: number[] = [];
		for (let i = 0; i < m[1].length; i += 4) units.push(parseInt(m[1].slice(i, i + 4), 16));
		return String.fromCharCode(...units);
	}
	m = /^u([0-9A-Fa-f]{4,6})$/.exec(name);
	if (m) {
		const cp = parseInt(m[1], 16);
		if (cp <= 0x10ffff) return String.fromCodePoint(cp);
	}
	const dot = name.indexOf('.');
	if (dot > 0) return glyphToUnicode(name.slice(0, dot));
	if (name.includes('_')) {
		const parts = name.split('_').map((p) => glyphToUnicode(p));
		if (parts.every((p) => p !== undefined)) return parts.join('');
	}
	return undefined;
}

/**
 * Advance widths of Helvetica (the core-14 font invoices name without embedding or /Widths) for codes
 * 32–126, in 1/1000 em, from its published font metrics; Arial shares them.
 */
const HELVETICA_ASCII = [
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556,
	556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667,
	556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556,
	556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
	500, 500, 500, 334, 260, 334, 584,
];

/** Width of `code` in a standard font without /Widths: Helvetica/Arial metrics, Courier 600, else 500. */
export function standardWidth(baseFont: string, code: number): number {
	if (/Courier/i.test(baseFont)) return 600;
	if (/Helvetica|Arial/i.test(baseFont) && code >= 32 && code <= 126) return HELVETICA_ASCII[code - 32];
	if (/Times/i.test(baseFont)) return code === 32 ? 250 : 500;
	return 500;
}
