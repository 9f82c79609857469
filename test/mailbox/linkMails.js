'use strict';
/*
 * Issue #25's additions to npm run test:mailbox, wired in by plan.js and run.js:
 *
 *   run.js runVersion(): startLinkEmulator() beside the provider emulator, closed with the other services
 *   run.js workflowFor(): prepareWorkflow(wf, issuers.url): the VAT Invoice OCR node's requests to issuers
 *                         go to the emulator; Has Attachments gets LINK_FILTER_VALUE (as the examples have it)
 *   plan.js mailPlan():   linkMailSpecs() through its own mail(), each in the phase it names (before the
 *                         shuffle); expectedLinkInvoices() added to the expected invoices
 *   run.js check():       each link invoice's row (and its line rows) equal to the row its file gives as an
 *                         attachment (LINK_OFD, read by the built package as an attachment is), and the
 *                         expired link a problem with code LinkExpired
 *
 * The mails (plain text, as the test's buildMail writes them; the link shapes are those of
 * nodes/core/run/issuers.ts, whose public sources are named there):
 *   link-tax        only the tax platform's three links (Wjgs=PDF/OFD/XML) of one invoice; the platform
 *                   has its OFD (the XML and PDF answers are the platform's JSON failure) → 1 invoice
 *   link-nuonuo     only a 诺诺 short link; its landing page lists the OFD → 1 invoice
 *   link-and-file   the same invoice as link-nuonuo attached as OFD and linked by a 百望云 short link
 *                   (redirect → preview → downloadFormat): stored once from this mail (AlsoIn names the
 *                   link), and once more counted as a duplicate absorbed across mails
 *   link-expired    only a 诺诺 link whose page says it has expired → 1 problem (file name empty)
 * They add 4 mails, 1 attachment, 2 invoices stored, 1 duplicate absorbed and 1 problem to plan.js's own
 * mails (docs/mailbox.md has the figures of a run with and without ../shared).
 */
const fs = require('node:fs');
const path = require('node:path');
const { startIssuerEmulator } = require('../support/issuerEmulator.js');

const fixtures = path.resolve(__dirname, '..', 'fixtures');

/** Two licensed OFD fixtures no other mail of the plan carries; values from each file's own data (test/fixtures/ofd/EXPECTED_FIELDS.json). */
const LINK_OFD = {
	huhuang: { file: 'ofdrw_converter_999_vat-e-common-multipage-huhuang-2020.ofd', invoiceCode: '050001700111', invoiceNumber: '12235358', totalAmount: 10600.0 },
	taxexempt: { file: 'ofdrw_layout_no_page_container_vat-e-common-taxexempt-2020.ofd', invoiceCode: '031001900511', invoiceNumber: '04875996', totalAmount: 57.0 },
};

const readOfd = (key) => fs.readFileSync(path.join(fixtures, 'ofd', LINK_OFD[key].file));

/** Tokens of the emulated links (made up). */
const TOKENS = {
	tax: '20500017001112235358', // the tax platform's Fphm
	nuonuo: 'Nn7Xq2Taxexempt04875996',
	baiwang: 'bw9Taxexempt04875996',
	expired: 'Nn0ExpiredLink2026',
};

const TAX_LINK = (format) =>
	`https://dppt.chongqing.chinatax.gov.cn:8443/kpfw/fpjfzz/v1/exportDzfpwjEwm?Wjgs=${format}&Jym=7257&Fphm=${TOKENS.tax}&Kprq=20200805101500&Czsj=1596593700000`;

/** The issuer emulator serving the mails' links. */
async function startLinkEmulator() {
	return await startIssuerEmulator({
		invoices: {
			[TOKENS.tax]: { ofd: readOfd('huhuang') },
			[TOKENS.nuonuo]: { ofd: readOfd('taxexempt') },
			[TOKENS.baiwang]: { ofd: readOfd('taxexempt') },
		},
		expired: [TOKENS.expired],
	});
}

/**
 * The Has Attachments filter's left value that also lets through mails whose text holds an issuer link
 * (every host of the table in nodes/core/run/issuers.ts; test/core/run/linkFilter.test.ts checks it).
 */
const LINK_FILTER_VALUE =
	"={{ Object.keys($binary || {}).length + (/(chinatax\\.gov\\.cn|baiwang\\.com|jss\\.com\\.cn|nuonuo\\.com|nuonuocs\\.cn|fapiao\\.com|51fapiao\\.cloud|vpiaotong\\.com|newtimeai\\.com)/i.test(String($json.text || '') + String($json.html || $json.textHtml || '')) ? 1 : 0) }}";

/** The test's workflow: VAT Invoice OCR follows links to the emulator; Has Attachments passes link mails. */
function prepareWorkflow(workflow, emulatorUrl) {
	const ocr = workflow.nodes.find((n) => n.type === 'n8n-nodes-fapiao.vatInvoiceOcr');
	ocr.parameters.followLinks = true;
	ocr.parameters.testOnlyIssuerEmulator = emulatorUrl;
	const filter = workflow.nodes.find((n) => n.name === 'Has Attachments');
	filter.parameters.conditions.conditions[0].leftValue = LINK_FILTER_VALUE;
	return workflow;
}

/** The mails: for plan.js's mail(label, spec) helper; `phase` is the index in plan.phases (0, 1, 2). */
function linkMailSpecs() {
	return [
		{
			phase: 0,
			label: 'link-tax',
			subject: '您收到一张电子发票',
			text: ['您好，电子发票已开具，请下载：', `PDF：${TAX_LINK('PDF')}`, `OFD：${TAX_LINK('OFD')}`, `XML：${TAX_LINK('XML')}`, ''].join('\n'),
		},
		{ phase: 1, label: 'link-nuonuo', subject: '【电子发票】发票已开具', text: `您的电子发票已开具，点击查看下载 https://nnfp.jss.com.cn/${TOKENS.nuonuo}\n诺诺网 https://www.nuonuo.com/\n` },
		{
			phase: 2,
			label: 'link-and-file',
			subject: '电子发票下载（附件与链接）',
			text: `发票见附件，也可点击 http://u.baiwang.com/${TOKENS.baiwang} 下载。\n`,
			attachments: [{ filename: 'dzfp_04875996.ofd', contentType: 'application/ofd', content: readOfd('taxexempt') }],
		},
		{
			phase: 2,
			label: 'link-expired',
			subject: '【电子发票】旧链接',
			text: `请点击 https://nnfp.jss.com.cn/${TOKENS.expired} 下载发票。\n`,
			expectProblems: [null], // a link error has no file name: one problem for the mail
			expectProblemCode: 'LinkExpired',
		},
	];
}

/** The invoices the link mails add to plan.invoices (same shape as plan.js's entries). */
function expectedLinkInvoices() {
	return Object.values(LINK_OFD).map((o) => ({
		from: `${o.file} (issuer link)`,
		invoiceNumber: o.invoiceNumber,
		invoiceCode: o.invoiceCode,
		dedupKey: `${o.invoiceCode}-${o.invoiceNumber}`,
		totalAmount: o.totalAmount,
	}));
}

module.exports = { LINK_OFD, startLinkEmulator, prepareWorkflow, linkMailSpecs, expectedLinkInvoices, LINK_FILTER_VALUE, TOKENS, TAX_LINK };
