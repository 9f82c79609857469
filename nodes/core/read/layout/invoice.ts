import { asPrinted, invoiceTypeCode, isAmountInWords, isTitleCandidate, looseText, PrintedText } from '../common/text';
import { emptyAdditions, emptyTencentFields } from '../common/fields';
import { blueInvoiceOf } from '../../invoice/normalize/redLetter';
import { compactCode, digitsOf, findLabels, printedDate, rowTextRightOf, textRightOf, valueRightOf, type LabelHit } from './fields';
import { cleanAmount, isAmountText, isStarsText, MARKER_CHARS } from './labels';
import { buildRows, type Row } from './lines';
import { airIssueDate, readAirTicket } from './air';
import { readRailwayTicket, stationsRowIndex } from './railway';
import { readSpecificBusiness } from './specific';
import { readGoods } from './items';
import { readParties } from './parties';
import type { LayoutInvoice, LayoutKind, PositionedText } from './types';

/** Limits for hostile input: text items read per page, pages read, characters kept per item. */
export const LAYOUT_LIMITS = Object.freeze({ maxItemsPerPage: 20_000, maxPages: 200, maxItemChars: 500 });

/** Tags the tax platform prints above the title of a 数电 invoice. */
const TITLE_TAGS = ['成品油', '旅客运输服务', '货物运输服务', '建筑服务', '不动产经营租赁服务', '不动产销售', '农产品收购', '机动车', '卷烟', '稀土', '代开', '差额征税', '通行费', '自产农产品销售', '报废产品收购'];

/** The circled ⓧ / ⊗ printed before the 大写 amount (no digits before it) is decoration, not part of the amount. */
function wordsOf(text: string): string {
	return text.replace(/\s+/g, '').replace(/^[ⓧ⊗⨂☒Xx]+/u, '');
}

function title(rows: readonly Row[]): { text: string; top: number; bottom: number } {
	// A whole text item first (stamp characters printed across the title would pollute a cell), then cells.
	let best: { text: string; height: number; top: number } | null = null;
	for (const row of rows) {
		for (const item of row.items) {
			const compact = item.text.replace(/\s+/g, '');
			if (isTitleCandidate(compact) && (!best || item.height > best.height)) best = { text: compact, height: item.height, top: item.y };
		}
	}
	if (!best) {
		for (const row of rows) {
			for (const cell of row.cells) {
				const compact = cell.text.replace(/\s+/g, '');
				if (isTitleCandidate(compact) && (!best || cell.height > best.height)) best = { text: compact, height: cell.height, top: cell.y - cell.height / 2 };
			}
		}
	}
	if (!best) return { text: '', top: 0, bottom: 0 };
	// Printed with full-width brackets, as the OFD reader and Tencent return it.
	return { text: best.text.replace(/\(/g, '（').replace(/\)/g, '）'), top: best.top, bottom: best.top + best.height };
}

function firstHit(hits: readonly LabelHit[], key: LabelHit['key']): LabelHit | undefined {
	return hits.find((h) => h.key === key);
}

function valueOf(hits: readonly LabelHit[], key: LabelHit['key'], accept: (text: string) => boolean = (t) => t !== ''): string {
	for (const hit of hits) {
		if (hit.key !== key) continue;
		const v = valueRightOf(hit);
		if (v && accept(v.text)) return v.text;
	}
	return '';
}

/** Amount-like and *** pieces of a row after position `index` of its text, in order ("¥ 272.25" is one). */
function amountsAfter(row: Row, index: number): string[] {
	const out: string[] = [];
	const pieces = row.text.slice(index).split(/\s+/).filter((p) => p !== '');
	for (let i = 0; i < pieces.length; i++) {
		let text = pieces[i];
		if (/^-?[¥]$/.test(text) && pieces[i + 1] && isAmountText(pieces[i + 1])) text += pieces[++i];
		if (isAmountText(text)) out.push(cleanAmount(text));
		else if (isStarsText(text)) out.push('***');
	}
	return out;
}

