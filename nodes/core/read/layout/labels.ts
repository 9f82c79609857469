/**
 * The printed labels of Chinese VAT invoices, matched tolerantly: on the loose view of the page (read/common/text.ts
 * looseText: full-width colons and brackets read as ':' and '(', same length as the printed text), spaces may stand between the characters of a label ("校 验 码 :",
 * "( 小 写 )"), the colon is optional, and a label must not continue a longer word (合计 inside 价税合计).
 */

export type LabelKey =
	| 'code'
	| 'number'
	| 'date'
	| 'check'
	| 'machine'
	| 'name'
	| 'taxId'
	| 'addrTel'
	| 'account'
	| 'total'
	| 'words'
	| 'inFigures'
	| 'payee'
	| 'checker'
	| 'clerk'
	| 'note'
	| 'sellerSeal'
	| 'password';

/** Spellings of each label, longest first. */
const SPELLINGS: Record<LabelKey, string[]> = {
	code: ['发票代码'],
	number: ['发票号码'],
	date: ['开票日期'],
	check: ['校验码'],
	machine: ['机器编号'],
	name: ['名称'],
	taxId: ['统一社会信用代码/纳税人识别号', '纳税人识别号', '统一社会信用代码'],
	addrTel: ['地址、电话', '地址,电话', '地址电话'],
	account: ['开户行及账号'],
	total: ['合计'],
	words: ['价税合计(大写)', '价税合计'],
	inFigures: ['(小写)'],
	payee: ['收款人'],
	checker: ['复核人', '复核'],
	clerk: ['开票人'],
	note: ['备注'],
	sellerSeal: ['销售方(章)', '销售方:(章)'],
	password: ['密码区'],
};

const escape = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function spellingPattern(spelling: string): string {
	return [...spelling].map(escape).join('\\s*');
}

/** Not preceded by a CJK character (so 合计 does not match inside 价税合计, 名称 not inside 购买方名称). */
const NOT_AFTER_WORD = '(?<![\\u4e00-\\u9fff])';

function labelRegex(key: LabelKey): RegExp {
	const alternatives = SPELLINGS[key].map(spellingPattern).join('|');
	return new RegExp(`${NOT_AFTER_WORD}(?:${alternatives})(?:\\s*:)?`, 'g');
}

const REGEXES = Object.fromEntries(
	(Object.keys(SPELLINGS) as LabelKey[]).map((key) => [key, labelRegex(key)]),
) as Record<LabelKey, RegExp>;

export const LABEL_KEYS = Object.keys(SPELLINGS) as LabelKey[];

export interface LabelMatch {
	key: LabelKey;
	start: number;
	end: number;
}

/** Every label occurrence in `text`, left to right, the longest wins where two overlap. */
export function findLabelsIn(text: string, keys: readonly LabelKey[] = LABEL_KEYS): LabelMatch[] {
	const found: LabelMatch[] = [];
	for (const key of keys) {
		const regex = REGEXES[key];
		regex.lastIndex = 0;
		for (let m = regex.exec(text); m; m = regex.exec(text)) {
			if (m[0].length === 0) {
				regex.lastIndex++;
				continue;
			}
			found.push({ key, start: m.index, end: m.index + m[0].length });
		}
	}
	found.sort((a, b) => a.start - b.start || b.end - a.end);
	const out: LabelMatch[] = [];
	for (const match of found) {
		const last = out[out.length - 1];
		if (last && match.start < last.end) continue;
		out.push(match);
	}
	return out;
}

/** Whether `text` is exactly one label (with its colon) and nothing else. */
export function isLabelOnly(text: string): boolean {
	const matches = findLabelsIn(text);
	return matches.length === 1 && text.slice(0, matches[0].start).trim() === '' && text.slice(matches[0].end).trim() === '';
}

/** Side markers printed one character per line down the left of a block (购买方, 销售方, 密码区, 备注, 信息). */
export const MARKER_CHARS = new Set([...'购买销售方信息密码区备注']);

/** An amount as printed: ¥/￥ and spaces dropped, the decimal string kept ("¥ 272.25" → "272.25"). */
export function cleanAmount(text: string): string {
	return text.replace(/[¥￥\s]/g, '').replace(/^CNY/i, '');
}

const AMOUNT = /^[¥￥]?\s*-?\s*[¥￥]?\s*\d[\d,]*(?:\.\d+)?$/;

/** Whether a token is a printed amount ("¥ 272.25", "-25.71", "104.12"). */
export function isAmountText(text: string): boolean {
	return AMOUNT.test(text.trim());
}

/** The tax rate column: "13%", "9%", "1.5%", 免税, 不征税, 零税率, 出口零税 … */
export function isTaxRateText(text: string): boolean {
	const t = text.replace(/\s+/g, '');
	return /^\d{1,2}(?:\.\d+)?%$/.test(t) || /^(?:免税|不征税|免征增值税|零税率|出口零税|出口免税)$/.test(t);
}

/** The tax amount of a tax-exempt line: *** (printed ＊＊＊ reads as *** on the loose view). */
export function isStarsText(text: string): boolean {
	return /^\*{2,}$/.test(text.replace(/\s+/g, ''));
}
