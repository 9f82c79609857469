import { withLimitOverrides } from './errors';

/** Bounds that keep the reader safe on hostile input. Real e-invoices stay far below every one of them. */
export interface OfdLimits {
	/** Largest input accepted, in bytes. */
	maxInputBytes: number;
	/** Most entries the ZIP central directory may list. */
	maxEntries: number;
	/** Largest uncompressed size of one entry that is read. */
	maxEntryBytes: number;
	/** Most bytes inflated in total while reading one file. */
	maxTotalInflatedBytes: number;
	/** Largest inflated/compressed ratio accepted for entries bigger than `ratioCheckMinBytes`. */
	maxCompressionRatio: number;
	/** Entries whose inflated size stays below this are not ratio-checked (small XML compresses well). */
	ratioCheckMinBytes: number;
	/** Deepest XML element nesting. */
	maxXmlDepth: number;
	/** Most XML nodes (elements and text runs) in one XML part. */
	maxXmlNodes: number;
	/** Most pages whose content is read. */
	maxPages: number;
}

export const DEFAULT_OFD_LIMITS: Readonly<OfdLimits> = Object.freeze({
	maxInputBytes: 64 * 1024 * 1024,
	maxEntries: 10_000,
	maxEntryBytes: 20 * 1024 * 1024,
	maxTotalInflatedBytes: 64 * 1024 * 1024,
	maxCompressionRatio: 200,
	ratioCheckMinBytes: 1024 * 1024,
	maxXmlDepth: 256,
	maxXmlNodes: 500_000,
	maxPages: 1_000,
});

export function resolveLimits(limits?: Partial<OfdLimits>): OfdLimits {
	return withLimitOverrides(DEFAULT_OFD_LIMITS, limits);
}
