import type { LocalInvoiceAdditions, VerifyOfdVatInvoiceOcrFields } from '../common/fields';

/**
 * One piece of positioned text on a page, in millimetres, origin at the top-left corner of the page, y growing
 * downward; (x, y) is the top-left corner of the text's box. `page` is the 0-based page index.
 */
export interface PositionedText {
	text: string;
	x: number;
	y: number;
	width: number;
	height: number;
	page: number;
	/** The printed characters when `text` is the loose view the layout reader matches on (same length). */
	printed?: string;
}

/**
 * The part of the font size above the baseline, for a box top from a baseline (CJK fonts: ~0.88): each format
 * places its text with it when it hands the layout reader positioned text.
 */
export const ASCENT = 0.86;

/** Which printed layout the page was read as. */
export type LayoutKind =
	| 'digital' // 数电: 电子发票（普通发票）/（增值税专用发票）, 20-digit number, parties side by side
	| 'vat-electronic' // 增值税电子普通/专用发票: 12-digit code, 8-digit number, buyer above seller, 密码区
	| 'toll' // 通行费 e-invoice (the older layout with a 车牌号/通行日期 table)
	| 'blockchain' // 深圳电子普通发票 (区块链): a 5-character check code
	| 'railway' // 铁路电子客票
	| 'air' // 航空运输电子客票行程单
	| 'unknown';

/** What the position-based reader yields: the OFD reader's invoice fields, plus what it saw. */
export interface LayoutInvoice extends VerifyOfdVatInvoiceOcrFields, LocalInvoiceAdditions {
	/** 价税合计(大写) as printed (spaces and the leading ⓧ/⊗ dropped), '' when not found. */
	TaxInclusiveTotalAmountInWords: string;
	QrCode: string | null;
	PageCount: number;
	Layout: LayoutKind;
	/** Tags printed above the title on 数电 invoices (成品油, 旅客运输服务, …). */
	Tags: string[];
}
