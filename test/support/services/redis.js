'use strict';
/*
 * A throwaway Redis on 127.0.0.1 for tests (Debian's redis-server; installed with apt-get when missing):
 *
 *   const redis = await startRedis({ log });   // { host, port, stop() }
 *   ...; await redis.stop();                   // kills it and removes its folder
 *
 * Own port and temp folder, no persistence; the package's own service (6379) is left alone.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ensurePackage, getFreePort, waitFor, canConnect } = require('./apt');

const REDIS = '/usr/bin/redis-server';

async function startRedis(options = {}) {
	const log = options.log || (() => {});
	ensurePackage('redis-server', () => fs.existsSync(REDIS), log);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fapiao-redis-'));
	const port = await getFreePort();
	const pidfile = path.join(dir, 'redis.pid');
	const r = spawnSync(
		REDIS,
		['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'yes', '--pidfile', pidfile, '--logfile', path.join(dir, 'redis.log')],
		{ encoding: 'utf8', timeout: 30000 },
	);
	if (r.status !== 0) throw new Error(`redis-server did not start (${r.status}): ${r.stderr || r.stdout}`);
	await waitFor(`Redis on 127.0.0.1:${port}`, async () => fs.existsSync(pidfile) && (await canConnect(port)), 20000);
	const pid = Number(fs.readFileSync(pidfile, 'utf8').trim());
	log(`redis on 127.0.0.1:${port} (pid ${pid})`);
	return {
		host: '127.0.0.1',
		port,
		pid,
		async stop() {
			try {
				process.kill(pid, 'SIGTERM');
			} catch {
				/* already gone */
			}
			await waitFor('Redis to stop', async () => {
				try {
					process.kill(pid, 0);
					return false;
				} catch {
					return true;
				}
			}, 10000).catch(() => {
				try {
					process.kill(pid, 'SIGKILL');
				} catch {
					/* gone */
				}
			});
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

module.exports = { startRedis };
