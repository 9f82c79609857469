/**
 * Whether a provider will take a file: every limit of the API (./apis.ts, one row per API) is checked before a
 * request is sent, so a file the provider would refuse costs no call, and the message says what the limit is
 * and what to do. What a file is comes from its bytes (run/files.ts).
 */
import { APIS, fileLimitsOf, type FileLimits, type LimitedApi } from './apis';
import { FILE_KIND_LABELS, base64Length, formatBytes, kindFromName, mimeTypeOf, sniffFile, type FileInfo, type FileKind } from '../run/files';

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
