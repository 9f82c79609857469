#!/usr/bin/env node
'use strict';
/*
 * Dev tool (not shipped): writes nodes/core/read/pdf/gb1.ts, the Adobe-GB1 CID → Unicode table the PDF reader
 * uses for Identity-H fonts without a ToUnicode CMap.
 *
 * Source: Adobe-GB1-UCS2 from Adobe's cmap-resources (https://github.com/adobe-type-tools/cmap-resources,
 * BSD-3-Clause), in the binary "bcmap" form that the npm package pdfjs-dist ships in cmaps/. The bcmap format
 * is decoded here (a varint-coded list of code-space, cid and bf mappings).
 *
 * Usage: node scripts/gen-gb1-table.js [path/to/Adobe-GB1-UCS2.bcmap]
 * Default path: node_modules/pdfjs-dist/cmaps/Adobe-GB1-UCS2.bcmap, else /tmp/pdfjs/node_modules/…
 */
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');
const candidates = [
	process.argv[2],
	path.join(repoRoot, 'node_modules/pdfjs-dist/cmaps/Adobe-GB1-UCS2.bcmap'),
	'/tmp/pdfjs/node_modules/pdfjs-dist/cmaps/Adobe-GB1-UCS2.bcmap',
].filter(Boolean);
const source = candidates.find((p) => fs.existsSync(p));
if (!source) {
	console.error('Adobe-GB1-UCS2.bcmap not found; install pdfjs-dist in a scratch folder and pass its path.');
	process.exit(1);
}

/** Decodes a bcmap into { bf: Map<code, string> } (only what a UCS2 CMap uses). */
function decodeBcmap(data) {
	let pos = 0;
	const readByte = () => (pos < data.length ? data[pos++] : -1);
	const readNumber = () => {
		let n = 0;
		let last;
		do {
			const b = readByte();
			if (b < 0) throw new Error('unexpected end of bcmap');
			last = !(b & 0x80);
			n = n * 128 + (b & 0x7f);
		} while (!last);
		return n;
	};
	const readSigned = () => {
		const n = readNumber();
		return n & 1 ? -((n - 1) / 2) - 1 : n / 2;
	};
	const readHex = (num, size) => {
		for (let i = 0; i <= size; i++) num[i] = data[pos++];
	};
	const readHexNumber = (num, size) => {
		const stack = [];
		let last;
		do {
			const b = readByte();
			last = !(b & 0x80);
			stack.push(b & 0x7f);
		} while (!last);
		let i = size;
		let buffer = 0;
		let bits = 0;
		while (i >= 0) {
			while (bits < 8 && stack.length > 0) {
				buffer |= stack.pop() << bits;
				bits += 7;
			}
			num[i] = buffer & 255;
			i--;
			buffer >>= 8;
			bits -= 8;
		}
	};
	const readHexSigned = (num, size) => {
		readHexNumber(num, size);
		const sign = num[size] & 1 ? 255 : 0;
		let c = 0;
		for (let i = 0; i <= size; i++) {
			c = ((c & 1) << 8) | num[i];
			num[i] = (c >> 1) ^ sign;
		}
	};
	const readString = () => {
		const len = readNumber();
		let s = '';
		for (let i = 0; i < len; i++) s += String.fromCharCode(readNumber());
		return s;
	};
	const addHex = (a, b, size) => {
		let c = 0;
		for (let i = size; i >= 0; i--) {
			c += a[i] + b[i];
			a[i] = c & 255;
			c >>= 8;
		}
	};
	const incHex = (a, size) => {
		let c = 1;
		for (let i = size; i >= 0 && c > 0; i--) {
			c += a[i];
			a[i] = c & 255;
			c >>= 8;
		}
	};
	const toInt = (a, size) => {
		let v = 0;
		for (let i = 0; i <= size; i++) v = v * 256 + a[i];
		return v;
	};
	const toStr = (a, size) => {
		let s = '';
		for (let i = 0; i <= size; i += 2) s += String.fromCharCode((a[i] << 8) | (a[i + 1] ?? 0));
		return s;
	};
	const bf = new Map();
	const mapBfRange = (lo, hi, dst) => {
		const units = [];
		for (let i = 0; i < dst.length; i++) units.push(dst.charCodeAt(i));
		for (let code = lo; code <= hi; code++) {
			bf.set(code, String.fromCharCode(...units));
			units[units.length - 1]++;
		}
	};
	const MAX = 16;
	const start = new Array(MAX).fill(0);
	const end = new Array(MAX).fill(0);
	const char = new Array(MAX).fill(0);
	const charCode = new Array(MAX).fill(0);
	const tmp = new Array(MAX).fill(0);
	readByte(); // header: vertical flag
	let b;
	while ((b = readByte()) >= 0) {
		const type = b >> 5;
		if (type === 7) {
			if ((b & 0x1f) === 0) readString();
			else if ((b & 0x1f) === 1) console.error('usecmap', readString());
			continue;
		}
		const sequence = !!(b & 0x10);
		const size = b & 15;
		const count = readNumber();
		const ucs2 = 1;
		switch (type) {
			case 0:
				readHex(start, size);
				readHexNumber(end, size);
				addHex(end, start, size);
				for (let i = 1; i < count; i++) {
					incHex(end, size);
					readHexNumber(start, size);
					addHex(start, end, size);
					readHexNumber(end, size);
					addHex(end, start, size);
				}
				break;
			case 1:
				readHex(start, size);
				readHexNumber(end, size);
				addHex(end, start, size);
				readNumber();
				for (let i = 1; i < count; i++) {
					incHex(end, size);
					readHexNumber(start, size);
					addHex(start, end, size);
					readHexNumber(end, size);
					addHex(end, start, size);
					readNumber();
				}
				break;
			case 2:
			case 3:
				throw new Error('cid mappings are not expected in a UCS2 CMap');
			case 4:
				readHex(char, ucs2);
				readHex(charCode, size);
				bf.set(toInt(char, ucs2), toStr(charCode, size));
				for (let i = 1; i < count; i++) {
					incHex(char, ucs2);
					if (!sequence) {
						readHexNumber(tmp, ucs2);
						addHex(char, tmp, ucs2);
					}
					incHex(charCode, size);
					readHexSigned(tmp, size);
					addHex(charCode, tmp, size);
					bf.set(toInt(char, ucs2), toStr(charCode, size));
				}
				break;
			case 5:
				readHex(start, ucs2);
				readHexNumber(end, ucs2);
				addHex(end, start, ucs2);
				readHex(charCode, size);
				mapBfRange(toInt(start, ucs2), toInt(end, ucs2), toStr(charCode, size));
				for (let i = 1; i < count; i++) {
					incHex(end, ucs2);
					if (!sequence) {
						readHexNumber(start, ucs2);
						addHex(start, end, ucs2);
					} else {
						for (let k = 0; k <= ucs2; k++) start[k] = end[k];
					}
					readHexNumber(end, ucs2);
					addHex(end, start, ucs2);
					readHex(charCode, size);
					mapBfRange(toInt(start, ucs2), toInt(end, ucs2), toStr(charCode, size));
				}
				break;
			default:
				throw new Error(`unknown bcmap record type ${type}`);
		}
	}
	return bf;
}

