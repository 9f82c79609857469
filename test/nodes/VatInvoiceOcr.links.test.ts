import { NodeOperationError, type IDataObject, type IExecuteFunctions, type IHttpRequestOptions, type INodeExecutionData, type INodeType } from 'n8n-workflow';

import { readOfdInvoice } from '../../nodes/core/read/ofd';
import { VatInvoiceOcr } from '../../nodes/VatInvoiceOcr/VatInvoiceOcr.node';
import { einvoiceBytes } from '../helpers/einvoiceXml';
import { invoicePdfFromOfd } from '../helpers/invoicePdf';
import { binaryItem, runNode, type HarnessResult, type ParamValue } from '../helpers/nodeHarness';
import { outputOf } from '../helpers/outcomes';
import { httpRequest } from '../support/fileServer';
import { readFixture } from '../support/files';
import { startIssuerEmulator } from '../support/issuerEmulator';

// Follow Invoice Links in Mail against the issuer emulator (test/support/issuerEmulator.js) on
// 127.0.0.1, reached through the test-only option; every request the node makes is recorded here and
// checked: each went to the emulator for an allow-listed issuer host, with no cookie or credential.
// The invoices: licensed sample OFDs, PDFs made from them, synthetic 数电 XML.

const SUWELL = readFixture('ofd', 'ofdrw_converter_1_vat-e-common-suwell-2020.ofd');
const SHUDIAN = readFixture('ofd', 'ofdrw_converter_20240531141733_shudian-full-digital-2024.ofd');
const HUHUANG = readFixture('ofd', 'ofdrw_converter_999_vat-e-common-multipage-huhuang-2020.ofd');

let SHUDIAN_PDF: Buffer;
let SHUDIAN_XML: Buffer;
let SHUDIAN_NUMBER: string;
let SUWELL_NUMBER: string;
let HUHUANG_NUMBER: string;
let emulator: Awaited<ReturnType<typeof startIssuerEmulator>>;

const TAX = (token: string, format = 'PDF') =>
	`https://dppt.guangdong.chinatax.gov.cn:8443/kpfw/fpjfzz/v1/exportDzfpwjEwm?Wjgs=${format}&Jym=9C1D&Fphm=${token}&Kprq=20251031093346&Czsj=1761874431758`;

beforeAll(async () => {
	SHUDIAN_PDF = await invoicePdfFromOfd(SHUDIAN);
	SHUDIAN_NUMBER = (await readOfdInvoice(SHUDIAN)).InvoiceNumber;
	SUWELL_NUMBER = (await readOfdInvoice(SUWELL)).InvoiceNumber;
	HUHUANG_NUMBER = (await readOfdInvoice(HUHUANG)).InvoiceNumber;
	SHUDIAN_XML = Buffer.from(einvoiceBytes({ number: SHUDIAN_NUMBER, eiid: SHUDIAN_NUMBER }));
	emulator = await startIssuerEmulator({
		invoices: {
			// The tax platform: XML, OFD and PDF of one 数电 invoice (its number is the token, as Fphm is).
			[SHUDIAN_NUMBER]: { xml: SHUDIAN_XML, ofd: SHUDIAN, pdf: SHUDIAN_PDF },
			nnTok8Suwell: { ofd: SUWELL },
			bwTok7Huhuang: { ofd: HUHUANG },
			fpTok9Shudian00000000: { pdf: SHUDIAN_PDF, ofd: SHUDIAN },
			pdfOnly12345: { pdf: SHUDIAN_PDF },
		},
		expired: ['nnTok0Expired', 'invTok0Gone', '25442000000000000000'],
		captcha: ['vpTok1Captcha'],
		htmlOnly: ['fpTok2HtmlOnly000000'],
		oversized: ['invTok3Huge'],
		stalled: ['invTok4Stall'],
		redirects: {
			bwTok4Private: 'http://10.0.0.8/invoice.pdf',
			// This very emulator by its address: refused like any other loopback target.
			bwTok5Loopback: 'http://127.0.0.1/https/inv.jss.com.cn/fp2/pdfOnly12345.pdf',
			bwTok6LinkLocal: 'https://169.254.169.254/latest/meta-data/',
			bwTok7Offlist: 'https://files.example.com/invoice.pdf',
			bwTok8Mapped: 'https://[::ffff:7f00:1]/invoice.pdf',
			bwTok9Loop: 'https://u.baiwang.com/bwTok9Loop', // redirects to itself
		},
	});
});

afterAll(async () => {
	await emulator.close();
});

interface Sent {
	url: string;
	headers: Record<string, string>;
}

