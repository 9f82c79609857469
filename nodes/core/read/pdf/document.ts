import { Decryptor } from './crypto';
import { PdfError, limitExceeded, passOn } from './errors';
import { decodeFilters } from './filters';
import { Lexer, isRegular, parseObject, type ParseOptions } from './lexer';
import type { PdfLimits } from '../common/limits';
import type { WorkBudget } from './budget';
import {
	PdfDict,
	PdfOp,
	PdfRef,
	PdfStream,
	PdfString,
	dictOf,
	nameOf,
	numberOf,
	textString,
	type PdfObject,
} from './objects';

type Entry =
	| { kind: 'offset'; offset: number; gen: number }
	| { kind: 'compressed'; stm: number; index: number }
	| { kind: 'free' };

interface ObjStm {
	bytes: Uint8Array;
	first: number;
	offsets: Map<number, number>;
	order: number[];
}

const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const STARTXREF = enc('startxref');

/**
 * The object layer of a PDF file (ISO 32000-1 7.5): cross-reference tables and streams, object streams,
 * incremental updates, encryption, and a rebuild by scanning the file when the cross-reference data is
 * missing or wrong. Every lookup is cycle-safe; every loop is bounded by the limits and the work budget.
 */
export class PdfDocument {
	private entries = new Map<number, Entry>();
	trailer = new PdfDict();
	private cache = new Map<number, PdfObject>();
	private loading = new Set<number>();
	private objStms = new Map<number, ObjStm | null>();
	private decoded = new WeakMap<PdfStream, Promise<Uint8Array | null>>();
	private decryptor: Decryptor | undefined;
	private encryptNum = -1;
	private rebuilt = false;
	private lastEndstream: { from: number; found: number } | undefined;
	encrypted = false;
	private readonly buffer: Buffer;

	private constructor(
		readonly bytes: Uint8Array,
		readonly headerOffset: number,
		readonly budget: WorkBudget,
	) {
		this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	}

	get limits(): PdfLimits {
		return this.budget.limits;
	}

	static async open(bytes: Uint8Array, budget: WorkBudget): Promise<PdfDocument> {
		const header = findHeader(bytes);
		if (header < 0) {
			throw new PdfError(
				'NotPdf',
				'The file is not a PDF (it does not start with %PDF-)',
				'Pass the invoice PDF file itself; for OFD files use the OFD operation, for images use a cloud OCR provider.',
			);
		}
		const doc = new PdfDocument(bytes, header, budget);
		let ok = false;
		try {
			ok = await doc.readXref();
		} catch (error) {
			if (error instanceof PdfError && error.code === 'LimitExceeded') throw passOn(error);
			ok = false;
		}
		if (!ok) await doc.rebuild();
		await doc.setupEncryption();
		if (doc.rebuilt) await doc.registerObjectStreams();
		if (!(dictOf((await doc.resolve(doc.trailer.get('Root'))) ?? undefined) instanceof PdfDict) && !doc.rebuilt) {
			await doc.rebuild();
			await doc.registerObjectStreams();
		}
		return doc;
	}

	private parseOptions(num: number, gen: number, decrypt: boolean): ParseOptions {
		const d = this.decryptor;
		return {
			refs: true,
			maxDepth: this.limits.maxDepth * 16,
			decryptString: decrypt && d && num !== this.encryptNum ? (b) => d.decryptString(num, gen, b) : undefined,
		};
	}

	private setEntry(num: number, entry: Entry, override: boolean): void {
		if (!Number.isInteger(num) || num < 0 || num > 0x7fffffff) return;
		if (!override && this.entries.has(num)) return;
		this.entries.set(num, entry);
		if (this.entries.size > this.limits.maxObjects) {
			throw limitExceeded(`The PDF defines more than ${this.limits.maxObjects} objects`);
		}
	}

	// ---- cross-reference data -------------------------------------------------------------------------------

