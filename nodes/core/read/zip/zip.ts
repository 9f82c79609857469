import { FIX_DAMAGED, FIX_NOT_OFD, OfdError } from '../common/ofdError';
import { crc32, inflateRaw } from './inflate';
import { resolveLimits, type OfdLimits } from '../common/limits';

/** One file listed in the ZIP central directory. */
export interface ZipEntry {
	/** Normalised path: forward slashes, no leading '/', no '.' or '..' segments. */
	readonly name: string;
	/** The name as stored in the archive. */
	readonly rawName: string;
	readonly isDirectory: boolean;
	/** 0 = stored, 8 = deflated. */
	readonly method: number;
	readonly flags: number;
	readonly crc32: number;
	readonly compressedSize: number;
	readonly uncompressedSize: number;
	/** Offset of the local file header within the bytes given to `ZipArchive.open`. */
	readonly localHeaderOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;

type Decoder = InstanceType<typeof TextDecoder>;

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const utf8Loose = new TextDecoder('utf-8');
let gbDecoder: Decoder | null | undefined;

function gb18030(): Decoder | null {
	if (gbDecoder !== undefined) return gbDecoder;
	try {
		gbDecoder = new TextDecoder('gb18030');
	} catch {
		gbDecoder = null;
	}
	return gbDecoder;
}

function decodeName(bytes: Uint8Array, utf8Flag: boolean): string {
	if (utf8Flag) return utf8Loose.decode(bytes);
	try {
		return utf8Strict.decode(bytes);
	} catch {
		// Chinese zip tools write names in GBK without the UTF-8 flag.
		return (gb18030() ?? utf8Loose).decode(bytes);
	}
}

/** Forward slashes, no leading '/', '.' segments dropped and '..' applied (never above the root). */
export function normalizeZipPath(path: string): string {
	const out: string[] = [];
	for (const segment of path.replace(/\\/g, '/').split('/')) {
		if (segment === '' || segment === '.') continue;
		if (segment === '..') out.pop();
		else out.push(segment);
	}
	return out.join('/');
}

/** The folder part of a normalised path ('' at the root). */
export function folderOf(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash < 0 ? '' : path.slice(0, slash);
}

/**
 * Where an OFD reference (BaseLoc, FileLoc, DocRoot...) written in `fromFile` may point, best guess first:
 * '/x' is absolute; 'x' is relative to the referring file's folder, and, because producers also write
 * root-relative paths such as 'Doc_0/Pages/...' from inside Doc_0, the root is tried next.
 */
export function ofdPathCandidates(fromFile: string, ref: string): string[] {
	const trimmed = ref.trim();
	if (trimmed === '') return [];
	if (/^[/\\]/.test(trimmed)) return [normalizeZipPath(trimmed)];
	const folder = folderOf(normalizeZipPath(fromFile));
	const relative = normalizeZipPath(folder ? `${folder}/${trimmed}` : trimmed);
	const rooted = normalizeZipPath(trimmed);
	return relative === rooted ? [relative] : [relative, rooted];
}

/**
 * A read-only view of a ZIP archive held in memory. `open` parses the central directory only; entries are
 * inflated on demand by `read`, each at most once, within the limits given.
 */
export class ZipArchive {
	readonly entries: readonly ZipEntry[];
	private readonly bytes: Uint8Array;
	private readonly limits: OfdLimits;
	private readonly dataEnd: number;
	private readonly byName = new Map<string, ZipEntry>();
	private readonly byLowerName = new Map<string, ZipEntry>();
	private readonly cache = new Map<ZipEntry, Promise<Uint8Array>>();
	private reserved = 0;
	private inflates = 0;

	private constructor(bytes: Uint8Array, entries: ZipEntry[], dataEnd: number, limits: OfdLimits) {
		this.bytes = bytes;
		this.entries = entries;
		this.dataEnd = dataEnd;
		this.limits = limits;
		for (const entry of entries) {
			if (entry.isDirectory || entry.name === '') continue;
			if (!this.byName.has(entry.name)) this.byName.set(entry.name, entry);
			const lower = entry.name.toLowerCase();
			if (!this.byLowerName.has(lower)) this.byLowerName.set(lower, entry);
		}
	}

