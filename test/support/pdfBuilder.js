'use strict';
// Builds small PDF files for the PDF reader's tests: classic xref tables, xref streams (with a PNG
// predictor), object streams, incremental updates, broken or missing xref, and the standard security
// handler (RC4 R2/R3, AESV2 R4, AESV3 R6), written independently of the reader with node:crypto and
// node:zlib. Plain JS so it may use Node modules the TypeScript tests may not import.
const crypto = require('node:crypto');
const zlib = require('node:zlib');

const latin1 = (s) => Buffer.from(s, 'latin1');
const PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');

function rc4(key, data) {
	const s = Array.from({ length: 256 }, (_, i) => i);
	let j = 0;
	for (let i = 0; i < 256; i++) {
		j = (j + s[i] + key[i % key.length]) % 256;
		[s[i], s[j]] = [s[j], s[i]];
	}
	const out = Buffer.alloc(data.length);
	let i = 0;
	j = 0;
	for (let k = 0; k < data.length; k++) {
		i = (i + 1) % 256;
		j = (j + s[i]) % 256;
		[s[i], s[j]] = [s[j], s[i]];
		out[k] = data[k] ^ s[(s[i] + s[j]) % 256];
	}
	return out;
}

const md5 = (...parts) => crypto.createHash('md5').update(Buffer.concat(parts)).digest();
const padPassword = (pw) => Buffer.concat([Buffer.from(pw, 'latin1'), PAD]).subarray(0, 32);

/** ISO 32000-2 Algorithm 2.B (revision 6 hash), written for the tests. */
function hash6(password, salt, udata) {
	let k = crypto.createHash('sha256').update(Buffer.concat([password, salt, udata])).digest();
	let i = 0;
	let e;
	do {
		const block = Buffer.concat([password, k, udata]);
		const k1 = Buffer.concat(Array(64).fill(block));
		const cipher = crypto.createCipheriv('aes-128-cbc', k.subarray(0, 16), k.subarray(16, 32));
		cipher.setAutoPadding(false);
		e = Buffer.concat([cipher.update(k1), cipher.final()]);
		let mod = 0;
		for (let n = 0; n < 16; n++) mod += e[n];
		k = crypto.createHash(['sha256', 'sha384', 'sha512'][mod % 3]).update(e).digest();
		i++;
	} while (i < 64 || e[e.length - 1] > i - 32);
	return k.subarray(0, 32);
}

/**
 * The encryption state of one file: `encryptDict` (body of the /Encrypt object) and per-object string and
 * stream encryption. kind: 'rc4-40' (V1 R2), 'rc4-128' (V2 R3), 'rc4-cf' (V4 R4, RC4 through a /V2 crypt
 * filter), 'aes-128' (V4 R4 AESV2), 'aes-256' (V5 R6), 'aes-256-r5' (V5 R5, the deprecated Acrobat 9 form).
 */
