'use strict';
/*
 * Shared by the service helpers: a free 127.0.0.1 port, apt-get (as root or `sudo -n`, never a prompt)
 * and bounded waits. Plain Node (the TypeScript tests may not spawn processes themselves).
 */
const { getFreePort } = require('../processes');
const net = require('node:net');
const { spawnSync } = require('node:child_process');

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** apt-get as root, or through `sudo -n` (never a password prompt) when not root. */
function aptGet(args, timeoutMs = 10 * 60 * 1000) {
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const [cmd, argv] = isRoot() ? ['apt-get', args] : ['sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]];
	const r = spawnSync(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: timeoutMs });
	if (r.error) return { ok: false, text: String(r.error.message) };
	return { ok: r.status === 0, text: `${r.status ?? r.signal}: ${(r.stderr || '').slice(-3000)}` };
}

/** Installs a Debian package when `present()` says it is missing; throws with what to do otherwise. */
function ensurePackage(name, present, log = () => {}) {
	if (present()) return 0;
	const started = Date.now();
	for (const args of [['update', '-qq'], ['install', '-y', '-qq', name]]) {
		log(`apt-get ${args.join(' ')} ...`);
		const r = aptGet(args);
		if (!r.ok) throw new Error(`${name} is missing and apt-get ${args.join(' ')} failed (${r.text}). Install it: sudo apt-get install -y ${name}`);
	}
	if (!present()) throw new Error(`apt-get installed ${name} but it is still not found`);
	return Date.now() - started;
}

/** Polls `check` (async, true when ready) every `everyMs` until `timeoutMs`; throws `what` on time-out. */
async function waitFor(what, check, timeoutMs = 30000, everyMs = 200) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			if (await check()) return;
		} catch {
			/* not yet */
		}
		if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, everyMs));
	}
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function canConnect(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

module.exports = { aptGet, ensurePackage, getFreePort, waitFor, canConnect, isRoot };
