/**
 * The GitHub workflows cannot run here (no GitHub runner): this holds them to what they must contain.
 * publish.yml: a version-tag trigger, the OIDC token npm provenance is signed with, the tests, lint, n8n's
 * scanner and the release checks before `npm publish --provenance --access public`. ci.yml: push and pull
 * request, and every command of .ci/run except the ones it names as left out.
 */
import { readRepoFile, repoFileExists } from '../support/files';

/** The `run:` commands of a workflow, in order (one-line runs, as these workflows write them). */
function runs(yaml: string): string[] {
	return [...yaml.matchAll(/^\s*run:\s*(.+)$/gm)].map((m) => m[1].trim());
}
/** The workflow without its comments (so a command in a comment does not count as run). */
const code = (yaml: string) =>
	yaml
		.split('\n')
		.filter((l) => !l.trim().startsWith('#'))
		.join('\n');
/** The patterns under on: push: tags:. */
function tagPatterns(yaml: string): string[] {
	const block = /^on:\n {2}push:\n {4}tags:\n((?: {6}- .+\n)+)/m.exec(code(yaml));
	return block ? [...block[1].matchAll(/- '?([^'\n]+)'?/g)].map((m) => m[1]) : [];
}
/** GitHub's tag filter (* = any characters but /), enough for these patterns. */
const matchesFilter = (pattern: string, tag: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`).test(tag);

describe('.github/workflows/publish.yml', () => {
	const yaml = repoFileExists('.github', 'workflows', 'publish.yml') ? readRepoFile('.github', 'workflows', 'publish.yml') : '';

	test('runs on a version tag (0.2.0 or v0.2.0), not on branches or pull requests', () => {
		const patterns = tagPatterns(yaml);
		for (const tag of ['0.1.0', '0.2.0', '1.10.3', 'v0.2.0', '2.0.0-rc.1']) expect({ tag, matched: patterns.some((p) => matchesFilter(p, tag)) }).toEqual({ tag, matched: true });
		for (const tag of ['main', 'latest', 'release']) expect({ tag, matched: patterns.some((p) => matchesFilter(p, tag)) }).toEqual({ tag, matched: false });
		expect(code(yaml)).not.toMatch(/^\s*(pull_request|branches):/m);
	});

	test('may mint the OIDC token provenance is signed with (id-token: write), and reads contents only', () => {
		expect(code(yaml)).toMatch(/^\s+permissions:\n\s+id-token: write\n\s+contents: read$/m);
		expect(code(yaml)).not.toMatch(/contents: write/);
	});

	test('publishes with provenance, publicly, as its last step', () => {
		const commands = runs(code(yaml));
		expect(commands[commands.length - 1]).toBe('npm publish --provenance --access public');
		expect(commands.filter((c) => c.includes('npm publish') && !c.includes('--dry-run'))).toHaveLength(1);
	});

	test('before publishing: the tests, lint, n8n scanner, and the release checks against the pushed tag', () => {
		const commands = runs(code(yaml));
		const at = (c: string) => commands.indexOf(c);
		const publish = at('npm publish --provenance --access public');
		for (const step of ['npm ci && npm test', 'npm run lint', 'npm run scan', 'node scripts/release-check.js --skip-scan --tag "$GITHUB_REF_NAME"']) {
			expect({ step, before: at(step) >= 0 && at(step) < publish }).toEqual({ step, before: true });
		}
	});

	test('uses the registry npm provenance is recorded for', () => {
		expect(code(yaml)).toMatch(/registry-url: https:\/\/registry\.npmjs\.org/);
	});
});

describe('.github/workflows/ci.yml', () => {
	const yaml = repoFileExists('.github', 'workflows', 'ci.yml') ? readRepoFile('.github', 'workflows', 'ci.yml') : '';

	test('runs on push (main) and on pull requests', () => {
		expect(code(yaml)).toMatch(/^on:\n {2}push:\n {4}branches:\n {6}- main\n {2}pull_request:/m);
	});

	test('runs every command of .ci/run, in its order, except the browser test it names as left out', () => {
		const ciRun = readRepoFile('.ci', 'run')
			.split('\n')
			.map((l) => l.trim())
			.filter((l) => l && !l.startsWith('#') && !/^(set|cd|export|echo)\b/.test(l));
		const commands = runs(code(yaml));
		const leftOut = ciRun.filter((c) => !commands.includes(c));
		expect(leftOut).toEqual(['npx jest --config test/browser/jest.config.js', 'N8N_E2E_VERSION=2 npx jest --config test/browser/jest.config.js']);
		// The comment says so.
		expect(yaml).toMatch(/Left out: the browser test \(npx jest --config test\/browser\/jest\.config\.js/);
		const kept = ciRun.filter((c) => commands.includes(c));
		expect(kept.map((c) => commands.indexOf(c))).toEqual([...kept.map((c) => commands.indexOf(c))].sort((a, b) => a - b));
		expect(kept).toEqual(expect.arrayContaining(['npm ci && npm test', 'npm run lint', 'npm run release:check']));
	});

	test('the hosted runner has no ../shared: CI is set to false so the corpus suites skip instead of failing', () => {
		expect(code(yaml)).toMatch(/^\s+CI: false$/m);
	});
});
