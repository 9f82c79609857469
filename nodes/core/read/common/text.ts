/** Value clean-up and recognisers shared by the OFD invoice sources. */

/** Trim, and drop the currency signs ¥ (U+00A5) and ￥ (U+FFE5) that the printed layout puts before amounts. */
export function cleanValue(value: string | undefined | null): string {
	if (value === undefined || value === null) return '';
	return value.replace(/[¥￥]/g, '').trim();
}

/** For codes and numbers (invoice code/number, check code, tax ids, machine number): no whitespace at all. */
export function compactValue(value: string | undefined | null): string {
	return cleanValue(value).replace(/\s+/g, '');
}

/** Join the pieces of one value split over several text objects (e.g. an item name wrapped over two lines). */
export function joinPieces(pieces: readonly string[]): string {
	let out = '';
	for (const piece of pieces) out += cleanValue(piece);
	return out;
}

/** 价税合计(大写): the one recognizer lives with the parser it relies on. */
export { isAmountInWords } from '../../invoice/normalize/amountInWords';

/** Whether `text` could be the printed invoice title (e.g. 浙江增值税电子普通发票, 电子发票（增值税专用发票）). */
export function isTitleCandidate(text: string): boolean {
	const compact = text.replace(/\s+/g, '');
	if (compact.length < 4 || compact.length > 40) return false;
	if (!/发票|客票|行程单/.test(compact)) return false;
	if (/[:：]|代码|号码|所属|清单|详见|请|监制/.test(compact)) return false;
	return true;
}

/** Whether a GraphCode value is the textual QR payload (`01,10,code,number,...`) rather than an image. */
export function isQrText(value: string): boolean {
	const v = value.trim();
	return v.length >= 10 && v.length <= 300 && /^[0-9A-Za-z]{2},[0-9A-Za-z]{0,4},/.test(v) && !/\s/.test(v);
}

/**
 * Tencent's VerifyOfdVatInvoiceOCR `Type` codes: 026 增值税电子普通发票, 028 增值税电子专用发票,
 * 010 电子发票（普通发票）, 020 电子发票（增值税专用发票）, 030 铁路电子客票, 040 航空运输电子客票行程单.
 * Derived from the printed title first, else from the QR code's type field; '' when neither tells.
 */
export function invoiceTypeCode(title: string, qrCode: string | null): string {
	const t = title.replace(/\s+/g, '');
	if (t) {
		if (/铁路电子客票/.test(t)) return '030';
		if (/航空运输电子客票行程单/.test(t)) return '040';
		if (/^电子发票/.test(t)) return /专用/.test(t) ? '020' : /普通/.test(t) ? '010' : '';
		if (/增值税电子专用发票/.test(t)) return '028';
		if (/增值税电子普通发票/.test(t)) return '026';
	}
	if (qrCode) {
		const kind = qrCode.split(',')[1] ?? '';
		const byQr: Record<string, string> = { '10': '026', '20': '028', '31': '020', '32': '010', '51': '030', '61': '040' };
		if (byQr[kind]) return byQr[kind];
	}
	return '';
}
