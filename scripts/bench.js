#!/usr/bin/env node
'use strict';
/*
 * npm run bench: figures for this machine. It prints; it never fails on a timing.
 *
 *   1. VAT Invoice OCR through the provider emulator at 10 requests/s and 300 ms latency, 100 and 500
 *      files: achieved rate, ratio to the limit, most requests the emulator saw in any one second,
 *      failed items; next to a one-at-a-time baseline (Max Concurrent Requests = 1).
 *   2. The local OFD reader: median and p95 per invoice over the bundled samples, next to one cloud
 *      round trip (the emulator's 300 ms, the figure the VAT run is measured at).
 *   3. Normalize Invoice: invoices per second.
 *   4. Memory: peak RSS of VAT Invoice OCR runs over 50, 100 and 200 files, each in its own process,
 *      binaries read from disk as n8n's filesystem mode does; it should follow the concurrency.
 *
 * The nodes run from dist/ (npm run bench builds first) inside test/helpers/nodeHarness.ts, the same
 * fake execution context the unit tests use, loaded through a TypeScript transpile hook.
 *
 *   5. The local PDF e-invoice read (text layer alone, and the whole invoice through readInvoiceFile): median
 *      and p95 per file over ../shared/samples/pdf (skipped when absent).
 *   6. One account's quota shared: 1, 2, 4 and 8 executions of 100 URL invoices at once, each in its own
 *      process (as separate n8n processes or queue-mode workers are), against one emulator whose limit
 *      (10/s, 300 ms) is per account: items read, calls, throttled calls (and their share of the calls),
 *      the rate the emulator admitted and its share of the quota, and how far apart the processes began
 *      (they load at the same moment; on a busy machine some start later).
 *      npm run test:queue measures the same in a real n8n (main + 2 workers, and one process).
 *
 *   7. What local-first saves on a mixed mailbox: one seeded mailbox (e-invoice PDFs and 数电 XML from
 *      ../shared/samples when present, OFDs and scans from test/fixtures, platform ZIPs and scanned PDFs built
 *      here, logos and text files) through VAT Invoice OCR's execute() (Tencent, All Binary Properties), run
 *      with Read E-Invoice Files Locally First on and off, the provider answered by a fake send that counts
 *      calls: files read locally, calls saved, money saved at --price-per-call, and that no file was lost.
 *
 * Flags: --quick (smaller runs), --only vat|ofd|pdf|normalize|memory|quota|mailbox,
 *        --price-per-call <CNY> (the mailbox section's money line; default Tencent's list price, see benchMailbox),
 *        --samples <dir> (where the unlicensed sample PDFs and XML are; default ../shared/samples).
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const ts = require('typescript');

const repoRoot = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;

// Load the TypeScript test harness without a build step.
require.extensions['.ts'] = (module, filename) => {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, {
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
		fileName: filename,
	});
	module._compile(outputText, filename);
};

const dist = (p) => path.join(repoRoot, 'dist', p);
if (!fs.existsSync(dist('nodes/core/index.js'))) {
	console.error('dist/ is missing: run `npm run build` first (npm run bench does).');
	process.exit(1);
}
const core = require(dist('nodes/core/index.js'));
const { VatInvoiceOcr } = require(dist('nodes/VatInvoiceOcr/VatInvoiceOcr.node.js'));
const { TencentCloudApi } = require(dist('credentials/TencentCloudApi.credentials.js'));
const { runNode } = require(path.join(repoRoot, 'test/helpers/nodeHarness.ts'));
const { DEMO_KEYS } = require(path.join(repoRoot, 'test/emulator/server.js'));

const fixtures = path.join(repoRoot, 'test', 'fixtures');
const PNG_PATH = path.join(fixtures, 'images', 'guanshuicheng_invoice_vat-e-common.png');

const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : String(n));
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const median = (values) => pct([...values].sort((a, b) => a - b), 50);
const hr = (title) => console.log(`\n== ${title}`);

function tencentKey() {
	const key = DEMO_KEYS.tencent[0];
	return { secretId: key.secretId, secretKey: key.secretKey, region: 'ap-guangzhou' };
}

/** Items that reference their file on disk, read through the harness's binary loader on demand. */
function fileItems(count) {
	const size = fs.statSync(PNG_PATH).size;
	return Array.from({ length: count }, (_, i) => ({
		json: { n: i },
		binary: { data: { id: `file:${PNG_PATH}`, data: '', fileName: `invoice-${i}.png`, mimeType: 'image/png', fileSize: String(size) } },
	}));
}
const loadBinary = async (binary) => fs.readFileSync(binary.id.slice('file:'.length));

