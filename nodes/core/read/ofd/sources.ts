import type { OfdPackage, TextItem } from './package';
import { cleanValue, compactValue, isQrText } from '../common/text';
import { emptyGoodsInfo, emptyTencentFields, hasInvoiceData, type LocalInvoiceAdditions, type VatInvoiceGoodsInfo, type VerifyOfdVatInvoiceOcrFields } from '../common/fields';
import { childElements, descendants, firstDescendant, textContent, type XmlElement } from '../xml/parser';
import { ticketXbrlKind } from '../xml/ticketXbrl';

/** What one source yields before the layout-based finishing touches (title, 大写, type). */
export interface InvoiceDraft {
	fields: VerifyOfdVatInvoiceOcrFields;
	qrCode: string | null;
	/** 价税合计(大写) when the source states it; '' otherwise. */
	amountInWords: string;
	/** A title the source states (XBRL TypeOfInvoice); the printed title is preferred when found. */
	titleHint: string;
	/** Where the printed 价税合计 sits, to pick the nearest 大写 text. */
	totalAnchor?: TextItem;
	/** Red-letter and 特定业务 as the printed page shows them (page-text source only). */
	additions?: LocalInvoiceAdditions;
}

export function newDraft(): InvoiceDraft {
	return { fields: emptyTencentFields(), qrCode: null, amountInWords: '', titleHint: '', totalAnchor: undefined };
}


const inGoods = (e: XmlElement) => e.local === 'GoodsInfos' || e.local === 'GoodsInfo';

function valueOf(root: XmlElement, local: string, skip?: (e: XmlElement) => boolean): string {
	const element = firstDescendant(root, local, skip);
	return element ? textContent(element) : '';
}

/**
 * The header fields every source fills, and whether each is a code (all whitespace removed: codes,
 * numbers, tax ids) or printed text (trimmed, currency signs dropped).
 */
const HEADER_FIELDS = [
	['InvoiceCode', true],
	['InvoiceNumber', true],
	['IssueDate', false],
	['InvoiceCheckCode', true],
	['MachineNumber', true],
	['TaxControlCode', false],
	['Buyer.Name', false],
	['Buyer.TaxId', true],
	['Buyer.AddrTel', false],
	['Buyer.FinancialAccount', false],
	['Seller.Name', false],
	['Seller.TaxId', true],
	['Seller.AddrTel', false],
	['Seller.FinancialAccount', false],
	['TaxInclusiveTotalAmount', false],
	['TaxExclusiveTotalAmount', false],
	['TaxTotalAmount', false],
	['InvoiceClerk', false],
	['Payee', false],
	['Checker', false],
	['Note', false],
] as const;

export type HeaderField = (typeof HEADER_FIELDS)[number][0];

/** What a schema calls each header field (a field it does not have is left empty). */
export type HeaderNames = Partial<Record<HeaderField, string>>;

/** The fp: schema of original_invoice.xml; the custom tags of 数电 and Suwell files use the same names. */
export const FP_HEADER_NAMES: HeaderNames = {
	InvoiceCode: 'InvoiceCode',
	InvoiceNumber: 'InvoiceNo',
	IssueDate: 'IssueDate',
	InvoiceCheckCode: 'InvoiceCheckCode',
	MachineNumber: 'MachineNo',
	TaxControlCode: 'TaxControlCode',
	'Buyer.Name': 'BuyerName',
	'Buyer.TaxId': 'BuyerTaxID',
	'Buyer.AddrTel': 'BuyerAddrTel',
	'Buyer.FinancialAccount': 'BuyerFinancialAccount',
	'Seller.Name': 'SellerName',
	'Seller.TaxId': 'SellerTaxID',
	'Seller.AddrTel': 'SellerAddrTel',
	'Seller.FinancialAccount': 'SellerFinancialAccount',
	TaxInclusiveTotalAmount: 'TaxInclusiveTotalAmount',
	TaxExclusiveTotalAmount: 'TaxExclusiveTotalAmount',
	TaxTotalAmount: 'TaxTotalAmount',
	InvoiceClerk: 'InvoiceClerk',
	Payee: 'Payee',
	Checker: 'Checker',
	Note: 'Note',
};

