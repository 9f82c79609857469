/**
 * One FileHandler per provider API: which requests a file needs (one page, a given page, every page),
 * and what comes out of each answer (the simplified fields or the raw answer, with the metadata).
 * The OFD Invoice OCR node uses verifyOfdHandler with the same runFileJobs.
 */
import type { IDataObject } from 'n8n-workflow';

import { checkLocalFile } from '../core/providers/fileChecks';
import { sniffFile } from '../core/run/files';
import { OfdPackage, readOfdInvoice } from '../core/read/ofd';
import { ProviderError } from '../core/providers/errors';
import {
	flattenQiniuVatInvoice,
	flattenRecognizeGeneralInvoice,
	flattenVatInvoiceOcr,
	flattenVerifyOfdVatInvoice,
	withMeta,
	type Fields,
} from '../core/providers/flatten';
import { buildQiniuVatInvoiceRequest, parseQiniuAnswer, qiniuRequestId } from '../core/providers/qiniu';
import {
	GENERAL_INVOICE_MULTIPAGE_LIMIT,
	buildRecognizeGeneralInvoiceRequest,
	buildVatInvoiceOcrRequest,
	buildVerifyOfdVatInvoiceOcrRequest,
	parseTencentAnswer,
	pdfPageSize,
	totalPdfCount,
	type TencentResponse,
} from '../core/providers/tencent';
import { downloadFile } from './download';
import { problemFromError } from './problems';
import type { FileHandler, FileJob, JobResult } from './run';

export type PageMode = 'first' | 'page' | 'all';

export interface PageSettings {
	pages: PageMode;
	/** The page for mode 'page' (1-based). */
	pageNumber: number;
	/** Flattened fields (true) or the provider's answer as it came (false). */
	simplify: boolean;
}

/** Settings per item (parameters may be expressions). */
export type SettingsOf = (itemIndex: number) => PageSettings;

function isPdfOrUnknown(job: FileJob): boolean {
	// A URL's content is unknown until Tencent downloads it: allow PDFs.
	return job.file.info === null || job.file.info.kind === 'pdf';
}

function pageRange(from: number, to: number): number[] {
	const pages: number[] = [];
	for (let p = from; p <= to; p++) pages.push(p);
	return pages;
}

function json(fields: Fields): IDataObject {
	return fields as IDataObject;
}

function requestIdOf(response: TencentResponse): string | null {
	return typeof response.RequestId === 'string' ? response.RequestId : null;
}

/** Tencent VatInvoiceOCR: one item per page; "all" reads page 1, then every further page PdfPageSize names. */
export function vatInvoiceOcrHandler(settingsOf: SettingsOf): FileHandler {
	return async (job) => {
		const settings = settingsOf(job.itemIndex);
		const isPdf = isPdfOrUnknown(job);
		const ask = async (page: number | undefined): Promise<TencentResponse> =>
			await job.call(
				async () => buildVatInvoiceOcrRequest({ source: await job.source(), isPdf, pdfPageNumber: page }),
				(answer) => parseTencentAnswer('VatInvoiceOCR', answer, { nowMs: Date.now() }),
			);
		const output = (response: TencentResponse, page: number, pageCount: number): JobResult => {
			const meta = job.meta({ page, pageCount, requestId: requestIdOf(response) });
			return { json: json(withMeta(settings.simplify ? flattenVatInvoiceOcr(response) : response, meta)), page };
		};

		const firstPage = settings.pages === 'page' ? settings.pageNumber : undefined;
		const first = await ask(firstPage);
		const count = pdfPageSize(first); // 0 for an image
		const results: JobResult[] = [output(first, count > 0 ? (firstPage ?? 1) : 1, count > 0 ? count : 1)];
		if (settings.pages === 'all' && count > 1) {
			const rest = await Promise.all(
				pageRange(2, count).map(
					async (page): Promise<JobResult> =>
						await ask(page).then(
							(response) => output(response, page, count),
							(error: unknown) => ({ problem: problemFromError(error), page }),
						),
				),
			);
			results.push(...rest);
		}
		return results;
	};
}

