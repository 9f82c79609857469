/**
 * Invoice verification against the tax bureau through Tencent Cloud VatInvoiceVerifyNew
 * (增值税发票核验(新版), https://cloud.tencent.com/document/api/866/73674), the pure part:
 *
 * - the request rules per invoice kind, applied to canonical fields before anything is sent (an
 *   invoice missing what its kind needs is refused with the field named: a mismatch is billed, and
 *   each invoice may be checked only 5 times a day);
 * - the verdict from the answer: status (genuine, voided, red_flushed, …), the bureau's invoice as a
 *   canonical invoice, and the fields where our reading and the bureau's disagree;
 * - what each error code means: a result (not found, mismatch, not yet available), a retry, or an
 *   error with a fix.
 *
 * No n8n imports.
 */
import { toCanonical } from './normalize/canonical';
import { mapTencentVerify } from './normalize/tencentVerify';
import type { CanonicalInvoice, InvoiceType } from './normalize/types';
import { cleanCode, cleanInvoiceNumber, cleanTaxId, cleanText, parseAmount, parseDate, toHalfWidth } from './normalize/values';
import { ProviderError, type HttpAnswer, type RequestDescription } from '../providers/errors';
import { parseTencentAnswer, request, type TencentResponse } from '../providers/tencent';

export const VERIFY_ACTION = 'VatInvoiceVerifyNew' as const;

/** InvoiceKind values of VatInvoiceVerifyNew (the request's 票种类型). */
export const INVOICE_KINDS = {
	'01': '增值税专用发票 (VAT special invoice)',
	'02': '货运运输业增值税专用发票 (freight transport special invoice)',
	'03': '机动车销售统一发票 (motor vehicle sales invoice)',
	'04': '增值税普通发票 (VAT common invoice)',
	'08': '增值税电子专用发票 (electronic special invoice, also 数电 专票)',
	'10': '增值税电子普通发票 (electronic common invoice, also 数电 普票, railway e-tickets and air itineraries)',
	'11': '增值税普通发票(卷式) (roll invoice)',
	'14': '增值税电子(通行费)发票 (toll invoice)',
	'15': '二手车销售统一发票 (used vehicle invoice)',
	'32': '深圳区块链发票 (Shenzhen blockchain invoice)',
} as const;

export type InvoiceKind = keyof typeof INVOICE_KINDS;

export function isInvoiceKind(value: unknown): value is InvoiceKind {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(INVOICE_KINDS, value);
}

/** The canonical fields verification reads (as Normalize Invoice outputs them, or set by expressions). */
export interface VerifyInput {
	invoiceType?: unknown;
	invoiceTitle?: unknown;
	invoiceCode?: unknown;
	invoiceNumber?: unknown;
	issueDate?: unknown;
	checkCode?: unknown;
	amountWithoutTax?: unknown;
	totalAmount?: unknown;
	sellerTaxId?: unknown;
	/** An InvoiceKind chosen by the user; otherwise it follows from invoiceType (and the title for 区块链). */
	invoiceKind?: unknown;
}

export interface VerifyRequestOptions {
	/** EnableTodayInvoice: also check invoices issued today (only those already at the bureau). */
	enableTodayInvoice?: boolean;
}

/** The body of a VatInvoiceVerifyNew request. */
export interface VerifyParams {
	InvoiceNo: string;
	InvoiceDate: string;
	InvoiceCode?: string;
	InvoiceKind: InvoiceKind;
	CheckCode?: string;
	Amount?: string;
	SellerTaxCode?: string;
	EnableTodayInvoice?: boolean;
}

/** An invoice that cannot be verified as it is: nothing was sent. `field` is the canonical field to fix. */
export class VerifyRefusal extends Error {
	readonly code: string;
	readonly field: string;
	readonly hint: string;

	constructor(code: string, field: string, message: string, hint: string) {
		super(message);
		this.name = 'VerifyRefusal';
		this.code = code;
		this.field = field;
		this.hint = hint;
	}
}

const FIX_HINT =
	'Nothing was sent (a wrong request is billed, and each invoice may be checked only 5 times a day). Fix the field in the input item (run Normalize Invoice before this node), or set it by expression in the node.';

function missing(field: string, why: string): VerifyRefusal {
	return new VerifyRefusal('MissingField', field, `the invoice has no ${field}, which ${why}`, FIX_HINT);
}

function invalid(field: string, value: string, why: string): VerifyRefusal {
	return new VerifyRefusal('InvalidField', field, `${field} "${value}" ${why}`, FIX_HINT);
}

