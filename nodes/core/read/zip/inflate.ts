import { FIX_DAMAGED, OfdError } from '../common/ofdError';

export interface InflateResult {
	bytes: Uint8Array;
	/** True when the data would inflate to more than `maxBytes`; `bytes` then holds what was read so far. */
	exceeded: boolean;
}

/** What `inflate` produced: the bytes read, whether the cap stopped it, and the error that ended it early. */
export interface InflateOutcome extends InflateResult {
	/** Set when the data is damaged or cut off; `bytes` then holds what was inflated before the damage. */
	error?: unknown;
	/** True when the runtime could not start a decompressor at all. */
	unsupported?: boolean;
}

/**
 * Inflate deflate data (`deflate-raw`, or `deflate` for a zlib-wrapped stream) with the platform's
 * `DecompressionStream`, reading the output stream ourselves so that it stops as soon as more than `maxBytes`
 * come out (a bomb costs at most one chunk past the cap). Never throws: damage is reported in `error`, with
 * the bytes inflated before it (damaged files often hold good data up to the damage).
 */
export async function inflate(
	data: Uint8Array,
	maxBytes: number,
	format: 'deflate-raw' | 'deflate' = 'deflate-raw',
): Promise<InflateOutcome> {
	const reader = openInflater(data, format);
	if (!reader.ok) return { bytes: new Uint8Array(0), exceeded: false, error: reader.error, unsupported: true };
	const chunks: Uint8Array[] = [];
	let total = 0;
	let exceeded = false;
	let failure: unknown = undefined;
	let failed = false;
	try {
		for (;;) {
			const { done, value } = await reader.value.read();
			if (done) break;
			if (!value || value.length === 0) continue;
			if (total + value.length > maxBytes) {
				chunks.push(value.subarray(0, Math.max(0, maxBytes - total)));
				total = Math.min(maxBytes, total + value.length);
				exceeded = true;
				break;
			}
			chunks.push(value);
			total += value.length;
		}
	} catch (error) {
		failed = true;
		failure = error;
	}
	if (exceeded || failed) await reader.value.cancel().catch(() => undefined);
	const out: InflateOutcome = { bytes: concat(chunks, total), exceeded };
	if (failed) out.error = failure ?? new Error('inflate failed');
	return out;
}

/**
 * Inflate raw deflate data of a ZIP entry, at most `maxBytes` of it (see `inflate`).
 * Damaged data is reported as an OfdError `CORRUPT` naming `label`.
 */
export async function inflateRaw(data: Uint8Array, maxBytes: number, label: string): Promise<InflateResult> {
	const result = await inflate(data, maxBytes, 'deflate-raw');
	if (result.unsupported) {
		throw new OfdError(
			'UNSUPPORTED',
			`This runtime cannot inflate ZIP data (DecompressionStream failed: ${errorText(result.error)})`,
			'Run the node on Node.js 20.15 or later.',
		);
	}
	if (result.error !== undefined) {
		throw new OfdError(
			'CORRUPT',
			`The compressed data of "${label}" in the OFD file is damaged (${errorText(result.error)})`,
			FIX_DAMAGED,
		);
	}
	return { bytes: result.bytes, exceeded: result.exceeded };
}

type Opened = { ok: true; value: ReadableStreamDefaultReader<Uint8Array> } | { ok: false; error: unknown };

function openInflater(data: Uint8Array, format: 'deflate-raw' | 'deflate'): Opened {
	try {
		const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream(format));
		return { ok: true, value: stream.getReader() as ReadableStreamDefaultReader<Uint8Array> };
	} catch (error) {
		return { ok: false, error };
	}
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
	if (chunks.length === 1 && chunks[0].length === total) return chunks[0];
	const out = new Uint8Array(total);
	let offset = 0;
	for (const chunk of chunks) {
		out.set(chunk, offset);
		offset += chunk.length;
	}
	return out;
}

function errorText(error: unknown): string {
	if (error instanceof Error) return error.message;
	return String(error);
}

let crcTable: Uint32Array | undefined;

function table(): Uint32Array {
	if (crcTable) return crcTable;
	const t = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t[n] = c >>> 0;
	}
	crcTable = t;
	return t;
}

/** CRC-32 (ISO-HDLC, the ZIP checksum) of `bytes`, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
	const t = table();
	let c = 0xffffffff;
	for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}
