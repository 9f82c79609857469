#!/usr/bin/env node
'use strict';
/*
 * npm run demo   (= npm run build && node scripts/install-n8n.js && node scripts/demo.js)
 *
 * Runs examples/folder-to-excel.json inside a real n8n (1.x unless --version 2 / N8N_E2E_VERSION=2) on
 * the sample OFD invoices in test/fixtures/ofd/, writes output/invoices.xlsx and prints a preview of its
 * rows. No account, no network, no stdin.
 *
 * Also a module (plain Node, for test/e2e/demo.test.ts):
 *   runFolderToExcel({ version?, inputDir?, outputDir, log? }) -> { file, run, ms, n8nVersion, n8n? }
 *   readXlsxRows(file)  -> { sheetNames, header: string[], rows: object[] }  (cells as SheetJS reads them)
 *   loadExample(name)   -> the workflow JSON of examples/<name>
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');
const examplesDir = path.join(repoRoot, 'examples');
const samplesDir = path.join(repoRoot, 'test', 'fixtures', 'ofd');

function loadExample(name) {
	return JSON.parse(fs.readFileSync(path.join(examplesDir, name), 'utf8'));
}

/** Copies the bundled *.ofd samples into a fresh temp folder; returns its path and the file names. */
function copySamples(destination) {
	const dir = destination || fs.mkdtempSync(path.join(os.tmpdir(), 'fapiao-demo-in-'));
	fs.mkdirSync(dir, { recursive: true });
	const files = fs.readdirSync(samplesDir).filter((f) => f.endsWith('.ofd')).sort();
	for (const f of files) fs.copyFileSync(path.join(samplesDir, f), path.join(dir, f));
	return { dir, files };
}

/** Environment the folder-to-excel workflow needs: its folders, $env readable, file access allowed there. */
function folderEnv(inputDir, outputDir) {
	return {
		FAPIAO_DEMO_IN: inputDir,
		FAPIAO_DEMO_OUT: outputDir,
		// 2.x blocks $env in expressions and restricts file nodes to ~/.n8n-files by default.
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		N8N_RESTRICT_FILE_ACCESS_TO: [inputDir, outputDir].join(';'),
	};
}

/**
 * Imports and executes examples/folder-to-excel.json in a real n8n.
 * @param {{ version?: string, inputDir?: string, outputDir: string, log?: (line: string) => void, keepN8n?: boolean }} options
 */
async function runFolderToExcel(options) {
	const { prepareN8n } = require(path.join(repoRoot, 'test', 'e2e', 'support', 'n8n.js'));
	const log = options.log || (() => {});
	const inputDir = options.inputDir || copySamples().dir;
	const outputDir = path.resolve(options.outputDir);
	fs.mkdirSync(outputDir, { recursive: true });
	const file = path.join(outputDir, 'invoices.xlsx');
	fs.rmSync(file, { force: true });
	const started = Date.now();
	const n8n = await prepareN8n({ version: options.version, env: folderEnv(inputDir, outputDir), log });
	try {
		const id = await n8n.importWorkflow(loadExample('folder-to-excel.json'));
		log(`workflow imported (id ${id}); executing it with n8n's CLI`);
		const run = await n8n.executeWorkflow(id);
		if (!run.ok) {
			const failed = run.lastNodeExecuted ? run.nodeError(run.lastNodeExecuted) : null;
			const why = failed ? `${run.lastNodeExecuted}: ${failed.message}${failed.description ? ` (${failed.description})` : ''}` : `exit ${run.exitCode}`;
			throw new Error(`the workflow failed in n8n ${n8n.n8nVersion}: ${why}\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`);
		}
		if (!fs.existsSync(file)) throw new Error(`the workflow ran but ${file} was not written`);
		return { file, run, ms: Date.now() - started, n8nVersion: n8n.n8nVersion, n8n: options.keepN8n ? n8n : undefined };
	} finally {
		if (!options.keepN8n) await n8n.cleanup();
	}
}

/** Reads the first sheet of an xlsx file with SheetJS (the xlsx devDependency). */
function readXlsxRows(file) {
	const XLSX = require('xlsx');
	const book = XLSX.read(fs.readFileSync(file), { type: 'buffer' });
	const sheet = book.Sheets[book.SheetNames[0]];
	const matrix = XLSX.utils.sheet_to_json(sheet, { header: 1, raw: true, defval: null });
	const header = (matrix[0] || []).map((h) => String(h));
	const rows = matrix.slice(1).map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] === undefined ? null : cells[i]])));
	return { sheetNames: book.SheetNames, header, rows };
}

// ---- the command ---------------------------------------------------------------------------------

function displayWidth(text) {
	let w = 0;
	for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
	return w;
}

function fit(text, width) {
	const all = String(text);
	if (displayWidth(all) <= width) return all + ' '.repeat(width - displayWidth(all));
	let out = '';
	for (const ch of all) {
		if (displayWidth(out + ch) > width - 1) break;
		out += ch;
	}
	out += '…';
	return out + ' '.repeat(Math.max(0, width - displayWidth(out)));
}

