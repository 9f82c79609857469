#!/usr/bin/env node
'use strict';
/*
 * npm run test:queue — VAT Invoice OCR in n8n queue mode against one account-wide quota.
 *
 *   1. Redis and PostgreSQL (test/support/services, installed with apt-get when missing) on 127.0.0.1;
 *      the provider emulator with one quota per account of 10 VatInvoiceOCR calls/s and 300 ms latency.
 *   2. n8n (1.x; N8N_E2E_VERSION=2 for 2.x) main + 2 workers (`n8n worker --concurrency=4`), one
 *      database, one Redis, one encryption key, the package installed in the user folder every process
 *      loads community packages from. A webhook workflow: Webhook -> Code (one item per URL) -> VAT
 *      Invoice OCR (URL input, Continue On Fail) -> answers with all items.
 *   3. 8 executions of 40 URL invoices fired at once; then 4 at once in one n8n process (regular mode).
 *
 * Prints one line per run, the queue-mode run first, then the single process (W = 1), in the form
 * (the word "workers" is kept even for 1, so that one pattern reads both lines):
 *   queue: <N> items in <E> executions on <W> workers, <L> lost, <R> req/s = <Q> of the quota, <T> throttled of <C> calls
 * where lost = items that did not come out read, R = the rate the emulator admitted calls at (from the
 * first admitted call to the last), T and C the emulator's throttled and total VatInvoiceOCR calls.
 * Fails (exit 1) when an item is lost. The rate targets (>= 0.85 of the quota across 2 workers, >= 0.9 in
 * one process, <= 5% of the calls throttled) are checked only with --strict (or QUEUE_STRICT=1): they
 * depend on how busy the machine is (docs/benchmarks.md has the figures of repeated runs).
 * --verbose logs the steps; --timeline FILE writes every rate-checked call of both runs (when it arrived,
 * admitted or not, its execution and, in queue mode, the worker that ran it) as JSON, to see how the
 * workers shared the quota second by second.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');

const repoRoot = path.resolve(__dirname, '..', '..');
const { prepareN8n } = require(path.join(repoRoot, 'test/e2e/support/n8n.js'));
const installer = require(path.join(repoRoot, 'scripts/install-n8n.js'));
const { startEmulator, DEMO_KEYS } = require(path.join(repoRoot, 'test/emulator/server.js'));
const { startRedis } = require(path.join(repoRoot, 'test/support/services/redis.js'));
const { startPostgres } = require(path.join(repoRoot, 'test/support/services/postgres.js'));
const { getFreePort, waitFor } = require(path.join(repoRoot, 'test/support/services/apt.js'));
const { stopGroup } = require(path.join(repoRoot, 'test/support/processes.js'));

const QUOTA = 10;
const LATENCY_MS = 300;
const ITEMS = 40;
const QUEUE_EXECUTIONS = 8;
const SINGLE_EXECUTIONS = 4;
const WORKERS = 2;
const verbose = process.argv.includes('--verbose');
const strict = process.argv.includes('--strict') || process.env.QUEUE_STRICT === '1';
/** --timeline FILE: writes every rate-checked call (when, admitted or not, execution, worker) as JSON. */
const timelineFile = process.argv.includes('--timeline') ? process.argv[process.argv.indexOf('--timeline') + 1] : null;
const timeline = timelineFile ? [] : null;
const timelines = {};
/** The targets: share of the quota reached (per run) and share of the calls throttled. */
const TARGETS = { queue: 0.85, single: 0.9, throttled: 0.05 };
const log = (line) => {
	if (verbose) console.error(`[queue] ${line}`);
};

const PNG = fs.readFileSync(path.join(repoRoot, 'test/fixtures/images/guanshuicheng_invoice_vat-e-common.png'));