/** The inv: XBRL taxonomy (nuonuo). */
const XBRL_HEADER_NAMES: HeaderNames = {
	InvoiceCode: 'CodeOfInvoice',
	InvoiceNumber: 'NumberOfInvoice',
	IssueDate: 'DateOfIssue',
	InvoiceCheckCode: 'IdentifyingCode',
	MachineNumber: 'NumberOfInvoiceMachine',
	'Buyer.Name': 'NameOfPurchaser',
	'Buyer.TaxId': 'TaxpayerIdentificationNumberUnifiedSocialCreditCodeOfPurchaser',
	'Buyer.AddrTel': 'AddressPhoneNumberOfPurchaser',
	'Buyer.FinancialAccount': 'DepositBankAndAccountNumberOfPurchaser',
	'Seller.Name': 'NameOfSeller',
	'Seller.TaxId': 'TaxpayerIdentificationNumberUnifiedSocialCreditCodeOfSeller',
	'Seller.AddrTel': 'AddressPhoneNumberOfSeller',
	'Seller.FinancialAccount': 'DepositBankAndAccountNumberOfSeller',
	TaxExclusiveTotalAmount: 'TotalAmountExcludingTax',
	TaxTotalAmount: 'TotalTaxAmount',
	TaxInclusiveTotalAmount: 'TaxIncludedAmountInFigures',
	Note: 'Remarks',
	Payee: 'Payee',
	Checker: 'Reviewer',
	InvoiceClerk: 'Issuer',
};

/** Fills the header fields from `read(name)` (the raw text a schema keeps under that name). */
export function fillHeader(
	fields: VerifyOfdVatInvoiceOcrFields,
	names: HeaderNames,
	read: (name: string) => string | undefined,
): void {
	for (const [field, isCode] of HEADER_FIELDS) {
		const name = names[field];
		if (name === undefined) continue;
		const value = isCode ? compactValue(read(name)) : cleanValue(read(name));
		const [head, tail] = field.split('.') as [string, string | undefined];
		if (tail === undefined) (fields as unknown as Record<string, string>)[head] = value;
		else (fields[head as 'Buyer' | 'Seller'] as unknown as Record<string, string>)[tail] = value;
	}
}

// ---------------------------------------------------------------------------------------------------------
// (a) original_invoice.xml, schema http://www.edrm.org.cn/schema/e-invoice/2019 (fp:)

/** Map an `eInvoice` (fp:) tree; null when it holds no invoice data. */
export function mapOriginalInvoice(root: XmlElement): InvoiceDraft | null {
	const v = (local: string) => cleanValue(valueOf(root, local, inGoods));
	const draft = newDraft();
	const f = draft.fields;
	fillHeader(f, FP_HEADER_NAMES, (local) => valueOf(root, local, inGoods));
	for (const info of descendants(root, 'GoodsInfo')) {
		const line = emptyGoodsInfo();
		for (const key of Object.keys(line) as Array<keyof VatInvoiceGoodsInfo>) {
			const element = childElements(info, key)[0];
			line[key] = element ? cleanValue(textContent(element)) : '';
		}
		f.GoodsInfos.push(line);
	}
	const graph = v('GraphCode');
	draft.qrCode = isQrText(graph) ? graph : null;
	draft.amountInWords = v('TaxInclusiveTotalAmountWithWords');
	return hasInvoiceData(f) ? draft : null;
}

export async function readOriginalInvoice(pkg: OfdPackage): Promise<InvoiceDraft | null> {
	const attachments = await pkg.attachments();
	const candidates = attachments.filter(
		(a) => /^original_invoice$/i.test(a.name) || /(^|\/)original_invoice\.xml$/i.test(a.entry.name),
	);
	for (const attachment of candidates) {
		const root = await pkg.readXml(attachment.entry);
		if (!root || root.local.toLowerCase() !== 'einvoice') continue;
		const draft = mapOriginalInvoice(root);
		if (draft) return draft;
	}
	return null;
}

// ---------------------------------------------------------------------------------------------------------
// (b) XBRL attachment, taxonomy http://xbrl.mof.gov.cn/taxonomy/2021-09-30/inv (inv:), e.g. nuonuo

const XBRL_GOODS = 'InformationOfTaxableGoodsOrServicesDetailItemsTuple';

/** Map an XBRL (`inv:`) invoice tree; null when it holds no invoice data. */
export function mapXbrlInvoice(root: XmlElement): InvoiceDraft | null {
	const skip = (e: XmlElement) => e.local === XBRL_GOODS;
	const v = (local: string) => cleanValue(valueOf(root, local, skip));
	const draft = newDraft();
	const f = draft.fields;
	fillHeader(f, XBRL_HEADER_NAMES, (local) => valueOf(root, local, skip));
	for (const tuple of descendants(root, XBRL_GOODS)) {
		const g = (local: string) => cleanValue(valueOf(tuple, local));
		f.GoodsInfos.push({
			Item: g('NameOfTaxableGoodsOrServices'),
			Specification: g('Specification'),
			MeasurementDimension: g('UnitOfGoodsOrServices'),
			Price: g('UnitPriceOfGoodsOrServices'),
			Quantity: g('QuantityOfGoodsOrServices'),
			Amount: g('AmountExcludingTax'),
			TaxScheme: g('TaxRate'),
			TaxAmount: g('TaxAmount'),
		});
	}
	draft.amountInWords = v('TaxIncludedAmountInWords');
	draft.titleHint = v('TypeOfInvoice');
	return hasInvoiceData(f) ? draft : null;
}

