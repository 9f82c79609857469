/**
 * 可抵扣进项税额 of a passenger ticket, the one place the rule lives (docs/domain.md §7):
 * 财政部 税务总局 海关总署公告2019年第39号, 第六条: for a railway ticket 票面金额 ÷ (1+9%) × 9%; for an air
 * itinerary (票价 + 燃油附加费) ÷ (1+9%) × 9% (民航发展基金 is not included). A ticket that prints its
 * 税额 (the 数电 railway e-ticket, the 数电 air itinerary's 增值税税额) is taken as printed.
 */
import type { DeductibleTaxBasis } from './types';

export type TripKind = 'railway' | 'air';

/** Cents × 9 / 109 rounded half away from zero, so a red-letter (negative) ticket mirrors its blue one. */
function ninePercentContained(cents: number): number {
	const exact = (Math.abs(cents) * 9) / 109;
	const rounded = Math.floor(exact + 0.5);
	return cents < 0 ? -rounded : rounded;
}

/**
 * The deductible tax by the rule, in yuan to the cent; `null` when the fare is unknown. Amounts are
 * taken to the cent first (票面 amounts have no smaller unit).
 */
export function deductibleTaxByRule(kind: TripKind, fare: number | null, fuelSurcharge: number | null): number | null {
	if (fare === null) return null;
	let base = Math.round(fare * 100);
	if (kind === 'air' && fuelSurcharge !== null) base += Math.round(fuelSurcharge * 100);
	const cents = ninePercentContained(base);
	return cents === 0 ? 0 : cents / 100;
}

/** The ticket's deductible tax: the printed 税额 when there is one, else the rule; with its basis. */
export function deductibleTax(
	kind: TripKind,
	printedTax: number | null,
	fare: number | null,
	fuelSurcharge: number | null,
): { deductibleTax: number | null; deductibleTaxBasis: DeductibleTaxBasis | null } {
	if (printedTax !== null) return { deductibleTax: Math.round(printedTax * 100) / 100 + 0, deductibleTaxBasis: 'printed' };
	const byRule = deductibleTaxByRule(kind, fare, fuelSurcharge);
	return byRule === null ? { deductibleTax: null, deductibleTaxBasis: null } : { deductibleTax: byRule, deductibleTaxBasis: 'rule' };
}
