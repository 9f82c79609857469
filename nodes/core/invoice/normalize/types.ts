/** The canonical invoice of docs/contract.md ("The canonical invoice"). Every field is always present. */

export type InvoiceType =
	| 'vat_special'
	| 'vat_common'
	| 'vat_electronic_special'
	| 'vat_electronic_common'
	| 'digital_special'
	| 'digital_common'
	| 'vat_roll'
	| 'toll'
	| 'railway_ticket'
	| 'air_itinerary'
	| 'taxi'
	| 'quota'
	| 'other';

/**
 * Where an invoice came from. A reseller's `{code, msg, data}` envelope does not change the source:
 * it is named after the provider response inside the envelope (icuapi's wrapped VatInvoiceOCR is `tencent-vat`).
 * `tencent-mixed` is Tencent's older MixedInvoiceOCR, read as a bonus.
 */
export type InvoiceSource =
	| 'tencent-vat'
	| 'tencent-general'
	| 'tencent-ofd'
	| 'qiniu-vat'
	| 'ofd-local'
	| 'xml-local'
	| 'pdf-local'
	| 'tencent-mixed'
	| 'tencent-verify';

export interface CanonicalLineItem {
	name: string | null;
	specification: string | null;
	unit: string | null;
	quantity: number | null;
	unitPrice: number | null;
	amount: number | null;
	/** A decimal (0.13), or null for 免税, 不征税, `***` or a missing rate. */
	taxRate: number | null;
	/** The rate as printed (`13%`, `免税`, `不征税`, `***`). */
	taxRateText: string | null;
	taxAmount: number | null;
}

/** One flight of an air itinerary (自 … 至 …), values as printed. */
export interface TripSegment {
	from: string | null;
	to: string | null;
	carrier: string | null;
	flightNumber: string | null;
	seatClass: string | null;
	/** YYYY-MM-DD */
	date: string | null;
	/** HH:MM */
	time: string | null;
	fareBasis: string | null;
}

/** Where `deductibleTax` came from: the ticket's printed 税额, or the rule of 2019 公告第39号 (tripTax.ts). */
export type DeductibleTaxBasis = 'printed' | 'rule';

/** The journey of a railway e-ticket or an air itinerary (docs/contract.md "trip"). */
export interface Trip {
	passenger: string | null;
	idNumber: string | null;
	travelDate: string | null;
	departureTime: string | null;
	trainNumber: string | null;
	flightNumber: string | null;
	from: string | null;
	to: string | null;
	seatClass: string | null;
	seat: string | null;
	fare: number | null;
	fuelSurcharge: number | null;
	civilAviationFund: number | null;
	otherTaxes: number | null;
	insurance: number | null;
	ticketNumber: string | null;
	deductibleTax: number | null;
	deductibleTaxBasis: DeductibleTaxBasis | null;
	segments: TripSegment[];
}

export const TRIP_FIELDS = [
	'passenger',
	'idNumber',
	'travelDate',
	'departureTime',
	'trainNumber',
	'flightNumber',
	'from',
	'to',
	'seatClass',
	'seat',
	'fare',
	'fuelSurcharge',
	'civilAviationFund',
	'otherTaxes',
	'insurance',
	'ticketNumber',
	'deductibleTax',
	'deductibleTaxBasis',
] as const satisfies ReadonlyArray<keyof Trip>;

export type SpecificBusinessKind =
	| 'passenger_transport'
	| 'freight_transport'
	| 'construction'
	| 'real_estate_lease'
	| 'real_estate_sale'
	| 'other';

/** A 数电 invoice's 特定业务 block: its kind, single printed values and table rows (label → value). */
export interface SpecificBusiness {
	kind: SpecificBusinessKind;
	kindText: string | null;
	fields: Record<string, string>;
	rows: Array<Record<string, string>>;
}

export interface CanonicalInvoice {
	source: InvoiceSource;
	invoiceType: InvoiceType;
	invoiceTitle: string | null;
	invoiceCode: string | null;
	invoiceNumber: string | null;
	issueDate: string | null;
	checkCode: string | null;
	machineNumber: string | null;
	buyerName: string | null;
	buyerTaxId: string | null;
	buyerAddressPhone: string | null;
	buyerBankAccount: string | null;
	sellerName: string | null;
	sellerTaxId: string | null;
	sellerAddressPhone: string | null;
	sellerBankAccount: string | null;
	amountWithoutTax: number | null;
	taxAmount: number | null;
	totalAmount: number | null;
	totalAmountInWords: string | null;
	remarks: string | null;
	drawer: string | null;
	payee: string | null;
	reviewer: string | null;
	/** 红字发票 (amounts negative). */
	isRedLetter: boolean;
	/** The blue invoice a red-letter invoice cancels (被红冲蓝字数电发票号码 / 对应正数发票号码). */
	originalInvoiceNumber: string | null;
	/** Its 发票代码 (old-style invoices only). */
	originalInvoiceCode: string | null;
	trip: Trip | null;
	specificBusiness: SpecificBusiness | null;
	lineItems: CanonicalLineItem[];
	dedupKey: string | null;
	warnings: string[];
}