/**
 * Tencent RecognizeGeneralInvoice (reads 数电 invoices): one item per invoice found. "all" asks for
 * the first 30 pages at once (EnableMultiplePage) and every further page on its own.
 */
export function generalInvoiceHandler(settingsOf: SettingsOf): FileHandler {
	return async (job) => {
		const settings = settingsOf(job.itemIndex);
		const isPdf = isPdfOrUnknown(job);
		const ask = async (page: number | undefined, multiplePage: boolean): Promise<TencentResponse> =>
			await job.call(
				async () => buildRecognizeGeneralInvoiceRequest({ source: await job.source(), isPdf, pdfPageNumber: page, multiplePage }),
				(answer) => parseTencentAnswer('RecognizeGeneralInvoice', answer, { nowMs: Date.now() }),
			);
		const output = (response: TencentResponse, askedPage: number | null): JobResult[] => {
			const pageCount = totalPdfCount(response) || (isPdf ? null : 1);
			const requestId = requestIdOf(response);
			if (!settings.simplify) {
				return [{ json: json(withMeta(response, job.meta({ page: askedPage, pageCount, requestId }))), page: askedPage }];
			}
			const invoices = flattenRecognizeGeneralInvoice(response);
			if (invoices.length === 0) {
				const error = new ProviderError({
					provider: 'tencent',
					api: 'RecognizeGeneralInvoice',
					code: 'NoInvoiceFound',
					message: `found no invoice${askedPage ? ` on page ${askedPage}` : ''}`,
					requestId: requestId ?? undefined,
					retryable: false,
					hint: 'Check that the file shows an invoice and is readable; for a PDF, check the page.',
				});
				return [{ problem: problemFromError(error), page: askedPage }];
			}
			return invoices.map((invoice): JobResult => {
				const page = invoice.page ?? askedPage ?? (isPdf ? null : 1);
				if (invoice.ok) return { json: json(withMeta(invoice.fields, job.meta({ page, pageCount, requestId }))), page };
				const error = new ProviderError({
					provider: 'tencent',
					api: 'RecognizeGeneralInvoice',
					code: invoice.code,
					message: invoice.message,
					requestId: requestId ?? undefined,
					retryable: false,
					hint: invoice.hint,
				});
				return { problem: problemFromError(error), page };
			});
		};

		if (settings.pages === 'page' && isPdf) return output(await ask(settings.pageNumber, false), settings.pageNumber);
		if (settings.pages === 'first' || !isPdf) return output(await ask(undefined, false), 1);
		const first = await ask(undefined, true);
		const results = output(first, null);
		const count = totalPdfCount(first);
		if (count > GENERAL_INVOICE_MULTIPAGE_LIMIT) {
			const rest = await Promise.all(
				pageRange(GENERAL_INVOICE_MULTIPAGE_LIMIT + 1, count).map(
					async (page): Promise<JobResult[]> =>
						await ask(page, false).then(
							(response) => output(response, page),
							(error: unknown) => [{ problem: problemFromError(error), page }],
						),
				),
			);
			for (const pageResults of rest) results.push(...pageResults);
		}
		return results;
	};
}

/** Qiniu VAT invoice OCR: one item per file (Qiniu reads the first page of a PDF only). */
export function qiniuHandler(settingsOf: SettingsOf): FileHandler {
	return async (job) => {
		const settings = settingsOf(job.itemIndex);
		const { body, requestId } = await job.call(
			async () => buildQiniuVatInvoiceRequest(await job.source()),
			(answer) => {
				const parsed = parseQiniuAnswer(answer, { nowMs: Date.now() });
				return { body: parsed, requestId: qiniuRequestId(answer, parsed) ?? null };
			},
		);
		const meta = job.meta({ page: 1, pageCount: null, requestId });
		return [{ json: json(withMeta(settings.simplify ? flattenQiniuVatInvoice(body) : body, meta)), page: 1 }];
	};
}