	/** Parse the central directory of `bytes`. Throws OfdError (NOT_A_ZIP, TRUNCATED, CORRUPT, UNSUPPORTED, TOO_LARGE). */
	static open(bytes: Uint8Array, limits?: Partial<OfdLimits>): ZipArchive {
		const lim = resolveLimits(limits);
		if (bytes.length > lim.maxInputBytes) {
			throw new OfdError(
				'TOO_LARGE',
				`The file is ${bytes.length} bytes; the OFD reader accepts at most ${lim.maxInputBytes} bytes`,
				'E-invoice OFD files are well under 1 MB. Check that the right file is passed in.',
			);
		}
		const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		const eocd = findEndOfCentralDirectory(bytes, view);
		if (eocd < 0) throw notAZip(bytes);

		if (eocd >= 20 && view.getUint32(eocd - 20, true) === SIG_ZIP64_LOCATOR) throw zip64();
		const disk = view.getUint16(eocd + 4, true);
		const cdDisk = view.getUint16(eocd + 6, true);
		const entriesOnDisk = view.getUint16(eocd + 8, true);
		const entryCount = view.getUint16(eocd + 10, true);
		const cdSize = view.getUint32(eocd + 12, true);
		const cdOffset = view.getUint32(eocd + 16, true);
		if (entryCount === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw zip64();
		if (disk !== 0 || cdDisk !== 0 || entriesOnDisk !== entryCount) {
			throw new OfdError(
				'UNSUPPORTED',
				'The OFD file is a split (multi-part) ZIP archive, which is not supported',
				'Pass the complete, single-file OFD invoice.',
			);
		}
		if (entryCount > lim.maxEntries) {
			throw new OfdError(
				'TOO_LARGE',
				`The OFD file lists ${entryCount} ZIP entries; at most ${lim.maxEntries} are accepted`,
				'A real e-invoice has a few dozen entries. Check that the right file is passed in.',
			);
		}

		// Data prepended to the archive shifts every offset by the same amount: detect and undo it.
		let cdStart = cdOffset;
		let shift = 0;
		if (!(cdStart + 4 <= eocd && view.getUint32(cdStart, true) === SIG_CENTRAL) && entryCount > 0) {
			const guess = eocd - cdSize;
			if (guess > cdOffset && guess + 4 <= eocd && view.getUint32(guess, true) === SIG_CENTRAL) {
				shift = guess - cdOffset;
				cdStart = guess;
			} else {
				throw corrupt('its central directory is not where the end record says');
			}
		}
		const cdEnd = Math.min(eocd, cdStart + cdSize);

		const entries: ZipEntry[] = [];
		let p = cdStart;
		for (let i = 0; i < entryCount; i++) {
			if (p + CENTRAL_SIZE > cdEnd) throw corrupt(`its central directory ends after ${i} of ${entryCount} entries`);
			if (view.getUint32(p, true) !== SIG_CENTRAL) throw corrupt(`central directory entry ${i + 1} is damaged`);
			const flags = view.getUint16(p + 8, true);
			const method = view.getUint16(p + 10, true);
			const crc = view.getUint32(p + 16, true);
			const compressedSize = view.getUint32(p + 20, true);
			const uncompressedSize = view.getUint32(p + 24, true);
			const nameLength = view.getUint16(p + 28, true);
			const extraLength = view.getUint16(p + 30, true);
			const commentLength = view.getUint16(p + 32, true);
			const localOffset = view.getUint32(p + 42, true);
			const next = p + CENTRAL_SIZE + nameLength + extraLength + commentLength;
			if (next > cdEnd) throw corrupt(`central directory entry ${i + 1} runs past the directory`);
			if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localOffset === 0xffffffff) {
				throw zip64();
			}
			const rawName = decodeName(bytes.subarray(p + CENTRAL_SIZE, p + CENTRAL_SIZE + nameLength), (flags & 0x800) !== 0);
			entries.push({
				name: normalizeZipPath(rawName),
				rawName,
				isDirectory: /[/\\]$/.test(rawName),
				method,
				flags,
				crc32: crc,
				compressedSize,
				uncompressedSize,
				localHeaderOffset: localOffset + shift,
			});
			p = next;
		}
		return new ZipArchive(bytes, entries, cdStart, lim);
	}

