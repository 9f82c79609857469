import { emptyUserInfo, type VatInvoiceUserInfo } from '../common/fields';
import { compactCode, valueRightOf, type LabelHit } from './fields';
import type { LabelKey } from './labels';

/**
 * Buyer and seller blocks. Each block starts with a 名称 label; the 纳税人识别号, 地址、电话 and 开户行及账号
 * labels below it in the same column belong to it. 数电 invoices print the two blocks side by side (buyer left),
 * the older VAT layouts one above the other (buyer above the goods table, seller below the totals).
 */
export interface Parties {
	buyer: VatInvoiceUserInfo;
	seller: VatInvoiceUserInfo;
	sideBySide: boolean;
	/** Where the seller block starts (its 名称 label), to bound other searches. */
	sellerTop: number | null;
	buyerTop: number | null;
}

const PARTY_KEYS: ReadonlyArray<[LabelKey, keyof VatInvoiceUserInfo]> = [
	['taxId', 'TaxId'],
	['addrTel', 'AddrTel'],
	['account', 'FinancialAccount'],
];

/** How far below its 名称 label (mm) a block's last label may be. */
const BLOCK_DEPTH = 24;
/** How far left or right (mm) of the 名称 label the block's other labels may start. */
const COLUMN_SLACK = 12;

function readBlock(nameHit: LabelHit, hits: readonly LabelHit[], bottom: number, stopAtX?: number): VatInvoiceUserInfo {
	const info = emptyUserInfo();
	info.Name = valueRightOf(nameHit, { stopAtX })?.text ?? '';
	for (const [key, field] of PARTY_KEYS) {
		const hit = hits.find(
			(h) =>
				h.key === key &&
				h.row.page === nameHit.row.page &&
				h.row.cy >= nameHit.row.cy - 0.5 &&
				h.row.cy < bottom &&
				Math.abs(h.x0 - nameHit.x0) <= COLUMN_SLACK,
		);
		if (!hit) continue;
		const value = valueRightOf(hit, { stopAtX })?.text ?? '';
		info[field] = field === 'TaxId' ? compactCode(value) : value.trim();
	}
	return info;
}

export function readParties(hits: readonly LabelHit[], passwordX?: number): Parties {
	const names = hits.filter((h) => h.key === 'name' && h.row.page === hits[0]?.row.page);
	const result: Parties = { buyer: emptyUserInfo(), seller: emptyUserInfo(), sideBySide: false, sellerTop: null, buyerTop: null };
	if (names.length === 0) return result;
	const first = names[0];
	const beside = names.find((h) => h !== first && Math.abs(h.row.cy - first.row.cy) < first.row.height && h.x0 > first.x0 + 40);
	if (beside) {
		result.sideBySide = true;
		const bottom = first.row.cy + BLOCK_DEPTH;
		result.buyer = readBlock(first, hits, bottom, beside.x0 - 8);
		result.seller = readBlock(beside, hits, bottom);
		result.buyerTop = first.row.top;
		result.sellerTop = beside.row.top;
		return result;
	}
	const second = names.find((h) => h !== first && h.row.cy > first.row.cy + 8);
	result.buyer = readBlock(first, hits, Math.min(first.row.cy + BLOCK_DEPTH, second ? second.row.cy - 0.5 : Infinity), passwordX);
	result.buyerTop = first.row.top;
	if (second) {
		result.seller = readBlock(second, hits, second.row.cy + BLOCK_DEPTH, passwordX);
		result.sellerTop = second.row.top;
	}
	return result;
}
