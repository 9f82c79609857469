'use strict';
// A tiny ZIP writer and reader built on node:zlib, for tests of the OFD reader: it crafts archives (valid,
// damaged, lying about sizes, zip bombs) and unpacks real samples so that tests can re-pack them shuffled or
// with duplicated entries. Plain Node on purpose: shipped code and TypeScript tests may not import node:zlib.
const zlib = require('node:zlib');

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

/** @param {Uint8Array} bytes @returns {number} */
function crc32(bytes) {
	let c = 0xffffffff;
	for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

/** @param {Uint8Array|string} data @returns {Buffer} */
function deflateRaw(data) {
	return zlib.deflateRawSync(typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data), { level: 9 });
}

/**
 * @typedef {object} ZipInput
 * @property {string} name
 * @property {Uint8Array|string} data uncompressed content
 * @property {0|8} [method] default 8 (deflate)
 * @property {Uint8Array} [compressed] use these bytes as the entry data instead of compressing `data`
 * @property {number} [crc] override the CRC-32 written in both headers
 * @property {number} [compressedSize] override the compressed size in the central directory
 * @property {number} [uncompressedSize] override the uncompressed size in the central directory
 * @property {number} [localOffset] override the local header offset in the central directory
 * @property {number} [flags] general purpose flags (default 0x800, UTF-8 names)
 */

/**
 * Build a ZIP archive.
 * @param {ZipInput[]} entries
 * @param {{ comment?: string, entryCount?: number, cdOffset?: number, cdSize?: number, prefix?: Uint8Array }} [options]
 * @returns {Buffer}
 */
function writeZip(entries, options = {}) {
	const locals = [];
	const centrals = [];
	const prefix = options.prefix ? Buffer.from(options.prefix) : Buffer.alloc(0);
	let offset = 0;
	for (const entry of entries) {
		const name = Buffer.from(entry.name, 'utf8');
		// With pre-compressed data, a CRC and a size given, `data` is not touched (cheap huge zip bombs).
		const given = entry.compressed !== undefined && entry.crc !== undefined && entry.uncompressedSize !== undefined;
		const raw = given ? Buffer.alloc(0) : typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data);
		const rawLength = given ? entry.uncompressedSize : raw.length;
		const method = entry.method ?? 8;
		const body = entry.compressed ? Buffer.from(entry.compressed) : method === 8 ? deflateRaw(raw) : raw;
		const crc = entry.crc ?? crc32(raw);
		const flags = entry.flags ?? 0x800;
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(flags, 6);
		local.writeUInt16LE(method, 8);
		local.writeUInt32LE(crc >>> 0, 14);
		local.writeUInt32LE(body.length, 18);
		local.writeUInt32LE(rawLength >>> 0, 22);
		local.writeUInt16LE(name.length, 26);
		locals.push(local, name, body);

		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(flags, 8);
		central.writeUInt16LE(method, 10);
		central.writeUInt32LE(crc >>> 0, 16);
		central.writeUInt32LE((entry.compressedSize ?? body.length) >>> 0, 20);
		central.writeUInt32LE((entry.uncompressedSize ?? rawLength) >>> 0, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE((entry.localOffset ?? offset) >>> 0, 42);
		centrals.push(central, name);
		offset += local.length + name.length + body.length;
	}
	const cd = Buffer.concat(centrals);
	const comment = Buffer.from(options.comment ?? '', 'utf8');
	const eocd = Buffer.alloc(22);
	eocd.writeUInt32LE(0x06054b50, 0);
	const count = options.entryCount ?? entries.length;
	eocd.writeUInt16LE(count & 0xffff, 8);
	eocd.writeUInt16LE(count & 0xffff, 10);
	eocd.writeUInt32LE((options.cdSize ?? cd.length) >>> 0, 12);
	eocd.writeUInt32LE((options.cdOffset ?? offset) >>> 0, 16);
	eocd.writeUInt16LE(comment.length, 20);
	return Buffer.concat([prefix, ...locals, cd, eocd, comment]);
}

/**
 * Unpack every file entry of a (well-formed) ZIP archive with node:zlib.
 * @param {Uint8Array} archive
 * @returns {{ name: string, data: Buffer, method: number }[]}
 */
function readZip(archive) {
	const buf = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
	let eocd = -1;
	for (let p = buf.length - 22; p >= 0; p--) {
		if (buf.readUInt32LE(p) === 0x06054b50) {
			eocd = p;
			break;
		}
	}
	if (eocd < 0) throw new Error('no end of central directory');
	const count = buf.readUInt16LE(eocd + 10);
	let p = buf.readUInt32LE(eocd + 16);
	const out = [];
	for (let i = 0; i < count; i++) {
		const method = buf.readUInt16LE(p + 10);
		const compressedSize = buf.readUInt32LE(p + 20);
		const nameLength = buf.readUInt16LE(p + 28);
		const extraLength = buf.readUInt16LE(p + 30);
		const commentLength = buf.readUInt16LE(p + 32);
		const localOffset = buf.readUInt32LE(p + 42);
		const name = buf.subarray(p + 46, p + 46 + nameLength).toString('utf8');
		const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
		const body = buf.subarray(start, start + compressedSize);
		if (!name.endsWith('/')) out.push({ name, method, data: method === 8 ? zlib.inflateRawSync(body) : Buffer.from(body) });
		p += 46 + nameLength + extraLength + commentLength;
	}
	return out;
}

module.exports = { crc32, deflateRaw, writeZip, readZip };
