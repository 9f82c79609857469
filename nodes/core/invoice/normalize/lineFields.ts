/**
 * Where each provider's answer keeps a line item's fields: one row per source shape, read by the
 * mappers with lineMapper(), so a new source is one more row rather than one more mapping function.
 */
import type { JsonObject, RawLine } from './types';

type LineKey = keyof RawLine;

const KEYS: readonly LineKey[] = ['name', 'specification', 'unit', 'quantity', 'unitPrice', 'amount', 'taxRate', 'taxAmount'];

/** Field names in the order of KEYS: name, specification, unit, quantity, unit price, amount, tax rate, tax amount. */
export const LINE_FIELDS = {
	tencentVat: ['Name', 'Spec', 'Unit', 'Quantity', 'UnitPrice', 'AmountWithoutTax', 'TaxRate', 'TaxAmount'],
	tencentGeneral: ['Name', 'Specification', 'Unit', 'Quantity', 'Price', 'Total', 'TaxRate', 'Tax'],
	verifyOfd: ['Item', 'Specification', 'MeasurementDimension', 'Quantity', 'Price', 'Amount', 'TaxScheme', 'TaxAmount'],
} as const satisfies Record<string, readonly string[]>;

/** A function that reads one line item of the given source shape. */
export function lineMapper(source: keyof typeof LINE_FIELDS): (line: JsonObject) => RawLine {
	const names = LINE_FIELDS[source];
	return (line) => {
		const out: RawLine = {};
		KEYS.forEach((key, i) => {
			out[key] = line[names[i]];
		});
		return out;
	};
}