	private findStartXref(): number | undefined {
		const b = this.bytes;
		const from = Math.max(0, b.length - 4096);
		for (let i = b.length - STARTXREF.length; i >= from; i--) {
			let match = true;
			for (let k = 0; k < STARTXREF.length; k++) {
				if (b[i + k] !== STARTXREF[k]) {
					match = false;
					break;
				}
			}
			if (!match) continue;
			const lexer = new Lexer(b, i + STARTXREF.length, this.budget);
			const n = lexer.next();
			return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
		}
		return undefined;
	}

	/** Reads the xref chain from startxref; false when it is missing or broken (then the file is scanned). */
	private async readXref(): Promise<boolean> {
		const start = this.findStartXref();
		if (start === undefined) return false;
		const visited = new Set<number>();
		const queue: number[] = [start];
		let first = true;
		while (queue.length > 0) {
			const offset = queue.shift() as number;
			if (visited.has(offset) || visited.size > 256) continue;
			visited.add(offset);
			const section = (await this.readXrefSection(offset)) ?? (this.headerOffset > 0 ? await this.readXrefSection(offset + this.headerOffset) : undefined);
			if (!section) {
				if (first) return false;
				break;
			}
			if (first) {
				this.trailer = section;
				first = false;
			} else {
				for (const [k, v] of section.map) if (!this.trailer.map.has(k)) this.trailer.map.set(k, v);
			}
			const xrefStm = numberOf(section.get('XRefStm'));
			if (xrefStm !== undefined && !visited.has(xrefStm)) {
				visited.add(xrefStm);
				await this.readXrefSection(xrefStm);
			}
			const prev = numberOf(section.get('Prev'));
			if (prev !== undefined && prev >= 0) queue.push(prev);
		}
		if (!(this.trailer.get('Root') instanceof PdfRef)) return false;
		// Spot-check: the catalog's offset must hold the catalog, else the offsets are wrong (rebuild).
		const root = this.trailer.get('Root') as PdfRef;
		const entry = this.entries.get(root.num);
		if (!entry || entry.kind === 'free') return false;
		if (entry.kind === 'offset' && !this.headerAt(entry.offset, root.num)) {
			if (this.headerOffset > 0 && this.headerAt(entry.offset + this.headerOffset, root.num)) return true;
			return false;
		}
		return true;
	}

	private headerAt(offset: number, num: number): boolean {
		if (offset < 0 || offset >= this.bytes.length) return false;
		const lexer = new Lexer(this.bytes, offset, this.budget);
		const a = lexer.next();
		const b = lexer.next();
		const c = lexer.next();
		return a === num && typeof b === 'number' && c instanceof PdfOp && c.op === 'obj';
	}

	private async readXrefSection(offset: number): Promise<PdfDict | undefined> {
		if (offset < 0 || offset >= this.bytes.length) return undefined;
		const lexer = new Lexer(this.bytes, offset, this.budget);
		const t = lexer.next();
		if (t instanceof PdfOp && t.op === 'xref') return this.readXrefTable(lexer);
		if (typeof t === 'number') {
			const gen = lexer.next();
			const kw = lexer.next();
			if (typeof gen !== 'number' || !(kw instanceof PdfOp) || kw.op !== 'obj') return undefined;
			const obj = this.parseAfterHeader(lexer, t, gen, false, true);
			if (!(obj instanceof PdfStream) || nameOf(obj.dict.get('Type')) !== 'XRef') return undefined;
			await this.readXrefStream(obj);
			return obj.dict;
		}
		return undefined;
	}

