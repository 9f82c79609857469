'use strict';
/*
 * The mails of npm run test:mailbox and what the database must hold afterwards.
 *
 * Always, from the repository (so that a clone with nothing beside it runs the whole test): 数电 e-invoice
 * PDFs built by test/support/invoicePdf.js (pdfBuilder.js) from the made-up invoices below — one seller
 * with full-width brackets in its name, a mail with three invoices, a ZIP of two, a forwarded copy, a
 * broken one — and the licensed OFDs and the two scans of test/fixtures. Expected values of the built PDFs
 * are the descriptions they are printed from; those of the OFDs are written down below from each file's
 * own data (OFD.xml CustomData 合计金额 + 合计税额, see test/fixtures/ofd/EXPECTED_FIELDS.json); the scans
 * go to the emulator, whose answers are set here.
 *
 * When ../shared/samples is there (the unlicensed corpus, read at run time and never copied into the
 * repository): also real e-invoice PDFs, the 数电 XML and its platform ZIP, with expected values from
 * ../shared/samples/EXPECTED_PDF_XML.json (read off the printed invoices; spot-checked by hand:
 * sf-express 17.00, qingdao 234.00, the XML 100000.00).
 *
 * Always, too: the mails of test/mailbox/linkMails.js (issue #25), whose invoices come only or also as an
 * issuer's download link (served by test/support/issuerEmulator.js), and an expired link.
 */
const fs = require('node:fs');
const path = require('node:path');
const { buildMail } = require('../support/mime.js');
const { writeZip } = require('../support/zip.js');
const { digitalInvoicePdf, totals } = require('../support/invoicePdf.js');
const { sha256Hex } = require('../emulator/server.js');
const links = require('./linkMails.js');

const repoRoot = path.resolve(__dirname, '..', '..');
const samples = path.join(repoRoot, '..', 'shared', 'samples');
const fixtures = path.join(repoRoot, 'test', 'fixtures');

/** Whether the shared corpus is beside the repository (PDFs, XML and their expected values). */
const hasCorpus = () => ['pdf', 'xml', 'EXPECTED_PDF_XML.json'].every((f) => fs.existsSync(path.join(samples, f)));

/**
 * Made-up 数电 invoices (电子发票（普通发票）), printed into PDFs by test/support/invoicePdf.js. Tax IDs carry
 * valid GB 32100 check characters. `bracket` has full-width brackets in both names: the local readers keep
 * what is printed (nodes/core/read/common/text.ts), so they are stored with their full-width brackets.
 */
const BUYER = { name: '上海示例贸易（集团）有限公司', taxId: '91310000MA1FL0000N' };
const BUILT = {
	bracket: {
		number: '26312000000000100011',
		date: '2026-01-05',
		buyer: BUYER,
		seller: { name: '北京云图信息技术（北京）有限公司', taxId: '91110108MA0000000A' },
		lines: [
			{ name: '*信息技术服务*软件维护服务', unit: '项', quantity: '1', price: '1000.00', amount: '1000.00', rate: '6%', tax: '60.00' },
			{ name: '*信息技术服务*数据备份', unit: '月', quantity: '3', price: '200.00', amount: '600.00', rate: '6%', tax: '36.00' },
		],
	},
	office: {
		number: '26442000000000200022',
		date: '2026-01-06',
		buyer: BUYER,
		seller: { name: '深圳市样本办公用品有限公司', taxId: '91440300MA5F000007' },
		lines: [{ name: '*纸制品*复印纸', spec: 'A4', unit: '箱', quantity: '4', price: '125.00', amount: '500.00', rate: '13%', tax: '65.00' }],
	},
	travel: {
		number: '26322000000000300033',
		date: '2026-01-07',
		buyer: BUYER,
		seller: { name: '苏州示范酒店管理有限公司', taxId: '91320500MA1M000009' },
		lines: [
			{ name: '*住宿服务*住宿费', unit: '晚', quantity: '2', price: '380.00', amount: '760.00', rate: '6%', tax: '45.60' },
			{ name: '*餐饮服务*餐费', unit: '次', quantity: '1', price: '120.00', amount: '120.00', rate: '6%', tax: '7.20' },
		],
	},
	freight: {
		number: '26332000000000400044',
		date: '2026-01-08',
		buyer: BUYER,
		seller: { name: '杭州测试物流有限公司', taxId: '91330100MA2H00000L' },
		lines: [{ name: '*运输服务*国内道路货物运输服务', unit: '次', quantity: '1', price: '1800.00', amount: '1800.00', rate: '9%', tax: '162.00' }],
	},
	parts: {
		number: '26512000000000500055',
		date: '2026-01-09',
		buyer: BUYER,
		seller: { name: '成都样例机电设备有限公司', taxId: '91510100MA6C00000M' },
		lines: [
			{ name: '*机械设备*轴承', spec: '6205-2RS', unit: '个', quantity: '20', price: '15.50', amount: '310.00', rate: '13%', tax: '40.30' },
			{ name: '*机械设备*密封圈', spec: 'Φ52', unit: '个', quantity: '40', price: '2.25', amount: '90.00', rate: '13%', tax: '11.70' },
			{ name: '*劳务*安装调试', unit: '项', quantity: '1', price: '300.00', amount: '300.00', rate: '6%', tax: '18.00' },
		],
	},
	catering: {
		number: '26122000000000600066',
		date: '2026-01-10',
		buyer: BUYER,
		seller: { name: '天津示例餐饮服务有限公司', taxId: '91120116MA07000003' },
		lines: [{ name: '*餐饮服务*工作餐', unit: '份', quantity: '30', price: '25.00', amount: '750.00', rate: '6%', tax: '45.00' }],
	},
};
const builtPdf = (key) => digitalInvoicePdf(BUILT[key]);

