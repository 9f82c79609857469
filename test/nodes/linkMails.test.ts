import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { normalizeInvoice } from '../../nodes/core/invoice/normalize';
import { issuerHostPatterns } from '../../nodes/core/run/issuers';
import { invoiceLinks } from '../../nodes/core/run/links';
import { VatInvoiceOcr } from '../../nodes/VatInvoiceOcr/VatInvoiceOcr.node';
import { binaryItem, runNode } from '../helpers/nodeHarness';
import { outputOf } from '../helpers/outcomes';
import * as links from '../mailbox/linkMails';
import { httpRequest } from '../support/fileServer';

// The mails issue #25 adds to npm run test:mailbox (test/mailbox/linkMails.js), run through the node
// here against the same issuer emulator, so that what the mailbox run expects is known to hold.

function node(): INodeType {
	const vat = new VatInvoiceOcr();
	return {
		description: vat.description,
		async execute(this: IExecuteFunctions) {
			const ctx = Object.create(this) as IExecuteFunctions;
			Object.defineProperty(ctx, 'helpers', { value: { ...this.helpers, httpRequest } });
			return await vat.execute!.call(ctx);
		},
	};
}

test('the link mails of test:mailbox: the invoices and the problem it expects', async () => {
	const emulator = await links.startLinkEmulator();
	try {
		const specs = links.linkMailSpecs();
		// Each mail links to one invoice (the tax mail's PDF, OFD and XML links are one invoice, fetched once).
		expect(specs.map((spec) => invoiceLinks({ text: spec.text }).plans.length)).toEqual([1, 1, 1, 1]);
		const items: INodeExecutionData[] = specs.map((spec) => {
			const files = Object.fromEntries((spec.attachments ?? []).map((a, i) => [`attachment_${i}`, { data: a.content, fileName: a.filename }]));
			const item = spec.attachments ? binaryItem(files) : { json: {} };
			item.json = { text: spec.text, messageId: `<${spec.label}@test>` };
			return item;
		});
		const out = outputOf(
			await runNode(node(), {
				items,
				parameters: { provider: 'local', inputType: 'binary', binaryMode: 'all', fileTypes: ['ofd', 'pdf', 'xml', 'zip'], followLinks: true, testOnlyIssuerEmulator: emulator.url, options: { retryDelay: 1 } },
				continueOnFail: true,
			}),
		);
		const byMail = specs.map((_, i) => out.filter((o) => (o.pairedItem as { item: number }).item === i));
		const expected = links.expectedLinkInvoices();
		// link-tax, link-nuonuo: one invoice each; link-and-file: one (the attachment, AlsoIn the link); link-expired: one problem.
		expect(byMail.map((items) => items.map((o) => o.json.InvoiceNumber ?? o.json.code))).toEqual([[expected[0].invoiceNumber], [expected[1].invoiceNumber], [expected[1].invoiceNumber], ['LinkExpired']]);
		expect(byMail[2][0].json.AlsoIn).toEqual([{ EntryName: expect.stringContaining('(http://u.baiwang.com/bw9Taxexempt04875996)'), FileFormat: 'ofd' }]);
		expect(byMail[3][0].json.fileName).toBeNull();
		for (const [i, mailItems] of byMail.slice(0, 2).entries()) {
			const canonical = normalizeInvoice(mailItems[0].json);
			expect({ dedupKey: canonical.dedupKey, totalAmount: canonical.totalAmount }).toEqual({ dedupKey: expected[i].dedupKey, totalAmount: expected[i].totalAmount });
		}
	} finally {
		await emulator.close();
	}
});

test("the Has Attachments filter of the mailbox workflow lets through a mail with any issuer's link, and not one without", () => {
	const pattern = /\/\((.*)\)\/i\.test/.exec(links.LINK_FILTER_VALUE)?.[1];
	const filter = new RegExp(`(${pattern})`, 'i');
	for (const host of issuerHostPatterns()) expect(filter.test(`https://${host.replace('*.', 'www.')}/x`)).toBe(true);
	expect(filter.test('Re: 谢谢 https://www.example.com/')).toBe(false);
	const workflow = { nodes: [{ name: 'VAT Invoice OCR', type: 'n8n-nodes-fapiao.vatInvoiceOcr', parameters: {} }, { name: 'Has Attachments', parameters: { conditions: { conditions: [{ leftValue: '' }] } } }] };
	const prepared = links.prepareWorkflow(workflow, 'http://127.0.0.1:1234');
	expect(prepared.nodes[0].parameters).toEqual({ followLinks: true, testOnlyIssuerEmulator: 'http://127.0.0.1:1234' });
});
