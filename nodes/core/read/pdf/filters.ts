import { inflate } from '../zip/inflate';
import { limitExceeded } from './errors';
import type { WorkBudget } from './budget';
import { hexValue, isWhite } from './lexer';
import { dictOf, nameOf, numberOf, type PdfDict, type PdfObject } from './objects';

const ABBREVIATIONS: Record<string, string> = {
	Fl: 'FlateDecode',
	AHx: 'ASCIIHexDecode',
	A85: 'ASCII85Decode',
	RL: 'RunLengthDecode',
	LZW: 'LZWDecode',
	DCT: 'DCTDecode',
	CCF: 'CCITTFaxDecode',
};

/** Result of decoding: `null` when a filter is one the reader skips (images: DCT, JBIG2, CCITT, JPX…). */
export type Decoded = Uint8Array | null;

/**
 * Apply a stream's /Filter chain (already decrypted bytes in). `resolve` turns references in /Filter and
 * /DecodeParms into objects. A damaged or truncated Flate stream yields what inflated before the damage.
 */
export async function decodeFilters(
	data: Uint8Array,
	dict: PdfDict,
	budget: WorkBudget,
	resolve: (obj: PdfObject | undefined) => Promise<PdfObject | undefined>,
): Promise<Decoded> {
	const filterObj = await resolve(dict.get('Filter') ?? dict.get('F'));
	const parmsObj = await resolve(dict.get('DecodeParms') ?? dict.get('DP'));
	const filters: string[] = [];
	const parms: Array<PdfDict | undefined> = [];
	if (Array.isArray(filterObj)) {
		for (let i = 0; i < filterObj.length && i < 16; i++) {
			filters.push(nameOf(await resolve(filterObj[i])) ?? '');
			const p = Array.isArray(parmsObj) ? await resolve(parmsObj[i]) : undefined;
			parms.push(dictOf(p ?? undefined));
		}
	} else if (filterObj !== undefined && filterObj !== null) {
		filters.push(nameOf(filterObj) ?? '');
		parms.push(dictOf((Array.isArray(parmsObj) ? parmsObj[0] : parmsObj) ?? undefined));
	}
	let out = data;
	for (let i = 0; i < filters.length; i++) {
		const name = ABBREVIATIONS[filters[i]] ?? filters[i];
		budget.spend(out.length >> 6);
		switch (name) {
			case 'FlateDecode':
				out = await flate(out, budget);
				out = predict(out, parms[i]);
				break;
			case 'ASCIIHexDecode':
				out = asciiHex(out);
				break;
			case 'ASCII85Decode':
				out = ascii85(out);
				break;
			case 'RunLengthDecode':
				out = runLength(out, budget.limits.maxStreamBytes);
				break;
			case 'Crypt':
				break;
			default:
				return null;
		}
		if (out.length > budget.limits.maxStreamBytes) throw streamTooBig(budget);
	}
	budget.addDecoded(out.length);
	return out;
}

function streamTooBig(budget: WorkBudget) {
	return limitExceeded(`A stream in the PDF decodes to more than ${budget.limits.maxStreamBytes} bytes`);
}

/** zlib header check (RFC 1950): CM = 8 and the header checksum divides by 31. */
function hasZlibHeader(data: Uint8Array): boolean {
	return data.length >= 2 && (data[0] & 0x0f) === 8 && (data[0] >> 4) <= 7 && ((data[0] << 8) | data[1]) % 31 === 0;
}

async function flate(data: Uint8Array, budget: WorkBudget): Promise<Uint8Array> {
	const max = budget.limits.maxStreamBytes;
	const remaining = Math.max(0, budget.limits.maxTotalBytes - budget.decoded);
	const cap = Math.min(max, remaining) + 1;
	let result = hasZlibHeader(data)
		? await inflate(data, cap, 'deflate')
		: await inflate(data, cap, 'deflate-raw');
	if (result.error !== undefined && result.bytes.length === 0 && hasZlibHeader(data)) {
		// A zlib header whose body is raw deflate of something else: try without the header.
		const raw = await inflate(data.subarray(2), cap, 'deflate-raw');
		if (raw.bytes.length > 0) result = raw;
	}
	if (result.exceeded) {
		if (cap <= max) throw limitExceeded(`The PDF's streams decode to more than ${budget.limits.maxTotalBytes} bytes in total`);
		throw streamTooBig(budget);
	}
	return result.bytes;
}

