/**
 * The 数电 XML e-invoice (the `EInvoice` document the 电子发票服务平台 hands out beside the PDF and OFD):
 * bytes → the local-reader shape (Tencent VerifyOfdVatInvoiceOCR field names, FileFormat 'xml').
 * The XML is parsed by the OFD reader's hostile-input parser (depth and node limits, no DTD, no entities).
 *
 * Where each field comes from:
 *   Type                    Header/InherentLabel/GeneralOrSpecialVAT (专用 → 020, 普通 → 010; 数电 only)
 *   InvoiceTitle            电子发票（<GeneralOrSpecialVAT LabelName>） when EInvoiceType is 电子发票
 *   InvoiceNumber           TaxSupervisionInfo/InvoiceNumber, else Header/EIid
 *   IssueDate               TaxSupervisionInfo/IssueTime (date part), else BasicInformation/RequestTime
 *   Seller, Buyer           EInvoiceData/SellerInformation, BuyerInformation (*IdNum, *Name, *Addr + *TelNum,
 *                           *BankName + *BankAccNum)
 *   amounts, 大写, drawer    EInvoiceData/BasicInformation (TotalAmWithoutTax, TotalTaxAm,
 *                           TotalTax-includedAmount, TotalTax-includedAmountInChinese, Drawer)
 *   GoodsInfos              each EInvoiceData/IssuItemInformation (ItemName, SpecMod, MeaUnits, Quantity,
 *                           UnPrice, Amount, TaxRate as a decimal → 'n%', ComTaxAm)
 *   Note                    EInvoiceData/AdditionalInformation/Remark
 *   IsRedLetter             Header/InherentLabel/InIssuType/LabelCode N (Y = blue), or a negative total, or a Remark
 *                           naming the blue invoice; OriginalInvoiceNumber from the Remark (被红冲蓝字数电发票号码：…)
 *   SpecificBusiness        the "label：value;" pairs of the Remark (建筑服务, 不动产 …); the SpecificInformation
 *                           elements are not read (public parsers show only <Toll>, <RedEInvoice> and an abridged
 *                           <ConstructionServices>, no real file of any; nothing for 旅客运输, 货物运输, 不动产), so a
 *                           block only there is missed
 * The railway e-ticket and the air itinerary have no EInvoice XML: their data is an XBRL instance of the 财政部
 * rai / atr taxonomy (see ./ticketXbrl.ts); given one, this says so and asks for the PDF or OFD.
 * Text is taken as printed: encoding artefacts folded (core/printed.ts), nothing else.
 * Values are taken as the file writes them (trimmed); nothing is computed. In particular 大写 is not
 * derived from the amount when the file lacks it: TaxInclusiveTotalAmountInWords stays '' (Normalize
 * then checks what it has).
 */
import { OfdError } from '../common/ofdError';
import { DEFAULT_OFD_LIMITS, type OfdLimits } from '../common/limits';
import { childElements, firstChild, parseXml, textContent, type XmlElement } from './parser';
import { emptyAdditions, emptyGoodsInfo, emptyTencentFields, type VatInvoiceGoodsInfo, type VatInvoiceUserInfo } from '../common/fields';
import { fillFields, type FieldTable } from '../common/fill';
import { LocalReadError } from '../common/localReadError';
import type { LocalInvoice } from '../common/local';
import { blueInvoiceOf } from '../../invoice/normalize/redLetter';
import { asPrinted, looseText, PrintedText } from '../common/text';
import { labelledSpecificFields, SPECIFIC_KINDS } from '../layout/specific';
import { ticketXbrlKind } from './ticketXbrl';

export interface ReadXmlOptions {
	/** maxXmlDepth and maxXmlNodes apply (see DEFAULT_OFD_LIMITS). */
	limits?: Partial<OfdLimits>;
}

const FIX_XML =
	'Pass the XML e-invoice file as downloaded from the 电子发票服务平台 (the XML of a 数电 invoice), unchanged.';

/** Trimmed text of the element at this child path, '' when any step is missing. */
function textAt(element: XmlElement | undefined, ...path: string[]): string {
	let current = element;
	for (const step of path) {
		if (!current) return '';
		current = firstChild(current, step);
	}
	return current ? asPrinted(textContent(current).trim()) : '';
}

/** For codes and numbers: no whitespace at all. */
function compact(value: string): string {
	return value.replace(/\s+/g, '');
}

function joinNonEmpty(...parts: string[]): string {
	return parts.filter((part) => part !== '').join(' ');
}

/**
 * The 数电 XML writes the rate as a decimal (0.13, 0.030000); Tencent's TaxScheme is a percentage (13%).
 * Anything that is not a plain decimal below 1 (免税, 不征税, '13%') stays as written.
 */
export function taxRateToPercent(value: string): string {
	const text = value.trim();
	const match = /^(0|1)?\.(\d{1,8})$|^0$/.exec(text);
	if (!match) return text;
	if (text === '0') return '0%';
	if (match[1] === '1') return text; // 1.x is no rate of VAT: leave it for Normalize to flag
	const digits = (match[2] + '00').padEnd(8, '0');
	const whole = String(Number(digits.slice(0, 2)));
	const fraction = digits.slice(2).replace(/0+$/, '');
	return `${whole}${fraction ? `.${fraction}` : ''}%`;
}

