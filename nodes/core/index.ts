/**
 * The library that index.js (the package entry) exports from dist/, for Code nodes and scripts:
 * exactly what the README's "Use from a Code node" section documents, nothing more. No n8n imports
 * below nodes/core.
 */

// Reading e-invoice files locally
export { readInvoiceFile, type ReadInvoiceFileOptions } from './read';
export { LocalReadError } from './read/common/localReadError';
export type { LocalInvoice, LocalFileFormat } from './read/common/local';
export { readOfdInvoice, OfdError, DEFAULT_OFD_LIMITS, type ReadOfdOptions, type OfdInvoice, type OfdSource } from './read/ofd';
export { sniffFile, type FileInfo, type FileKind } from './run/files';

// The canonical invoice
export {
	normalizeInvoice,
	normalizeInvoices,
	toInvoiceRow,
	toLineItemRows,
	NormalizeError,
	INVOICE_FIELDS,
	LINE_ITEM_FIELDS,
	CHINESE_INVOICE_COLUMNS,
	amountToWords,
	parseAmountInWords,
	isValidUscc,
	type CanonicalInvoice,
	type CanonicalLineItem,
	type InvoiceType,
	type InvoiceSource,
	type RowOptions,
} from './invoice/normalize';

// Calling the providers yourself (e.g. from the HTTP Request node's results)
export { APIS, type ApiInfo, type ApiName } from './providers/apis';
export {
	buildVatInvoiceOcrRequest,
	buildRecognizeGeneralInvoiceRequest,
	buildVerifyOfdVatInvoiceOcrRequest,
	parseTencentAnswer,
} from './providers/tencent';
export { buildQiniuVatInvoiceRequest, parseQiniuAnswer } from './providers/qiniu';
export { ProviderError, type RequestDescription, type HttpAnswer } from './providers/errors';

// Signing
export { signTc3, type Tc3SignInput, type Tc3Signature } from './providers/signing/tc3';
export { signQiniuV2, type QiniuSignInput, type QiniuSignature } from './providers/signing/qiniu';

// Verifying invoices against the tax bureau (Tencent VatInvoiceVerifyNew), e.g. with the HTTP Request node
export {
	buildVerifyParams,
	buildVerifyRequest,
	parseVerifyAnswer,
	verdictFromResponse,
	verdictFromError,
	VerifyRefusal,
	type VerifyInput,
	type VerifyParams,
	type Verdict,
	type VerificationStatus,
	type Difference,
} from './invoice/verify';
