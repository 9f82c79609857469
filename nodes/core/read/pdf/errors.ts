/**
 * The one error type the PDF text reader throws. `message` says what is wrong with the file, `description`
 * says what the user can do about it; `code` lets callers branch without parsing text.
 */
import { ReaderError } from '../common/errors';

export type PdfErrorCode =
	/** The bytes do not start like a PDF file. */
	| 'NotPdf'
	/** The PDF structure is damaged beyond what the reader can repair. */
	| 'Malformed'
	/** The file is bigger than the input size limit. */
	| 'TooLarge'
	/** The file is encrypted with a user password (it does not open with the empty password). */
	| 'PasswordProtected'
	/** A safety limit (objects, inflated bytes, nesting, operators, pages, work) was hit. */
	| 'LimitExceeded'
	/** The PDF has no usable text layer (a scan): only OCR can read it. */
	| 'NoTextLayer';

export class PdfError extends ReaderError<PdfErrorCode> {}

export function isPdfError(error: unknown): error is PdfError {
	return error instanceof PdfError;
}

export const FIX_DAMAGED_PDF =
	'Download the invoice PDF again from the issuing platform (电子发票服务平台 or the seller) and pass the whole file in, unchanged.';
export const FIX_LIMIT =
	'This does not look like an e-invoice PDF. If it is one, raise the limit in the node options or use a cloud OCR provider.';
export const FIX_PASSWORD =
	'Remove the password (open the PDF with its password and save or print it to a new PDF without one), or use a cloud OCR provider.';
export const FIX_NO_TEXT =
	'The PDF holds only images (a scan or photo). Use a cloud OCR provider (Tencent Cloud or Qiniu) to read it.';

export function malformed(message: string): PdfError {
	return new PdfError('Malformed', message, FIX_DAMAGED_PDF);
}

export function limitExceeded(message: string): PdfError {
	return new PdfError('LimitExceeded', message, FIX_LIMIT);
}

/** A PdfError caught while trying a fallback, passed on unchanged (it already says what to fix). */
export function passOn(error: PdfError): PdfError {
	return error;
}
