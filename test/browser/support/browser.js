'use strict';
/*
 * The n8n editor in a real browser, for test/browser/*.test.ts. Plain Node (TypeScript tests may not
 * spawn processes, touch the file system or read the clock themselves).
 *
 *   const ed = await startEditor({ log });   // Chromium + n8n 1.x (N8N_E2E_VERSION) + emulator, signed in
 *   ed.page, ed.url, ed.emulatorUrl, ed.demoKeys, ed.workflows.blank / ed.workflows.folderToExcel (ids)
 *   await ed.step('name', async () => { ... });   // times the step, screenshots it (also on failure)
 *   await ed.shot('name'); ed.publish('name', 'docs-name.png');  // test-artifacts/browser -> docs/screenshots
 *   await ed.close();
 *
 * Chromium is Debian's (/usr/bin/chromium), driven by playwright-core; a browser download does not
 * work on these machines. ensureChromium() installs it with apt-get when it is missing and we are root.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const { prepareN8n } = require(path.join(repoRoot, 'test', 'e2e', 'support', 'n8n.js'));
const { normalizeMajor } = require(path.join(repoRoot, 'scripts', 'install-n8n.js'));
const { startEmulator, DEMO_KEYS } = require(path.join(repoRoot, 'test', 'emulator', 'server.js'));
const { copySamples, folderEnv, loadExample } = require(path.join(repoRoot, 'scripts', 'demo.js'));

const CHROMIUM = process.env.FAPIAO_CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = path.join(repoRoot, 'test-artifacts', 'browser');

/** The n8n major the browser test drives: N8N_E2E_VERSION, default 1 (as the end-to-end tests). */
function editorMajor(version) {
	return normalizeMajor(version === undefined ? process.env.N8N_E2E_VERSION : version);
}

/** Screenshots of a run on n8n <major>: test-artifacts/browser/n8n-<major>; README ones for 1.x, the rest under n8n-<major>/. */
function screenshotDirs(major) {
	return {
		artifacts: path.join(ARTIFACTS, `n8n-${major}`),
		docs: major === '1' ? DOCS_SCREENSHOTS : path.join(DOCS_SCREENSHOTS, `n8n-${major}`),
	};
}
const DOCS_SCREENSHOTS = path.join(repoRoot, 'docs', 'screenshots');
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A CJK font, so Chinese invoice data in screenshots is text and not empty boxes. */
const CJK_FONT_DIR = '/usr/share/fonts/truetype/wqy';

/** apt-get as root, or through `sudo -n` (never a password prompt) when not root. */
function aptGet(args, timeoutMs) {
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const [cmd, argv] = isRoot ? ['apt-get', args] : ['sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]];
	const r = spawnSync(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: timeoutMs });
	if (r.error) return { ok: false, text: String(r.error.message) };
	return { ok: r.status === 0, text: `${r.status ?? r.signal}: ${(r.stderr || '').slice(-3000)}` };
}

/**
 * Debian's Chromium at /usr/bin/chromium (and the WenQuanYi Zen Hei font); installs what is missing
 * with apt-get (no stdin). A missing font alone is not an error.
 */
