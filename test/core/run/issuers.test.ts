import {
	ISSUERS,
	checkLink,
	formatVariants,
	formatlessKey,
	isNonInvoiceLink,
	issuerHostPatterns,
	linkFormat,
	maskUrl,
	matchIssuer,
} from '../../../nodes/core/run/issuers';

// URL shapes: kingdoooo/gmail-invoice-downloader references/platforms.md (百望云 preview/short link/
// downloadFormat, www.fapiao.com links, 诺诺 nnfp.jss.com.cn and inv.jss.com.cn, the tax platform's
// exportDzfpwjEwm?Wjgs=); the host list: hyzsumall/invoice-collector web_handler.py. Tokens made up.
const TAX = 'https://dppt.guangdong.chinatax.gov.cn:8443/kpfw/fpjfzz/v1/exportDzfpwjEwm?Wjgs=PDF&Jym=1A2B&Fphm=25442000000111122223&Kprq=20251031093346&Czsj=1761874431758';

describe('the issuer table', () => {
	test('every issuer the issue names is on it, with the kind of each link shape', () => {
		const kind = (url: string) => {
			const m = matchIssuer(new URL(url));
			return m ? `${m.issuer.id}:${m.rule.kind}` : undefined;
		};
		expect(kind(TAX)).toBe('chinatax:format-param');
		expect(kind('https://dppt.sichuan.chinatax.gov.cn:8443/v/2_25512000000076601234_2025040309352500Q4K520')).toBe('chinatax:landing');
		expect(kind('https://pis.baiwang.com/smkp-vue/previewInvoiceAllEle?param=5EA9C0FFEE')).toBe('baiwang:format-param');
		expect(kind('https://pis.baiwang.com/bwmg/mix/bw/downloadFormat?param=5EA9&formatType=PDF')).toBe('baiwang:format-param');
		expect(kind('http://u.baiwang.com/4hJBiMB8dmd')).toBe('baiwang:landing');
		expect(kind('https://nnfp.jss.com.cn/8_CszRwjaw-FBnv')).toBe('nuonuo:landing');
		expect(kind('https://inv.jss.com.cn/fp2/FqYbVik9o-089NJOg.pdf')).toBe('nuonuo:direct');
		expect(kind('https://fp.nuonuocs.cn/invoice/abc12345')).toBe('nuonuo:landing');
		expect(kind('https://www.fapiao.com/dzfp-web/pdf/download?request=abc')).toBe('fapiao:direct');
		expect(kind('https://mail.fapiao.com.cn/x/abc12345')).toBe('fapiao:landing');
		expect(kind('https://www.51fapiao.cloud/d/abc12345')).toBe('51fapiao:landing');
		expect(kind('https://www.vpiaotong.com/tp/abc12345')).toBe('vpiaotong:landing');
		expect(kind('https://fp.newtimeai.com/i/abc12345')).toBe('newtimeai:landing');
		expect(ISSUERS.map((i) => i.id)).toEqual(['chinatax', 'baiwang', 'nuonuo', 'fapiao', '51fapiao', 'vpiaotong', 'newtimeai']);
	});

	test('look-alike hosts are not issuers', () => {
		for (const url of [
			'https://baiwang.com.evil.cn/x?param=1',
			'https://evilbaiwang.com/x?param=1',
			'https://chinatax.gov.cn.example.com/kpfw/fpjfzz/v1/exportDzfpwjEwm?Wjgs=PDF',
			'https://nnfp.jss.com.cn.attacker.net/8_CszRwjaw',
			'https://jss.com.cn/8_CszRwjaw', // only nnfp. and inv. are listed
		]) {
			expect(checkLink(url).ok).toBe(false);
		}
	});

	test('https only, http where the row lists it; listed ports only; no credentials; no IP addresses', () => {
		expect(checkLink(TAX).ok).toBe(true);
		expect(checkLink(TAX.replace('https:', 'http:'))).toMatchObject({ ok: false, reason: '电子发票服务平台 (chinatax.gov.cn) serves invoices over https only, and the link is http' });
		expect(checkLink(TAX.replace(':8443', ':9000'))).toMatchObject({ ok: false, reason: 'port 9000 is not one 电子发票服务平台 (chinatax.gov.cn) uses' });
		expect(checkLink('http://u.baiwang.com/4hJBiMB8dmd').ok).toBe(true); // the short link is mailed as http
		expect(checkLink('http://www.baiwang.com/x/abc12345').ok).toBe(false);
		expect(checkLink('https://nnfp.jss.com.cn:443/abc12345').ok).toBe(true); // the default port, written out
		expect(checkLink('https://user:pw@nnfp.jss.com.cn/abc12345')).toMatchObject({ ok: false, reason: 'it carries a user name or password' });
		expect(checkLink('ftp://nnfp.jss.com.cn/abc12345')).toMatchObject({ ok: false, reason: 'its scheme ftp is not https' });
		expect(checkLink('https://127.0.0.1:8443/kpfw/fpjfzz/v1/exportDzfpwjEwm?Wjgs=PDF')).toMatchObject({ ok: false, reason: 'its host is a loopback address (this machine)' });
		expect(checkLink('https://[::ffff:a00:1]/x.pdf')).toMatchObject({ ok: false, reason: 'its host is a private network address (it carries the IPv4 address 10.0.0.1)' });
		expect(checkLink('https://example.com/invoice.pdf')).toMatchObject({ ok: false, reason: 'its host example.com is not a known invoice issuer' });
		expect(checkLink('not a url')).toMatchObject({ ok: false });
	});

	test('formats named by a link: the format parameter, the extension, a path segment', () => {
		expect(linkFormat(new URL(TAX))).toBe('pdf');
		expect(linkFormat(new URL(TAX.replace('Wjgs=PDF', 'Wjgs=XML')))).toBe('xml');
		expect(linkFormat(new URL('https://inv.jss.com.cn/fp2/abc.ofd'))).toBe('ofd');
		expect(linkFormat(new URL('https://www.fapiao.com/DownLoad/xml/download?request=abc'))).toBe('xml');
		expect(linkFormat(new URL('https://nnfp.jss.com.cn/8_CszRwjaw-FBnv'))).toBeUndefined();
	});

	test("one invoice's PDF, OFD and XML links share a key; two invoices do not", () => {
		const token = 'request=Zx9%5EkLm1234567890abcdef';
		const keys = ['/dzfp-web/pdf/download', '/DownLoad/ofd/download', '/DownLoad/xml/download'].map((p) => formatlessKey(new URL(`https://www.fapiao.com${p}?${token}`)));
		expect(new Set(keys).size).toBe(1);
		const tax = ['PDF', 'OFD', 'XML'].map((f) => formatlessKey(new URL(TAX.replace('Wjgs=PDF', `Wjgs=${f}`))));
		expect(new Set(tax).size).toBe(1);
		expect(formatlessKey(new URL(TAX))).not.toBe(formatlessKey(new URL(TAX.replace('25442000000111122223', '25442000000111122224'))));
		expect(formatlessKey(new URL('https://inv.jss.com.cn/fp2/abc.pdf'))).toBe(formatlessKey(new URL('https://inv.jss.com.cn/fp2/abc.ofd')));
	});

	test('format variants: XML, OFD, PDF in that order, every other parameter kept; the 百望云 preview rewritten to its download', () => {
		const tax = matchIssuer(new URL(TAX))!;
		expect(formatVariants(new URL(TAX), tax.rule).map((u) => u.searchParams.get('Wjgs'))).toEqual(['XML', 'OFD', 'PDF']);
		expect(formatVariants(new URL(TAX), tax.rule)[0].href).toBe(TAX.replace('Wjgs=PDF', 'Wjgs=XML'));
		const preview = new URL('https://pis.baiwang.com/smkp-vue/previewInvoiceAllEle?param=5EA9C0FFEE&from=mail');
		const baiwang = matchIssuer(preview)!;
		expect(formatVariants(preview, baiwang.rule).map((u) => u.href)).toEqual([
			'https://pis.baiwang.com/bwmg/mix/bw/downloadFormat?param=5EA9C0FFEE&formatType=XML',
			'https://pis.baiwang.com/bwmg/mix/bw/downloadFormat?param=5EA9C0FFEE&formatType=OFD',
			'https://pis.baiwang.com/bwmg/mix/bw/downloadFormat?param=5EA9C0FFEE&formatType=PDF',
		]);
		const lower = new URL(TAX.replace('Wjgs=PDF', 'wjgs=pdf'));
		expect(formatVariants(lower, tax.rule).map((u) => u.searchParams.get('wjgs'))).toEqual(['XML', 'OFD', 'PDF']);
	});

	test('home pages, logos and footer pages of an issuer are not invoice links', () => {
		for (const url of ['https://fp.nuonuo.com/#/', 'https://www.baiwang.com/', 'https://nnfp.jss.com.cn/static/logo.png', 'https://www.nuonuo.com/download/app', 'https://www.baiwang.com/product/cloud'])
			expect(isNonInvoiceLink(new URL(url))).toBe(true);
		for (const url of ['https://nnfp.jss.com.cn/8_CszRwjaw-FBnv', TAX, 'https://inv.jss.com.cn/fp2/abc.pdf', 'http://u.baiwang.com/4hJBiMB8dmd'])
			expect(isNonInvoiceLink(new URL(url))).toBe(false);
	});

	test('masked for logs: every query value and the token of a short link', () => {
		expect(maskUrl(TAX)).toBe('https://dppt.guangdong.chinatax.gov.cn:8443/kpfw/fpjfzz/v1/exportDzfpwjEwm?Wjgs=***&Jym=***&Fphm=***&Kprq=***&Czsj=***');
		expect(maskUrl('https://nnfp.jss.com.cn/8_CszRwjaw-FBnv')).toBe('https://nnfp.jss.com.cn/8_Cs***');
		expect(maskUrl(TAX)).not.toContain('25442000000111122223');
	});

	test('host patterns for the README and the mailbox filter', () => {
		expect(issuerHostPatterns()).toEqual([
			'*.chinatax.gov.cn',
			'pis.baiwang.com',
			'u.baiwang.com',
			'*.baiwang.com',
			'inv.jss.com.cn',
			'nnfp.jss.com.cn',
			'*.nuonuo.com',
			'*.nuonuocs.cn',
			'*.fapiao.com',
			'*.fapiao.com.cn',
			'*.51fapiao.cloud',
			'*.vpiaotong.com',
			'*.newtimeai.com',
		]);
	});
});
