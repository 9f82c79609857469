/**
 * The seeded mixed mailbox of `npm run bench -- --only mailbox` (test/support/mailbox.js): the figures the
 * bench prints are only as good as the mailbox's description of itself.
 */
import { composeMailbox, describeMailbox, MAILBOX_KINDS } from '../support/mailbox';

type PoolFile = { fileName: string; mimeType: string; data: Buffer };

function pool(kind: string, size: number): PoolFile[] {
	return Array.from({ length: size }, (_, i) => ({ fileName: `${kind}-${i}`, mimeType: 'application/octet-stream', data: Buffer.from(`${kind} ${i}`) }));
}

const POOLS: Record<string, PoolFile[]> = {
	pdf: pool('pdf', 8),
	ofd: pool('ofd', 8),
	xml: pool('xml', 1),
	zip: pool('zip', 1),
	image: pool('image', 2),
	scan: pool('scan', 1),
	skip: pool('skip', 2),
};
const COUNTS = { pdf: 30, ofd: 20, xml: 10, zip: 10, image: 25, scan: 5, skip: 20 };

type Attachment = { kind: string; fileName: string };

function countKinds(mails: Attachment[][]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const mail of mails) for (const file of mail) counts[file.kind] = (counts[file.kind] ?? 0) + 1;
	return counts;
}

describe('composeMailbox', () => {
	it('deals exactly the asked number of files of each kind into the asked number of mails', () => {
		const box = composeMailbox({ pools: POOLS, counts: COUNTS, mails: 60, seed: 13 });
		expect(box.mails).toHaveLength(60);
		expect(countKinds(box.mails)).toEqual(COUNTS);
		expect(box.counts).toEqual(COUNTS);
		expect(box.mails.reduce((n: number, mail: Attachment[]) => n + mail.length, 0)).toBe(120);
	});

	it('gives every mail at least one invoice file, so no mail is only a logo', () => {
		for (const seed of [1, 2, 3, 13, 99]) {
			const box = composeMailbox({ pools: POOLS, counts: COUNTS, mails: 60, seed });
			for (const mail of box.mails) expect(mail.some((file: Attachment) => file.kind !== 'skip')).toBe(true);
		}
	});

	it('takes the files of a kind in turn, so every pool file is used when the count allows', () => {
		const box = composeMailbox({ pools: POOLS, counts: COUNTS, mails: 60, seed: 13 });
		const names = new Set(box.mails.flat().map((file: Attachment) => file.fileName));
		for (const kind of MAILBOX_KINDS) for (const file of POOLS[kind]) expect(names.has(file.fileName)).toBe(true);
		const pdfs = box.mails.flat().filter((file: Attachment) => file.kind === 'pdf');
		// 30 from a pool of 8, in turn: the first six files 4 times, the last two 3 times.
		const uses = POOLS.pdf.map((file) => pdfs.filter((f: Attachment) => f.fileName === file.fileName).length);
		expect(uses).toEqual([4, 4, 4, 4, 4, 4, 3, 3]);
	});

	it('is the same mailbox for the same seed, and another for another seed', () => {
		const layout = (seed: number) =>
			composeMailbox({ pools: POOLS, counts: COUNTS, mails: 60, seed }).mails.map((mail: Attachment[]) => mail.map((file) => file.fileName).join(','));
		expect(layout(13)).toEqual(layout(13));
		expect(layout(14)).not.toEqual(layout(13));
	});

	it('drops a kind whose pool is empty and says so in its counts', () => {
		const box = composeMailbox({ pools: { ...POOLS, pdf: [] }, counts: COUNTS, mails: 60, seed: 13 });
		expect(box.counts.pdf).toBe(0);
		expect(countKinds(box.mails).pdf).toBeUndefined();
		expect(describeMailbox(box)).not.toContain('e-invoice PDFs');
	});

	it('refuses more mails than invoice files instead of leaving a mail without one', () => {
		expect(() => composeMailbox({ pools: POOLS, counts: { pdf: 2, skip: 5 }, mails: 3 })).toThrow(RangeError);
	});
});

describe('describeMailbox', () => {
	it('names the mails, the attachments and each kind, in a fixed order', () => {
		const box = composeMailbox({ pools: POOLS, counts: COUNTS, mails: 60, seed: 13 });
		expect(describeMailbox(box)).toBe(
			'60 mails, 120 attachments: 30 e-invoice PDFs, 20 OFDs, 10 数电 XML, 10 platform ZIPs, 25 PNG/JPEG scans, 5 scanned PDFs, 20 logos/text (to be skipped)',
		);
	});
});
