/**
 * What the local readers (OFD, PDF, 数电 XML and their bundles) share: one error shape and one way to apply
 * a caller's overrides to their safety limits.
 */

/**
 * A file a local reader could not read: `code` to branch on without parsing text, `message` what is wrong
 * with the file, `description` what the user can do about it. OfdError, PdfError and LocalReadError are
 * this with their own codes; nodes/shared/problems.ts turns any of them into a message and its fix.
 */
export class ReaderError<Code extends string = string> extends Error {
	readonly code: Code;
	/** How to fix it, in words a user can act on. */
	readonly description: string;

	constructor(code: Code, message: string, description: string) {
		super(message);
		this.name = new.target.name;
		this.code = code;
		this.description = description;
	}
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
