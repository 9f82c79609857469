/**
 * VAT Invoice OCR's local reading: a file that carries its own data (PDF with a text layer, OFD, 数电
 * XML, the platform's ZIP of them) is read on the n8n machine by core/read/index.ts; an image, or a PDF that
 * turns out to be a scan, goes to the cloud provider's handler. Which engine reads which file is decided
 * in core/run/engine.ts; this module wires that decision to n8n's files, URLs and output items.
 */
import type { IDataObject } from 'n8n-workflow';

import type { LimitedApi } from '../core/providers/apis';
import { FORMAT_RANK, type LocalAlsoIn, type LocalFileFormat, type LocalInvoice } from '../core/read/common/local';
import { fallsBackToCloud, firstEngine, type EngineMode } from '../core/run/engine';
import { checkFileInfo, emptyFile, type FileRejectedError } from '../core/providers/fileChecks';
import { kindFromName, mimeTypeOf, sniffFile, type FileInfo } from '../core/run/files';
import { withMeta } from '../core/providers/flatten';
import { bundleError, readInvoiceBundle, readInvoiceFile, type BundleProblem } from '../core/read/index';
import { ReaderError } from '../core/read/common/errors';
import { downloadFile } from './download';
import { fetchInvoiceLink, linkFileName } from './invoiceLinks';
import { displayUrl, problemFromError } from './problems';
import type { FileHandler, FileJob, JobResult } from './run';

export interface LocalReadingConfig {
	/** The cloud provider's API and handler, or null for provider Local. */
	cloud: { api: LimitedApi; handler: FileHandler } | null;
	/** Read E-Invoice Files Locally First (ignored without a cloud provider: then everything is read locally). */
	localFirst: boolean;
	/** Max Download Size, in bytes, for a URL the node downloads itself. */
	maxDownloadBytesOf: (itemIndex: number) => number;
	/** Follow Invoice Links in Mail: the test-only issuer emulator's address (shared/invoiceLinks.ts), if set. */
	linkEmulator?: string;
}

function modeOf(config: LocalReadingConfig): EngineMode {
	return { cloud: config.cloud !== null, localFirst: config.localFirst };
}

/**
 * The check made before any request (for a URL, `info` has only the kind its name suggests): a file for
 * the cloud meets the provider's documented limits; a file read locally is refused only when it is empty
 * (the local readers have their own bounds and say what is wrong with anything else).
 */
export function localReadingCheck(config: LocalReadingConfig): (info: FileInfo) => FileRejectedError | undefined {
	const mode = modeOf(config);
	return (info) => {
		if (info.size === 0) return emptyFile(info);
		if (config.cloud && firstEngine(info.kind, mode) === 'cloud') return checkFileInfo(info, config.cloud.api);
		return undefined;
	};
}

/** The file's bytes: the binary property, or the URL downloaded through the shared download client. */
async function loadBytes(job: FileJob, maxBytes: number): Promise<Uint8Array> {
	const url = job.file.sourceUrl;
	if (url === null) return (await job.bytes()) ?? new Uint8Array(0);
	// Through the scheduler for its concurrency bound and retries, but unmetered: nothing goes to the provider.
	return await job.schedule(
		async () =>
			await downloadFile(job.ctx, url, {
				maxBytes,
				timeoutMs: job.timeoutMs,
				signal: job.signal,
				accept: 'application/pdf, application/ofd, application/xml, application/zip, image/*, */*',
				sizeHint: 'E-invoice files are well under 1 MB: check that the URL points to the invoice.',
			}),
		{ metered: false },
	);
}

/** The same job with the bytes already in hand (a downloaded URL), for the cloud handler. */
function withBytes(job: FileJob, bytes: Uint8Array, info: FileInfo): FileJob {
	if (job.file.sourceUrl === null) return job;
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	return {
		...job,
		file: { ...job.file, info, mimeType: info.mimeType },
		bytes: async () => buffer,
		source: async () => ({ base64: buffer.toString('base64') }),
		meta: (extra = {}) => job.meta({ mimeType: info.mimeType, ...extra }),
	};
}

/** The path of a ZIP entry without its extension: the platform names the PDF, OFD and XML of one invoice alike. */
function stem(entryName: string): string {
	return entryName.replace(/\.[^./]*$/, '').toLowerCase();
}

/**
 * Entries of a bundle that could not be read and whose invoice no other entry gave (judged by the file
 * name without its extension): each is a problem of its own, so an invoice is never dropped silently.
 */
