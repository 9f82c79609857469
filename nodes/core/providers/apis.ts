/**
 * One row per API the package calls (or reads locally instead): how it is named, where it is sent,
 * how fast it may be called, which files it takes and which credential signs it. Nodes, subtitles,
 * option texts, error hints, the run configuration and the README's figures read from here; a new API
 * (Verify Invoice, another provider) is one more row.
 *
 * Sources of the figures: docs/domain.md (each API's page, cited there by URL).
 */
import type { FileKind } from '../run/files';

export type ProviderName = 'tencent' | 'qiniu' | 'local';

export type ApiName =
	| 'VatInvoiceOCR'
	| 'RecognizeGeneralInvoice'
	| 'VerifyOfdVatInvoiceOCR'
	| 'VatInvoiceVerifyNew'
	| 'QiniuVatInvoiceOCR'
	| 'LocalOfdReader'
	| 'LocalInvoiceReader';

export type CredentialType = 'tencentCloudApi' | 'qiniuApi';

/** What a provider accepts as a file, as its documentation states it. */
export interface FileLimits {
	kinds: FileKind[];
	/** Largest accepted length of the base64 text, in characters (= bytes of the JSON field). */
	maxBase64Length: number;
	/** Smallest and largest accepted side of an image, in pixels. */
	minSide?: number;
	maxSide?: number;
	/** Said in messages about PDFs. */
	pdfNote?: string;
}

export interface ApiInfo {
	api: ApiName;
	provider: ProviderName;
	/** How the UI, subtitles and messages name it ("Tencent Cloud VatInvoiceOCR"). */
	label: string;
	/** Where the request goes: Tencent's X-TC-Action on its OCR host, or Qiniu's path. Null for local reading. */
	request: { url: string; action?: string } | null;
	/** Requests per second when the user leaves Requests per Second at 0 (Infinity: no limit). */
	defaultRate: number;
	/** Where the default rate comes from, for the README and option texts. */
	rateSource: string;
	/** The files it takes; null where the node checks files itself (the local reader). */
	files: FileLimits | null;
	/** The credential that signs its requests; null for local reading. */
	credentialType: CredentialType | null;
}

const MIB = 1024 * 1024;

export const TENCENT_OCR_URL = 'https://ocr.tencentcloudapi.com/';
export const TENCENT_OCR_VERSION = '2018-11-19';
export const QINIU_VAT_INVOICE_URL = 'https://ap-gate-z0.qiniuapi.com/ocr/vat/invoice';

/**
 * File limits ("M"/"MB" read as MiB):
 * - Tencent VatInvoiceOCR: "PNG、JPG、JPEG、PDF … 经Base64编码后不超过 7M … 介于20-10000px" (the API page;
 *   the SDK model says 10M, so the smaller is used). BMP is accepted as well: Tencent's image decoder
 *   reads it, and refusing it would block files the service takes.
 * - Tencent RecognizeGeneralInvoice: the same formats and pixel range; the SDK's request fields list no
 *   OFD (only a client doc comment mentions OFD, first page only), so OFD goes to the OFD node.
 * - Tencent VerifyOfdVatInvoiceOCR: OFD only; the page states no size, 7 MB after base64 keeps the
 *   request under the 10 MB TC3 POST limit with room to spare, like the other OCR actions.
 * - Qiniu: "JPG、JPEG、PNG、BMP、PDF、OFD … Base64编码和urlencode之后不超过 8 MB … 256 x 256 … 2048 x 2048";
 *   OFD is left to the OFD node, whose local reader is exact and free.
 */
const TENCENT_IMAGE_FILES: FileLimits = { kinds: ['png', 'jpeg', 'bmp', 'pdf'], maxBase64Length: 7 * MIB, minSide: 20, maxSide: 10000 };

