/** The PDF object model the reader works on (ISO 32000-1, 7.3). */

export class PdfName {
	constructor(readonly name: string) {}
}

export class PdfRef {
	constructor(
		readonly num: number,
		readonly gen: number,
	) {}
}

export class PdfString {
	constructor(readonly bytes: Uint8Array) {}
}

/** A bare keyword (content-stream operator, `obj`, `R`, …) or a delimiter token. */
export class PdfOp {
	constructor(readonly op: string) {}
}

export class PdfDict {
	readonly map = new Map<string, PdfObject>();

	get(key: string): PdfObject | undefined {
		return this.map.get(key);
	}
}

export class PdfStream {
	constructor(
		readonly dict: PdfDict,
		/** Raw bytes between `stream` and `endstream`, still encrypted and encoded. */
		readonly raw: Uint8Array,
		/** The indirect object the stream is, for decryption; -1 when unknown. */
		readonly num: number,
		readonly gen: number,
	) {}
}

export type PdfObject =
	| null
	| boolean
	| number
	| PdfName
	| PdfRef
	| PdfString
	| PdfDict
	| PdfStream
	| PdfObject[];

export function nameOf(obj: PdfObject | undefined): string | undefined {
	return obj instanceof PdfName ? obj.name : undefined;
}

export function numberOf(obj: PdfObject | undefined): number | undefined {
	return typeof obj === 'number' && Number.isFinite(obj) ? obj : undefined;
}

export function dictOf(obj: PdfObject | undefined): PdfDict | undefined {
	if (obj instanceof PdfDict) return obj;
	if (obj instanceof PdfStream) return obj.dict;
	return undefined;
}

export function bytesToLatin1(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < bytes.length; i += 4096) {
		s += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 4096)));
	}
	return s;
}

/** A PDF text string (UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding ≈ Latin-1) as a JS string. */
export function textString(obj: PdfObject | undefined): string {
	if (!(obj instanceof PdfString)) return '';
	const b = obj.bytes;
	if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
		return new TextDecoder('utf-16be').decode(b.subarray(2));
	}
	if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
		return new TextDecoder('utf-8').decode(b.subarray(3));
	}
	return bytesToLatin1(b);
}