export function unreadEntries(invoices: readonly LocalInvoice[], problems: readonly BundleProblem[]): BundleProblem[] {
	const read = new Set<string>();
	for (const invoice of invoices) {
		if (invoice.EntryName) read.add(stem(invoice.EntryName));
		for (const other of invoice.AlsoIn ?? []) read.add(stem(other.EntryName));
	}
	return problems.filter((problem) => !read.has(stem(problem.EntryName)));
}

function entryProblem(entry: BundleProblem): JobResult {
	const error = new ReaderError(
		entry.code,
		`"${entry.EntryName}" in the ZIP could not be read: ${entry.message}`,
		'The other invoices in the ZIP were read. Unzip it and pass this file on its own: a scan needs a cloud provider, a damaged file a new download from the platform.',
	);
	return { problem: problemFromError(error), page: null };
}

/** Entry names that are images (scans): the bundle reader skips them, so each is reported rather than dropped. */
const IMAGE_ENTRY = /\.(png|jpe?g|bmp|tiff?|webp)$/i;

export function skippedImages(skipped: readonly string[]): string[] {
	return skipped.filter((name) => IMAGE_ENTRY.test(name));
}

function imageEntryProblem(entryName: string): JobResult {
	const error = new ReaderError(
		'ImageInZip',
		`"${entryName}" in the ZIP is an image (a scan or photo) and was not read`,
		'The other files in the ZIP were read. Unzip it and pass the image itself: VAT Invoice OCR sends images to a cloud provider (Tencent Cloud or Qiniu).',
	);
	return { problem: problemFromError(error), page: null };
}

/** The job of a fetched invoice link: its file name, type and bytes, as if it had been attached. */
function linkJob(job: FileJob, fileName: string, bytes: Buffer, info: FileInfo): FileJob {
	const file = { ...job.file, fileName, info, mimeType: info.mimeType };
	return {
		...job,
		file,
		bytes: async () => bytes,
		source: async () => ({ base64: bytes.toString('base64') }),
		meta: (extra = {}) => job.meta({ fileName, mimeType: info.mimeType, ...extra }),
	};
}

/**
 * An invoice link of the mail: its file fetched (shared/invoiceLinks.ts), then read like an attachment
 * (locally, or by the cloud provider for an image or a scanned PDF).
 */
async function readLink(job: FileJob, config: LocalReadingConfig): Promise<JobResult[]> {
	const plan = job.file.link;
	if (!plan) return [];
	const fetched = await fetchInvoiceLink(job, plan, { maxBytes: config.maxDownloadBytesOf(job.itemIndex), emulator: config.linkEmulator });
	const read = linkJob(job, linkFileName(plan, fetched), fetched.bytes, fetched.info);
	const mode = modeOf(config);
	if (config.cloud && firstEngine(fetched.info.kind, mode) === 'cloud') return await sendToCloud(read, config.cloud, fetched.bytes, fetched.info);
	let failure: unknown;
	try {
		return await readLocally(read, fetched.bytes, fetched.info);
	} catch (error) {
		failure = error;
	}
	if (config.cloud && fallsBackToCloud(fetched.info.kind, mode)) return await sendToCloud(read, config.cloud, fetched.bytes, fetched.info);
	return [{ problem: problemFromError(failure) }];
}

function localResult(job: FileJob, invoice: LocalInvoice): JobResult {
	const zipName = job.file.fileName ?? 'ZIP';
	const meta = job.meta({
		provider: 'local',
		api: 'LocalInvoiceReader',
		fileName: invoice.EntryName ? `${zipName}/${invoice.EntryName}` : job.file.fileName,
		mimeType: mimeTypeOf(invoice.FileFormat),
		page: 1,
		pageCount: invoice.PageCount ?? 1,
		requestId: null,
	});
	return { json: withMeta({ ...invoice }, meta) as IDataObject, page: 1 };
}

/** Every invoice the bytes hold, read on this machine; rejects with the reader's error when none can be. */
async function readLocally(job: FileJob, bytes: Uint8Array, info: FileInfo): Promise<JobResult[]> {
	if (info.kind !== 'zip') return (await readInvoiceFile(bytes)).map((invoice) => localResult(job, invoice));
	const bundle = await readInvoiceBundle(bytes);
	if (bundle.invoices.length === 0) throw bundleError(bundle);
	return [
		...bundle.invoices.map((invoice) => localResult(job, invoice)),
		...unreadEntries(bundle.invoices, bundle.problems).map(entryProblem),
		...skippedImages(bundle.skipped).map(imageEntryProblem),
	];
}