	/** The entry with exactly this (normalised) path. */
	get(path: string): ZipEntry | undefined {
		return this.byName.get(normalizeZipPath(path));
	}

	/** The entry with this path, exact match first, then ignoring letter case. */
	find(path: string): ZipEntry | undefined {
		const name = normalizeZipPath(path);
		return this.byName.get(name) ?? this.byLowerName.get(name.toLowerCase());
	}

	/** The entry an OFD reference written in `fromFile` points at (see `ofdPathCandidates`). */
	resolve(fromFile: string, ref: string): ZipEntry | undefined {
		for (const candidate of ofdPathCandidates(fromFile, ref)) {
			const entry = this.find(candidate);
			if (entry) return entry;
		}
		return undefined;
	}

	/** How many entries have been inflated so far (each costs a stream round trip). */
	get inflateCount(): number {
		return this.inflates;
	}

	/** The uncompressed bytes of `entry`, checked against its size and CRC-32. Memoised. */
	read(entry: ZipEntry): Promise<Uint8Array> {
		let pending = this.cache.get(entry);
		if (!pending) {
			pending = this.extract(entry);
			this.cache.set(entry, pending);
		}
		return pending;
	}

	private async extract(entry: ZipEntry): Promise<Uint8Array> {
		const label = entry.name;
		if (entry.flags & 0x1) {
			throw new OfdError(
				'UNSUPPORTED',
				`The entry "${label}" in the OFD file is encrypted, which is not supported`,
				'Pass the original, unencrypted OFD invoice.',
			);
		}
		if (entry.method !== 0 && entry.method !== 8) {
			throw new OfdError(
				'UNSUPPORTED',
				`The entry "${label}" in the OFD file uses ZIP compression method ${entry.method}; only stored (0) and deflate (8) are supported`,
				'Pass the OFD invoice as issued; do not re-pack it with another archiver.',
			);
		}
		const lim = this.limits;
		if (entry.uncompressedSize > lim.maxEntryBytes) {
			throw new OfdError(
				'TOO_LARGE',
				`The entry "${label}" in the OFD file would inflate to ${entry.uncompressedSize} bytes; the limit is ${lim.maxEntryBytes}`,
				'E-invoice parts are small. Check that the right file is passed in.',
			);
		}
		if (
			entry.method === 8 &&
			entry.uncompressedSize > lim.ratioCheckMinBytes &&
			entry.uncompressedSize > lim.maxCompressionRatio * Math.max(1, entry.compressedSize)
		) {
			throw bomb(label, `declares a compression ratio above ${lim.maxCompressionRatio}:1`);
		}
		if (this.reserved + entry.uncompressedSize > lim.maxTotalInflatedBytes) {
			throw new OfdError(
				'TOO_LARGE',
				`Reading the OFD file would inflate more than ${lim.maxTotalInflatedBytes} bytes in total`,
				'E-invoice OFD files are small. Check that the right file is passed in.',
			);
		}
		this.reserved += entry.uncompressedSize;

		const data = this.compressedData(entry);
		let out: Uint8Array;
		if (entry.method === 0) {
			if (entry.compressedSize !== entry.uncompressedSize) {
				throw corrupt(`the stored entry "${label}" has different compressed and uncompressed sizes`);
			}
			out = data;
		} else {
			this.inflates++;
			// Read a little past the declared size to tell damage (a damaged stream overshoots by a few bytes or
			// kilobytes, then ends or fails) from a bomb (keeps going). What is read stays within the limits.
			const slack = Math.max(
				0,
				Math.min(lim.ratioCheckMinBytes, lim.maxEntryBytes - entry.uncompressedSize, lim.maxTotalInflatedBytes - this.reserved),
			);
			this.reserved += slack;
			const result = await inflateRaw(data, entry.uncompressedSize + slack, label);
			this.reserved -= slack;
			if (result.exceeded) {
				throw bomb(label, `inflates to more than ${entry.uncompressedSize + slack} bytes although it declares ${entry.uncompressedSize}`);
			}
			out = result.bytes;
			if (out.length !== entry.uncompressedSize) {
				throw corrupt(`the entry "${label}" inflates to ${out.length} bytes instead of ${entry.uncompressedSize}`);
			}
		}
		if (crc32(out) !== entry.crc32) throw corrupt(`the entry "${label}" fails its CRC-32 check`);
		return out;
	}

