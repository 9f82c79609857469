import { asPrinted, FOLD_COUNT, foldOf, looseText, PrintedText } from '../../../../nodes/core/read/common/text';

// The one table of encoding-artefact folds, checked code point by code point against Unicode's NFKC on its
// four ranges (an independent oracle: the JavaScript engine's ICU data), and nothing folded outside them.
const RANGES: Array<[number, number]> = [
	[0x2e80, 0x2eff],
	[0x2f00, 0x2fdf],
	[0xf900, 0xfaff],
	[0x2f800, 0x2fa1f],
];

test('the fold table is NFKC on the four ranges, code point by code point', () => {
	let folded = 0;
	for (const [from, to] of RANGES) {
		for (let cp = from; cp <= to; cp++) {
			const ch = String.fromCodePoint(cp);
			const nfkc = ch.normalize('NFKC');
			if (nfkc === ch) {
				expect(foldOf(ch)).toBeUndefined();
				expect(asPrinted(ch)).toBe(ch);
			} else {
				folded++;
				expect([cp.toString(16), foldOf(ch)]).toEqual([cp.toString(16), nfkc]);
				expect(asPrinted(`a${ch}b`)).toBe(`a${nfkc}b`);
			}
		}
	}
	expect(folded).toBe(FOLD_COUNT);
	expect(FOLD_COUNT).toBe(2 + 214 + 460 + 542);
});

test('as printed: full-width forms, ￥, ＊, the ideographic space and circled letters stay', () => {
	const printed = '聚光科技（杭州）股份有限公司：￥１２＊＊＊\u3000ⓧ㎡№';
	expect(asPrinted(printed)).toBe(printed);
	// The Kangxi radicals and a compatibility ideograph a font maps its glyphs to become the ideographs.
	expect(asPrinted('⼦⽅⾦ 豈 \u{2F800}')).toBe('子方金 \u8c48 \u4e3d');
});

test('the loose view (labels only) has the length of the printed text', () => {
	const printed = '价税合计（大写）：＊１２　￥';
	const loose = looseText(printed);
	expect(loose).toBe('价税合计(大写):*12 ¥');
	expect(loose.length).toBe(printed.length);
	// ㎡ and ½ expand under NFKC: the loose view keeps them, so the lengths still agree.
	expect(looseText('㎡½')).toBe('㎡½');
});

test('PrintedText.restore: a value read on the loose view comes back in its printed characters', () => {
	const printed = '名称：聚光科技（杭州）股份有限公司  备注：被红冲蓝字数电发票号码：25330000000000000001';
	const index = new PrintedText(looseText(printed), printed);
	expect(index.restore('聚光科技(杭州)股份有限公司')).toBe('聚光科技（杭州）股份有限公司');
	expect(index.restore('被红冲蓝字数电发票号码:25330000000000000001')).toBe('被红冲蓝字数电发票号码：25330000000000000001');
	// Whitespace the reader put between pieces stays where it is.
	expect(index.restore('聚光科技(杭州) 股份有限公司')).toBe('聚光科技（杭州） 股份有限公司');
	// A value that is not on the page is returned unchanged.
	expect(index.restore('(其他)')).toBe('(其他)');
});
