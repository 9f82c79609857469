import { ASCENT, type PositionedText } from '../layout/types';
import type { PdfPageText } from './read';
import { asPrinted } from '../common/text';

/** PDF user space is in points; the layout reader works in millimetres. */
const MM_PER_POINT = 25.4 / 72;

/**
 * A PDF page's runs as positioned text: points → mm, y flipped using the page box. A page rotated by 90, 180 or
 * 270 degrees is turned back so that the text reads left to right, top to bottom.
 */
export function fromPdfPage(page: PdfPageText): PositionedText[] {
	const out: PositionedText[] = [];
	const rotate = (((Math.round(page.rotate / 90) * 90) % 360) + 360) % 360;
	for (const run of page.runs) {
		const text = asPrinted(run.text);
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