function makeEncryption(kind, fileId, userPassword = '', ownerPassword = 'owner') {
	const P = -3904;
	const pBytes = Buffer.alloc(4);
	pBytes.writeInt32LE(P);
	if (kind === 'aes-256' || kind === 'aes-256-r5') {
		const r5 = kind === 'aes-256-r5';
		const sha = (pw, salt) => crypto.createHash('sha256').update(Buffer.concat([pw, salt])).digest();
		const h = r5 ? sha : (pw, salt) => hash6(pw, salt, Buffer.alloc(0));
		const fileKey = crypto.randomBytes(32);
		const vSalt = crypto.randomBytes(8);
		const kSalt = crypto.randomBytes(8);
		const pw = Buffer.from(userPassword, 'utf8');
		const U = Buffer.concat([h(pw, vSalt), vSalt, kSalt]);
		const c = crypto.createCipheriv('aes-256-cbc', h(pw, kSalt), Buffer.alloc(16));
		c.setAutoPadding(false);
		const UE = Buffer.concat([c.update(fileKey), c.final()]);
		const O = crypto.randomBytes(48);
		const OE = crypto.randomBytes(32);
		const Perms = crypto.randomBytes(16);
		return {
			dict: `<< /Filter /Standard /V 5 /R ${r5 ? 5 : 6} /Length 256 /P ${P} /O <${O.toString('hex')}> /U <${U.toString('hex')}> /OE <${OE.toString('hex')}> /UE <${UE.toString('hex')}> /Perms <${Perms.toString('hex')}> /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> /StmF /StdCF /StrF /StdCF >>`,
			encrypt: (num, gen, data) => aesEncrypt(fileKey, data),
		};
	}
	const r = kind === 'rc4-40' ? 2 : kind === 'rc4-128' ? 3 : 4; // 'rc4-cf': V4 R4 with a /V2 crypt filter
	const n = r === 2 ? 5 : 16;
	// Algorithm 3: the O entry.
	let ownerKey = md5(padPassword(ownerPassword));
	if (r >= 3) for (let i = 0; i < 50; i++) ownerKey = md5(ownerKey);
	ownerKey = ownerKey.subarray(0, n);
	let O = rc4(ownerKey, padPassword(userPassword));
	if (r >= 3) for (let i = 1; i <= 19; i++) O = rc4(Buffer.from(ownerKey.map((b) => b ^ i)), O);
	// Algorithm 2: the file key.
	let key = md5(padPassword(userPassword), O, pBytes, fileId).subarray(0, n);
	if (r >= 3) for (let i = 0; i < 50; i++) key = md5(key).subarray(0, n);
	let U;
	if (r === 2) U = rc4(key, PAD);
	else {
		let x = rc4(key, md5(PAD, fileId));
		for (let i = 1; i <= 19; i++) x = rc4(Buffer.from(key.map((b) => b ^ i)), x);
		U = Buffer.concat([x, crypto.randomBytes(16)]);
	}
	const aes = kind === 'aes-128';
	const objectKey = (num, gen) => {
		const extra = Buffer.from([num & 255, (num >> 8) & 255, (num >> 16) & 255, gen & 255, (gen >> 8) & 255]);
		return md5(key, extra, aes ? Buffer.from('sAlT') : Buffer.alloc(0)).subarray(0, Math.min(16, n + 5));
	};
	const head = `/Filter /Standard /P ${P} /O <${O.toString('hex')}> /U <${U.toString('hex')}>`;
	const dict =
		r === 2
			? `<< ${head} /V 1 /R 2 >>`
			: r === 3
				? `<< ${head} /V 2 /R 3 /Length 128 >>`
				: !aes
					? `<< ${head} /V 4 /R 4 /Length 128 /CF << /StdCF << /CFM /V2 /AuthEvent /DocOpen /Length 16 >> >> /StmF /StdCF /StrF /StdCF >>`
					: `<< ${head} /V 4 /R 4 /Length 128 /CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen /Length 16 >> >> /StmF /StdCF /StrF /StdCF >>`;
	return {
		dict,
		encrypt: (num, gen, data) => (aes ? aesEncrypt(objectKey(num, gen), data) : rc4(objectKey(num, gen), data)),
	};
}

function aesEncrypt(key, data) {
	const iv = crypto.randomBytes(16);
	const c = crypto.createCipheriv(key.length === 32 ? 'aes-256-cbc' : 'aes-128-cbc', key, iv);
	return Buffer.concat([iv, c.update(data), c.final()]);
}

/**
 * A PDF under construction. Objects are numbered from 1. `body` is the object text; for a stream it is the
 * stream dictionary without /Length (added here) and `stream` the (already encoded) data. A body may be a
 * function (str) => text, where str(text) gives a hex string encrypted for that object when the file is.
 */
class PdfBuilder {
	constructor() {
		this.objects = new Map();
		this.next = 1;
		/** Catalog object number (set by onePage), the default /Root. */
		this.catalog = 0;
		/** The page content stream's object number (set by onePage). */
		this.contentNum = 0;
	}

	/** Reserves an object number (to refer to an object before writing it). */
	reserve() {
		return this.next++;
	}

	add(body, stream) {
		const num = this.reserve();
		this.set(num, body, stream);
		return num;
	}

	set(num, body, stream) {
		this.objects.set(num, { body, stream: stream === undefined ? undefined : Buffer.from(stream) });
		if (num >= this.next) this.next = num + 1;
		return num;
	}