/** The invoice fields in contract order (without `lineItems`), as spreadsheet columns. */
export const INVOICE_FIELDS = [
	'source',
	'invoiceType',
	'invoiceTitle',
	'invoiceCode',
	'invoiceNumber',
	'issueDate',
	'checkCode',
	'machineNumber',
	'buyerName',
	'buyerTaxId',
	'buyerAddressPhone',
	'buyerBankAccount',
	'sellerName',
	'sellerTaxId',
	'sellerAddressPhone',
	'sellerBankAccount',
	'amountWithoutTax',
	'taxAmount',
	'totalAmount',
	'totalAmountInWords',
	'remarks',
	'drawer',
	'payee',
	'reviewer',
	'isRedLetter',
	'originalInvoiceNumber',
	'originalInvoiceCode',
] as const;

export const LINE_ITEM_FIELDS = [
	'name',
	'specification',
	'unit',
	'quantity',
	'unitPrice',
	'amount',
	'taxRate',
	'taxRateText',
	'taxAmount',
] as const;

/** Provider values before cleaning: whatever the mapper picked, strings as returned. */
export interface RawLine {
	name?: unknown;
	specification?: unknown;
	unit?: unknown;
	quantity?: unknown;
	unitPrice?: unknown;
	amount?: unknown;
	taxRate?: unknown;
	taxAmount?: unknown;
}

/** Hints a mapper found for the invoice type; the first that decides wins, in this order. */
export interface TypeHints {
	/** Tencent RecognizeGeneralInvoice SubType (VatSpecialInvoice, VatElectronicInvoiceFull, …). */
	tencentSubType?: unknown;
	/** Tencent VerifyOfdVatInvoiceOCR Type (026, 028, 010, 020, 030, 040). */
	ofdType?: unknown;
	/** Qiniu sub_type (ele_vat, special_vat, quandian_vat, …). */
	qiniuSubType?: unknown;
	/** The invoice QR code text (`01,10,<code>,<number>,…`). */
	qrCode?: unknown;
	/** Tencent VatInvoiceVerifyNew `Invoice.Type` (01, 04, 08, 09, 0910, …) with its `ElectronicType`. */
	verifyType?: { type: unknown; electronicType: unknown };
	/** A type written out in words (Tencent's 发票类型 field). */
	typeText?: unknown;
	/**
	 * The printed layout a local reader recognized (core/read/layout LayoutKind): a toll invoice is known by its
	 * 车牌号/通行日期 table while its title reads like any 增值税电子普通发票.
	 */
	layout?: unknown;
}

/** A mapper's trip values before cleaning (TripSegment / Trip field names). */
export interface RawTrip {
	passenger?: unknown;
	idNumber?: unknown;
	travelDate?: unknown;
	departureTime?: unknown;
	trainNumber?: unknown;
	flightNumber?: unknown;
	from?: unknown;
	to?: unknown;
	seatClass?: unknown;
	seat?: unknown;
	fare?: unknown;
	fuelSurcharge?: unknown;
	civilAviationFund?: unknown;
	otherTaxes?: unknown;
	insurance?: unknown;
	ticketNumber?: unknown;
	/** The 税额 / 增值税税额 the ticket prints (`printed`); absent: computed by rule. */
	printedTax?: unknown;
	segments?: Array<Partial<Record<keyof TripSegment, unknown>>>;
}

/** A mapper's 特定业务 block before cleaning. */
export interface RawSpecificBusiness {
	/** The kind when the source prints no kind text but its cells tell (VatInvoiceOCR items). */
	kind?: SpecificBusinessKind;
	kindText?: unknown;
	fields?: Record<string, unknown>;
	rows?: Array<Record<string, unknown>>;
}

export interface RawInvoice {
	source: InvoiceSource;
	hints: TypeHints;
	invoiceTitle?: unknown;
	invoiceCode?: unknown;
	invoiceNumber?: unknown;
	issueDate?: unknown;
	checkCode?: unknown;
	machineNumber?: unknown;
	buyerName?: unknown;
	buyerTaxId?: unknown;
	buyerAddressPhone?: unknown;
	buyerBankAccount?: unknown;
	sellerName?: unknown;
	sellerTaxId?: unknown;
	sellerAddressPhone?: unknown;
	sellerBankAccount?: unknown;
	amountWithoutTax?: unknown;
	taxAmount?: unknown;
	totalAmount?: unknown;
	totalAmountInWords?: unknown;
	remarks?: unknown;
	drawer?: unknown;
	payee?: unknown;
	reviewer?: unknown;
	/** A red-letter mark the source gives (RedLetterInvoiceMark, 红字 title, 退 business type). */
	isRedLetter?: unknown;
	originalInvoiceNumber?: unknown;
	originalInvoiceCode?: unknown;
	trip?: RawTrip;
	specificBusiness?: RawSpecificBusiness;
	/** A paper receipt whose type is VAT-family (a 过路过桥费 receipt is `toll`) but which has no VAT fields to check. */
	notVat?: boolean;
	lines: RawLine[];
	/** A note the mapper wants in `warnings` (e.g. the provider could not read this invoice). */
	notes?: string[];
}

/** A plain JSON object as it arrives in an n8n item. */
export type JsonObject = Record<string, unknown>;
