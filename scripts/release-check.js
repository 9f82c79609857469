#!/usr/bin/env node
'use strict';
/*
 * npm run release:check — what the publish workflow (.github/workflows/publish.yml) checks before it runs
 * `npm publish --provenance --access public`, run here on the working tree (after `npm run build`):
 *
 *   1. package.json: a semver version, the fields npm and n8n show users (license, repository, homepage,
 *      bugs, the n8n-community-node-package keyword), every node and credential of its `n8n` section, no
 *      runtime dependencies (n8n's rule for verified packages);
 *   2. CHANGELOG.md (Keep a Changelog): a `## [<version>] - YYYY-MM-DD` entry for this version, the newest
 *      one; on a tag (--tag <tag>, or GITHUB_REF_NAME when GITHUB_REF_TYPE is tag) the tag is the version,
 *      with or without a leading v;
 *   3. the tarball's contents (`npm pack --dry-run`): package.json, README.md, LICENSE, index.js, dist/ with
 *      every file the `n8n` section and index.js need; no tests, no TypeScript sources, no source maps, no
 *      examples, scripts, docs or CI files;
 *   4. n8n's community-package scanner, as `npm run scan` runs it (scripts/scan-package.js);
 *   5. `npm publish --dry-run`: npm's own checks of the package. It does not need a login (npm only
 *      warns that a real publish would), and reaches no further than the npm registry;
 *   6. that this version is not on npm yet (`npm view`): a problem on a tag, a note otherwise (between
 *      releases the tree carries the released version); when the registry cannot be reached (offline),
 *      this one check is skipped with a note — the only thing this script tolerates.
 *
 * Prints one line per problem (`release-check: …`), then a summary; exit 1 on any problem.
 *   --skip-scan   leave out step 4 (the publish workflow runs `npm run scan` as a step of its own)
 *   --tag <tag>   check the tag against the version (the workflow passes the pushed tag)
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const skipScan = args.includes('--skip-scan');
const tag = args.includes('--tag') ? args[args.indexOf('--tag') + 1] : process.env.GITHUB_REF_TYPE === 'tag' ? process.env.GITHUB_REF_NAME : undefined;

const problems = [];
const notes = [];
const problem = (line) => problems.push(line);
const ok = (line) => console.log(`  ok  ${line}`);

/** npm's configuration of `npm run` (npm_config_*) would steer the inner npm calls: leave it out. */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_(config|package|lifecycle)_/i.test(key)));

function run(command, argv, timeout = 10 * 60 * 1000) {
	const r = spawnSync(command, argv, { cwd: repoRoot, env: cleanEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout, maxBuffer: 64 * 1024 * 1024 });
	return { code: r.error ? -1 : r.status, stdout: r.stdout || '', stderr: r.error ? String(r.error.message) : r.stderr || '' };
}

/** The last line of a command's error output that says something (npm prefixes its errors). */
function lastError(text) {
	const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
	const errors = lines.filter((l) => /^npm (error|ERR!)/.test(l) && !/complete log of this run/.test(l));
	return (errors.length ? errors.slice(-2).join(' / ') : lines.slice(-1)[0] || '(no output)').slice(0, 300);
}

const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

