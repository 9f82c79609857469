/**
 * Taxpayer ids on invoices: the 统一社会信用代码 (GB 32100-2015) with its check character, the
 * 18-character 居民身份证号 (GB 11643) that individuals use, the old 15-character 税务登记证号,
 * and the 20-character id of individual businesses.
 */

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const USCC_VALUE: Record<string, number> = {};
for (let i = 0; i < USCC_ALPHABET.length; i++) USCC_VALUE[USCC_ALPHABET[i]] = i;

/** The check character for the first 17 characters of a USCC, or `null` if one is outside the alphabet. */
export function usccCheckChar(first17: string): string | null {
	if (first17.length !== 17) return null;
	let sum = 0;
	for (let i = 0; i < 17; i++) {
		const value = USCC_VALUE[first17[i]];
		if (value === undefined) return null;
		sum += value * USCC_WEIGHTS[i];
	}
	return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Whether an 18-character code is a well-formed 统一社会信用代码 with the right check character. */
export function isValidUscc(code: string): boolean {
	return code.length === 18 && usccCheckChar(code.slice(0, 17)) === code[17];
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
const ID_SHAPE = /^\d{17}[\dX]$/;

/** Whether an 18-character id is a 居民身份证号 with the right check digit (GB 11643). */
export function isValidResidentId(id: string): boolean {
	if (!ID_SHAPE.test(id)) return false;
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * ID_WEIGHTS[i];
	return ID_CHECK[sum % 11] === id[17];
}

const TAX_ID_CHARS = /^[0-9A-Z]+$/;

/**
 * What is wrong with a taxpayer id, or `null` when nothing is. Expects a cleaned id (upper case,
 * no spaces). 18 characters must pass the USCC check (or, all digits, the resident-id check).
 */
export function taxIdProblem(id: string): string | null {
	const length = id.length;
	if (length !== 15 && length !== 18 && length !== 20) {
		return `has ${length} characters; a taxpayer id has 15, 18 or 20`;
	}
	if (!TAX_ID_CHARS.test(id)) return 'contains characters other than digits and capital letters';
	if (length !== 18) return null;
	const check = usccCheckChar(id.slice(0, 17));
	if (check === id[17]) return null;
	if (isValidResidentId(id)) return null;
	if (check === null) return 'contains letters a unified social credit code does not use (I, O, S, V, Z)';
	return `fails the GB 32100 check character (expected ${check})`;
}
