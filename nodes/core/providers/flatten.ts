/**
 * The "Simplify" output: each provider's answer made into flat, spreadsheet-friendly fields, with the
 * provider's own field names kept exactly (Normalize Invoice maps them to the canonical invoice), and
 * the same metadata keys beside them whatever the provider.
 */
import type { ApiName, ProviderName } from './errors';
import { classifyTencentCode } from './tencent';

/** Metadata every output item carries, beside the invoice fields. Missing values are null. */
export interface ResultMeta {
	provider: ProviderName;
	api: ApiName;
	fileName: string | null;
	mimeType: string | null;
	binaryProperty: string | null;
	sourceUrl: string | null;
	/** 1-based page the result comes from (1 for an image). */
	page: number | null;
	/** Pages in the document when the provider said (null when unknown). */
	pageCount: number | null;
	requestId: string | null;
}

export const META_KEYS: Array<keyof ResultMeta> = [
	'provider',
	'api',
	'fileName',
	'mimeType',
	'binaryProperty',
	'sourceUrl',
	'page',
	'pageCount',
	'requestId',
];

export type Fields = Record<string, unknown>;

/**
 * Metadata first (every item starts with the same columns, as the local OFD reader's items do), then
 * the invoice fields; a field named like a metadata key is dropped, so metadata always wins.
 */
export function withMeta(fields: Fields, meta: ResultMeta): Fields {
	const out: Fields = {};
	for (const key of META_KEYS) out[key] = meta[key] ?? null;
	for (const [key, value] of Object.entries(fields)) {
		if (!Object.hasOwn(out, key)) out[key] = value;
	}
	return out;
}

/**
 * VatInvoiceOCR: `VatInvoiceInfos` [{Name, Value, Polygon}] becomes a Name→Value object under the same
 * key, with Tencent's Chinese names exactly as returned (发票代码, 购买方地址、电话, 密码区1, …); when a
 * name repeats, the first value wins. `Items` (the line items) is kept as the array Tencent returns.
 * Normalize Invoice reads `VatInvoiceInfos` as either shape.
 */
export function flattenVatInvoiceOcr(response: Fields): Fields {
	const infos: Fields = {};
	const list = Array.isArray(response.VatInvoiceInfos) ? response.VatInvoiceInfos : [];
	for (const info of list) {
		if (info === null || typeof info !== 'object') continue;
		const { Name, Value } = info as { Name?: unknown; Value?: unknown };
		if (typeof Name !== 'string' || Name === '__proto__' || Object.hasOwn(infos, Name)) continue;
		infos[Name] = typeof Value === 'string' ? Value : Value === undefined || Value === null ? '' : String(Value);
	}
	return { VatInvoiceInfos: infos, Items: Array.isArray(response.Items) ? response.Items : [] };
}

/** One invoice found by RecognizeGeneralInvoice, or why Tencent could not read it. */
export type GeneralInvoiceResult =
	| { ok: true; page: number | null; fields: Fields }
	| { ok: false; page: number | null; code: string; message: string; hint: string; type: unknown; subType: unknown };

/**
 * RecognizeGeneralInvoice: one result per `MixedInvoiceItems` entry. The fields of
 * `SingleInvoiceInfos[SubType]` are spread at the top level (line-item arrays such as
 * `VatInvoiceItemInfos` / `VatElectronicItems` kept as arrays), plus `Type`, `SubType`,
 * `TypeDescription`, `SubTypeDescription` (and `QRCode` when Tencent read one). An entry whose `Code` is not "OK" becomes a failed result
 * with Tencent's code and a hint, so the node reports it as an error for that invoice (an error item
 * under "Continue On Fail") while the other invoices of the same file come out as usual.
 */
export function flattenRecognizeGeneralInvoice(response: Fields): GeneralInvoiceResult[] {
	const items = Array.isArray(response.MixedInvoiceItems) ? response.MixedInvoiceItems : [];
	const results: GeneralInvoiceResult[] = [];
	for (const raw of items) {
		if (raw === null || typeof raw !== 'object') continue;
		const item = raw as Fields;
		const page =
			typeof item.Page === 'number'
				? item.Page
				: item.Page !== undefined && item.Page !== null
					? Number(item.Page) || null
					: null;
		const code = typeof item.Code === 'string' ? item.Code : 'OK';
		if (code !== 'OK') {
			const info = classifyTencentCode(code);
			results.push({
				ok: false,
				page,
				code,
				message: `Tencent Cloud could not read an invoice${page ? ` on page ${page}` : ''} (${String(item.SubTypeDescription ?? item.TypeDescription ?? 'unknown type')})`,
				hint: info.hint,
				type: item.Type ?? null,
				subType: item.SubType ?? null,
			});
			continue;
		}
		const infos =
			item.SingleInvoiceInfos !== null && typeof item.SingleInvoiceInfos === 'object' ? (item.SingleInvoiceInfos as Fields) : {};
		const subType = typeof item.SubType === 'string' ? item.SubType : '';
		let payload = infos[subType];
		if (payload === null || typeof payload !== 'object') {
			// Every SubType key is present and the unmatched ones are null; take the one that is not.
			payload = Object.values(infos).find((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
		}
		const fields: Fields = { ...((payload as Fields | undefined) ?? {}) };
		fields.Type = item.Type ?? null;
		fields.SubType = item.SubType ?? null;
		fields.TypeDescription = item.TypeDescription ?? null;
		fields.SubTypeDescription = item.SubTypeDescription ?? null;
		if (typeof item.QRCode === 'string' && item.QRCode !== '') fields.QRCode = item.QRCode;
		results.push({ ok: true, page, fields });
	}
	return results;
}

/** Qiniu: the keys of `data.license_main` spread (the `entry` line items kept as an array). */
export function flattenQiniuVatInvoice(response: Fields): Fields {
	const data = response.data !== null && typeof response.data === 'object' ? (response.data as Fields) : {};
	const main = data.license_main !== null && typeof data.license_main === 'object' ? (data.license_main as Fields) : {};
	return { ...main };
}

/** VerifyOfdVatInvoiceOCR: the Response object without RequestId (Buyer/Seller/GoodsInfos kept nested). */
export function flattenVerifyOfdVatInvoice(response: Fields): Fields {
	const out: Fields = { ...response };
	delete out.RequestId;
	return out;
}