export async function readXbrl(pkg: OfdPackage): Promise<InvoiceDraft | null> {
	const attachments = await pkg.attachments();
	const candidates = attachments.filter(
		(a) => a.format.toLowerCase() === 'xbrl' || (/\.xml$/i.test(a.entry.name) && !/original_invoice/i.test(a.entry.name)),
	);
	for (const attachment of candidates) {
		const root = await pkg.readXml(attachment.entry);
		if (!root || root.local !== 'xbrl' || ticketXbrlKind(root) !== null) continue;
		const draft = mapXbrlInvoice(root);
		if (draft) return draft;
	}
	return null;
}

// ---------------------------------------------------------------------------------------------------------
// (d) OFD.xml DocInfo/CustomDatas

/** Fill `draft` fields that are still empty from OFD.xml CustomDatas; returns how many were filled. */
export function fillFromCustomData(draft: InvoiceDraft, data: ReadonlyMap<string, string>): number {
	const f = draft.fields;
	let filled = 0;
	const set = (current: string, names: string[], compact: boolean, assign: (value: string) => void) => {
		if (current !== '') return;
		for (const name of names) {
			const raw = data.get(name);
			if (raw === undefined) continue;
			const value = compact ? compactValue(raw) : cleanValue(raw);
			if (value === '') continue;
			assign(value);
			filled++;
			return;
		}
	};
	set(f.InvoiceCode, ['发票代码'], true, (x) => (f.InvoiceCode = x));
	set(f.InvoiceNumber, ['发票号码'], true, (x) => (f.InvoiceNumber = x));
	set(f.IssueDate, ['开票日期'], false, (x) => (f.IssueDate = x));
	set(f.InvoiceCheckCode, ['校验码'], true, (x) => (f.InvoiceCheckCode = x));
	set(f.MachineNumber, ['机器编号'], true, (x) => (f.MachineNumber = x));
	set(f.TaxExclusiveTotalAmount, ['合计金额'], false, (x) => (f.TaxExclusiveTotalAmount = x));
	set(f.TaxTotalAmount, ['合计税额'], false, (x) => (f.TaxTotalAmount = x));
	set(f.TaxInclusiveTotalAmount, ['价税合计'], false, (x) => (f.TaxInclusiveTotalAmount = x));
	set(f.Buyer.Name, ['购买方名称'], false, (x) => (f.Buyer.Name = x));
	set(f.Buyer.TaxId, ['购买方纳税人识别号', '购买方统一社会信用代码/纳税人识别号'], true, (x) => (f.Buyer.TaxId = x));
	set(f.Buyer.AddrTel, ['购买方地址电话'], false, (x) => (f.Buyer.AddrTel = x));
	set(f.Buyer.FinancialAccount, ['购买方开户行及账号'], false, (x) => (f.Buyer.FinancialAccount = x));
	set(f.Seller.Name, ['销售方名称'], false, (x) => (f.Seller.Name = x));
	set(f.Seller.TaxId, ['销售方纳税人识别号', '销售方统一社会信用代码/纳税人识别号'], true, (x) => (f.Seller.TaxId = x));
	set(f.Seller.AddrTel, ['销售方地址电话'], false, (x) => (f.Seller.AddrTel = x));
	set(f.Seller.FinancialAccount, ['销售方开户行及账号'], false, (x) => (f.Seller.FinancialAccount = x));
	set(f.InvoiceClerk, ['开票人'], false, (x) => (f.InvoiceClerk = x));
	set(f.Payee, ['收款人'], false, (x) => (f.Payee = x));
	set(f.Checker, ['复核人', '复核'], false, (x) => (f.Checker = x));
	set(f.Note, ['备注'], false, (x) => (f.Note = x));
	return filled;
}

export function readCustomData(pkg: OfdPackage): InvoiceDraft | null {
	const draft = newDraft();
	fillFromCustomData(draft, pkg.customData);
	return hasInvoiceData(draft.fields) ? draft : null;
}
