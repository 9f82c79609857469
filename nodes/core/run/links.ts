/**
 * Invoice links in a mail: found in the text and HTML the Email Trigger delivers (`text`, `textPlain`,
 * `html`, `textHtml`, `textAsHtml`), cleaned of what mail transport leaves in them (HTML entities,
 * quoted-printable soft line breaks and =3D, links wrapped across lines), checked against the issuer
 * table (core/run/issuers.ts), and grouped so that one invoice linked as PDF, OFD and XML is fetched
 * once, most exact format first. Also: the files a landing page lists, and what a page that is not a
 * file says (expired link, captcha). Pure functions, bounded: a mail body is untrusted input.
 */
import { FORMAT_ORDER, checkLink, formatlessKey, isNonInvoiceLink, linkFormat, type Issuer, type IssuerRule, type LinkFormat } from './issuers';

/** Most characters of mail text (or of a landing page) that are searched for links. */
export const MAX_TEXT_CHARS = 1_000_000;
/** Most invoices (links, after grouping formats) followed from one mail. */
export const DEFAULT_MAX_LINKS = 5;
/** Longest URL taken from a mail. */
export const MAX_URL_CHARS = 4096;

const NAMED_ENTITIES: Readonly<Record<string, string>> = Object.freeze({
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: ' ',
	sol: '/',
	colon: ':',
	quest: '?',
	equals: '=',
	num: '#',
	percnt: '%',
});

/** HTML character references (&amp; &#38; &#x26; and the few named ones URLs need) decoded; unknown ones left. */
export function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});?/gi, (whole, ref: string) => {
		if (ref[0] === '#') {
			const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
			return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
		}
		return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
	});
}

/**
 * Quoted-printable leftovers (a body the mail client did not decode): soft line breaks (`=` at the end
 * of a line) joined and `=XX` decoded as UTF-8. Only when the text shows QP's marks (a soft break or
 * `=3D`), since a plain link's `param=5EA9` must stay as it is.
 */
export function decodeQuotedPrintable(text: string): string {
	if (!/=\r?\n/.test(text) && !/=3D/i.test(text)) return text;
	const joined = text.replace(/=\r?\n/g, '');
	return joined.replace(/(?:=[0-9A-F]{2})+/gi, (run) => {
		const bytes = run.split('=').slice(1).map((h) => parseInt(h, 16));
		const decoded = Buffer.from(bytes).toString('utf8');
		return decoded.includes('\ufffd') ? run : decoded;
	});
}

