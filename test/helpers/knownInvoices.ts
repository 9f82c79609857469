/**
 * The emulator's known invoices (test/emulator/verify.js) as Normalize Invoice outputs them: the input
 * Verify Invoice reads by default, for the node tests and the end-to-end test alike.
 */
import { BUYER, KNOWN_INVOICES, SELLER } from '../emulator/verify';

export type KnownInvoice = (typeof KNOWN_INVOICES)[number];

export function knownInvoice(label: string): KnownInvoice {
	const inv = KNOWN_INVOICES.find((k) => k.label === label);
	if (!inv) throw new Error(`no known invoice ${label}`);
	return inv;
}

/** A known invoice as a canonical invoice (our reading of it), with `changes` on top. */
export function canonicalOf(label: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
	const inv = knownInvoice(label);
	const digital = inv.number.length === 20;
	const types: Record<string, string> = {
		'01': 'vat_special',
		'04': 'vat_common',
		'08': digital ? 'digital_special' : 'vat_electronic_special',
		'10': digital ? 'digital_common' : 'vat_electronic_common',
		'11': 'vat_roll',
		'14': 'toll',
	};
	return {
		source: 'tencent-vat',
		invoiceType: inv.ticket === 'railway' ? 'railway_ticket' : inv.ticket === 'air' ? 'air_itinerary' : (types[inv.kind] ?? 'other'),
		invoiceTitle: null,
		invoiceCode: inv.code ?? null,
		invoiceNumber: inv.number,
		issueDate: inv.date,
		checkCode: inv.checkCode || null,
		buyerName: BUYER.name,
		sellerName: SELLER.name,
		sellerTaxId: SELLER.taxId,
		amountWithoutTax: Number(inv.without),
		taxAmount: Number(inv.tax),
		totalAmount: Number(inv.total),
		...changes,
	};
}
