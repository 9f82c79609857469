import type { PositionedText } from '../../nodes/core/read/layout';

/** Width (mm) of `text` at `size` mm: CJK and full-width characters one em, others half. */
export function widthOf(text: string, size: number): number {
	let units = 0;
	for (const ch of text) units += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(ch) ? 1 : 0.5;
	return units * size;
}

/** A text item whose box top is at y (mm), as a PDF run or an OFD TextObject would give it. */
export function t(text: string, x: number, y: number, size = 3, page = 0): PositionedText {
	return { text, x, y, width: widthOf(text, size), height: size, page };
}

/** The same items in another stream order (reversed, then odd and even positions apart). */
export function shuffled<T>(items: readonly T[]): T[] {
	const reversed = [...items].reverse();
	return [...reversed.filter((_, i) => i % 2 === 1), ...reversed.filter((_, i) => i % 2 === 0)];
}