const PDF = {
	sf: 'zqywuxie_invoice_management_25437000000297554203_shudian-common_sf-express_2025.pdf',
	sinopec: 'kudeerliu48-web_fapiaohezi_26427000000145891963_shudian-common_chengpinyou-sinopec_2026.pdf',
	jd: 'yooongchun_Invoice2Excel_012001900111_51142414_tianjin-jd-discount_2019.pdf',
	qingdao: 'yooongchun_Invoice2Excel_037021700211_27209635_qingdao_2018.pdf',
	baiwang: 'yooongchun_Invoice2Excel_042001700112_11162913_hubei-baiwang-fonts_2018.pdf',
	didi: 'clm1100_parserpdf2_011002000511_36523185_beijing-didi-taxexempt_2020.pdf',
	itext: 'kudeerliu48-web_fapiaohezi_042002200411_50440169_hubei-chengpinyou-itext545_2023.pdf',
};
const XML = 'leeprince_goinfra_dzfp_23612000000006098062_shudian-common_shaanxi_2023.xml';
const PLATFORM_ZIP = 'leeprince_goinfra_dzfp_23612000000006098062_platform-download.zip';

/** OFD fixtures: number, code and 价税合计 (合计金额 + 合计税额 of the file's CustomData). */
const OFD = {
	special: { file: 'easyofd_zengzhishui-dianzi-zhuanpiao5_vat-e-special-2022.ofd', invoiceCode: '052002100113', invoiceNumber: '00008006', totalAmount: 25254.62 },
	suwell: { file: 'ofdrw_converter_1_vat-e-common-suwell-2020.ofd', invoiceCode: '033002000211', invoiceNumber: '83089647', totalAmount: 526.0 },
	digital: { file: 'ofdrw_converter_20240531141733_shudian-full-digital-2024.ofd', invoiceCode: null, invoiceNumber: '24112000000048542163', totalAmount: 4449.0 },
	baiwang: { file: 'ofdrw_converter_draw_param_ref_vat-e-common-baiwang-test-2020.ofd', invoiceCode: '011002680026', invoiceNumber: '71500013', totalAmount: 10000.0 },
};

/** The scans and the emulator's answer for each (Tencent's documented VatInvoiceOCR example, renumbered). */
const SCANS = {
	png: { file: 'images/guanshuicheng_invoice_vat-e-common.png', contentType: 'image/png', invoiceNumber: '63591128' },
	jpg: { file: 'images/guanshuicheng_invoice_vat-special-paper.jpg', contentType: 'image/jpeg', invoiceNumber: '63591129' },
};
const SCAN_CODE = '012001100311';
const SCAN_TOTAL = 89.9;

function scanResponse(invoiceNumber) {
	const base = JSON.parse(fs.readFileSync(path.join(fixtures, 'tencent', 'VatInvoiceOCR.response.json'), 'utf8'));
	const response = base.Response || base;
	for (const info of response.VatInvoiceInfos) if (info.Name === '发票号码') info.Value = `No${invoiceNumber}`;
	return response;
}

/** A built PDF cut off after its first 1200 bytes: no page left to read, so it goes to the provider, which cannot decode it. */
const brokenPdf = () => Buffer.concat([builtPdf('catering').subarray(0, 1200), Buffer.from('\n%%garbage\n')]);

function emulatorFixtures() {
	return [
		...Object.values(SCANS).map((scan) => ({
			sha256: sha256Hex(fs.readFileSync(path.join(fixtures, scan.file))),
			api: 'tencent:VatInvoiceOCR',
			response: scanResponse(scan.invoiceNumber),
		})),
		// Tencent's answer to a file it cannot decode (the emulator's default would be its documented example).
		{ sha256: sha256Hex(brokenPdf()), api: 'tencent:VatInvoiceOCR', error: { code: 'FailedOperation.ImageDecodeFailed', message: '图片解码失败' } },
	];
}