function workflow(credential, webhookPath) {
	const node = (name, type, typeVersion, parameters, position, extra = {}) => ({
		id: crypto.randomUUID(),
		name,
		type,
		typeVersion,
		position,
		parameters,
		...extra,
	});
	return {
		name: `quota ${webhookPath}`,
		nodes: [
			node('Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} }, [0, 0], {
				webhookId: crypto.randomUUID(),
			}),
			node('URLs', 'n8n-nodes-base.code', 2, { jsCode: timeline
					? 'return $input.first().json.body.urls.map((url) => ({ json: { url: `${url}#x=${$execution.id}` } }));'
					: 'return $input.first().json.body.urls.map((url) => ({ json: { url } }));',
			}, [220, 0]),
			node(
				'VAT Invoice OCR',
				'n8n-nodes-fapiao.vatInvoiceOcr',
				1,
				{ provider: 'tencent', inputType: 'url', url: '={{ $json.url }}' },
				[440, 0],
				{ credentials: { tencentCloudApi: { id: credential.id, name: credential.name } }, onError: 'continueRegularOutput' },
			),
		],
		connections: {
			Webhook: { main: [[{ node: 'URLs', type: 'main', index: 0 }]] },
			URLs: { main: [[{ node: 'VAT Invoice OCR', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Imports the credential and the webhook workflow, and activates it (before `n8n start`). */
async function setUp(n8n, emulator, webhookPath) {
	const key = DEMO_KEYS.tencent[0];
	const [credential] = await n8n.importCredentials([
		{ name: 'Tencent (emulator)', type: 'tencentCloudApi', data: { secretId: key.secretId, secretKey: key.secretKey, region: 'ap-guangzhou', endpoint: emulator.url } },
	]);
	const id = await n8n.importWorkflow(workflow(credential, webhookPath));
	const r = await n8n.run(['update:workflow', `--id=${id}`, '--active=true']);
	if (r.code !== 0) throw new Error(`activating the workflow failed:\n${r.stdout}\n${r.stderr}`);
}

/** Fires `executions` webhook calls at once, each with ITEMS distinct URLs; counts what came out read. */
async function fire(baseUrl, webhookPath, emulator, executions, tag) {
	emulator.reset(); // (this also forgets the files: put them after)
	if (timeline) timeline.length = 0;
	const batches = Array.from({ length: executions }, (_, e) =>
		Array.from({ length: ITEMS }, (_, i) => emulator.putFile(`${tag}-${e}-${i}.png`, PNG)),
	);
	const started = Date.now();
	const answers = await Promise.all(
		batches.map(async (urls) => {
			const res = await fetch(`${baseUrl}/webhook/${webhookPath}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ urls }),
				signal: AbortSignal.timeout(10 * 60 * 1000),
			});
			const text = await res.text();
			let items = [];
			try {
				items = JSON.parse(text);
			} catch {
				log(`execution answered HTTP ${res.status}: ${text.slice(0, 500)}`);
			}
			return Array.isArray(items) ? items : [items];
		}),
	);
	const seconds = (Date.now() - started) / 1000;
	const items = answers.flat();
	const read = items.filter((item) => item && item.error === undefined && item.requestId).length;
	const errors = items.filter((item) => item && item.error !== undefined).map((item) => `${item.code}: ${item.error}`);
	if (errors.length) log(`first errors: ${errors.slice(0, 3).join(' | ')}`);
	const api = emulator.stats().apis['tencent:VatInvoiceOCR'] || { requests: 0, throttled: 0, admitted: 0 };
	// The rate the provider saw: admitted calls over the time from the first to the last one (n calls
	// span n - 1 gaps). Wall-clock figures (n8n's own start-up and answer included) go to --verbose.
	const span = (api.lastAdmittedAt - api.firstAdmittedAt) / 1000;
	const rate = api.admitted > 1 && span > 0 ? (api.admitted - 1) / span : 0;
	log(`${tag}: ${api.admitted} admitted in ${span.toFixed(1)} s at the emulator; ${seconds.toFixed(1)} s from firing to the last answer (${(read / seconds).toFixed(2)} items/s)`);
	if (timeline) timelines[tag] = timeline.map((e) => ({ t: e.t, ok: e.ok, exec: (/#x=(\d+)/.exec(e.ref) || [])[1] || '' }));
	return { total: executions * ITEMS, lost: executions * ITEMS - read, seconds, rate, calls: api.requests, throttled: api.throttled };
}

function line(executions, workers, r) {
	const rate = r.rate;
	return `queue: ${r.total} items in ${executions} executions on ${workers} workers, ${r.lost} lost, ${rate.toFixed(2)} req/s = ${(rate / QUOTA).toFixed(2)} of the quota, ${r.throttled} throttled of ${r.calls} calls`;
}

/** `n8n worker` with the main's environment; resolves once it says it is ready. */
async function startWorker(n8n, env, index) {
	const paths = installer.n8nPaths(n8n.version);
	const child = spawn(paths.nodeBin, [paths.n8nBin, 'worker', '--concurrency=4'], {
		cwd: n8n.userFolder,
		env: {
			...n8n.env,
			...env,
			N8N_RUNNERS_BROKER_PORT: String(await getFreePort()),
			QUEUE_HEALTH_CHECK_PORT: String(await getFreePort()),
			N8N_PORT: String(await getFreePort()),
			N8N_LOG_LEVEL: 'info',
		},
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	let exited = null;
	child.stdout.on('data', (c) => (output += c));
	child.stderr.on('data', (c) => (output += c));
	child.on('exit', (code, signal) => (exited = { code, signal }));
	await waitFor(
		`worker ${index} to be ready`,
		async () => {
			if (exited) throw new Error(`worker ${index} exited (${exited.code ?? exited.signal}):\n${output.slice(-3000)}`);
			return /worker is now ready|Worker started|ready to receive/i.test(output);
		},
		3 * 60 * 1000,
		500,
	).catch((error) => {
		throw exited ? new Error(`worker ${index} exited (${exited.code ?? exited.signal}):\n${output.slice(-3000)}`) : error;
	});
	log(`worker ${index} ready`);
	return {
		output: () => output,
		async stop() {
			if (exited) return;
			await stopGroup(child, 15000);
		},
	};
}

/** Redis, PostgreSQL and one n8n user folder (package, credential, active workflow) for both runs. */
async function prepare(emulator, cleanups) {
	const redis = await startRedis({ log });
	cleanups.push(() => redis.stop());
	const pg = await startPostgres({ log });
	cleanups.push(() => pg.stop());
	await pg.createDatabase('n8n');
	const env = {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: 'n8n',
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
	};
	const n8n = await prepareN8n({ env, log });
	cleanups.push(() => n8n.cleanup());
	await setUp(n8n, emulator, 'quota');
	return { n8n, env };
}

/** Main + WORKERS workers in queue mode; QUEUE_EXECUTIONS at once. */
async function queueRun({ n8n, env }, emulator, cleanups) {
	const queueEnv = { ...env, EXECUTIONS_MODE: 'queue' };
	const main = await n8n.startN8n({ env: { ...queueEnv, N8N_LOG_LEVEL: 'warn' } });
	cleanups.push(() => main.stop());
	const workers = [];
	for (let i = 1; i <= WORKERS; i++) {
		const worker = await startWorker(n8n, queueEnv, i);
		cleanups.push(() => worker.stop());
		workers.push(worker);
	}
	const result = await fire(main.url, 'quota', emulator, QUEUE_EXECUTIONS, 'queue');
	// Which workers ran executions: each logs the executions it starts.
	const used = workers.filter((w) => /execution/i.test(w.output().split('ready').slice(1).join('ready'))).length;
	log(`workers that logged executions: ${used} of ${workers.length}`);
	if (timeline) {
		// Which worker ran which execution: each logs "… execution <id> …" when it starts one.
		const workerOf = {};
		workers.forEach((w, i) => {
			for (const m of w.output().matchAll(/execution (\d+)/gi)) workerOf[m[1]] = workerOf[m[1]] || `w${i + 1}`;
		});
		for (const e of timelines.queue || []) e.worker = workerOf[e.exec] || '?';
	}
	return { ...result, workers: used || workers.length };
}

/** The same n8n in regular mode: one process runs SINGLE_EXECUTIONS at once. */
async function singleRun({ n8n, env }, emulator, cleanups) {
	const main = await n8n.startN8n({ owner: false, env: { ...env, EXECUTIONS_MODE: 'regular', N8N_LOG_LEVEL: 'warn' } });
	cleanups.push(() => main.stop());
	return { ...(await fire(main.url, 'quota', emulator, SINGLE_EXECUTIONS, 'single')), workers: 1 };
}

async function main() {
	const started = Date.now();
	const emulator = await startEmulator({ port: 0, rateLimits: { 'tencent:VatInvoiceOCR': QUOTA }, latency: { fixedMs: LATENCY_MS, jitterMs: 0 }, ...(timeline ? { timeline } : {}) });
	const failures = [];
	const shared = [];
	const runCleanups = async (list) => {
		for (const cleanup of list.reverse()) {
			try {
				await cleanup();
			} catch (error) {
				console.error(`cleanup: ${error.message}`);
			}
		}
		list.length = 0;
	};
	try {
		const setup = await prepare(emulator, shared);
		log(`set up in ${((Date.now() - started) / 1000).toFixed(0)} s`);
		for (const [label, run, executions, target] of [
			['queue mode', queueRun, QUEUE_EXECUTIONS, TARGETS.queue],
			['one process', singleRun, SINGLE_EXECUTIONS, TARGETS.single],
		]) {
			const cleanups = [];
			try {
				const result = await run(setup, emulator, cleanups);
				console.log(line(executions, result.workers, result));
				if (result.lost > 0) {
					failures.push(`${label}: ${result.lost} items lost`);
				}
				const ofQuota = result.rate / QUOTA;
				const throttled = result.calls > 0 ? result.throttled / result.calls : 0;
				if (strict && ofQuota < target) failures.push(`${label}: ${ofQuota.toFixed(2)} of the quota, below ${target}`);
				if (strict && throttled > TARGETS.throttled) failures.push(`${label}: ${(throttled * 100).toFixed(1)}% of the calls throttled, above ${TARGETS.throttled * 100}%`);
			} finally {
				await runCleanups(cleanups);
			}
		}
	} finally {
		await runCleanups(shared);
		await emulator.close();
	}
	if (timelineFile) fs.writeFileSync(timelineFile, JSON.stringify(timelines));
	console.error(`test:queue took ${((Date.now() - started) / 1000).toFixed(0)} s`);
	if (failures.length > 0) {
		console.error(`FAILED: ${failures.join('; ')}`);
		process.exitCode = 1;
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