/**
 * The handler of VAT Invoice OCR: every file to the engine core/run/engine.ts chooses, a scanned PDF on to
 * the cloud after the local reader found no text in it. Output items say which engine read them
 * (`provider` and `api`: local / LocalInvoiceReader, or the cloud API's).
 */
export function localReadingHandler(config: LocalReadingConfig): FileHandler {
	const mode = modeOf(config);
	return async (job) => {
		if (job.file.link) return await readLink(job, config);
		const named = job.file.info?.kind ?? (job.file.sourceUrl !== null ? kindFromName(job.file.sourceUrl) : undefined);
		if (config.cloud && firstEngine(named, mode) === 'cloud') return await config.cloud.handler(job);

		const bytes = await loadBytes(job, config.maxDownloadBytesOf(job.itemIndex));
		const info = job.file.info ?? sniffFile(bytes);
		if (config.cloud && firstEngine(info.kind, mode) === 'cloud') {
			// A URL whose name said nothing, and whose bytes are an image.
			return await sendToCloud(job, config.cloud, bytes, info);
		}
		let failure: unknown;
		try {
			return await readLocally(job, bytes, info);
		} catch (error) {
			failure = error;
		}
		if (config.cloud && fallsBackToCloud(info.kind, mode)) return await sendToCloud(job, config.cloud, bytes, info);
		return [{ problem: problemFromError(failure) }];
	};
}

async function sendToCloud(
	job: FileJob,
	cloud: NonNullable<LocalReadingConfig['cloud']>,
	bytes: Uint8Array,
	info: FileInfo,
): Promise<JobResult[]> {
	const refused = checkFileInfo(info, cloud.api);
	if (refused) throw refused;
	return await cloud.handler(withBytes(job, bytes, info));
}

/** The invoice key of a local result (code and number), or undefined for anything else. */
function localKey(result: JobResult): string | undefined {
	if (!('json' in result) || result.json.provider !== 'local') return undefined;
	const number = String(result.json.InvoiceNumber ?? '').trim();
	if (number === '') return undefined;
	return `${String(result.json.InvoiceCode ?? '').trim()}|${number}`;
}

function formatOf(result: JobResult): LocalFileFormat {
	const format = 'json' in result ? result.json.FileFormat : undefined;
	return format === 'xml' || format === 'ofd' || format === 'pdf' ? format : 'pdf';
}

/**
 * One invoice attached to one mail in several formats (invoice.pdf, invoice.ofd, invoice.xml) comes out
 * once, from the most exact format (XML > OFD > PDF; the first file on a tie), its `AlsoIn` naming the
 * other files by file name. The same rule as inside a ZIP (core/read/index.ts mergeCopies), across the files of
 * one item. Provider results and error items are left as they are.
 */
export function mergeItemCopies(perFile: JobResult[][]): JobResult[][] {
	const groups = new Map<string, Array<{ file: number; result: JobResult }>>();
	perFile.forEach((results, file) => {
		for (const result of results) {
			const key = localKey(result);
			if (key === undefined) continue;
			const group = groups.get(key) ?? [];
			group.push({ file, result });
			groups.set(key, group);
		}
	});
	const dropped = new Set<JobResult>();
	const replaced = new Map<JobResult, JobResult>();
	for (const group of groups.values()) {
		if (new Set(group.map((g) => g.file)).size < 2) continue;
		let best = group[0];
		for (const candidate of group) if (FORMAT_RANK[formatOf(candidate.result)] > FORMAT_RANK[formatOf(best.result)]) best = candidate;
		const bestJson = (best.result as { json: IDataObject }).json;
		const alsoIn: LocalAlsoIn[] = [...((bestJson.AlsoIn as LocalAlsoIn[] | undefined) ?? [])];
		for (const other of group) {
			if (other === best) continue;
			const json = (other.result as { json: IDataObject }).json;
			// A file from an invoice link is named by the link (without its query, which holds the access token).
			const name = json.binaryProperty == null && typeof json.sourceUrl === 'string' ? `${String(json.fileName ?? '')} (${displayUrl(json.sourceUrl)})` : String(json.fileName ?? json.binaryProperty ?? '');
			alsoIn.push({ EntryName: name, FileFormat: formatOf(other.result) });
			dropped.add(other.result);
		}
		replaced.set(best.result, { ...best.result, json: { ...bestJson, AlsoIn: alsoIn } } as JobResult);
	}
	if (dropped.size === 0) return perFile;
	return perFile.map((results) => results.filter((r) => !dropped.has(r)).map((r) => replaced.get(r) ?? r));
}
