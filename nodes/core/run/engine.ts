/**
 * Which engine reads a file: the local e-invoice reader (core/read/index.ts: PDF text layer, OFD, 数电 XML,
 * their ZIP bundles; exact, free, no network) or the cloud provider's OCR (images, scanned PDFs).
 * VAT Invoice OCR asks this for every file; the rule lives here alone.
 *
 *   provider Local                → local, always (an image becomes an error that names the cloud providers);
 *   cloud provider, localFirst off → cloud, always (as before the local readers existed);
 *   cloud provider, localFirst on  → images to the cloud; everything else is read locally first, and a PDF
 *                                   that turns out to hold no invoice text (a scan) goes on to the cloud.
 */
import type { FileKind } from './files';

export type Engine = 'local' | 'cloud';

export interface EngineMode {
	/** Whether a cloud provider is configured (false for provider Local). */
	cloud: boolean;
	/** Read E-Invoice Files Locally First. */
	localFirst: boolean;
}

/** Kinds that hold pixels only: nothing to read without OCR. */
export const IMAGE_KINDS: readonly FileKind[] = Object.freeze(['png', 'jpeg', 'bmp', 'gif', 'webp', 'tiff']);

export function isImageKind(kind: FileKind | undefined): boolean {
	return kind !== undefined && IMAGE_KINDS.includes(kind);
}

/**
 * The engine that reads a file first. `kind` is what the bytes are, or for a URL what its name suggests
 * (undefined when the name says nothing: the file is downloaded and judged from its bytes).
 */
export function firstEngine(kind: FileKind | undefined, mode: EngineMode): Engine {
	if (!mode.cloud) return 'local';
	if (!mode.localFirst) return 'cloud';
	return isImageKind(kind) ? 'cloud' : 'local';
}

/**
 * Whether a file the local reader could not read goes on to the cloud provider (when there is one): a PDF
 * always (a scan, a layout the reader does not know, a file it cannot parse: local-first never reads less
 * than the provider alone would), and bytes that proved to be an image. OFD, XML and ZIP do not: the
 * providers' invoice OCR does not read them, so the reader's own error is the answer.
 */
export function fallsBackToCloud(kind: FileKind, mode: EngineMode): boolean {
	return mode.cloud && (kind === 'pdf' || isImageKind(kind));
}
