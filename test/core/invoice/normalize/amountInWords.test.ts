import {
	amountToWords,
	parseAmount,
	parseAmountInWords,
	parseAmountInWordsToCents,
} from '../../../../nodes/core/invoice/normalize';

/**
 * 小写 as printed ↔ 大写 as this package writes it (圆, 整 after whole yuan, none after 角, 零 where
 * the 角 is zero and the 分 is not). The PBOC rule examples are 325.04 and 16,409.02; 825.15, 73.92,
 * 4,449 and 25,254.62 are printed on the sample invoices.
 */
const PAIRS: Array<[string, string]> = [
	['0.05', '伍分'],
	['0.50', '伍角'],
	['0.55', '伍角伍分'],
	['1.00', '壹圆整'],
	['10.00', '壹拾圆整'],
	['10.50', '壹拾圆伍角'],
	['10.05', '壹拾圆零伍分'],
	['11.00', '壹拾壹圆整'],
	['15', '壹拾伍圆整'],
	['17.30', '壹拾柒圆叁角'],
	['20.00', '贰拾圆整'],
	['73.92', '柒拾叁圆玖角贰分'],
	['89.90', '捌拾玖圆玖角'],
	['100.00', '壹佰圆整'],
	['101.00', '壹佰零壹圆整'],
	['110.00', '壹佰壹拾圆整'],
	['325.04', '叁佰贰拾伍圆零肆分'],
	['825.15', '捌佰贰拾伍圆壹角伍分'],
	['1,000.00', '壹仟圆整'],
	['1,005.02', '壹仟零伍圆零贰分'],
	['1,010.00', '壹仟零壹拾圆整'],
	['1,680.32', '壹仟陆佰捌拾圆叁角贰分'],
	['4,449.00', '肆仟肆佰肆拾玖圆整'],
	['10,000.00', '壹万圆整'],
	['10,600.00', '壹万零陆佰圆整'],
	['16,409.02', '壹万陆仟肆佰零玖圆零贰分'],
	['25,254.62', '贰万伍仟贰佰伍拾肆圆陆角贰分'],
	['100,000.00', '壹拾万圆整'],
	['100,010.00', '壹拾万零壹拾圆整'],
	['1,010,000.00', '壹佰零壹万圆整'],
	['10,000,001.00', '壹仟万零壹圆整'],
	['100,000,000.01', '壹亿圆零壹分'],
	['120,000,000.00', '壹亿贰仟万圆整'],
	['100,001,000.00', '壹亿零壹仟圆整'],
	['9,999,999,999.99', '玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖圆玖角玖分'],
	['2,000.10', '贰仟圆壹角'],
	['0.00', '零圆整'],
	['-318.00', '(负数)叁佰壹拾捌圆整'],
	['-0.05', '(负数)伍分'],
	['-1,005.02', '(负数)壹仟零伍圆零贰分'],
];

/** Other ways invoices print the same amounts: 元, 整 after 角, 正, ⊗, (负数) spellings, spaces. */
const VARIANTS: Array<[string, number]> = [
	['捌拾玖圆玖角整', 89.9],
	['壹拾柒元叁角整', 17.3],
	['壹万陆仟肆佰零玖元零贰分', 16409.02],
	['壹仟陆佰捌拾元零叁角贰分', 1680.32],
	['壹拾圆伍角整', 10.5],
	['壹拾元整', 10],
	['壹拾圆正', 10],
	['拾圆整', 10],
	['零圆伍分', 0.05],
	['伍分整', 0.05],
	['人民币壹佰圆整', 100],
	['壹 拾 圆 整', 10],
	['⊗捌拾玖圆玖角整', 89.9],
	['⊗ 叁佰壹拾捌圆整', 318],
	['（负数）叁佰壹拾捌圆整', -318],
	['负数叁佰壹拾捌元正', -318],
	['负叁佰壹拾捌圆整', -318],
	['⊗(负数)叁佰壹拾捌圆整', -318],
	['壹佰圓整', 100],
];

const NOT_AMOUNTS = ['', '整', '圆整', '壹贰圆', '伍角壹圆', '壹拾圆整伍角', '壹佰', '伍角伍角', '叁分伍角', 'abc', '壹佰圆整x', '捌拾玖'];

describe('大写 ↔ 小写', () => {
	test.each(PAIRS)('%s is written %s', (figures, words) => {
		const amount = parseAmount(figures);
		expect(amount).not.toBeNull();
		expect(amountToWords(amount as number)).toBe(words);
	});

	test.each(PAIRS)('%s is read back from %s', (figures, words) => {
		expect(parseAmountInWords(words)).toBe(parseAmount(figures));
	});

	test('the table holds at least 30 pairs', () => {
		expect(PAIRS.length).toBeGreaterThanOrEqual(30);
	});

	test.each(VARIANTS)('%s reads as %d', (words, amount) => {
		expect(parseAmountInWords(words)).toBe(amount);
	});

	test.each(NOT_AMOUNTS)('%j is not an amount', (words) => {
		expect(parseAmountInWordsToCents(words)).toBeNull();
	});

	test('every amount in cents from 0 to 2,000.00 and a spread of large ones reads back from its words', () => {
		const values: number[] = [];
		for (let cents = 0; cents <= 200000; cents++) values.push(cents);
		for (let cents = 1; cents < 1e12; cents = cents * 7 + 3) values.push(cents);
		for (const cents of values) {
			const words = amountToWords(cents / 100);
			if (parseAmountInWordsToCents(words) !== cents) {
				expect({ cents, words, read: parseAmountInWordsToCents(words) }).toEqual({ cents, words, read: cents });
			}
		}
	});
});
