/**
 * The safety limits of every local reader, in one shape: a table of named bounds (each a non-negative number)
 * with the format's values. Real e-invoices stay far below every one of them; a hostile file meets one and is
 * refused with a clear error instead of a hang or a crash. A caller overrides some of them by name.
 */

/** One reader's limits: each named bound is a number. */
export type ReaderLimits<Name extends string> = { [Key in Name]: number };

/** The defaults, frozen, typed as the reader's limits. */
function defineLimits<Name extends string>(values: ReaderLimits<Name>): Readonly<ReaderLimits<Name>> {
	return Object.freeze({ ...values });
}

/** The defaults with the caller's overrides, taking only finite, non-negative numbers. */
export function withLimitOverrides<T extends Record<keyof T, number>>(defaults: Readonly<T>, overrides?: Partial<T>): T {
	const out = { ...defaults } as T;
	if (overrides) {
		for (const key of Object.keys(defaults) as Array<keyof T>) {
			const value = overrides[key];
			if (typeof value === 'number' && Number.isFinite(value) && value >= 0) out[key] = value as T[keyof T];
		}
	}
	return out;
}

const MIB = 1024 * 1024;

/**
 * OFD packages, ZIP bundles and the 数电 XML (which is parsed with the same XML parser):
 * - maxInputBytes: largest input accepted, in bytes;
 * - maxEntries: most entries the ZIP central directory may list;
 * - maxEntryBytes: largest uncompressed size of one entry that is read;
 * - maxTotalInflatedBytes: most bytes inflated in total while reading one file;
 * - maxCompressionRatio: largest inflated/compressed ratio for entries bigger than ratioCheckMinBytes;
 * - ratioCheckMinBytes: entries whose inflated size stays below this are not ratio-checked (small XML compresses well);
 * - maxXmlDepth: deepest XML element nesting;
 * - maxXmlNodes: most XML nodes (elements and text runs) in one XML part;
 * - maxPages: most pages whose content is read.
 */
export const DEFAULT_OFD_LIMITS = defineLimits({
	maxInputBytes: 64 * MIB,
	maxEntries: 10_000,
	maxEntryBytes: 20 * MIB,
	maxTotalInflatedBytes: 64 * MIB,
	maxCompressionRatio: 200,
	ratioCheckMinBytes: 1 * MIB,
	maxXmlDepth: 256,
	maxXmlNodes: 500_000,
	maxPages: 1_000,
});
export type OfdLimits = ReaderLimits<keyof typeof DEFAULT_OFD_LIMITS>;

/**
 * PDF text layers:
 * - maxFileBytes: largest input accepted, in bytes;
 * - maxObjects: most indirect objects the cross-reference data may define;
 * - maxStreamBytes: most bytes one stream may decode to (the rest of a bigger stream is dropped with an error);
 * - maxTotalBytes: most bytes decoded in total while reading one file;
 * - maxDepth: deepest Form XObject nesting (and array/dictionary nesting in objects, times 16);
 * - maxOperatorsPerPage: most content-stream operators run on one page (Form XObjects included);
 * - maxPages: most pages a file may have;
 * - maxWork: work budget: tokens lexed plus operators run plus bytes scanned / 64, for the whole file.
 */
export const DEFAULT_PDF_LIMITS = defineLimits({
	maxFileBytes: 20 * MIB,
	maxObjects: 50_000,
	maxStreamBytes: 16 * MIB,
	maxTotalBytes: 64 * MIB,
	maxDepth: 8,
	maxOperatorsPerPage: 500_000,
	maxPages: 50,
	maxWork: 20_000_000,
});
export type PdfLimits = ReaderLimits<keyof typeof DEFAULT_PDF_LIMITS>;

export function resolveLimits(limits?: Partial<OfdLimits>): OfdLimits {
	return withLimitOverrides(DEFAULT_OFD_LIMITS, limits);
}

export function resolvePdfLimits(limits?: Partial<PdfLimits>): PdfLimits {
	return withLimitOverrides(DEFAULT_PDF_LIMITS, limits);
}
