import { blueInvoiceOf } from '../../invoice/normalize/redLetter';
import { FIX_NOT_OFD, isFatalOfdError, OfdError } from '../common/ofdError';
import type { OfdLimits } from '../common/limits';
import { OfdPackage, type TextItem, type TextLayer } from './package';
import { fillFromLayout, readPageLayout, readPageText } from './pageText';
import { fillFromCustomData, readCustomData, readOriginalInvoice, readXbrl, type InvoiceDraft } from './sources';
import { readCustomTags } from './tags';
import { invoiceTypeCode, isAmountInWords, isTitleCandidate } from '../common/text';
import { OFD_SOURCES, type OfdInvoice, type OfdSource } from '../common/fields';

export interface ReadOfdOptions {
	/** Override some of the safety limits (see DEFAULT_OFD_LIMITS). */
	limits?: Partial<OfdLimits>;
	/**
	 * Places to look for the invoice, in order. Default: original_invoice, xbrl, custom-tags, ofd-custom-data,
	 * page-text (the printed page read by position).
	 */
	sources?: readonly OfdSource[];
}

const READERS: Record<OfdSource, (pkg: OfdPackage) => Promise<InvoiceDraft | null> | InvoiceDraft | null> = {
	original_invoice: readOriginalInvoice,
	xbrl: readXbrl,
	'custom-tags': readCustomTags,
	'ofd-custom-data': readCustomData,
	'page-text': readPageText,
};

interface FirstPage {
	page: TextLayer;
	templates: TextLayer[];
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	return promise.then(
		(value) => ({ ok: true as const, value }),
		(error: unknown) => ({ ok: false as const, error }),
	);
}

async function readFirstPage(pkg: OfdPackage): Promise<FirstPage> {
	const [page, templates] = await Promise.all([pkg.pageTexts(0), pkg.templateTexts(0)]);
	return { page, templates };
}

/**
 * Whether the structured source lacks what every printed invoice shows (its lines, 大写 and drawer), so
 * the printed page is worth reading to fill the gaps. Reading it costs about as much as the rest of the
 * file, so a complete source skips it.
 */
function lacksPrintedParts(draft: InvoiceDraft): boolean {
	return draft.fields.GoodsInfos.length === 0 || draft.amountInWords === '' || draft.fields.InvoiceClerk === '';
}

/** The printed title: the largest text reading like an invoice title on the first page or its templates. */
export function findTitle(layers: readonly TextLayer[]): string {
	let best: TextItem | undefined;
	for (const layer of layers) {
		for (const item of layer.items) {
			if (!isTitleCandidate(item.text)) continue;
			if (!best || item.size > best.size) best = item;
		}
	}
	return best ? best.text.replace(/\s+/g, '') : '';
}

/** 价税合计(大写): the amount-in-words text nearest (vertically) to `anchor`, else the first one. */
export function findAmountInWords(layer: TextLayer, anchor?: TextItem): string {
	let best: TextItem | undefined;
	for (const item of layer.items) {
		if (!isAmountInWords(item.text)) continue;
		if (!anchor) {
			best = item;
			break;
		}
		if (!best || Math.abs(item.y - anchor.y) < Math.abs(best.y - anchor.y)) best = item;
	}
	return best ? best.text.replace(/\s+/g, '') : '';
}

/**
 * Read the invoice inside an OFD e-invoice file, locally, without any network call. The fields come from
 * the first of these places that holds them (reported in `OfdSource`): the original_invoice.xml attachment,
 * an XBRL attachment, the custom tags resolved against the page text, OFD.xml CustomDatas.
 * Throws OfdError (see OfdErrorCode) and nothing else for bad input.
 */
