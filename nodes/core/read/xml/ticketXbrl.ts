import { descendants, type XmlElement } from './parser';

/**
 * The 财政部 电子凭证会计数据标准 taxonomies of the two tickets: rai (电子发票（铁路电子客票）) and atr (电子发票（航空运输
 * 电子客票行程单）). 12306 and the airlines attach such an instance (Doc_0/Attachs/rai_issuer_*.xml, atr_issuer_*.xml).
 * It shares element names with inv: (DateOfIssue, NameOfPurchaser, TotalAmountExcludingTax, Remarks) but not the
 * invoice number, seller, total or trip, so read as an inv: invoice it would give a ticket without them; the
 * ticket is read from its printed page instead. Element names and namespaces as public parsers of the real files
 * read them (issue #21's notes); no real instance is in the samples, so it is not mapped itself.
 */
const TICKET_TAXONOMY = /^https?:\/\/xbrl\.mof\.gov\.cn\/taxonomy\/[^/]+\/(rai|atr)\/?$/;

/** Which ticket an XBRL instance is of (its first element in rai: or atr:), null for any other. */
export function ticketXbrlKind(root: XmlElement): 'railway' | 'air' | null {
	for (const e of descendants(root)) {
		const match = TICKET_TAXONOMY.exec(e.namespace);
		if (match) return match[1] === 'rai' ? 'railway' : 'air';
	}
	return null;
}
