import type { VerifyOfdVatInvoiceOcrFields } from '../common/fields';
import type { PdfPageText } from '../pdf';

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
}

/** An OFD TextObject as nodes/core/ofd/package.ts reads it (Boundary in mm, already top-left). */
export interface OfdTextItemLike {
	text: string;
	x: number;
	y: number;
	width: number;
	height: number;
	size: number;
	page: number;
	/** Where the glyphs are drawn (TextCode X/Y/DeltaX under the CTM), when known: boundaries are often loose. */
	glyphs?: { x: number; width: number; baseline: number; size: number };
}

const MM_PER_POINT = 25.4 / 72;
/** The part of the font size above the baseline, for a box top from a baseline (CJK fonts: ~0.88). */
const ASCENT = 0.86;

/**
 * A PDF page's runs as positioned text: points → mm, y flipped using the page box. A page rotated by 90, 180 or
 * 270 degrees is turned back so that the text reads left to right, top to bottom.
 */
export function fromPdfPage(page: PdfPageText): PositionedText[] {
	const out: PositionedText[] = [];
	const rotate = (((Math.round(page.rotate / 90) * 90) % 360) + 360) % 360;
	for (const run of page.runs) {
		const text = run.text.normalize('NFKC');
		if (text.trim() === '' || !Number.isFinite(run.x) || !Number.isFinite(run.y)) continue;
		const size = Math.abs(run.fontSize) || 1;
		const width = Math.max(0, run.width);
		// Box in unrotated page space, y up.
		const left = run.x - page.originX;
		const top = run.y - page.originY + size * ASCENT;
		let x: number;
		let y: number;
		if (rotate === 90) {
			x = top;
			y = left;
		} else if (rotate === 180) {
			x = page.width - left - width;
			y = top - size;
		} else if (rotate === 270) {
			x = page.height - top;
			y = page.width - left;
		} else {
			x = left;
			y = page.height - top;
		}
		out.push({ text, x: x * MM_PER_POINT, y: y * MM_PER_POINT, width: width * MM_PER_POINT, height: size * MM_PER_POINT, page: page.index });
	}
	return out;
}

/** OFD TextObjects (one page or template layer) as positioned text, NFKC-normalised like the PDF text layer. */
export function fromOfdLayer(layer: { items: readonly OfdTextItemLike[] }, pageIndex?: number): PositionedText[] {
	const out: PositionedText[] = [];
	for (const item of layer.items) {
		const text = item.text.normalize('NFKC');
		if (text.trim() === '') continue;
		const page = pageIndex ?? Math.max(0, item.page);
		const g = item.glyphs;
		if (g && Number.isFinite(g.x) && Number.isFinite(g.baseline) && g.size > 0) {
			out.push({ text, x: g.x, y: g.baseline - g.size * ASCENT, width: Math.max(0, g.width), height: g.size, page });
			continue;
		}
		const height = item.height > 0 ? item.height : item.size > 0 ? item.size : 3;
		const chars = [...text.replace(/\s+/g, '')];
		if (chars.length > 1 && height > 2 * item.width && height >= chars.length * 0.8 * Math.min(item.width, height / chars.length)) {
			// Vertical text (购买方, 密码区, 备注 printed one character per line): one item per character.
			const step = height / chars.length;
			chars.forEach((ch, i) => out.push({ text: ch, x: item.x, y: item.y + i * step, width: item.width, height: Math.min(step, item.width * 1.2), page }));
			continue;
		}
		out.push({ text, x: item.x, y: item.y, width: Math.max(0, item.width), height, page });
	}
	return out;
}

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
export interface LayoutInvoice extends VerifyOfdVatInvoiceOcrFields {
	/** 价税合计(大写) as printed (spaces and the leading ⓧ/⊗ dropped), '' when not found. */
	TaxInclusiveTotalAmountInWords: string;
	QrCode: string | null;
	PageCount: number;
	Layout: LayoutKind;
	/** Tags printed above the title on 数电 invoices (成品油, 旅客运输服务, …). */
	Tags: string[];
}
