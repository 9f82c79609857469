/**
 * Red-letter invoices (红字发票): the mark a source gives, and the blue invoice they cancel as the 备注
 * prints it (docs/domain.md §7): 数电 "被红冲蓝字数电发票号码：<20 digits>", older invoices
 * "对应正数发票代码:<10/12 digits>号码:<8 digits>".
 */
import { toHalfWidth } from './values';

const DIGITAL_ORIGINAL = /被红冲蓝字(?:数电|全电)?发票号码\s*[:：]?\s*(\d{20})/;
const OLD_ORIGINAL = /对应正数发票代码\s*[:：]?\s*(\d{10}|\d{12})\s*[,，;；]?\s*号码\s*[:：]?\s*(\d{8})/;

/** The original (blue) invoice named in a red-letter invoice's remarks. */
export function originalInvoiceFromRemarks(remarks: string | null): { code: string | null; number: string } | null {
	if (remarks === null) return null;
	const text = toHalfWidth(remarks);
	const digital = DIGITAL_ORIGINAL.exec(text);
	if (digital) return { code: null, number: digital[1] };
	const old = OLD_ORIGINAL.exec(text);
	if (old) return { code: old[1], number: old[2] };
	return null;
}

/** A source's red-letter mark: `true`, `'Y'`, `1`, `'1'`, `'是'`, `'红字'`; anything else is not a mark. */
export function isRedLetterMark(value: unknown): boolean {
	if (value === true || value === 1) return true;
	if (typeof value !== 'string') return false;
	const t = value.trim();
	return t === 'Y' || t === 'y' || t === '1' || t === 'true' || t === '是' || t.includes('红字');
}
