'use strict';
/*
 * The invoice issuers, emulated on 127.0.0.1 for Follow Invoice Links in Mail. VAT Invoice OCR's
 * test-only option (testOnlyIssuerEmulator = this server's url) sends every request that passed the
 * allow-list here as /<scheme>/<host[:port]>/<path>?<query>; the emulator answers as that issuer would
 * (the URL shapes are those of nodes/core/run/issuers.ts, with their public sources named there).
 *
 * Invoices are given by token: { token: { xml?, ofd?, pdf? } } (Buffers). Patterns served:
 *   direct file        https://inv.jss.com.cn/fp2/<token>.<ext>, https://www.fapiao.com/dzfp-web/pdf/download?request=<token>
 *                      (and /DownLoad/ofd|xml/download)
 *   landing page       https://nnfp.jss.com.cn/<token>: a page whose links are inv.jss.com.cn/fp2/<token>.<ext>
 *                      for each format the invoice has
 *   format parameter   https://dppt.<prov>.chinatax.gov.cn:8443/kpfw/fpjfzz/v1/exportDzfpwjEwm?Wjgs=XML|OFD|PDF&Fphm=<token>&...
 *                      (a format the invoice lacks: 200 with the platform's JSON failure, as the platform does);
 *                      https://pis.baiwang.com/bwmg/mix/bw/downloadFormat?param=<token>&formatType=...
 *   redirect           http(s)://u.baiwang.com/<token> → 302 → https://pis.baiwang.com/smkp-vue/previewInvoiceAllEle?param=<token>
 *                      (a preview page: an app shell without file links)
 *   expired link       any token listed in `expired`: the issuer's page saying the link has expired (200 HTML),
 *                      or 404 on the direct-file hosts
 *   captcha page       any token listed in `captcha`: a page asking for a 验证码
 *   HTML instead       any token listed in `htmlOnly`: a page without any file link
 *   oversized file     any token listed in `oversized`: a PDF of `oversizedBytes` (default 3 MiB), streamed without Content-Length
 *   stalled download   any token listed in `stalled`: headers and 9 bytes of a PDF, then nothing
 *   redirects away     u.baiwang.com/<token> for a token in `redirects`: 302 to the target given there
 *                      (a private, loopback or link-local address, or a host off the list)
 * Every request is recorded (method, issuer host, path with query, the request headers).
 */
const http = require('node:http');
const { listenOnLoopback } = require('./processes.js');

const CONTENT_TYPES = { pdf: 'application/pdf', ofd: 'application/ofd', xml: 'application/xml' };

