import { readLayoutInvoice } from '../layout/invoice';
import { ASCENT, type LayoutInvoice, type PositionedText } from '../layout/types';
import type { OfdPackage } from './package';
import { newDraft, type InvoiceDraft } from './sources';
import { emptyTencentFields, hasInvoiceData, type VerifyOfdVatInvoiceOcrFields } from '../common/fields';
import { asPrinted } from '../common/text';

/**
 * (e) The printed page text, read by position (nodes/core/read/layout): the last source for an OFD that holds only
 * page text, and the filler of what the structured sources leave out (untagged lines, 大写, remarks, drawer).
 */

/** An OFD TextObject as ./package.ts reads it (Boundary in mm, already top-left). */
export interface OfdTextItemLike {
	text: string;
	x: number;
	y: number;
	width: number;
	height: number;
	size: number;
	page: number;
	/** Where the glyphs are drawn (TextCode X/Y/DeltaX under the CTM), when known: boundaries are often loose. */
	glyphs?: { x: number; width: number; baseline: number; size: number };
}

/** OFD TextObjects (one page or template layer) as positioned text, as printed (encoding artefacts folded, read/common/text.ts). */
export function fromOfdLayer(layer: { items: readonly OfdTextItemLike[] }, pageIndex?: number): PositionedText[] {
	const out: PositionedText[] = [];
	for (const item of layer.items) {
		const text = asPrinted(item.text);
		if (text.trim() === '') continue;
		const page = pageIndex ?? Math.max(0, item.page);
		const g = item.glyphs;
		if (g && Number.isFinite(g.x) && Number.isFinite(g.baseline) && g.size > 0) {
			out.push({ text, x: g.x, y: g.baseline - g.size * ASCENT, width: Math.max(0, g.width), height: g.size, page });
			continue;
		}
		const height = item.height > 0 ? item.height : item.size > 0 ? item.size : 3;
		const chars = [...text.replace(/\s+/g, '')];
		if (chars.length > 1 && height > 2 * item.width && height >= chars.length * 0.8 * Math.min(item.width, height / chars.length)) {
			// Vertical text (购买方, 密码区, 备注 printed one character per line): one item per character.
			const step = height / chars.length;
			chars.forEach((ch, i) => out.push({ text: ch, x: item.x, y: item.y + i * step, width: item.width, height: Math.min(step, item.width * 1.2), page }));
			continue;
		}
		out.push({ text, x: item.x, y: item.y, width: Math.max(0, item.width), height, page });
	}
	return out;
}

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
	draft.additions = {
		IsRedLetter: layout.IsRedLetter,
		OriginalInvoiceNumber: layout.OriginalInvoiceNumber,
		OriginalInvoiceCode: layout.OriginalInvoiceCode,
		SpecificBusiness: layout.SpecificBusiness,
	};
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