const KIND_BY_TYPE: Partial<Record<InvoiceType, InvoiceKind>> = {
	vat_special: '01',
	vat_common: '04',
	vat_electronic_special: '08',
	vat_electronic_common: '10',
	digital_special: '08',
	digital_common: '10',
	vat_roll: '11',
	toll: '14',
};

/** Kinds whose Amount is the amount without tax (and 数电, whose Amount is the total with tax). */
const AMOUNT_KINDS = new Set<InvoiceKind>(['01', '02', '03', '08', '15', '32']);
/** Kinds that need the last 6 digits of the check code. */
const CHECK_CODE_KINDS = new Set<InvoiceKind>(['04', '10', '11', '14']);

/** Amount text to the cent ("1234.50"); negative amounts (red-letter invoices) keep their sign. */
export function formatAmount(value: number): string {
	const cents = Math.round(Math.abs(value) * 100);
	const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
	return value < 0 && cents !== 0 ? `-${text}` : text;
}

function text(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return cleanText(value);
}

/** The InvoiceKind an invoice is checked as, and whether it is a 数电 invoice (20-digit number). */
export function invoiceKindOf(input: VerifyInput, invoiceNumber: string | null): { kind: InvoiceKind; digital: boolean } {
	const digital = invoiceNumber !== null && invoiceNumber.length === 20;
	const chosen = text(input.invoiceKind);
	if (chosen !== null && chosen !== 'auto') {
		if (!isInvoiceKind(chosen)) throw invalid('invoiceKind', chosen, `is not an invoice kind of VatInvoiceVerifyNew (${Object.keys(INVOICE_KINDS).join(', ')})`);
		return { kind: chosen, digital };
	}
	const type = text(input.invoiceType);
	const title = text(input.invoiceTitle);
	if (title !== null && toHalfWidth(title).includes('区块链')) return { kind: '32', digital: false };
	if (digital) {
		// 数电: InvoiceKind 08 for 专票 and 10 for everything else (VatInvoiceVerifyNew "含全电").
		return { kind: type !== null && /special/.test(type) ? '08' : '10', digital: true };
	}
	if (type === null) {
		throw missing('invoiceType', 'says which kind of invoice to check (or choose Invoice Kind in the node)');
	}
	const kind = KIND_BY_TYPE[type as InvoiceType];
	if (!kind) {
		throw new VerifyRefusal(
			'UnsupportedInvoiceType',
			'invoiceType',
			`invoiceType "${type}" cannot be verified with VatInvoiceVerifyNew`,
			'The tax bureau check covers VAT invoices (专票, 普票, electronic, roll, toll, 数电, blockchain) and the 数电 railway e-tickets and air itineraries. Route other invoices (paper tickets, taxi and quota receipts) around this node, or choose Invoice Kind in the node if the type is wrong.',
		);
	}
	return { kind, digital: false };
}

/**
 * The VatInvoiceVerifyNew parameters for one invoice, following the rules of the request fields
 * (https://cloud.tencent.com/document/api/866/73674):
 * - 数电 (20-digit number): no InvoiceCode; Amount = 价税合计 (totalAmount); InvoiceKind 08 / 10; the 数电
 *   railway e-ticket and air itinerary are 数电 invoices of kind 10 (their 价税合计 is the 票价 / 合计); the
 *   paper 火车票 and the paper 行程单 are not at the bureau and are refused;
 * - 专票, 电子专票 (01, 08), 货运 02, 机动车 03, 二手车 15: Amount = 不含税金额 (amountWithoutTax);
 * - 普票, 电子普票, 卷票, 通行费 (04, 10, 11, 14): CheckCode = the last 6 digits of the check code;
 * - 区块链 (32): CheckCode = the last 5 characters, SellerTaxCode, and Amount without tax.
 * Throws VerifyRefusal naming the field when the invoice lacks what its kind needs.
 */
