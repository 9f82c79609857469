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
