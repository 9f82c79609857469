/**
 * THE table of invoice issuers whose mailed links VAT Invoice OCR follows ("Follow Invoice Links in
 * Mail"), and the rules every link and every redirect is checked against. Nothing outside this table
 * is ever requested: a host is followed only when it matches a row; https only, unless the row says
 * the issuer still mails http links; only the default port or the ports the row lists; no user name or
 * password in the URL; no IP address (core/run/addresses.ts).
 *
 * A row says how to get the file behind a link:
 *   direct        the link is the file (a PDF, OFD, XML or ZIP download);
 *   landing       the link opens a page that lists the files; the page's links to files on the
 *                 allow-list are followed, the most exact format first;
 *   format-param  a query parameter chooses the format (the tax platform's `Wjgs`=XML/OFD/PDF); the
 *                 link is tried with XML, then OFD, then PDF. `rewrite` turns a preview page's link
 *                 into the download address first (百望云's preview → downloadFormat).
 *
 * Where the shapes come from (public sources, read for the URL shapes only):
 *   kingdoooo/gmail-invoice-downloader references/platforms.md (百望云 preview, short link and
 *     downloadFormat; www.fapiao.com PDF/OFD/XML links; 诺诺 nnfp.jss.com.cn short links and
 *     inv.jss.com.cn files; dppt.<province>.chinatax.gov.cn:8443 exportDzfpwjEwm?Wjgs=...);
 *   hyzsumall/invoice-collector src/invoice_collector/web_handler.py (the issuer host list:
 *     baiwang.com, nuonuocs.cn, nuonuo.com, fapiao.com.cn, 51fapiao.cloud, chinatax.gov.cn,
 *     vpiaotong.com, newtimeai.com).
 * To add an issuer: a row here (with a test in test/core/run/issuers.test.ts and a pattern in the
 * issuer emulator), or an issue naming the host and a sample link shape.
 */
import { refusedHost } from './addresses';

export type LinkFormat = 'xml' | 'ofd' | 'pdf';
export type LinkKind = 'direct' | 'landing' | 'format-param';

/** Most exact first: the order files of one invoice are tried in (as for attachments: XML > OFD > PDF). */
export const FORMAT_ORDER: readonly LinkFormat[] = Object.freeze(['xml', 'ofd', 'pdf']);

export interface IssuerRule {
	/** A host name, or `*.domain` for the domain and every subdomain. */
	host: string;
	/** When given, the rule applies only to paths it matches (the issuer's other rules to the rest). */
	path?: RegExp;
	kind: LinkKind;
	/** format-param: the query parameter and its value for each format. */
	formatParam?: { name: string; values: Readonly<Record<LinkFormat, string>> };
	/** format-param: the download address of a preview link, keeping the named query parameters. */
	rewrite?: { path: string; keep: readonly string[] };
	/** The issuer still mails plain http links to this host (they are followed; https is preferred). */
	http?: boolean;
	/** Ports besides the scheme's default (the tax platform's 8443). */
	ports?: readonly number[];
}

export interface Issuer {
	id: string;
	/** The name the user knows, in messages: "百望云 (baiwang.com)". */
	name: string;
	rules: readonly IssuerRule[];
}

const UPPER: Readonly<Record<LinkFormat, string>> = Object.freeze({ xml: 'XML', ofd: 'OFD', pdf: 'PDF' });

