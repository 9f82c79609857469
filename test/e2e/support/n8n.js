'use strict';
/*
 * A real n8n for end-to-end tests, with this package installed the way n8n installs a community
 * package. Plain Node (TypeScript tests may not spawn processes themselves).
 *
 *   const n8n = await prepareN8n({ version: '1' });        // or '2'; default N8N_E2E_VERSION || '1'
 *   await n8n.importCredentials([{ name, type, data }]);   // -> the same list with ids
 *   const id = await n8n.importWorkflow(workflowJson);     // -> workflow id
 *   const run = await n8n.executeWorkflow(id);             // `n8n execute --id … --rawOutput`, parsed
 *   run.ok; run.items('Set');                              // json of one node's first output
 *   const server = await n8n.startN8n();                   // `n8n start` on a free 127.0.0.1 port, owner set up
 *   await server.stop(); await n8n.cleanup();
 *
 * The n8n itself comes from scripts/install-n8n.js (cached in .cache/). Each prepareN8n() gets its own
 * N8N_USER_FOLDER in the OS temp dir, so tests never share a database.
 */
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { getFreePort, signalGroup, stopGroup } = require('../../support/processes');

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const installer = require(path.join(repoRoot, 'scripts', 'install-n8n.js'));

const ENCRYPTION_KEY = 'fapiao-e2e-fixed-encryption-key-not-a-secret';
const OWNER = Object.freeze({ email: 'owner@fapiao-e2e.invalid', firstName: 'E2E', lastName: 'Owner', password: 'Fapiao-e2e-Passw0rd' });

/** Environment that keeps n8n quiet, local and off the network. */
function baseEnv(userFolder, version, extra = {}) {
	// Only a few variables from outside: jest sets NODE_ENV=test, under which n8n skips loading nodes
	// and `start` exits; a surrounding n8n, npm run or NODE_OPTIONS must not leak in either.
	const env = {};
	for (const k of ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LC_ALL', 'TMPDIR', 'TMP', 'TEMP']) {
		if (process.env[k] !== undefined) env[k] = process.env[k];
	}
	return {
		...env,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_RUNNERS_ENABLED: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		N8N_LOG_LEVEL: 'warn',
		N8N_LOG_OUTPUT: 'console',
		N8N_SENTRY_DSN: '',
		N8N_FRONTEND_SENTRY_DSN: '',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		NO_COLOR: '1',
		CI: 'true',
		// 2.x: the MCP server registry module fetches a catalogue from n8n's servers at start.
		...(version === '2' ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		...extra,
	};
}

function randomId(length = 16) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = crypto.randomBytes(length);
	let out = '';
	for (const b of bytes) out += alphabet[b % alphabet.length];
	return out;
}

/** Every top-level JSON object printed at column 0 ("{" ... "}" lines), in order. */
function jsonBlocks(text) {
	const lines = text.split(/\r?\n/);
	const blocks = [];
	for (let i = 0; i < lines.length; i++) {
		if (lines[i] !== '{' && !/^\{".*\}$/.test(lines[i])) continue;
		if (lines[i] !== '{') {
			try {
				blocks.push(JSON.parse(lines[i]));
			} catch {
				/* not JSON after all */
			}
			continue;
		}
		for (let j = i + 1; j < lines.length; j++) {
			if (lines[j] !== '}') continue;
			try {
				blocks.push(JSON.parse(lines.slice(i, j + 1).join('\n')));
				i = j;
				break;
			} catch {
				/* a nested "}" line: keep looking */
			}
		}
	}
	return blocks;
}

/**
 * Reads what `n8n execute --rawOutput` printed: the run (IRun) as pretty JSON, possibly among log
 * lines; on failure n8n 1.x logs the run after "Execution was NOT successful".
 */
function parseExecuteOutput(stdout, stderr = '') {
	const candidates = [...jsonBlocks(stdout), ...jsonBlocks(stderr)].filter((b) => b && b.data && b.data.resultData);
	const run = candidates.length ? candidates[candidates.length - 1] : null;
	return run;
}

function packProject(packageDir, destination) {
	const r = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
		cwd: packageDir,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, npm_config_update_notifier: 'false' },
	});
	if (r.status !== 0) throw new Error(`npm pack failed: ${r.stderr || r.stdout}`);
	const start = r.stdout.indexOf('[');
	const info = JSON.parse(r.stdout.slice(start))[0];
	return { file: path.join(destination, info.filename), info };
}

