export type { PdfTextRun } from './content';
export { PdfError, isPdfError, type PdfErrorCode } from './errors';
export { DEFAULT_PDF_LIMITS, type PdfLimits } from '../common/limits';
export { hasUsableText, readPdfText, type PdfPageText, type PdfText, type ReadPdfOptions } from './read';
