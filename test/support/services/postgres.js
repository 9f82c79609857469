'use strict';
/*
 * A throwaway PostgreSQL on 127.0.0.1 for tests (Debian's postgresql; installed with apt-get when
 * missing). It will not run as root, so as root initdb and pg_ctl run as `postgres` through runuser.
 *
 *   const pg = await startPostgres({ log });  // { host, port, user: 'postgres', password: '', database: 'postgres', stop() }
 *   await pg.createDatabase('n8n');
 *   ...; await pg.stop();                     // pg_ctl stop -m fast, then its folder is removed
 *
 * Own port, socket folder and data folder in a temp dir (trust authentication on 127.0.0.1 only); the
 * package's own cluster on 5432 is left alone.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ensurePackage, getFreePort, isRoot } = require('./apt');

function binDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return null;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : null;
}

/** Runs a PostgreSQL program as `postgres` when we are root (it refuses root), else as ourselves. */
function asPostgres(program, args, timeoutMs = 60000) {
	const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
	const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
	if (r.error) throw r.error;
	return r;
}

async function startPostgres(options = {}) {
	const log = options.log || (() => {});
	ensurePackage('postgresql', () => binDir() !== null, log);
	const bin = binDir();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fapiao-pg-'));
	fs.chmodSync(dir, 0o755);
	if (isRoot()) spawnSync('chown', ['postgres:postgres', dir]);
	const data = path.join(dir, 'data');
	const port = await getFreePort();
	const init = asPostgres(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
	if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
	const pgCtl = path.join(bin, 'pg_ctl');
	const start = asPostgres(pgCtl, ['-D', data, '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start'], 90000);
	if (start.status !== 0) {
		const logText = fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8').slice(-2000) : '';
		throw new Error(`pg_ctl start failed: ${start.stderr || start.stdout}\n${logText}`);
	}
	log(`postgres on 127.0.0.1:${port} (${bin})`);
	const psql = (sql) => {
		const r = spawnSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
			encoding: 'utf8',
			timeout: 30000,
		});
		if (r.status !== 0) throw new Error(`psql ${sql} failed: ${r.stderr}`);
		return r.stdout;
	};
	return {
		host: '127.0.0.1',
		port,
		user: 'postgres',
		password: '',
		database: 'postgres',
		psql,
		async createDatabase(name) {
			if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
			psql(`CREATE DATABASE ${name}`);
		},
		async stop() {
			asPostgres(pgCtl, ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop'], 60000);
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

module.exports = { startPostgres };
