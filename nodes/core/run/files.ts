/**
 * What a file is, judged from its bytes (never from its name or the MIME type a mail client guessed): its kind,
 * MIME type, size and pixel size. Whether a provider takes it is providers/fileChecks.ts.
 */

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

const MIB = 1024 * 1024;

/** A byte count for messages: 812 bytes, 3.4 KB, 12 MB. */
export function formatBytes(n: number): string {
	const oneDecimal = (value: number): string => value.toFixed(1).replace(/\.0$/, '');
	if (n < 1024) return `${n} bytes`;
	if (n < MIB) return `${oneDecimal(n / 1024)} KB`;
	return `${oneDecimal(n / MIB)} MB`;
}
