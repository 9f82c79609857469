#!/usr/bin/env node
'use strict';
/*
 * npm run emulator -- [--port 9000] [--latency 300] [--jitter 200] [--rate tencent:VatInvoiceOCR=10]...
 *                     [--fixtures rules.json] [--faults faults.json] [--seed 1] [--quiet] [--no-signatures]
 *
 * Starts the provider emulator on 127.0.0.1 and prints what to put in the credentials.
 */
const fs = require('node:fs');
const path = require('node:path');
const { startEmulator, DEMO_KEYS, DEFAULT_RATE_LIMITS } = require('./server');

const HELP = `Usage: npm run emulator -- [options]

  --port N            port on 127.0.0.1 (default 9000; 0 = any free port)
  --latency MS        fixed delay added to every answer (default 300)
  --jitter MS         plus a random delay up to MS (default 200)
  --rate API=N        requests per second per account (SecretId / AccessKey) for one API, across all
                      connections, e.g. tencent:VatInvoiceOCR=10 or qiniu:vat-invoice=5
                      (repeatable; 0 = unlimited). Defaults: ${Object.entries(DEFAULT_RATE_LIMITS)
		.map(([k, v]) => `${k}=${v}`)
		.join(', ')}
  --fixtures FILE     JSON per-file answers: [{ "sha256"|"url", "api"?, "response"|"error" }] or { "<sha256|url>": response }
  --faults FILE       JSON faults to start with (see the header of test/emulator/server.js)
  --seed N            seed for jitter and probabilistic faults (default 1)
  --no-signatures     accept any signature (default: checked with the demo keys)
  --quiet             do not log each request
`;

function parseArgs(argv) {
	const out = { port: 9000, latency: 300, jitter: 200, rate: {}, quiet: false, signatures: true, seed: 1 };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const next = () => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`${a} needs a value`);
			return v;
		};
		const eq = a.startsWith('--') ? a.indexOf('=') : -1;
		const flag = eq > 0 ? a.slice(0, eq) : a;
		const inline = eq > 0 ? a.slice(eq + 1) : undefined;
		const value = () => (inline !== undefined ? inline : next());
		switch (flag) {
			case '--port':
				out.port = Number(value());
				break;
			case '--latency':
				out.latency = Number(value());
				break;
			case '--jitter':
				out.jitter = Number(value());
				break;
			case '--seed':
				out.seed = Number(value());
				break;
			case '--rate': {
				const spec = value();
				const m = /^(.+)=(\d+)$/.exec(spec);
				if (!m) throw new Error(`--rate takes API=N, not "${spec}"`);
				out.rate[m[1]] = Number(m[2]) || Infinity;
				break;
			}
			case '--fixtures':
				out.fixtures = JSON.parse(fs.readFileSync(path.resolve(value()), 'utf8'));
				break;
			case '--faults':
				out.faults = JSON.parse(fs.readFileSync(path.resolve(value()), 'utf8'));
				break;
			case '--quiet':
				out.quiet = true;
				break;
			case '--no-signatures':
				out.signatures = false;
				break;
			case '--help':
			case '-h':
				out.help = true;
				break;
			default:
				throw new Error(`unknown option ${a}\n\n${HELP}`);
		}
	}
	if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) throw new Error('--port must be 0-65535');
	return out;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		process.stdout.write(HELP);
		return;
	}
	const emu = await startEmulator({
		host: '127.0.0.1',
		port: args.port,
		latency: { fixedMs: args.latency, jitterMs: args.jitter },
		rateLimits: args.rate,
		fixtures: args.fixtures,
		faults: args.faults,
		seed: args.seed,
		checkSignatures: args.signatures,
		log: args.quiet ? undefined : (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
	});
	const [tc, tcSts] = DEMO_KEYS.tencent;
	const [qn] = DEMO_KEYS.qiniu;
	process.stdout.write(
		[
			`Provider emulator listening on ${emu.url}`,
			'',
			`Put this in a credential's "Endpoint" field: ${emu.url}`,
			'',
			'Tencent Cloud API credential (demo keys, accepted only here):',
			`  Secret ID:  ${tc.secretId}`,
			`  Secret Key: ${tc.secretKey}`,
			`  (temporary key: ${tcSts.secretId} / ${tcSts.secretKey}, session token ${tcSts.sessionToken})`,
			'Qiniu API credential:',
			`  Access Key: ${qn.accessKey}`,
			`  Secret Key: ${qn.secretKey}`,
			'',
			`Latency ${args.latency} ms + up to ${args.jitter} ms; signatures ${args.signatures ? 'checked' : 'NOT checked'}.`,
			`Admin: GET ${emu.url}/__emulator/stats, POST ${emu.url}/__emulator/faults, POST ${emu.url}/__emulator/reset`,
			'Ctrl+C stops it.',
			'',
		].join('\n'),
	);
	let closing = false;
	const stop = async () => {
		if (closing) return;
		closing = true;
		await emu.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(`emulator: ${error && error.message ? error.message : error}\n`);
	process.exit(1);
});