export function buildVerifyParams(input: VerifyInput, options: VerifyRequestOptions = {}): VerifyParams {
	const numberText = text(input.invoiceNumber);
	const invoiceNumber = cleanInvoiceNumber(numberText);
	if (invoiceNumber === null) throw missing('invoiceNumber', 'every verification needs');
	const ticketType = text(input.invoiceType);
	const chosenKind = text(input.invoiceKind);
	if ((ticketType === 'railway_ticket' || ticketType === 'air_itinerary') && (chosenKind === null || chosenKind === 'auto') && !/^\d{20}$/.test(invoiceNumber)) {
		throw new VerifyRefusal(
			'UnsupportedInvoiceType',
			'invoiceType',
			`invoiceType "${ticketType}" with invoiceNumber "${invoiceNumber}" is a paper ticket, which the tax bureau check does not cover`,
			'Only the 数电 railway e-ticket (电子发票（铁路电子客票）) and air itinerary (电子发票（航空运输电子客票行程单）), with a 20-digit 发票号码, can be verified. Route other invoices (paper train tickets and paper itineraries) around this node.',
		);
	}
	if (!/^\d{8}$|^\d{20}$/.test(invoiceNumber)) throw invalid('invoiceNumber', invoiceNumber, 'is not an invoice number (8 digits, or 20 for 数电)');

	const { kind, digital } = invoiceKindOf(input, invoiceNumber);

	const dateText = text(input.issueDate);
	const issueDate = parseDate(dateText);
	if (issueDate === null) throw missing('issueDate', 'every verification needs');
	if (issueDate === undefined) throw invalid('issueDate', String(dateText), 'is not a date (YYYY-MM-DD)');

	const params: VerifyParams = { InvoiceNo: invoiceNumber, InvoiceDate: issueDate, InvoiceKind: kind };

	if (!digital) {
		const code = cleanCode(text(input.invoiceCode));
		if (code === null) throw missing('invoiceCode', `a ${kind === '32' ? 'blockchain' : 'non-数电'} invoice (8-digit number) needs`);
		if (!/^\d{10}$|^\d{12}$/.test(code)) throw invalid('invoiceCode', code, 'is not an invoice code (10 or 12 digits)');
		params.InvoiceCode = code;
	}

	if (digital) {
		params.Amount = amountParam(input.totalAmount, 'totalAmount', 'a 数电 invoice is checked with (价税合计, the total with tax)');
	} else if (AMOUNT_KINDS.has(kind)) {
		params.Amount = amountParam(input.amountWithoutTax, 'amountWithoutTax', `an invoice of kind ${kind} is checked with (金额, without tax)`);
	}

	if (!digital && (CHECK_CODE_KINDS.has(kind) || kind === '32')) {
		const width = kind === '32' ? 5 : 6;
		const raw = text(input.checkCode);
		const code = raw === null ? null : toHalfWidth(raw).replace(/\s+/g, '');
		if (code === null || code === '') throw missing('checkCode', `an invoice of kind ${kind} is checked with (the last ${width} characters)`);
		if (code.length < width || (kind !== '32' && !/^\d+$/.test(code))) {
			throw invalid('checkCode', code, `is too short or not digits: an invoice of kind ${kind} is checked with the last ${width} ${kind === '32' ? 'characters' : 'digits'} of its check code`);
		}
		params.CheckCode = code.slice(-width);
	}

	if (kind === '32') {
		const seller = cleanTaxId(text(input.sellerTaxId));
		if (seller === null) throw missing('sellerTaxId', 'a blockchain invoice is checked with (销方税号)');
		params.SellerTaxCode = seller;
	}

	if (options.enableTodayInvoice) params.EnableTodayInvoice = true;
	return params;
}

function amountParam(value: unknown, field: string, why: string): string {
	const amount = parseAmount(typeof value === 'number' ? value : text(value));
	if (amount === null) throw missing(field, why);
	if (Number.isNaN(amount)) throw invalid(field, String(value), 'is not an amount');
	return formatAmount(amount);
}

export function buildVerifyRequest(params: VerifyParams): RequestDescription {
	return request(VERIFY_ACTION, params as unknown as Record<string, unknown>);
}

// ---------------------------------------------------------------------------------------------
// Verdicts

export type VerificationStatus =
	| 'genuine'
	| 'voided'
	| 'red_flushed'
	| 'not_found'
	| 'mismatch'
	| 'not_yet_available'
	| 'error';

export interface Difference {
	field: string;
	ours: string | number | null;
	bureau: string | number | null;
}

export interface Verdict {
	status: VerificationStatus;
	message: string;
	requestId: string | null;
	/** Tencent's error code for results given as errors (ResourceNotFound.NoInvoice, …), else null. */
	code: string | null;
	invoice: CanonicalInvoice | null;
	differences: Difference[];
}

/**
 * `Invoice.IsAbandoned` (是否作废（红冲）): Y 已作废, N 未作废, H 红冲, HP 部分红冲, HF 全额红冲
 * (VatInvoice in https://cloud.tencent.com/document/api/866/73674).
 */