const bf = decodeBcmap(fs.readFileSync(source));
// One code point per CID (the first, for the few multi-character entries); 0 = unmapped.
let maxCid = 0;
for (const cid of bf.keys()) maxCid = Math.max(maxCid, cid);
const table = new Array(maxCid + 1).fill(0);
for (const [cid, s] of bf) table[cid] = s.codePointAt(0);

// Encoding. Most of Adobe-GB1 is GB 2312 / GBK in code order (CIDs 814–7716 are GB 2312 row by row, the
// GBK supplement follows GBK code order), so a CID's character is predicted by decoding the matching GBK
// code with the platform's TextDecoder('gbk'): a "G" run maps consecutive CIDs to consecutive GBK codes
// (in the order of all valid two-byte codes). Everything else is a "U" run of consecutive code points.
// Only CJK ideographs (U+4E00–U+9FA5), CJK punctuation and full-width forms are predicted through GBK:
// those GBK mappings are the same in GB 18030-2005 and -2022, so an older or newer ICU decodes them alike.
const gbkCodes = [];
for (let lead = 0x81; lead <= 0xfe; lead++) {
	for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) gbkCodes.push((lead << 8) | trail);
}
const gbkDecoder = new TextDecoder('gbk');
const gbkIndexOf = new Map();
gbkCodes.forEach((code, index) => {
	const ch = gbkDecoder.decode(Uint8Array.of(code >> 8, code & 255));
	const cp = ch.codePointAt(0);
	const stable = (cp >= 0x4e00 && cp <= 0x9fa5) || (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff01 && cp <= 0xff5e);
	if (ch.length === 1 && stable && !gbkIndexOf.has(cp)) gbkIndexOf.set(cp, index);
});
const runs = [];
let prevCidEnd = 0;
const last = { U: 0, G: 0 };
for (let cid = 0; cid <= maxCid; ) {
	if (table[cid] === 0) {
		cid++;
		continue;
	}
	const gi = gbkIndexOf.get(table[cid]);
	const type = gi !== undefined ? 'G' : 'U';
	const first = type === 'G' ? gi : table[cid];
	let len = 1;
	for (;;) {
		const next = table[cid + len];
		if (cid + len > maxCid || !next) break;
		if (type === 'G' ? gbkIndexOf.get(next) !== first + len : next !== first + len || gbkIndexOf.has(next)) break;
		len++;
	}
	runs.push([type, cid - prevCidEnd, len, first - last[type]]);
	prevCidEnd = cid + len;
	last[type] = first + len;
	cid += len;
}
const enc = (n) => (n < 0 ? '-' + (-n).toString(36) : n.toString(36));
const body = runs.map(([t, g, l, d]) => `${t === 'G' ? 'G' : ''}${g === 0 ? '' : enc(g)},${l === 1 ? '' : enc(l)},${enc(d)}`).join(';');
const lines = [];
for (let i = 0; i < body.length; i += 110) lines.push(body.slice(i, i + 110));

