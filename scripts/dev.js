#!/usr/bin/env node
'use strict';
/*
 * npm run dev [-- --port 5678] [--version 1|2] [--emulator-port 9000]
 *
 * A real n8n at http://localhost:5678 with this package installed as a community package, the provider
 * emulator running, demo credentials pointing at it, the example workflows imported and the owner
 * account set up. Runs until Ctrl+C; everything it created (n8n's user folder, temp files) goes away then.
 */
const fs = require('node:fs');
const path = require('node:path');
const { prepareN8n, OWNER } = require('../test/e2e/support/n8n.js');
const { startEmulator, DEMO_KEYS } = require('../test/emulator/server.js');
const { copySamples, folderEnv, loadExample, repoRoot } = require('./demo.js');

/** Credential ids the example workflows refer to, so they open wired to the emulator. */
const TENCENT_ID = 'fapiaoTencentEmu';
const QINIU_ID = 'fapiaoQiniuEmu00';

function parseArgs(argv) {
	const out = { port: 5678, emulatorPort: 0, version: process.env.N8N_E2E_VERSION || '1' };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
		const value = () => (inline !== undefined ? inline : argv[++i]);
		if (flag === '--port') out.port = Number(value());
		else if (flag === '--emulator-port') out.emulatorPort = Number(value());
		else if (flag === '--version') out.version = value();
		else if (flag === '--help' || flag === '-h') out.help = true;
		else throw new Error(`unknown argument ${argv[i]} (try --help)`);
	}
	if (!Number.isInteger(out.port) || out.port <= 0 || out.port > 65535) throw new Error('--port needs a port number');
	return out;
}

/** The example workflows with their credential references pointing at the demo credentials. */
function exampleWorkflows() {
	return fs
		.readdirSync(path.join(repoRoot, 'examples'))
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => {
			const wf = loadExample(file);
			for (const node of wf.nodes) {
				if (node.credentials && node.credentials.tencentCloudApi) node.credentials.tencentCloudApi = { id: TENCENT_ID, name: 'Tencent Cloud (local emulator)' };
				if (node.credentials && node.credentials.qiniuApi) node.credentials.qiniuApi = { id: QINIU_ID, name: 'Qiniu (local emulator)' };
			}
			return { file, wf };
		});
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		console.log('Usage: npm run dev -- [--port 5678] [--version 1|2] [--emulator-port 9000]');
		return;
	}
	const say = (line) => console.log(`[dev] ${line}`);
	const cleanups = [];
	let stopping = false;
	const stop = async (code) => {
		if (stopping) return;
		stopping = true;
		say('stopping ...');
		for (const fn of cleanups.reverse()) {
			try {
				await fn();
			} catch (error) {
				console.error(`[dev] while stopping: ${error.message}`);
			}
		}
		process.exit(code);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));

	try {
		const emulator = await startEmulator({ host: '127.0.0.1', port: args.emulatorPort, latency: { fixedMs: 200, jitterMs: 200 } });
		cleanups.push(() => emulator.close());
		say(`provider emulator at ${emulator.url}`);

		const { dir: inputDir } = copySamples();
		cleanups.push(() => fs.rmSync(inputDir, { recursive: true, force: true }));
		const outputDir = path.join(repoRoot, 'output');
		fs.mkdirSync(outputDir, { recursive: true });

		say('preparing n8n with n8n-nodes-fapiao installed (the first run installs n8n into .cache/, several minutes) ...');
		const n8n = await prepareN8n({ version: args.version, env: folderEnv(inputDir, outputDir), log: say });
		cleanups.push(() => n8n.cleanup());

		const [tc] = DEMO_KEYS.tencent;
		const [qn] = DEMO_KEYS.qiniu;
		await n8n.importCredentials([
			{ id: TENCENT_ID, name: 'Tencent Cloud (local emulator)', type: 'tencentCloudApi', data: { secretId: tc.secretId, secretKey: tc.secretKey, sessionToken: '', region: 'ap-guangzhou', endpoint: emulator.url } },
			{ id: QINIU_ID, name: 'Qiniu (local emulator)', type: 'qiniuApi', data: { accessKey: qn.accessKey, secretKey: qn.secretKey, endpoint: emulator.url } },
		]);
		say('demo credentials imported: "Tencent Cloud (local emulator)", "Qiniu (local emulator)"');
		for (const { file, wf } of exampleWorkflows()) {
			await n8n.importWorkflow(wf);
			say(`workflow imported: ${wf.name} (examples/${file})`);
		}

		say(`starting n8n ${n8n.n8nVersion} on port ${args.port} ...`);
		const server = await n8n.startN8n({ port: args.port });
		cleanups.push(() => server.stop());

		console.log('');
		console.log(`  n8n                 http://localhost:${args.port}`);
		console.log(`  sign in             ${OWNER.email} / ${OWNER.password}`);
		console.log(`  provider emulator   ${emulator.url}   (credential field "Endpoint")`);
		console.log(`    Tencent Cloud API  Secret ID ${tc.secretId}  Secret Key ${tc.secretKey}`);
		console.log(`    Qiniu API          Access Key ${qn.accessKey}  Secret Key ${qn.secretKey}`);
		console.log(`  sample invoices     ${inputDir}  (FAPIAO_DEMO_IN; "Folder of invoices to an Excel file" writes ${path.join(outputDir, 'invoices.xlsx')})`);
		console.log('');
		console.log('Press Ctrl+C to stop.');
	} catch (error) {
		console.error(`[dev] failed: ${error && error.stack ? error.stack : error}`);
		await stop(1);
	}
}

main();
