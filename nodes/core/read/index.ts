/**
 * readInvoiceFile: the bytes of one file → the invoices it holds, in the local-reader shape, read on this
 * machine without any network call. The kind is judged from the bytes (files.ts sniffFile), never the name:
 *   OFD → the OFD reader; 数电 XML → the XML reader; PDF → the PDF reader given in the options;
 *   ZIP → every OFD, XML, PDF (and ZIP, one level down) inside, one result per invoice;
 *   images → an error saying an OCR provider is needed; anything else → UnsupportedFile.
 * In a bundle, one invoice found in several files (same InvoiceCode + InvoiceNumber) gives one result,
 * from the most exact format (XML > OFD > PDF; the first entry on a tie), naming the others in AlsoIn.
 */
import { isImageKind } from '../run/engine';
import { LocalReadError, type LocalReadErrorCode } from './common/localReadError';
import { FORMAT_RANK, type LocalAlsoIn, type LocalFileFormat, type LocalInvoice } from './common/local';
import { readPdfInvoice } from './pdf/invoice';
import { readXmlInvoice } from './xml/einvoice';
import { sniffFile, FILE_KIND_LABELS, type FileKind } from '../run/files';
import { OfdError } from './common/ofdError';
import { readOfdInvoice } from './ofd/invoice';
import { resolveLimits, type OfdLimits } from './common/limits';
import { ZipArchive, type ZipEntry } from './zip/zip';

export interface ReadInvoiceFileOptions {
	/** Safety limits of the OFD reader, applied to ZIP bundles and XML too (see DEFAULT_OFD_LIMITS). */
	limits?: Partial<OfdLimits>;
	/** Most invoice files read from one bundle, nested ones included (default 1000). */
	maxBundleFiles?: number;
	/**
	 * Reads a PDF e-invoice (its text layer); default: readPdfInvoice (core/read/pdf/invoice.ts), which rejects
	 * with code NoTextLayer for a scan.
	 */
	readPdf?: (bytes: Uint8Array) => Promise<LocalInvoice[]>;
}

/** An entry of a bundle that held no invoice read: which, and why. */
export interface BundleProblem {
	EntryName: string;
	code: string;
	message: string;
}

export interface BundleResult {
	invoices: LocalInvoice[];
	/** Entries that looked like invoice files but could not be read (their invoices may be in other entries). */
	problems: BundleProblem[];
	/** Entries not read because their names are not of invoice files (images, text, folders excluded). */
	skipped: string[];
}

export const DEFAULT_MAX_BUNDLE_FILES = 1000;

const INVOICE_EXTENSIONS = new Set(['ofd', 'xml', 'pdf', 'zip']);

function toLocalError(error: unknown): unknown {
	if (error instanceof OfdError) return new LocalReadError(error.code, error.message, error.description);
	return error;
}

function isFatal(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return code === 'TOO_LARGE' || code === 'ZIP_BOMB' || code === 'XML_TOO_DEEP';
}

function needsCloud(kind: FileKind): LocalReadError {
	return new LocalReadError(
		'NeedsCloudProvider',
		`The file is a ${FILE_KIND_LABELS[kind]} image; an image holds no invoice data to read locally`,
		'Read scans and photos of invoices with the VAT Invoice OCR node and a cloud provider (Tencent Cloud or Qiniu OCR). ' +
			'E-invoice files (PDF, OFD, XML, or the ZIP the platform downloads) are read locally.',
	);
}

async function readPdf(bytes: Uint8Array, options: ReadInvoiceFileOptions): Promise<LocalInvoice[]> {
	const invoices = await (options.readPdf ?? readPdfInvoice)(bytes);
	return invoices.map((invoice) => ({ ...invoice, FileFormat: invoice.FileFormat ?? 'pdf' }));
}

async function readOfd(bytes: Uint8Array, limits: Partial<OfdLimits> | undefined): Promise<LocalInvoice[]> {
	try {
		const ofd = await readOfdInvoice(bytes, { limits });
		return [{ ...ofd, FileFormat: 'ofd' }];
	} catch (error) {
		throw toLocalError(error);
	}
}