export interface VerifyOfdOptions {
	/**
	 * Pages of the OFD document, for mode "all" (VerifyOfdVatInvoiceOCR does not say how many there
	 * are; the OFD node can count them with its local reader). Without it, "all" reads the first page.
	 */
	countPages?: (job: FileJob) => Promise<number>;
}

/** Tencent VerifyOfdVatInvoiceOCR: one item per OFD page asked for. */
export function verifyOfdHandler(settingsOf: SettingsOf, options: VerifyOfdOptions = {}): FileHandler {
	return async (job) => {
		const settings = settingsOf(job.itemIndex);
		const ask = async (page: number | undefined): Promise<TencentResponse> =>
			await job.call(
				async () => buildVerifyOfdVatInvoiceOcrRequest({ source: await job.source(), ofdPageNumber: page }),
				(answer) => parseTencentAnswer('VerifyOfdVatInvoiceOCR', answer, { nowMs: Date.now() }),
			);
		const output = (response: TencentResponse, page: number, pageCount: number | null): JobResult => {
			const meta = job.meta({ page, pageCount, requestId: requestIdOf(response) });
			return { json: json(withMeta(settings.simplify ? flattenVerifyOfdVatInvoice(response) : response, meta)), page };
		};
		if (settings.pages === 'page') return [output(await ask(settings.pageNumber), settings.pageNumber, null)];
		const count = settings.pages === 'all' && options.countPages ? await options.countPages(job) : 0;
		if (count <= 1) return [output(await ask(undefined), 1, count === 1 ? 1 : null)];
		return await Promise.all(
			pageRange(1, count).map(
				async (page): Promise<JobResult> =>
					await ask(page).then(
						(response) => output(response, page, count),
						(error: unknown) => ({ problem: problemFromError(error), page }),
					),
			),
		);
	};
}

/** Pages of an OFD file from its Document.xml (for Tencent's "all pages"); 0 when unknown (URL, damaged file). */
export async function countOfdPages(job: FileJob): Promise<number> {
	const bytes = await job.bytes();
	if (!bytes) return 0;
	return await OfdPackage.open(bytes).then(
		(pkg) => pkg.pages.length,
		() => 0,
	);
}

/**
 * The local OFD reader: one output item per file, the invoice read from the file itself. A URL is
 * downloaded first and judged from its bytes like a binary input. Through the scheduler, so Max
 * Concurrent Requests bounds the files read at once and a download that failed for a passing reason
 * is retried.
 */
export function localOfdHandler(maxDownloadBytesOf: (itemIndex: number) => number): FileHandler {
	return async (job) => {
		const read = async (): Promise<JobResult[]> => {
			let bytes: Uint8Array | null;
			let mimeType = job.file.mimeType;
			if (job.file.sourceUrl !== null) {
				bytes = await downloadFile(job.ctx, job.file.sourceUrl, {
					maxBytes: maxDownloadBytesOf(job.itemIndex),
					timeoutMs: job.timeoutMs,
					signal: job.signal,
					accept: 'application/ofd, application/octet-stream, */*',
					sizeHint: 'E-invoice OFD files are well under 1 MB: check that the URL points to the invoice.',
				});
				const info = sniffFile(bytes);
				const refused = checkLocalFile(info);
				if (refused) throw refused;
				if (info.kind !== 'unknown') mimeType = info.mimeType;
			} else {
				bytes = await job.bytes();
			}
			// Never null here (a file is binary data or a URL); the reader reports a missing file as NOT_A_ZIP.
			const invoice = await readOfdInvoice(bytes ?? new Uint8Array(0));
			const meta = job.meta({ page: 1, pageCount: invoice.PageCount, mimeType, requestId: null });
			return [{ json: withMeta({ ...invoice }, meta) as IDataObject, page: 1 }];
		};
		// Nothing is sent to a provider: concurrency and retries, no rate slot.
		return await job.schedule(read, { metered: false });
	};
}