// Round trip: decode the text as the reader does and compare with the source table.
{
	const decoded = new Map();
	let c = 0;
	const at = { U: 0, G: 0 };
	for (const run of body.split(';')) {
		const t = run[0] === 'G' ? 'G' : 'U';
		const [g, l, d] = (t === 'G' ? run.slice(1) : run).split(',');
		c += g ? parseInt(g, 36) : 0;
		const n = l ? parseInt(l, 36) : 1;
		at[t] += parseInt(d, 36);
		for (let i = 0; i < n; i++) {
			const code = gbkCodes[at[t] + i];
			decoded.set(c + i, t === 'G' ? gbkDecoder.decode(Uint8Array.of(code >> 8, code & 255)).codePointAt(0) : at[t] + i);
		}
		c += n;
		at[t] += n;
	}
	let bad = 0;
	for (let cid = 0; cid <= maxCid; cid++) if ((decoded.get(cid) ?? 0) !== table[cid]) bad++;
	if (bad > 0) throw new Error(`round trip failed for ${bad} CIDs`);
}

const out = `/*
 * Adobe-GB1 CID → Unicode, generated by scripts/gen-gb1-table.js (do not edit) from Adobe-GB1-UCS2
 * of Adobe's cmap-resources (https://github.com/adobe-type-tools/cmap-resources), as shipped in the npm
 * package pdfjs-dist. ${bf.size} CIDs, highest ${maxCid}.
 *
 * Copyright 1990-2009 Adobe Systems Incorporated. All rights reserved. Redistribution and use in source and binary forms, with or
 * without modification, are permitted provided that the following conditions are met: Redistributions of
 * source code must retain the above copyright notice, this list of conditions and the following disclaimer.
 * Redistributions in binary form must reproduce the above copyright notice, this list of conditions and the
 * following disclaimer in the documentation and/or other materials provided with the distribution. Neither
 * the name of Adobe Systems Incorporated nor the names of its contributors may be used to endorse or promote
 * products derived from this software without specific prior written permission. THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT
 * HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO,
 * THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO
 * EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,
 * SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE
 * GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY
 * THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE)
 * ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 *
 * Format: runs separated by ";", each "[G]cidGap,length,delta" in base 36 (empty gap = 0, empty length = 1).
 * A run starts cidGap CIDs after the previous run's end and maps length consecutive CIDs to consecutive
 * values starting delta after the end of the previous run of its kind: code points for plain runs, indexes
 * into the list of all two-byte GBK codes (lead 81–FE, trail 40–7E and 80–FE) for "G" runs, whose
 * characters come from decoding those GBK codes.
 */
export const GB1_RUNS =
${lines.map((l) => `\t'${l}'`).join(' +\n')};
`;
const target = path.join(repoRoot, 'nodes/core/read/pdf/gb1-data.ts');
fs.writeFileSync(target, out);
console.log(`wrote ${target}: ${bf.size} CIDs, ${runs.length} runs, ${out.length} bytes`);
// Spot checks.
const check = { 1: 0x20, 34: 0x41, 814: undefined };
for (const [cid, want] of Object.entries(check)) console.log('cid', cid, '->', table[cid]?.toString(16), want?.toString(16));
