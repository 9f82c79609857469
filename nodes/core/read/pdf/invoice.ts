/**
 * A PDF e-invoice read on this machine: the text layer (./read.ts) placed on the page (./positioned.ts
 * fromPdfPage), then the printed invoice read by position (readLayoutInvoice). A PDF with no usable
 * text (a scan or a photo) rejects with code NoTextLayer: only OCR can read it, never a guess.
 */
import { readLayoutInvoice } from '../layout';
import { hasInvoiceData } from '../common/fields';
import { PdfError } from './errors';
import type { PdfLimits } from '../common/limits';
import { hasUsableText, readPdfText } from './read';
import { LocalReadError } from '../common/localReadError';
import type { LocalInvoice } from '../common/local';
import { fromPdfPage } from './positioned';

export interface ReadPdfInvoiceOptions {
	/** Override some of the PDF reader's safety limits (see DEFAULT_PDF_LIMITS). */
	limits?: Partial<PdfLimits>;
}

/** The invoice printed in a PDF e-invoice, in the local-reader shape (FileFormat 'pdf'). */
export async function readPdfInvoice(bytes: Uint8Array, options: ReadPdfInvoiceOptions = {}): Promise<LocalInvoice[]> {
	const pdf = await readPdfText(bytes, { limits: options.limits });
	if (!hasUsableText(pdf)) {
		throw new PdfError(
			'NoTextLayer',
			'The PDF has no text layer (it is a scan or a photo of the invoice), so there is nothing to read locally',
			'Read it with the VAT Invoice OCR node and a cloud provider (Tencent Cloud or Qiniu OCR). E-invoice PDFs downloaded from the platform carry their text and are read locally.',
		);
	}
	const invoice = readLayoutInvoice(pdf.pages.map((page) => fromPdfPage(page)));
	if (!hasInvoiceData(invoice)) {
		throw new LocalReadError(
			'NoInvoiceData',
			'The PDF has text, but no invoice was found in it (no invoice number, seller or amounts where an e-invoice prints them)',
			'Check that the PDF is the e-invoice itself (not a receipt, statement or letter). A layout this reader does not know can be read with the VAT Invoice OCR node and a cloud provider.',
		);
	}
	return [{ ...invoice, FileFormat: 'pdf' }];
}
