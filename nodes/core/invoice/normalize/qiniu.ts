/**
 * Qiniu VAT invoice OCR: `data.license_main`, or the VAT Invoice OCR node's flattened copy of it.
 * The documented example writes `unit_prict` and `unit` where the field table says `unit_price`
 * and `uint`; both spellings are read.
 */
import { objectArray, pick } from './pick';
import type { JsonObject, RawInvoice, RawLine } from './types';

function mapEntry(entry: JsonObject): RawLine {
	return {
		name: entry.entry_name,
		specification: entry.xinghao,
		unit: pick(entry, 'unit', 'uint'),
		quantity: entry.quantity,
		unitPrice: pick(entry, 'unit_price', 'unit_prict'),
		amount: entry.price_amount,
		taxRate: entry.tax_rate,
		taxAmount: entry.tax_amount,
	};
}

export function mapQiniu(main: JsonObject): RawInvoice {
	return {
		source: 'qiniu-vat',
		hints: { qiniuSubType: main.sub_type },
		invoiceTitle: main.invoice_name,
		invoiceCode: pick(main, 'invoice_code', 'typed_invoice_code'),
		invoiceNumber: pick(main, 'invoice_no', 'typed_invoice_no'),
		issueDate: main.invoice_date,
		checkCode: main.check_code,
		machineNumber: main.machine_num,
		buyerName: main.buyer_name,
		buyerTaxId: main.buyer_taxpayer_no,
		buyerAddressPhone: main.buyer_address_phone,
		buyerBankAccount: main.buyer_account,
		sellerName: main.seller_name,
		sellerTaxId: main.seller_taxpayer_no,
		sellerAddressPhone: main.seller_address_phone,
		sellerBankAccount: main.seller_account,
		amountWithoutTax: main.total_price,
		taxAmount: main.total_tax,
		totalAmount: main.total_price_and_tax,
		totalAmountInWords: main.big_total_price_and_tax,
		remarks: main.beizhu,
		drawer: main.drawer,
		payee: main.payee,
		reviewer: main.reviewer,
		lines: objectArray(main.entry).map(mapEntry),
	};
}