	private readXrefTable(lexer: Lexer): PdfDict | undefined {
		const options: ParseOptions = { refs: true, maxDepth: this.limits.maxDepth * 16 };
		for (;;) {
			const t = lexer.next();
			if (t instanceof PdfOp && t.op === 'trailer') {
				const dict = parseObject(lexer, options);
				return dict instanceof PdfDict ? dict : undefined;
			}
			if (typeof t !== 'number') return undefined;
			const count = lexer.next();
			if (typeof count !== 'number' || count < 0) return undefined;
			if (count > this.limits.maxObjects) {
				throw limitExceeded(`The PDF defines more than ${this.limits.maxObjects} objects`);
			}
			for (let i = 0; i < count; i++) {
				const offset = lexer.next();
				const gen = lexer.next();
				const type = lexer.next();
				if (typeof offset !== 'number' || typeof gen !== 'number' || !(type instanceof PdfOp)) return undefined;
				const num = t + i;
				if (type.op === 'n') {
					// Offset 0 entries marked "in use" are a common writer bug: treat as free.
					this.setEntry(num, offset > 0 ? { kind: 'offset', offset, gen } : { kind: 'free' }, false);
				} else if (type.op === 'f') this.setEntry(num, { kind: 'free' }, false);
				else return undefined;
			}
		}
	}

	private async readXrefStream(stream: PdfStream): Promise<void> {
		const data = await this.decodeStream(stream, false);
		if (!data) return;
		const w = stream.dict.get('W');
		if (!Array.isArray(w) || w.length < 3) return;
		const widths = w.slice(0, 3).map((x) => Math.max(0, Math.min(8, Math.floor(numberOf(x) ?? 0))));
		const rowSize = widths[0] + widths[1] + widths[2];
		if (rowSize === 0) return;
		const size = numberOf(stream.dict.get('Size')) ?? 0;
		const index = stream.dict.get('Index');
		const ranges: number[] = Array.isArray(index) ? index.map((x) => numberOf(x) ?? 0) : [0, size];
		let pos = 0;
		const field = (width: number, dflt: number): number => {
			if (width === 0) return dflt;
			let v = 0;
			for (let i = 0; i < width; i++) v = v * 256 + (data[pos++] ?? 0);
			return v;
		};
		for (let r = 0; r + 1 < ranges.length; r += 2) {
			const start = ranges[r];
			const count = ranges[r + 1];
			if (count > this.limits.maxObjects) throw limitExceeded(`The PDF defines more than ${this.limits.maxObjects} objects`);
			for (let i = 0; i < count && pos + rowSize <= data.length; i++) {
				const type = field(widths[0], 1);
				const f2 = field(widths[1], 0);
				const f3 = field(widths[2], 0);
				if (type === 1) this.setEntry(start + i, f2 > 0 ? { kind: 'offset', offset: f2, gen: f3 } : { kind: 'free' }, false);
				else if (type === 2) this.setEntry(start + i, { kind: 'compressed', stm: f2, index: f3 }, false);
				else this.setEntry(start + i, { kind: 'free' }, false);
			}
		}
	}