interface NoteRegion {
	x: number;
	top: number;
	bottom: number;
}

/** The 备注 box: right of the 备/注 markers (or the 备注 label), between the 价税合计 row and the signatures. */
function noteRegion(rows: readonly Row[], hits: readonly LabelHit[], wordsRow: Row | undefined): NoteRegion | null {
	let markerTop: { x: number; top: number; bottom: number } | undefined;
	let markerBottom: number | undefined;
	for (const row of rows) {
		for (const cell of row.cells) {
			// The marker may share a cell with the first line of the note ("备 国自然基金合作协议").
			if (!/^[备注](?:\s|$)/.test(cell.text)) continue;
			const glyph = cell.glyphs[0];
			if (glyph.ch === '备' && !markerTop && (!wordsRow || row.cy > wordsRow.cy)) markerTop = { x: glyph.x1, top: row.top, bottom: row.bottom };
			else if (glyph.ch === '注' && markerTop && row.cy > markerTop.top && Math.abs(glyph.x1 - markerTop.x) < 3) markerBottom = row.bottom;
		}
	}
	const label = hits.find((h) => h.key === 'note' && (!wordsRow || h.row.cy > wordsRow.cy));
	if (!markerTop && label) markerTop = { x: label.x1, top: label.row.top, bottom: label.row.bottom };
	if (!markerTop) return null;
	let top = markerTop.top - 4;
	if (wordsRow) top = Math.max(top, wordsRow.bottom + 0.1);
	let bottom = Math.max(markerBottom ?? markerTop.bottom, markerTop.bottom) + 2.5;
	const signature = hits.find((h) => (h.key === 'clerk' || h.key === 'payee' || h.key === 'sellerSeal') && h.row.cy > markerTop.top && h.x0 < markerTop.x);
	if (signature) bottom = Math.min(bottom, signature.row.top);
	return { x: markerTop.x + 0.3, top, bottom };
}

function noteText(rows: readonly Row[], region: NoteRegion): string {
	const parts: string[] = [];
	for (const row of rows) {
		if (row.cy < region.top || row.cy > region.bottom) continue;
		const text = rowTextRightOf(row, region.x)
			.split(' ')
			.filter((piece) => !(piece.length === 1 && MARKER_CHARS.has(piece)))
			.join(' ')
			.trim();
		if (text) parts.push(text);
	}
	return parts.join(' ');
}

const inRegion = (hit: LabelHit, region: NoteRegion | null) =>
	region !== null && hit.row.cy >= region.top && hit.row.cy <= region.bottom && hit.x0 >= region.x;

/**
 * Drop empty text, apply the per-page limit; `text` becomes the loose view labels are matched on (core/printed.ts
 * looseText, same length) and `printed` keeps the characters as printed (encoding artefacts folded).
 */
function prepare(page: readonly PositionedText[]): PositionedText[] {
	const out: PositionedText[] = [];
	for (const item of page.slice(0, LAYOUT_LIMITS.maxItemsPerPage)) {
		if (typeof item.text !== 'string') continue;
		if (![item.x, item.y, item.width, item.height].every(Number.isFinite)) continue;
		const printed = asPrinted(item.text.slice(0, LAYOUT_LIMITS.maxItemChars));
		const text = looseText(printed);
		if (text.trim() === '') continue;
		out.push({ ...item, text, printed, width: Math.max(0, item.width), height: item.height > 0 ? item.height : 3 });
	}
	return out;
}

/** The printed characters of every row (items left to right, rows in reading order), to restore values from. */
function printedIndex(allRows: ReadonlyArray<readonly Row[]>): PrintedText {
	// Nothing to restore when every character reads the same on the loose view (most Chinese invoices use ASCII).
	if (!allRows.some((rows) => rows.some((row) => row.items.some((item) => item.printed !== undefined && item.printed !== item.text)))) {
		return new PrintedText('', '');
	}
	let loose = '';
	let printed = '';
	for (const rows of allRows) {
		for (const row of rows) {
			for (const item of [...row.items].sort((a, b) => a.x - b.x)) {
				loose += item.text;
				printed += item.printed ?? item.text;
			}
		}
	}
	return new PrintedText(loose, printed);
}

