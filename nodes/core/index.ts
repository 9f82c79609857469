// The pure library behind the nodes: no n8n imports below nodes/core.
// index.js (the package entry) re-exports this module from dist/.
export const LIBRARY_NAME = 'n8n-nodes-fapiao';

export {
	signTc3,
	tc3Date,
	tencentServiceFromHost,
	hostWithoutPort,
	TC3_ALGORITHM,
	TC3_SIGNED_HEADERS,
	type Tc3SignInput,
	type Tc3Signature,
} from './signing/tc3';
export {
	signQiniuV2,
	qiniuDate,
	canonicalHeaderName,
	urlSafeBase64,
	type QiniuSignInput,
	type QiniuSignature,
} from './signing/qiniu';
export {
	prepareTencentRequest,
	prepareQiniuRequest,
	readTencentCredentials,
	readQiniuCredentials,
	serializeQuery,
	SigningError,
	DEFAULT_TENCENT_SERVICE,
	type RequestOptionsLike,
	type TencentCredentials,
	type QiniuCredentials,
} from './signing/request';
export {
	normalizeInvoice,
	normalizeInvoices,
	toInvoiceRow,
	toLineItemRows,
	isFirstSeen,
	NormalizeError,
	KNOWN_SHAPES,
	amountToWords,
	parseAmountInWords,
	isValidUscc,
	usccCheckChar,
	taxIdProblem,
	INVOICE_FIELDS,
	LINE_ITEM_FIELDS,
	CHINESE_INVOICE_COLUMNS,
	type CanonicalInvoice,
	type CanonicalLineItem,
	type InvoiceType,
	type InvoiceSource,
	type RowOptions,
} from './normalize';
export {
	sniffFile,
	imageSize,
	checkFile,
	checkFileInfo,
	checkUrlName,
	kindFromName,
	base64Length,
	zipListsOfdXml,
	mimeTypeOf,
	PROVIDER_LIMITS,
	FILE_KIND_LABELS,
	FileRejectedError,
	type FileInfo,
	type FileKind,
	type LimitedApi,
	type ProviderLimits,
} from './files';
export {
	Scheduler,
	runScheduled,
	backoffDelay,
	defaultClassify,
	CancelledError,
	type SchedulerOptions,
	type Outcome,
	type Classification,
	type RetryEvent,
} from './schedule';
export {
	ProviderError,
	classifyTransportError,
	parseRetryAfter,
	type ProviderName,
	type ApiName,
	type RequestDescription,
	type HttpAnswer,
} from './providers/errors';
export {
	TENCENT_OCR_URL,
	TENCENT_OCR_VERSION,
	TENCENT_DEFAULT_RATE,
	TENCENT_ERROR_CODES,
	buildVatInvoiceOcrRequest,
	buildRecognizeGeneralInvoiceRequest,
	buildVerifyOfdVatInvoiceOcrRequest,
	parseTencentAnswer,
	classifyTencentCode,
	type TencentAction,
	type TencentResponse,
} from './providers/tencent';
export {
	QINIU_VAT_INVOICE_URL,
	QINIU_DEFAULT_RATE,
	buildQiniuVatInvoiceRequest,
	parseQiniuAnswer,
} from './providers/qiniu';
export {
	flattenVatInvoiceOcr,
	flattenRecognizeGeneralInvoice,
	flattenQiniuVatInvoice,
	flattenVerifyOfdVatInvoice,
	withMeta,
	META_KEYS,
	type ResultMeta,
} from './providers/flatten';