/** The node with n8n's plain httpRequest (axios, as n8n), every request recorded. */
function recording(sent: Sent[], send: (o: IHttpRequestOptions) => Promise<unknown> = httpRequest): INodeType {
	const node = new VatInvoiceOcr();
	return {
		description: node.description,
		async execute(this: IExecuteFunctions) {
			const ctx = Object.create(this) as IExecuteFunctions;
			const recorded = async (options: IHttpRequestOptions) => {
				sent.push({ url: options.url, headers: Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)])) });
				return await send(options);
			};
			Object.defineProperty(ctx, 'helpers', { value: { ...this.helpers, httpRequest: recorded } });
			return await node.execute!.call(ctx);
		},
	};
}

const FAST = { retryDelay: 1, retries: 1, requestsPerSecond: 1000, maxConcurrentRequests: 4, timeout: 5000 };

async function run(items: INodeExecutionData[], parameters: Record<string, ParamValue> = {}, sent: Sent[] = [], send?: (o: IHttpRequestOptions) => Promise<unknown>): Promise<HarnessResult> {
	return await runNode(recording(sent, send), {
		items,
		parameters: {
			provider: 'local',
			inputType: 'binary',
			binaryMode: 'all',
			fileTypes: ['bmp', 'jpeg', 'ofd', 'pdf', 'png', 'xml', 'zip'],
			followLinks: true,
			testOnlyIssuerEmulator: emulator.url,
			options: FAST,
			...parameters,
		},
		continueOnFail: true,
	});
}

/** A mail as the Email Trigger gives it (resolved format): text, html, and attachments as binary. */
function mail(fields: { text?: string; html?: string }, attachments: Record<string, { data: Buffer; fileName: string }> = {}): INodeExecutionData {
	const item = Object.keys(attachments).length ? binaryItem(attachments) : { json: {} };
	item.json = { subject: '电子发票', messageId: '<m@example.invalid>', ...fields };
	return item;
}

/** Every request went to the emulator, for an allow-listed issuer host, with nothing but Accept (no cookie, no credential). */
function expectOnlyEmulator(sent: Sent[]): void {
	for (const request of sent) {
		expect(request.url.startsWith(`${emulator.url}/`)).toBe(true);
		const host = request.url.slice(emulator.url.length + 1).split('/')[1];
		expect(host).toMatch(/(\.chinatax\.gov\.cn:8443|baiwang\.com|jss\.com\.cn|fapiao\.com|vpiaotong\.com)$/);
		expect(Object.keys(request.headers)).toEqual(['accept']);
	}
}

/** The invoice fields of an output item, without where it came from. */
function invoiceFields(json: IDataObject): IDataObject {
	const rest = { ...json };
	for (const key of ['fileName', 'binaryProperty', 'sourceUrl', 'mimeType', 'AlsoIn']) delete rest[key];
	return rest;
}