/**
 * Text values (names, addresses, notes, item names …) back in their printed characters; amounts, codes and dates
 * stay. A masked amount (the *** of a tax-exempt line or total) is text too: it comes back as printed (＊＊＊).
 */
function restorePrinted(f: LayoutInvoice, index: PrintedText): void {
	if (!index.differs) return;
	const r = (v: string) => index.restore(v);
	const masked = (v: string) => (isStarsText(v) ? r(v) : v);
	f.TaxExclusiveTotalAmount = masked(f.TaxExclusiveTotalAmount);
	f.TaxTotalAmount = masked(f.TaxTotalAmount);
	f.TaxInclusiveTotalAmount = masked(f.TaxInclusiveTotalAmount);
	f.InvoiceTitle = r(f.InvoiceTitle);
	for (const party of [f.Buyer, f.Seller]) {
		party.Name = r(party.Name);
		party.AddrTel = r(party.AddrTel);
		party.FinancialAccount = r(party.FinancialAccount);
	}
	f.Note = r(f.Note);
	f.Payee = r(f.Payee);
	f.Checker = r(f.Checker);
	f.InvoiceClerk = r(f.InvoiceClerk);
	for (const g of f.GoodsInfos) {
		g.Item = r(g.Item);
		g.Specification = r(g.Specification);
		g.MeasurementDimension = r(g.MeasurementDimension);
		g.TaxAmount = masked(g.TaxAmount);
	}
	const air = f.AirTicketInfo;
	for (const key of ['PassengerName', 'Endorsement', 'PromptInformation', 'IssueParty', 'IssuingStatus', 'MarkingOfDomesticOrInternational', 'NameOfPurchaser', 'NameOfSeller'] as const) {
		air[key] = r(air[key]);
	}
	for (const s of air.DetailInformationOfAirTicketTuple) {
		s.DepartureStation = r(s.DepartureStation);
		s.DestinationStation = r(s.DestinationStation);
		s.FlightSegment = r(s.FlightSegment);
		s.SeatClass = r(s.SeatClass);
		s.FreeBaggageAllowance = r(s.FreeBaggageAllowance);
	}
	const rail = f.RailwayTicketInfo;
	for (const key of ['DepartureStation', 'DestinationStation', 'SeatLevel', 'Name', 'NameOfPurchaser', 'TypeOfBusiness'] as const) {
		rail[key] = r(rail[key]);
	}
	if (f.SpecificBusiness) {
		const sb = f.SpecificBusiness;
		sb.KindText = r(sb.KindText);
		for (const key of Object.keys(sb.Fields)) sb.Fields[key] = r(sb.Fields[key]);
		for (const row of sb.Rows) for (const key of Object.keys(row)) row[key] = r(row[key]);
	}
	f.Tags = f.Tags.map(r);
}

function layoutKind(titleText: string, code: string, number: string, check: string, toll: boolean): LayoutKind {
	if (/铁路电子客票/.test(titleText)) return 'railway';
	if (/航空运输电子客票行程单/.test(titleText)) return 'air';
	if (/^电子发票/.test(titleText) || (number.length === 20 && code === '')) return 'digital';
	if (toll) return 'toll';
	if (/深圳电子普通发票/.test(titleText) || (check.length > 0 && check.length <= 6)) return 'blockchain';
	if (code !== '' || /增值税电子(?:普通|专用)发票/.test(titleText)) return 'vat-electronic';
	return 'unknown';
}

/**
 * Read an invoice from positioned text (page 0 first; later pages may hold the 销货清单). Labels and values are
 * paired by where they are printed, never by the order they were written in.
 */
