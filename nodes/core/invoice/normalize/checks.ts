/**
 * The checks behind `warnings` (docs/domain.md §5). They report; they never drop or change the invoice.
 * Money is compared in whole fen (cents): totals to ±0.01, a line's tax and price × quantity to ±0.06.
 */
import { parseAmountInWordsToCents } from './amountInWords';
import type { CanonicalInvoice, InvoiceType } from './types';
import { taxIdProblem } from './uscc';
import { formatCents, toCents, type TaxRateKind } from './values';

/** What the cleaning saw that the canonical values no longer show. */
export interface CheckFacts {
	/** 合计税额 printed as `***`, 免税 or 不征税. */
	taxPrintedAsExempt: boolean;
	/** Each line's tax rate kind, in line order. */
	lineRateKinds: TaxRateKind[];
	/** A receipt with no VAT fields (RawInvoice.notVat): the VAT checks do not apply. */
	notVat?: boolean;
}

const TOTAL_TOLERANCE = 1;
const LINE_TOLERANCE = 6;
const DIGITS = /^\d+$/;

const VAT_FAMILY: Record<InvoiceType, boolean> = {
	vat_special: true,
	vat_common: true,
	vat_electronic_special: true,
	vat_electronic_common: true,
	digital_special: true,
	digital_common: true,
	vat_roll: true,
	toll: true,
	railway_ticket: false,
	air_itinerary: false,
	taxi: false,
	quota: false,
	other: false,
};

function isDigital(type: InvoiceType): boolean {
	return type === 'digital_special' || type === 'digital_common';
}

function isSpecial(type: InvoiceType): boolean {
	return type === 'vat_special' || type === 'vat_electronic_special' || type === 'digital_special';
}

function untaxedKind(kind: TaxRateKind): boolean {
	return kind === 'exempt' || kind === 'nonTaxable' || kind === 'masked';
}

const money = formatCents;

