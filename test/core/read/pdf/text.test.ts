import { hasUsableText, readPdfText, type PdfText, type PdfTextRun } from '../../../../nodes/core/read/pdf';
import { PdfBuilder, onePage, simpleFont, toUnicodeCMap, type0Font } from '../../../support/pdfBuilder';

// Fonts → Unicode and the content-stream interpreter: text matrices, spacing operators, Form XObjects.
// Widths of the test font (test/support/pdfBuilder.js): space 278, digits 556, every other character 500.

type Builder = InstanceType<typeof PdfBuilder>;

async function read(content: string, fonts: (b: Builder) => Record<string, number>, options: Parameters<typeof onePage>[2] = {}) {
	const b = new PdfBuilder();
	const f = fonts(b);
	onePage(b, content, { ...options, fonts: f });
	return readPdfText(b.build().bytes);
}

const runs = (pdf: PdfText): PdfTextRun[] => pdf.pages.flatMap((p) => p.runs);
const texts = (pdf: PdfText) => runs(pdf).map((r) => r.text);
const helvetica = (b: Builder) => ({ F1: simpleFont(b) });

describe('PDF fonts to Unicode', () => {
	it('ToUnicode bfchar with a 2-byte code space: CJK, surrogate pairs and ligatures', async () => {
		const cmap = toUnicodeCMap(['<0000> <FFFF>'], '4 beginbfchar\n<0001> <53D1>\n<0002> <7968>\n<0003> <D83DDE00>\n<0004> <00660069>\nendbfchar');
		const pdf = await read('BT /F1 10 Tf <0001000200030004> Tj ET', (b) => ({ F1: type0Font(b, { toUnicode: cmap }) }));
		expect(texts(pdf)).toEqual(['发票\u{1F600}fi']);
	});

	it('ToUnicode bfrange in both forms (start string and array)', async () => {
		const cmap = toUnicodeCMap(['<0000> <FFFF>'], '2 beginbfrange\n<0010> <0012> <4E00>\n<0020> <0021> [<91D1> <989D>]\nendbfrange');
		const pdf = await read('BT /F1 10 Tf <001000110012> Tj 0 -20 Td <00200021> Tj ET', (b) => ({ F1: type0Font(b, { toUnicode: cmap }) }));
		expect(texts(pdf)).toEqual(['一丁丂', '金额']);
	});

	it('ToUnicode with a 1-byte code space on a simple font', async () => {
		const b0 = (b: Builder) => {
			const tu = b.add('<< >>', Buffer.from(toUnicodeCMap(['<00> <FF>'], '1 beginbfchar\n<41> <4E2D>\nendbfchar'), 'latin1'));
			return { F1: simpleFont(b, `/ToUnicode ${tu} 0 R`) };
		};
		const pdf = await read('BT /F1 10 Tf (AB) Tj ET', b0);
		expect(texts(pdf)).toEqual(['中B']);
	});

	it('Type0 with UniGB-UCS2-H and no ToUnicode: codes are UTF-16BE; widths via Adobe-GB1 CIDs', async () => {
		// CID 18 is "1" in Adobe-GB1 (CIDs 1–95 are ASCII 0x20–0x7E).
		const pdf = await read('BT /F1 10 Tf <53D179680031> Tj ET', (b) => ({ F1: type0Font(b, { encoding: 'UniGB-UCS2-H', w: '[18 [500]]' }) }));
		expect(texts(pdf)).toEqual(['发票1']);
		expect(runs(pdf)[0].width).toBeCloseTo(10 + 10 + 5, 3);
	});

	it('Type0 with GBK-EUC-H: GBK double bytes and single-byte ASCII', async () => {
		const pdf = await read('BT /F1 10 Tf <D6D0CEC44131> Tj ET', (b) => ({ F1: type0Font(b, { encoding: 'GBK-EUC-H' }) }));
		expect(texts(pdf)).toEqual(['中文A1']);
	});

	it('Identity-H with Adobe-GB1 and no ToUnicode: CIDs through the GB1 table; /W widths', async () => {
		// CIDs from Adobe-GB1: 4559 中, 1875 国, 1599 发, 3024 票 (checked against poppler-data's Adobe-GB1 table).
		const w = '[1599 [800] 3024 3024 600]';
		const pdf = await read('BT /F1 10 Tf <11CF0753063F0BD0> Tj ET', (b) => ({ F1: type0Font(b, { w }) }));
		expect(texts(pdf)).toEqual(['中国发票']);
		expect(runs(pdf)[0].width).toBeCloseTo(10 + 10 + 8 + 6, 3);
	});

	it('the Adobe-GB1 table across the collection: ASCII, GB 2312, the GBK supplement and later supplements', async () => {
		// Expected characters from poppler-data's Adobe-GB1 cidToUnicode file, an independent source.
		const cids = [34, 4559, 10000, 12000, 15000, 20000, 22000, 22353, 25000];
		const hex = cids.map((c) => c.toString(16).padStart(4, '0')).join('');
		const pdf = await read(`BT /F1 10 Tf <${hex}> Tj ET`, (b) => ({ F1: type0Font(b) }));
		expect(texts(pdf)).toEqual(['A中〩寉濗釠齯€㶵']);
	});

	it('a ToUnicode entry wins over the predefined CMap; unmapped codes fall back to it', async () => {
		const cmap = toUnicodeCMap(['<0000> <FFFF>'], '1 beginbfchar\n<53D1> <0058>\nendbfchar');
		const pdf = await read('BT /F1 10 Tf <53D17968> Tj ET', (b) => ({ F1: type0Font(b, { encoding: 'UniGB-UCS2-H', toUnicode: cmap }) }));
		expect(texts(pdf)).toEqual(['X票']);
	});

	it('Type0 with an embedded encoding CMap: mixed 1- and 2-byte codes, cidrange, GB1 fallback text', async () => {
		const encoding = [
			'/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Test-H def',
			'2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange',
			// 1-byte ASCII to GB1 CIDs 1–96; two-byte 0xB0A1.. to CIDs 1599 (发) and 3024 (票).
			'1 begincidrange <20> <7E> 1 endcidrange',
			'2 begincidchar <B0A1> 1599 <B0A2> 3024 endcidchar',
			'endcmap CMapName currentdict /CMap defineresource pop end end',
		].join('\n');
		const fonts = (b: Builder) => {
			const cmap = b.add('<< /Type /CMap /CMapName /Test-H >>', Buffer.from(encoding, 'latin1'));
			const descendant = b.add('<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 /W [18 [500]] >>');
			return { F1: b.add(`<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding ${cmap} 0 R /DescendantFonts [${descendant} 0 R] >>`) };
		};
		const pdf = await read('BT /F1 10 Tf <B0A131B0A2> Tj ET', fonts);
		expect(texts(pdf)).toEqual(['发1票']);
		expect(runs(pdf)[0].width).toBeCloseTo(25, 3);
	});

	it('WinAnsiEncoding simple font', async () => {
		const pdf = await read('BT /F1 10 Tf (caf\\351 \\200 5) Tj ET', helvetica);
		expect(texts(pdf)).toEqual(['café € 5']);
	});

	it('/Differences with glyph names (uniXXXX, standard names, unknown gNN falls back to the base encoding)', async () => {
		const font = (b: Builder) => ({ F1: simpleFont(b, '/Encoding << /BaseEncoding /WinAnsiEncoding /Differences [65 /uni4E2D /Euro /g17 /yen /one] >>') });
		const pdf = await read('BT /F1 10 Tf (ABCDE) Tj ET', font);
		expect(texts(pdf)).toEqual(['中€C¥1']);
	});

	it('as printed: Kangxi radicals and compatibility ideographs fold to the ideograph; full-width forms stay', async () => {
		// U+2F26 ⼦ → 子, U+2F45 ⽅ → 方, U+2FA6 ⾦ → 金, U+F900 豈 → 豈 (U+8C48); ＊ (FF0A), １ (FF11), （ ） stay.
		const cmap = toUnicodeCMap(
			['<0000> <FFFF>'],
			'8 beginbfchar\n<0001> <2F26>\n<0002> <2F45>\n<0003> <2FA6>\n<0004> <FF0A>\n<0005> <FF11>\n<0006> <F900>\n<0007> <FF08>\n<0008> <FF09>\nendbfchar',
		);
		const pdf = await read('BT /F1 10 Tf <00010002000300040005000600070008> Tj ET', (b) => ({ F1: type0Font(b, { toUnicode: cmap }) }));
		expect(texts(pdf)).toEqual(['子方金＊１\u8c48（）']);
	});
});