function ensureChromium(log = () => {}) {
	if (fs.existsSync(CHROMIUM)) {
		if (!fs.existsSync(CJK_FONT_DIR)) {
			const r = aptGet(['install', '-y', '-qq', '--no-install-recommends', 'fonts-wqy-zenhei'], 5 * 60 * 1000);
			if (!r.ok) log(`fonts-wqy-zenhei not installed (${r.text.split('\n')[0]}): Chinese text shows as boxes in screenshots`);
		}
		return { path: CHROMIUM, installedMs: 0 };
	}
	const started = Date.now();
	for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium', 'fonts-wqy-zenhei']]) {
		log(`apt-get ${args.join(' ')} ...`);
		const r = aptGet(args, 15 * 60 * 1000);
		if (!r.ok) throw new Error(`${CHROMIUM} is missing and apt-get ${args.join(' ')} failed (${r.text}). Install Debian's chromium: sudo apt-get install -y chromium`);
	}
	if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is not there`);
	const installedMs = Date.now() - started;
	log(`chromium installed in ${(installedMs / 1000).toFixed(1)} s`);
	return { path: CHROMIUM, installedMs };
}

/** Prints one progress line (step timings, findings) where jest shows console output. */
function say(line) {
	console.log(`[browser] ${line}`);
}

/** Whether an icon element (an <img> or inline <svg>) is drawn: at least 8 px and, for an <img>, loaded. */
function iconIsRendered(locator) {
	return locator.evaluate((el) => {
		const box = el.getBoundingClientRect();
		if (box.width < 8 || box.height < 8) return false;
		if (el.tagName.toLowerCase() === 'img') return el.complete && el.naturalWidth > 0;
		return true;
	});
}

/** A workflow with only a Manual Trigger, so the node panel offers action nodes. */
function blankWorkflow() {
	return {
		name: 'Browser test: blank',
		nodes: [{ id: 'b7f0c1de-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
		connections: {},
	};
}

/**
 * @param {{ version?: string, log?: (line: string) => void, viewport?: { width: number, height: number }, colorScheme?: 'light'|'dark' }} [options]
 */
async function startEditor(options = {}) {
	const log = options.log || (() => {});
	const timings = [];
	const cleanups = [];
	const close = async () => {
		for (const fn of cleanups.reverse()) {
			try {
				await fn();
			} catch (error) {
				log(`while closing: ${error && error.message}`);
			}
		}
		cleanups.length = 0;
	};
	const timed = async (name, fn) => {
		const started = Date.now();
		try {
			return await fn();
		} finally {
			const ms = Date.now() - started;
			timings.push({ name, ms });
			log(`${name}: ${(ms / 1000).toFixed(1)} s`);
		}
	};

	try {
		const chromium = await timed('chromium present', () => ensureChromium(log));
		// This run's screenshots only (a failed step leaves a -FAILED one).
		const major = editorMajor(options.version);
		const dirs = screenshotDirs(major);
		fs.rmSync(dirs.artifacts, { recursive: true, force: true });
		fs.mkdirSync(dirs.artifacts, { recursive: true });

		const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
		cleanups.push(() => emulator.close());
		const { dir: inputDir } = copySamples();
		const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fapiao-browser-out-'));
		cleanups.push(() => {
			fs.rmSync(inputDir, { recursive: true, force: true });
			fs.rmSync(outputDir, { recursive: true, force: true });
		});

		const n8n = await timed('n8n prepared', () => prepareN8n({ version: major, env: folderEnv(inputDir, outputDir), log }));
		cleanups.push(() => n8n.cleanup());
		const workflows = {
			blank: await n8n.importWorkflow(blankWorkflow()),
			folderToExcel: await n8n.importWorkflow(loadExample('folder-to-excel.json')),
		};
		const server = await timed('n8n started', () => n8n.startN8n({ owner: true }));
		cleanups.push(() => server.stop());

		const { chromium: pw, selectors } = require('playwright-core');
		selectors.setTestIdAttribute('data-test-id');
		const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fapiao-chromium-'));
		cleanups.push(() => fs.rmSync(userDataDir, { recursive: true, force: true }));
		const context = await timed('chromium launched', () =>
			pw.launchPersistentContext(userDataDir, {
				executablePath: chromium.path,
				args: LAUNCH_ARGS,
				headless: true,
				viewport: options.viewport || { width: 1440, height: 900 },
				colorScheme: options.colorScheme || 'light',
				locale: 'en-US',
				timezoneId: 'UTC',
			}),
		);
		cleanups.push(() => context.close());
		const page = context.pages()[0] || (await context.newPage());
		page.setDefaultTimeout(30 * 1000);
		page.setDefaultNavigationTimeout(90 * 1000);

		await timed('signed in', async () => {
			// The session cookie the owner setup gave; the sign-in form when that is not accepted.
			const [name, ...rest] = String(server.cookie || '').split('=');
			if (name && rest.length) await context.addCookies([{ name, value: rest.join('='), url: server.url }]);
			await page.goto(`${server.url}/home/workflows`);
			await page.waitForLoadState('domcontentloaded');
			const form = page.getByTestId('signin-form');
			const landed = await Promise.race([
				form.waitFor({ timeout: 60 * 1000 }).then(() => 'form'),
				page.waitForURL(/\/home\/workflows/, { timeout: 60 * 1000 }).then(() => page.getByTestId('resources-list-search').waitFor({ timeout: 60 * 1000 })).then(() => 'home'),
			]);
			if (landed === 'form') {
				await form.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(server.owner.email);
				await form.locator('input[type="password"]').first().fill(server.owner.password);
				await form.locator('input[type="password"]').first().press('Enter');
				await page.waitForURL((u) => !/\/signin/.test(u.pathname), { timeout: 60 * 1000 });
			}
		});

		let shots = 0;
		/** Waits (up to 3 s) until no finite CSS animation or transition runs: no half-faded panels in screenshots. */
		const settled = () =>
			page
				.waitForFunction(
					`document.getAnimations().every((a) => a.playState !== 'running' || !Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity))`,
					undefined,
					{ timeout: 3000, polling: 100 },
				)
				.catch(() => undefined);
		const shot = async (name) => {
			const file = path.join(dirs.artifacts, `${String(++shots).padStart(2, '0')}-${name}.png`);
			await settled();
			await page.screenshot({ path: file, fullPage: false });
			return file;
		};
		const published = {};
		const step = async (name, fn) => {
			const started = Date.now();
			try {
				const result = await fn();
				published[name] = await shot(name);
				return result;
			} catch (error) {
				try {
					await shot(`${name}-FAILED`);
				} catch {
					/* the page is gone */
				}
				throw error;
			} finally {
				const ms = Date.now() - started;
				timings.push({ name, ms });
				log(`step "${name}": ${(ms / 1000).toFixed(1)} s`);
			}
		};
		/** Copies the last screenshot of a step (or a file) to docs/screenshots/<docsName>. */
		const publish = (stepName, docsName) => {
			const file = published[stepName] || stepName;
			if (!fs.existsSync(file)) return null;
			fs.mkdirSync(dirs.docs, { recursive: true });
			const dest = path.join(dirs.docs, docsName);
			fs.copyFileSync(file, dest);
			return dest;
		};
		/** Saves a screenshot of one element (a panel, a dialog) under test-artifacts/browser. */
		const shotOf = async (locator, name) => {
			const file = path.join(dirs.artifacts, `${String(++shots).padStart(2, '0')}-${name}.png`);
			await settled();
			await locator.screenshot({ path: file });
			published[name] = file;
			return file;
		};

		return {
			page,
			context,
			url: server.url,
			emulatorUrl: emulator.url,
			emulator,
			demoKeys: { tencent: DEMO_KEYS.tencent[0], qiniu: DEMO_KEYS.qiniu[0] },
			workflows,
			n8nVersion: n8n.n8nVersion,
			major,
			inputDir,
			outputDir,
			outputFiles: () => fs.readdirSync(outputDir),
			chromiumInstalledMs: chromium.installedMs,
			timings,
			step,
			shot,
			shotOf,
			publish,
			serverOutput: () => server.output(),
			close,
		};
	} catch (error) {
		await close();
		throw error;
	}
}

module.exports = { editorMajor, ensureChromium, iconIsRendered, say, startEditor, CHROMIUM, ARTIFACTS, LAUNCH_ARGS };
