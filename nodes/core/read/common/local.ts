/**
 * The local-reader shape: the field names of Tencent's VerifyOfdVatInvoiceOCR (as the OFD reader outputs
 * them), plus where the invoice came from. Every local reader (OFD, 数电 XML, PDF) returns this shape, so
 * Normalize has one mapper for all of them and tells them apart by `FileFormat`.
 */
import type { LocalInvoiceAdditions, OfdSource, VerifyOfdVatInvoiceOcrFields } from './fields';

/** The kind of file an invoice was read from. */
export type LocalFileFormat = 'ofd' | 'xml' | 'pdf';

/** How exact each format is: the XML holds the data itself, the OFD holds it beside a layout, a PDF only prints it. */
export const FORMAT_RANK: Readonly<Record<LocalFileFormat, number>> = Object.freeze({ xml: 3, ofd: 2, pdf: 1 });

/** Another file of the same bundle that holds the same invoice. */
export interface LocalAlsoIn {
	EntryName: string;
	FileFormat: LocalFileFormat;
}

export interface LocalExtraFields {
	/** The kind of file read ('xml' for the 数电 XML, 'ofd', 'pdf'). */
	FileFormat: LocalFileFormat;
	/** The QR payload when the file holds it as text; null otherwise (the 数电 XML holds none). */
	QrCode: string | null;
	/** 价税合计(大写) as the file says it; '' when the file does not say it. */
	TaxInclusiveTotalAmountInWords: string;
	/** OFD only: the place inside the OFD file the fields came from. */
	OfdSource?: OfdSource;
	/** OFD (and PDF) only: pages declared in the document. */
	PageCount?: number;
	/** Set when the invoice was read from a ZIP bundle: the entry's path inside it (nested: 'outer.zip/inner.xml'). */
	EntryName?: string;
	/** Set when a bundle holds the same invoice in other files too (those files, less exact formats). */
	AlsoIn?: LocalAlsoIn[];
}

/** The readers set the additions (red-letter, 特定业务) when they know them; absent means not read (OFD structured sources). */
export type LocalInvoice = VerifyOfdVatInvoiceOcrFields & LocalExtraFields & Partial<LocalInvoiceAdditions>;