function page(title, body) {
	return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>\n`;
}

/**
 * @param {{
 *   invoices?: Record<string, { xml?: Buffer, ofd?: Buffer, pdf?: Buffer }>,
 *   expired?: string[], captcha?: string[], htmlOnly?: string[], oversized?: string[], oversizedBytes?: number, stalled?: string[],
 *   redirects?: Record<string, string>,
 * }} [options]
 */
async function startIssuerEmulator(options = {}) {
	const invoices = options.invoices || {};
	const expired = new Set(options.expired || []);
	const captcha = new Set(options.captcha || []);
	const htmlOnly = new Set(options.htmlOnly || []);
	const oversized = new Set(options.oversized || []);
	const stalled = new Set(options.stalled || []);
	const redirects = options.redirects || {};
	const requests = [];

	const sendFile = (res, format, bytes) => {
		res.writeHead(200, { 'content-type': CONTENT_TYPES[format], 'content-length': String(bytes.length), 'set-cookie': 'JSESSIONID=emulated; Path=/; HttpOnly' });
		res.end(bytes);
	};
	const sendHtml = (res, html, status = 200) => {
		res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': 'JSESSIONID=emulated; Path=/; HttpOnly' });
		res.end(html);
	};
	const notFound = (res) => {
		res.writeHead(404, { 'content-type': 'text/plain' });
		res.end('not found');
	};
	const streamOversized = (res) => {
		res.writeHead(200, { 'content-type': 'application/pdf' });
		const total = options.oversizedBytes || 3 * 1024 * 1024;
		const chunk = Buffer.alloc(64 * 1024, 0x20);
		chunk.write('%PDF-1.7\n', 0);
		let sent = 0;
		const pump = () => {
			while (sent < total && !res.destroyed) {
				sent += chunk.length;
				if (!res.write(chunk)) return res.once('drain', pump);
			}
			if (!res.destroyed) res.end();
		};
		pump();
	};
	/** What any issuer answers for a token in one of the special lists; true when answered. */
	const special = (res, token, host) => {
		if (expired.has(token)) {
			if (host === 'inv.jss.com.cn') notFound(res);
			else sendHtml(res, page('发票查询', '<div class="tip">该发票链接已失效，请联系开票方重新发送。</div>'));
			return true;
		}
		if (captcha.has(token)) {
			sendHtml(res, page('安全验证', '<form><p>请输入验证码后继续下载发票</p><img src="/captcha.jpg"><input name="captcha"></form>'));
			return true;
		}
		if (htmlOnly.has(token)) {
			sendHtml(res, page('电子发票', '<div id="app">正在加载…</div><script src="/static/app.js"></script>'));
			return true;
		}
		if (oversized.has(token)) {
			streamOversized(res);
			return true;
		}
		if (stalled.has(token)) {
			res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '100000' });
			res.write('%PDF-1.7\n');
			return true; // never ends; close() cuts it off
		}
		return false;
	};

	const server = http.createServer((req, res) => {
		const m = /^\/(https?)\/([^/]+)(\/[^?]*)?(\?.*)?$/.exec(req.url || '/');
		if (!m) {
			requests.push({ method: req.method, scheme: null, host: null, path: req.url, headers: req.headers });
			return notFound(res);
		}
		const [, scheme, hostPort, pathname = '/', search = ''] = m;
		const host = hostPort.replace(/:\d+$/, '');
		const query = new URLSearchParams(search);
		requests.push({ method: req.method, scheme, host: hostPort, path: pathname + search, headers: req.headers });

		// Tax platform: ?Wjgs= chooses the format.
		if (/\.chinatax\.gov\.cn$/.test(host) && /\/exportDzfpwjEwm$/i.test(pathname)) {
			const token = query.get('Fphm') || '';
			if (special(res, token, host)) return;
			const format = String(query.get('Wjgs') || '').toLowerCase();
			const bytes = invoices[token] && invoices[token][format];
			if (bytes) return sendFile(res, format, bytes);
			res.writeHead(200, { 'content-type': 'application/json' });
			return res.end(JSON.stringify({ Response: { Result: 'FAIL', Message: '文件不存在' } }));
		}
		// 百望云: the short link redirects to the preview page; downloadFormat?formatType= gives the file.
		if (host === 'u.baiwang.com') {
			const token = pathname.slice(1);
			if (redirects[token]) {
				res.writeHead(302, { location: redirects[token] });
				return res.end();
			}
			if (!invoices[token] && !special(res, token, host)) return notFound(res);
			if (res.headersSent) return;
			res.writeHead(302, { location: `https://pis.baiwang.com/smkp-vue/previewInvoiceAllEle?param=${encodeURIComponent(token)}` });
			return res.end();
		}
		if (host === 'pis.baiwang.com' && /\/previewInvoice/.test(pathname)) {
			return sendHtml(res, page('发票预览', '<div id="app"></div><script src="/smkp-vue/static/js/app.js"></script>'));
		}
		if (host === 'pis.baiwang.com' && /\/downloadFormat$/.test(pathname)) {
			const token = query.get('param') || '';
			if (special(res, token, host)) return;
			const format = String(query.get('formatType') || '').toLowerCase();
			const bytes = invoices[token] && invoices[token][format];
			return bytes ? sendFile(res, format, bytes) : sendHtml(res, page('下载失败', '<p>文件下载失败</p>'));
		}
		// 诺诺: the short link is a landing page listing the files on inv.jss.com.cn.
		if (host === 'nnfp.jss.com.cn') {
			const token = pathname.slice(1);
			if (special(res, token, host)) return;
			const invoice = invoices[token];
			if (!invoice) return sendHtml(res, page('发票查询', '<p>发票不存在</p>'));
			const links = Object.keys(invoice)
				.map((format) => `<li><a href="https://inv.jss.com.cn/fp2/${token}.${format}">下载${format.toUpperCase()}</a></li>`)
				.join('');
			return sendHtml(res, page('电子发票', `<p>您的电子发票</p><ul>${links}</ul><a href="https://www.nuonuo.com/">诺诺网</a><img src="https://nnfp.jss.com.cn/static/logo.png">`));
		}
		if (host === 'inv.jss.com.cn') {
			const fm = /^\/fp2\/([^/.]+)\.(pdf|ofd|xml)$/.exec(pathname);
			if (!fm) return notFound(res);
			if (special(res, fm[1], host)) return;
			const bytes = invoices[fm[1]] && invoices[fm[1]][fm[2]];
			return bytes ? sendFile(res, fm[2], bytes) : notFound(res);
		}
		// 法大大 fapiao.com: three direct links with one token.
		if (host === 'www.fapiao.com') {
			const fm = /\/(pdf|ofd|xml)\/download$/i.exec(pathname);
			const token = query.get('request') || '';
			if (!fm) return notFound(res);
			if (special(res, token, host)) return;
			const format = fm[1].toLowerCase();
			const bytes = invoices[token] && invoices[token][format];
			return bytes ? sendFile(res, format, bytes) : sendHtml(res, page('下载失败', '<p>文件下载失败</p>'));
		}
		// 票通 / 51发票 / 智云: landing pages with the special answers only.
		const token = pathname.split('/').filter(Boolean).pop() || '';
		if (special(res, token, host)) return;
		return notFound(res);
	});

	return { ...(await listenOnLoopback(server)), requests };
}

module.exports = { startIssuerEmulator };
