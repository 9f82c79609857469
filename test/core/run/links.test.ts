import {
	decodeEntities,
	decodeQuotedPrintable,
	filesOnPage,
	invoiceLinks,
	looksLikeHtml,
	pageVerdict,
	urlsInHtml,
	urlsInMail,
	urlsInText,
} from '../../../nodes/core/run/links';

// Mail bodies written for these tests in the shape the issuers' mails have. Where each shape was seen
// (public sources; only the URL shapes and the layout were taken, no text, all tokens made up):
//   百望云 "电子发票下载" with a pis.baiwang.com preview link followed directly by Chinese text, and
//     the http://u.baiwang.com short-link variant: kingdoooo/gmail-invoice-downloader
//     references/platforms.md ("百望云", templates 2 and 3);
//   www.fapiao.com mail with three labelled PDF/OFD/XML links sharing one long token with %5E in it:
//     same file, "fapiao.com";
//   诺诺 HTML mail with the nnfp.jss.com.cn short link behind "下载发票", an fp.nuonuo.com/#/ home
//     link and a tracking image: same file, "诺诺网", and the home-page filter of
//     hyzsumall/invoice-collector src/invoice_collector/web_handler.py;
//   tax platform links dppt.<province>.chinatax.gov.cn:8443/kpfw/fpjfzz/v1/exportDzfpwjEwm?Wjgs=PDF|OFD|XML
//     &Jym=&Fphm=&Kprq=&Czsj=: same file, "百旺金穗云 (广东税务局)".

const TAX = (format: string) =>
	`https://dppt.guangdong.chinatax.gov.cn:8443/kpfw/fpjfzz/v1/exportDzfpwjEwm?Wjgs=${format}&Jym=9C1D&Fphm=25442000000123456789&Kprq=20251031093346&Czsj=1761874431758`;

const BAIWANG_PLAIN = [
	'尊敬的 示例科技有限公司 用户，您好：',
	'示例餐饮管理有限公司为您开具了电子发票',
	'点击链接查看，如点击无效可复制到浏览器中查看 https://pis.baiwang.com/smkp-vue/previewInvoiceAllEle?param=7F3A0C9E11B2D4发票金额 88.00 开票日期 2026-01-05',
	'',
	'百望云 https://www.baiwang.com/',
].join('\r\n');

const BAIWANG_SHORT = '您好，您的电子发票已开具，请点击 http://u.baiwang.com/k7Qp3Zt9mWd 查看下载。\n';

const FAPIAO_TOKEN = 'Aq3%5EZk81mN0pQ%5Er7sT2uV9wX4yB6cD8eF1gH3jK5lM7nP9qR2sT4uV6wX8yZ0aB2cD4eF6gH8jK0mN2pQ4rS6tU8vW0xY2z';
const FAPIAO_HTML_QP = [
	'<html><body><p>=E5=B0=8A=E6=95=AC=E7=9A=84=E5=AE=A2=E6=88=B7</p>',
	`<p>PDF: <a href=3D"https://www.fapiao.com/dzfp-web/pdf/download?request=3D${FAPIAO_TOKEN.slice(0, 40)}=`,
	`${FAPIAO_TOKEN.slice(40)}">https://www.fapiao.com/dzfp-web/pdf/download?request=3D${FAPIAO_TOKEN.slice(0, 30)}=`,
	`${FAPIAO_TOKEN.slice(30)}</a></p>`,
	`<p>OFD: <a href=3D"https://www.fapiao.com/DownLoad/ofd/download?request=3D${FAPIAO_TOKEN}">OFD</a></p>`,
	`<p>XML: <a href=3D"https://www.fapiao.com/DownLoad/xml/download?request=3D${FAPIAO_TOKEN}">XML</a></p>`,
	'</body></html>',
].join('\r\n');