export async function readOfdInvoice(bytes: Uint8Array, options: ReadOfdOptions = {}): Promise<OfdInvoice> {
	if (!(bytes instanceof Uint8Array)) {
		throw new OfdError('NOT_A_ZIP', 'The OFD reader was given no file data (expected bytes)', FIX_NOT_OFD);
	}
	const pkg = await OfdPackage.open(bytes, options.limits);
	// The first page (title, 大写) is read alongside the sources: inflating is asynchronous, so this overlaps.
	const firstPage = settle(readFirstPage(pkg));

	let chosen: { source: OfdSource; draft: InvoiceDraft } | undefined;
	let firstError: OfdError | undefined;
	for (const source of options.sources ?? OFD_SOURCES) {
		const reader = READERS[source];
		if (!reader) continue;
		const outcome = await settle(Promise.resolve().then(() => reader(pkg)));
		if (outcome.ok) {
			if (outcome.value) {
				chosen = { source, draft: outcome.value };
				break;
			}
			continue;
		}
		if (!(outcome.error instanceof OfdError) || isFatalOfdError(outcome.error)) {
			await firstPage;
			throw outcome.error;
		}
		firstError ??= outcome.error; // a damaged part: try the next place, report this if none works
	}

	const layout = await firstPage;
	if (!layout.ok && (!(layout.error instanceof OfdError) || isFatalOfdError(layout.error))) throw layout.error;
	if (!chosen) {
		if (firstError) throw firstError;
		throw new OfdError(
			'NO_INVOICE_DATA',
			'The OFD file holds no invoice data: no original_invoice.xml or XBRL attachment, no invoice custom tags, no invoice fields in OFD.xml and no invoice labels in the page text',
			'Check that the file is an e-invoice (电子发票) OFD as issued by the tax platform or the seller, not another OFD document.',
		);
	}

	const { source, draft } = chosen;
	if (source === 'custom-tags') fillFromCustomData(draft, pkg.customData);
	if (source !== 'page-text' && lacksPrintedParts(draft)) {
		// What the structured source leaves out (untagged lines, 大写, remarks, drawer) from the printed page.
		const printed = await settle(readPageLayout(pkg));
		if (printed.ok && printed.value) fillFromLayout(draft, printed.value);
		else if (!printed.ok && (!(printed.error instanceof OfdError) || isFatalOfdError(printed.error))) throw printed.error;
	}

	const page = layout.ok ? layout.value.page : undefined;
	const templates = layout.ok ? layout.value.templates : [];
	let title = findTitle(page ? [page, ...templates] : templates);
	if (!title) title = draft.titleHint.replace(/\s+/g, '');

	let words = draft.amountInWords;
	if (!words) {
		const anchor = draft.totalAnchor;
		let layer = page;
		if (anchor && anchor.page > 0) {
			const other = await settle(pkg.pageTexts(anchor.page));
			layer = other.ok ? other.value : undefined;
		}
		if (layer) words = findAmountInWords(layer, anchor);
	}

	const f = draft.fields;
	// Red-letter from the page when it was read, else from the structured source's remark and total.
	let additions = draft.additions;
	if (!additions) {
		const red = blueInvoiceOf(f.Note);
		additions = {
			IsRedLetter: /^-/.test(f.TaxInclusiveTotalAmount.trim()) || red.number !== '',
			OriginalInvoiceNumber: red.number,
			OriginalInvoiceCode: red.code,
			SpecificBusiness: null,
		};
	}
	return {
		Type: invoiceTypeCode(title, draft.qrCode),
		InvoiceCode: f.InvoiceCode,
		InvoiceNumber: f.InvoiceNumber,
		IssueDate: f.IssueDate,
		InvoiceCheckCode: f.InvoiceCheckCode,
		MachineNumber: f.MachineNumber,
		TaxControlCode: f.TaxControlCode,
		Buyer: f.Buyer,
		Seller: f.Seller,
		TaxInclusiveTotalAmount: f.TaxInclusiveTotalAmount,
		InvoiceClerk: f.InvoiceClerk,
		Payee: f.Payee,
		Checker: f.Checker,
		TaxTotalAmount: f.TaxTotalAmount,
		TaxExclusiveTotalAmount: f.TaxExclusiveTotalAmount,
		Note: f.Note,
		GoodsInfos: f.GoodsInfos,
		AirTicketInfo: f.AirTicketInfo,
		RailwayTicketInfo: f.RailwayTicketInfo,
		InvoiceTitle: title,
		OfdSource: source,
		QrCode: draft.qrCode,
		TaxInclusiveTotalAmountInWords: words,
		PageCount: pkg.pages.length,
		...additions,
	};
}
