import type { PdfTextRun } from './content';
import { ContentReader } from './content';
import { PdfDocument, type PageNode } from './document';
import { FIX_LIMIT, PdfError, malformed, passOn } from './errors';
import { FontLoader } from './fonts';
import { resolvePdfLimits, type PdfLimits } from '../common/limits';
import { WorkBudget } from './budget';
import { PdfStream, numberOf, type PdfObject } from './objects';

export interface PdfPageText {
	index: number;
	/** Of the CropBox (else MediaBox), in points. */
	width: number;
	height: number;
	/** Lower-left corner of that box. */
	originX: number;
	originY: number;
	/** /Rotate, normalised to 0, 90, 180 or 270. */
	rotate: number;
	runs: PdfTextRun[];
}

export interface PdfText {
	pages: PdfPageText[];
	encrypted: boolean;
	producer: string;
}

export interface ReadPdfOptions {
	limits?: Partial<PdfLimits>;
}

/**
 * Reads the text layer of a PDF: every page's show-text operations as positioned runs. Throws only PdfError
 * (NotPdf, Malformed, TooLarge, PasswordProtected, LimitExceeded); an empty `runs` list means no text layer.
 */
export async function readPdfText(bytes: Uint8Array, options?: ReadPdfOptions): Promise<PdfText> {
	const limits = resolvePdfLimits(options?.limits);
	if (bytes.length > limits.maxFileBytes) {
		throw new PdfError(
			'TooLarge',
			`The PDF is ${bytes.length} bytes, more than the ${limits.maxFileBytes} bytes the reader accepts`,
			FIX_LIMIT,
		);
	}
	try {
		return await read(bytes, new WorkBudget(limits));
	} catch (error) {
		if (error instanceof PdfError) throw passOn(error);
		const detail = error instanceof Error ? error.message : String(error);
		throw malformed(`The PDF could not be read (${detail})`);
	}
}

async function read(bytes: Uint8Array, budget: WorkBudget): Promise<PdfText> {
	const doc = await PdfDocument.open(bytes, budget);
	const fonts = new FontLoader(doc);
	const pages: PdfPageText[] = [];
	const nodes = await doc.pages();
	if (nodes.length === 0) throw malformed('The PDF has no readable page (its page tree is missing or damaged)');
	for (let index = 0; index < nodes.length; index++) {
		pages.push(await readPage(doc, fonts, nodes[index], index));
	}
	return { pages, encrypted: doc.encrypted, producer: await doc.producer() };
}

async function box(doc: PdfDocument, obj: PdfObject | undefined): Promise<number[] | undefined> {
	const arr = await doc.resolve(obj);
	if (!Array.isArray(arr) || arr.length < 4) return undefined;
	const v: number[] = [];
	for (let i = 0; i < 4; i++) v.push(numberOf((await doc.resolve(arr[i])) ?? undefined) ?? NaN);
	if (v.some((x) => !Number.isFinite(x))) return undefined;
	const [x1, y1, x2, y2] = v;
	if (x1 === x2 || y1 === y2) return undefined;
	return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
}

async function readPage(doc: PdfDocument, fonts: FontLoader, node: PageNode, index: number): Promise<PdfPageText> {
	const { dict, inherited } = node;
	const media = (await box(doc, inherited.MediaBox)) ?? [0, 0, 595.28, 841.89];
	const crop = (await box(doc, inherited.CropBox)) ?? media;
	const rotateRaw = numberOf((await doc.resolve(inherited.Rotate)) ?? undefined) ?? 0;
	const rotate = ((((Math.round(rotateRaw / 90) * 90) % 360) + 360) % 360);
	const resources = await doc.resolveDict(inherited.Resources);
	const reader = new ContentReader(doc, fonts, index);
	const contents = await doc.resolve(dict.get('Contents'));
	const streams: PdfStream[] = [];
	if (contents instanceof PdfStream) streams.push(contents);
	else if (Array.isArray(contents)) {
		for (const item of contents.slice(0, 4096)) {
			const s = await doc.resolve(item);
			if (s instanceof PdfStream) streams.push(s);
		}
	}
	const parts: Uint8Array[] = [];
	let total = 0;
	// Decoded side by side: some writers split a page into a hundred small streams.
	const decoded = await Promise.all(streams.map((s) => doc.streamBytes(s)));
	for (const data of decoded) {
		if (!data) continue;
		parts.push(data);
		total += data.length + 1;
	}
	// Content streams of an array are one stream split anywhere between tokens: join with a space.
	const content = new Uint8Array(total);
	let at = 0;
	for (const p of parts) {
		content.set(p, at);
		content[at + p.length] = 0x20;
		at += p.length + 1;
	}
	await reader.run(content, resources, 0);
	return {
		index,
		width: crop[2] - crop[0],
		height: crop[3] - crop[1],
		originX: crop[0],
		originY: crop[1],
		rotate,
		runs: reader.runs,
	};
}

/**
 * Whether the text layer is worth reading: page 1 shows at least `minChars` letters or digits (CJK included).
 * A scanned PDF (images only, or a few stray characters) is not; raise NoTextLayer for it.
 */
export function hasUsableText(pdf: PdfText, minChars = 10): boolean {
	const first = pdf.pages[0];
	if (!first) return false;
	let count = 0;
	for (const run of first.runs) {
		const m = run.text.match(/[\p{L}\p{N}]/gu);
		count += m ? m.length : 0;
		if (count >= minChars) return true;
	}
	return false;
}
