'use strict';
// A seeded mixed mailbox for `npm run bench --only mailbox`: mails with invoice files of every kind
// VAT Invoice OCR meets (e-invoice PDFs, OFDs, 数电 XML, platform ZIPs, scans) and the logos and text
// files that come with them. Pure: the caller gives the files; this only decides which mail gets what.
const { seededRandom } = require('./random');

/** Kinds in the order the description names them; `skip` = not an invoice file (a logo, a text file). */
const MAILBOX_KINDS = Object.freeze(['pdf', 'ofd', 'xml', 'zip', 'image', 'scan', 'skip']);

const KIND_LABELS = Object.freeze({
	pdf: 'e-invoice PDFs',
	ofd: 'OFDs',
	xml: '数电 XML',
	zip: 'platform ZIPs',
	image: 'PNG/JPEG scans',
	scan: 'scanned PDFs',
	skip: 'logos/text (to be skipped)',
});

/**
 * @typedef {{ fileName: string, mimeType: string, data: Buffer }} PoolFile
 * @typedef {{ kind: string, fileName: string, mimeType: string, data: Buffer }} Attachment
 */

/**
 * Deals the wanted number of files of each kind into `mails` mails. Every mail gets at least one invoice
 * file (a reply holding only a logo is a different case, covered by the node's tests); the rest are spread
 * at random. Files of a kind are taken from its pool in turn, so every pool file is used when the count
 * allows. A kind whose pool is empty gets none (its count is dropped: see the returned `counts`).
 *
 * @param {{ pools: Record<string, PoolFile[]>, counts: Record<string, number>, mails: number, seed?: number }} options
 * @returns {{ mails: Attachment[][], counts: Record<string, number> }}
 */
function composeMailbox({ pools, counts, mails, seed = 13 }) {
	const random = seededRandom(seed);
	const pickIndex = (n) => Math.floor(random() * n);
	const shuffle = (list) => {
		for (let i = list.length - 1; i > 0; i--) {
			const j = pickIndex(i + 1);
			[list[i], list[j]] = [list[j], list[i]];
		}
		return list;
	};

	const actual = {};
	const invoiceFiles = [];
	const skipFiles = [];
	for (const kind of MAILBOX_KINDS) {
		const pool = pools[kind] ?? [];
		const wanted = Math.max(0, Math.floor(counts[kind] ?? 0));
		actual[kind] = pool.length === 0 ? 0 : wanted;
		for (let i = 0; i < actual[kind]; i++) {
			const file = pool[i % pool.length];
			(kind === 'skip' ? skipFiles : invoiceFiles).push({ kind, fileName: file.fileName, mimeType: file.mimeType, data: file.data });
		}
	}
	if (invoiceFiles.length < mails) {
		throw new RangeError(`${mails} mails need at least ${mails} invoice files; only ${invoiceFiles.length} were given`);
	}

	shuffle(invoiceFiles);
	const box = Array.from({ length: mails }, (_, i) => [invoiceFiles[i]]);
	for (const file of [...invoiceFiles.slice(mails), ...skipFiles]) box[pickIndex(mails)].push(file);
	for (const mail of box) shuffle(mail);
	return { mails: box, counts: actual };
}

/** "60 mails, 120 attachments: 30 e-invoice PDFs, 20 OFDs, …" */
function describeMailbox({ mails, counts }) {
	const attachments = mails.reduce((n, mail) => n + mail.length, 0);
	const parts = MAILBOX_KINDS.filter((kind) => counts[kind] > 0).map((kind) => `${counts[kind]} ${KIND_LABELS[kind]}`);
	return `${mails.length} mails, ${attachments} attachments: ${parts.join(', ')}`;
}

module.exports = { MAILBOX_KINDS, KIND_LABELS, composeMailbox, describeMailbox };
