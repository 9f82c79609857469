#!/usr/bin/env node
'use strict';
/*
 * Writes the table of encoding-artefact folds in nodes/core/read/common/text.ts (between its BEGIN/END markers):
 * every code point of the four ranges below that Unicode's NFKC maps to another character, with the
 * character it maps to. Run after a Node upgrade to refresh it; test/core/read/common/printed.test.ts checks that the
 * table equals String.prototype.normalize('NFKC') on these ranges and nothing else.
 */
const fs = require('node:fs');
const path = require('node:path');

const RANGES = [
	[0x2e80, 0x2eff], // CJK Radicals Supplement
	[0x2f00, 0x2fdf], // Kangxi Radicals
	[0xf900, 0xfaff], // CJK Compatibility Ideographs
	[0x2f800, 0x2fa1f], // CJK Compatibility Ideographs Supplement
];
const lines = [];
for (const [from, to] of RANGES) {
	let line = '';
	for (let cp = from; cp <= to; cp++) {
		const ch = String.fromCodePoint(cp);
		const folded = ch.normalize('NFKC');
		if (folded !== ch) line += ch + folded;
		if (line.length >= 96) {
			lines.push(line);
			line = '';
		}
	}
	if (line) lines.push(line);
}
const file = path.join(__dirname, '..', 'nodes', 'core', 'read', 'common', 'text.ts');
const source = fs.readFileSync(file, 'utf8');
const body = lines.map((l) => `\t'${l}',`).join('\n');
const out = source.replace(/(\/\/ BEGIN FOLDS\n)[\s\S]*?(\t\/\/ END FOLDS)/, `$1${body}\n$2`);
fs.writeFileSync(file, out);
console.log(`${lines.join('').length} UTF-16 units written to ${path.relative(process.cwd(), file)}`);