/** 010 电子发票（普通发票）or 020 电子发票（增值税专用发票）, from the labels; '' when they do not say. */
export function xmlInvoiceTypeCode(header: XmlElement | undefined): string {
	const labels = header ? firstChild(header, 'InherentLabel') : undefined;
	const vat = labels ? firstChild(labels, 'GeneralOrSpecialVAT') : undefined;
	const name = textAt(vat, 'LabelName');
	if (/专用/.test(name)) return '020';
	if (/普通/.test(name)) return '010';
	// Without a name, the code: 01 专用发票, 02 普通发票 (as the platform's files write them).
	const code = textAt(vat, 'LabelCode');
	if (code === '01') return '020';
	if (code === '02') return '010';
	return '';
}

/**
 * The title the invoice prints, from the labels the XML states: EInvoiceType 电子发票 with GeneralOrSpecialVAT
 * 普通发票 → 电子发票（普通发票）, 增值税专用发票 → 电子发票（增值税专用发票）; '' when the labels do not say.
 */
export function xmlInvoiceTitle(header: XmlElement | undefined): string {
	const labels = header ? firstChild(header, 'InherentLabel') : undefined;
	const kind = textAt(labels, 'EInvoiceType', 'LabelName');
	const vat = textAt(labels, 'GeneralOrSpecialVAT', 'LabelName');
	if (kind !== '电子发票' || !/^(?:普通发票|增值税专用发票)$/.test(vat)) return '';
	return `电子发票（${vat}）`;
}

function party(info: XmlElement | undefined, prefix: 'Seller' | 'Buyer'): VatInvoiceUserInfo {
	return {
		Name: textAt(info, `${prefix}Name`),
		TaxId: compact(textAt(info, `${prefix}IdNum`)),
		AddrTel: joinNonEmpty(textAt(info, `${prefix}Addr`), textAt(info, `${prefix}TelNum`)),
		FinancialAccount: joinNonEmpty(textAt(info, `${prefix}BankName`), compact(textAt(info, `${prefix}BankAccNum`))),
	};
}

/** A goods line's fields: the element of IssuItemInformation each comes from. */
const GOODS_FIELDS: FieldTable<VatInvoiceGoodsInfo> = {
	Item: 'ItemName',
	Specification: 'SpecMod',
	MeasurementDimension: 'MeaUnits',
	Quantity: 'Quantity',
	Price: 'UnPrice',
	Amount: 'Amount',
	TaxScheme: 'TaxRate',
	TaxAmount: 'ComTaxAm',
};

function goodsRow(row: XmlElement): VatInvoiceGoodsInfo {
	const goods = fillFields(emptyGoodsInfo(), GOODS_FIELDS, (name) => textAt(row, name));
	goods.TaxScheme = taxRateToPercent(goods.TaxScheme);
	return goods;
}

/** 'yyyy-mm-dd hh:mm:ss' → 'yyyy-mm-dd'; other forms stay as written. */
function datePart(value: string): string {
	const match = /^(\d{4}-\d{1,2}-\d{1,2})[ T]/.exec(value);
	return match ? match[1] : value;
}

/** The parser's limit errors, said about an XML file rather than an OFD part; anything else unchanged. */
function limitError(error: unknown, maxDepth: number, maxNodes: number): unknown {
	if (error instanceof OfdError && error.code === 'XML_TOO_DEEP') {
		return new LocalReadError(
			'XML_TOO_DEEP',
			`The XML file nests elements more than ${maxDepth} levels deep`,
			'A 数电 XML e-invoice nests four or five levels; this file is damaged or crafted. ' + FIX_XML,
		);
	}
	if (error instanceof OfdError && error.code === 'TOO_LARGE') {
		return new LocalReadError(
			'TOO_LARGE',
			`The XML file has more than ${maxNodes} XML nodes`,
			'A 数电 XML e-invoice has a few hundred nodes; check that the right file is passed in. ' + FIX_XML,
		);
	}
	return error;
}

function parse(bytes: Uint8Array | string, limits: Partial<OfdLimits>): XmlElement | null {
	const maxDepth = limits.maxXmlDepth ?? DEFAULT_OFD_LIMITS.maxXmlDepth;
	const maxNodes = limits.maxXmlNodes ?? DEFAULT_OFD_LIMITS.maxXmlNodes;
	let failure: unknown;
	try {
		return parseXml(bytes, { maxDepth, maxNodes }, 'EInvoice').root;
	} catch (error) {
		failure = limitError(error, maxDepth, maxNodes);
	}
	throw failure;
}

/**
 * Read a 数电 XML e-invoice. Throws LocalReadError: NotAnEInvoiceXml (another XML or no XML at all),
 * NoInvoiceData (an EInvoice without number, parties or amounts), XML_TOO_DEEP, TOO_LARGE.
 */