describe('PDF content positions', () => {
	it('Tm and cm: position, effective font size and width in user space', async () => {
		const pdf = await read('1 0 0 1 50 60 cm BT /F1 10 Tf 2 0 0 2 10 20 Tm (AB) Tj ET', helvetica);
		expect(runs(pdf)).toEqual([{ page: 0, text: 'AB', x: 60, y: 80, fontSize: 20, width: 20 }]);
	});

	it('nested Form XObjects with /Matrix and their own /Resources; a self-invoking form stops', async () => {
		const b = new PdfBuilder();
		const f1 = simpleFont(b);
		const f2 = simpleFont(b);
		const x3 = b.reserve();
		b.set(x3, `<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /X3 ${x3} 0 R >> >> >>`, '/X3 Do');
		const x2 = b.add(`<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Matrix [1 0 0 1 5 5] /Resources << /Font << /F2 ${f2} 0 R >> /XObject << /X3 ${x3} 0 R >> >> >>`, 'BT /F2 10 Tf 1 1 Td (B) Tj ET /X3 Do');
		const x1 = b.add(`<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Matrix [2 0 0 2 10 0] /Resources << /Font << /F1 ${f1} 0 R >> /XObject << /X2 ${x2} 0 R >> >> >>`, '/X2 Do BT /F1 10 Tf (A) Tj ET');
		onePage(b, 'q 1 0 0 1 100 100 cm /X1 Do Q BT /F1 10 Tf 1 1 Td (C) Tj ET', { fonts: { F1: f1 }, xobjects: { X1: x1 } });
		const pdf = await readPdfText(b.build().bytes);
		expect(runs(pdf).map((r) => [r.text, r.x, r.y, r.fontSize])).toEqual([
			['B', 122, 112, 20],
			['A', 110, 100, 20],
			['C', 1, 1, 10],
		]);
	});

	it('a TJ gap wider than a space splits the run; small kerning does not', async () => {
		const pdf = await read('BT /F1 10 Tf [(Inv) -100 (oice) -3000 (No) 50 (.)] TJ ET', helvetica);
		expect(runs(pdf).map((r) => [r.text, r.x])).toEqual([
			['Invoice', 0],
			['No.', 66],
		]);
		expect(runs(pdf)[0].width).toBeCloseTo(36, 3);
	});

	it('Tz, Ts, Tc, Tw, TL, T*, TD, \' and "', async () => {
		const content = [
			'BT /F1 10 Tf 12 TL',
			'50 Tz (AB) Tj 100 Tz', // width 2·5·0.5 = 5
			'0 -100 Td 5 Ts (R) Tj 0 Ts', // rise: y = -100 + 5
			'0 -100 Td 1 Tc (AB) Tj (C) Tj 0 Tc', // C at 2·(5+1) = 12
			'0 -100 Td 10 Tw (A B) Tj (D) Tj 0 Tw', // D at 5 + 2.78 + 10 + 5 = 22.78
			'0 -100 Td (L1) Tj T* (L2) Tj (L3) \' 3 2 (L4) "',
			'0 -30 TD (L5) Tj T* (L6) Tj',
			'ET',
		].join('\n');
		const pdf = await read(content, helvetica);
		const at = (text: string) => runs(pdf).find((r) => r.text === text) as PdfTextRun;
		expect(at('AB').width).toBeCloseTo(5, 3);
		expect(at('R').y).toBe(-95);
		expect(at('C').x).toBe(12);
		expect(at('D').x).toBeCloseTo(22.78, 3);
		expect([at('L1').y, at('L2').y, at('L3').y, at('L4').y]).toEqual([-400, -412, -424, -436]);
		expect([at('L5').y, at('L6').y]).toEqual([-466, -496]);
		// " set Tc = 2 and Tw = 3: "L4" is 5 + 2 + 5.56 + 2 wide.
		expect(at('L4').width).toBeCloseTo(14.56, 3);
	});

	it('skips inline images, even when their data looks like text operators', async () => {
		const pdf = await read('BI /W 4 /H 1 /BPC 8 /CS /G ID BT (Bad) Tj ET\u00ff\u0000 EI BT /F1 10 Tf (After) Tj ET', helvetica);
		expect(texts(pdf)).toEqual(['After']);
	});

	it('page box: CropBox over MediaBox, lower-left origin and normalised /Rotate', async () => {
		const pdf = await read('BT /F1 10 Tf (A) Tj ET', helvetica, { extraPage: '/CropBox [310 420 10 20] /Rotate -90' });
		expect(pdf.pages[0]).toMatchObject({ width: 300, height: 400, originX: 10, originY: 20, rotate: 270 });
	});

	it('hasUsableText: at least ten letters or digits on page 1', async () => {
		expect(hasUsableText(await read('BT /F1 10 Tf (Invoice 12345) Tj ET', helvetica))).toBe(true);
		expect(hasUsableText(await read('BT /F1 10 Tf (A 1) Tj ET', helvetica))).toBe(false);
		expect(hasUsableText(await read('0 0 10 10 re f', helvetica))).toBe(false);
	});
});