	private compressedData(entry: ZipEntry): Uint8Array {
		const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
		const offset = entry.localHeaderOffset;
		if (offset < 0) throw corrupt(`the local header of "${entry.name}" points before the start of the file`);
		if (offset + LOCAL_SIZE > this.dataEnd) {
			if (offset + LOCAL_SIZE > this.bytes.length) throw truncated(entry.name);
			throw corrupt(`the local header of "${entry.name}" points outside the archive data`);
		}
		if (view.getUint32(offset, true) !== SIG_LOCAL) throw corrupt(`the local header of "${entry.name}" is damaged`);
		const nameLength = view.getUint16(offset + 26, true);
		const extraLength = view.getUint16(offset + 28, true);
		const start = offset + LOCAL_SIZE + nameLength + extraLength;
		const end = start + entry.compressedSize;
		if (end > this.dataEnd) {
			if (end > this.bytes.length) throw truncated(entry.name);
			throw corrupt(`the data of "${entry.name}" overlaps the central directory`);
		}
		return this.bytes.subarray(start, end);
	}
}

function findEndOfCentralDirectory(bytes: Uint8Array, view: DataView): number {
	const last = bytes.length - EOCD_SIZE;
	const first = Math.max(0, last - MAX_COMMENT);
	for (let p = last; p >= first; p--) {
		if (bytes[p] !== 0x50 || bytes[p + 1] !== 0x4b || view.getUint32(p, true) !== SIG_EOCD) continue;
		const commentLength = view.getUint16(p + 20, true);
		if (p + EOCD_SIZE + commentLength > bytes.length) continue;
		const cdSize = view.getUint32(p + 12, true);
		if (cdSize > p) continue;
		return p;
	}
	return -1;
}

function notAZip(bytes: Uint8Array): OfdError {
	if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
		return new OfdError(
			'TRUNCATED',
			'The OFD file is cut off: it starts like a ZIP archive but its end (the central directory) is missing',
			FIX_DAMAGED,
		);
	}
	const head = new TextDecoder('latin1').decode(bytes.subarray(0, 8));
	let what = 'it is not a ZIP archive';
	if (bytes.length === 0) what = 'it is empty';
	else if (head.startsWith('%PDF')) what = 'it is a PDF file';
	else if (head.startsWith('\x89PNG')) what = 'it is a PNG image';
	else if (head.startsWith('\xff\xd8\xff')) what = 'it is a JPEG image';
	else if (head.startsWith('<?xml') || head.startsWith('<')) what = 'it is a bare XML file';
	return new OfdError('NOT_A_ZIP', `The file is not an OFD document: ${what} (an OFD file is a ZIP archive)`, FIX_NOT_OFD);
}

function zip64(): OfdError {
	return new OfdError(
		'UNSUPPORTED',
		'The OFD file is a ZIP64 archive, which is not supported (e-invoices never need ZIP64)',
		'Pass the OFD invoice as issued; do not re-pack it with another archiver.',
	);
}

function corrupt(what: string): OfdError {
	return new OfdError('CORRUPT', `The OFD file is damaged: ${what}`, FIX_DAMAGED);
}

function truncated(name: string): OfdError {
	return new OfdError('TRUNCATED', `The OFD file is cut off: the data of "${name}" runs past the end of the file`, FIX_DAMAGED);
}

function bomb(name: string, what: string): OfdError {
	return new OfdError(
		'ZIP_BOMB',
		`The entry "${name}" in the OFD file ${what}; reading stopped (possible zip bomb)`,
		'Do not process this file. Real e-invoices never do this; get the invoice again from its issuer.',
	);
}
