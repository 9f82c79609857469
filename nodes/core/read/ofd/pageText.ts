import { fromOfdLayer } from '../layout/types';
import { readLayoutInvoice } from '../layout/invoice';
import type { LayoutInvoice, PositionedText } from '../layout/types';
import type { OfdPackage } from './package';
import { hasInvoiceData, newDraft, type InvoiceDraft } from './sources';
import { emptyTencentFields, type VerifyOfdVatInvoiceOcrFields } from '../common/fields';

/**
 * (e) The printed page text, read by position (nodes/core/layout): the last source for an OFD that holds only
 * page text, and the filler of what the structured sources leave out (untagged lines, 大写, remarks, drawer).
 */

/** Pages read for the printed text (a 销货清单 rarely runs past a few pages). */
const MAX_LAYOUT_PAGES = 50;

/** Each page's text objects with its templates' (the template holds the labels of some producers). */
export async function readPositionedPages(pkg: OfdPackage): Promise<PositionedText[][]> {
	const count = Math.min(pkg.pages.length, pkg.limits.maxPages, MAX_LAYOUT_PAGES);
	const pages: PositionedText[][] = [];
	for (let i = 0; i < count; i++) {
		const [page, templates] = await Promise.all([pkg.pageTexts(i), pkg.templateTexts(i)]);
		const items: PositionedText[] = [];
		for (const template of templates) items.push(...fromOfdLayer(template, i));
		items.push(...fromOfdLayer(page, i));
		pages.push(items);
	}
	return pages;
}

export async function readPageLayout(pkg: OfdPackage): Promise<LayoutInvoice | null> {
	const pages = await readPositionedPages(pkg);
	if (pages.every((page) => page.length === 0)) return null;
	return readLayoutInvoice(pages);
}

function tencentPart(layout: LayoutInvoice): VerifyOfdVatInvoiceOcrFields {
	const fields = emptyTencentFields();
	for (const key of Object.keys(fields) as Array<keyof VerifyOfdVatInvoiceOcrFields>) {
		(fields as unknown as Record<string, unknown>)[key] = layout[key];
	}
	return fields;
}

export async function readPageText(pkg: OfdPackage): Promise<InvoiceDraft | null> {
	const layout = await readPageLayout(pkg);
	if (!layout) return null;
	const draft = newDraft();
	draft.fields = tencentPart(layout);
	draft.amountInWords = layout.TaxInclusiveTotalAmountInWords;
	draft.titleHint = layout.InvoiceTitle;
	return hasInvoiceData(draft.fields) ? draft : null;
}

/** Header fields the printed page may add when a structured source leaves them empty. */
const FILLABLE = ['InvoiceClerk', 'Payee', 'Checker', 'Note'] as const;
const PARTY_FILLABLE = ['AddrTel', 'FinancialAccount'] as const;

/**
 * Fill what `draft` lacks from the printed page: the goods lines when the source has none, the 大写, the
 * remarks and the people (开票人, 收款人, 复核), the parties' address and account. Returns the fields filled.
 */
export function fillFromLayout(draft: InvoiceDraft, layout: LayoutInvoice): string[] {
	const filled: string[] = [];
	const f = draft.fields;
	if (f.GoodsInfos.length === 0 && layout.GoodsInfos.length > 0) {
		f.GoodsInfos = layout.GoodsInfos;
		filled.push('GoodsInfos');
	}
	if (!draft.amountInWords && layout.TaxInclusiveTotalAmountInWords) {
		draft.amountInWords = layout.TaxInclusiveTotalAmountInWords;
		filled.push('TaxInclusiveTotalAmountInWords');
	}
	for (const key of FILLABLE) {
		if (f[key] === '' && layout[key] !== '') {
			f[key] = layout[key];
			filled.push(key);
		}
	}
	for (const side of ['Buyer', 'Seller'] as const) {
		// Only when the printed block is the same party (same tax id or name).
		const same = (f[side].TaxId !== '' && f[side].TaxId === layout[side].TaxId) || (f[side].Name !== '' && f[side].Name === layout[side].Name);
		if (!same) continue;
		for (const key of PARTY_FILLABLE) {
			if (f[side][key] === '' && layout[side][key] !== '') {
				f[side][key] = layout[side][key];
				filled.push(`${side}.${key}`);
			}
		}
	}
	return filled;
}