const read = {
	pdf: (key) => fs.readFileSync(path.join(samples, 'pdf', PDF[key])),
	xml: () => fs.readFileSync(path.join(samples, 'xml', XML)),
	platformZip: () => fs.readFileSync(path.join(samples, 'xml', PLATFORM_ZIP)),
	ofd: (key) => fs.readFileSync(path.join(fixtures, 'ofd', OFD[key].file)),
	scan: (key) => fs.readFileSync(path.join(fixtures, SCANS[key].file)),
};

const att = {
	pdf: (key, name = `发票-${key}.pdf`) => ({ filename: name, contentType: 'application/pdf', content: read.pdf(key) }),
	built: (key, name = `dzfp_${BUILT[key].number}.pdf`) => ({ filename: name, contentType: 'application/pdf', content: builtPdf(key) }),
	ofd: (key) => ({ filename: `invoice-${key}.ofd`, contentType: 'application/ofd', content: read.ofd(key) }),
	xml: () => ({ filename: '数电发票.xml', contentType: 'application/xml', content: read.xml() }),
	scan: (key) => ({ filename: `scan-${key}.${key}`, contentType: SCANS[key].contentType, content: read.scan(key) }),
};

/** Every invoice the mails carry, with the fields to check; the corpus ones only when `corpus`. */
function expectedInvoices(corpus = hasCorpus()) {
	const out = [];
	for (const [key, spec] of Object.entries(BUILT)) {
		if (key === 'catering') continue; // only mailed broken
		const { totalCents } = totals(spec.lines);
		out.push({
			from: `built ${key} (test/support/invoicePdf.js)`,
			invoiceNumber: spec.number,
			invoiceCode: null,
			dedupKey: spec.number,
			totalAmount: totalCents / 100,
			issueDate: spec.date,
			sellerTaxId: spec.seller.taxId,
			// As printed: （集团） is stored as （集团）.
			sellerName: spec.seller.name,
			buyerName: spec.buyer.name,
			lines: spec.lines.length,
		});
	}
	if (corpus) {
		const table = JSON.parse(fs.readFileSync(path.join(samples, 'EXPECTED_PDF_XML.json'), 'utf8'));
		const fromTable = (key, from) => {
			const e = table[key];
			if (!e) throw new Error(`${key} is not in EXPECTED_PDF_XML.json`);
			out.push({
				from,
				invoiceNumber: e.invoiceNumber,
				invoiceCode: e.invoiceCode || null,
				dedupKey: e.invoiceCode ? `${e.invoiceCode}-${e.invoiceNumber}` : e.invoiceNumber,
				totalAmount: e.totalAmount,
				issueDate: e.issueDate,
				sellerTaxId: e.sellerTaxId || undefined,
				lines: e.lines ? e.lines.length : e.linesCount,
			});
		};
		for (const key of Object.keys(PDF)) fromTable(`pdf/${PDF[key]}`, PDF[key]);
		fromTable(`xml/${XML}`, XML);
	}
	for (const o of Object.values(OFD)) {
		out.push({ from: o.file, invoiceNumber: o.invoiceNumber, invoiceCode: o.invoiceCode, dedupKey: o.invoiceCode ? `${o.invoiceCode}-${o.invoiceNumber}` : o.invoiceNumber, totalAmount: o.totalAmount });
	}
	for (const s of Object.values(SCANS)) {
		out.push({ from: `${s.file} (emulator)`, invoiceNumber: s.invoiceNumber, invoiceCode: SCAN_CODE, dedupKey: `${SCAN_CODE}-${s.invoiceNumber}`, totalAmount: SCAN_TOTAL });
	}
	return out;
}

/**
 * The mails in delivery order, split into three phases: before the kill, while n8n is down, after
 * the restart. `random` (seeded) shuffles the order within the first and last phase.
 */