	/** Scans the whole file for `N G obj` and `trailer` when the cross-reference data cannot be trusted. */
	private async rebuild(): Promise<void> {
		this.rebuilt = true;
		this.entries.clear();
		this.cache.clear();
		const b = this.bytes;
		this.budget.spend(b.length >> 6);
		const trailers: PdfDict[] = [];
		let at = 0;
		// Each keyword's next occurrence is searched again only once the scan has passed it (linear overall).
		let objAt = -2;
		let trailerAt = -2;
		for (;;) {
			if (objAt !== -1 && objAt < at) objAt = this.buffer.indexOf('obj', at, 'latin1');
			if (trailerAt !== -1 && trailerAt < at) trailerAt = this.buffer.indexOf('trailer', at, 'latin1');
			if (objAt < 0 && trailerAt < 0) break;
			if (trailerAt >= 0 && (objAt < 0 || trailerAt < objAt)) {
				at = trailerAt + 7;
				const lexer = new Lexer(b, at, this.budget);
				try {
					const dict = parseObject(lexer, { refs: true, maxDepth: this.limits.maxDepth * 16 });
					if (dict instanceof PdfDict) trailers.push(dict);
				} catch (error) {
					if (error instanceof PdfError && error.code === 'LimitExceeded' && this.budget.used > this.limits.maxWork) throw passOn(error);
				}
				continue;
			}
			at = objAt + 3;
			if (objAt + 3 < b.length && isRegular(b[objAt + 3])) continue;
			// Walk back over "num gen ".
			let p = objAt - 1;
			if (p < 0 || isRegular(b[p])) continue;
			while (p >= 0 && !isRegular(b[p]) && b[p] !== 0x25 && objAt - p < 16) p--;
			const genEnd = p + 1;
			while (p >= 0 && b[p] >= 0x30 && b[p] <= 0x39) p--;
			const genStart = p + 1;
			if (genStart === genEnd) continue;
			while (p >= 0 && !isRegular(b[p]) && genStart - p < 16) p--;
			const numEnd = p + 1;
			if (numEnd === genStart) continue;
			while (p >= 0 && b[p] >= 0x30 && b[p] <= 0x39) p--;
			const numStart = p + 1;
			if (numStart === numEnd || numEnd - numStart > 10) continue;
			if (p >= 0 && isRegular(b[p])) continue;
			let num = 0;
			for (let i = numStart; i < numEnd; i++) num = num * 10 + (b[i] - 0x30);
			let gen = 0;
			for (let i = genStart; i < genEnd && i < genStart + 6; i++) gen = gen * 10 + (b[i] - 0x30);
			this.setEntry(num, { kind: 'offset', offset: numStart, gen }, true);
		}
		const trailer = new PdfDict();
		for (let i = trailers.length - 1; i >= 0; i--) {
			for (const [k, v] of trailers[i].map) if (!trailer.map.has(k)) trailer.map.set(k, v);
		}
		// Keep /Encrypt and /ID from the old trailer chain if the scan found none (xref-stream files).
		for (const key of ['Root', 'Encrypt', 'ID', 'Info']) {
			if (!trailer.map.has(key) && this.trailer.map.has(key)) trailer.map.set(key, this.trailer.get(key) as PdfObject);
		}
		this.trailer = trailer;
		// Xref streams carry the trailer keys of files without a `trailer` keyword.
		if (!(trailer.get('Root') instanceof PdfRef) || !trailer.map.has('Encrypt')) {
			for (const [num, entry] of this.entries) {
				if (entry.kind !== 'offset' || !this.nearText(entry.offset, '/XRef')) continue;
				const obj = this.parseIndirect(entry.offset, num, false);
				if (obj instanceof PdfStream && nameOf(obj.dict.get('Type')) === 'XRef') {
					for (const key of ['Root', 'Encrypt', 'ID', 'Info']) {
						if (!trailer.map.has(key) && obj.dict.map.has(key)) trailer.map.set(key, obj.dict.get(key) as PdfObject);
					}
				}
			}
		}
	}

	/** Whether `text` occurs in the first bytes of the object at `offset` (cheap pre-filter). */
	private nearText(offset: number, text: string): boolean {
		const end = Math.min(this.bytes.length, offset + 1024);
		return offset < end && this.buffer.subarray(offset, end).indexOf(text, 0, 'latin1') >= 0;
	}

	/** After a rebuild: objects inside object streams get entries (unless a plain object has that number). */
	private async registerObjectStreams(): Promise<void> {
		const stms: number[] = [];
		for (const [num, entry] of this.entries) {
			if (entry.kind === 'offset' && this.nearText(entry.offset, '/ObjStm')) stms.push(num);
		}
		for (const num of stms) {
			const stm = await this.objStm(num);
			if (!stm) continue;
			stm.order.forEach((objNum, index) => this.setEntry(objNum, { kind: 'compressed', stm: num, index }, false));
		}
		if (!(dictOf((await this.resolve(this.trailer.get('Root'))) ?? undefined) instanceof PdfDict)) {
			for (const [num] of this.entries) {
				const obj = await this.fetch(num);
				if (obj instanceof PdfDict && nameOf(obj.get('Type')) === 'Catalog') {
					this.trailer.map.set('Root', new PdfRef(num, 0));
					break;
				}
			}
		}
	}