const NUONUO_HTML = `<div style="font-size:14px">
  <p>您好！示例商贸有限公司 为您开具的电子发票已生成。</p>
  <a href="https://nnfp.jss.com.cn/8_Xk2Rwjqa-QHm5" target="_blank">下载发票</a>
  <a href="https://fp.nuonuo.com/#/">诺诺发票</a>
  <img src="http://linktrace.example-mailer.com/u/o1/N132-Xz9.gif" width="1" height="1">
  <img src="https://nnfp.jss.com.cn/static/images/logo.png">
</div>`;

const TAX_HTML = `<table><tr><td>发票号码：25442000000123456789</td></tr>
<tr><td><a href="${TAX('PDF').replace(/&/g, '&amp;')}">下载PDF</a></td></tr>
<tr><td><a href="${TAX('OFD').replace(/&/g, '&#38;')}">下载OFD</a></td></tr>
<tr><td><a href='${TAX('XML').replace(/&/g, '&#x26;')}'>下载XML</a></td></tr></table>`;

/** The tax-platform PDF link in a plain-text mail wrapped at 76 characters by the sending client. */
const WRAPPED_TEXT = (() => {
	const line = `PDF下载地址：${TAX('PDF')}`;
	return `您好，发票已开具。\n${line.slice(0, 76)}\n${line.slice(76)}\n祝好\n`;
})();

describe('cleaning mail text', () => {
	test('entities decoded: named, decimal, hex; unknown ones kept', () => {
		expect(decodeEntities('a&amp;b&#38;c&#x26;d&quot;&nbsp;&bogus;')).toBe('a&b&c&d" &bogus;');
	});

	test('quoted-printable leftovers: soft breaks joined and =XX decoded only where QP shows', () => {
		expect(decodeQuotedPrintable('href=3D"https://x/a=\r\nb"')).toBe('href="https://x/ab"');
		expect(decodeQuotedPrintable('=E5=8F=91=E7=A5=A8=\nok')).toBe('发票ok');
		// No QP marks: a parameter value that looks like =XX stays as it is.
		expect(decodeQuotedPrintable('https://pis.baiwang.com/x?param=5EA9')).toBe('https://pis.baiwang.com/x?param=5EA9');
	});
});