export function readXmlInvoice(bytes: Uint8Array | string, options: ReadXmlOptions = {}): LocalInvoice {
	const limits = options.limits ?? {};
	const maxInput = limits.maxInputBytes ?? DEFAULT_OFD_LIMITS.maxInputBytes;
	if (bytes.length > maxInput) {
		throw new LocalReadError(
			'TOO_LARGE',
			`The XML file is ${bytes.length} bytes; at most ${maxInput} are read`,
			'A 数电 XML e-invoice is a few kilobytes. ' + FIX_XML,
		);
	}
	const root = parse(bytes, limits);
	const ticket = root && root.local === 'xbrl' ? ticketXbrlKind(root) : null;
	if (ticket) {
		const title = ticket === 'railway' ? '电子发票（铁路电子客票）' : '电子发票（航空运输电子客票行程单）';
		throw new LocalReadError(
			'NotAnEInvoiceXml',
			`The file is the XBRL data of a ${title} (财政部 ${ticket === 'railway' ? 'rai' : 'atr'} taxonomy), not a 数电 XML e-invoice`,
			`This node reads the ${title} from its PDF or OFD (the trip as printed), not from this XML. Pass the ticket's PDF or OFD.`,
		);
	}
	if (!root || root.local !== 'EInvoice') {
		const found = root ? `its root element is <${root.name}>` : 'it holds no XML element';
		throw new LocalReadError(
			'NotAnEInvoiceXml',
			`The file is not a 数电 XML e-invoice: ${found}, not <EInvoice>`,
			'This reads the XML e-invoice of the 电子发票服务平台 (root element EInvoice), OFD and PDF e-invoices. ' +
				'Other XML (an OFD part, an XBRL file, an export of another program) is not an invoice it knows.',
		);
	}
	const header = firstChild(root, 'Header');
	const data = firstChild(root, 'EInvoiceData');
	const supervision = firstChild(root, 'TaxSupervisionInfo');
	const basic = data ? firstChild(data, 'BasicInformation') : undefined;

	const invoice: LocalInvoice = {
		...emptyTencentFields(),
		FileFormat: 'xml',
		QrCode: null,
		// Taken from the file only: when it has no 大写, '' (never computed from the amount).
		TaxInclusiveTotalAmountInWords: compact(textAt(basic, 'TotalTax-includedAmountInChinese')),
	};
	invoice.Type = xmlInvoiceTypeCode(header);
	invoice.InvoiceTitle = xmlInvoiceTitle(header);
	invoice.InvoiceNumber = compact(textAt(supervision, 'InvoiceNumber')) || compact(textAt(header, 'EIid'));
	invoice.IssueDate = datePart(textAt(supervision, 'IssueTime')) || datePart(textAt(basic, 'RequestTime'));
	invoice.Seller = party(data ? firstChild(data, 'SellerInformation') : undefined, 'Seller');
	invoice.Buyer = party(data ? firstChild(data, 'BuyerInformation') : undefined, 'Buyer');
	invoice.TaxExclusiveTotalAmount = textAt(basic, 'TotalAmWithoutTax');
	invoice.TaxTotalAmount = textAt(basic, 'TotalTaxAm');
	invoice.TaxInclusiveTotalAmount = textAt(basic, 'TotalTax-includedAmount');
	invoice.InvoiceClerk = textAt(basic, 'Drawer');
	invoice.Note = textAt(data, 'AdditionalInformation', 'Remark');
	invoice.GoodsInfos = data ? childElements(data, 'IssuItemInformation').map(goodsRow) : [];
	Object.assign(invoice, emptyAdditions());
	const red = blueInvoiceOf(invoice.Note);
	const blueFlag = textAt(header, 'InherentLabel', 'InIssuType', 'LabelCode').toUpperCase();
	invoice.OriginalInvoiceNumber = red.number;
	invoice.OriginalInvoiceCode = red.code;
	invoice.IsRedLetter = blueFlag === 'N' || /^-/.test(invoice.TaxInclusiveTotalAmount) || red.number !== '';
	// 特定业务 values the Remark states as "label：value;" (建筑服务, 不动产 …); the kind from them or the items' category.
	const labelled = labelledSpecificFields(looseText(invoice.Note));
	if (Object.keys(labelled.fields).length > 0) {
		const restore = new PrintedText(looseText(invoice.Note), invoice.Note);
		const fields: Record<string, string> = {};
		for (const [label, value] of Object.entries(labelled.fields)) fields[label] = restore.restore(value);
		const category = invoice.GoodsInfos.map((g) => /^\*([^*]+)\*/.exec(g.Item)?.[1] ?? '').find((c) => SPECIFIC_KINDS.includes(c));
		invoice.SpecificBusiness = { KindText: category ?? labelled.kindText, Fields: fields, Rows: [] };
	}

	if (
		invoice.InvoiceNumber === '' &&
		invoice.TaxInclusiveTotalAmount === '' &&
		invoice.Seller.Name === '' &&
		invoice.Buyer.Name === ''
	) {
		throw new LocalReadError(
			'NoInvoiceData',
			'The XML file has an <EInvoice> root but no invoice number, parties or amounts',
			'The file is empty or cut off. ' + FIX_XML,
		);
	}
	return invoice;
}