function mailPlan(random) {
	let n = 0;
	const mails = [];
	const problems = [];
	const mail = (label, { subject, text = '', attachments = [], inReplyTo, expectProblems = [], expectProblemCode }) => {
		const messageId = `<mailbox-test-${String(++n).padStart(2, '0')}.${label}@fapiao-test.invalid>`;
		const m = {
			label,
			messageId,
			attachments: attachments.length,
			raw: buildMail({
				from: `Supplier ${n} <billing${n}@supplier.invalid>`,
				to: 'invoices@company.invalid',
				subject,
				messageId,
				inReplyTo,
				date: new Date(Date.UTC(2026, 0, 15, 9, n)),
				text,
				attachments,
			}),
		};
		for (const fileName of expectProblems) problems.push({ messageId, label, fileName, code: expectProblemCode });
		mails.push(m);
		return m;
	};
	const reply = (i) =>
		mail(`reply-${i}`, { subject: `Re: 发票 ${i}`, text: `收到，谢谢。(${i})`, inReplyTo: `<earlier-${i}@supplier.invalid>` });

	const corpus = hasCorpus();
	const ifCorpus = (make) => (corpus ? make() : []);

	// Phase 1 (before the kill): a scan first, so that n8n is waiting on the provider when killed.
	const p1 = [
		mail('png-scan', { subject: '扫描件', attachments: [att.scan('png')] }),
		mail('pdf-bracket', { subject: '电子发票 云图信息技术（北京）', attachments: [att.built('bracket')] }),
		mail('jpg-scan', { subject: '纸质专票扫描', attachments: [att.scan('jpg')] }),
		mail('three-invoices', { subject: '本月发票 3 张', attachments: ['office', 'travel', 'freight'].map((k) => att.built(k)) }),
		mail('ofd-special', { subject: 'OFD 专票', attachments: [att.ofd('special')] }),
		...ifCorpus(() => [
			mail('pdf-sf', { subject: '电子发票 顺丰', attachments: [att.pdf('sf')] }),
			mail('five-attachments', { subject: '本月发票 5 张', attachments: ['qingdao', 'baiwang', 'didi', 'itext', 'jd'].map((k) => att.pdf(k)) }),
			mail('xml', { subject: '数电票 XML', attachments: [att.xml()] }),
		]),
		reply(1),
		reply(2),
		reply(3),
		mail('ofd-digital', { subject: '数电 OFD', attachments: [att.ofd('digital')] }),
		reply(4),
		reply(5),
	];
	// Phase 2 (n8n is down).
	const p2 = [
		mail('pdf-zip', {
			subject: '发票压缩包',
			attachments: [{ filename: 'invoices.zip', contentType: 'application/zip', content: writeZip([{ name: `dzfp_${BUILT.parts.number}.pdf`, data: builtPdf('parts') }]) }],
		}),
		...ifCorpus(() => [mail('platform-zip', { subject: '平台下载 (zip)', attachments: [{ filename: 'dzfp.zip', contentType: 'application/zip', content: read.platformZip() }] })]),
		reply(6),
		mail('broken-pdf', {
			subject: '发票（文件损坏）',
			attachments: [{ filename: 'broken.pdf', contentType: 'application/pdf', content: brokenPdf() }],
			expectProblems: ['broken.pdf'],
		}),
		reply(7),
		...ifCorpus(() => [mail('pdf-sinopec', { subject: '加油发票', attachments: [att.pdf('sinopec')] })]),
	];
	// Phase 3 (after the restart).
	const p3 = [
		mail('ofd-zip-bundle', {
			subject: '两张 OFD（压缩包）',
			attachments: [{ filename: 'ofd-bundle.zip', contentType: 'application/zip', content: writeZip([{ name: OFD.suwell.file, data: read.ofd('suwell') }, { name: OFD.baiwang.file, data: read.ofd('baiwang') }]) }],
		}),
		mail('forwarded-bracket', { subject: 'Fwd: 电子发票 云图信息技术（北京）', text: '转发：上次那张', attachments: [att.built('bracket', 'forwarded.pdf')] }),
		...ifCorpus(() => [mail('forwarded-pdf', { subject: 'Fwd: 电子发票 顺丰', text: '转发：上次那张', attachments: [att.pdf('sf', 'forwarded.pdf')] })]),
		mail('forwarded-png', { subject: 'Fwd: 扫描件', attachments: [att.scan('png')] }),
		mail('text-only-attachment', {
			subject: '付款说明',
			attachments: [{ filename: 'notes.txt', contentType: 'text/plain', content: Buffer.from('请于月底前付款。\n', 'utf8') }],
			expectProblems: [null], // no file of an invoice type: one problem for the mail, without a file name
		}),
		...[8, 9, 10, 11, 12, 13, 14, 15, 16].map(reply),
	];
	// The link mails (test/mailbox/linkMails.js), each into the phase it names, before the shuffle.
	const byPhase = [p1, p2, p3];
	for (const spec of links.linkMailSpecs()) byPhase[spec.phase].push(mail(spec.label, spec));
	const shuffle = (list) => {
		for (let i = list.length - 1; i > 0; i--) {
			const j = Math.floor(random() * (i + 1));
			[list[i], list[j]] = [list[j], list[i]];
		}
		return list;
	};
	// The first two stay first (the kill waits for work in progress); the rest is shuffled.
	const phases = [[...p1.slice(0, 2), ...shuffle(p1.slice(2))], p2, shuffle(p3)];
	return { mails: phases.flat(), phases, invoices: [...expectedInvoices(corpus), ...links.expectedLinkInvoices()], problems, corpus };
}

module.exports = { mailPlan, emulatorFixtures, expectedInvoices, hasCorpus, samples, BUILT, OFD };