/** Whether unknown bytes start like markup (so the XML reader can say which root it found). */
function startsLikeMarkup(bytes: Uint8Array): boolean {
	let i = 0;
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
	else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
	while (i < bytes.length && i < 256 && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
	return bytes[i] === 0x3c;
}

/** Read one file that is not a ZIP; `bundle` is the bundle it sits in, if any (its budget bounds an OFD). */
async function readKind(
	bytes: Uint8Array,
	kind: FileKind,
	options: ReadInvoiceFileOptions,
	bundle: BundleState | undefined,
): Promise<LocalInvoice[]> {
	switch (kind) {
		case 'ofd':
			return readOfd(bytes, bundle ? bundle.ofdLimits() : options.limits);
		case 'xml':
			return [readXmlInvoice(bytes, { limits: options.limits })];
		case 'pdf':
			return readPdf(bytes, options);
		case 'zip':
			// Bundles are opened by readBundleInto before a file reaches here.
			throw new LocalReadError('UnsupportedFile', 'A ZIP archive is not read at this point', 'Unzip it and pass the files inside.');
		default:
			if (isImageKind(kind)) throw needsCloud(kind);
			if (bytes.length > 0 && startsLikeMarkup(bytes)) return [readXmlInvoice(bytes, { limits: options.limits })];
			throw new LocalReadError(
				'UnsupportedFile',
				'The file is not an e-invoice file this reader knows (not PDF, OFD, 数电 XML or a ZIP of them)',
				'Pass the e-invoice as downloaded (PDF, OFD, XML or the platform ZIP). For a scan or photo use the VAT Invoice OCR node.',
			);
	}
}

/** Budget shared by a bundle and the bundles nested in it. */
class BundleState {
	readonly limits: OfdLimits;
	inflated = 0;
	files = 0;
	readonly maxFiles: number;
	readonly invoices: Array<{ invoice: LocalInvoice; order: number }> = [];
	readonly problems: BundleProblem[] = [];
	readonly skipped: string[] = [];

	constructor(options: ReadInvoiceFileOptions) {
		this.limits = resolveLimits(options.limits);
		this.maxFiles = options.maxBundleFiles ?? DEFAULT_MAX_BUNDLE_FILES;
	}

	/** An OFD inside the bundle may inflate no more than what the bundle has left. */
	ofdLimits(): OfdLimits {
		return { ...this.limits, maxTotalInflatedBytes: Math.max(0, this.limits.maxTotalInflatedBytes - this.inflated) };
	}

	async read(archive: ZipArchive, entry: ZipEntry): Promise<Uint8Array> {
		if (this.inflated + entry.uncompressedSize > this.limits.maxTotalInflatedBytes) {
			throw new LocalReadError(
				'TOO_LARGE',
				`The ZIP bundle inflates to more than ${this.limits.maxTotalInflatedBytes} bytes (at "${entry.name}")`,
				'A bundle of e-invoices is a few megabytes. Split it into smaller ZIP files, or check that the right file is passed in.',
			);
		}
		const data = await archive.read(entry);
		this.inflated += data.length;
		return data;
	}
}

function extensionOf(name: string): string {
	const base = name.slice(name.lastIndexOf('/') + 1);
	const dot = base.lastIndexOf('.');
	return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

function isJunk(name: string): boolean {
	const base = name.slice(name.lastIndexOf('/') + 1);
	return name.startsWith('__MACOSX/') || base.startsWith('._') || base === '.DS_Store';
}

async function readBundleInto(bytes: Uint8Array, state: BundleState, options: ReadInvoiceFileOptions, prefix: string, depth: number): Promise<void> {
	let archive: ZipArchive;
	try {
		archive = ZipArchive.open(bytes, state.limits);
	} catch (error) {
		throw toLocalError(error);
	}
	for (const entry of archive.entries) {
		if (entry.isDirectory || entry.name === '') continue;
		const entryName = prefix + entry.name;
		if (isJunk(entry.name) || !INVOICE_EXTENSIONS.has(extensionOf(entry.name))) {
			state.skipped.push(entryName);
			continue;
		}
		if (++state.files > state.maxFiles) {
			throw new LocalReadError(
				'TOO_LARGE',
				`The ZIP bundle holds more than ${state.maxFiles} invoice files`,
				'Split the bundle into smaller ZIP files.',
			);
		}
		try {
			const data = await state.read(archive, entry).catch((error: unknown) => Promise.reject(toLocalError(error)));
			const kind = sniffFile(data).kind;
			if (kind === 'zip') {
				if (depth >= 1) {
					throw new LocalReadError(
						'UnsupportedFile',
						'A ZIP nested two levels deep is not read',
						'Unzip the outer archives and pass the inner ZIP or its files.',
					);
				}
				await readBundleInto(data, state, options, `${entryName}/`, depth + 1);
				continue;
			}
			const invoices = await readKind(data, kind, options, state);
			for (const invoice of invoices) {
				state.invoices.push({ invoice: { ...invoice, EntryName: entryName }, order: state.invoices.length });
			}
		} catch (error) {
			if (isFatal(error)) throw toLocalError(error);
			const e = error as { code?: unknown; message?: unknown };
			state.problems.push({
				EntryName: entryName,
				code: typeof e?.code === 'string' ? e.code : 'Error',
				message: typeof e?.message === 'string' ? e.message : String(error),
			});
		}
	}
}

function invoiceKey(invoice: LocalInvoice): string | undefined {
	const number = (invoice.InvoiceNumber ?? '').trim();
	if (number === '') return undefined;
	return `${(invoice.InvoiceCode ?? '').trim()}|${number}`;
}

/**
 * One result per invoice: the copies of an invoice (same code and number) collapse into the one from
 * the most exact format, which lists the others in AlsoIn. Invoices without a number are all kept.
 */
export function mergeCopies(invoices: readonly LocalInvoice[]): LocalInvoice[] {
	const groups = new Map<string, LocalInvoice[]>();
	const out: Array<LocalInvoice[]> = [];
	for (const invoice of invoices) {
		const key = invoiceKey(invoice);
		if (key === undefined) {
			out.push([invoice]);
			continue;
		}
		const group = groups.get(key);
		if (group) group.push(invoice);
		else {
			const fresh = [invoice];
			groups.set(key, fresh);
			out.push(fresh);
		}
	}
	return out.map((group) => {
		let best = group[0];
		for (const candidate of group) if (FORMAT_RANK[candidate.FileFormat] > FORMAT_RANK[best.FileFormat]) best = candidate;
		if (group.length === 1) return best;
		const alsoIn: LocalAlsoIn[] = group
			.filter((other) => other !== best)
			.map((other) => ({ EntryName: other.EntryName ?? '', FileFormat: other.FileFormat as LocalFileFormat }));
		return { ...best, AlsoIn: alsoIn };
	});
}

/**
 * Every invoice in a ZIP bundle, with the entries that could not be read. Throws LocalReadError for a
 * damaged or oversized archive (the OFD reader's codes: NOT_A_ZIP, TRUNCATED, CORRUPT, TOO_LARGE, ZIP_BOMB...).
 */
export async function readInvoiceBundle(bytes: Uint8Array, options: ReadInvoiceFileOptions = {}): Promise<BundleResult> {
	const state = new BundleState(options);
	await readBundleInto(bytes, state, options, '', 0);
	return {
		invoices: mergeCopies(state.invoices.map((entry) => entry.invoice)),
		problems: state.problems,
		skipped: state.skipped,
	};
}

/** The error for a bundle in which no invoice could be read: the entries' own error when they agree, else a list. */
export function bundleError(result: BundleResult): LocalReadError {
	const { problems, skipped } = result;
	if (problems.length > 0 && problems.every((problem) => problem.code === problems[0].code)) {
		const first = problems[0];
		const description = 'Check the files inside the ZIP: pass the e-invoices as downloaded from the platform.';
		return new LocalReadError(first.code as LocalReadErrorCode, `The ZIP bundle holds no readable invoice: "${first.EntryName}": ${first.message}`, description);
	}
	const listed = problems.map((problem) => `"${problem.EntryName}" (${problem.code})`);
	const others = skipped.length > 0 ? `; other entries: ${skipped.slice(0, 5).map((name) => `"${name}"`).join(', ')}${skipped.length > 5 ? ', …' : ''}` : '';
	return new LocalReadError(
		'NoInvoiceInZip',
		`The ZIP bundle holds no invoice file that could be read${listed.length > 0 ? `: ${listed.join(', ')}` : ''}${others}`,
		'Pass the ZIP the 电子发票服务平台 downloads, or the PDF, OFD or XML e-invoice itself. Images inside a ZIP are not read: send them to the VAT Invoice OCR node.',
	);
}

/**
 * The invoices in one file (see the module comment). Rejects with LocalReadError (codes: NotAnEInvoiceXml,
 * NoInvoiceData, NeedsCloudProvider, UnsupportedFile, EmptyFile, NoInvoiceInZip, and the
 * OFD reader's codes), or with the PDF reader's own error (e.g. code NoTextLayer).
 */
export async function readInvoiceFile(bytes: Uint8Array, options: ReadInvoiceFileOptions = {}): Promise<LocalInvoice[]> {
	if (!(bytes instanceof Uint8Array)) {
		throw new LocalReadError('UnsupportedFile', 'No file data was given (expected bytes)', 'Pass the file content as a Uint8Array or Buffer.');
	}
	if (bytes.length === 0) {
		throw new LocalReadError('EmptyFile', 'The file is empty (0 bytes)', 'Check the step before: the download or attachment produced no data.');
	}
	const kind = sniffFile(bytes).kind;
	if (kind !== 'zip') return readKind(bytes, kind, options, undefined);
	const result = await readInvoiceBundle(bytes, options);
	if (result.invoices.length === 0) throw bundleError(result);
	return result.invoices;
}