/** Characters a URL may hold (RFC 3986, plus % escapes); anything else (space, CJK, quotes, <>) ends it. */
const URL_CHARS = "A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%";
const URL_RE = new RegExp(`https?://[${URL_CHARS}]+`, 'gi');
const TRAILING = /[.,;:!?'")\]]/;

function trimUrl(url: string): string {
	let out = url;
	for (;;) {
		const last = out[out.length - 1];
		if (last === undefined || !TRAILING.test(last)) return out;
		// A closing parenthesis stays when it closes one inside the URL.
		if (last === ')' && (out.match(/\(/g) ?? []).length >= (out.match(/\)/g) ?? []).length) return out;
		out = out.slice(0, -1);
	}
}

/** Whether a line ends in a link (its last white-space-free run holds http(s):// with no <>" after it); linear. */
function endsInLink(line: string): boolean {
	const tail = line.slice(Math.max(line.search(/\S*$/), 0));
	const at = tail.search(/https?:\/\//i);
	return at >= 0 && !/[<>"]/.test(tail.slice(at));
}

/** Removes <script> and <style> elements (an unclosed one: to the end), by index search: linear in the text. */
function withoutScripts(html: string): string {
	const lower = html.toLowerCase();
	let out = '';
	let from = 0;
	for (;;) {
		const script = lower.indexOf('<script', from);
		const style = lower.indexOf('<style', from);
		const start = script < 0 ? style : style < 0 ? script : Math.min(script, style);
		if (start < 0) return out + html.slice(from);
		const closing = start === script ? '</script' : '</style';
		const end = lower.indexOf(closing, start);
		out += `${html.slice(from, start)} `;
		if (end < 0) return out;
		const close = lower.indexOf('>', end);
		from = close < 0 ? html.length : close + 1;
	}
}

/** Tags replaced by a space; `<[^<>]*>` stops at the next "<", so a page of unclosed tags stays linear. */
function withoutTags(html: string): string {
	return html.replace(/<[^<>]*>/g, ' ');
}

/**
 * Plain text lines wrapped inside a link (mail clients break long lines at 72-78 characters, quoted-
 * printable at 76): a link that runs to the end of a line of 60-100 characters is joined with the next
 * line when that line starts with URL characters that look like the rest of a link: they hold a digit
 * or one of / ? = & % _ - . and run to the end of the line, to white space or to CJK text ("abc发票");
 * or they are a bare word that is the whole next line. "OFD：https://..." (a label) is not joined.
 */
function joinWrappedLinks(text: string): string {
	const lines = text.split(/\r?\n/);
	const out: string[] = [];
	const contRe = new RegExp(`^[${URL_CHARS}]+`);
	for (let i = 0; i < lines.length; i++) {
		let line = lines[i];
		let last = line;
		let inLink = endsInLink(line);
		while (inLink && i + 1 < lines.length) {
			const next = lines[i + 1];
			const width = [...last].length;
			if (width < 60 || width > 100) break;
			const cont = contRe.exec(next)?.[0];
			if (!cont || cont.length < 2 || /^(https?:|www\.)/i.test(next)) break;
			const after = next.slice(cont.length);
			const urlish = /[/?=&%_\-.0-9]/.test(cont);
			const joins = urlish ? after === '' || /^[\s\u3400-\u9fff]/.test(after) : after.trim() === '';
			if (!joins) break;
			line += next;
			last = next;
			inLink = after === ''; // a link wrapped over three lines goes on only when this line was all link
			i++;
		}
		out.push(line);
	}
	return out.join('\n');
}

/** `<https://...>` in plain text (RFC 3986 appendix C): white space inside the brackets is not part of the link. */
function unwrapBracketed(text: string): string {
	return text.replace(/<(?:URL:)?\s*(https?:\/\/[^<>]{1,4096}?)\s*>/gi, (_, inner: string) => `<${inner.replace(/\s+/g, '')}>`);
}

/** Every http(s) URL in plain text, in order, cleaned; duplicates kept (the caller de-duplicates). */
export function urlsInText(text: string): string[] {
	const cleaned = joinWrappedLinks(unwrapBracketed(decodeEntities(decodeQuotedPrintable(text.slice(0, MAX_TEXT_CHARS)))));
	const found: string[] = [];
	for (const match of cleaned.matchAll(URL_RE)) {
		const url = trimUrl(match[0]);
		if (url.length > 10 && url.length <= MAX_URL_CHARS) found.push(url);
	}
	return found;
}

/**
 * Every link in HTML: the targets of href/src attributes (entities decoded, white space inside the
 * value removed, as browsers do) and the URLs in the text between tags.
 */
export function urlsInHtml(html: string): string[] {
	const source = decodeQuotedPrintable(html.slice(0, MAX_TEXT_CHARS));
	const found: string[] = [];
	const attr = /\b(?:href|src|action|data-href|data-url)\s*=\s*("([^"]{0,4096})"|'([^']{0,4096})'|([^\s>"']{1,4096}))/gi;
	for (const m of source.matchAll(attr)) {
		const value = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '').replace(/\s+/g, '');
		if (/^https?:\/\//i.test(value) && value.length <= MAX_URL_CHARS) found.push(value);
	}
	const text = withoutTags(withoutScripts(source).replace(/<br\s*\/?>/gi, '\n'));
	return [...found, ...urlsInText(text)];
}

/** The mail fields the Email Trigger gives (resolved format: text, html, textAsHtml; simple format: textPlain, textHtml). */
export interface MailText {
	text?: unknown;
	textPlain?: unknown;
	html?: unknown;
	textHtml?: unknown;
	textAsHtml?: unknown;
}

function str(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

/** Every distinct URL in the mail's text and HTML, in the order they first appear. */
export function urlsInMail(mail: MailText): string[] {
	const all = [
		...urlsInHtml(str(mail.html)),
		...urlsInHtml(str(mail.textHtml)),
		...urlsInText(str(mail.text)),
		...urlsInText(str(mail.textPlain)),
		...urlsInHtml(str(mail.textAsHtml)),
	];
	const seen = new Set<string>();
	const out: string[] = [];
	for (const url of all) {
		let key = url;
		try {
			key = new URL(url).href;
		} catch {
			continue;
		}
		if (seen.has(key)) continue;
		seen.add(key);
		out.push(key);
	}
	return out;
}

/** One invoice to fetch from a mail: the URLs of its formats (most exact first) under one issuer. */
export interface LinkPlan {
	issuer: Issuer;
	/** The link as it was in the mail (the first of the group): the item's `sourceUrl`. */
	url: string;
	/** Every link of the group, most exact format first, with the rule each falls under. */
	candidates: Array<{ url: string; rule: IssuerRule; format: LinkFormat | undefined }>;
}

/** A link of a known issuer that breaks a rule (http where https is required, another port): reported, not followed. */
export interface RefusedLink {
	url: string;
	issuer: Issuer;
	reason: string;
}

export interface MailLinks {
	/** The invoices to fetch, at most `max`. */
	plans: LinkPlan[];
	/** Invoice links beyond `max`: reported, so that none is dropped silently. */
	skipped: LinkPlan[];
	refused: RefusedLink[];
}

function rank(format: LinkFormat | undefined): number {
	return format === undefined ? FORMAT_ORDER.length : FORMAT_ORDER.indexOf(format);
}

/**
 * The issuer links of a mail, grouped by invoice (links that differ only in the format they name),
 * most exact format first within a group, at most `max` groups. Links to any other host are ignored:
 * they are not invoice links (logos, tracking, the sender's site), and none of them is ever requested.
 */
export function invoiceLinks(mail: MailText, max = DEFAULT_MAX_LINKS): MailLinks {
	const groups = new Map<string, LinkPlan>();
	const refused: RefusedLink[] = [];
	for (const url of urlsInMail(mail)) {
		const check = checkLink(url);
		if (!check.ok) {
			if (check.issuer && !isNonInvoiceLink(new URL(url))) refused.push({ url, issuer: check.issuer, reason: check.reason });
			continue;
		}
		if (isNonInvoiceLink(check.url)) continue;
		const key = `${check.issuer.id}|${formatlessKey(check.url)}`;
		const candidate = { url: check.url.href, rule: check.rule, format: linkFormat(check.url) };
		const group = groups.get(key);
		if (group) group.candidates.push(candidate);
		else groups.set(key, { issuer: check.issuer, url: check.url.href, candidates: [candidate] });
	}
	const plans = [...groups.values()];
	for (const plan of plans) plan.candidates.sort((a, b) => rank(a.format) - rank(b.format));
	return { plans: plans.slice(0, Math.max(0, max)), skipped: plans.slice(Math.max(0, max)), refused };
}

/** A file a landing page links to, on the allow-list. */
export interface PageFile {
	url: string;
	format: LinkFormat | undefined;
}

/** Words on a download link that name a format ("下载PDF", "OFD 下载", "XML文件"). */
function formatFromLinkText(text: string): LinkFormat | undefined {
	const m = /\b(xml|ofd|pdf)\b|(xml|ofd|pdf)(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(xml|ofd|pdf)/i.exec(text);
	const word = (m?.[1] ?? m?.[2] ?? m?.[3])?.toLowerCase();
	return word === 'xml' || word === 'ofd' || word === 'pdf' ? word : undefined;
}

/**
 * The invoice files a landing page lists: links (href, or URLs in the page text and scripts) that
 * resolve, against the page's own address, to a URL the issuer table allows and that name a format
 * (by extension, format parameter, path, or the link's own words) or are a direct-file row; most exact
 * format first. Links to anything else are ignored.
 */
export function filesOnPage(html: string, pageUrl: string): PageFile[] {
	const source = html.slice(0, MAX_TEXT_CHARS);
	const raw: Array<{ href: string; text: string }> = [];
	for (const m of source.matchAll(/<a\b[^<>]{0,2000}?\bhref\s*=\s*("([^"]{0,4096})"|'([^']{0,4096})'|([^\s>"']{1,4096}))[^<>]{0,2000}>([^]{0,300}?)<\/a\s*>/gi)) {
		raw.push({ href: decodeEntities(m[2] ?? m[3] ?? m[4] ?? '').replace(/\s+/g, ''), text: withoutTags(m[5]) });
	}
	for (const url of urlsInText(source.replace(/\\\//g, '/'))) raw.push({ href: url, text: '' });
	const seen = new Set<string>();
	const files: PageFile[] = [];
	for (const { href, text } of raw) {
		if (href === '' || /^(javascript|mailto|data):/i.test(href) || href.startsWith('#')) continue;
		let url: URL;
		try {
			url = new URL(href, pageUrl);
		} catch {
			continue;
		}
		const check = checkLink(url);
		if (!check.ok || isNonInvoiceLink(check.url)) continue;
		const format = linkFormat(check.url) ?? formatFromLinkText(decodeEntities(text));
		if (format === undefined && check.rule.kind !== 'direct') continue;
		if (seen.has(check.url.href)) continue;
		seen.add(check.url.href);
		files.push({ url: check.url.href, format });
	}
	return files.sort((a, b) => rank(a.format) - rank(b.format));
}

/** Whether bytes are an HTML page (what an issuer answers instead of a file when a link is dead or guarded). */
export function looksLikeHtml(bytes: Uint8Array): boolean {
	const head = Buffer.from(bytes.subarray(0, 1024)).toString('utf8').trimStart().toLowerCase();
	return /^(<!doctype html|<html|<head|<body|<meta|<title|<!--|<div|<script|<form)/.test(head) || /<html[\s>]/.test(head);
}

/** What a page that is not a file says, as far as it can be told from its text. */
export type PageVerdict = 'captcha' | 'expired' | 'login' | 'page';

/** The page's text without tags, scripts and styles, shortened, for a verdict and for the error detail. */
export function pageText(html: string): string {
	return decodeEntities(withoutTags(withoutScripts(html.slice(0, MAX_TEXT_CHARS))))
		.replace(/\s+/g, ' ')
		.trim();
}

export function pageVerdict(html: string): PageVerdict {
	const text = `${pageText(html)} ${/<title>([\s\S]{0,200}?)<\/title>/i.exec(html)?.[1] ?? ''}`;
	if (/验证码|captcha|滑块|人机验证|安全验证|geetest|slider/i.test(text) || /captcha|geetest|tcaptcha/i.test(html.slice(0, MAX_TEXT_CHARS))) return 'captcha';
	if (/已失效|已过期|失效|过期|不存在|已作废|expired|no longer valid|not found|invalid link/i.test(text)) return 'expired';
	if (/请登录|登录后|扫码登录|log ?in|sign ?in/i.test(text)) return 'login';
	return 'page';
}
