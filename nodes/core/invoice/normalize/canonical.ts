/** From what a mapper picked (RawInvoice) to the clean, checked canonical invoice. */
import { checkInvoice } from './checks';
import { classifyInvoiceType } from './invoiceType';
import { isRedLetterMark, originalInvoiceFromRemarks } from './redLetter';
import { cleanSpecificBusiness } from './specificBusiness';
import { cleanTrip } from './trip';
import type { CanonicalInvoice, CanonicalLineItem, RawInvoice } from './types';
import {
	cleanCode,
	cleanInvoiceNumber,
	cleanTaxId,
	cleanText,
	parseAmount,
	parseDate,
	parseTaxRate,
	toHalfWidth,
	type TaxRateKind,
} from './values';

const UNTAXED_TEXT = /^\*+$|免税|不征/;

function amount(value: unknown, label: string, warnings: string[]): number | null {
	const n = parseAmount(value);
	if (n === null) return null;
	if (Number.isNaN(n)) {
		warnings.push(`${label} "${String(value)}" is not a number`);
		return null;
	}
	return n + 0; // no -0 in the output
}

/** The dedup key: `code-number`, the number alone, or (no number) seller + date + total. */
export function dedupKeyOf(inv: Pick<CanonicalInvoice, 'invoiceCode' | 'invoiceNumber' | 'sellerTaxId' | 'sellerName' | 'issueDate' | 'totalAmount'>): string | null {
	if (inv.invoiceNumber !== null) {
		return inv.invoiceCode === null ? inv.invoiceNumber : `${inv.invoiceCode}-${inv.invoiceNumber}`;
	}
	const seller = inv.sellerTaxId ?? inv.sellerName;
	if (seller === null || inv.issueDate === null || inv.totalAmount === null) return null;
	return `${seller}-${inv.issueDate}-${inv.totalAmount}`;
}

export function toCanonical(raw: RawInvoice): CanonicalInvoice {
	const warnings: string[] = raw.notes ? raw.notes.slice() : [];

	let invoiceCode = cleanCode(raw.invoiceCode);
	let invoiceNumber = cleanInvoiceNumber(raw.invoiceNumber);
	if (invoiceNumber === null && invoiceCode !== null && invoiceCode.length === 20) {
		// VatInvoiceOCR reads a 数电 number into 发票代码 and leaves 发票号码 empty.
		invoiceNumber = invoiceCode;
		invoiceCode = null;
	}
	const invoiceTitle = cleanText(raw.invoiceTitle);

	let issueDate = parseDate(raw.issueDate);
	if (issueDate === undefined) {
		warnings.push(`issueDate "${String(raw.issueDate)}" is not a date`);
		issueDate = null;
	}

	const lineItems: CanonicalLineItem[] = [];
	const lineRateKinds: TaxRateKind[] = [];
	for (let i = 0; i < raw.lines.length; i++) {
		const line = raw.lines[i];
		const label = `line ${lineItems.length + 1}`;
		const rate = parseTaxRate(line.taxRate);
		const item: CanonicalLineItem = {
			name: cleanText(line.name),
			specification: cleanText(line.specification),
			unit: cleanText(line.unit),
			quantity: amount(line.quantity, `${label} quantity`, warnings),
			unitPrice: amount(line.unitPrice, `${label} unitPrice`, warnings),
			amount: amount(line.amount, `${label} amount`, warnings),
			taxRate: rate.rate,
			taxRateText: rate.text,
			taxAmount: amount(line.taxAmount, `${label} taxAmount`, warnings),
		};
		if (
			item.name === null &&
			item.amount === null &&
			item.taxAmount === null &&
			item.quantity === null &&
			item.unitPrice === null &&
			item.specification === null &&
			item.unit === null &&
			rate.text === null
		) {
			continue; // an empty row of the table
		}
		if (rate.kind === 'unknown') warnings.push(`${label} taxRate "${rate.text}" is not a tax rate`);
		lineItems.push(item);
		lineRateKinds.push(rate.kind);
	}

	const taxText = cleanText(raw.taxAmount);
	const taxPrintedAsExempt = taxText !== null && UNTAXED_TEXT.test(toHalfWidth(taxText));
	const inv: CanonicalInvoice = {
		source: raw.source,
		invoiceType: 'other',
		invoiceTitle,
		invoiceCode,
		invoiceNumber,
		issueDate,
		checkCode: cleanCode(raw.checkCode),
		machineNumber: cleanCode(raw.machineNumber),
		buyerName: cleanText(raw.buyerName),
		buyerTaxId: cleanTaxId(raw.buyerTaxId),
		buyerAddressPhone: cleanText(raw.buyerAddressPhone),
		buyerBankAccount: cleanText(raw.buyerBankAccount),
		sellerName: cleanText(raw.sellerName),
		sellerTaxId: cleanTaxId(raw.sellerTaxId),
		sellerAddressPhone: cleanText(raw.sellerAddressPhone),
		sellerBankAccount: cleanText(raw.sellerBankAccount),
		amountWithoutTax: amount(raw.amountWithoutTax, 'amountWithoutTax', warnings),
		taxAmount: taxPrintedAsExempt ? null : amount(raw.taxAmount, 'taxAmount', warnings),
		totalAmount: amount(raw.totalAmount, 'totalAmount', warnings),
		totalAmountInWords: cleanText(raw.totalAmountInWords),
		remarks: cleanText(raw.remarks),
		drawer: cleanText(raw.drawer),
		payee: cleanText(raw.payee),
		reviewer: cleanText(raw.reviewer),
		isRedLetter: false,
		originalInvoiceNumber: cleanInvoiceNumber(raw.originalInvoiceNumber),
		originalInvoiceCode: cleanCode(raw.originalInvoiceCode),
		trip: null,
		specificBusiness: cleanSpecificBusiness(raw.specificBusiness),
		lineItems,
		dedupKey: null,
		warnings,
	};
	inv.invoiceType = classifyInvoiceType(raw.hints, invoiceTitle, invoiceCode, invoiceNumber);
	if (raw.trip !== undefined || inv.invoiceType === 'railway_ticket' || inv.invoiceType === 'air_itinerary') {
		inv.trip = cleanTrip(raw.trip ?? {}, inv.invoiceType, warnings);
	}
	const original = inv.originalInvoiceNumber === null ? originalInvoiceFromRemarks(inv.remarks) : null;
	if (original) {
		inv.originalInvoiceNumber = original.number;
		inv.originalInvoiceCode = inv.originalInvoiceCode ?? original.code;
	}
	// Red-letter: the source says so, or the total is negative (a red-letter invoice prints negative amounts).
	inv.isRedLetter =
		isRedLetterMark(raw.isRedLetter) || (inv.totalAmount !== null && inv.totalAmount < 0) || original !== null;
	inv.dedupKey = dedupKeyOf(inv);
	checkInvoice(inv, { taxPrintedAsExempt, lineRateKinds, notVat: raw.notVat }, warnings);
	return inv;
}
