/** Deciding the canonical `invoiceType` from provider type codes, the QR code and the printed title. */
import type { InvoiceType, TypeHints } from './types';
import { cleanText, toHalfWidth } from './values';

const TENCENT_SUBTYPES: Record<string, InvoiceType> = {
	VatSpecialInvoice: 'vat_special',
	VatCommonInvoice: 'vat_common',
	VatElectronicCommonInvoice: 'vat_electronic_common',
	VatElectronicSpecialInvoice: 'vat_electronic_special',
	VatElectronicInvoiceBlockchain: 'vat_electronic_common',
	VatElectronicInvoiceToll: 'toll',
	VatInvoiceRoll: 'vat_roll',
	VatElectronicInvoiceFull: 'digital_common',
	VatElectronicSpecialInvoiceFull: 'digital_special',
	ElectronicTrainTicketFull: 'railway_ticket',
	ElectronicFlightTicketFull: 'air_itinerary',
	TrainTicket: 'railway_ticket',
	AirTransport: 'air_itinerary',
	TollInvoice: 'toll',
	TaxiTicket: 'taxi',
	QuotaInvoice: 'quota',
};

/** VerifyOfdVatInvoiceOCR `Type`. */
const OFD_TYPES: Record<string, InvoiceType> = {
	'026': 'vat_electronic_common',
	'028': 'vat_electronic_special',
	'010': 'digital_common',
	'020': 'digital_special',
	'030': 'railway_ticket',
	'040': 'air_itinerary',
};

/** Layouts the position-based reader knows by more than their title (core/read/layout LayoutKind). */
const LAYOUT_TYPES: Record<string, InvoiceType> = { toll: 'toll', railway: 'railway_ticket', air: 'air_itinerary' };

const QINIU_SUBTYPES: Record<string, InvoiceType> = {
	ele_vat: 'vat_electronic_common',
	ele_special_vat: 'vat_electronic_special',
	print_vat: 'vat_common',
	special_vat: 'vat_special',
	quandian_special_vat: 'digital_special',
	quandian_vat: 'digital_common',
};

/** The QR code's 发票种类代码 (docs/domain.md §4); 31/32 with a 发票代码 are paper 数电 invoices. */
const QR_TYPES: Record<string, InvoiceType> = {
	'01': 'vat_special',
	'04': 'vat_common',
	'10': 'vat_electronic_common',
	'11': 'vat_roll',
	'14': 'toll',
	'20': 'vat_electronic_special',
	'31': 'digital_special',
	'32': 'digital_common',
	'51': 'railway_ticket',
	'61': 'air_itinerary',
};

/**
 * VatInvoiceVerifyNew `Invoice.Type` (https://cloud.tencent.com/document/api/866/73674, output VatInvoice);
 * 08 and 10 include 数电 invoices, told apart by their 20-digit number; 09 by `ElectronicType`.
 */
const VERIFY_TYPES: Record<string, InvoiceType> = {
	'01': 'vat_special',
	'04': 'vat_common',
	'08': 'vat_electronic_special',
	'10': 'vat_electronic_common',
	'11': 'vat_roll',
	'14': 'toll',
	'32': 'vat_electronic_common',
	'0901': 'vat_special',
	'0904': 'vat_common',
	'0910': 'digital_common',
	'0920': 'digital_special',
	'61': 'air_itinerary',
	'83': 'railway_ticket',
};

const VERIFY_ELECTRONIC_TYPES: Record<string, InvoiceType> = {
	'01': 'digital_special',
	'02': 'digital_common',
	'03': 'railway_ticket',
	'04': 'air_itinerary',
};

function fromVerifyType(hint: { type: unknown; electronicType: unknown }, invoiceNumber: string | null): InvoiceType | undefined {
	const type = String(hint.type ?? '').trim();
	if (type === '09') return VERIFY_ELECTRONIC_TYPES[String(hint.electronicType ?? '').trim()] ?? 'digital_common';
	const digital = invoiceNumber !== null && invoiceNumber.length === 20;
	if (type === '08' && digital) return 'digital_special';
	if (type === '10' && digital) return 'digital_common';
	return VERIFY_TYPES[type];
}