export const ISSUERS: readonly Issuer[] = Object.freeze([
	{
		id: 'chinatax',
		name: '电子发票服务平台 (chinatax.gov.cn)',
		rules: [
			{ host: '*.chinatax.gov.cn', path: /\/exportDzfpwjEwm$/i, kind: 'format-param', formatParam: { name: 'Wjgs', values: UPPER }, ports: [8443] },
			{ host: '*.chinatax.gov.cn', kind: 'landing', ports: [8443] },
		],
	},
	{
		id: 'baiwang',
		name: '百望云 (baiwang.com)',
		rules: [
			{
				host: 'pis.baiwang.com',
				path: /\/previewInvoice[A-Za-z]*$/,
				kind: 'format-param',
				formatParam: { name: 'formatType', values: UPPER },
				rewrite: { path: '/bwmg/mix/bw/downloadFormat', keep: ['param'] },
				http: true,
			},
			{ host: 'pis.baiwang.com', path: /\/downloadFormat$/, kind: 'format-param', formatParam: { name: 'formatType', values: UPPER }, http: true },
			{ host: 'u.baiwang.com', kind: 'landing', http: true },
			{ host: '*.baiwang.com', kind: 'landing' },
		],
	},
	{
		id: 'nuonuo',
		name: '诺诺 (nuonuo.com)',
		rules: [
			{ host: 'inv.jss.com.cn', kind: 'direct' },
			{ host: 'nnfp.jss.com.cn', kind: 'landing', http: true },
			{ host: '*.nuonuo.com', kind: 'landing' },
			{ host: '*.nuonuocs.cn', kind: 'landing' },
		],
	},
	{
		id: 'fapiao',
		name: '法大大 (fapiao.com)',
		rules: [
			{ host: '*.fapiao.com', path: /\/download$/i, kind: 'direct' },
			{ host: '*.fapiao.com', kind: 'landing' },
			{ host: '*.fapiao.com.cn', kind: 'landing' },
		],
	},
	{ id: '51fapiao', name: '51发票 (51fapiao.cloud)', rules: [{ host: '*.51fapiao.cloud', kind: 'landing' }] },
	{ id: 'vpiaotong', name: '票通 (vpiaotong.com)', rules: [{ host: '*.vpiaotong.com', kind: 'landing' }] },
	{ id: 'newtimeai', name: '智云 (newtimeai.com)', rules: [{ host: '*.newtimeai.com', kind: 'landing' }] },
] satisfies Issuer[]);

function hostMatches(pattern: string, host: string): boolean {
	if (pattern.startsWith('*.')) {
		const domain = pattern.slice(2);
		return host === domain || host.endsWith(`.${domain}`);
	}
	return host === pattern;
}

/** The issuer and rule a URL falls under (host, then path), or undefined when it is on no row. */
export function matchIssuer(url: URL): { issuer: Issuer; rule: IssuerRule } | undefined {
	const host = url.hostname.toLowerCase().replace(/\.$/, '');
	for (const issuer of ISSUERS) {
		const rules = issuer.rules.filter((rule) => hostMatches(rule.host, host));
		if (rules.length === 0) continue;
		const rule = rules.find((r) => r.path === undefined || r.path.test(url.pathname)) ?? rules.find((r) => r.path === undefined);
		if (rule) return { issuer, rule };
	}
	return undefined;
}

/** Every host pattern of the table, for the README and the mailbox examples' filter. */
export function issuerHostPatterns(): string[] {
	return [...new Set(ISSUERS.flatMap((issuer) => issuer.rules.map((rule) => rule.host)))];
}

export type LinkCheck =
	| { ok: true; url: URL; issuer: Issuer; rule: IssuerRule }
	| { ok: false; reason: string; issuer?: Issuer };

/**
 * Whether a URL may be requested (a link in a mail, a file on a landing page, or a redirect target),
 * and under which issuer row. The reason says what rule it breaks, in words for the error item.
 */
export function checkLink(text: string | URL): LinkCheck {
	let url: URL;
	try {
		url = typeof text === 'string' ? new URL(text) : text;
	} catch {
		return { ok: false, reason: 'it is not a valid URL' };
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: `its scheme ${url.protocol.replace(/:$/, '')} is not https` };
	if (url.username !== '' || url.password !== '') return { ok: false, reason: 'it carries a user name or password' };
	const refused = refusedHost(url.hostname);
	if (refused) return { ok: false, reason: `its host is ${refused}` };
	const match = matchIssuer(url);
	if (!match) return { ok: false, reason: `its host ${url.hostname} is not a known invoice issuer` };
	const { issuer, rule } = match;
	if (url.protocol === 'http:' && rule.http !== true) return { ok: false, reason: `${issuer.name} serves invoices over https only, and the link is http`, issuer };
	if (url.port !== '' && !(rule.ports ?? []).includes(Number(url.port))) return { ok: false, reason: `port ${url.port} is not one ${issuer.name} uses`, issuer };
	return { ok: true, url, issuer, rule };
}

const FORMAT_WORDS: Readonly<Record<string, LinkFormat>> = Object.freeze({ xml: 'xml', ofd: 'ofd', pdf: 'pdf' });
/** Query parameters that name a file format (Wjgs is the tax platform's 文件格式). */
const FORMAT_PARAM = /^(wjgs|formattype|format|filetype|type)$/i;