describe('links in mail bodies', () => {
	test('百望云 plain text: the preview link ends where the Chinese text starts; the home page is found but is not an invoice', () => {
		expect(urlsInText(BAIWANG_PLAIN)).toEqual(['https://pis.baiwang.com/smkp-vue/previewInvoiceAllEle?param=7F3A0C9E11B2D4', 'https://www.baiwang.com/']);
		const { plans } = invoiceLinks({ text: BAIWANG_PLAIN });
		expect(plans.map((p) => [p.issuer.id, p.url])).toEqual([['baiwang', 'https://pis.baiwang.com/smkp-vue/previewInvoiceAllEle?param=7F3A0C9E11B2D4']]);
	});

	test('百望云 short link mailed as http: followed (the row lists http for u.baiwang.com)', () => {
		expect(invoiceLinks({ text: BAIWANG_SHORT }).plans.map((p) => p.url)).toEqual(['http://u.baiwang.com/k7Qp3Zt9mWd']);
	});

	test('fapiao.com HTML left in quoted-printable: links rejoined across soft breaks, =3D decoded, the long token whole; three formats → one invoice, XML first', () => {
		const urls = urlsInHtml(FAPIAO_HTML_QP);
		expect(urls).toContain(`https://www.fapiao.com/dzfp-web/pdf/download?request=${FAPIAO_TOKEN}`);
		const { plans } = invoiceLinks({ textHtml: FAPIAO_HTML_QP });
		expect(plans).toHaveLength(1);
		expect(plans[0].issuer.id).toBe('fapiao');
		expect(plans[0].candidates.map((c) => c.format)).toEqual(['xml', 'ofd', 'pdf']);
		expect(plans[0].candidates[0].url).toBe(`https://www.fapiao.com/DownLoad/xml/download?request=${FAPIAO_TOKEN}`);
	});

	test('诺诺 HTML: the short link behind 下载发票; the home link, the logo and the tracking pixel are not followed', () => {
		const found = invoiceLinks({ html: NUONUO_HTML });
		expect(found.plans.map((p) => p.url)).toEqual(['https://nnfp.jss.com.cn/8_Xk2Rwjqa-QHm5']);
		expect(found.refused).toEqual([]);
		expect(urlsInMail({ html: NUONUO_HTML })).toContain('http://linktrace.example-mailer.com/u/o1/N132-Xz9.gif');
	});

	test('tax platform HTML with &amp; / &#38; / &#x26; in the hrefs: one invoice, tried XML → OFD → PDF', () => {
		const { plans } = invoiceLinks({ html: TAX_HTML });
		expect(plans).toHaveLength(1);
		expect(plans[0].candidates.map((c) => c.url)).toEqual([TAX('XML'), TAX('OFD'), TAX('PDF')]);
		expect(plans[0].url).toBe(TAX('PDF')); // the first link of the mail: the item's sourceUrl
	});

	test('a link wrapped across two lines of plain text is joined; the line after it is not swallowed', () => {
		expect(urlsInText(WRAPPED_TEXT)).toEqual([TAX('PDF')]);
		// Over three lines (quoted-printable and format=flowed wrap at 76 characters).
		const three = `下载：${TAX('XML')}`;
		expect(urlsInText(`${three.slice(0, 70)}\n${three.slice(70, 140)}\n${three.slice(140)}\n谢谢`)).toEqual([TAX('XML')]);
		// Long lines (not wrapped by a client) followed by labelled links: each link stays whole.
		const labelled = ['PDF', 'OFD', 'XML'].map((f) => `${f}：${TAX(f)}`).join('\n');
		expect(urlsInText(labelled)).toEqual([TAX('PDF'), TAX('OFD'), TAX('XML')]);
		// A wrapped line followed by a label: the label is not glued to the link.
		const label = `地址 ${TAX('PDF')}`.slice(0, 78);
		expect(urlsInText(`${label}\nOFD：x`)).toEqual([label.slice(3).replace(/\?$/, '')]); // (a trailing ? is punctuation)
		const short = 'see https://nnfp.jss.com.cn/8_Xk2Rwjqa\nand call us';
		expect(urlsInText(short)).toEqual(['https://nnfp.jss.com.cn/8_Xk2Rwjqa']); // a short line is not a wrapped one
	});

	test('<https://...> in plain text: white space inside the brackets dropped', () => {
		expect(urlsInText('下载：<https://inv.jss.com.cn/fp2/\n  Abc123def.pdf>')).toEqual(['https://inv.jss.com.cn/fp2/Abc123def.pdf']);
	});

	test('trailing punctuation is not part of a link; a parenthesis inside it is', () => {
		expect(urlsInText('(see https://inv.jss.com.cn/fp2/x1234567.pdf).')).toEqual(['https://inv.jss.com.cn/fp2/x1234567.pdf']);
		expect(urlsInText('https://www.vpiaotong.com/tp/a(1)b2345678, thanks')).toEqual(['https://www.vpiaotong.com/tp/a(1)b2345678']);
	});

	test('the same link in text and HTML counts once; the Email Trigger simple-format fields are read too', () => {
		const link = 'https://nnfp.jss.com.cn/8_Xk2Rwjqa-QHm5';
		expect(invoiceLinks({ text: link, html: `<a href="${link}">x</a>`, textPlain: link, textHtml: link }).plans).toHaveLength(1);
	});

	test('links to addresses and unknown hosts are never candidates; an issuer link that breaks a rule is reported', () => {
		const text = [
			'https://127.0.0.1:8443/kpfw/fpjfzz/v1/exportDzfpwjEwm?Wjgs=PDF&Fphm=1',
			'http://10.0.0.8/invoice.pdf',
			'https://[::1]/invoice.ofd',
			'https://invoice-download.example.com/abc12345.pdf',
			TAX('PDF').replace('https:', 'http:'),
		].join('\n');
		const found = invoiceLinks({ text });
		expect(found.plans).toEqual([]);
		expect(found.refused.map((r) => [r.issuer.id, r.reason])).toEqual([['chinatax', '电子发票服务平台 (chinatax.gov.cn) serves invoices over https only, and the link is http']]);
	});

	test('at most N invoices a mail: the rest are listed as skipped, not dropped', () => {
		const text = Array.from({ length: 7 }, (_, i) => `https://inv.jss.com.cn/fp2/Tok${i}abcdefg.pdf`).join('\n');
		const found = invoiceLinks({ text }, 5);
		expect(found.plans).toHaveLength(5);
		expect(found.skipped.map((p) => p.url)).toEqual(['https://inv.jss.com.cn/fp2/Tok5abcdefg.pdf', 'https://inv.jss.com.cn/fp2/Tok6abcdefg.pdf']);
	});

	test('bounded: a huge body is cut at 1,000,000 characters; a link longer than 4096 characters is not taken', () => {
		const long = `https://inv.jss.com.cn/fp2/${'a1'.repeat(3000)}.pdf`;
		expect(urlsInText(long)).toEqual([]);
		const started = Date.now();
		urlsInMail({ text: 'https://x'.repeat(200_000), html: '<a href=\''.repeat(100_000) + '<script'.repeat(50_000) + '<'.repeat(200_000) });
		filesOnPage('<a href=\''.repeat(100_000) + '<a '.repeat(100_000), 'https://inv.jss.com.cn/x');
		pageVerdict('<script'.repeat(100_000) + '<'.repeat(300_000));
		urlsInHtml('<a href="'.repeat(100_000) + 'href='.repeat(100_000));
		filesOnPage('<a href="'.repeat(100_000), 'https://inv.jss.com.cn/x');
		expect(Date.now() - started).toBeLessThan(5000);
	});
});

