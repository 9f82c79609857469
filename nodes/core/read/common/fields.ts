/**
 * The result shape: exactly the fields (names, nesting, string types) of Tencent Cloud's VerifyOfdVatInvoiceOCR
 * response (without RequestId), so one Normalize mapper serves both, plus a few OFD-only fields whose names
 * Tencent does not use (listed in OFD_EXTRA_FIELDS).
 */

export interface VatInvoiceUserInfo {
	Name: string;
	TaxId: string;
	AddrTel: string;
	FinancialAccount: string;
}

export interface VatInvoiceGoodsInfo {
	Item: string;
	Specification: string;
	MeasurementDimension: string;
	Price: string;
	Quantity: string;
	Amount: string;
	TaxScheme: string;
	TaxAmount: string;
}

export interface DetailInformationOfAirTicketTupleList {
	DepartureStation: string;
	DestinationStation: string;
	FlightSegment: string;
	Carrier: string;
	Flight: string;
	SeatClass: string;
	CarrierDate: string;
	DepartureTime: string;
	FareBasis: string;
	EffectiveDate: string;
	ExpirationDate: string;
	FreeBaggageAllowance: string;
}

export interface AirTicketInfo {
	PassengerName: string;
	ValidIdNumber: string;
	Endorsement: string;
	NumberOfGPOrder: string;
	ElectronicInvoiceAirTransportReceiptNumber: string;
	DetailInformationOfAirTicketTuple: DetailInformationOfAirTicketTupleList[];
	Fare: string;
	FuelSurcharge: string;
	VatRate: string;
	VatTaxAmount: string;
	CivilAviationDevelopmentFund: string;
	OtherTaxes: string;
	TotalAmount: string;
	ElectronicTicketNum: string;
	VerificationCode: string;
	PromptInformation: string;
	Insurance: string;
	AgentCode: string;
	IssueParty: string;
	IssueDate: string;
	IssuingStatus: string;
	MarkingOfDomesticOrInternational: string;
	NameOfPurchaser: string;
	NameOfSeller: string;
	UnifiedSocialCreditCodeOfPurchaser: string;
}

export interface RailwayTicketInfo {
	TypeOfVoucher: string;
	ElectronicTicketNum: string;
	DateOfIssue: string;
	TypeOfBusiness: string;
	DepartureStation: string;
	PhonicsOfDepartureStation: string;
	DestinationStation: string;
	PhonicsOfDestinationStation: string;
	TrainNumber: string;
	TravelDate: string;
	DepartureTime: string;
	AirConditioningCharacteristics: string;
	SeatLevel: string;
	Carriage: string;
	Seat: string;
	Fare: string;
	ElectronicInvoiceRailwayETicketNumber: string;
	IdNumber: string;
	Name: string;
	TotalAmountExcludingTax: string;
	TaxRate: string;
	TaxAmount: string;
	NameOfPurchaser: string;
	UnifiedSocialCreditCodeOfPurchaser: string;
	NumberOfOriginalInvoice: string;
}

/** Tencent VerifyOfdVatInvoiceOCR response fields (RequestId excluded). Values as printed; '' when absent. */
export interface VerifyOfdVatInvoiceOcrFields {
	/** 026 / 028 / 010 / 020 / 030 / 040 (see invoiceTypeCode); '' when unknown. */
	Type: string;
	InvoiceCode: string;
	InvoiceNumber: string;
	IssueDate: string;
	InvoiceCheckCode: string;
	MachineNumber: string;
	TaxControlCode: string;
	Buyer: VatInvoiceUserInfo;
	Seller: VatInvoiceUserInfo;
	TaxInclusiveTotalAmount: string;
	InvoiceClerk: string;
	Payee: string;
	Checker: string;
	TaxTotalAmount: string;
	TaxExclusiveTotalAmount: string;
	Note: string;
	GoodsInfos: VatInvoiceGoodsInfo[];
	AirTicketInfo: AirTicketInfo;
	RailwayTicketInfo: RailwayTicketInfo;
	/** Documented in Tencent's SDK model (发票标题); absent from Tencent's example response. */
	InvoiceTitle: string;
}

/**
 * The 特定业务 block of a 数电 invoice (旅客运输, 货物运输, 建筑服务, 不动产经营租赁, 不动产销售 …), as printed:
 * `KindText` the business named on the invoice (the tag above the title, e.g. 旅客运输服务), `Fields` the block's
 * single values (label → value), `Rows` its table rows (header label → value), [] when it has none.
 * Not a Tencent field: the local readers' own (see docs/contract.md).
 */
export interface SpecificBusinessInfo {
	KindText: string;
	Fields: Record<string, string>;
	Rows: Array<Record<string, string>>;
}

/** What the local readers add to Tencent's fields for issue #21 (red-letter invoices, 特定业务). */
export interface LocalInvoiceAdditions {
	/** A red-letter (红字) invoice: negative amounts, cancelling the blue invoice named below. */
	IsRedLetter: boolean;
	/** The blue invoice it cancels: 被红冲蓝字数电发票号码, or 对应正数发票号码 on older invoices; '' when none. */
	OriginalInvoiceNumber: string;
	/** 对应正数发票代码 of an older red invoice; '' when none (数电 invoices have no code). */
	OriginalInvoiceCode: string;
	/** The 特定业务 block, null when the invoice has none. */
	SpecificBusiness: SpecificBusinessInfo | null;
}

export const LOCAL_ADDITION_FIELDS: readonly (keyof LocalInvoiceAdditions)[] = Object.freeze([
	'IsRedLetter',
	'OriginalInvoiceNumber',
	'OriginalInvoiceCode',
	'SpecificBusiness',
] as (keyof LocalInvoiceAdditions)[]);

