/**
 * The one error type of readInvoiceFile and the 数电 XML reader. `message` says what is wrong with the
 * file, `description` what the user can do about it, `code` lets callers branch without parsing text.
 * Errors of the OFD reader keep their OfdError code (NOT_A_ZIP, TOO_LARGE, ZIP_BOMB, ...).
 */
import { ReaderError } from './errors';
import type { OfdErrorCode } from './ofdError';

export type LocalReadErrorCode =
	/** XML whose root is not the 数电 `EInvoice` element. */
	| 'NotAnEInvoiceXml'
	/** An `EInvoice` document without invoice number, parties or amounts. */
	| 'NoInvoiceData'
	/** A PDF without a text layer (a scan): the PDF reader's code. */
	| 'NoTextLayer'
	/** An image: only an OCR provider can read it. */
	| 'NeedsCloudProvider'
	/** A file that is neither OFD, XML, PDF, ZIP nor an image. */
	| 'UnsupportedFile'
	/** Zero bytes. */
	| 'EmptyFile'
	/** A ZIP bundle in which no entry is an invoice file. */
	| 'NoInvoiceInZip'
	| OfdErrorCode;

export class LocalReadError extends ReaderError<LocalReadErrorCode> {}
