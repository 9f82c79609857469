/**
 * Cleaning single values. Hot path: every invoice goes through here ~40 times, so each function
 * tries a cheap test first and builds nothing it does not return.
 */
import type { JsonObject } from './types';

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;
const FULL_WIDTH_ALL = /[\uFF01-\uFF5E\u3000]/g;

function halfWidthChar(ch: string): string {
	const code = ch.charCodeAt(0);
	return code === 0x3000 ? ' ' : String.fromCharCode(code - 0xfee0);
}

/** Full-width ASCII (０-９, Ａ-Ｚ, ％, ．, ，, the ideographic space …) to its half-width form. */
export function toHalfWidth(text: string): string {
	return FULL_WIDTH.test(text) ? text.replace(FULL_WIDTH_ALL, halfWidthChar) : text;
}

/** A string field: trimmed, `null` when empty or absent. Names keep their full-width punctuation as printed. */
export function cleanText(value: unknown): string | null {
	if (typeof value === 'string') {
		const trimmed = value.trim();
		return trimmed === '' ? null : trimmed;
	}
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

const WHITESPACE = /\s+/g;
const HAS_WHITESPACE = /\s/;

/** A code-like field (codes, numbers, check codes, machine numbers): half-width, no spaces. */
export function cleanCode(value: unknown): string | null {
	let text = cleanText(value);
	if (text === null) return null;
	text = toHalfWidth(text);
	if (HAS_WHITESPACE.test(text)) text = text.replace(WHITESPACE, '');
	return text === '' ? null : text;
}

const NUMBER_PREFIX = /^(?:No|NO|no|nO|N0|№)[.:：]?/;

/** 发票号码 without Tencent's `No` prefix (`No63591128` → `63591128`). */
export function cleanInvoiceNumber(value: unknown): string | null {
	const text = cleanCode(value);
	if (text === null) return null;
	const stripped = text.replace(NUMBER_PREFIX, '');
	return stripped === '' ? null : stripped;
}

/** A taxpayer id: half-width, no spaces, upper case. */
export function cleanTaxId(value: unknown): string | null {
	const text = cleanCode(value);
	return text === null ? null : text.toUpperCase();
}

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
const AMOUNT_NOISE = /[¥￥,，\s元圆]/g;
const SIGNED_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const MASKED = /^\*+$/;

/**
 * An amount or quantity as a number. `null` when empty, absent or masked (`***`); `NaN` when
 * something is there that is not a number (the caller turns that into a warning).
 * Accepts `¥87.28`, `￥1,234.50`, `- 318.00`, `¥-318.00`, full-width digits, numbers.
 */
export function parseAmount(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
	if (typeof value !== 'string') return null;
	if (PLAIN_NUMBER.test(value)) return Number(value);
	let text = value.trim();
	if (text === '' || MASKED.test(text)) return null;
	text = toHalfWidth(text).replace(AMOUNT_NOISE, '');
	if (text === '' || MASKED.test(text)) return null;
	return SIGNED_NUMBER.test(text) ? Number(text) : NaN;
}

const DATE_YMD = /^(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})(?:\s*日)?(?:$|[\sT])/;
const DATE_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isoDate(year: string, month: string, day: string): string | undefined {
	const m = Number(month);
	const d = Number(day);
	if (m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]) return undefined;
	if (m === 2 && d === 29) {
		const y = Number(year);
		if (y % 4 !== 0 || (y % 100 === 0 && y % 400 !== 0)) return undefined;
	}
	return `${year}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * A date as `YYYY-MM-DD`, from `2019年06月16日`, `2019年6月6日`, `20190616`, `2019-06-16`,
 * `2019/06/16`, `2019.06.16` (a time after the date is ignored). `null` when empty or absent,
 * `undefined` when something is there that is not a date.
 */
export function parseDate(value: unknown): string | null | undefined {
	const text = cleanText(value);
	if (text === null) return null;
	const half = toHalfWidth(text);
	const ymd = DATE_YMD.exec(half);
	if (ymd) return isoDate(ymd[1], ymd[2], ymd[3]);
	const compact = DATE_COMPACT.exec(half);
	if (compact) return isoDate(compact[1], compact[2], compact[3]);
	return undefined;
}

export type TaxRateKind = 'normal' | 'zero' | 'exempt' | 'nonTaxable' | 'masked' | 'unknown' | 'none';

export interface TaxRate {
	rate: number | null;
	text: string | null;
	kind: TaxRateKind;
}

const NO_RATE: TaxRate = { rate: null, text: null, kind: 'none' };
const PERCENT = /^([+-]?\d+(?:\.\d+)?)\s*%$/;
const DECIMAL = /^\d+(?:\.\d+)?$/;

/**
 * A tax rate as printed (`13%`, `13.00%`, `0.03`, `免税`, `不征税`, `***`, `0%`) into a decimal
 * plus the text. Bare numbers below 0.3 are decimals (数电 XML writes `0.03`); others are percentages.
 */
export function parseTaxRate(value: unknown): TaxRate {
	const text = cleanText(value);
	if (text === null) return NO_RATE;
	// Parsed on the half-width form (１３％ is 13%); `text` stays as printed.
	const half = toHalfWidth(text);
	const percent = PERCENT.exec(half);
	if (percent) {
		const rate = Math.round(Number(percent[1]) * 10000) / 1e6;
		return { rate, text, kind: rate === 0 ? 'zero' : 'normal' };
	}
	if (MASKED.test(half)) return { rate: null, text, kind: 'masked' };
	if (half.includes('免税')) return { rate: null, text, kind: 'exempt' };
	if (half.includes('不征')) return { rate: null, text, kind: 'nonTaxable' };
	if (half.includes('零税率')) return { rate: 0, text, kind: 'zero' };
	if (DECIMAL.test(half)) {
		const n = Number(half);
		const rate = n < 0.3 ? Math.round(n * 1e6) / 1e6 : Math.round(n * 10000) / 1e6;
		return { rate, text, kind: rate === 0 ? 'zero' : 'normal' };
	}
	return { rate: null, text, kind: 'unknown' };
}

/** Rounds to cents as an integer, for comparisons free of floating-point noise. */
export function toCents(amount: number): number {
	return Math.round(amount * 100);
}

/** Formats cents as `1234.50` for messages. */
export function formatCents(cents: number): string {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	const fraction = abs % 100;
	return `${sign}${Math.floor(abs / 100)}.${fraction < 10 ? '0' : ''}${fraction}`;
}