	/**
	 * options: xref 'table' (default) | 'stream' | 'none'; objectStream: true packs plain objects into one
	 * /ObjStm (needs xref 'stream'); encrypt: a makeEncryption kind; userPassword; root: catalog number;
	 * info: object number of /Info; shiftOffsets: add this to every xref offset (a broken xref);
	 * xrefEntries: { num: [type, field2, field3] } forced into an xref stream (to build cycles).
	 */
	build(options = {}) {
		const xref = options.xref ?? 'table';
		const fileId = options.fileId ?? crypto.randomBytes(16);
		const enc = options.encrypt ? makeEncryption(options.encrypt, fileId, options.userPassword ?? '') : undefined;
		const chunks = [latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
		let length = chunks[0].length;
		const push = (b) => {
			chunks.push(b);
			length += b.length;
		};
		const offsets = new Map();
		const compressed = new Map();
		let encryptNum;
		if (enc) encryptNum = this.set(this.next, enc.dict);
		const render = (num, body, inObjectStream = false) => {
			if (typeof body !== 'function') return body;
			const str = (text) => {
				let bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1');
				if (enc && num !== encryptNum && !inObjectStream) bytes = enc.encrypt(num, 0, bytes);
				return `<${bytes.toString('hex')}>`;
			};
			return body(str);
		};
		const packed = [];
		for (const [num, obj] of this.objects) {
			if (options.objectStream && !obj.stream && num !== encryptNum) {
				packed.push([num, render(num, obj.body, true)]);
				continue;
			}
			offsets.set(num, length);
			push(latin1(`${num} 0 obj\n`));
			if (obj.stream) {
				let data = obj.stream;
				if (enc && num !== encryptNum) data = enc.encrypt(num, 0, data);
				const dict = render(num, obj.body).replace(/>>\s*$/, ` /Length ${data.length} >>`);
				push(latin1(`${dict}\nstream\n`));
				push(data);
				push(latin1('\nendstream\nendobj\n'));
			} else push(latin1(`${render(num, obj.body)}\nendobj\n`));
		}
		if (packed.length > 0) {
			const stmNum = this.next++;
			let header = '';
			let body = '';
			packed.forEach(([num, text], index) => {
				header += `${num} ${body.length} `;
				body += text + '\n';
				compressed.set(num, [stmNum, index]);
			});
			let data = zlib.deflateSync(latin1(header + body));
			if (enc) data = enc.encrypt(stmNum, 0, data);
			offsets.set(stmNum, length);
			push(latin1(`${stmNum} 0 obj\n<< /Type /ObjStm /N ${packed.length} /First ${header.length} /Filter /FlateDecode /Length ${data.length} >>\nstream\n`));
			push(data);
			push(latin1('\nendstream\nendobj\n'));
		}
		const shift = options.shiftOffsets ?? 0;
		const root = options.root ?? (this.catalog || 1);
		const size = this.next + (xref === 'stream' ? 1 : 0);
		const idText = `[<${fileId.toString('hex')}> <${fileId.toString('hex')}>]`;
		const trailerKeys = `/Size ${size} /Root ${root} 0 R${encryptNum ? ` /Encrypt ${encryptNum} 0 R` : ''}${options.info ? ` /Info ${options.info} 0 R` : ''} /ID ${idText}${options.prev !== undefined ? ` /Prev ${options.prev}` : ''}`;
		const xrefAt = length;
		if (xref === 'table') {
			let text = `xref\n0 ${size}\n0000000000 65535 f \n`;
			for (let num = 1; num < size; num++) {
				const off = offsets.get(num);
				text += off === undefined ? '0000000000 65535 f \n' : `${String(off + shift).padStart(10, '0')} 00000 n \n`;
			}
			push(latin1(`${text}trailer\n<< ${trailerKeys} >>\nstartxref\n${xrefAt}\n%%EOF\n`));
		} else if (xref === 'stream') {
			const xrefNum = size - 1;
			offsets.set(xrefNum, xrefAt);
			const rows = [];
			for (let num = 0; num < size; num++) {
				const row = Buffer.alloc(7);
				const forced = options.xrefEntries && options.xrefEntries[num];
				if (forced) {
					row[0] = forced[0];
					row.writeUInt32BE(forced[1], 1);
					row.writeUInt16BE(forced[2], 5);
				} else if (offsets.has(num)) {
					row[0] = 1;
					row.writeUInt32BE(offsets.get(num) + shift, 1);
				} else if (compressed.has(num)) {
					const [stm, index] = compressed.get(num);
					row[0] = 2;
					row.writeUInt32BE(stm, 1);
					row.writeUInt16BE(index, 5);
				} else row.writeUInt16BE(65535, 5);
				rows.push(row);
			}
			// PNG "Up" predictor (12) on 7-byte rows, as Acrobat and iText write xref streams.
			const predicted = [];
			rows.forEach((row, r) => {
				const prev = r > 0 ? rows[r - 1] : Buffer.alloc(7);
				predicted.push(Buffer.from([2]), Buffer.from(row.map((b, i) => (b - prev[i]) & 255)));
			});
			const data = zlib.deflateSync(Buffer.concat(predicted));
			push(latin1(`${xrefNum} 0 obj\n<< /Type /XRef /W [1 4 2] /Index [0 ${size}] ${trailerKeys} /Filter /FlateDecode /DecodeParms << /Columns 7 /Predictor 12 >> /Length ${data.length} >>\nstream\n`));
			push(data);
			push(latin1(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`));
		} else {
			push(latin1(`trailer\n<< ${trailerKeys} >>\n%%EOF\n`));
		}
		return { bytes: Buffer.concat(chunks), xrefAt, offsets };
	}
}

/**
 * A Flate stream (raw deflate, no zlib header) of `megabytes` MiB of zeros, built from one compressed
 * 1 MiB block repeated: about 1 KiB per MiB, so a 1 GiB bomb is about 1 MiB.
 */
function zeroBomb(megabytes) {
	const block = zlib.deflateRawSync(Buffer.alloc(1 << 20), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
	const end = Buffer.from([0x03, 0x00]);
	return Buffer.concat([...Array(megabytes).fill(block), end]);
}

/** Appends an incremental update (new/changed objects and an xref table section with /Prev) to `base`. */
function appendUpdate(base, prevXref, objects, { root = 1, size }) {
	const chunks = [Buffer.from(base)];
	let length = base.length;
	const offsets = new Map();
	for (const [num, body, stream] of objects) {
		offsets.set(num, length);
		let text = `${num} 0 obj\n`;
		if (stream !== undefined) {
			const data = Buffer.from(stream);
			text += `${body.replace(/>>\s*$/, ` /Length ${data.length} >>`)}\nstream\n`;
			chunks.push(latin1(text), data, latin1('\nendstream\nendobj\n'));
			length += text.length + data.length + 18;
		} else {
			text += `${body}\nendobj\n`;
			chunks.push(latin1(text));
			length += text.length;
		}
	}
	let text = 'xref\n';
	for (const [num, off] of [...offsets].sort((a, b) => a[0] - b[0])) {
		text += `${num} 1\n${String(off).padStart(10, '0')} 00000 n \n`;
	}
	const xrefAt = length;
	text += `trailer\n<< /Size ${size} /Root ${root} 0 R /Prev ${prevXref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
	chunks.push(latin1(text));
	return { bytes: Buffer.concat(chunks), xrefAt };
}

/** Content of a one-page document: page 1 0 R catalog, 2 pages, 3 page; fonts as { F1: body } objects. */
function onePage(builder, content, { fonts = {}, xobjects = {}, mediaBox = '[0 0 600 400]', extraPage = '' } = {}) {
	const catalog = builder.reserve();
	builder.catalog = catalog;
	const pages = builder.reserve();
	const page = builder.reserve();
	const contentNum = builder.add('<< >>', content);
	builder.contentNum = contentNum;
	const fontRefs = Object.entries(fonts)
		.map(([name, num]) => `/${name} ${num} 0 R`)
		.join(' ');
	const xobjectRefs = Object.entries(xobjects)
		.map(([name, num]) => `/${name} ${num} 0 R`)
		.join(' ');
	builder.set(catalog, `<< /Type /Catalog /Pages ${pages} 0 R >>`);
	builder.set(pages, `<< /Type /Pages /Kids [${page} 0 R] /Count 1 /MediaBox ${mediaBox} /Resources << /Font << ${fontRefs} >> /XObject << ${xobjectRefs} >> >> >>`);
	builder.set(page, `<< /Type /Page /Parent ${pages} 0 R /Contents ${contentNum} 0 R ${extraPage} >>`);
	return { catalog, pages, page, content: contentNum };
}

const HELVETICA_WIDTHS = (() => {
	// Widths for codes 32..126: space 278, digits 556, others 500 (test values, not Helvetica's real metrics).
	const w = [];
	for (let c = 32; c <= 126; c++) w.push(c === 32 ? 278 : c >= 48 && c <= 57 ? 556 : 500);
	return w;
})();

/** A simple Type1 font with WinAnsiEncoding and the test widths above. */
function simpleFont(builder, extra = '') {
	return builder.add(`<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 126 /Widths [${HELVETICA_WIDTHS.join(' ')}] ${extra.includes('/Encoding') ? '' : '/Encoding /WinAnsiEncoding'} ${extra} >>`);
}

/**
 * A Type0 font; `encoding` a CMap name, `toUnicode` CMap text or undefined, `w` a /W array text.
 * @param {any} builder
 * @param {{ encoding?: string, toUnicode?: string, w?: string, ordering?: string, dw?: number }} [options]
 */
function type0Font(builder, { encoding = 'Identity-H', toUnicode = undefined, w = '', ordering = 'GB1', dw = 1000 } = {}) {
	const descendant = builder.add(`<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (${ordering}) /Supplement 4 >> /DW ${dw} ${w ? `/W ${w}` : ''} >>`);
	const tu = toUnicode ? ` /ToUnicode ${builder.add('<< >>', Buffer.from(toUnicode, 'latin1'))} 0 R` : '';
	return builder.add(`<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-${encoding} /Encoding /${encoding} /DescendantFonts [${descendant} 0 R]${tu} >>`);
}

/** A ToUnicode CMap with the given codespace lines and bf sections (already formatted). */
function toUnicodeCMap(codespace, sections) {
	return `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def
${codespace.length} begincodespacerange
${codespace.join('\n')}
endcodespacerange
${sections}
endcmap CMapName currentdict /CMap defineresource pop end end`;
}

const utf16hex = (s) => Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase();

/** ASCII85 encoding (with the ~> end marker). */
function ascii85(data) {
	const bytes = Buffer.from(data);
	let out = '';
	for (let i = 0; i < bytes.length; i += 4) {
		const chunk = Buffer.alloc(4);
		bytes.copy(chunk, 0, i, Math.min(i + 4, bytes.length));
		const n = Math.min(4, bytes.length - i);
		let v = chunk.readUInt32BE(0);
		if (v === 0 && n === 4) {
			out += 'z';
			continue;
		}
		const digits = [];
		for (let k = 0; k < 5; k++) {
			digits.unshift(String.fromCharCode(33 + (v % 85)));
			v = Math.floor(v / 85);
		}
		out += digits.slice(0, n + 1).join('');
	}
	return out + '~>';
}

/** TIFF predictor 2 on one row of `columns` 8-bit samples per row (1 colour). */
function tiffPredict(data, columns) {
	const src = Buffer.from(data);
	const out = Buffer.from(src);
	for (let row = 0; row < src.length; row += columns) {
		for (let i = Math.min(row + columns, src.length) - 1; i > row; i--) out[i] = (src[i] - src[i - 1]) & 255;
	}
	return out;
}

/** PNG predictor rows with the given filter type (1 Sub, 2 Up, 3 Average, 4 Paeth), 1 byte per pixel. */
function pngPredict(data, columns, type) {
	const src = Buffer.from(data);
	const rows = [];
	for (let r = 0; r * columns < src.length; r++) {
		const row = Buffer.alloc(columns);
		src.copy(row, 0, r * columns, Math.min(src.length, (r + 1) * columns));
		rows.push(row);
	}
	const out = [];
	rows.forEach((row, r) => {
		const prev = r > 0 ? rows[r - 1] : Buffer.alloc(columns);
		const enc = Buffer.alloc(columns);
		for (let i = 0; i < columns; i++) {
			const left = i > 0 ? row[i - 1] : 0;
			const up = prev[i];
			const upLeft = i > 0 ? prev[i - 1] : 0;
			let pred = 0;
			if (type === 1) pred = left;
			else if (type === 2) pred = up;
			else if (type === 3) pred = (left + up) >> 1;
			else if (type === 4) {
				const p = left + up - upLeft;
				const pa = Math.abs(p - left);
				const pb = Math.abs(p - up);
				const pc = Math.abs(p - upLeft);
				pred = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
			}
			enc[i] = (row[i] - pred) & 255;
		}
		out.push(Buffer.from([type]), enc);
	});
	return Buffer.concat(out);
}

/** A scanned PDF as a text reader sees it: one A4 page that only paints (no text, no font). */
function scannedPdf() {
	const b = new PdfBuilder();
	const catalog = b.reserve();
	b.catalog = catalog;
	const pages = b.reserve();
	const page = b.reserve();
	const content = b.add('<< >>', Buffer.from('q 595 0 0 842 0 0 cm Q', 'latin1'));
	b.set(catalog, `<< /Type /Catalog /Pages ${pages} 0 R >>`);
	b.set(pages, `<< /Type /Pages /Kids [${page} 0 R] /Count 1 >>`);
	b.set(page, `<< /Type /Page /Parent ${pages} 0 R /MediaBox [0 0 595 842] /Contents ${content} 0 R >>`);
	return b.build({ fileId: Buffer.alloc(16, 7) }).bytes;
}

module.exports = {
	scannedPdf,
	zeroBomb,
	ascii85,
	tiffPredict,
	pngPredict,
	PdfBuilder,
	appendUpdate,
	onePage,
	simpleFont,
	type0Font,
	toUnicodeCMap,
	utf16hex,
	makeEncryption,
	rc4,
	deflate: (data) => zlib.deflateSync(Buffer.from(data)),
	deflateRaw: (data) => zlib.deflateRawSync(Buffer.from(data)),
};