describe('landing pages and pages that are not files', () => {
	test('the files a landing page lists: relative links resolved, only allow-listed hosts, most exact format first', () => {
		const html = `<ul>
			<li><a href="/fp2/Tok123abc.pdf">下载PDF</a></li>
			<li><a href="https://inv.jss.com.cn/fp2/Tok123abc.ofd">下载OFD</a></li>
			<li><a href="https://evil.example.com/Tok123abc.xml">XML</a></li>
			<li><a href="http://10.0.0.1/Tok123abc.xml">XML</a></li>
			<li><a href="javascript:void(0)">打印</a></li>
		</ul>`;
		expect(filesOnPage(html, 'https://inv.jss.com.cn/invoice/Tok123abc')).toEqual([
			{ url: 'https://inv.jss.com.cn/fp2/Tok123abc.ofd', format: 'ofd' },
			{ url: 'https://inv.jss.com.cn/fp2/Tok123abc.pdf', format: 'pdf' },
		]);
	});

	test('a page link whose URL says nothing but whose words name the format', () => {
		const html = '<a href="https://www.vpiaotong.com/tp/dl?id=Tok9876543">下载PDF文件</a><a href="https://www.vpiaotong.com/help">帮助</a>';
		expect(filesOnPage(html, 'https://www.vpiaotong.com/tp/Tok9876543')).toEqual([{ url: 'https://www.vpiaotong.com/tp/dl?id=Tok9876543', format: 'pdf' }]);
	});

	test('HTML told from files by the bytes; what the page says', () => {
		expect(looksLikeHtml(Buffer.from('<!DOCTYPE html><html>'))).toBe(true);
		expect(looksLikeHtml(Buffer.from('  <html lang="zh">'))).toBe(true);
		expect(looksLikeHtml(Buffer.from('%PDF-1.7'))).toBe(false);
		expect(looksLikeHtml(Buffer.from('<?xml version="1.0"?><EInvoice/>'))).toBe(false);
		expect(pageVerdict('<title>安全验证</title><p>请输入验证码</p>')).toBe('captcha');
		expect(pageVerdict('<p>该发票链接已失效，请联系开票方重新发送。</p>')).toBe('expired');
		expect(pageVerdict('<p>请登录后查看</p>')).toBe('login');
		expect(pageVerdict('<div id="app"></div>')).toBe('page');
	});
});