export function readLayoutInvoice(pages: ReadonlyArray<readonly PositionedText[]>): LayoutInvoice {
	const allRows = pages.slice(0, LAYOUT_LIMITS.maxPages).map((page) => buildRows(prepare(page)));
	const rows = allRows[0] ?? [];
	const hits = findLabels(rows);
	const f = emptyTencentFields();

	const printed = title(rows);
	f.InvoiceTitle = printed.text;

	f.InvoiceCode = digitsOf(valueOf(hits, 'code', (t) => /\d{6}/.test(t)));
	f.InvoiceNumber = digitsOf(valueOf(hits, 'number', (t) => /\d{6}/.test(t)));
	f.MachineNumber = compactCode(valueOf(hits, 'machine', (t) => /\d/.test(t)));
	const dateHit = firstHit(hits, 'date');
	if (dateHit) {
		const own = valueRightOf(dateHit)?.text ?? '';
		let date = printedDate(own);
		if (!date) {
			const text = textRightOf(dateHit, 45);
			date = printedDate(text);
			const digits = digitsOf(text);
			if (!date && digits.length >= 8) date = printedDate(`${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`);
		}
		f.IssueDate = date;
	}
	const checkHit = firstHit(hits, 'check');
	let check = '';
	if (checkHit) {
		// Printed in groups of five ("03110 83848 26372 56784"), or 5 characters on 深圳 blockchain invoices.
		const v = valueRightOf(checkHit);
		const groups = v ? /^[\dA-Za-z]+(?:\s+[\dA-Za-z]+)*/.exec(v.text) : null;
		check = compactCode(groups ? groups[0] : '');
	}
	f.InvoiceCheckCode = check;

	// Totals: 合计 row (amount, tax), 价税合计 row (大写, 小写).
	const totalHit = hits.find((h) => h.key === 'total');
	if (totalHit) {
		let amounts = amountsAfter(totalHit.row, totalHit.end);
		for (const row of totalHit.near) {
			if (amounts.length > 0) break;
			amounts = amountsAfter(row, 0);
		}
		f.TaxExclusiveTotalAmount = amounts[0] ?? '';
		f.TaxTotalAmount = amounts[1] ?? '';
	}
	const wordsHit = hits.find((h) => h.key === 'words');
	const wordsRow = wordsHit?.row;
	let words = '';
	const searchRows = wordsRow ? [wordsRow, ...rows.filter((r) => Math.abs(r.cy - wordsRow.cy) < 3 && r !== wordsRow)] : [];
	for (const row of [...searchRows, ...rows]) {
		const cell = row.cells.find((c) => isAmountInWords(wordsOf(c.text)) || isAmountInWords(c.text));
		if (cell) {
			words = wordsOf(cell.text);
			break;
		}
		// The 大写 may share a cell with its label: "价税合计(大写) ⓧ壹拾叁圆整".
		const labelled = wordsHit && row === wordsRow ? valueRightOf(wordsHit) : null;
		if (labelled && isAmountInWords(wordsOf(labelled.text))) {
			words = wordsOf(labelled.text);
			break;
		}
	}
	let inclusive = '';
	const figuresHit = hits.find((h) => h.key === 'inFigures');
	if (figuresHit) inclusive = amountsAfter(figuresHit.row, figuresHit.end)[0] ?? '';
	if (!inclusive && wordsRow) {
		const amounts = amountsAfter(wordsRow, wordsHit?.end ?? 0);
		inclusive = amounts[amounts.length - 1] ?? '';
	}
	f.TaxInclusiveTotalAmount = inclusive;

	// Parties: the 密码区 / 备注 column bounds the older layout's values on the right.
	const passwordCell = rows.flatMap((r) => r.cells).find((c) => c.text.replace(/\s+/g, '') === '密' || /^密码区/.test(c.text.replace(/\s+/g, '')));
	const parties = readParties(hits, passwordCell ? passwordCell.x0 - 0.5 : undefined);
	f.Buyer = parties.buyer;
	f.Seller = parties.seller;

	const region = noteRegion(rows, hits, wordsRow);
	if (region) f.Note = noteText(rows, region);
	const person = (key: 'payee' | 'checker' | 'clerk') => {
		for (const hit of hits) {
			if (hit.key !== key || inRegion(hit, region)) continue;
			const v = valueRightOf(hit, { maxGap: 20 });
			if (v && !/^[:(]/.test(v.text)) return v.text.replace(/[;；]$/, '').trim();
		}
		return '';
	};
	f.Payee = person('payee');
	f.Checker = person('checker');
	f.InvoiceClerk = person('clerk');

	// Goods: page 0's table; the 销货清单 pages when page 0 refers to them (or holds no lines).
	const first = readGoods(rows);
	let lines = first.lines;
	if (allRows.length > 1) {
		const later = allRows.slice(1).flatMap((pageRows) => readGoods(pageRows).lines);
		if (later.length > 0 && (first.listReference || lines.length === 0)) lines = later;
		else if (later.length > 0 && lines.length > 0 && first.listReference === false) lines = [...lines, ...later];
	}
	f.GoodsInfos = lines;
	// Some producers leave the 合计 row empty when the lines are on the list: the 详见销货清单 row carries them.
	if (f.TaxExclusiveTotalAmount === '' && first.referenceLine) {
		f.TaxExclusiveTotalAmount = first.referenceLine.Amount;
		if (f.TaxTotalAmount === '') f.TaxTotalAmount = first.referenceLine.TaxAmount;
	}

	const toll = first.table?.toll ?? false;
	const kind = layoutKind(printed.text, f.InvoiceCode, f.InvoiceNumber, f.InvoiceCheckCode, toll);
	f.Type = invoiceTypeCode(printed.text, null);
	if (kind === 'air') {
		const air = readAirTicket(rows);
		f.AirTicketInfo = air;
		f.IssueDate ||= airIssueDate(air);
		f.Buyer.Name ||= air.NameOfPurchaser;
		f.Buyer.TaxId ||= air.UnifiedSocialCreditCodeOfPurchaser;
		f.TaxInclusiveTotalAmount ||= air.TotalAmount;
		f.TaxTotalAmount ||= air.VatTaxAmount;
	}

	const tags: string[] = [];
	if (printed.text) {
		for (const row of rows) {
			if (row.top > printed.bottom + 8) break; // beside or just under the title (成品油 on older layouts)
			for (const cell of row.cells) {
				const t = cell.text.replace(/\s+/g, '');
				if (TITLE_TAGS.includes(t) && !tags.includes(t)) tags.push(t);
			}
		}
	}

	const out: LayoutInvoice = {
		...f,
		TaxInclusiveTotalAmountInWords: words,
		QrCode: null,
		PageCount: pages.length,
		Layout: kind,
		Tags: tags,
		...emptyAdditions(),
	};
	if (kind === 'railway' || (kind === 'unknown' && stationsRowIndex(rows) >= 0 && /铁路/.test(printed.text))) {
		const rail = readRailwayTicket(rows, f.InvoiceNumber, f.IssueDate);
		out.RailwayTicketInfo = rail;
		out.Buyer.Name ||= rail.NameOfPurchaser;
		out.Buyer.TaxId ||= rail.UnifiedSocialCreditCodeOfPurchaser;
		out.TaxInclusiveTotalAmount ||= rail.Fare;
		out.OriginalInvoiceNumber = rail.NumberOfOriginalInvoice;
	}
	if (kind === 'digital' || kind === 'unknown') out.SpecificBusiness = readSpecificBusiness(rows, tags, out.Note);
	const redLetter = blueInvoiceOf(out.Note);
	out.OriginalInvoiceNumber ||= redLetter.number;
	out.OriginalInvoiceCode = redLetter.code;
	out.IsRedLetter = /^-/.test(out.TaxInclusiveTotalAmount.trim()) || redLetter.number !== '';
	restorePrinted(out, printedIndex(allRows));
	return out;
}
