// Reading e-invoice files locally: the 数电 XML reader, the local-reader shape and its error type.
// readInvoiceFile (nodes/core/read.ts) chooses the reader for a file.
export { readXmlInvoice, taxRateToPercent, xmlInvoiceTypeCode, type ReadXmlOptions } from './xml';
export { LocalReadError, type LocalReadErrorCode } from './errors';
export {
	FORMAT_RANK,
	type LocalAlsoIn,
	type LocalExtraFields,
	type LocalFileFormat,
	type LocalInvoice,
} from './types';
