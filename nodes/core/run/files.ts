/**
 * What a file is, judged from its bytes (never from its name or the MIME type a mail client guessed),
 * and whether a provider will take it. Every limit is checked before a request is sent, so a file the
 * provider would refuse costs no call, and the message says what the limit is and what to do.
 */
import { APIS, fileLimitsOf, type FileLimits, type LimitedApi } from '../providers/apis';

export type FileKind = 'png' | 'jpeg' | 'bmp' | 'pdf' | 'ofd' | 'zip' | 'xml' | 'gif' | 'webp' | 'tiff' | 'unknown';

export interface FileInfo {
	kind: FileKind;
	/** The MIME type that belongs to the kind (not the one the input claimed). */
	mimeType: string;
	/** Byte length of the file. */
	size: number;
	/** Pixel size, for PNG, JPEG, BMP (and GIF, WEBP when cheap to read); absent when unreadable. */
	width?: number;
	height?: number;
}

const MIME_TYPES: Record<FileKind, string> = {
	png: 'image/png',
	jpeg: 'image/jpeg',
	bmp: 'image/bmp',
	pdf: 'application/pdf',
	ofd: 'application/ofd',
	zip: 'application/zip',
	xml: 'application/xml',
	gif: 'image/gif',
	webp: 'image/webp',
	tiff: 'image/tiff',
	unknown: 'application/octet-stream',
};

export const FILE_KIND_LABELS: Record<FileKind, string> = {
	png: 'PNG',
	jpeg: 'JPEG',
	bmp: 'BMP',
	pdf: 'PDF',
	ofd: 'OFD',
	zip: 'ZIP (not an OFD)',
	xml: 'XML',
	gif: 'GIF',
	webp: 'WEBP',
	tiff: 'TIFF',
	unknown: 'unknown',
};

export function mimeTypeOf(kind: FileKind): string {
	return MIME_TYPES[kind];
}

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
	if (bytes.length < offset + signature.length) return false;
	for (let i = 0; i < signature.length; i++) {
		if (bytes[offset + i] !== signature[i]) return false;
	}
	return true;
}

function ascii(text: string): number[] {
	return Array.from(text, (c) => c.charCodeAt(0));
}

function u16be(b: Uint8Array, o: number): number {
	return (b[o] << 8) | b[o + 1];
}
function u32be(b: Uint8Array, o: number): number {
	return ((b[o] << 24) >>> 0) + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
}
function u16le(b: Uint8Array, o: number): number {
	return b[o] | (b[o + 1] << 8);
}
function u32le(b: Uint8Array, o: number): number {
	return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + ((b[o + 3] << 24) >>> 0);
}
function i32le(b: Uint8Array, o: number): number {
	return b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);
}

function indexOfBytes(haystack: Uint8Array, needle: number[], from = 0, to = haystack.length): number {
	const last = Math.min(to, haystack.length) - needle.length;
	outer: for (let i = Math.max(0, from); i <= last; i++) {
		for (let j = 0; j < needle.length; j++) {
			if (haystack[i + j] !== needle[j]) continue outer;
		}
		return i;
	}
	return -1;
}

const PDF_MAGIC = ascii('%PDF-');
const OFD_XML = ascii('OFD.xml');

/**
 * Whether a ZIP archive is an OFD document: its central directory lists `OFD.xml` at the root
 * (GB/T 33190 puts the entry file there). When the central directory cannot be walked (a truncated
 * archive), a plain scan for the name is the fallback.
 */