/**
 * The emulator in its own process, as a provider is: sharing the event loop with the node under test
 * would blur the arrival times the emulator rate-limits on.
 */
async function startEmulatorProcess(extraArgs) {
	const child = spawn(process.execPath, [path.join(repoRoot, 'test/emulator/cli.js'), '--port', '0', '--quiet', ...extraArgs], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const url = await new Promise((resolve, reject) => {
		let out = '';
		child.stdout.on('data', (chunk) => {
			out += chunk;
			const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
			if (match) resolve(match[1]);
		});
		child.on('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
	});
	child.stdout.resume();
	const admin = async (pathname, method = 'GET') => (await fetch(url + pathname, { method })).json();
	return {
		url,
		stats: async () => await admin('/__emulator/stats'),
		reset: async () => await admin('/__emulator/reset', 'POST'),
		close: async () => {
			child.kill();
			await new Promise((resolve) => child.once('exit', resolve));
		},
	};
}

async function runVat(emulator, count, options = {}) {
	const started = process.hrtime.bigint();
	const result = await runNode(new VatInvoiceOcr(), {
		items: fileItems(count),
		parameters: {
			provider: 'tencent',
			inputType: 'binary',
			binaryMode: 'named',
			binaryPropertyName: 'data',
			pdfPages: 'first',
			simplify: true,
			options: { keepBinary: false, ...options },
		},
		continueOnFail: true,
		credentials: { tencentCloudApi: { ...tencentKey(), endpoint: emulator.url } },
		credentialTypes: { tencentCloudApi: new TencentCloudApi() },
		loadBinary,
		recordRequests: false,
	});
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const items = result.output[0];
	const failed = items.filter((item) => item.json.error !== undefined);
	return { seconds, items: items.length, failed: failed.length, firstError: failed[0]?.json.error };
}

async function benchVat() {
	hr('VAT Invoice OCR through the emulator: limit 10 requests/s, latency 300 ms');
	const limit = 10;
	const emulator = await startEmulatorProcess(['--rate', `tencent:VatInvoiceOCR=${limit}`, '--latency', '300', '--jitter', '0']);
	try {
		const rows = [];
		const sizes = quick ? [30] : [100, 500];
		for (const count of sizes) {
			await emulator.reset();
			const run = await runVat(emulator, count);
			const api = (await emulator.stats()).apis['tencent:VatInvoiceOCR'] || {};
			rows.push({ mode: 'node defaults (5 concurrent)', count, ...run, maxInAnySecond: api.maxInAnySecond, throttled: api.throttled ?? 0, requests: api.requests });
		}
		await emulator.reset();
		const baselineCount = quick ? 10 : 100;
		const baseline = await runVat(emulator, baselineCount, { maxConcurrentRequests: 1 });
		const baseApi = (await emulator.stats()).apis['tencent:VatInvoiceOCR'] || {};
		rows.push({ mode: 'one at a time (baseline)', count: baselineCount, ...baseline, maxInAnySecond: baseApi.maxInAnySecond, throttled: baseApi.throttled ?? 0, requests: baseApi.requests });

		const baselineRate = baseline.items / baseline.seconds;
		console.log('mode                          files  seconds  files/s  ratio to limit  vs baseline  max in any 1 s  throttled  failed');
		for (const row of rows) {
			const rate = row.items / row.seconds;
			console.log(
				`${row.mode.padEnd(30)}${String(row.count).padStart(5)}  ${fmt(row.seconds).padStart(7)}  ${fmt(rate, 2).padStart(7)}  ${fmt(rate / limit, 2).padStart(14)}  ${fmt(rate / baselineRate, 2).padStart(10)}x  ${String(row.maxInAnySecond).padStart(14)}  ${String(row.throttled).padStart(9)}  ${String(row.failed).padStart(6)}`,
			);
			if (row.failed) console.log(`   first failure: ${row.firstError}`);
		}
	} finally {
		await emulator.close();
	}
}

/** One execution of VAT Invoice OCR over URL invoices (used by the quota bench, in its own process). */
async function runVatUrls(endpoint, urls) {
	const result = await runNode(new VatInvoiceOcr(), {
		items: urls.map((url, i) => ({ json: { n: i, url } })),
		parameters: { provider: 'tencent', inputType: 'url', url: (i) => urls[i], simplify: true, options: {} },
		continueOnFail: true,
		credentials: { tencentCloudApi: { ...tencentKey(), endpoint } },
		credentialTypes: { tencentCloudApi: new TencentCloudApi() },
		recordRequests: false,
	});
	const items = result.output[0];
	const failed = items.filter((item) => item.json.error !== undefined);
	return { items: items.length, failed: failed.length, firstError: failed[0]?.json.error };
}

async function benchQuota() {
	hr('One account shared: N executions at once, each in its own process, 100 URL invoices each, limit 10/s per account, 300 ms');
	const limit = 10;
	const count = quick ? 30 : 100;
	const emulator = await startEmulatorProcess(['--rate', `tencent:VatInvoiceOCR=${limit}`, '--latency', '300', '--jitter', '0']);
	const png = fs.readFileSync(PNG_PATH);
	try {
		console.log('processes  items read  failed  calls  throttled (of calls)  admitted/s  of the quota  seconds  start spread (s)');
		for (const n of [1, 2, 4, 8]) {
			await emulator.reset();
			const lists = [];
			for (let e = 0; e < n; e++) {
				const urls = [];
				for (let i = 0; i < count; i++) {
					const res = await fetch(`${emulator.url}/__emulator/files/q-${e}-${i}.png`, { method: 'PUT', body: png });
					urls.push((await res.json()).url);
				}
				lists.push(urls);
			}
			const started = Date.now();
			const runs = await Promise.all(
				lists.map(
					(urls) =>
						new Promise((resolve) => {
							const child = spawn(process.execPath, [__filename, '--quota-child', emulator.url], { stdio: ['pipe', 'pipe', 'inherit'] });
							let out = '';
							child.stdout.on('data', (c) => (out += c));
							child.on('exit', () => {
								try {
									resolve(JSON.parse(out.trim().split('\n').pop()));
								} catch {
									resolve({ items: urls.length, failed: urls.length, firstError: `the child printed: ${out.slice(-300)}` });
								}
							});
							child.stdin.end(JSON.stringify(urls));
						}),
				),
			);
			const seconds = (Date.now() - started) / 1000;
			const api = (await emulator.stats()).apis['tencent:VatInvoiceOCR'] || {};
			const span = (api.lastAdmittedAt - api.firstAdmittedAt) / 1000;
			const rate = api.admitted > 1 && span > 0 ? (api.admitted - 1) / span : 0;
			const read = runs.reduce((sum, r) => sum + r.items - r.failed, 0);
			const failed = runs.reduce((sum, r) => sum + r.failed, 0);
			const begun = runs.map((r) => r.begunAt).filter(Number.isFinite);
			const spread = begun.length === n ? (Math.max(...begun) - Math.min(...begun)) / 1000 : Number.NaN;
			const throttled = `${api.throttled} (${fmt((100 * api.throttled) / api.requests, 1)}%)`;
			console.log(
				`${String(n).padStart(9)}  ${`${read}/${n * count}`.padStart(10)}  ${String(failed).padStart(6)}  ${String(api.requests).padStart(5)}  ${throttled.padStart(20)}  ${fmt(rate, 2).padStart(10)}  ${fmt(rate / limit, 2).padStart(12)}  ${fmt(seconds).padStart(7)}  ${fmt(spread, 2).padStart(16)}`,
			);
			const firstError = runs.find((r) => r.firstError)?.firstError;
			if (firstError) console.log(`   first failure: ${firstError}`);
		}
	} finally {
		await emulator.close();
	}
}

async function quotaChild(endpoint) {
	let input = '';
	for await (const chunk of process.stdin) input += chunk;
	const begunAt = Date.now();
	const run = await runVatUrls(endpoint, JSON.parse(input));
	console.log(JSON.stringify({ ...run, begunAt }));
}

async function benchOfd() {
	hr('Local OFD reader: time per invoice over the bundled samples');
	const dir = path.join(fixtures, 'ofd');
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ofd')).map((f) => ({ name: f, bytes: fs.readFileSync(path.join(dir, f)) }));
	for (const file of files) await core.readOfdInvoice(file.bytes); // warm up
	const reps = quick ? 10 : 50;
	const all = [];
	const perFile = [];
	for (const file of files) {
		const times = [];
		for (let i = 0; i < reps; i++) {
			const t0 = process.hrtime.bigint();
			await core.readOfdInvoice(file.bytes);
			times.push(Number(process.hrtime.bigint() - t0) / 1e6);
		}
		all.push(...times);
		perFile.push({ name: file.name, median: median(times), kb: file.bytes.length / 1024 });
	}
	all.sort((a, b) => a - b);
	for (const f of perFile) console.log(`  ${f.name.padEnd(64)} ${fmt(f.kb, 0).padStart(5)} KB  median ${fmt(f.median, 2)} ms`);
	const med = pct(all, 50);
	const p95 = pct(all, 95);
	console.log(`all ${all.length} reads: median ${fmt(med, 2)} ms, p95 ${fmt(p95, 2)} ms (targets: median < 10 ms, p95 < 50 ms)`);
	console.log(`one cloud round trip at the emulator's 300 ms latency: ${fmt(300 / med, 0)}x the local median`);
}

async function benchPdf() {
	hr('Local PDF e-invoice read (text layer + layout reader): time per invoice over ../shared/samples/pdf');
	const dir = path.join(repoRoot, '..', 'shared', 'samples', 'pdf');
	if (!fs.existsSync(dir)) {
		console.log(`skipped: ${dir} not found (the sample PDFs live beside the repository, not in it)`);
		return;
	}
	const { readPdfText } = require(dist('nodes/core/read/pdf/index.js'));
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.pdf')).map((f) => ({ name: f, bytes: fs.readFileSync(path.join(dir, f)) }));
	if (files.length === 0) {
		console.log(`skipped: no PDF files in ${dir}`);
		return;
	}
	for (const file of files) await core.readInvoiceFile(file.bytes); // warm up (and the GB1 table)
	const reps = quick ? 5 : 20;
	const whole = [];
	const textOnly = [];
	const perFile = [];
	for (const file of files) {
		const times = [];
		const textTimes = [];
		let runs = 0;
		for (let i = 0; i < reps; i++) {
			let t0 = process.hrtime.bigint();
			const pdf = await readPdfText(file.bytes);
			textTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
			runs = pdf.pages.reduce((n, p) => n + p.runs.length, 0);
			t0 = process.hrtime.bigint();
			await core.readInvoiceFile(file.bytes);
			times.push(Number(process.hrtime.bigint() - t0) / 1e6);
		}
		whole.push(...times);
		textOnly.push(...textTimes);
		perFile.push({ name: file.name, median: median(times), text: median(textTimes), kb: file.bytes.length / 1024, runs });
	}
	whole.sort((a, b) => a - b);
	textOnly.sort((a, b) => a - b);
	for (const f of perFile) {
		console.log(`  ${f.name.slice(0, 64).padEnd(64)} ${fmt(f.kb, 0).padStart(5)} KB  ${String(f.runs).padStart(4)} runs  text ${fmt(f.text, 2)} ms  invoice ${fmt(f.median, 2)} ms`);
	}
	console.log(`text layer alone, ${textOnly.length} reads: median ${fmt(pct(textOnly, 50), 2)} ms, p95 ${fmt(pct(textOnly, 95), 2)} ms`);
	console.log(`whole invoice (readInvoiceFile), ${whole.length} reads: median ${fmt(pct(whole, 50), 2)} ms, p95 ${fmt(pct(whole, 95), 2)} ms (targets: median <= 10 ms, p95 <= 30 ms)`);
	console.log(`one cloud round trip at the emulator's 300 ms latency: ${fmt(300 / pct(whole, 50), 0)}x the local median`);
}

function benchNormalize() {
	hr('Normalize Invoice: invoices per second');
	const read = (...p) => JSON.parse(fs.readFileSync(path.join(fixtures, ...p), 'utf8'));
	const payloads = [
		read('tencent', 'VatInvoiceOCR.response.json'),
		read('tencent', 'RecognizeGeneralInvoice.response.json'),
		read('tencent', 'VerifyOfdVatInvoiceOCR.response.json'),
		read('providers', 'qiniu-vat-invoice-ocr.response.json'),
		read('providers', 'icuapi-vat-invoice-ocr.response.json'),
	];
	const count = quick ? 2000 : 10000;
	for (let i = 0; i < 500; i++) core.normalizeInvoices(payloads[i % payloads.length]); // warm up
	const runs = [];
	for (let r = 0; r < 5; r++) {
		const t0 = process.hrtime.bigint();
		let n = 0;
		for (let i = 0; i < count; i++) {
			const invoices = core.normalizeInvoices(payloads[i % payloads.length]);
			for (const invoice of invoices) core.toLineItemRows(invoice, { columnNames: 'english' });
			n += invoices.length;
		}
		runs.push({ ms: Number(process.hrtime.bigint() - t0) / 1e6, n });
	}
	const best = median(runs.map((r) => r.ms));
	console.log(`${count} invoices (5 provider shapes, to line-item rows): median ${fmt(best, 0)} ms over 5 runs = ${fmt((count / best) * 1000, 0)} invoices/s (target: 10,000 in under 1 s)`);
}

function benchMemory() {
	hr('Memory: VAT Invoice OCR, binaries from disk, emulator at 100 requests/s and 50 ms');
	const counts = quick ? [20, 40] : [50, 100, 200];
	console.log('files  peak RSS MB  peak heap MB  failed');
	for (const count of counts) {
		const child = spawnSync(process.execPath, ['--expose-gc', __filename, '--memory-child', String(count)], { encoding: 'utf8', timeout: 300000 });
		const line = (child.stdout || '').trim().split('\n').pop();
		try {
			const m = JSON.parse(line);
			console.log(`${String(count).padStart(5)}  ${fmt(m.maxRssMb).padStart(11)}  ${fmt(m.peakHeapMb).padStart(12)}  ${String(m.failed).padStart(6)}`);
		} catch {
			console.log(`${count}: the child run failed: ${(child.stderr || '').slice(-500)}`);
		}
	}
	console.log('(the input items hold only references; what grows with the file count is the output items)');
}

async function memoryChild(count) {
	const emulator = await startEmulatorProcess(['--rate', 'tencent:VatInvoiceOCR=100', '--latency', '50', '--jitter', '0']);
	let peakHeap = 0;
	const sampler = setInterval(() => {
		peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
	}, 5);
	const run = await runVat(emulator, count, { requestsPerSecond: 100, maxConcurrentRequests: 5 });
	clearInterval(sampler);
	await emulator.close();
	const maxRssMb = process.resourceUsage().maxRSS / 1024;
	console.log(JSON.stringify({ count, maxRssMb, peakHeapMb: peakHeap / 1048576, failed: run.failed }));
}

/*
 * 7. What local-first saves on a mixed mailbox.
 *
 * Price: Tencent Cloud's list price (刊例价) for 增值税发票识别 (VatInvoiceOCR), post-paid, is 0.15 CNY per
 * call when the month's calls are at most 10,000 (0.10 CNY up to 100,000, 0.06 CNY up to 1,000,000; the
 * tier reached prices every call of the month), after 1,000 free calls a month. Source: the OCR billing
 * overview (计费概述), https://cloud.tencent.com/document/product/866/17619, as published in Tencent's
 * documentation source, github.com/tencentyun/qcloud-documents, file
 * product/大数据与AI/文字识别/购买指南/计费概述.md at commit 60436d07526eca1101eb1cab14652135d28d47c8.
 * Prices change: --price-per-call <CNY> overrides it.
 */
const LIST_PRICE_CNY = 0.15;
const PRICE_SOURCE = 'https://cloud.tencent.com/document/product/866/17619';

/** A scanned PDF: one page that only paints (no text, no font); the same file the tests use. */
function scannedPdf() {
	return require(path.join(repoRoot, 'test/support/pdfBuilder.js')).scannedPdf();
}

/**
 * The files the mailbox is dealt from. The unlicensed samples are read from ../shared/samples, never copied;
 * without them, synthetic stand-ins from the test helpers: e-invoice PDFs printed from the licensed OFDs
 * (test/helpers/invoicePdf.ts) and a 数电 XML (test/helpers/einvoiceXml.ts).
 */
async function mailboxPools() {
	const { writeZip } = require(path.join(repoRoot, 'test/support/zip.js'));
	const samples = args.includes('--samples') ? path.resolve(args[args.indexOf('--samples') + 1]) : path.join(repoRoot, '..', 'shared', 'samples');
	const notes = [];
	const readDir = (dir, ext, mimeType) =>
		fs.existsSync(dir)
			? fs.readdirSync(dir).filter((f) => f.toLowerCase().endsWith(ext)).sort().map((f) => ({ fileName: f, mimeType, data: fs.readFileSync(path.join(dir, f)) }))
			: [];
	const ofd = readDir(path.join(fixtures, 'ofd'), '.ofd', 'application/ofd');
	let pdf = readDir(path.join(samples, 'pdf'), '.pdf', 'application/pdf');
	if (pdf.length === 0) {
		const { invoicePdfFromOfd } = require(path.join(repoRoot, 'test/helpers/invoicePdf.ts'));
		pdf = [];
		for (const file of ofd) pdf.push({ fileName: file.fileName.replace(/\.ofd$/, '.pdf'), mimeType: 'application/pdf', data: await invoicePdfFromOfd(file.data) });
		notes.push(`${path.join(samples, 'pdf')} is missing or empty: the e-invoice PDFs are synthetic, printed from the bundled OFDs (real ones live beside the repository, never in it)`);
	}
	let xml = readDir(path.join(samples, 'xml'), '.xml', 'application/xml');
	if (xml.length === 0) {
		const { einvoiceBytes } = require(path.join(repoRoot, 'test/helpers/einvoiceXml.ts'));
		xml = [1, 2, 3].map((n) => ({
			fileName: `dzfp_9900000000000000000${n}_synthetic.xml`,
			mimeType: 'application/xml',
			data: Buffer.from(einvoiceBytes({ number: `9900000000000000000${n}` })),
		}));
		notes.push(`${path.join(samples, 'xml')} is missing or empty: the 数电 XML is synthetic (test/helpers/einvoiceXml.ts)`);
	}
	const image = [
		...readDir(path.join(fixtures, 'images'), '.png', 'image/png'),
		...readDir(path.join(fixtures, 'images'), '.jpg', 'image/jpeg'),
	];
	// The tax platform's download: a ZIP holding the invoice's 数电 XML, named dzfp_<number>_<time>.xml.
	const zip = xml.map((file, i) => ({
		fileName: `dzfp_platform_download_${i + 1}.zip`,
		mimeType: 'application/zip',
		data: writeZip([{ name: file.fileName.replace(/^.*?(dzfp_)/, '$1'), data: file.data }]),
	}));
	const scan = [{ fileName: 'scanned-invoice.pdf', mimeType: 'application/pdf', data: scannedPdf() }];
	// GIF89a, 1x1: the signature logo a mail client attaches; and a plain text part.
	const gif = Buffer.from('47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b', 'hex');
	const skip = [
		{ fileName: 'logo.gif', mimeType: 'image/gif', data: gif },
		{ fileName: 'message.txt', mimeType: 'text/plain', data: Buffer.from('Please find the invoices attached.\n', 'utf8') },
	];
	return { pools: { pdf, ofd, xml, zip, image, scan, skip }, notes };
}

/** A provider that answers every call with the recorded VatInvoiceOCR response, and counts the calls. */
function countingSend() {
	const body = fs.readFileSync(path.join(fixtures, 'tencent', 'VatInvoiceOCR.response.json'), 'utf8');
	const counter = { calls: 0, actions: {} };
	counter.send = async (options) => {
		counter.calls++;
		const headers = options.headers ?? {};
		const action = String(headers['X-TC-Action'] ?? headers['x-tc-action'] ?? 'unknown');
		counter.actions[action] = (counter.actions[action] ?? 0) + 1;
		return { statusCode: 200, headers: { 'content-type': 'application/json' }, body };
	};
	return counter;
}

async function runMailbox(mails, localFirst) {
	const node = new VatInvoiceOcr();
	const fileTypes = node.description.properties.find((p) => p.name === 'fileTypes').default;
	const items = mails.map((mail, m) => ({
		json: { subject: `Mail ${m + 1}` },
		binary: Object.fromEntries(
			mail.map((file, a) => [
				`attachment_${a}`,
				{ data: file.data.toString('base64'), fileName: file.fileName, mimeType: file.mimeType, fileSize: String(file.data.length) },
			]),
		),
	}));
	const provider = countingSend();
	const started = process.hrtime.bigint();
	const result = await runNode(node, {
		items,
		parameters: {
			provider: 'tencent',
			localFirst,
			inputType: 'binary',
			binaryMode: 'all',
			fileTypes,
			pdfPages: 'first',
			simplify: true,
			options: {},
		},
		continueOnFail: true,
		credentials: { tencentCloudApi: { ...tencentKey(), endpoint: 'https://ocr.tencentcloudapi.com' } },
		credentialTypes: { tencentCloudApi: new TencentCloudApi() },
		send: provider.send,
		recordRequests: false,
	});
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	return { output: result.output[0], calls: provider.calls, actions: provider.actions, seconds };
}

/**
 * What became of every attachment: the output items that name it (by input item and binary property).
 * An invoice file must give at least one item (an invoice or an error item), a logo or text file none.
 */
function accountFor(mails, output) {
	const byFile = new Map();
	const unattached = [];
	for (const item of output) {
		const key = `${item.pairedItem?.item}/${item.json.binaryProperty}`;
		if (item.json.binaryProperty === null || item.json.binaryProperty === undefined) unattached.push(item);
		else byFile.set(key, [...(byFile.get(key) ?? []), item]);
	}
	const tally = { attachments: 0, invoiceFiles: 0, errorFiles: 0, skipped: 0, invoices: 0, errors: 0, local: 0, cloud: 0, lost: [], unexpected: [] };
	mails.forEach((mail, m) => {
		mail.forEach((file, a) => {
			tally.attachments++;
			const items = byFile.get(`${m}/attachment_${a}`) ?? [];
			if (file.kind === 'skip') {
				if (items.length === 0) tally.skipped++;
				else tally.unexpected.push(`${file.fileName} in mail ${m + 1} gave ${items.length} item(s)`);
				return;
			}
			if (items.length === 0) {
				tally.lost.push(`${file.fileName} (${file.kind}) in mail ${m + 1}`);
				return;
			}
			const invoices = items.filter((item) => item.json.error === undefined);
			tally.invoices += invoices.length;
			tally.errors += items.length - invoices.length;
			if (invoices.length > 0) tally.invoiceFiles++;
			else tally.errorFiles++;
			if (invoices.some((item) => item.json.provider === 'local')) tally.local++;
			else if (invoices.length > 0) tally.cloud++;
		});
	});
	tally.errors += unattached.length;
	tally.unattached = unattached.length;
	return tally;
}

async function benchMailbox() {
	hr('What local-first saves: a mixed mailbox through VAT Invoice OCR (Tencent, All Binary Properties, defaults)');
	const { composeMailbox, describeMailbox } = require(path.join(repoRoot, 'test/support/mailbox.js'));
	const { pools, notes } = await mailboxPools();
	const counts = { pdf: 30, ofd: 20, xml: 10, zip: 10, image: 25, scan: 5, skip: 20 };
	const mailbox = composeMailbox({ pools, counts, mails: 60, seed: 13 });
	console.log(describeMailbox(mailbox));
	for (const note of notes) console.log(`note: ${note}`);

	const on = await runMailbox(mailbox.mails, true);
	const off = await runMailbox(mailbox.mails, false);
	const rows = [
		{ mode: 'local first on (default)', run: on, tally: accountFor(mailbox.mails, on.output) },
		{ mode: 'local first off (all to the cloud)', run: off, tally: accountFor(mailbox.mails, off.output) },
	];
	console.log('mode                                 read locally  provider calls  invoices  error items  skipped  output items  seconds');
	for (const { mode, run, tally } of rows) {
		const files = tally.attachments - tally.skipped;
		console.log(
			`${mode.padEnd(36)} ${`${tally.local}/${files} (${fmt((100 * tally.local) / files, 0)}%)`.padStart(12)}  ${String(run.calls).padStart(14)}  ${String(tally.invoices).padStart(8)}  ${String(tally.errors).padStart(11)}  ${String(tally.skipped).padStart(7)}  ${String(run.output.length).padStart(12)}  ${fmt(run.seconds, 2).padStart(7)}`,
		);
	}
	for (const { mode, tally } of rows) {
		const ok = tally.lost.length === 0 && tally.unexpected.length === 0 && tally.unattached === 0;
		console.log(
			`${mode}: ${tally.attachments} attachments = ${tally.invoiceFiles} files giving invoices + ${tally.errorFiles} files giving error items + ${tally.skipped} skipped` +
				` -> ${ok ? 'no file lost' : `LOST ${tally.lost.length}: ${tally.lost.slice(0, 5).join('; ')}${tally.unexpected.length ? `; unexpected: ${tally.unexpected.join('; ')}` : ''}`}`,
		);
	}
	for (const { mode, run } of rows) {
		const codes = {};
		for (const item of run.output) if (item.json.error !== undefined) codes[item.json.code] = (codes[item.json.code] ?? 0) + 1;
		const kinds = Object.entries(codes).map(([code, n]) => `${n} ${code}`);
		if (kinds.length) console.log(`   error items with ${mode}: ${kinds.join(', ')}`);
		const other = Object.keys(run.actions).filter((action) => action !== 'VatInvoiceOCR');
		if (other.length) console.log(`   unexpected provider actions with ${mode}: ${other.join(', ')}`);
	}
	const extra = rows[0].tally.invoices - rows[1].tally.invoices;
	if (extra > 0) console.log(`local first on also reads ${extra} invoices that VatInvoiceOCR does not take (OFD, 数电 XML, ZIP): they are error items without it`);

	const saved = off.calls - on.calls;
	const share = (100 * saved) / off.calls;
	console.log(`provider calls: ${off.calls} with local first off, ${on.calls} with it on: ${saved} saved (${fmt(share, 0)}% of this mailbox's calls)`);
	const priceArg = args.includes('--price-per-call') ? Number(args[args.indexOf('--price-per-call') + 1]) : NaN;
	const given = Number.isFinite(priceArg) && priceArg >= 0;
	const price = given ? priceArg : LIST_PRICE_CNY;
	const priceText = given
		? `${price} CNY per call (--price-per-call)`
		: `${price} CNY per call (Tencent's list price for VatInvoiceOCR, post-paid, up to 10,000 calls a month after the 1,000 free; ${PRICE_SOURCE})`;
	console.log(
		`money saved at ${priceText}: ${fmt(saved * price, 2)} CNY for this mailbox, ${fmt((saved / mailbox.mails.length) * 1000 * price, 2)} CNY per 1,000 such mails`,
	);
}

async function main() {
	if (args.includes('--quota-child')) {
		await quotaChild(args[args.indexOf('--quota-child') + 1]);
		return;
	}
	if (args.includes('--memory-child')) {
		await memoryChild(Number(args[args.indexOf('--memory-child') + 1]));
		return;
	}
	console.log(`n8n-nodes-fapiao benchmark — node ${process.version}, ${require('node:os').cpus().length} cores, ${new Date().toISOString()}`);
	if (!only || only === 'normalize') benchNormalize();
	if (!only || only === 'ofd') await benchOfd();
	if (!only || only === 'pdf') await benchPdf();
	if (!only || only === 'vat') await benchVat();
	if (!only || only === 'memory') benchMemory();
	if (!only || only === 'quota') await benchQuota();
	if (!only || only === 'mailbox') await benchMailbox();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