export const APIS: Readonly<Record<ApiName, ApiInfo>> = {
	VatInvoiceOCR: {
		api: 'VatInvoiceOCR',
		provider: 'tencent',
		label: 'Tencent Cloud VatInvoiceOCR',
		request: { url: TENCENT_OCR_URL, action: 'VatInvoiceOCR' },
		defaultRate: 10,
		rateSource: "10 requests per second, the API page's default limit",
		files: TENCENT_IMAGE_FILES,
		credentialType: 'tencentCloudApi',
	},
	RecognizeGeneralInvoice: {
		api: 'RecognizeGeneralInvoice',
		provider: 'tencent',
		label: 'Tencent Cloud RecognizeGeneralInvoice',
		request: { url: TENCENT_OCR_URL, action: 'RecognizeGeneralInvoice' },
		defaultRate: 5,
		rateSource: "5 requests per second, the API page's default limit",
		files: TENCENT_IMAGE_FILES,
		credentialType: 'tencentCloudApi',
	},
	VerifyOfdVatInvoiceOCR: {
		api: 'VerifyOfdVatInvoiceOCR',
		provider: 'tencent',
		label: 'Tencent Cloud VerifyOfdVatInvoiceOCR',
		request: { url: TENCENT_OCR_URL, action: 'VerifyOfdVatInvoiceOCR' },
		defaultRate: 10,
		rateSource: "10 requests per second, the API page's default limit",
		files: { kinds: ['ofd'], maxBase64Length: 7 * MIB },
		credentialType: 'tencentCloudApi',
	},
	VatInvoiceVerifyNew: {
		api: 'VatInvoiceVerifyNew',
		provider: 'tencent',
		label: 'Tencent Cloud VatInvoiceVerifyNew',
		request: { url: TENCENT_OCR_URL, action: 'VatInvoiceVerifyNew' },
		// https://cloud.tencent.com/document/api/866/73674: 默认接口请求频率限制:20次/秒
		defaultRate: 20,
		rateSource: "20 requests per second, the API page's default limit",
		// It takes invoice fields, not files (Verify Invoice checks them itself: nodes/core/invoice/verify.ts).
		files: null,
		credentialType: 'tencentCloudApi',
	},
	QiniuVatInvoiceOCR: {
		api: 'QiniuVatInvoiceOCR',
		provider: 'qiniu',
		label: 'Qiniu VAT invoice OCR',
		request: { url: QINIU_VAT_INVOICE_URL },
		// Qiniu documents no rate: 5/s is the conservative choice (Tencent's stricter invoice API).
		defaultRate: 5,
		rateSource: 'none documented; 5 requests per second is a conservative choice',
		files: {
			kinds: ['png', 'jpeg', 'bmp', 'pdf'],
			maxBase64Length: 8 * MIB,
			minSide: 256,
			maxSide: 2048,
			pdfNote: 'Qiniu reads only the first page of a PDF.',
		},
		credentialType: 'qiniuApi',
	},
	LocalOfdReader: {
		api: 'LocalOfdReader',
		provider: 'local',
		label: 'Local OFD reader',
		request: null,
		// No provider to protect: no rate limit unless the user sets one.
		defaultRate: Number.POSITIVE_INFINITY,
		rateSource: 'no limit: nothing is sent anywhere',
		files: null,
		credentialType: null,
	},
	LocalInvoiceReader: {
		api: 'LocalInvoiceReader',
		provider: 'local',
		label: 'Local e-invoice reader',
		request: null,
		// PDF (text layer), OFD, 数电 XML and their ZIP bundles, read on the n8n machine (core/read/index.ts).
		defaultRate: Number.POSITIVE_INFINITY,
		rateSource: 'no limit: nothing is sent anywhere',
		files: null,
		credentialType: null,
	},
};

/** The APIs whose files a provider's documented limits govern. */
export type LimitedApi = Exclude<ApiName, 'LocalOfdReader' | 'LocalInvoiceReader' | 'VatInvoiceVerifyNew'>;

/** The documented file limits of an API that has them. */
export function fileLimitsOf(api: LimitedApi): FileLimits {
	const files = APIS[api].files;
	if (!files) throw new RangeError(`${api} has no file limits`);
	return files;
}

/** "10 for Tencent Cloud VatInvoiceOCR, 5 for …": what 0 means in Requests per Second, for the given APIs. */
export function defaultRatesText(apis: readonly ApiName[]): string {
	return apis
		.map((api) => {
			const info = APIS[api];
			return Number.isFinite(info.defaultRate) ? `${info.defaultRate} for ${info.label}` : `no limit for the ${info.label.charAt(0).toLowerCase()}${info.label.slice(1)}`;
		})
		.join(', ');
}

/** A node subtitle expression naming the API behind each value of a parameter. */
export function subtitleFor(parameter: string, apiOf: Readonly<Record<string, ApiName>>): string {
	const labels: Record<string, string> = {};
	for (const [value, api] of Object.entries(apiOf)) labels[value] = APIS[api].label;
	return `={{ ${JSON.stringify(labels)}[$parameter["${parameter}"]] }}`;
}