	private async setupEncryption(): Promise<void> {
		const ref = this.trailer.get('Encrypt');
		if (ref === undefined || ref === null) return;
		if (ref instanceof PdfRef) this.encryptNum = ref.num;
		const encrypt = dictOf((await this.resolve(ref)) ?? undefined);
		if (!encrypt) return;
		this.encrypted = true;
		const ids = await this.resolve(this.trailer.get('ID'));
		const id0 = Array.isArray(ids) && ids[0] instanceof PdfString ? ids[0].bytes : new Uint8Array(0);
		this.decryptor = Decryptor.open(encrypt, id0);
		// Objects read before the key was known (the catalog check) hold encrypted strings.
		for (const num of [...this.cache.keys()]) if (num !== this.encryptNum) this.cache.delete(num);
	}

	// ---- objects ---------------------------------------------------------------------------------------------

	private parseIndirect(offset: number, num: number, decrypt: boolean): PdfObject | undefined {
		for (const at of this.headerOffset > 0 ? [offset, offset + this.headerOffset] : [offset]) {
			if (at < 0 || at >= this.bytes.length) continue;
			const lexer = new Lexer(this.bytes, at, this.budget);
			const n = lexer.next();
			const gen = lexer.next();
			const kw = lexer.next();
			if (n !== num || typeof gen !== 'number' || !(kw instanceof PdfOp) || kw.op !== 'obj') continue;
			return this.parseAfterHeader(lexer, num, gen, decrypt, true);
		}
		return undefined;
	}

	private parseAfterHeader(lexer: Lexer, num: number, gen: number, decrypt: boolean, streams: boolean): PdfObject {
		const obj = parseObject(lexer, this.parseOptions(num, gen, decrypt));
		if (obj instanceof PdfOp) return null;
		if (!(obj instanceof PdfDict) || !streams) return obj;
		const save = lexer.pos;
		const t = lexer.next();
		if (!(t instanceof PdfOp) || t.op !== 'stream') {
			lexer.pos = save;
			return obj;
		}
		const b = this.bytes;
		let start = lexer.pos;
		if (b[start] === 0x0d && b[start + 1] === 0x0a) start += 2;
		else if (b[start] === 0x0a || b[start] === 0x0d) start += 1;
		const length = this.lengthOf(obj.get('Length'));
		let end = -1;
		if (length !== undefined && length >= 0 && start + length <= b.length) {
			let p = start + length;
			while (p < b.length && (b[p] === 0x0a || b[p] === 0x0d || b[p] === 0x20 || b[p] === 0x09)) p++;
			if (this.buffer.toString('latin1', p, p + 9) === 'endstream') end = start + length;
		}
		if (end < 0) {
			const found = this.findEndstream(start);
			if (found >= 0) {
				end = found;
				if (b[end - 1] === 0x0a) end--;
				if (b[end - 1] === 0x0d) end--;
			} else end = length !== undefined && length >= 0 ? Math.min(b.length, start + length) : b.length;
			if (end < start) end = start;
		}
		lexer.pos = end;
		return new PdfStream(obj, b.subarray(start, end), num, gen);
	}

	/**
	 * The next `endstream` at or after `from`. The last search is remembered: a later search starting between
	 * its start and its hit has the same answer, so many streams without a valid /Length cost one scan.
	 */
	private findEndstream(from: number): number {
		const last = this.lastEndstream;
		if (last && from >= last.from && (last.found < 0 || from <= last.found)) return last.found;
		const found = this.buffer.indexOf('endstream', from, 'latin1');
		this.budget.spend(((found < 0 ? this.bytes.length : found) - from) >> 6);
		this.lastEndstream = { from, found };
		return found;
	}

