import { withLimitOverrides } from '../common/errors';
import { limitExceeded } from './errors';

/** Bounds that keep the PDF reader safe on hostile input. Real e-invoices stay far below every one of them. */
export interface PdfLimits {
	/** Largest input accepted, in bytes. */
	maxFileBytes: number;
	/** Most indirect objects the cross-reference data may define. */
	maxObjects: number;
	/** Most bytes one stream may decode to; the rest of a bigger stream is dropped with an error. */
	maxStreamBytes: number;
	/** Most bytes decoded in total while reading one file. */
	maxTotalBytes: number;
	/** Deepest Form XObject nesting (and array/dictionary nesting in objects, times 16). */
	maxDepth: number;
	/** Most content-stream operators run on one page (Form XObjects included). */
	maxOperatorsPerPage: number;
	/** Most pages a file may have. */
	maxPages: number;
	/** Work budget: tokens lexed plus operators run plus bytes scanned / 64, for the whole file. */
	maxWork: number;
}

export const DEFAULT_PDF_LIMITS: Readonly<PdfLimits> = Object.freeze({
	maxFileBytes: 20 * 1024 * 1024,
	maxObjects: 50_000,
	maxStreamBytes: 16 * 1024 * 1024,
	maxTotalBytes: 64 * 1024 * 1024,
	maxDepth: 8,
	maxOperatorsPerPage: 500_000,
	maxPages: 50,
	maxWork: 20_000_000,
});

export function resolvePdfLimits(limits?: Partial<PdfLimits>): PdfLimits {
	return withLimitOverrides(DEFAULT_PDF_LIMITS, limits);
}

/** Counts work done on one file so that a hostile file fails fast instead of running for minutes. */
export class WorkBudget {
	used = 0;
	decoded = 0;

	constructor(readonly limits: PdfLimits) {}

	spend(units: number): void {
		this.used += units;
		if (this.used > this.limits.maxWork) {
			throw limitExceeded(
				`Reading the PDF took more than the work budget (${this.limits.maxWork} units): the file is too complex or built to exhaust the reader`,
			);
		}
	}

	addDecoded(bytes: number): void {
		this.decoded += bytes;
		if (this.decoded > this.limits.maxTotalBytes) {
			throw limitExceeded(
				`The PDF's streams decode to more than ${this.limits.maxTotalBytes} bytes in total`,
			);
		}
	}
}