/** The format a URL names (a format parameter, the file extension, or a /pdf/ path segment), if any. */
export function linkFormat(url: URL): LinkFormat | undefined {
	for (const [name, value] of url.searchParams) {
		if (FORMAT_PARAM.test(name) && FORMAT_WORDS[value.toLowerCase()]) return FORMAT_WORDS[value.toLowerCase()];
	}
	const ext = /\.([a-z]+)$/i.exec(url.pathname)?.[1]?.toLowerCase();
	if (ext && FORMAT_WORDS[ext]) return FORMAT_WORDS[ext];
	for (const segment of url.pathname.toLowerCase().split('/')) if (FORMAT_WORDS[segment]) return FORMAT_WORDS[segment];
	return undefined;
}

/**
 * The URL with its format markers blanked: links to the PDF, OFD and XML of one invoice (which differ
 * only there) share it, so they are one invoice to fetch, most exact format first.
 */
export function formatlessKey(url: URL): string {
	const host = url.hostname.toLowerCase();
	const params = [...url.searchParams].filter(([name, value]) => !(FORMAT_PARAM.test(name) && FORMAT_WORDS[value.toLowerCase()]));
	// A link with a token in its query (fapiao.com's ?request=..., the platform's Fphm/Jym): the token is the invoice.
	if (params.some(([, value]) => value.length >= 16)) {
		return `${host}?${params.map(([name, value]) => `${name.toLowerCase()}=${value}`).sort().join('&')}`;
	}
	const path = url.pathname
		.split('/')
		.map((segment) => (FORMAT_WORDS[segment.toLowerCase()] ? '*' : segment.replace(/\.(pdf|ofd|xml)$/i, '.*')))
		.join('/');
	return `${host}${path}?${params.map(([name, value]) => `${name}=${value}`).join('&')}`;
}

/**
 * The URLs to try for a format-param link, most exact format first (XML, OFD, PDF), the preview
 * rewritten to the download address where the row says so. Other kinds: the URL itself.
 */
export function formatVariants(url: URL, rule: IssuerRule): URL[] {
	if (rule.kind !== 'format-param' || !rule.formatParam) return [url];
	let base = new URL(url.href);
	if (rule.rewrite) {
		base = new URL(rule.rewrite.path, url);
		for (const name of rule.rewrite.keep) {
			const value = url.searchParams.get(name);
			if (value !== null) base.searchParams.set(name, value);
		}
	}
	const param = rule.formatParam;
	// The parameter may be spelled in another case in the mail (wjgs=pdf): keep that spelling.
	const existing = [...base.searchParams.keys()].find((name) => name.toLowerCase() === param.name.toLowerCase()) ?? param.name;
	return FORMAT_ORDER.map((format) => {
		const variant = new URL(base.href);
		variant.searchParams.set(existing, param.values[format]);
		return variant;
	});
}

/**
 * Links on an issuer's host that are not an invoice: the home page, images, style sheets, scripts, and
 * pages without anything that identifies one invoice (no query, no format, no token-like path segment
 * of 8+ characters with a digit), such as "download our app" or product pages in the mail's footer.
 */
export function isNonInvoiceLink(url: URL): boolean {
	if (/\.(png|jpe?g|gif|bmp|svg|webp|ico|css|js|woff2?|ttf|apk|exe)$/i.test(url.pathname)) return true;
	if (url.search.length > 1 || linkFormat(url) !== undefined) return false;
	return !url.pathname.split('/').some((segment) => segment.length >= 8 && /[0-9]/.test(segment));
}

/** The URL with every query value and the fragment masked, for logs: links carry the invoice's access token. */
export function maskUrl(text: string): string {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return text.replace(/[?#].*$/, '');
	}
	const names = [...url.searchParams.keys()];
	const query = names.length > 0 ? `?${names.map((name) => `${encodeURIComponent(name)}=***`).join('&')}` : '';
	// Short links and file links carry their token in the path: a segment of 8+ characters with a digit keeps its first 4.
	const path = url.pathname
		.split('/')
		.map((segment) => (segment.length >= 8 && /[0-9]/.test(segment) ? `${segment.slice(0, 4)}***${/\.(pdf|ofd|xml|zip)$/i.exec(segment)?.[0] ?? ''}` : segment))
		.join('/');
	return `${url.protocol}//${url.host}${path}${query}`;
}