	/** /Length, direct or an indirect number read without going through streams (no recursion). */
	private lengthOf(obj: PdfObject | undefined): number | undefined {
		if (typeof obj === 'number') return Math.floor(obj);
		if (!(obj instanceof PdfRef)) return undefined;
		const cached = this.cache.get(obj.num);
		if (typeof cached === 'number') return Math.floor(cached);
		const entry = this.entries.get(obj.num);
		if (!entry || entry.kind !== 'offset') return undefined;
		const lexer = new Lexer(this.bytes, entry.offset, this.budget);
		const n = lexer.next();
		lexer.next();
		const kw = lexer.next();
		if (n !== obj.num || !(kw instanceof PdfOp) || kw.op !== 'obj') return undefined;
		const v = lexer.next();
		return typeof v === 'number' ? Math.floor(v) : undefined;
	}

	private async objStm(num: number): Promise<ObjStm | null> {
		if (this.objStms.has(num)) return this.objStms.get(num) ?? null;
		this.objStms.set(num, null);
		const stream = await this.fetch(num);
		if (!(stream instanceof PdfStream)) return null;
		const bytes = await this.streamBytes(stream);
		if (!bytes) return null;
		const n = Math.min(numberOf(stream.dict.get('N')) ?? 0, this.limits.maxObjects);
		const first = numberOf(stream.dict.get('First')) ?? 0;
		const lexer = new Lexer(bytes, 0, this.budget, Math.min(bytes.length, Math.max(0, first)));
		const offsets = new Map<number, number>();
		const order: number[] = [];
		for (let i = 0; i < n; i++) {
			const objNum = lexer.next();
			const off = lexer.next();
			if (typeof objNum !== 'number' || typeof off !== 'number') break;
			if (!offsets.has(objNum)) offsets.set(objNum, off);
			order.push(objNum);
		}
		const stm: ObjStm = { bytes, first, offsets, order };
		this.objStms.set(num, stm);
		return stm;
	}

	async fetch(num: number): Promise<PdfObject> {
		if (this.cache.has(num)) return this.cache.get(num) as PdfObject;
		if (this.loading.has(num)) return null;
		const entry = this.entries.get(num);
		if (!entry || entry.kind === 'free') return null;
		this.loading.add(num);
		let obj: PdfObject | undefined;
		try {
			if (entry.kind === 'offset') {
				obj = this.parseIndirect(entry.offset, num, true);
				if (obj === undefined && !this.rebuilt) {
					await this.rebuild();
					await this.setupEncryption();
					await this.registerObjectStreams();
					this.loading.delete(num);
					return this.fetch(num);
				}
			} else {
				const stm = await this.objStm(entry.stm);
				if (stm) {
					const off = stm.offsets.get(num) ?? stm.offsets.get(stm.order[entry.index]);
					if (off !== undefined && stm.first + off < stm.bytes.length) {
						const lexer = new Lexer(stm.bytes, stm.first + off, this.budget);
						const value = parseObject(lexer, { refs: true, maxDepth: this.limits.maxDepth * 16 });
						obj = value instanceof PdfOp ? null : value;
					}
				}
			}
		} catch (error) {
			if (error instanceof PdfError) throw passOn(error);
			obj = null;
		} finally {
			this.loading.delete(num);
		}
		const value = obj ?? null;
		this.cache.set(num, value);
		return value;
	}

	/** Follows references (a bounded number of hops) to the object itself. */
	async resolve(obj: PdfObject | undefined): Promise<PdfObject | undefined> {
		let o = obj;
		for (let hops = 0; o instanceof PdfRef; hops++) {
			if (hops > 16) return null;
			o = await this.fetch(o.num);
		}
		return o;
	}

	async resolveDict(obj: PdfObject | undefined): Promise<PdfDict | undefined> {
		return dictOf((await this.resolve(obj)) ?? undefined);
	}

	/** A stream's decrypted, decoded bytes; null for image codecs the reader skips or undecodable data. */
	async streamBytes(stream: PdfStream): Promise<Uint8Array | null> {
		return this.decodeStream(stream, true);
	}

