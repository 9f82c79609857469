/**
 * Follow Invoice Links in Mail: gets the file behind one issuer link of a mail (core/run/links.ts found
 * and grouped it, core/run/issuers.ts says how to get it) through the one download client
 * (./download.ts downloadLink: every redirect checked against the allow-list, no cookies, size and
 * time limits), and makes every failure an error that names the issuer and says what to do.
 *
 * The test-only issuer emulator option: a hidden parameter (no field in the editor, so it cannot be set
 * by accident; only a workflow's JSON can carry it) whose value must be exactly http://127.0.0.1:<port>.
 * With it, every request that passed the allow-list goes to that address instead, as
 * /<scheme>/<host[:port]>/<path>?<query>, so the test emulator can play each issuer. Without it, no
 * request ever goes to an IP address: loopback and private targets are refused like any other host
 * that is not on the list (test/nodes/VatInvoiceOcr.links.test.ts shows both).
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { sniffFile, type FileInfo } from '../core/run/files';
import { checkLink, formatVariants, maskUrl, matchIssuer, type IssuerRule } from '../core/run/issuers';
import { filesOnPage, looksLikeHtml, pageText, pageVerdict, type LinkPlan } from '../core/run/links';
import { DownloadError, downloadLink, type DownloadedLink, type LinkPolicy } from './download';
import type { FileJob } from './run';

/** The hidden parameter of the test-only issuer emulator. */
export const TEST_EMULATOR_PARAMETER = 'testOnlyIssuerEmulator';

const EMULATOR_VALUE = /^http:\/\/127\.0\.0\.1:([0-9]{1,5})$/;

/** The emulator's base URL from the parameter's value; undefined when empty; an error for anything else. */
export function emulatorBase(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(value);
	const m = EMULATOR_VALUE.exec(text);
	if (!m || Number(m[1]) < 1 || Number(m[1]) > 65535) {
		throw new DownloadError({
			code: 'InvalidTestOption',
			message: `The test-only issuer emulator option is set to "${text.slice(0, 60)}", which is not http://127.0.0.1:<port>`,
			hint: 'This option exists for the package\'s own tests. Remove "testOnlyIssuerEmulator" from the node\'s parameters in the workflow JSON.',
			retryable: false,
		});
	}
	return text;
}

export interface LinkSettings {
	maxBytes: number;
	/** The test-only emulator's base URL (see the module comment), or undefined. */
	emulator?: string;
}

export interface FetchedLink {
	bytes: Buffer;
	info: FileInfo;
	/** The URL the file came from (after redirects, as the issuer named it). */
	url: string;
	/** Every URL requested for this link, masked (for the log). */
	tried: string[];
}

const FILE_KINDS = new Set(['pdf', 'ofd', 'xml', 'zip', 'png', 'jpeg', 'bmp']);

function policyFor(plan: LinkPlan, settings: LinkSettings): LinkPolicy {
	return {
		issuerName: plan.issuer.name,
		maxRedirects: 5,
		check(url) {
			const check = checkLink(url);
			return check.ok ? undefined : check.reason;
		},
		transport(url) {
			if (settings.emulator === undefined) return url.href;
			return `${settings.emulator}/${url.protocol.replace(/:$/, '')}/${url.host}${url.pathname}${url.search}`;
		},
	};
}

function linkFailure(plan: LinkPlan, code: string, what: string, hint: string, detail?: string): DownloadError {
	return new DownloadError({ code, message: `The ${plan.issuer.name} link ${what}`, hint, retryable: false, detail });
}

const BY_HAND =
	'Open the link in the mail by hand (in a browser) and download the invoice file (XML, OFD or PDF); pass it to the workflow as an attachment';