/** PNG (10–15) and TIFF (2) predictors of /DecodeParms (ISO 32000-1 7.4.4.4). */
export function predict(data: Uint8Array, parms: PdfDict | undefined): Uint8Array {
	if (!parms) return data;
	const predictor = numberOf(parms.get('Predictor')) ?? 1;
	if (predictor < 2) return data;
	const colors = clampInt(numberOf(parms.get('Colors')) ?? 1, 1, 32);
	const bpc = clampInt(numberOf(parms.get('BitsPerComponent')) ?? 8, 1, 16);
	const columns = clampInt(numberOf(parms.get('Columns')) ?? 1, 1, 1 << 20);
	const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
	const rowBytes = Math.ceil((colors * bpc * columns) / 8);
	if (predictor === 2) {
		if (bpc !== 8) return data;
		const out = new Uint8Array(data);
		for (let row = 0; row < out.length; row += rowBytes) {
			for (let i = bpp; i < rowBytes && row + i < out.length; i++) out[row + i] = (out[row + i] + out[row + i - bpp]) & 0xff;
		}
		return out;
	}
	const rows = Math.floor(data.length / (rowBytes + 1));
	const out = new Uint8Array(rows * rowBytes);
	for (let r = 0; r < rows; r++) {
		const src = r * (rowBytes + 1);
		const type = data[src];
		const dst = r * rowBytes;
		const prev = dst - rowBytes;
		for (let i = 0; i < rowBytes; i++) {
			const raw = data[src + 1 + i];
			const left = i >= bpp ? out[dst + i - bpp] : 0;
			const up = r > 0 ? out[prev + i] : 0;
			const upLeft = r > 0 && i >= bpp ? out[prev + i - bpp] : 0;
			let v: number;
			switch (type) {
				case 1:
					v = raw + left;
					break;
				case 2:
					v = raw + up;
					break;
				case 3:
					v = raw + ((left + up) >> 1);
					break;
				case 4: {
					const p = left + up - upLeft;
					const pa = Math.abs(p - left);
					const pb = Math.abs(p - up);
					const pc = Math.abs(p - upLeft);
					v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
					break;
				}
				default:
					v = raw;
			}
			out[dst + i] = v & 0xff;
		}
	}
	return out;
}

function clampInt(n: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, Math.floor(n)));
}

export function asciiHex(data: Uint8Array): Uint8Array {
	const out = new Uint8Array(Math.ceil(data.length / 2));
	let n = 0;
	let high = -1;
	for (let i = 0; i < data.length; i++) {
		const c = data[i];
		if (c === 0x3e) break;
		const v = hexValue(c);
		if (v < 0) continue;
		if (high < 0) high = v;
		else {
			out[n++] = (high << 4) | v;
			high = -1;
		}
	}
	if (high >= 0) out[n++] = high << 4;
	return out.subarray(0, n);
}

export function ascii85(data: Uint8Array): Uint8Array {
	const out = new Uint8Array(Math.ceil((data.length * 4) / 5) + 4);
	let n = 0;
	const group = [0, 0, 0, 0, 0];
	let count = 0;
	let i = 0;
	if (data[0] === 0x3c && data[1] === 0x7e) i = 2;
	for (; i < data.length; i++) {
		const c = data[i];
		if (c === 0x7e) break;
		if (isWhite(c)) continue;
		if (c === 0x7a && count === 0) {
			if (n + 4 > out.length) break;
			n += 4;
			continue;
		}
		if (c < 0x21 || c > 0x75) continue;
		group[count++] = c - 0x21;
		if (count === 5) {
			let v = 0;
			for (const g of group) v = v * 85 + g;
			out[n++] = (v >>> 24) & 0xff;
			out[n++] = (v >>> 16) & 0xff;
			out[n++] = (v >>> 8) & 0xff;
			out[n++] = v & 0xff;
			count = 0;
		}
	}
	if (count > 1) {
		for (let k = count; k < 5; k++) group[k] = 84;
		let v = 0;
		for (const g of group) v = v * 85 + g;
		for (let k = 0; k < count - 1; k++) out[n++] = (v >>> (24 - 8 * k)) & 0xff;
	}
	return out.subarray(0, n);
}

function runLength(data: Uint8Array, max: number): Uint8Array {
	const out: number[] = [];
	let i = 0;
	while (i < data.length && out.length <= max) {
		const len = data[i++];
		if (len === 128) break;
		if (len < 128) {
			for (let k = 0; k <= len && i < data.length; k++) out.push(data[i++]);
		} else {
			const b = data[i++] ?? 0;
			for (let k = 0; k < 257 - len; k++) out.push(b);
		}
	}
	return Uint8Array.from(out);
}
