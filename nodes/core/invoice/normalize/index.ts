/**
 * Normalize Invoice, the pure part: any provider's OCR output → canonical, checked invoices
 * (docs/contract.md: "The canonical invoice"; docs/domain.md §6). No n8n imports.
 *
 *   const { normalizeInvoice, toLineItemRows } = require('n8n-nodes-fapiao');
 *   const invoice = normalizeInvoice(tencentResponse);
 */
import { toCanonical } from './canonical';
import { detectInvoices, locatePayload, NormalizeError } from './detect';
import type { CanonicalInvoice } from './types';

export interface NormalizeOptions {
	/** Dot path of the field that holds the provider output; empty: the root, `Response`, known envelopes. */
	sourceField?: string;
}

/** Every invoice in one provider response (RecognizeGeneralInvoice may hold several). */
export function normalizeInvoices(payload: unknown, options: NormalizeOptions = {}): CanonicalInvoice[] {
	const raws = detectInvoices(locatePayload(payload, options.sourceField));
	const out: CanonicalInvoice[] = new Array(raws.length);
	for (let i = 0; i < raws.length; i++) out[i] = toCanonical(raws[i]);
	return out;
}

/** The one invoice in a provider response; throws NormalizeError when it holds several. */
export function normalizeInvoice(payload: unknown, options: NormalizeOptions = {}): CanonicalInvoice {
	const invoices = normalizeInvoices(payload, options);
	if (invoices.length !== 1) {
		throw new NormalizeError(
			`The response holds ${invoices.length} invoices`,
			'Use normalizeInvoices() to get all of them as an array.',
		);
	}
	return invoices[0];
}

/**
 * Whether an invoice is the first with its dedupKey in `seen` (which it then joins). Invoices
 * without a key are always kept.
 */
export function isFirstSeen(invoice: CanonicalInvoice, seen: Set<string>): boolean {
	const key = invoice.dedupKey;
	if (key === null) return true;
	if (seen.has(key)) return false;
	seen.add(key);
	return true;
}

export { amountToWords, parseAmountInWords, parseAmountInWordsToCents } from './amountInWords';
export { dedupKeyOf, toCanonical } from './canonical';
export {
	CHINESE_INVOICE_COLUMNS,
	CHINESE_LINE_ITEM_KEYS,
	CHINESE_LINE_ROW_COLUMNS,
	toInvoiceRow,
	toLineItemRows,
	type ColumnNames,
	type LineItemsFormat,
	type WarningsFormat,
	type Row,
	type RowOptions,
} from './columns';
export { detectInvoices, KNOWN_SHAPES, locatePayload, NormalizeError } from './detect';
export { classifyInvoiceType, invoiceTypeFromText, parseInvoiceQrCode, type QrFields } from './invoiceType';
export {
	INVOICE_FIELDS,
	LINE_ITEM_FIELDS,
	type CanonicalInvoice,
	type CanonicalLineItem,
	type DeductibleTaxBasis,
	type InvoiceSource,
	type InvoiceType,
	type SpecificBusiness,
	type SpecificBusinessKind,
	type Trip,
	type TripSegment,
} from './types';
export { isValidResidentId, isValidUscc, taxIdProblem, usccCheckChar } from './uscc';
export {
	cleanInvoiceNumber,
	parseAmount,
	parseDate,
	parseTaxRate,
	toHalfWidth,
	type TaxRate,
	type TaxRateKind,
} from './values';
