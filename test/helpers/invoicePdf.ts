/**
 * A synthetic e-invoice PDF with a text layer, made from a licensed sample OFD: every text object of the
 * OFD's pages printed at the same place and size in a PDF (a Type0 font with UniGB-UCS2-H, codes =
 * UTF-16BE). The PDF then holds the same invoice as the OFD, so tests can check the PDF path against
 * the OFD reader's answer without the unlicensed real PDFs (which stay in ../shared/samples).
 */
import { OfdPackage } from '../../nodes/core/read/ofd';
import { readPositionedPages } from '../../nodes/core/read/ofd/pageText';
import { PdfBuilder, scannedPdf as scannedPdfBytes, type0Font } from '../support/pdfBuilder';

const MM = 72 / 25.4;
/** As nodes/core/read/layout/types.ts (ASCENT) places a baseline below the top of a line. */
const ASCENT = 0.86;

function utf16(text: string): string {
	return Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase();
}

/** Widths in thousandths of the size: ASCII half width, the rest full width. */
function naturalWidth(text: string): number {
	let w = 0;
	for (const ch of text) w += (ch.codePointAt(0) ?? 0) < 0x80 ? 500 : 1000;
	return w / 1000;
}

/** Adobe-GB1 CIDs 1-95 are ASCII 0x20-0x7E: half width, as naturalWidth assumes. */
const ASCII_WIDTHS = `[1 [${Array.from({ length: 95 }, () => '500').join(' ')}]]`;

/** One piece of text to print: its box's top-left corner (mm from the top-left of the page) and its height (mm). */
export interface PrintItem {
	text: string;
	x: number;
	y: number;
	height: number;
	/** The box width (mm); default: the natural width (CJK and full-width characters 1 em, ASCII half). */
	width?: number;
}

/** Natural width (mm) of a text printed at this height. */
export function printedWidth(text: string, height: number): number {
	return naturalWidth(text) * height;
}

let gbkTable: Map<string, string> | undefined;

/** GBK bytes (hex) of a text, from the platform's GBK decoder run backwards over the two-byte range. */
function gbkHex(text: string): string {
	if (!gbkTable) {
		gbkTable = new Map();
		const decoder = new TextDecoder('gbk');
		for (let hi = 0x81; hi <= 0xfe; hi++) {
			for (let lo = 0x40; lo <= 0xfe; lo++) {
				if (lo === 0x7f) continue;
				const ch = decoder.decode(Uint8Array.from([hi, lo]));
				if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, ((hi << 8) | lo).toString(16).toUpperCase());
			}
		}
	}
	let hex = '';
	for (const ch of text) {
		const code = ch.codePointAt(0) ?? 0;
		if (code < 0x80) hex += code.toString(16).padStart(2, '0').toUpperCase();
		else {
			const two = gbkTable.get(ch);
			if (!two) throw new Error(`not in GBK: ${ch}`);
			hex += two;
		}
	}
	return hex;
}

export interface PdfFontOptions {
	/**
	 * 'ucs2' (default): Type0 STSong-Light with UniGB-UCS2-H, codes = UTF-16BE. 'gbk': a non-embedded SimSun with
	 * GBK-EUC-H and no ToUnicode, codes = GBK bytes, as 12306 writes its railway e-ticket PDFs.
	 */
	encoding?: 'ucs2' | 'gbk';
}

/** A one-page PDF (width × height mm) printing these items at their places (a Type0 font, see PdfFontOptions). */
export function pdfFromItems(items: readonly PrintItem[], width: number, height: number, options: PdfFontOptions = {}): Buffer {
	const gbk = options.encoding === 'gbk';
	const ops: string[] = [];
	for (const t of items) {
		// Characters outside the BMP do not occur on invoices; skip them rather than write surrogates.
		if ([...t.text].some((ch) => (ch.codePointAt(0) ?? 0) > 0xffff)) continue;
		const size = t.height * MM;
		const natural = naturalWidth(t.text) * size;
		const w = t.width ?? printedWidth(t.text, t.height);
		const scale = w > 0 && natural > 0 ? ((w * MM) / natural) * 100 : 100;
		const x = t.x * MM;
		const y = (height - (t.y + t.height * ASCENT)) * MM;
		ops.push(`BT /F1 ${size.toFixed(3)} Tf ${scale.toFixed(2)} Tz 1 0 0 1 ${x.toFixed(3)} ${y.toFixed(3)} Tm <${gbk ? gbkHex(t.text) : utf16(t.text)}> Tj ET`);
	}
	const b = new PdfBuilder();
	const font = gbk
		? b.add(
				`<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /GBK-EUC-H /DescendantFonts [${b.add(
					`<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 /W ${ASCII_WIDTHS} /FontDescriptor ${b.add('<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>')} 0 R >>`,
				)} 0 R] >>`,
			)
		: type0Font(b, { encoding: 'UniGB-UCS2-H', w: ASCII_WIDTHS });
	const catalog = b.reserve();
	b.catalog = catalog;
	const pages = b.reserve();
	const page = b.reserve();
	const content = b.add('<< >>', Buffer.from(ops.join('\n'), 'latin1'));
	b.set(catalog, `<< /Type /Catalog /Pages ${pages} 0 R >>`);
	b.set(pages, `<< /Type /Pages /Kids [${page} 0 R] /Count 1 >>`);
	b.set(
		page,
		`<< /Type /Page /Parent ${pages} 0 R /MediaBox [0 0 ${(width * MM).toFixed(2)} ${(height * MM).toFixed(2)}] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
	);
	return b.build().bytes as Buffer;
}

/** The first page of an OFD file as a PDF with the same text at the same places. */
export async function invoicePdfFromOfd(ofd: Uint8Array): Promise<Buffer> {
	const pkg = await OfdPackage.open(ofd);
	const [items] = await readPositionedPages(pkg);
	const width = Math.max(210, ...items.map((t) => t.x + t.width + 5));
	const height = Math.max(140, ...items.map((t) => t.y + t.height + 5));
	return pdfFromItems(
		items.map((t) => ({ text: t.text, x: t.x, y: t.y, height: t.height, width: t.width })),
		width,
		height,
	);
}

/** A PDF with one page and no text at all (a scan, as far as a text reader can tell). */
export const scannedPdf = (): Buffer => scannedPdfBytes() as Buffer;
