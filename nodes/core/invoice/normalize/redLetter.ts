/**
 * Red-letter invoices (红字发票): the mark a source gives, and the blue invoice they cancel as the 备注
 * prints it (docs/domain.md §7): 数电 "被红冲蓝字数电发票号码：<20 digits>", older invoices
 * "对应正数发票代码:<10/12 digits>号码:<8 digits>".
 */
import { toHalfWidth } from './values';

const DIGITAL_ORIGINAL = /被红冲蓝字(?:数电|全电)?(?:发票|票)号码\s*[:：]?\s*(\d{20})(?!\d)/;
const OLD_CODE = /对应正数发票代码\s*[:：]?\s*(\d{12}|\d{10})(?!\d)/;
const OLD_NUMBER = /^\D{0,12}?号码\s*[:：]?\s*(\d{8})(?!\d)/;

/**
 * The original (blue) invoice named in a red-letter invoice's remarks. The one rule for every source: the
 * local readers (read/) fill OriginalInvoiceNumber/Code with it, and Normalize applies it to any source's remarks.
 */
export function originalInvoiceFromRemarks(remarks: string | null): { code: string | null; number: string } | null {
	if (remarks === null) return null;
	const text = toHalfWidth(remarks);
	const digital = DIGITAL_ORIGINAL.exec(text);
	if (digital) return { code: null, number: digital[1] };
	const code = OLD_CODE.exec(text);
	const number = code ? OLD_NUMBER.exec(text.slice(code.index + code[0].length)) : null;
	if (code && number) return { code: code[1], number: number[1] };
	return null;
}

/** The same for the local readers' fields: the blue invoice's number and code, '' where the remarks name none. */
export function blueInvoiceOf(remarks: string): { number: string; code: string } {
	const original = originalInvoiceFromRemarks(remarks);
	return { number: original?.number ?? '', code: original?.code ?? '' };
}

/** A source's red-letter mark: `true`, `'Y'`, `1`, `'1'`, `'是'`, `'红字'`; anything else is not a mark. */
export function isRedLetterMark(value: unknown): boolean {
	if (value === true || value === 1) return true;
	if (typeof value !== 'string') return false;
	const t = value.trim();
	return t === 'Y' || t === 'y' || t === '1' || t === 'true' || t === '是' || t.includes('红字');
}