export function zipListsOfdXml(bytes: Uint8Array): boolean {
	// End of central directory: signature PK\5\6, at least 22 bytes from the end, comment up to 64 KiB.
	const minStart = Math.max(0, bytes.length - 22 - 0xffff);
	for (let eocd = bytes.length - 22; eocd >= minStart; eocd--) {
		if (bytes[eocd] !== 0x50 || !startsWith(bytes, [0x50, 0x4b, 0x05, 0x06], eocd)) continue;
		const entries = u16le(bytes, eocd + 10);
		let offset = u32le(bytes, eocd + 16);
		for (let n = 0; n < entries; n++) {
			if (!startsWith(bytes, [0x50, 0x4b, 0x01, 0x02], offset)) break;
			const nameLength = u16le(bytes, offset + 28);
			const extraLength = u16le(bytes, offset + 30);
			const commentLength = u16le(bytes, offset + 32);
			const nameStart = offset + 46;
			if (nameStart + nameLength > bytes.length) break;
			let name = '';
			for (let i = 0; i < nameLength; i++) name += String.fromCharCode(bytes[nameStart + i]);
			if (name.replace(/^\.?\//, '').toLowerCase() === 'ofd.xml') return true;
			offset = nameStart + nameLength + extraLength + commentLength;
		}
		return false;
	}
	return indexOfBytes(bytes, OFD_XML) >= 0;
}

/** Pixel size from the PNG IHDR chunk. */
function pngSize(b: Uint8Array): { width: number; height: number } | undefined {
	if (b.length < 24 || !startsWith(b, ascii('IHDR'), 12)) return undefined;
	return { width: u32be(b, 16), height: u32be(b, 20) };
}

/** Pixel size from the first JPEG start-of-frame marker (SOF0..SOF15 except DHT, JPG, DAC). */
function jpegSize(b: Uint8Array): { width: number; height: number } | undefined {
	let i = 2;
	while (i + 3 < b.length) {
		if (b[i] !== 0xff) return undefined;
		let marker = b[i + 1];
		// Fill bytes: any number of 0xFF before a marker.
		while (marker === 0xff && i + 2 < b.length) {
			i++;
			marker = b[i + 1];
		}
		i += 2;
		if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
		if (marker === 0xd9 || marker === 0xda) return undefined; // end of image / start of scan before a frame
		if (i + 1 >= b.length) return undefined;
		const length = u16be(b, i);
		if (length < 2) return undefined;
		const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
		if (isSof) {
			if (i + 6 >= b.length) return undefined;
			return { height: u16be(b, i + 3), width: u16be(b, i + 5) };
		}
		i += length;
	}
	return undefined;
}

/** Pixel size from the BMP DIB header (BITMAPCOREHEADER or BITMAPINFOHEADER and later). */
function bmpSize(b: Uint8Array): { width: number; height: number } | undefined {
	if (b.length < 26) return undefined;
	const dibSize = u32le(b, 14);
	if (dibSize === 12) return { width: u16le(b, 18), height: u16le(b, 20) };
	if (dibSize < 40) return undefined;
	// A negative height means rows are stored top-down.
	return { width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)) };
}

function gifSize(b: Uint8Array): { width: number; height: number } | undefined {
	if (b.length < 10) return undefined;
	return { width: u16le(b, 6), height: u16le(b, 8) };
}

const XML_DECLARATION = ascii('<?xml');

/**
 * An XML document: the declaration `<?xml` (after an optional UTF-8 BOM and white space), or, without
 * one, the 数电 e-invoice root `<EInvoice`. Other markup without a declaration (HTML pages) stays unknown.
 */
function looksLikeXml(b: Uint8Array): boolean {
	let i = startsWith(b, [0xef, 0xbb, 0xbf]) ? 3 : 0;
	const end = Math.min(b.length, i + 256);
	while (i < end && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
	return startsWith(b, XML_DECLARATION, i) || startsWith(b, ascii('<EInvoice'), i);
}

/** Tells what a file is from its first bytes (and, for ZIP, its central directory). */
export function sniffFile(bytes: Uint8Array): FileInfo {
	const kind = sniffKind(bytes);
	const info: FileInfo = { kind, mimeType: mimeTypeOf(kind), size: bytes.length };
	const size = imageSize(bytes, kind);
	if (size) {
		info.width = size.width;
		info.height = size.height;
	}
	return info;
}

function sniffKind(b: Uint8Array): FileKind {
	if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
	if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
	if (startsWith(b, ascii('BM')) && b.length >= 26) {
		// The file-size field and the reserved zeros make "BM" text files unlikely to pass.
		const dib = u32le(b, 14);
		if ([12, 40, 52, 56, 64, 108, 124].includes(dib)) return 'bmp';
	}
	if (startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))) return 'gif';
	if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) return 'webp';
	if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
	// PDF readers accept the header anywhere in the first 1024 bytes.
	if (indexOfBytes(b, PDF_MAGIC, 0, 1024) >= 0) return 'pdf';
	if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) {
		return zipListsOfdXml(b) ? 'ofd' : 'zip';
	}
	if (looksLikeXml(b)) return 'xml';
	return 'unknown';
}

/** Pixel dimensions read from the image header, or undefined when the kind has none we read. */
export function imageSize(bytes: Uint8Array, kind: FileKind = sniffKind(bytes)): { width: number; height: number } | undefined {
	switch (kind) {
		case 'png':
			return pngSize(bytes);
		case 'jpeg':
			return jpegSize(bytes);
		case 'bmp':
			return bmpSize(bytes);
		case 'gif':
			return gifSize(bytes);
		default:
			return undefined;
	}
}