export interface QrFields {
	typeCode: string;
	invoiceCode: string;
	invoiceNumber: string;
	amount: string;
	date: string;
	checkCode: string;
}

/** The fields of an invoice QR code (`01,10,<code>,<number>,<amount>,<YYYYMMDD>,<check code>,<crc>`). */
export function parseInvoiceQrCode(value: unknown): QrFields | null {
	const text = cleanText(value);
	if (text === null) return null;
	const parts = text.split(',');
	if (parts.length < 7 || parts[0] !== '01') return null;
	return {
		typeCode: parts[1],
		invoiceCode: parts[2],
		invoiceNumber: parts[3],
		amount: parts[4],
		date: parts[5],
		checkCode: parts[6],
	};
}

function fromQr(qr: QrFields): InvoiceType | undefined {
	const type = QR_TYPES[qr.typeCode];
	if (type === 'digital_special' && qr.invoiceCode !== '') return 'vat_special';
	if (type === 'digital_common' && qr.invoiceCode !== '') return 'vat_common';
	return type;
}

/** The type a printed title or type name says (天津增值税电子普通发票, 电子发票（普通发票）, …). */
export function invoiceTypeFromText(value: unknown): InvoiceType | undefined {
	const raw = cleanText(value);
	if (raw === null) return undefined;
	const text = toHalfWidth(raw);
	if (text.includes('铁路') || text.includes('火车')) return 'railway_ticket';
	if (text.includes('航空') || text.includes('行程单')) return 'air_itinerary';
	if (text.includes('通行费') || text.includes('过路') || text.includes('过桥')) return 'toll';
	if (text.includes('出租')) return 'taxi';
	if (text.includes('定额')) return 'quota';
	if (text.startsWith('电子发票(') || text.includes('全电') || text.includes('数电')) {
		return text.includes('专用') || text.includes('专票') ? 'digital_special' : 'digital_common';
	}
	if (text.includes('卷')) return 'vat_roll';
	const special = text.includes('专用发票') || text.includes('专票');
	const common = text.includes('普通发票') || text.includes('普票');
	if (text.includes('电子')) {
		if (special) return 'vat_electronic_special';
		if (common) return 'vat_electronic_common';
	}
	if (special) return 'vat_special';
	if (common) return 'vat_common';
	return undefined;
}

/**
 * The canonical type. Provider type codes decide first (they are the provider's classification,
 * not OCR of the title), then the QR code, then the type written out, then the title; a 20-digit
 * number without a code is 数电. Otherwise `other`.
 */
export function classifyInvoiceType(
	hints: TypeHints,
	title: string | null,
	invoiceCode: string | null,
	invoiceNumber: string | null,
): InvoiceType {
	if (typeof hints.tencentSubType === 'string') {
		const type = TENCENT_SUBTYPES[hints.tencentSubType];
		if (type) return type;
	}
	if (typeof hints.layout === 'string') {
		const type = LAYOUT_TYPES[hints.layout];
		if (type) return type;
	}
	if (hints.ofdType !== undefined && hints.ofdType !== null) {
		const type = OFD_TYPES[String(hints.ofdType).trim()];
		if (type) return type;
	}
	if (hints.verifyType !== undefined) {
		const type = fromVerifyType(hints.verifyType, invoiceNumber);
		if (type) return type;
	}
	if (typeof hints.qiniuSubType === 'string') {
		const type = QINIU_SUBTYPES[hints.qiniuSubType];
		if (type) return type;
	}
	if (hints.qrCode !== undefined) {
		const qr = parseInvoiceQrCode(hints.qrCode);
		const type = qr ? fromQr(qr) : undefined;
		if (type) return type;
	}
	const byText = invoiceTypeFromText(hints.typeText) ?? invoiceTypeFromText(title);
	if (byText) return byText;
	if (invoiceCode === null && invoiceNumber !== null && invoiceNumber.length === 20) return 'digital_common';
	return 'other';
}