// 1. package.json
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const id = `${pkg.name}@${pkg.version}`;
function checkPackageJson() {
	const before = problems.length;
	if (!SEMVER.test(String(pkg.version))) problem(`package.json: version "${pkg.version}" is not semver (x.y.z)`);
	if (!pkg.license) problem('package.json: no "license"');
	const repoUrl = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository && pkg.repository.url;
	if (!repoUrl) problem('package.json: no "repository" (npm provenance links the package to it)');
	else if (!/^git\+https:\/\/github\.com\/[^/]+\/[^/]+\.git$/.test(repoUrl)) problem(`package.json: repository.url "${repoUrl}" is not git+https://github.com/<owner>/<name>.git (npm provenance checks it against the repository that publishes)`);
	if (!pkg.homepage) problem('package.json: no "homepage"');
	if (!pkg.bugs || !(typeof pkg.bugs === 'string' ? pkg.bugs : pkg.bugs.url)) problem('package.json: no "bugs" (where users report problems)');
	if (!(pkg.keywords || []).includes('n8n-community-node-package')) problem('package.json: the keyword n8n-community-node-package is missing (n8n finds community packages by it)');
	if (pkg.dependencies && Object.keys(pkg.dependencies).length) problem(`package.json: runtime dependencies (${Object.keys(pkg.dependencies).join(', ')}); n8n verifies only packages without any`);
	const n8n = pkg.n8n || {};
	if (!(n8n.nodes || []).length) problem('package.json: n8n.nodes lists no node');
	if (problems.length === before) ok(`package.json: ${id}, ${pkg.license}, repository, homepage, bugs, ${(n8n.nodes || []).length} nodes, ${(n8n.credentials || []).length} credentials, no runtime dependencies`);
}

