/**
 * What the local readers (OFD, PDF, 数电 XML and their bundles) share: one error shape (their limits share
 * one shape too: ./limits.ts).
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