function money(v) {
	return v === null || v === undefined || v === '' ? '' : typeof v === 'number' ? v.toFixed(2) : String(v);
}

function previewTable(rows, limit) {
	const columns = [
		['Invoice number', 20, (r) => r.invoiceNumber],
		['Date', 10, (r) => r.issueDate],
		['Seller', 24, (r) => r.sellerName],
		['Line', 26, (r) => r.lineName],
		['Amount', 10, (r) => money(r.lineAmount), true],
		['Tax', 8, (r) => money(r.lineTaxAmount), true],
		['Total', 10, (r) => money(r.totalAmount), true],
	];
	const cell = (value, width, right) => {
		const text = String(value ?? '');
		if (!right) return fit(text, width);
		return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
	};
	const lines = [];
	lines.push(columns.map(([h, w, , right]) => cell(h, w, right)).join('  '));
	lines.push(columns.map(([, w]) => '-'.repeat(w)).join('  '));
	for (const r of rows.slice(0, limit)) lines.push(columns.map(([, w, get, right]) => cell(get(r), w, right)).join('  '));
	return lines.join('\n');
}

function parseArgs(argv) {
	const out = { version: process.env.N8N_E2E_VERSION || '1' };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--version') out.version = argv[++i];
		else if (a.startsWith('--version=')) out.version = a.slice('--version='.length);
		else if (a === '--help' || a === '-h') out.help = true;
		else throw new Error(`unknown argument ${a} (try --help)`);
	}
	return out;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		console.log('Usage: node scripts/demo.js [--version 1|2]\nRuns examples/folder-to-excel.json in a real n8n on the sample OFD invoices; writes output/invoices.xlsx.');
		return;
	}
	const t0 = Date.now();
	const say = (line) => console.log(`[demo ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${line}`);
	const installer = require('./install-n8n.js');
	const major = installer.normalizeMajor(args.version);
	if (!installer.isInstalled(major)) say(`installing n8n ${major}.x into .cache/ (the first time takes several minutes) ...`);
	const { dir: inputDir, files } = copySamples();
	say(`${files.length} sample OFD invoices copied to ${inputDir}`);
	const outputDir = path.join(repoRoot, 'output');
	try {
		say('starting a real n8n with n8n-nodes-fapiao packed and installed as a community package ...');
		const result = await runFolderToExcel({ version: major, inputDir, outputDir, log: say });
		const { header, rows } = readXlsxRows(result.file);
		const invoices = new Set(rows.map((r) => r.invoiceNumber));
		say(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s with n8n ${result.n8nVersion}`);
		console.log('');
		console.log(`Excel file: ${path.relative(process.cwd(), result.file) || result.file}  (${result.file})`);
		console.log(`${rows.length} rows (one per line item) from ${invoices.size} invoices, ${header.length} columns: ${header.slice(0, 8).join(', ')}, …`);
		console.log('');
		// the first rows of every invoice, so each sample shows up
		const shown = [];
		for (const number of invoices) shown.push(rows.find((r) => r.invoiceNumber === number));
		console.log(previewTable(shown, shown.length));
		console.log('');
		console.log('(first line of each invoice; open the file for all rows)');
	} finally {
		fs.rmSync(inputDir, { recursive: true, force: true });
	}
}

if (require.main === module) {
	main().catch((error) => {
		console.error(`\ndemo failed: ${error && error.stack ? error.stack : error}`);
		process.exitCode = 1;
	});
}

module.exports = { runFolderToExcel, readXlsxRows, loadExample, copySamples, folderEnv, repoRoot };

/**
 * The parameter names a node of this package declares (from the built dist/), for checking examples:
 * { top: Set<string>, options: Set<string> } for a type such as 'n8n-nodes-fapiao.vatInvoiceOcrTool'.
 */
function declaredParameters(type) {
	const base = type.replace(/^n8n-nodes-fapiao\./, '').replace(/Tool$/, '');
	const className = base[0].toUpperCase() + base.slice(1);
	const mod = require(path.join(repoRoot, 'dist', 'nodes', className, `${className}.node.js`));
	const { properties } = new mod[className]().description;
	const top = new Set(properties.map((p) => p.name));
	if (type.endsWith('Tool')) top.add('toolDescription');
	const options = new Set(properties.filter((p) => p.name === 'options').flatMap((p) => (p.options || []).map((o) => o.name)));
	return { top, options };
}

module.exports.declaredParameters = declaredParameters;

/** `n8n export:workflow --id` of one imported workflow, read back (what n8n stored). */
async function exportWorkflow(n8n, id) {
	const file = path.join(n8n.userFolder, `export-${id}.json`);
	const r = await n8n.run(['export:workflow', `--id=${id}`, `--output=${file}`]);
	if (r.code !== 0) throw new Error(`n8n export:workflow failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
	const data = JSON.parse(fs.readFileSync(file, 'utf8'));
	return Array.isArray(data) ? data[0] : data;
}

module.exports.exportWorkflow = exportWorkflow;

/** Removes folders a caller made with copySamples() or for output (tests may not touch the file system). */
function removeDirs(...dirs) {
	for (const dir of dirs) if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

module.exports.removeDirs = removeDirs;
