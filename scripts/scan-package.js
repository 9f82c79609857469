#!/usr/bin/env node
'use strict';
/*
 * Runs n8n's own verification scanner (@n8n/scan-community-package) on this package, the way n8n scans
 * a published community package, but on the working tree instead of the npm registry:
 *
 *   1. the packed tarball (`npm pack`, after `npm run build`): its compiled **\/*.js and package.json;
 *   2. the sources: package.json, nodes/ and credentials/ (the scanner's own SOURCE_FILE_PATTERNS).
 *
 * The registry steps of `npx @n8n/scan-community-package <name>` (provenance, download, GitHub source) are
 * left out: they need a published version. Exit 0 when both scans pass, 1 on any violation or failure.
 *
 *   npm run scan                     # builds first, then this script
 *   node scripts/scan-package.js     # when dist/ is already built
 *
 * The scanner is not a devDependency (it brings its own eslint and typescript): it is installed once,
 * pinned, with --ignore-scripts, into .cache/scan-community-package-<version>/ (.gitignore lists .cache/).
 * SCANNER_VERSION=<version> picks another version.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const SCANNER = '@n8n/scan-community-package';
const SCANNER_VERSION = process.env.SCANNER_VERSION || '0.32.0';
const repoRoot = path.resolve(__dirname, '..');
const cacheDir = path.join(repoRoot, '.cache', `scan-community-package-${SCANNER_VERSION}`);
const scannerDir = path.join(cacheDir, 'node_modules', ...SCANNER.split('/'));

function fail(message) {
	console.error(`scan-package: ${message}`);
	process.exit(1);
}

/**
 * The environment without what `npm run scan` exports: npm passes its whole configuration (prefix,
 * this repository's settings, …) down as npm_config_* variables, which would steer the inner npm calls.
 */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_(config|package|lifecycle)_/i.test(key)));

function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, env: cleanEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	if (result.error) fail(`${command} ${args.join(' ')} could not start: ${result.error.message}`);
	if (result.status !== 0) {
		fail(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr || result.stdout}`);
	}
	return result.stdout;
}

/** Installs the pinned scanner into the cache once; an interrupted install never looks complete. */
function ensureScanner() {
	const installed = path.join(scannerDir, 'package.json');
	if (fs.existsSync(installed) && JSON.parse(fs.readFileSync(installed, 'utf8')).version === SCANNER_VERSION) {
		return;
	}
	const partial = `${cacheDir}.partial`;
	fs.rmSync(partial, { recursive: true, force: true });
	fs.mkdirSync(partial, { recursive: true });
	console.log(`Installing ${SCANNER}@${SCANNER_VERSION} into ${path.relative(repoRoot, cacheDir)} (once) …`);
	run(
		'npm',
		['install', '--prefix', partial, '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `${SCANNER}@${SCANNER_VERSION}`],
		repoRoot,
	);
	fs.rmSync(cacheDir, { recursive: true, force: true });
	fs.renameSync(partial, cacheDir);
}

/** `npm pack` of the working tree, extracted: the files n8n would download from npm. */
function packAndExtract(workDir) {
	if (!fs.existsSync(path.join(repoRoot, 'dist'))) fail('dist/ is missing: run `npm run build` first (or `npm run scan`).');
	const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir], repoRoot));
	const tarball = path.join(workDir, packed[0].filename);
	const packageDir = path.join(workDir, 'package');
	fs.mkdirSync(packageDir);
	run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], workDir);
	return { packageDir, name: `${packed[0].name}@${packed[0].version}`, files: packed[0].files.length };
}

function report(label, result) {
	if (result.passed) {
		console.log(`✅ ${label}: passed${result.message ? ` (${result.message})` : ''}`);
	} else {
		console.log(`❌ ${label}: ${result.message}`);
		if (result.details) console.log(result.details);
	}
	return result.passed;
}

async function main() {
	const started = Date.now();
	ensureScanner();
	const scanner = await import(pathToFileURL(path.join(scannerDir, 'scanner', 'scanner.mjs')).href);
	if (typeof scanner.analyzePackage !== 'function' || !Array.isArray(scanner.SOURCE_FILE_PATTERNS)) {
		fail(`${SCANNER}@${SCANNER_VERSION} no longer exports analyzePackage / SOURCE_FILE_PATTERNS; read its scanner.mjs and adapt this script.`);
	}
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-package-'));
	try {
		const packed = packAndExtract(workDir);
		console.log(`Scanning ${packed.name} (${packed.files} files packed) with ${SCANNER}@${SCANNER_VERSION}`);
		// The same two legs as the scanner's analyzePackageByName: compiled output, then the sources.
		const dist = await scanner.analyzePackage(packed.packageDir, ['**/*.js', 'package.json']);
		const source = await scanner.analyzePackage(repoRoot, scanner.SOURCE_FILE_PATTERNS);
		const distOk = report('packed tarball (**/*.js, package.json)', dist);
		const sourceOk = report(`sources (${scanner.SOURCE_FILE_PATTERNS.join(', ')})`, source);
		console.log(`Scan took ${((Date.now() - started) / 1000).toFixed(1)} s`);
		if (!distOk || !sourceOk) fail('n8n\'s community-package scanner found violations (above).');
		console.log(`✅ ${packed.name} passes n8n's community-package scan`);
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

main().catch((error) => fail(error && error.stack ? error.stack : String(error)));