	private decodeStream(stream: PdfStream, decrypt: boolean): Promise<Uint8Array | null> {
		const cached = this.decoded.get(stream);
		if (cached !== undefined) return cached;
		const promise = this.decodeStreamNow(stream, decrypt);
		this.decoded.set(stream, promise);
		return promise;
	}

	private async decodeStreamNow(stream: PdfStream, decrypt: boolean): Promise<Uint8Array | null> {
		let data = stream.raw;
		const type = nameOf(stream.dict.get('Type'));
		if (decrypt && this.decryptor && stream.num >= 0 && type !== 'XRef' && !isIdentityCrypt(stream.dict)) {
			data = this.decryptor.decryptStream(stream.num, stream.gen, data);
		}
		let out: Uint8Array | null;
		try {
			out = await decodeFilters(data, stream.dict, this.budget, (o) => this.resolve(o));
		} catch (error) {
			if (error instanceof PdfError) throw passOn(error);
			out = null;
		}
		return out;
	}

	/** The pages in order, with inherited attributes resolved. */
	async pages(): Promise<PageNode[]> {
		const root = await this.resolveDict(this.trailer.get('Root'));
		const out: PageNode[] = [];
		const visited = new Set<PdfDict>();
		const walk = async (node: PdfDict, inherited: Inherited, depth: number): Promise<void> => {
			if (visited.has(node) || depth > 64) return;
			visited.add(node);
			const here: Inherited = { ...inherited };
			for (const key of ['Resources', 'MediaBox', 'CropBox', 'Rotate'] as const) {
				if (node.map.has(key)) here[key] = node.get(key) as PdfObject;
			}
			const kids = await this.resolve(node.get('Kids'));
			const type = nameOf(node.get('Type'));
			if (Array.isArray(kids) && type !== 'Page') {
				for (const kid of kids) {
					const dict = await this.resolveDict(kid);
					if (dict) await walk(dict, here, depth + 1);
				}
				return;
			}
			if (type === 'Page' || node.map.has('Contents')) {
				out.push({ dict: node, inherited: here });
				if (out.length > this.limits.maxPages) {
					throw limitExceeded(`The PDF has more than ${this.limits.maxPages} pages`);
				}
			}
		};
		const pagesRoot = await this.resolveDict(root?.get('Pages'));
		if (pagesRoot) await walk(pagesRoot, {}, 0);
		if (out.length === 0) {
			// Broken page tree: take every page object there is, in object-number order.
			const nums = [...this.entries.keys()].sort((a, b) => a - b);
			for (const num of nums) {
				const obj = await this.fetch(num);
				if (obj instanceof PdfDict && nameOf(obj.get('Type')) === 'Page' && !visited.has(obj)) {
					await walk(obj, {}, 0);
				}
			}
		}
		return out;
	}

	async producer(): Promise<string> {
		const info = await this.resolveDict(this.trailer.get('Info'));
		const p = await this.resolve(info?.get('Producer'));
		if (!(p instanceof PdfString)) return '';
		return textString(p);
	}
}

export interface Inherited {
	Resources?: PdfObject;
	MediaBox?: PdfObject;
	CropBox?: PdfObject;
	Rotate?: PdfObject;
}

export interface PageNode {
	dict: PdfDict;
	inherited: Inherited;
}

function isIdentityCrypt(dict: PdfDict): boolean {
	const f = dict.get('Filter');
	const first = Array.isArray(f) ? f[0] : f;
	return nameOf(first ?? undefined) === 'Crypt';
}

function findHeader(bytes: Uint8Array): number {
	const limit = Math.min(bytes.length - 5, 1024);
	for (let i = 0; i <= limit; i++) {
		if (bytes[i] === 0x25 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46 && bytes[i + 4] === 0x2d) {
			return i;
		}
	}
	return -1;
}
