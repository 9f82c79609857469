/**
 * The one error type the OFD reader throws. `message` says what is wrong with the file, `description`
 * says what the user can do about it; `code` lets callers branch without parsing text.
 */
import { ReaderError } from './errors';

export type OfdErrorCode =
	/** The bytes are not a ZIP archive at all (an OFD file is a ZIP archive). */
	| 'NOT_A_ZIP'
	/** The ZIP archive is cut off: its central directory or an entry's data lies past the end of the bytes. */
	| 'TRUNCATED'
	/** The archive structure or compressed data is damaged (bad offsets, bad deflate data, CRC mismatch). */
	| 'CORRUPT'
	/** A ZIP feature the reader does not handle (ZIP64, split archives, encryption, other compression methods). */
	| 'UNSUPPORTED'
	/** A size limit was hit (input size, entry count, entry size, total inflated bytes, XML node count). */
	| 'TOO_LARGE'
	/** An entry inflates far beyond its compressed size or beyond its declared size. */
	| 'ZIP_BOMB'
	/** XML nesting deeper than the limit. */
	| 'XML_TOO_DEEP'
	/** A valid ZIP archive without an OFD.xml at its root: not an OFD document. */
	| 'NO_OFD_XML'
	/** An OFD document in which none of the known places holds invoice data. */
	| 'NO_INVOICE_DATA';

export class OfdError extends ReaderError<OfdErrorCode> {}

/** Errors that mean "hostile or oversized input": stop at once instead of trying another place in the file. */
export function isFatalOfdError(error: unknown): boolean {
	return (
		error instanceof OfdError &&
		(error.code === 'TOO_LARGE' || error.code === 'ZIP_BOMB' || error.code === 'XML_TOO_DEEP')
	);
}

export const FIX_DAMAGED =
	'Download the invoice again from the issuing platform (电子发票服务平台 or the seller) and make sure the whole file is passed in, unchanged.';
export const FIX_NOT_OFD =
	'Pass an OFD e-invoice file (.ofd). For PDF or image invoices use the OCR operations instead.';