/**
 * @param {{ version?: '1'|'2'|string|number, packageDir?: string, install?: boolean, env?: Record<string,string>, keep?: boolean, log?: (line: string) => void }} [options]
 */
async function prepareN8n(options = {}) {
	const version = installer.normalizeMajor(options.version === undefined ? process.env.N8N_E2E_VERSION : options.version);
	const log = options.log || (() => {});
	const paths = options.install === false ? installer.n8nPaths(version) : installer.ensureN8n(version);
	if (!installer.isInstalled(version)) throw new Error(`n8n ${paths.n8nVersion} is not installed: run node scripts/install-n8n.js --version ${version}`);

	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `fapiao-n8n${version}-`));
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const pkgDir = path.join(nodesDir, 'node_modules', 'n8n-nodes-fapiao');
	fs.mkdirSync(pkgDir, { recursive: true });

	// The package as npm would publish it, unpacked where n8n's community-package installer puts it.
	const packageDir = options.packageDir || repoRoot;
	const { file: tarball, info } = packProject(packageDir, userFolder);
	const tar = spawnSync('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1'], { encoding: 'utf8' });
	if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
	fs.symlinkSync(paths.n8nWorkflowDir, path.join(nodesDir, 'node_modules', 'n8n-workflow'), 'dir');
	const packageJson = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [packageJson.name]: packageJson.version } }, null, 2) + '\n',
	);
	const n8nField = packageJson.n8n || {};
	const files = info.files ? info.files.map((f) => f.path) : [];
	const listed = [...(n8nField.nodes || []), ...(n8nField.credentials || [])];
	const packageInfo = {
		name: packageJson.name,
		version: packageJson.version,
		nodes: n8nField.nodes || [],
		credentials: n8nField.credentials || [],
		files,
		/** files package.json's "n8n" field lists that are not in the tarball (e.g. dist not built) */
		missing: listed.filter((f) => !files.includes(f.replace(/^\.\//, ''))),
		hasNodes: (n8nField.nodes || []).length > 0,
	};
	log(`n8n ${paths.n8nVersion} with ${packageJson.name}@${packageJson.version} (${packageInfo.nodes.length} nodes, ${packageInfo.credentials.length} credentials) in ${userFolder}`);

	const env = baseEnv(userFolder, version, options.env);
	const children = new Set();
	let counter = 0;

	/**
	 * Runs one n8n CLI command to its end.
	 * @param {string[]} args
	 * @param {{ timeoutMs?: number, env?: Record<string,string> }} [opts]
	 * @returns {Promise<{ code: number|null, signal: string|null, stdout: string, stderr: string, ms: number }>}
	 */
	async function run(args, opts = {}) {
		const timeoutMs = opts.timeoutMs || 5 * 60 * 1000;
		const started = Date.now();
		// n8n 2.x always starts its task broker, by default on port 5679: give each process its own.
		const brokerPort = String(await getFreePort());
		// stdout and stderr go to files, not pipes: n8n exits right after printing a large run, and a
		// pipe still holding part of it loses the rest (seen: a 4 MB run cut at 0.4 MB); a file is written
		// synchronously, so it always holds the whole output.
		const outDir = fs.mkdtempSync(path.join(userFolder, 'run-'));
		const outFile = path.join(outDir, 'stdout.txt');
		const errFile = path.join(outDir, 'stderr.txt');
		const outFd = fs.openSync(outFile, 'w');
		const errFd = fs.openSync(errFile, 'w');
		const readOutputs = () => {
			const read = (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
			const result = { stdout: read(outFile), stderr: read(errFile) };
			fs.rmSync(outDir, { recursive: true, force: true });
			return result;
		};
		return new Promise((resolve, reject) => {
			let child;
			try {
				child = spawn(paths.nodeBin, [paths.n8nBin, ...args], {
					cwd: userFolder,
					env: { ...env, N8N_RUNNERS_BROKER_PORT: brokerPort, ...(opts.env || {}) },
					stdio: ['ignore', outFd, errFd],
					detached: true,
				});
			} finally {
				fs.closeSync(outFd);
				fs.closeSync(errFd);
			}
			children.add(child);
			const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), timeoutMs);
			child.on('error', (error) => {
				clearTimeout(timer);
				children.delete(child);
				readOutputs();
				reject(error);
			});
			child.on('close', (code, signal) => {
				clearTimeout(timer);
				children.delete(child);
				const ms = Date.now() - started;
				const { stdout, stderr } = readOutputs();
				log(`n8n ${args.join(' ')} -> ${code === null ? signal : code} in ${ms} ms`);
				if (signal === 'SIGKILL' && ms >= timeoutMs) {
					reject(new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`));
					return;
				}
				resolve({ code, signal, stdout, stderr, ms });
			});
		});
	}

	function writeImportFile(prefix, data) {
		const dir = path.join(userFolder, 'import');
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `${prefix}-${++counter}.json`);
		fs.writeFileSync(file, JSON.stringify(data, null, 2));
		return file;
	}

	/**
	 * @param {Array<{ id?: string, name: string, type: string, data: Record<string, unknown> }>} list
	 * @returns {Promise<Array<{ id: string, name: string, type: string }>>}
	 */
	async function importCredentials(list) {
		const creds = list.map((c) => ({ id: c.id || randomId(), name: c.name, type: c.type, data: c.data }));
		const file = writeImportFile('credentials', creds);
		const r = await run(['import:credentials', `--input=${file}`]);
		if (r.code !== 0) throw new Error(`n8n import:credentials failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
		return creds.map(({ id, name, type }) => ({ id, name, type }));
	}

	/**
	 * @param {object} workflow  n8n workflow JSON (nodes, connections; id and name optional)
	 * @returns {Promise<string>} its id
	 */
	async function importWorkflow(workflow) {
		const wf = JSON.parse(JSON.stringify(workflow));
		wf.id = wf.id || randomId();
		wf.name = wf.name || `e2e ${wf.id}`;
		wf.active = false;
		wf.settings = wf.settings || {};
		wf.connections = wf.connections || {};
		const file = writeImportFile('workflow', [wf]);
		const r = await run(['import:workflow', `--input=${file}`]);
		if (r.code !== 0) throw new Error(`n8n import:workflow failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
		return wf.id;
	}

	/**
	 * @param {string} id
	 * @param {{ timeoutMs?: number }} [opts]
	 */
	async function executeWorkflow(id, opts = {}) {
		// n8n prints the run through its logger at level info, so the level must be info at least.
		const r = await run(['execute', `--id=${id}`, '--rawOutput'], { ...opts, env: { N8N_LOG_LEVEL: 'info', ...(opts.env || {}) } });
		const data = parseExecuteOutput(r.stdout, r.stderr);
		const resultData = data ? data.data.resultData : null;
		const error = resultData && resultData.error ? resultData.error : null;
		const status = data ? data.status || (data.finished ? 'success' : 'error') : 'unknown';
		// n8n's default "vm" expression engine (isolated-vm) sometimes crashes the process with SIGSEGV
		// while it is disposed at exit, after the run was saved and printed (seen on 1.123 / Node 20 and
		// 2.40 / Node 24, never with N8N_EXPRESSION_ENGINE=legacy). A complete printed run counts; the
		// crash is reported in crashedOnExit.
		const crashedOnExit = r.signal === 'SIGSEGV' || r.code === 139;
		const exitedCleanly = r.code === 0 || (crashedOnExit && !!data && data.finished === true);
		return {
			ok: exitedCleanly && !!data && !error && status === 'success',
			exitCode: r.code,
			signal: r.signal,
			crashedOnExit,
			status,
			data,
			error,
			runData: resultData ? resultData.runData : {},
			lastNodeExecuted: resultData ? resultData.lastNodeExecuted : null,
			/** json of one node's items: output 0 of its last run unless told otherwise */
			items(nodeName, { output = 0, run: runIndex = -1 } = {}) {
				const runs = (resultData && resultData.runData[nodeName]) || [];
				const one = runs[runIndex < 0 ? runs.length + runIndex : runIndex];
				const main = one && one.data && one.data.main ? one.data.main[output] || [] : [];
				return main.map((item) => item.json);
			},
			/** the error of one node's last run, if any */
			nodeError(nodeName) {
				const runs = (resultData && resultData.runData[nodeName]) || [];
				const last = runs[runs.length - 1];
				return last && last.error ? last.error : null;
			},
			stdout: r.stdout,
			stderr: r.stderr,
			ms: r.ms,
		};
	}

	/**
	 * `n8n start` on a free 127.0.0.1 port; waits until /healthz answers and, by default, sets up the
	 * owner account through the REST API.
	 * @param {{ port?: number, owner?: boolean, timeoutMs?: number, env?: Record<string,string> }} [opts]
	 */
	async function startN8n(opts = {}) {
		const port = opts.port || (await getFreePort());
		const url = `http://127.0.0.1:${port}`;
		const child = spawn(paths.nodeBin, [paths.n8nBin, 'start'], {
			cwd: userFolder,
			env: {
				...env,
				N8N_PORT: String(port),
				N8N_RUNNERS_BROKER_PORT: String(await getFreePort()),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: '127.0.0.1',
				N8N_PROTOCOL: 'http',
				N8N_EDITOR_BASE_URL: `${url}/`,
				WEBHOOK_URL: `${url}/`,
				N8N_LOG_LEVEL: opts.env && opts.env.N8N_LOG_LEVEL ? opts.env.N8N_LOG_LEVEL : 'info',
				...(opts.env || {}),
			},
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		children.add(child);
		let output = '';
		child.stdout.on('data', (c) => (output += c));
		child.stderr.on('data', (c) => (output += c));
		let exited = null;
		child.on('exit', (code, signal) => {
			exited = { code, signal };
			children.delete(child);
		});
		const deadline = Date.now() + (opts.timeoutMs || 3 * 60 * 1000);
		// /healthz/readiness answers as soon as the database is ready; the REST routes (1.x) are mounted
		// a little later, so wait for the public /rest/settings as well.
		for (;;) {
			if (exited) throw new Error(`n8n start exited (${exited.code ?? exited.signal}) before it answered:\n${output}`);
			try {
				const ready = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
				const settings = ready.ok ? await fetch(`${url}/rest/settings`, { signal: AbortSignal.timeout(5000) }) : null;
				if (settings && settings.ok) break;
			} catch {
				/* not listening yet */
			}
			if (Date.now() > deadline) {
				stopChild(child);
				throw new Error(`n8n start did not answer on ${url} in time:\n${output}`);
			}
			await new Promise((r) => setTimeout(r, 500));
		}
		let cookie = null;
		async function rest(method, route, body) {
			const res = await fetch(`${url}/rest${route}`, {
				method,
				headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const setCookie = res.headers.get('set-cookie');
			if (setCookie) cookie = setCookie.split(';')[0];
			const text = await res.text();
			let json = null;
			try {
				json = text ? JSON.parse(text) : null;
			} catch {
				json = null;
			}
			return { status: res.status, json, text };
		}
		if (opts.owner !== false) {
			const r = await rest('POST', '/owner/setup', OWNER);
			if (r.status !== 200) throw new Error(`owner setup failed: HTTP ${r.status} ${r.text}`);
		}
		return {
			url,
			port,
			owner: opts.owner !== false ? { email: OWNER.email, password: OWNER.password } : null,
			get cookie() {
				return cookie;
			},
			rest,
			output: () => output,
			/** the process id; n8n runs in its own process group (-pid) */
			pid: child.pid,
			/** sends `signal` to n8n's whole process group (e.g. SIGKILL to simulate a crash); resolves on exit */
			kill(signal = 'SIGKILL') {
				const gone = exited ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
				signalGroup(child, signal);
				return gone;
			},
			stop: () => stopChild(child),
		};
	}

	function stopChild(child) {
		return stopGroup(child, 10000);
	}

	async function cleanup() {
		await Promise.all([...children].map((c) => stopChild(c)));
		if (!options.keep && !process.env.FAPIAO_E2E_KEEP) fs.rmSync(userFolder, { recursive: true, force: true });
	}

	return {
		version,
		n8nVersion: paths.n8nVersion,
		nodeVersion: paths.nodeVersion,
		userFolder,
		packageInfo,
		env,
		run,
		importCredentials,
		importWorkflow,
		executeWorkflow,
		startN8n,
		cleanup,
	};
}

module.exports = { prepareN8n, parseExecuteOutput, jsonBlocks, baseEnv, OWNER, ENCRYPTION_KEY };