export function checkInvoice(inv: CanonicalInvoice, facts: CheckFacts, warnings: string[]): void {
	const type = inv.invoiceType;
	const vat = VAT_FAMILY[type] && facts.notVat !== true;
	const lines = inv.lineItems;
	const allLinesUntaxed = lines.length > 0 && facts.lineRateKinds.every(untaxedKind);
	const untaxed = facts.taxPrintedAsExempt || allLinesUntaxed;

	// Required fields.
	const missing: string[] = [];
	if (inv.invoiceNumber === null) missing.push('invoiceNumber');
	if (inv.issueDate === null) missing.push('issueDate');
	if (vat) {
		if (inv.invoiceCode === null && !isDigital(type)) missing.push('invoiceCode');
		if (inv.buyerName === null) missing.push('buyerName');
		if (inv.buyerTaxId === null && isSpecial(type)) missing.push('buyerTaxId');
		if (inv.sellerName === null) missing.push('sellerName');
		if (inv.sellerTaxId === null) missing.push('sellerTaxId');
		if (inv.amountWithoutTax === null) missing.push('amountWithoutTax');
		if (inv.taxAmount === null && !untaxed) missing.push('taxAmount');
	}
	if (inv.totalAmount === null) missing.push('totalAmount');
	if (missing.length > 0) warnings.push(`required fields missing: ${missing.join(', ')}`);

	// Codes and numbers.
	if (vat) {
		const code = inv.invoiceCode;
		if (code !== null) {
			if (isDigital(type)) warnings.push(`invoiceCode "${code}" is set, but digital (数电) invoices have no code`);
			else if (!DIGITS.test(code) || (code.length !== 10 && code.length !== 12)) {
				warnings.push(`invoiceCode "${code}" should have 10 or 12 digits`);
			}
		}
		const number = inv.invoiceNumber;
		if (number !== null) {
			const expected = isDigital(type) ? '20' : code !== null ? '8' : '8 or 20';
			const ok =
				DIGITS.test(number) &&
				(expected === '20' ? number.length === 20 : expected === '8' ? number.length === 8 : number.length === 8 || number.length === 20);
			if (!ok) warnings.push(`invoiceNumber "${number}" should have ${expected} digits`);
		}
		const checkCode = inv.checkCode;
		if (checkCode !== null && (!DIGITS.test(checkCode) || checkCode.length !== 20)) {
			const blockchain = inv.invoiceTitle !== null && inv.invoiceTitle.includes('区块链');
			if (!blockchain) warnings.push(`checkCode "${checkCode}" should have 20 digits`);
		}
		const machine = inv.machineNumber;
		if (machine !== null && (!DIGITS.test(machine) || machine.length !== 12)) {
			warnings.push(`machineNumber "${machine}" should have 12 digits`);
		}
	}
	if (inv.buyerTaxId !== null) {
		const problem = taxIdProblem(inv.buyerTaxId);
		if (problem) warnings.push(`buyerTaxId "${inv.buyerTaxId}" ${problem}`);
	}
	if (inv.sellerTaxId !== null) {
		const problem = taxIdProblem(inv.sellerTaxId);
		if (problem) warnings.push(`sellerTaxId "${inv.sellerTaxId}" ${problem}`);
	}

	// Sums.
	const amount = inv.amountWithoutTax === null ? null : toCents(inv.amountWithoutTax);
	const tax = inv.taxAmount === null ? null : toCents(inv.taxAmount);
	const total = inv.totalAmount === null ? null : toCents(inv.totalAmount);
	if (lines.length > 0) {
		let amountSum = 0;
		let amountComplete = true;
		let taxSum = 0;
		let taxComplete = true;
		for (let i = 0; i < lines.length; i++) {
			const line = lines[i];
			if (line.amount === null) amountComplete = false;
			else amountSum += toCents(line.amount);
			if (line.taxAmount !== null) taxSum += toCents(line.taxAmount);
			else if (!untaxedKind(facts.lineRateKinds[i])) taxComplete = false;
		}
		if (amountComplete && amount !== null && Math.abs(amountSum - amount) > TOTAL_TOLERANCE) {
			warnings.push(`line amounts add up to ${money(amountSum)} but amountWithoutTax is ${money(amount)}`);
		}
		if (taxComplete && tax !== null && Math.abs(taxSum - tax) > TOTAL_TOLERANCE) {
			warnings.push(`line tax amounts add up to ${money(taxSum)} but taxAmount is ${money(tax)}`);
		}
	}
	if (amount !== null && total !== null) {
		const taxOrZero = tax ?? (untaxed ? 0 : null);
		if (taxOrZero !== null && Math.abs(amount + taxOrZero - total) > TOTAL_TOLERANCE) {
			warnings.push(
				`amountWithoutTax + taxAmount = ${money(amount + taxOrZero)} but totalAmount is ${money(total)}`,
			);
		}
	}

	// Each line: tax = amount × rate (not for 差额征税, where tax is levied on part of the amount) and
	// quantity × unit price = amount.
	const marginTax = inv.remarks !== null && inv.remarks.includes('差额');
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		if (line.amount === null) continue;
		const lineAmount = toCents(line.amount);
		if (!marginTax && line.taxRate !== null && line.taxAmount !== null) {
			const expected = Math.round(lineAmount * line.taxRate);
			const actual = toCents(line.taxAmount);
			if (Math.abs(expected - actual) > LINE_TOLERANCE) {
				warnings.push(
					`line ${i + 1}: taxAmount ${money(actual)} is not amount × ${line.taxRateText ?? line.taxRate} (${money(expected)})`,
				);
			}
		}
		if (line.quantity !== null && line.unitPrice !== null) {
			const product = Math.round(line.quantity * line.unitPrice * 100);
			if (Math.abs(product - lineAmount) > LINE_TOLERANCE) {
				warnings.push(`line ${i + 1}: quantity × unitPrice = ${money(product)} but amount is ${money(lineAmount)}`);
			}
		}
	}

	checkTrip(inv, total, warnings);

	// Red-letter invoices print negative amounts.
	if (inv.isRedLetter && total !== null && total > 0) {
		warnings.push(`the invoice is red-letter (红字) but totalAmount is positive (${money(total)})`);
	}

	// 大写 against 小写. OCR often drops a red-letter mark, so only an explicit mark on a positive total counts.
	if (inv.totalAmountInWords !== null) {
		const words = parseAmountInWordsToCents(inv.totalAmountInWords);
		if (words === null) {
			warnings.push(`totalAmountInWords "${inv.totalAmountInWords}" is not an amount in words`);
		} else if (total !== null && (Math.abs(words) !== Math.abs(total) || (words < 0 && total > 0))) {
			warnings.push(`totalAmountInWords says ${money(words)} but totalAmount is ${money(total)}`);
		}
	}
}

/**
 * A ticket's own amounts against its total: railway 票价 = 价税合计; air 票价 + 燃油附加费 + 民航发展基金
 * + 其他税费 = 合计 (保险费 is printed apart on paper itineraries: counted only when that makes the sum
 * agree). A printed deductible tax larger than the total cannot be right.
 */
function checkTrip(inv: CanonicalInvoice, total: number | null, warnings: string[]): void {
	const trip = inv.trip;
	if (trip === null || total === null || trip.fare === null) return;
	const fare = toCents(trip.fare);
	if (inv.invoiceType === 'air_itinerary') {
		let sum = fare;
		for (const part of [trip.fuelSurcharge, trip.civilAviationFund, trip.otherTaxes]) if (part !== null) sum += toCents(part);
		const withInsurance = trip.insurance === null ? sum : sum + toCents(trip.insurance);
		if (Math.abs(sum - total) > TOTAL_TOLERANCE && Math.abs(withInsurance - total) > TOTAL_TOLERANCE) {
			warnings.push(`trip fare + fuelSurcharge + civilAviationFund + otherTaxes = ${money(sum)} but totalAmount is ${money(total)}`);
		}
	} else if (inv.invoiceType === 'railway_ticket' && Math.abs(fare - total) > TOTAL_TOLERANCE) {
		warnings.push(`trip fare is ${money(fare)} but totalAmount is ${money(total)}`);
	}
	if (trip.deductibleTax !== null && Math.abs(toCents(trip.deductibleTax)) > Math.abs(total)) {
		warnings.push(`trip deductibleTax ${money(toCents(trip.deductibleTax))} is more than totalAmount ${money(total)}`);
	}
}