describe('Follow Invoice Links in Mail: a link gives the invoice the attachment would', () => {
	test.each([
		['the tax platform (Wjgs format parameter: XML chosen over the mailed PDF link)', () => ({ text: `PDF下载：${TAX(SHUDIAN_NUMBER)}` }), () => SHUDIAN_XML, 'xml'],
		['诺诺 landing page (lists the OFD)', () => ({ html: '<a href="https://nnfp.jss.com.cn/nnTok8Suwell">下载发票</a><a href="https://fp.nuonuo.com/#/">诺诺发票</a>' }), () => SUWELL, 'ofd'],
		['百望云 http short link → redirect → preview → downloadFormat', () => ({ text: '请点击 http://u.baiwang.com/bwTok7Huhuang 查看' }), () => HUHUANG, 'ofd'],
		['法大大 direct links (XML missing: the OFD)', () => ({ text: ['pdf', 'ofd', 'xml'].map((f) => `https://www.fapiao.com/${f === 'pdf' ? 'dzfp-web' : 'DownLoad'}/${f}/download?request=fpTok9Shudian00000000`).join('\n') }), () => SHUDIAN, 'ofd'],
	])('%s', async (_label, fields, attachment, format) => {
		const sent: Sent[] = [];
		const out = outputOf(await run([mail(fields())], {}, sent));
		expect(out.map((o) => o.json.error)).toEqual([undefined]);
		expect(out[0].json.FileFormat).toBe(format);
		expect(typeof out[0].json.sourceUrl).toBe('string');
		expect(out[0].json.binaryProperty).toBeNull();
		expectOnlyEmulator(sent);

		const attached = outputOf(await run([mail({}, { attachment_0: { data: attachment(), fileName: `invoice.${format}` } })]));
		expect(invoiceFields(out[0].json)).toEqual(invoiceFields(attached[0].json));
	});

	test('the tax platform link: nothing but the mailed link is needed; the file comes from the Wjgs=XML address', async () => {
		const sent: Sent[] = [];
		const out = outputOf(await run([mail({ text: TAX(SHUDIAN_NUMBER, 'PDF') })], {}, sent));
		expect(sent.map((s) => new URL(s.url).searchParams.get('Wjgs'))).toEqual(['XML']);
		expect(out[0].json).toMatchObject({ InvoiceNumber: SHUDIAN_NUMBER, sourceUrl: TAX(SHUDIAN_NUMBER, 'PDF'), fileName: 'chinatax-invoice.xml' });
	});

	test('百望云 short link: every hop as the emulator saw it, most exact format first; the session cookie it sets is never sent back', async () => {
		const before = emulator.requests.length;
		const out = outputOf(await run([mail({ text: 'http://u.baiwang.com/bwTok7Huhuang' })]));
		expect(out[0].json).toMatchObject({ InvoiceNumber: HUHUANG_NUMBER, fileName: 'baiwang-invoice.ofd', sourceUrl: 'http://u.baiwang.com/bwTok7Huhuang' });
		const seen = emulator.requests.slice(before);
		expect(seen.map((r) => `${r.scheme}://${r.host}${r.path}`)).toEqual([
			'http://u.baiwang.com/bwTok7Huhuang',
			'https://pis.baiwang.com/smkp-vue/previewInvoiceAllEle?param=bwTok7Huhuang',
			'https://pis.baiwang.com/bwmg/mix/bw/downloadFormat?param=bwTok7Huhuang&formatType=XML', // none: a page saying so
			'https://pis.baiwang.com/bwmg/mix/bw/downloadFormat?param=bwTok7Huhuang&formatType=OFD',
		]);
		expect(seen.every((r) => r.headers.cookie === undefined && r.headers.authorization === undefined)).toBe(true);
	});

	test('one invoice as attachment (PDF) and as link (XML) comes out once, from the XML, AlsoIn naming the attachment', async () => {
		const out = outputOf(await run([mail({ text: TAX(SHUDIAN_NUMBER) }, { attachment_0: { data: SHUDIAN_PDF, fileName: 'dzfp.pdf' } })]));
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({ InvoiceNumber: SHUDIAN_NUMBER, FileFormat: 'xml', sourceUrl: TAX(SHUDIAN_NUMBER) });
		expect(out[0].json.AlsoIn).toEqual([{ EntryName: 'dzfp.pdf', FileFormat: 'pdf' }]);
	});

	test('attachment and link of the same format: the attachment is kept, AlsoIn names the link without its token', async () => {
		const out = outputOf(await run([mail({ html: '<a href="https://nnfp.jss.com.cn/nnTok8Suwell">下载</a>' }, { attachment_0: { data: SUWELL, fileName: 'fp.ofd' } })]));
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({ InvoiceNumber: SUWELL_NUMBER, binaryProperty: 'attachment_0' });
		expect(out[0].json.AlsoIn).toEqual([{ EntryName: 'nnTok8Suwell.ofd (https://nnfp.jss.com.cn/nnTok8Suwell)', FileFormat: 'ofd' }]);
	});

	test('a mail with two invoices by link and one attached: three items, each from its own source', async () => {
		const item = mail({ text: `${TAX(SHUDIAN_NUMBER)}\nhttp://u.baiwang.com/bwTok7Huhuang` }, { attachment_0: { data: SUWELL, fileName: 'a.ofd' } });
		const out = outputOf(await run([item]));
		expect(out.map((o) => o.json.InvoiceNumber).sort()).toEqual([SHUDIAN_NUMBER, SUWELL_NUMBER, HUHUANG_NUMBER].sort());
		expect(out.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('off by default: the same mail reads no link and makes no request', async () => {
		const sent: Sent[] = [];
		const out = outputOf(await run([mail({ text: TAX(SHUDIAN_NUMBER) })], { followLinks: false }, sent));
		expect(sent).toEqual([]);
		expect(out[0].json.code).toBe('NoBinaryData');
		const property = new VatInvoiceOcr().description.properties.find((p) => p.name === 'followLinks');
		expect(property?.default).toBe(false);
	});
});

describe('every failed link is a reported problem that names the issuer and says what to do', () => {
	test.each([
		['an expired link (the issuer\'s page says so)', 'https://nnfp.jss.com.cn/nnTok0Expired', 'LinkExpired', 'The 诺诺 (nuonuo.com) link has expired or no longer exists (the issuer answered with a page saying so)'],
		['an expired tax platform link (each format asked for: the expired page reported, not the format failures)', TAX('25442000000000000000'), 'LinkExpired', 'The 电子发票服务平台 (chinatax.gov.cn) link has expired or no longer exists (the issuer answered with a page saying so)'],
		['a tax platform link whose files are gone (the platform answers JSON for every format)', TAX('25442000000099999999'), 'LinkNotAFile', 'The 电子发票服务平台 (chinatax.gov.cn) link gave a file that is not an invoice file (unknown content)'],
		['an expired file link (404)', 'https://inv.jss.com.cn/fp2/invTok0Gone.pdf', 'LinkExpired', 'The 诺诺 (nuonuo.com) link has expired or no longer exists (HTTP 404)'],
		['a captcha page', 'https://www.vpiaotong.com/tp/vpTok1Captcha', 'LinkCaptcha', 'The 票通 (vpiaotong.com) link opened a page that asks for a captcha (a human check) before the download'],
		['HTML instead of a file', 'https://www.fapiao.com/dzfp-web/pdf/download?request=fpTok2HtmlOnly000000', 'LinkNotAFile', 'The 法大大 (fapiao.com) link gave a web page instead of the invoice file, and the page lists no invoice file the node can download'],
	])('%s', async (_label, link, code, message) => {
		const result = await run([mail({ text: `发票下载地址：${link}` })]);
		const out = outputOf(result);
		expect(out).toHaveLength(1);
		expect(out[0].json.code).toBe(code);
		expect(out[0].json.error).toBe(`Item 0, URL ${link.replace(/\?.*$/, '')}: ${message}`);
		expect(String(out[0].json.hint)).toMatch(/^Open the link in the mail by hand/);
		expect(out[0].json.sourceUrl).toBe(link);
		// The token of a link never reaches the log.
		expect(result.logs.join('\n')).not.toContain('fpTok2HtmlOnly000000');
	});

	test('an oversized file is cut off at Max Download Size', async () => {
		const out = outputOf(await run([mail({ text: 'https://inv.jss.com.cn/fp2/invTok3Huge.pdf' })], { options: { ...FAST, maxDownloadSize: 1 } }));
		expect(out[0].json).toMatchObject({ code: 'DownloadTooLarge' });
		expect(out[0].json.error).toBe('Item 0, URL https://inv.jss.com.cn/fp2/invTok3Huge.pdf: The 诺诺 (nuonuo.com) link could not be downloaded: The file at the URL is larger than the 1 MB the node downloads');
	});

	test('a download that stalls ends at the Timeout', async () => {
		const started = Date.now();
		const out = outputOf(await run([mail({ text: 'https://inv.jss.com.cn/fp2/invTok4Stall.pdf' })], { options: { ...FAST, timeout: 400, retries: 0 } }));
		expect(out[0].json).toMatchObject({ code: 'Timeout' });
		expect(out[0].json.error).toBe('Item 0, URL https://inv.jss.com.cn/fp2/invTok4Stall.pdf: The 诺诺 (nuonuo.com) link could not be downloaded: The download did not finish within 400 ms');
		expect(Date.now() - started).toBeLessThan(5000);
	});

	test.each([
		['a private address', 'bwTok4Private', 'it redirected to http://10.0.0.8/invoice.pdf (its host is a private network address)'],
		['this machine (the emulator itself, by its address)', 'bwTok5Loopback', 'its host is a loopback address (this machine)'],
		['a link-local address (cloud metadata)', 'bwTok6LinkLocal', 'its host is a link-local address'],
		['a host off the list', 'bwTok7Offlist', 'its host files.example.com is not a known invoice issuer'],
		['an IPv4-mapped IPv6 loopback', 'bwTok8Mapped', 'its host is a loopback address (this machine) (it carries the IPv4 address 127.0.0.1)'],
	])('a redirect to %s is refused before any request to it', async (_label, token, reason) => {
		const sent: Sent[] = [];
		const before = emulator.requests.length;
		const out = outputOf(await run([mail({ text: `https://u.baiwang.com/${token}` })], {}, sent));
		expect(out).toHaveLength(1);
		expect(out[0].json.code).toBe('LinkRefused');
		expect(String(out[0].json.error)).toContain('The 百望云 (baiwang.com) link was not followed: it redirected to ');
		expect(String(out[0].json.error)).toContain(reason);
		// One request: the short link; the redirect target was never asked for.
		expect(sent).toHaveLength(1);
		expect(emulator.requests.slice(before).map((r) => `${r.host}${r.path}`)).toEqual([`u.baiwang.com/${token}`]);
		expectOnlyEmulator(sent);
	});

	test('a redirect loop stops after 5 redirects', async () => {
		const sent: Sent[] = [];
		const out = outputOf(await run([mail({ text: 'https://u.baiwang.com/bwTok9Loop' })], {}, sent));
		expect(out[0].json).toMatchObject({ code: 'TooManyRedirects', error: 'Item 0, URL https://u.baiwang.com/bwTok9Loop: The 百望云 (baiwang.com) link redirected more than 5 times' });
		expect(sent).toHaveLength(6);
	});

	test('more invoice links than are followed: the first 5 are read, the rest reported', async () => {
		const text = Array.from({ length: 7 }, (_, i) => `https://inv.jss.com.cn/fp2/pdfOnly1234${i}.pdf`).join('\n');
		const out = outputOf(await run([mail({ text })]));
		const codes = out.map((o) => o.json.code ?? 'invoice');
		expect(codes.filter((c) => c === 'TooManyLinks')).toHaveLength(1);
		expect(codes).toHaveLength(6); // 5 followed (each 404 here: expired), 1 report of the 2 not followed
		expect(String(out.find((o) => o.json.code === 'TooManyLinks')?.json.error)).toContain('The mail links to 7 invoices; the first 5 were followed, not: https://inv.jss.com.cn/fp2/pdfO***.pdf, https://inv.jss.com.cn/fp2/pdfO***.pdf');
	});

	test('an issuer link that breaks a rule (http to an https-only host) is reported, not requested', async () => {
		const sent: Sent[] = [];
		const link = TAX(SHUDIAN_NUMBER).replace('https:', 'http:');
		const out = outputOf(await run([mail({ text: link })], {}, sent));
		expect(sent).toEqual([]);
		expect(out[0].json).toMatchObject({ code: 'LinkRefused', sourceUrl: link });
	});
});

describe('no request leaves for an address outside the allow-list', () => {
	test('without the test option, links to 127.0.0.1 (the emulator itself) are not followed at all', async () => {
		const sent: Sent[] = [];
		const before = emulator.requests.length;
		const text = [
			`${emulator.url}/https/inv.jss.com.cn/fp2/pdfOnly12345.pdf`,
			`https://127.0.0.1:${emulator.port}/https/inv.jss.com.cn/fp2/pdfOnly12345.pdf`,
			`https://[::1]:${emulator.port}/x.pdf`,
			`https://localhost:${emulator.port}/x.pdf`,
		].join('\n');
		const out = outputOf(await run([mail({ text })], { testOnlyIssuerEmulator: '' }, sent));
		expect(sent).toEqual([]);
		expect(emulator.requests.length).toBe(before);
		expect(out.map((o) => o.json.code)).toEqual(['NoBinaryData']);
		expect(out[0].json.error).toBe('Item 0: The item has no binary data and its mail text holds no link of a known invoice issuer');
	});

	test('without the test option, an issuer link goes to the issuer host itself (here a stub that answers 404), never to 127.0.0.1', async () => {
		const sent: Sent[] = [];
		const stub = async (): Promise<unknown> => ({ statusCode: 404, headers: {}, body: Buffer.alloc(0) });
		const out = outputOf(await run([mail({ text: 'https://nnfp.jss.com.cn/nnTok8Suwell' })], { testOnlyIssuerEmulator: '' }, sent, stub));
		expect(sent.map((s) => s.url)).toEqual(['https://nnfp.jss.com.cn/nnTok8Suwell']);
		expect(out[0].json.code).toBe('LinkExpired');
	});

	test.each(['http://10.0.0.1:8080', 'http://localhost:8080', 'https://127.0.0.1:8443', 'http://127.0.0.1', 'http://127.0.0.1:99999', ' http://127.0.0.1:80'])(
		'the test option accepts only http://127.0.0.1:<port> (%s fails the run)',
		async (value) => {
			const failure = await run([mail({ text: 'https://nnfp.jss.com.cn/nnTok8Suwell' })], { testOnlyIssuerEmulator: value }).then(
				() => undefined,
				(error: unknown) => error as Error,
			);
			expect(failure).toBeInstanceOf(NodeOperationError);
			expect(failure?.message).toContain('The test-only issuer emulator option is set to');
		},
	);

	test('the test option is hidden in the editor', () => {
		const property = new VatInvoiceOcr().description.properties.find((p) => p.name === 'testOnlyIssuerEmulator');
		expect(property).toMatchObject({ type: 'hidden', default: '' });
	});
});
