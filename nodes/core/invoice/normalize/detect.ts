/**
 * Finding the provider response in an item and recognising its shape. Detection looks at the
 * OCR nodes' `api` key first, then at the keys each provider's answer is known by.
 */
import { mapQiniu } from './qiniu';
import { mapGeneralInfo, mapMixedInvoiceItem, mapTencentGeneral } from './tencentGeneral';
import { mapOfdInvoice } from './tencentOfd';
import { mapTencentVat } from './tencentVat';
import { isTencentVerifyAnswer, mapTencentVerify } from './tencentVerify';
import type { JsonObject, RawInvoice } from './types';
import { isObject } from './values';

/** A problem with the input: `message` says what happened, `description` how to fix it. */
export class NormalizeError extends Error {
	readonly description: string;

	constructor(message: string, description: string) {
		super(message);
		this.name = 'NormalizeError';
		this.description = description;
	}
}

export const KNOWN_SHAPES = [
	'Tencent VatInvoiceOCR (VatInvoiceInfos and Items)',
	'Tencent RecognizeGeneralInvoice and MixedInvoiceOCR (MixedInvoiceItems)',
	'Tencent VerifyOfdVatInvoiceOCR (InvoiceNumber, Buyer, Seller, GoodsInfos)',
	'the local OFD reader (the same shape plus OfdSource and QrCode)',
	'the local e-invoice file reader (the same shape plus FileFormat xml, ofd or pdf)',
	'Tencent VatInvoiceVerifyNew (Invoice with IsAbandoned)',
	'Qiniu VAT invoice OCR (data.license_main)',
	"any of these inside a reseller's {code, msg, data} envelope",
	"the output of this package's VAT Invoice OCR and OFD Invoice OCR nodes",
];

const SHAPES_HELP =
	`This node reads ${KNOWN_SHAPES.join('; ')}. It looks at the item's root, under Response ` +
	'(as the HTTP Request node returns Tencent answers), under body and under data. If the response ' +
	'is somewhere else in the item, name that field in Source Field (a dot path such as result.ocr).';

/** The local readers mark the file they read in FileFormat (readInvoiceFile); the OFD reader alone may not. */
function localSource(data: JsonObject): 'ofd-local' | 'xml-local' | 'pdf-local' {
	if (data.FileFormat === 'xml') return 'xml-local';
	if (data.FileFormat === 'pdf') return 'pdf-local';
	return 'ofd-local';
}

function ofdSource(data: JsonObject): 'ofd-local' | 'xml-local' | 'pdf-local' | 'tencent-ofd' {
	const local =
		data.api === 'LocalOfdReader' ||
		data.provider === 'local' ||
		'OfdSource' in data ||
		data.FileFormat === 'ofd' ||
		data.FileFormat === 'xml' ||
		data.FileFormat === 'pdf';
	return local ? localSource(data) : 'tencent-ofd';
}

/** The OCR nodes' flattened items, told apart by their `api` key. */
function byApi(data: JsonObject): RawInvoice[] | undefined {
	switch (data.api) {
		case 'VatInvoiceOCR':
			return [mapTencentVat(data.VatInvoiceInfos, data.Items)];
		case 'RecognizeGeneralInvoice':
			if (Array.isArray(data.MixedInvoiceItems)) return mapTencentGeneral(data);
			if (isObject(data.SingleInvoiceInfos)) return [mapMixedInvoiceItem(data)];
			return [mapGeneralInfo(data, data.SubType, data.SubTypeDescription, data.QRCode)];
		case 'VerifyOfdVatInvoiceOCR':
			return [mapOfdInvoice(data, 'tencent-ofd')];
		case 'LocalOfdReader':
		case 'LocalInvoiceReader':
			return [mapOfdInvoice(data, localSource(data))];
		case 'VatInvoiceVerifyNew':
			return [mapTencentVerify(data)];
		case 'QiniuVatInvoiceOCR': {
			// Simplify on: license_main's keys at the top; Simplify off: Qiniu's whole body.
			const body = isObject(data.data) ? data.data : data;
			return [mapQiniu(isObject(body.license_main) ? body.license_main : data)];
		}
		default:
			return undefined;
	}
}

/** The invoices in `data` if it has a shape this module knows, else `undefined`. */
export function mapKnownShape(data: JsonObject): RawInvoice[] | undefined {
	if (typeof data.api === 'string') {
		const mapped = byApi(data);
		if (mapped) return mapped;
	}
	if (data.VatInvoiceInfos !== undefined) return [mapTencentVat(data.VatInvoiceInfos, data.Items)];
	if (Array.isArray(data.MixedInvoiceItems)) return mapTencentGeneral(data);
	if (isObject(data.SingleInvoiceInfos)) return [mapMixedInvoiceItem(data)];
	if (
		typeof data.SubType === 'string' &&
		('VatInvoiceItemInfos' in data || 'VatElectronicItems' in data || 'Number' in data || 'Total' in data)
	) {
		return [mapGeneralInfo(data, data.SubType, data.SubTypeDescription, data.QRCode)];
	}
	if (isTencentVerifyAnswer(data)) return [mapTencentVerify(data)];
	if (isObject(data.license_main)) return [mapQiniu(data.license_main)];
	if ('invoice_no' in data || 'typed_invoice_no' in data || 'total_price_and_tax' in data) return [mapQiniu(data)];
	if (
		'GoodsInfos' in data ||
		'TaxInclusiveTotalAmount' in data ||
		('InvoiceNumber' in data && (isObject(data.Buyer) || isObject(data.Seller)))
	) {
		return [mapOfdInvoice(data, ofdSource(data))];
	}
	return undefined;
}