/** The kind a file name or URL path suggests (used only where there are no bytes: URL input). */
export function kindFromName(name: string): FileKind | undefined {
	const path = name.split(/[?#]/)[0].toLowerCase();
	const match = /\.([a-z0-9]+)$/.exec(path);
	if (!match) return undefined;
	const ext = match[1];
	const byExtension: Record<string, FileKind> = {
		png: 'png',
		jpg: 'jpeg',
		jpeg: 'jpeg',
		jpe: 'jpeg',
		bmp: 'bmp',
		pdf: 'pdf',
		ofd: 'ofd',
		zip: 'zip',
		gif: 'gif',
		webp: 'webp',
		tif: 'tiff',
		tiff: 'tiff',
	};
	return byExtension[ext];
}

/** Length of the base64 text for n bytes (what the providers' size limits count). */
export function base64Length(byteLength: number): number {
	return 4 * Math.ceil(byteLength / 3);
}

// ---------------------------------------------------------------------------------------------
// Provider limits (the values are in ./apis.ts, one row per API)

const MIB = 1024 * 1024;

export type FileProblemCode =
	| 'EmptyFile'
	| 'UnsupportedFileType'
	| 'OfdNotSupported'
	| 'NotOfd'
	| 'FileTooLarge'
	| 'ImageTooSmall'
	| 'ImageTooLarge';

/** A file refused before any request; never worth retrying. */
export class FileRejectedError extends Error {
	readonly code: FileProblemCode;
	readonly hint: string;
	readonly retryable = false;
	readonly info: FileInfo;

	constructor(code: FileProblemCode, message: string, hint: string, info: FileInfo) {
		super(message);
		this.name = 'FileRejectedError';
		this.code = code;
		this.hint = hint;
		this.info = info;
	}
}

export function formatBytes(n: number): string {
	const oneDecimal = (value: number): string => value.toFixed(1).replace(/\.0$/, '');
	if (n < 1024) return `${n} bytes`;
	if (n < MIB) return `${oneDecimal(n / 1024)} KB`;
	return `${oneDecimal(n / MIB)} MB`;
}

function acceptedList(limits: FileLimits): string {
	return limits.kinds.map((k) => FILE_KIND_LABELS[k]).join(', ');
}

/**
 * Checks a file against a provider's limits. Returns the file's info, or a FileRejectedError that
 * says what the limit is and what to do (it is returned, not thrown, so callers decide).
 */
export function checkFile(bytes: Uint8Array, api: LimitedApi): { info: FileInfo; problem?: FileRejectedError } {
	const info = sniffFile(bytes);
	return { info, problem: checkFileInfo(info, api) };
}

/** The refusal of a 0-byte file. */
export function emptyFile(info: FileInfo): FileRejectedError {
	return new FileRejectedError(
		'EmptyFile',
		'The file is empty (0 bytes)',
		'Check the node before this one: the download or attachment produced no data.',
		info,
	);
}

export function checkFileInfo(info: FileInfo, api: LimitedApi): FileRejectedError | undefined {
	const limits = fileLimitsOf(api);
	const label = APIS[api].label;
	if (info.size === 0) return emptyFile(info);
	if (!limits.kinds.includes(info.kind)) {
		if (info.kind === 'ofd') {
			return new FileRejectedError(
				'OfdNotSupported',
				`The file is an OFD document, which ${label} does not read`,
				'OFD e-invoices are read from the file itself, with no account and no network: in VAT Invoice OCR turn on Read E-Invoice Files Locally First (or choose Provider Local), or use the OFD Invoice OCR node.',
				info,
			);
		}
		if (api === 'VerifyOfdVatInvoiceOCR') {
			return new FileRejectedError(
				'NotOfd',
				`The file is ${describeKind(info.kind)}, not an OFD document; ${label} reads OFD files only`,
				'Send images and PDF files to the VAT Invoice OCR node instead.',
				info,
			);
		}
		return new FileRejectedError(
			'UnsupportedFileType',
			`The file is ${describeKind(info.kind)}; ${label} accepts ${acceptedList(limits)} only`,
			info.kind === 'gif' || info.kind === 'webp' || info.kind === 'tiff'
				? `Convert it to PNG or JPEG first (for example with the Edit Image node), or skip it: in "All Binary Properties" mode the file-type filter leaves such files out.`
				: `Send a scan or photo of the invoice as ${acceptedList(limits)}.`,
			info,
		);
	}
	const encoded = base64Length(info.size);
	if (encoded > limits.maxBase64Length) {
		const maxRaw = Math.floor((limits.maxBase64Length / 4) * 3);
		return new FileRejectedError(
			'FileTooLarge',
			`The file is ${formatBytes(info.size)} (${formatBytes(encoded)} once base64-encoded); ${label} accepts at most ${formatBytes(limits.maxBase64Length)} after base64 encoding, which is about ${formatBytes(maxRaw)} of file`,
			info.kind === 'pdf'
				? 'Reduce the PDF: print only the invoice page to a new PDF, or scan at a lower resolution (200-300 dpi is enough).'
				: 'Make the image smaller: scan at 200-300 dpi, save as JPEG, or resize it (for example with the Edit Image node).',
			info,
		);
	}
	if (info.width !== undefined && info.height !== undefined && limits.minSide !== undefined && limits.maxSide !== undefined) {
		const { width, height } = info;
		if (Math.min(width, height) < limits.minSide) {
			return new FileRejectedError(
				'ImageTooSmall',
				`The image is ${width}x${height} pixels; ${label} needs each side to be between ${limits.minSide} and ${limits.maxSide} pixels`,
				'Use a larger scan or photo of the invoice; small images (logos, icons) are not invoices.',
				info,
			);
		}
		if (Math.max(width, height) > limits.maxSide) {
			return new FileRejectedError(
				'ImageTooLarge',
				`The image is ${width}x${height} pixels; ${label} needs each side to be between ${limits.minSide} and ${limits.maxSide} pixels`,
				`Resize the image so that its longer side is at most ${limits.maxSide} pixels (for example with the Edit Image node, operation Resize).`,
				info,
			);
		}
	}
	return undefined;
}

/**
 * What can be said about a URL input without its bytes: an OFD or GIF name is refused at once;
 * anything else is left to the provider.
 */
export function checkUrlName(url: string, api: LimitedApi): FileRejectedError | undefined {
	const kind = kindFromName(url);
	if (kind === undefined) return undefined;
	const limits = fileLimitsOf(api);
	if (limits.kinds.includes(kind)) return undefined;
	if (kind === 'jpeg' || kind === 'png' || kind === 'bmp' || kind === 'pdf' || kind === 'ofd' || kind === 'gif') {
		// Only names that are unambiguous; a URL ending in .zip or .tif might still serve something else.
		return checkFileInfo({ kind, mimeType: mimeTypeOf(kind), size: 1 }, api);
	}
	return undefined;
}

function describeKind(kind: FileKind): string {
	switch (kind) {
		case 'unknown':
			return 'of a type that is not recognised (not PNG, JPEG, BMP, PDF or OFD)';
		case 'zip':
			return 'a ZIP archive without OFD.xml (not an OFD document)';
		case 'ofd':
			return 'an OFD document';
		default:
			return `a ${FILE_KIND_LABELS[kind]} file`;
	}
}

/**
 * The local engine reads OFD files. ZIP archives and files of no known type also go to the reader,
 * which says exactly what is wrong with them (cut off, no OFD.xml, not a ZIP archive); images and PDF
 * files are refused at once with a pointer to the VAT Invoice OCR node. No size limit of a provider
 * applies (the reader has its own bounds).
 */
export function checkLocalFile(info: FileInfo): FileRejectedError | undefined {
	if (info.size === 0) return emptyFile(info);
	switch (info.kind) {
		case 'ofd':
		case 'zip':
		case 'xml':
		case 'unknown':
			return undefined;
		case 'png':
		case 'jpeg':
		case 'bmp':
		case 'pdf': {
			const what = info.kind === 'pdf' ? 'a PDF file' : `a ${info.kind.toUpperCase()} image`;
			return new FileRejectedError(
				'NotOfd',
				`The file is ${what}, not an OFD document; the OFD Invoice OCR node reads OFD e-invoices only`,
				'Send images and PDF invoices to the VAT Invoice OCR node (Tencent Cloud or Qiniu OCR) instead. With All Binary Properties, keep File Types at OFD so that such files are skipped.',
				info,
			);
		}
		default:
			return new FileRejectedError(
				'NotOfd',
				`The file is a ${info.kind.toUpperCase()} image, not an OFD document; the OFD Invoice OCR node reads OFD e-invoices only`,
				'Pass the OFD e-invoice (.ofd). For a scanned invoice, convert it to PNG or JPEG and use the VAT Invoice OCR node; with All Binary Properties, keep File Types at OFD so that logos and other images are skipped.',
				info,
			);
	}
}