// 2. CHANGELOG.md
function checkChangelog() {
	const before = problems.length;
	const file = path.join(repoRoot, 'CHANGELOG.md');
	if (!fs.existsSync(file)) return problem('CHANGELOG.md is missing');
	const text = fs.readFileSync(file, 'utf8');
	const releases = [...text.matchAll(/^## \[([^\]]+)\](?: - (\S+))?/gm)].map((m) => ({ version: m[1], date: m[2] })).filter((r) => r.version.toLowerCase() !== 'unreleased');
	const entry = releases.find((r) => r.version === pkg.version);
	if (!entry) problem(`CHANGELOG.md: no "## [${pkg.version}] - YYYY-MM-DD" entry for the version in package.json`);
	else {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(entry.date || '')) problem(`CHANGELOG.md: the entry for ${pkg.version} has no date (## [${pkg.version}] - YYYY-MM-DD)`);
		if (releases[0] !== entry) problem(`CHANGELOG.md: the newest entry is ${releases[0].version}, not ${pkg.version}`);
		const body = text.slice(text.indexOf(`## [${pkg.version}]`)).split(/^## \[/m)[1].split('\n').slice(1).join('\n').trim();
		if (!body) problem(`CHANGELOG.md: the entry for ${pkg.version} is empty`);
	}
	if (tag !== undefined && tag !== pkg.version && tag !== `v${pkg.version}`) problem(`tag "${tag}" does not match version ${pkg.version} in package.json`);
	if (problems.length === before) ok(`CHANGELOG.md: entry ${pkg.version} - ${entry.date}${tag !== undefined ? `, tag ${tag}` : ''}`);
}

// 3. the tarball's contents
/** Paths a published package must not contain: what each one is. */
const FORBIDDEN = [
	[/^test\//, 'tests'],
	[/^(nodes|credentials)\//, 'sources (nodes/, credentials/)'],
	[/(?<!\.d)\.ts$/, 'TypeScript sources'],
	[/\.map$/, 'source maps'],
	[/\.tsbuildinfo$/, 'TypeScript build info'],
	[/^(examples|scripts|docs|\.github|\.ci|\.cache|coverage|test-artifacts)\//, 'repository-only files'],
	[/(^|\/)\.env/, 'environment files'],
	[/\.tgz$/, 'tarballs'],
];
function checkPack() {
	const before = problems.length;
	const r = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']);
	if (r.code !== 0) return problem(`npm pack --dry-run failed: ${lastError(r.stderr)}`);
	const packed = JSON.parse(r.stdout)[0];
	const files = new Set(packed.files.map((f) => f.path));
	const need = ['package.json', 'README.md', 'LICENSE', 'index.js', pkg.main || 'index.js', 'dist/nodes/core/index.js', ...((pkg.n8n && pkg.n8n.nodes) || []), ...((pkg.n8n && pkg.n8n.credentials) || [])];
	const missing = [...new Set(need)].filter((f) => !files.has(f));
	if (missing.length) problem(`npm pack: missing ${missing.join(', ')}${missing.some((f) => f.startsWith('dist/')) ? ' (run npm run build first)' : ''}`);
	for (const [pattern, what] of FORBIDDEN) {
		const hits = [...files].filter((f) => pattern.test(f));
		if (hits.length) problem(`npm pack: ${hits.length} ${what} in the package, e.g. ${hits.slice(0, 3).join(', ')} (package.json "files")`);
	}
	const outside = [...files].filter((f) => !/^(dist\/|index\.js$|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/.test(f));
	if (outside.length) problem(`npm pack: files outside dist/ and the package's own: ${outside.slice(0, 5).join(', ')}`);
	if (problems.length === before) ok(`npm pack: ${files.size} files, ${(packed.size / 1024).toFixed(0)} kB packed (dist without maps, index.js, README.md, LICENSE, package.json)`);
}

// 4. n8n's scanner, as npm run scan runs it
function checkScan() {
	if (skipScan) return ok("n8n's scanner: left out (--skip-scan)");
	const r = run('node', [path.join('scripts', 'scan-package.js')]);
	if (r.code === 0) return ok("n8n's community-package scanner: passed (scripts/scan-package.js)");
	const failed = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.startsWith('❌') || l.startsWith('scan-package:'));
	problem(`n8n's scanner: ${(failed.length ? failed.join(' / ') : lastError(r.stderr || r.stdout)).slice(0, 400)} (details: npm run scan)`);
}

// 5. npm publish --dry-run
function checkPublishDryRun() {
	const r = run('npm', ['publish', '--dry-run', '--json', '--ignore-scripts', '--access', 'public']);
	if (r.code !== 0) return problem(`npm publish --dry-run failed: ${lastError(r.stderr)}`);
	const corrected = r.stderr.split('\n').filter((l) => /was (normalized|changed|removed)|auto-corrected/.test(l) && !/errors corrected/.test(l));
	if (corrected.length) problem(`npm publish --dry-run: npm would change package.json on publish (${corrected.map((l) => l.replace(/^npm warn publish /, '')).join('; ')}): run npm pkg fix`);
	let out;
	try {
		out = JSON.parse(r.stdout);
	} catch {
		return problem('npm publish --dry-run: no JSON report');
	}
	const report = out[pkg.name] || out;
	if (report.id !== id) problem(`npm publish --dry-run would publish ${report.id}, not ${id}`);
	else if (!corrected.length) ok(`npm publish --dry-run: ${report.id}, access public${/logged in/.test(r.stderr) ? ' (npm notes it would need a login to publish for real: CI has it)' : ''}`);
}

// 6. not published yet
function checkNotPublished() {
	const r = run('npm', ['view', pkg.name, 'versions', '--json'], 60 * 1000);
	if (r.code !== 0) {
		if (/E404|Not Found/.test(r.stderr + r.stdout)) return ok(`npm registry: ${pkg.name} is not published yet`);
		notes.push(`could not ask the npm registry whether ${id} is published (${lastError(r.stderr)}): skipped`);
		return;
	}
	const versions = [].concat(JSON.parse(r.stdout || '[]'));
	// Between releases the working tree carries the released version: only a tag must bring a new one.
	if (versions.includes(pkg.version) && tag !== undefined) problem(`npm registry: ${id} is already published; bump the version (and add its CHANGELOG entry)`);
	else if (versions.includes(pkg.version)) notes.push(`${id} is already on npm: bump the version and add its CHANGELOG entry before tagging a release`);
	else ok(`npm registry: ${pkg.version} is new (published: ${versions.slice(-3).join(', ') || 'none'})`);
}

console.log(`release-check: ${id}`);
checkPackageJson();
checkChangelog();
checkPack();
checkScan();
checkPublishDryRun();
checkNotPublished();
for (const note of notes) console.log(`  note ${note}`);
for (const line of problems) console.error(`release-check: ${line}`);
if (problems.length) {
	console.error(`release-check: ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${id} is not ready to publish`);
	process.exitCode = 1;
} else console.log(`release-check: ${id} is ready to publish`);