function tencentError(data: JsonObject): NormalizeError | undefined {
	const error = data.Error;
	if (!isObject(error) || error.Code === undefined) return undefined;
	const requestId = typeof data.RequestId === 'string' ? ` (RequestId ${data.RequestId})` : '';
	return new NormalizeError(
		`Tencent Cloud returned an error instead of an invoice: ${String(error.Code)}: ${String(error.Message ?? '')}${requestId}`,
		'The OCR request failed, so there is nothing to normalize. Fix what the error code says, or set the OCR ' +
			"node's On Error setting to continue and route failed files away before this node.",
	);
}

const SUCCESS_CODES = new Set(['0', '200', '10000', 'OK', 'ok', 'success', 'Success']);

function envelopeError(data: JsonObject): NormalizeError | undefined {
	if (data.code === undefined || !('msg' in data || 'message' in data)) return undefined;
	if (SUCCESS_CODES.has(String(data.code))) return undefined;
	const text = String(data.msg ?? data.message ?? '');
	const requestId = typeof data.request_id === 'string' ? ` (request id ${data.request_id})` : '';
	return new NormalizeError(
		`The OCR provider returned code ${String(data.code)} instead of an invoice: ${text}${requestId}`,
		"The OCR request failed, so there is nothing to normalize. Fix what the provider's message says and run the OCR again.",
	);
}

function search(data: JsonObject, depth: number): RawInvoice[] | undefined {
	const error = tencentError(data);
	if (error) throw error;
	const found = mapKnownShape(data);
	if (found || depth === 0) return found;
	for (const key of ['Response', 'data', 'body']) {
		const inner = data[key];
		if (isObject(inner)) {
			const innerFound = search(inner, depth - 1);
			if (innerFound) return innerFound;
		}
	}
	const failed = envelopeError(data);
	if (failed) throw failed;
	return undefined;
}

function describeKeys(data: JsonObject): string {
	const keys = Object.keys(data);
	if (keys.length === 0) return 'the item is empty';
	const shown = keys.slice(0, 8).join(', ');
	return `top-level fields: ${shown}${keys.length > 8 ? `, … (${keys.length} in all)` : ''}`;
}

function resolvePath(json: JsonObject, path: string): unknown {
	if (path in json) return json[path];
	let current: unknown = json;
	for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
		if (part === '') continue;
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as JsonObject)[part];
	}
	return current;
}

/** The provider response an item holds: under `sourceField` when given, else the item itself. */
export function locatePayload(json: unknown, sourceField?: string): JsonObject {
	const field = sourceField?.trim() ?? '';
	if (!isObject(json)) {
		throw new NormalizeError(
			`The input is ${Array.isArray(json) ? 'an array' : typeof json}, not an object holding an OCR response`,
			'Pass the OCR response object (one invoice response per item).',
		);
	}
	if (field === '') return json;
	let value = resolvePath(json, field);
	if (typeof value === 'string' && value.trimStart().startsWith('{')) {
		try {
			value = JSON.parse(value) as unknown;
		} catch {
			// reported below as "not an object"
		}
	}
	if (value === undefined) {
		throw new NormalizeError(
			`The input item has no field "${field}" (${describeKeys(json)})`,
			'Check Source Field (a dot path such as body.data), or leave it empty to let the node find the provider response by itself.',
		);
	}
	if (!isObject(value)) {
		throw new NormalizeError(
			`Field "${field}" holds ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}, not an OCR response object`,
			'Point Source Field at the object that holds the provider response, or leave it empty to let the node find it.',
		);
	}
	return value;
}

/**
 * An item that carries an `error` is an error, whatever else it holds: the OCR nodes' error items
 * (On Error: Continue) keep `api` and `provider` beside it, and Qiniu answers failures with `{error}`.
 */
function errorItem(payload: JsonObject): NormalizeError | undefined {
	const error = payload.error;
	if (error === undefined || error === null || error === '') return undefined;
	if (typeof error !== 'string' && !isObject(error)) return undefined;
	const text = typeof error === 'string' ? error : String(error.message ?? JSON.stringify(error));
	return new NormalizeError(
		`The input item holds an error, not an invoice: ${text}`,
		'An earlier node or the OCR provider reported this error. Route failed items away before this node, ' +
			'for example with an If node that checks the error field, or turn off Fail on Unknown Input to pass them through.',
	);
}

/** Every invoice in the payload, mapped but not yet cleaned; throws NormalizeError for anything else. */
export function detectInvoices(payload: JsonObject): RawInvoice[] {
	const failed = errorItem(payload);
	if (failed) throw failed;
	const found = search(payload, 3);
	if (found) {
		if (found.length === 0) {
			throw new NormalizeError(
				'The OCR response lists no invoices (MixedInvoiceItems is empty)',
				'The provider found no invoice in the file. Check that the file is an invoice and is readable.',
			);
		}
		return found;
	}
	throw new NormalizeError(`The input is not an invoice response this node knows (${describeKeys(payload)})`, SHAPES_HELP);
}