/** Why a page is not the invoice, as an error that names the issuer and says what to do. */
function pageFailure(plan: LinkPlan, html: string): DownloadError {
	const detail = pageText(html).slice(0, 200);
	switch (pageVerdict(html)) {
		case 'captcha':
			return linkFailure(plan, 'LinkCaptcha', 'opened a page that asks for a captcha (a human check) before the download', `${BY_HAND}. The node does not solve captchas.`, detail);
		case 'expired':
			return linkFailure(plan, 'LinkExpired', 'has expired or no longer exists (the issuer answered with a page saying so)', `${BY_HAND} to check, or ask the seller to have ${plan.issuer.name} send the invoice again.`, detail);
		case 'login':
			return linkFailure(plan, 'LinkNeedsLogin', 'opened a login page instead of the invoice', `${BY_HAND}, or ask the seller to send the invoice file itself.`, detail);
		default:
			return linkFailure(plan, 'LinkNotAFile', 'gave a web page instead of the invoice file, and the page lists no invoice file the node can download', `${BY_HAND}, or ask the seller to have ${plan.issuer.name} send the invoice again (or attach the file).`, detail);
	}
}

/**
 * The invoice file behind one link group (most exact format first): rejects with a DownloadError that
 * names the issuer when no candidate gives a file. Downloads run through the job's scheduler
 * (concurrency, retries of passing failures), unmetered.
 */
export async function fetchInvoiceLink(job: FileJob, plan: LinkPlan, settings: LinkSettings): Promise<FetchedLink> {
	const policy = policyFor(plan, settings);
	const tried: string[] = [];
	const get = async (url: string): Promise<DownloadedLink> => {
		const result = await job.schedule(
			async () =>
				await downloadLink(
					job.ctx,
					url,
					{
						maxBytes: settings.maxBytes,
						timeoutMs: job.timeoutMs,
						signal: job.signal,
						accept: 'application/xml, application/ofd, application/pdf, application/zip, text/html;q=0.5, */*;q=0.1',
						sizeHint: `E-invoice files are well under 1 MB: check the ${plan.issuer.name} link by hand.`,
					},
					policy,
				),
			{ metered: false },
		);
		tried.push(...result.hops.map(maskUrl));
		return result;
	};
	const asFile = (got: DownloadedLink): FetchedLink | undefined => {
		if (looksLikeHtml(got.bytes)) return undefined;
		const info = sniffFile(got.bytes);
		return FILE_KINDS.has(info.kind) ? { bytes: got.bytes, info, url: got.url, tried } : undefined;
	};
	const notAFile = (got: DownloadedLink): DownloadError =>
		looksLikeHtml(got.bytes)
			? pageFailure(plan, got.bytes.toString('utf8'))
			: linkFailure(plan, 'LinkNotAFile', `gave a file that is not an invoice file (${sniffFile(got.bytes).kind === 'unknown' ? 'unknown content' : sniffFile(got.bytes).kind})`, `${BY_HAND}.`);

	/** Tries each URL in turn until one gives a file; rejects with the most telling failure (a cancel at once). */
	const firstFile = async (urls: string[]): Promise<FetchedLink> => {
		const failures: unknown[] = [];
		for (const url of urls) {
			let got: DownloadedLink | undefined;
			let failure: unknown;
			try {
				got = await get(url);
			} catch (error) {
				failure = error;
			}
			if (failure instanceof DownloadError && failure.cancelled) throw failure;
			const file = got ? asFile(got) : undefined;
			if (file) return file;
			failures.push(got ? notAFile(got) : failure);
		}
		throw mostTelling(failures);
	};

	/** One URL under its rule: a file, or the files its page lists, or (format-param) each format in turn. */
	const fromUrl = async (url: string, rule: IssuerRule, depth: number): Promise<FetchedLink> => {
		if (rule.kind === 'format-param') return await firstFile(formatVariants(new URL(url), rule).map((variant) => variant.href));
		const got = await get(url);
		const file = asFile(got);
		if (file) return file;
		if (!looksLikeHtml(got.bytes)) throw notAFile(got);
		// Redirected onto a format-param address (a short link that lands on a preview page): that row's way.
		const landed = matchIssuer(new URL(got.url));
		if (depth === 0 && landed && landed.rule.kind === 'format-param' && got.url !== url) return await fromUrl(got.url, landed.rule, depth + 1);
		const html = got.bytes.toString('utf8');
		const listed = depth === 0 ? filesOnPage(html, got.url) : [];
		if (listed.length === 0) throw pageFailure(plan, html);
		return await firstFile(listed.map((entry) => entry.url));
	};

	const failures: unknown[] = [];
	for (const candidate of plan.candidates) {
		let fetched: FetchedLink | undefined;
		let error: unknown;
		try {
			fetched = await fromUrl(candidate.url, candidate.rule, 0);
		} catch (caught) {
			error = caught;
		}
		if (fetched) return fetched;
		if (error instanceof DownloadError && error.cancelled) throw error;
		failures.push(error);
	}
	job.ctx.logger?.warn(`Invoice link of ${plan.issuer.name} gave no file; tried ${tried.join(', ') || plan.candidates.map((c) => maskUrl(c.url)).join(', ')}`);
	throw asLinkError(plan, mostTelling(failures));
}

