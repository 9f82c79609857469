#!/usr/bin/env node
'use strict';
/*
 * Dev check (not a test): compares the PDF text layer reader with poppler's `pdftotext` on the sample
 * invoices in ../shared/samples/pdf. For each file it prints the CJK characters and amount strings (d.dd)
 * that one side finds and the other does not (`-layout`), and checks positions against `-bbox`: every
 * pdftotext word of two or more characters found inside one of our runs must lie within that run's extent
 * (x from the run's start to its end, baseline within half the font size of the word's bottom). Pages with
 * /Rotate are left out of the position check (pdftotext turns their coordinates). Needs poppler-utils.
 *
 * Usage: node scripts/pdf-oracle.js [file.pdf …]
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const ts = require('typescript');

const repoRoot = path.resolve(__dirname, '..');
require.extensions['.ts'] = (module, filename) => {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, {
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
		fileName: filename,
	});
	module._compile(outputText, filename);
};
const { readPdfText } = require(path.join(repoRoot, 'nodes/core/read/pdf/index.ts'));
// pdftotext hands over the characters as the fonts map them: fold the same encoding artefacts our reader folds.
const { asPrinted } = require(path.join(repoRoot, 'nodes/core/read/common/text.ts'));

const samples = path.join(repoRoot, '..', 'shared', 'samples', 'pdf');
const files = process.argv.slice(2).length
	? process.argv.slice(2)
	: fs.existsSync(samples)
		? fs.readdirSync(samples).filter((f) => f.endsWith('.pdf')).map((f) => path.join(samples, f))
		: [];
if (spawnSync('pdftotext', ['-v']).error) {
	console.log('pdftotext not found: apt-get install poppler-utils');
	process.exit(0);
}

const cjk = (s) => new Set(asPrinted(s).match(/[\u3400-\u9fff]/g) ?? []);
const amounts = (s) => new Set(asPrinted(s).match(/-?\d+\.\d\d(?!\d)/g) ?? []);
const minus = (a, b) => [...a].filter((x) => !b.has(x));

(async () => {
	let differences = 0;
	for (const file of files) {
		const oracle = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).stdout ?? '';
		const pdf = await readPdfText(fs.readFileSync(file));
		const ours = pdf.pages.flatMap((p) => p.runs.map((r) => r.text)).join('\n');
		const report = [
			['CJK only in pdftotext', minus(cjk(oracle), cjk(ours))],
			['CJK only in ours', minus(cjk(ours), cjk(oracle))],
			['amounts only in pdftotext', minus(amounts(oracle), amounts(ours))],
			['amounts only in ours', minus(amounts(ours), amounts(oracle))],
		].filter(([, list]) => list.length > 0);
		console.log(`${path.basename(file)}: ${cjk(ours).size} CJK characters, ${amounts(ours).size} amounts${report.length ? '' : ', same as pdftotext'}`);
		for (const [label, list] of report) console.log(`  ${label}: ${list.join(' ')}`);
		differences += report.length;
		const page = pdf.pages[0];
		if (!page || page.rotate !== 0) continue;
		const html = spawnSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' }).stdout ?? '';
		const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<\/word>/g)].map((m) => ({
			x0: Number(m[1]),
			x1: Number(m[2]),
			bottom: Number(m[3]),
			text: asPrinted(m[4]),
		}));
		const top = page.originY + page.height;
		let placed = 0;
		const misplaced = [];
		for (const w of words) {
			if (w.text.length < 2) continue;
			const runs = page.runs.filter((r) => r.text.replace(/\s/g, '').includes(w.text));
			if (runs.length === 0) continue;
			const fits = runs.some((r) => Math.abs(top - r.y - w.bottom) < r.fontSize / 2 + 1 && r.x - 1 <= w.x0 && r.x + r.width + 3 >= w.x1);
			if (fits) placed++;
			else misplaced.push(`${w.text}@${w.x0.toFixed(0)},${w.bottom.toFixed(0)}`);
		}
		console.log(`  positions: ${placed} words placed as pdftotext places them${misplaced.length ? `, misplaced: ${misplaced.join(' ')}` : ''}`);
		differences += misplaced.length;
	}
	console.log(`${files.length} files compared, ${differences} differences`);
})();
