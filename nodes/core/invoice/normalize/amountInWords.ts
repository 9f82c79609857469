/**
 * 价税合计(大写): reading and writing Chinese capital amounts, in whole fen (cents) so that no
 * floating-point rounding is involved. Rules: the People's Bank's 正确填写票据和结算凭证的基本规定,
 * plus what invoices print: 圆 or 元, 整/正 after 元 or 角, a ⊗ or (负数) mark before the words.
 */

const DIGITS: Record<string, number> = {
	零: 0, 〇: 0, 壹: 1, 贰: 2, 貳: 2, 叁: 3, 參: 3, 叄: 3, 肆: 4, 伍: 5, 陆: 6, 陸: 6, 柒: 7, 捌: 8, 玖: 9,
};
const SMALL_UNITS: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 };
const NEGATIVE_MARK = /^(?:[(（]?负数?[)）]?)/;
const PREFIX_NOISE = /^[\s⊗ⓧ×Ⓧ☒]+/;
const INNER_SPACE = /\s+/g;

/**
 * The value of capital-letter words in fen (`捌拾玖圆玖角整` → 8990), negative when the words carry
 * a 负数 mark. `null` when the text is not a well-formed amount.
 */
export function parseAmountInWordsToCents(text: string): number | null {
	let s = text.replace(PREFIX_NOISE, '');
	let negative = false;
	const mark = NEGATIVE_MARK.exec(s);
	if (mark && mark[0] !== '') {
		negative = true;
		s = s.slice(mark[0].length);
	}
	s = s.replace(PREFIX_NOISE, '').replace(INNER_SPACE, '');
	if (s.startsWith('人民币')) s = s.slice(3);
	if (s === '') return null;

	let total = 0; // yuan above the current 万/亿 section
	let section = 0; // yuan in the current section (below 万)
	let digit = -1; // a digit waiting for its unit
	let seenAny = false;
	let yuanDone = false;
	let jiao = -1;
	let fen = -1;
	let ended = false; // after 整/正 nothing may follow
	let afterFen = false; // after 分 only a (superfluous) 整 may follow

	for (let i = 0; i < s.length; i++) {
		const ch = s[i]; // every character here is in the BMP
		if (ended) return null;
		if (afterFen && ch !== '整' && ch !== '正') return null;
		const d = DIGITS[ch];
		if (d !== undefined) {
			if (d === 0) {
				if (digit > 0) return null;
				seenAny = true;
				continue;
			}
			if (digit >= 0) return null;
			digit = d;
			seenAny = true;
			continue;
		}
		const small = SMALL_UNITS[ch];
		if (small !== undefined) {
			if (yuanDone) return null;
			if (digit < 0) {
				if (small !== 10) return null;
				digit = 1; // 拾元 for 10, as people write it
			}
			section += digit * small;
			digit = -1;
			seenAny = true;
			continue;
		}
		switch (ch) {
			case '万':
			case '萬':
				if (yuanDone) return null;
				total += (section + Math.max(digit, 0)) * 10000;
				section = 0;
				digit = -1;
				break;
			case '亿':
			case '億':
				if (yuanDone) return null;
				total = (total + section + Math.max(digit, 0)) * 100000000;
				section = 0;
				digit = -1;
				break;
			case '元':
			case '圆':
			case '圓':
				if (yuanDone) return null;
				section += Math.max(digit, 0);
				digit = -1;
				yuanDone = true;
				break;
			case '角':
				if (digit < 0 || jiao >= 0 || fen >= 0) return null;
				if (!yuanDone) {
					if (total + section !== 0) return null;
					yuanDone = true;
				}
				jiao = digit;
				digit = -1;
				break;
			case '分':
				if (digit < 0 || fen >= 0) return null;
				if (!yuanDone) {
					if (total + section !== 0) return null;
					yuanDone = true;
				}
				fen = digit;
				digit = -1;
				afterFen = true;
				break;
			case '整':
			case '正':
				if (!yuanDone || digit >= 0) return null;
				ended = true;
				break;
			default:
				return null;
		}
	}
	if (digit >= 0 || !seenAny || !yuanDone) return null;
	const cents = (total + section) * 100 + Math.max(jiao, 0) * 10 + Math.max(fen, 0);
	return negative ? -cents : cents;
}

/**
 * Whether `text` reads like a printed 价税合计(大写): a well-formed amount (as parseAmountInWordsToCents
 * reads it: 〇/零, traditional 貳 參 陸, a ⊗/ⓧ or (负数) mark, 人民币 before it) that ends as printed
 * amounts end, in 整/正, 角 or 分. Whitespace is ignored. The one recognizer the readers use.
 */
export function isAmountInWords(text: string): boolean {
	const compact = text.replace(INNER_SPACE, '');
	if (compact.length < 2 || compact.length > 40) return false;
	if (!/[整正角分]$/.test(compact)) return false;
	return parseAmountInWordsToCents(compact) !== null;
}

/** The value in yuan (`壹仟零伍圆零贰分` → 1005.02), or `null`. */
export function parseAmountInWords(text: string): number | null {
	const cents = parseAmountInWordsToCents(text);
	return cents === null ? null : cents / 100;
}

const DIGIT_CHARS = '零壹贰叁肆伍陆柒捌玖';
const GROUP_UNITS = ['', '拾', '佰', '仟'];
const SECTION_UNITS = ['', '万', '亿', '万亿'];

/** One group of up to four digits, zeros inside written as a single 零, trailing zeros dropped. */
function groupWords(group: number): string {
	let out = '';
	let zero = false;
	for (let place = 3; place >= 0; place--) {
		const d = Math.floor(group / 10 ** place) % 10;
		if (d === 0) {
			if (out !== '') zero = true;
			continue;
		}
		if (zero) out += '零';
		zero = false;
		out += DIGIT_CHARS[d] + GROUP_UNITS[place];
	}
	return out;
}

/**
 * Capital-letter words for an amount in yuan, the way invoices print them: 圆, 整 after whole
 * yuan, 零 where the 角 is zero and the 分 is not, 壹拾 for the tens. Negative amounts get `(负数)`.
 * 1005.02 → 壹仟零伍圆零贰分; 10.5 → 壹拾圆伍角; 0.05 → 伍分; 0 → 零圆整.
 */
export function amountToWords(amount: number): string {
	const cents = Math.round(amount * 100);
	const prefix = cents < 0 ? '(负数)' : '';
	const abs = Math.abs(cents);
	const yuan = Math.floor(abs / 100);
	const jiao = Math.floor(abs / 10) % 10;
	const fen = abs % 10;
	if (abs === 0) return '零圆整';

	let words = '';
	if (yuan > 0) {
		const groups: number[] = [];
		for (let rest = yuan; rest > 0; rest = Math.floor(rest / 10000)) groups.push(rest % 10000);
		let pendingZero = false;
		for (let i = groups.length - 1; i >= 0; i--) {
			const group = groups[i];
			if (group === 0) {
				if (words !== '') pendingZero = true;
				continue;
			}
			if (words !== '' && (pendingZero || group < 1000)) words += '零';
			pendingZero = false;
			words += groupWords(group) + SECTION_UNITS[i];
		}
		words += '圆';
	}
	if (jiao === 0 && fen === 0) return prefix + words + '整';
	if (jiao > 0) words += DIGIT_CHARS[jiao] + '角';
	else if (yuan > 0) words += '零';
	if (fen > 0) words += DIGIT_CHARS[fen] + '分';
	return prefix + words;
}