/** What the user can act on first: a captcha, an expired link, a login, a refused redirect, then the first failure. */
const TELLING = ['LinkCaptcha', 'LinkExpired', 'HTTP 404', 'HTTP 410', 'LinkNeedsLogin', 'LinkRefused', 'DownloadTooLarge'];

function mostTelling(failures: unknown[]): unknown {
	const rank = (error: unknown) => {
		const i = error instanceof DownloadError ? TELLING.indexOf(error.code) : -1;
		return i < 0 ? TELLING.length : i;
	};
	return failures.reduce((best, error) => (rank(error) < rank(best) ? error : best), failures[0]);
}

/** A download failure of a link, reworded to name the issuer and to say what to do. */
function asLinkError(plan: LinkPlan, error: unknown): unknown {
	if (!(error instanceof DownloadError) || error.message.startsWith(`The ${plan.issuer.name} link`) || error.cancelled) return error;
	const status = error.httpStatus;
	if (status === 404 || status === 410) {
		return new DownloadError({
			code: 'LinkExpired',
			message: `The ${plan.issuer.name} link has expired or no longer exists (HTTP ${status})`,
			hint: `${BY_HAND} to check, or ask the seller to have ${plan.issuer.name} send the invoice again.`,
			retryable: false,
			httpStatus: status,
		});
	}
	return new DownloadError({
		code: error.code,
		message: `The ${plan.issuer.name} link could not be downloaded: ${error.message.replace(/^The download failed: /, '')}`,
		hint: `${error.hint.replace(/Check that the URL is public[\s\S]*$/, '').trim()} ${BY_HAND}, or ask the seller to send the invoice again.`.trim(),
		retryable: false,
		httpStatus: status,
		detail: error.detail,
	});
}

/** The file name a link's file gets in the output: the URL's own when it names a file, else "<issuer>-invoice.<kind>". */
export function linkFileName(plan: LinkPlan, fetched: FetchedLink): string {
	const last = new URL(fetched.url).pathname.split('/').filter(Boolean).pop() ?? '';
	let decoded = last;
	try {
		decoded = decodeURIComponent(last);
	} catch {
		// keep the raw segment
	}
	if (/\.(pdf|ofd|xml|zip)$/i.test(decoded) && decoded.length <= 120) return decoded;
	return `${plan.issuer.id}-invoice.${fetched.info.kind === 'jpeg' ? 'jpg' : fetched.info.kind}`;
}

/** Reads the hidden test option of a node (first item); see the module comment. A bad value fails the run. */
export function readEmulatorOption(ctx: IExecuteFunctions): string | undefined {
	const value = ctx.getNodeParameter(TEST_EMULATOR_PARAMETER, 0, '');
	let failure: DownloadError | undefined;
	let base: string | undefined;
	try {
		base = emulatorBase(value);
	} catch (error) {
		failure = error as DownloadError;
	}
	if (failure) throw new NodeOperationError(ctx.getNode(), failure.message, { description: failure.hint });
	return base;
}