export function statusOfAbandoned(value: unknown): { status: VerificationStatus; message: string } {
	const flag = String(value ?? '').trim().toUpperCase();
	switch (flag) {
		case 'Y':
			return { status: 'voided', message: 'The tax bureau has this invoice as voided (作废)' };
		case 'H':
			return { status: 'red_flushed', message: 'The tax bureau has this invoice as red-flushed (红冲)' };
		case 'HP':
			return { status: 'red_flushed', message: 'The tax bureau has this invoice as partly red-flushed (部分红冲)' };
		case 'HF':
			return { status: 'red_flushed', message: 'The tax bureau has this invoice as fully red-flushed (全额红冲)' };
		default:
			return { status: 'genuine', message: 'The tax bureau has this invoice, valid (not voided or red-flushed)' };
	}
}

/**
 * `Invoice.IsAbandoned`, or for a 数电 ticket whose Invoice leaves it empty the ticket's `StateCode`
 * (ElectronicTrainTicket / ElectronicAirTransport: 0 正常, 1 未更新, 2 作废, 3 已红冲).
 */
function abandonedFlag(response: TencentResponse): unknown {
	const invoice = response.Invoice as Record<string, unknown> | undefined;
	const flag = invoice?.IsAbandoned;
	if (typeof flag === 'string' && flag.trim() !== '') return flag;
	for (const key of ['ElectronicTrainTicket', 'ElectronicAirTransport']) {
		const ticket = response[key] as Record<string, unknown> | undefined;
		const state = typeof ticket?.StateCode === 'string' ? ticket.StateCode.trim() : '';
		if (state === '2') return 'Y';
		if (state === '3') return 'H';
	}
	return flag;
}

const TEXT_FIELDS = ['invoiceCode', 'invoiceNumber', 'issueDate', 'checkCode', 'buyerName', 'buyerTaxId', 'sellerName', 'sellerTaxId'] as const;
const AMOUNT_FIELDS = ['amountWithoutTax', 'taxAmount', 'totalAmount'] as const;

/** Names compared after trimming, with full-width brackets and spaces made half-width and runs of space collapsed. */
function sameText(a: string, b: string): boolean {
	const norm = (s: string) => toHalfWidth(s).replace(/\s+/g, ' ').trim();
	return norm(a) === norm(b);
}

/**
 * Each canonical field where our reading and the bureau's disagree: amounts to the cent, texts after
 * trimming. A field only one side has is not a difference (the bureau leaves out the buyer of some
 * invoices; our reading may lack a field the OCR missed).
 */
export function compareInvoices(ours: Partial<Record<string, unknown>>, bureau: CanonicalInvoice): Difference[] {
	const out: Difference[] = [];
	for (const field of TEXT_FIELDS) {
		const mine = text(ours[field]);
		const theirs = bureau[field];
		if (mine === null || theirs === null) continue;
		if (field === 'issueDate') {
			const date = parseDate(mine);
			if (date !== theirs) out.push({ field, ours: mine, bureau: theirs });
		} else if (field === 'checkCode') {
			const a = toHalfWidth(mine).replace(/\s+/g, '');
			// The bureau's check code is the full 20 digits; ours may be the last digits only.
			if (!theirs.endsWith(a) && !a.endsWith(theirs)) out.push({ field, ours: mine, bureau: theirs });
		} else if (!sameText(mine, theirs)) {
			out.push({ field, ours: mine, bureau: theirs });
		}
	}
	for (const field of AMOUNT_FIELDS) {
		const raw = ours[field];
		const mine = parseAmount(typeof raw === 'number' ? raw : text(raw));
		const theirs = bureau[field];
		if (mine === null || Number.isNaN(mine) || theirs === null) continue;
		if (Math.round(mine * 100) !== Math.round(theirs * 100)) out.push({ field, ours: mine, bureau: theirs });
	}
	compareTrips(ours, bureau, out);
	return out;
}

const TRIP_TEXT_FIELDS = ['passenger', 'trainNumber', 'flightNumber', 'travelDate', 'from', 'to'] as const;

/**
 * A 数电 ticket's journey against the bureau's record (`trip.<field>`): the input's nested `trip`
 * (Normalize Invoice, one item per invoice) or its flat `trip<Field>` columns (one item per line).
 */
