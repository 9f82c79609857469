/**
 * The blue invoice a red-letter (红字) invoice cancels, as its 备注 says: 被红冲蓝字数电发票号码：<20 digits>
 * (数电), or 对应正数发票代码:<code> 号码:<number> (older VAT invoices). Matched on the loose or printed text
 * alike (： and : both accepted).
 */
export interface RedLetterReference {
	number: string;
	code: string;
}

const DIGITAL = /被红冲蓝字(?:数电)?(?:发票|票)号码\s*[:：]\s*(\d{8,20})/;
const OLD_CODE = /对应正数发票代码\s*[:：]?\s*(\d{10,12})/;
const OLD_NUMBER = /(?:对应正数发票)?号码\s*[:：]?\s*(\d{8})(?!\d)/;

export function readRedLetter(note: string): RedLetterReference {
	const digital = DIGITAL.exec(note);
	if (digital) return { number: digital[1], code: '' };
	const code = OLD_CODE.exec(note);
	if (code) {
		const number = OLD_NUMBER.exec(note.slice(code.index + code[0].length));
		return { number: number ? number[1] : '', code: code[1] };
	}
	return { number: '', code: '' };
}