export function emptyAdditions(): LocalInvoiceAdditions {
	return { IsRedLetter: false, OriginalInvoiceNumber: '', OriginalInvoiceCode: '', SpecificBusiness: null };
}

/** Where in the OFD file the invoice data was read from. */
export type OfdSource = 'original_invoice' | 'xbrl' | 'custom-tags' | 'ofd-custom-data' | 'page-text';

export const OFD_SOURCES: readonly OfdSource[] = Object.freeze([
	'original_invoice',
	'xbrl',
	'custom-tags',
	'ofd-custom-data',
	'page-text',
] as OfdSource[]);

/** OFD-only fields, kept apart from Tencent's names. */
export interface OfdExtraFields {
	/** Which place in the file the fields came from. */
	OfdSource: OfdSource;
	/** The QR payload ('01,10,code,number,amount,yyyymmdd,check,crc') when the file holds it as text; else null. */
	QrCode: string | null;
	/** 价税合计(大写) as printed, '' when not found. */
	TaxInclusiveTotalAmountInWords: string;
	/** Pages declared in the document. */
	PageCount: number;
}

export const OFD_EXTRA_FIELDS: readonly (keyof OfdExtraFields)[] = Object.freeze([
	'OfdSource',
	'QrCode',
	'TaxInclusiveTotalAmountInWords',
	'PageCount',
] as (keyof OfdExtraFields)[]);

export type OfdInvoice = VerifyOfdVatInvoiceOcrFields & OfdExtraFields & LocalInvoiceAdditions;

export function emptyUserInfo(): VatInvoiceUserInfo {
	return { Name: '', TaxId: '', AddrTel: '', FinancialAccount: '' };
}

export function emptyGoodsInfo(): VatInvoiceGoodsInfo {
	return {
		Item: '',
		Specification: '',
		MeasurementDimension: '',
		Price: '',
		Quantity: '',
		Amount: '',
		TaxScheme: '',
		TaxAmount: '',
	};
}

export function emptyAirTicketSegment(): DetailInformationOfAirTicketTupleList {
	return {
		DepartureStation: '',
		DestinationStation: '',
		FlightSegment: '',
		Carrier: '',
		Flight: '',
		SeatClass: '',
		CarrierDate: '',
		DepartureTime: '',
		FareBasis: '',
		EffectiveDate: '',
		ExpirationDate: '',
		FreeBaggageAllowance: '',
	};
}

export function emptyAirTicketInfo(): AirTicketInfo {
	return {
		PassengerName: '',
		ValidIdNumber: '',
		Endorsement: '',
		NumberOfGPOrder: '',
		ElectronicInvoiceAirTransportReceiptNumber: '',
		DetailInformationOfAirTicketTuple: [],
		Fare: '',
		FuelSurcharge: '',
		VatRate: '',
		VatTaxAmount: '',
		CivilAviationDevelopmentFund: '',
		OtherTaxes: '',
		TotalAmount: '',
		ElectronicTicketNum: '',
		VerificationCode: '',
		PromptInformation: '',
		Insurance: '',
		AgentCode: '',
		IssueParty: '',
		IssueDate: '',
		IssuingStatus: '',
		MarkingOfDomesticOrInternational: '',
		NameOfPurchaser: '',
		NameOfSeller: '',
		UnifiedSocialCreditCodeOfPurchaser: '',
	};
}

export function emptyRailwayTicketInfo(): RailwayTicketInfo {
	return {
		TypeOfVoucher: '',
		ElectronicTicketNum: '',
		DateOfIssue: '',
		TypeOfBusiness: '',
		DepartureStation: '',
		PhonicsOfDepartureStation: '',
		DestinationStation: '',
		PhonicsOfDestinationStation: '',
		TrainNumber: '',
		TravelDate: '',
		DepartureTime: '',
		AirConditioningCharacteristics: '',
		SeatLevel: '',
		Carriage: '',
		Seat: '',
		Fare: '',
		ElectronicInvoiceRailwayETicketNumber: '',
		IdNumber: '',
		Name: '',
		TotalAmountExcludingTax: '',
		TaxRate: '',
		TaxAmount: '',
		NameOfPurchaser: '',
		UnifiedSocialCreditCodeOfPurchaser: '',
		NumberOfOriginalInvoice: '',
	};
}

/** A complete invoice with every Tencent field present and empty. */
export function emptyTencentFields(): VerifyOfdVatInvoiceOcrFields {
	return {
		Type: '',
		InvoiceCode: '',
		InvoiceNumber: '',
		IssueDate: '',
		InvoiceCheckCode: '',
		MachineNumber: '',
		TaxControlCode: '',
		Buyer: emptyUserInfo(),
		Seller: emptyUserInfo(),
		TaxInclusiveTotalAmount: '',
		InvoiceClerk: '',
		Payee: '',
		Checker: '',
		TaxTotalAmount: '',
		TaxExclusiveTotalAmount: '',
		Note: '',
		GoodsInfos: [],
		AirTicketInfo: emptyAirTicketInfo(),
		RailwayTicketInfo: emptyRailwayTicketInfo(),
		InvoiceTitle: '',
	};
}

/** Whether a draft holds enough to call it an invoice. */
export function hasInvoiceData(fields: VerifyOfdVatInvoiceOcrFields): boolean {
	return (
		fields.InvoiceNumber !== '' ||
		fields.InvoiceCode !== '' ||
		fields.TaxInclusiveTotalAmount !== '' ||
		fields.TaxExclusiveTotalAmount !== '' ||
		fields.Seller.Name !== '' ||
		fields.Seller.TaxId !== ''
	);
}