function compareTrips(ours: Partial<Record<string, unknown>>, bureau: CanonicalInvoice, out: Difference[]): void {
	const theirs = bureau.trip;
	if (theirs === null) return;
	const nested = ours.trip !== null && typeof ours.trip === 'object' ? (ours.trip as Record<string, unknown>) : undefined;
	const mineOf = (field: string) => (nested ? nested[field] : ours[`trip${field[0].toUpperCase()}${field.slice(1)}`]);
	for (const field of TRIP_TEXT_FIELDS) {
		const mine = text(mineOf(field));
		const bureauValue = theirs[field];
		if (mine === null || bureauValue === null) continue;
		const same = field === 'travelDate' ? parseDate(mine) === bureauValue : sameText(mine, bureauValue);
		if (!same) out.push({ field: `trip.${field}`, ours: mine, bureau: bureauValue });
	}
	const rawFare = mineOf('fare');
	const fare = parseAmount(typeof rawFare === 'number' ? rawFare : text(rawFare));
	if (fare !== null && !Number.isNaN(fare) && theirs.fare !== null && Math.round(fare * 100) !== Math.round(theirs.fare * 100)) {
		out.push({ field: 'trip.fare', ours: fare, bureau: theirs.fare });
	}
}

/** The verdict of a successful answer. */
export function verdictFromResponse(response: TencentResponse, ours: Partial<Record<string, unknown>>): Verdict {
	const invoice = toCanonical(mapTencentVerify(response));
	const { status, message } = statusOfAbandoned(abandonedFlag(response));
	const differences = compareInvoices(ours, invoice);
	return {
		status,
		message: differences.length ? `${message}; ${differences.length} field(s) differ from the input: ${differences.map((d) => d.field).join(', ')}` : message,
		requestId: typeof response.RequestId === 'string' ? response.RequestId : null,
		code: null,
		invoice,
		differences,
	};
}

// ---------------------------------------------------------------------------------------------
// Error codes

interface VerifyCodeInfo {
	/** A verification result rather than a failure. */
	status?: VerificationStatus;
	retryable: boolean;
	hint: string;
}

const TOP_UP =
	'Top up the Tencent Cloud account or buy a verification (发票核验) resource package in the Tencent Cloud console (Billing Center), then run the workflow again.';

/**
 * The error codes VatInvoiceVerifyNew documents (its error code list on
 * https://cloud.tencent.com/document/api/866/73674 and in the SDK's client.go); billing of InvoiceMismatch and NoInvoice: https://cloud.tencent.com/document/product/866/45470).
 * Codes not listed here are classified as for the OCR actions (providers/tencent.ts).
 */
export const VERIFY_ERROR_CODES: Record<string, VerifyCodeInfo> = {
	'ResourceNotFound.NoInvoice': {
		status: 'not_found',
		retryable: false,
		hint: 'The tax bureau has no invoice with this code, number and date. Check them against the paper or PDF; a fake invoice is not found either. This check is billed.',
	},
	'FailedOperation.InvoiceMismatch': {
		status: 'mismatch',
		retryable: false,
		hint: 'The invoice exists but the amount or check code sent does not match the bureau\'s record. Check amountWithoutTax (专票), totalAmount (数电) or checkCode (普票) against the invoice. This check is billed and counts towards the 5 checks a day.',
	},
	'ResourceNotFound.NotSupportCurrentInvoiceQuery': {
		status: 'not_yet_available',
		retryable: false,
		hint: 'Invoices issued today reach the bureau with a delay and cannot be checked yet. Verify it again tomorrow, or turn on the Check Invoices Issued Today option.',
	},
	'ResourceUnavailable.TaxNetworkError': {
		retryable: true,
		hint: 'The tax bureau\'s network had a problem; the request is retried. If it persists, try again later.',
	},
	'FailedOperation.CountLimitError': {
		retryable: false,
		hint: 'This invoice has been checked 5 times today, the most the tax bureau allows. Verify it again tomorrow, and avoid re-running the workflow on the same invoices.',
	},
	'FailedOperation.ArrearsError': { retryable: false, hint: `The Tencent Cloud account is in arrears. ${TOP_UP}` },
	'ResourceUnavailable.InArrears': { retryable: false, hint: `The Tencent Cloud account is in arrears. ${TOP_UP}` },
	'ResourceUnavailable.ResourcePackageRunOut': { retryable: false, hint: `The verification resource package is used up. ${TOP_UP}` },
	'ResourcesSoldOut.ChargeStatusException': {
		retryable: false,
		hint: `The billing status of the account is abnormal. Check the account's billing and the OCR service status in the Tencent Cloud console. ${TOP_UP}`,
	},
	'FailedOperation.UnOpenError': {
		retryable: false,
		hint: 'The OCR service (which includes invoice verification) is not enabled for this account. Enable 文字识别 OCR in the Tencent Cloud console (console.cloud.tencent.com/ocr), then run the workflow again.',
	},
	'FailedOperation.UnKnowError': {
		retryable: false,
		hint: 'The tax bureau check failed for an unknown reason. Try again later; if it persists, contact Tencent Cloud support with the request id.',
	},
	'ResourceNotFound.NoAreaCode': {
		retryable: false,
		hint: 'The region in the invoice code is not supported by the bureau check. Check invoiceCode (digits 2-5 are the region).',
	},
	'InvalidParameterValue.InvalidParameterValueLimit': {
		retryable: false,
		hint: 'Tencent Cloud rejected a parameter value. Check invoiceNumber, invoiceCode, issueDate (at most 5 years back), and the amount or check code of the invoice.',
	},
	'InvalidParameterValue.PriceOrVerificationParameterValueLimit': {
		retryable: false,
		hint: 'The amount or check code is not in the form the bureau expects. Check amountWithoutTax (专票), totalAmount (数电) or checkCode (普票: the last 6 digits).',
	},
	'InvalidParameterValue.TicketCodeParameterValueLimit': {
		retryable: false,
		hint: 'The invoice code is not in the form the bureau expects (10 or 12 digits; none for 数电). Check invoiceCode.',
	},
	'InvalidParameterValue.TicketDateParameterValueLimit': {
		retryable: false,
		hint: 'The issue date is not accepted: it must be YYYY-MM-DD, not in the future and at most 5 years back. Check issueDate.',
	},
	'InvalidParameterValue.TicketSnParameterValueLimit': {
		retryable: false,
		hint: 'The invoice number is not in the form the bureau expects (8 digits, or 20 for 数电). Check invoiceNumber.',
	},
};

/** Reads a VatInvoiceVerifyNew answer: the Response, or a ProviderError with the verify-specific hint and retry flag. */
export function parseVerifyAnswer(answer: HttpAnswer, options: { nowMs?: number } = {}): TencentResponse {
	let failure: unknown;
	try {
		return parseTencentAnswer(VERIFY_ACTION, answer, options);
	} catch (error) {
		failure = error;
	}
	throw withVerifyHint(failure);
}

/** A ProviderError of VatInvoiceVerifyNew with the hint and retry flag of its code; anything else as is. */
function withVerifyHint(error: unknown): unknown {
	const info = error instanceof ProviderError ? VERIFY_ERROR_CODES[error.code] : undefined;
	if (!info || !(error instanceof ProviderError)) return error;
	return new ProviderError({
		provider: error.provider,
		api: error.api,
		code: error.code,
		message: error.providerMessage,
		requestId: error.requestId,
		httpStatus: error.httpStatus,
		retryable: info.retryable,
		hint: info.hint,
		retryAfterMs: error.retryAfterMs,
		detail: error.detail,
	});
}

/** The verdict an error stands for (not found, mismatch, not yet available), or undefined for a real failure. */
export function verdictFromError(error: unknown): Verdict | undefined {
	if (!(error instanceof ProviderError) || error.api !== VERIFY_ACTION) return undefined;
	const status = VERIFY_ERROR_CODES[error.code]?.status;
	if (!status) return undefined;
	const words: Record<string, string> = {
		not_found: 'The tax bureau has no such invoice',
		mismatch: 'The invoice data sent does not match the tax bureau\'s record',
		not_yet_available: 'The invoice is not at the tax bureau yet (issued today)',
	};
	return {
		status,
		message: `${words[status]} (${error.code}${error.providerMessage ? `: ${error.providerMessage}` : ''}). ${VERIFY_ERROR_CODES[error.code].hint}`,
		requestId: error.requestId ?? null,
		code: error.code,
		invoice: null,
		differences: [],
	};
}

/** The differences as one line of text for a spreadsheet cell: "totalAmount: 100.00 ≠ 101.00; sellerName: … ≠ …". */
export function differencesText(differences: Difference[]): string {
	return differences
		.map((d) => {
			const show = (v: string | number | null) => (typeof v === 'number' ? formatAmount(v) : (v ?? ''));
			return `${d.field}: ${show(d.ours)} ≠ ${show(d.bureau)}`;
		})
		.join('; ');
}
