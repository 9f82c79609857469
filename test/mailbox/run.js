#!/usr/bin/env node
'use strict';
/*
 * npm run test:mailbox — the mailbox automation, run for real, with a crash in the middle.
 *
 *   1. Dovecot (IMAP), PostgreSQL (the "ERP": examples/mailbox-to-database.sql) and the provider
 *      emulator (images go to it through the Tencent credential), all on 127.0.0.1, from
 *      test/support/services (apt-get when missing).
 *   2. `n8n start` (1.x and 2.x; --version 1|2 or N8N_E2E_VERSION for one) with
 *      examples/mailbox-to-database.json imported, its three credentials imported and the workflow
 *      activated before the start.
 *   3. The mails of mailPlan() delivered by IMAP APPEND over time (seeded order and gaps): 数电 e-invoice
 *      PDFs built by test/support/invoicePdf.js (a seller with full-width brackets, a mail with three
 *      invoices, a ZIP of PDFs), OFDs and scans from test/fixtures, zip bundles, replies without an
 *      invoice, forwarded duplicates, a broken PDF, a text file; and, when ../shared/samples is beside the
 *      repository, its real e-invoice PDFs (one mail with five), the 数电 XML and its platform ZIP, read at
 *      run time and never copied. n8n is killed with SIGKILL (its whole process group) while it is
 *      working, mails arrive while it is down, it is started again and the rest arrive.
 *      And the mails of test/mailbox/linkMails.js (issue #25): invoices that come only as an issuer's
 *      download link, one both attached and linked, an expired link; the issuer emulator
 *      (test/support/issuerEmulator.js) answers the links, and the workflow's Has Attachments filter is the
 *      examples' (it lets through mails that hold an issuer link).
 *   4. Waits (bounded) until every mail is in the ledger, then checks the database against the values
 *      written down from the files (test/mailbox/plan.js); every write of a link invoice's row and line
 *      rows (logged by a test-only trigger) against the rows its file gives as an attachment (read by the
 *      built package as VAT Invoice OCR reads an attachment, mapped by the workflow's own columns, and
 *      checked to give the stored rows of the OFDs mailed as attachments); the expired link a problem.
 *
 * Prints per n8n version:
 *   mailbox: <M> mails, <A> attachments, <I> invoices stored, <D> duplicates absorbed, <P> problems reported, <L> lost, <X> doubled
 * and exits 1 when anything is lost or doubled or a stored field is wrong.
 *
 * --mark-read  the experiment of issue #14: the trigger marks mail read (the usual setting) and the
 *              workflow has no ledger check; shows what a crash does to it (expected to fail).
 * --track-uid  the trigger's "Fetch Only New Emails" (track the last UID) on, mail left unread, ledger
 *              as in the example: shows whether the saved UID skips mail after a crash.
 * --if-nodes   unreadable files routed by If nodes on $json.error (On Error: Continue (regular
 *              output)) instead of the nodes' error outputs.
 * --no-limit   without N8N_CONCURRENCY_PRODUCTION_LIMIT=1 (executions of the trigger run side by side).
 * --verbose    progress on stderr.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const repoRoot = path.resolve(__dirname, '..', '..');
const { prepareN8n } = require(path.join(repoRoot, 'test/e2e/support/n8n.js'));
const installer = require(path.join(repoRoot, 'scripts/install-n8n.js'));
const { startEmulator, DEMO_KEYS } = require(path.join(repoRoot, 'test/emulator/server.js'));
const { startPostgres } = require(path.join(repoRoot, 'test/support/services/postgres.js'));
const { startDovecot } = require(path.join(repoRoot, 'test/support/services/dovecot.js'));
const { waitFor } = require(path.join(repoRoot, 'test/support/services/apt.js'));
const { connectImap } = require(path.join(repoRoot, 'test/support/imapClient.js'));
const { buildMail } = require(path.join(repoRoot, 'test/support/mime.js'));
const { seededRandom } = require(path.join(repoRoot, 'test/support/random.js'));
const { mailPlan, emulatorFixtures, hasCorpus, samples } = require('./plan.js');
const links = require('./linkMails.js');

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const markRead = args.includes('--mark-read');
const trackUid = args.includes('--track-uid');
const noLimit = args.includes('--no-limit');
const ifNodes = args.includes('--if-nodes');
const versionArg = (() => {
	const i = args.indexOf('--version');
	if (i >= 0) return [String(args[i + 1])];
	if (process.env.N8N_E2E_VERSION) return [String(process.env.N8N_E2E_VERSION)];
	return ['1', '2'];
})();
const SEED = 14;
const IMAGE_LATENCY_MS = 1500;
const DRAIN_TIMEOUT_MS = 150 * 1000;
const log = (line) => {
	if (verbose) console.error(`[mailbox ${new Date().toISOString().slice(11, 19)}] ${line}`);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One SQL statement's rows as JSON (psql of the throwaway server). */
function query(pg, sql) {
	const r = spawnSync('psql', ['-h', pg.host, '-p', String(pg.port), '-U', pg.user, '-d', pg.database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', `SELECT coalesce(json_agg(t), '[]') FROM (${sql}) t`], {
		encoding: 'utf8',
		timeout: 30000,
	});
	if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
	return JSON.parse(r.stdout.trim());
}

function applySql(pg, sql) {
	const r = spawnSync('psql', ['-h', pg.host, '-p', String(pg.port), '-U', pg.user, '-d', pg.database, '-v', 'ON_ERROR_STOP=1', '-q'], { input: sql, encoding: 'utf8', timeout: 30000 });
	if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
}

function applySqlFile(pg, file) {
	const r = spawnSync('psql', ['-h', pg.host, '-p', String(pg.port), '-U', pg.user, '-d', pg.database, '-v', 'ON_ERROR_STOP=1', '-q', '-f', file], { encoding: 'utf8', timeout: 30000 });
	if (r.status !== 0) throw new Error(`creating the tables failed: ${r.stderr}`);
}

/**
 * Test-only: every row written to invoices and invoice_lines (insert, or the update of an insert or
 * update), to compare each write of a link invoice with what its attachment gives.
 */
const WRITE_LOG_SQL = `
CREATE TABLE test_row_writes (seq bigserial PRIMARY KEY, tbl text NOT NULL, dedup_key text, op text NOT NULL, row_data jsonb NOT NULL);
CREATE FUNCTION test_log_row_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO test_row_writes (tbl, dedup_key, op, row_data) VALUES (TG_TABLE_NAME, NEW.dedup_key, TG_OP, to_jsonb(NEW));
  RETURN NEW;
END $$;
CREATE TRIGGER test_log_invoices AFTER INSERT OR UPDATE ON invoices FOR EACH ROW EXECUTE PROCEDURE test_log_row_write();
CREATE TRIGGER test_log_invoice_lines AFTER INSERT OR UPDATE ON invoice_lines FOR EACH ROW EXECUTE PROCEDURE test_log_row_write();
`;

/** The example workflow with the test's credential ids (and, for --mark-read, the unsafe setup). */
function workflowFor(creds, issuerUrl) {
	const text = fs
		.readFileSync(path.join(repoRoot, 'examples/mailbox-to-database.json'), 'utf8')
		.replace(/"fapiaoExampleImap"/g, JSON.stringify(creds.imap.id))
		.replace(/"fapiaoExamplePostgres"/g, JSON.stringify(creds.postgres.id))
		.replace(/"fapiaoExampleTencent"/g, JSON.stringify(creds.tencent.id));
	const wf = JSON.parse(text);
	// n8n 2.x fetches nothing when the trigger starts (its IMAP client listens for new mail only after
	// opening the mailbox); the forced reconnect catches up. 1 minute here instead of the example's 5.
	wf.nodes.find((n) => n.type === 'n8n-nodes-base.emailReadImap').parameters.options.forceReconnect = 1;
	// Issue #25: invoice links go to the issuer emulator; Has Attachments lets link mails through.
	links.prepareWorkflow(wf, issuerUrl);
	if (ifNodes) {
		const c = (node, index = 0) => ({ node, type: 'main', index });
		const ifNode = (name, position) => ({
			id: `if-${name}`,
			name,
			type: 'n8n-nodes-base.if',
			typeVersion: 2.2,
			position,
			parameters: {
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
					conditions: [{ id: `c-${name}`, leftValue: '={{ $json.error }}', rightValue: '', operator: { type: 'string', operation: 'notExists', singleValue: true } }],
					combinator: 'and',
				},
				options: {},
			},
		});
		for (const n of wf.nodes) if (['VAT Invoice OCR', 'Normalize Invoice', 'Line Items'].includes(n.name)) n.onError = 'continueRegularOutput';
		wf.nodes.push(ifNode('Read?', [990, 200]), ifNode('Normalized?', [1210, 0]), ifNode('Lines Read?', [1210, 220]));
		wf.connections['VAT Invoice OCR'] = { main: [[c('Read?')]] };
		wf.connections['Read?'] = { main: [[c('Normalize Invoice'), c('Line Items')], [c('Report Problem')]] };
		wf.connections['Normalize Invoice'] = { main: [[c('Normalized?')]] };
		wf.connections['Normalized?'] = { main: [[c('Store Invoice')], [c('Report Problem')]] };
		wf.connections['Line Items'] = { main: [[c('Lines Read?')]] };
		wf.connections['Lines Read?'] = { main: [[c('Store Lines')], []] };
		// With Continue (regular output) the error item's details are at the top level.
		const report = wf.nodes.find((n) => n.name === 'Report Problem');
		Object.assign(report.parameters.columns.value, {
			problem_key: "={{ $('Email Trigger').item.json.messageId }}/{{ $json.binaryProperty || $json.fileName || $json.sourceUrl || $json.code }}",
			file_name: '={{ $json.fileName }}',
			code: '={{ $json.code }}',
			error: '={{ $json.error }}',
		});
	}
	if (trackUid) {
		const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-base.emailReadImap');
		trigger.parameters.options.trackLastMessageId = true;
	}
	if (markRead) {
		const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-base.emailReadImap');
		trigger.parameters.postProcessAction = 'read';
		// The trigger straight into the processing, as examples/mailbox-to-sheet.json does.
		wf.connections['Email Trigger'] = { main: [[{ node: 'New Mails Only', type: 'main', index: 0 }]] };
		delete wf.connections['Already Handled'];
		wf.nodes = wf.nodes.filter((n) => n.name !== 'Already Handled');
	}
	return wf;
}

async function activate(n8n, id) {
	const cmd = n8n.version === '2' ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true'];
	const r = await n8n.run(cmd);
	if (r.code !== 0) throw new Error(`activating the workflow failed (${cmd.join(' ')}):\n${r.stdout}\n${r.stderr}`);
}

/** Delivers mails one by one with seeded gaps; `between(i)` may pause (e.g. for the kill). */
async function deliver(imapInfo, mails, random, onDelivered) {
	const imap = await connectImap({ port: imapInfo.port, user: imapInfo.user, password: imapInfo.password });
	try {
		for (const mail of mails) {
			mail.uid = await imap.append('INBOX', mail.raw);
			onDelivered(mail);
			await sleep(150 + Math.floor(random() * 450));
		}
	} finally {
		await imap.logout();
	}
}

/** Cleanups of the running version, also run on SIGINT/SIGTERM so no service outlives the test. */
let cleanups = [];
async function runCleanups() {
	const list = cleanups.reverse();
	cleanups = [];
	for (const cleanup of list) {
		try {
			await cleanup();
		} catch (error) {
			console.error(`cleanup: ${error.message}`);
		}
	}
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.once(signal, () => {
		console.error(`${signal}: stopping the services`);
		runCleanups().finally(() => process.exit(1));
	});
}

async function runVersion(version) {
	const started = Date.now();
	cleanups = [];
	const random = seededRandom(SEED);
	const result = { version, failures: [] };
	try {
		const plan = mailPlan(random);
		log(`n8n ${version}: ${plan.mails.length} mails planned`);
		const emulator = await startEmulator({ port: 0, latency: { fixedMs: IMAGE_LATENCY_MS, jitterMs: 0 }, fixtures: emulatorFixtures(), seed: SEED });
		cleanups.push(() => emulator.close());
		const issuers = await links.startLinkEmulator();
		cleanups.push(() => issuers.close());
		const dovecot = await startDovecot({ log });
		cleanups.push(() => dovecot.stop());
		const pg = await startPostgres({ log });
		cleanups.push(() => pg.stop());
		applySqlFile(pg, path.join(repoRoot, 'examples/mailbox-to-database.sql'));
		applySql(pg, WRITE_LOG_SQL);
		const attachmentRows = await linkAttachmentRows();

		const n8n = await prepareN8n({ version, log, env: noLimit ? {} : { N8N_CONCURRENCY_PRODUCTION_LIMIT: '1' } });
		cleanups.push(() => n8n.cleanup());
		const key = DEMO_KEYS.tencent[0];
		const [imapCred, pgCred, tencentCred] = await n8n.importCredentials([
			{ name: 'Invoice mailbox', type: 'imap', data: { user: dovecot.user, password: dovecot.password, host: dovecot.host, port: dovecot.port, secure: false, allowUnauthorizedCerts: false } },
			{ name: 'Invoices database', type: 'postgres', data: { host: pg.host, port: pg.port, database: pg.database, user: pg.user, password: pg.password, ssl: 'disable', allowUnauthorizedCerts: false, sshTunnel: false, maxConnections: 5 } },
			{ name: 'Tencent Cloud API', type: 'tencentCloudApi', data: { secretId: key.secretId, secretKey: key.secretKey, region: 'ap-guangzhou', endpoint: emulator.url } },
		]);
		const workflow = workflowFor({ imap: imapCred, postgres: pgCred, tencent: tencentCred }, issuers.url);
		const workflowId = await n8n.importWorkflow(workflow);
		await activate(n8n, workflowId);

		let server = await n8n.startN8n({ owner: false, env: { N8N_LOG_LEVEL: verbose ? 'info' : 'warn' } });
		const servers = [server];
		cleanups.push(() => Promise.all(servers.map((s) => s.stop())));
		log(`n8n ${n8n.n8nVersion} started on ${server.url}`);

		const delivered = [];
		const onDelivered = (mail) => {
			delivered.push(mail);
			log(`delivered ${delivered.length}/${plan.mails.length} ${mail.label} (uid ${mail.uid})`);
		};
		const count = (table) => query(pg, `SELECT count(*)::int AS n FROM ${table}`)[0].n;

		// Phase 1: the first part, then SIGKILL while n8n is at work (an execution running, mails
		// not yet in the ledger); some mails arrive while it is down; it starts again; the rest.
		const [first, whileDown, rest] = plan.phases;
		await deliver(dovecot, first, random, onDelivered);
		await waitFor('n8n to be in the middle of the first mails', async () => count('invoices') >= 1 || count('problems') >= 1, 90000, 100);
		const handledAtKill = count('mails');
		const storedAtKill = count('invoices');
		const emulatorAtKill = (emulator.stats().apis['tencent:VatInvoiceOCR'] || { requests: 0 }).requests;
		await server.kill('SIGKILL');
		log(`SIGKILL n8n with ${storedAtKill} invoices stored, ${handledAtKill}/${delivered.length} mails in the ledger, ${emulatorAtKill} OCR calls made`);
		result.kill = { handledAtKill, deliveredAtKill: delivered.length, storedAtKill };
		await deliver(dovecot, whileDown, random, onDelivered);
		server = await n8n.startN8n({ owner: false, env: { N8N_LOG_LEVEL: process.env.MAILBOX_N8N_LOG_LEVEL || (verbose ? 'info' : 'warn') } });
		servers.push(server);
		log('n8n started again');
		if (handledAtKill >= delivered.length - whileDown.length) result.failures.push(`the kill came after all ${handledAtKill} delivered mails were handled: nothing was in progress`);
		// Before any new mail: the mails of the killed run and those that came while n8n was down must be
		// fetched at the start alone (the trigger fetches all unread mail when it opens the mailbox).
		if (!markRead && !trackUid) {
			await waitFor('the mails from before the restart to be handled without new mail', async () => count('mails') >= delivered.length, 120000, 500).catch((error) =>
				result.failures.push(error.message),
			);
			log(`${count('mails')} of ${delivered.length} mails from before the restart handled after the start, before new mail`);
		}
		await deliver(dovecot, rest, random, onDelivered);

		// Drained: every mail in the ledger (or, for --mark-read, nothing new for a while).
		const drainStarted = Date.now();
		let lastChange = Date.now();
		let lastSignature = '';
		await waitFor(
			'every mail to be handled',
			async () => {
				const signature = ['mails', 'invoices', 'problems', 'invoice_sources'].map(count).join('/');
				if (signature !== lastSignature) {
					lastSignature = signature;
					lastChange = Date.now();
					log(`ledger/invoices/problems/sources: ${signature}`);
				}
				if (markRead || trackUid) {
					if (count('mails') >= plan.mails.length) return true;
					return Date.now() - lastChange > 25000;
				}
				return count('mails') >= plan.mails.length;
			},
			DRAIN_TIMEOUT_MS,
			1000,
		).catch((error) => result.failures.push(error.message));
		log(`drained in ${((Date.now() - drainStarted) / 1000).toFixed(0)} s after the last delivery`);
		// A little longer: anything still running (a re-fetch) must not add rows after the check.
		await sleep(3000);

		const imap = await connectImap({ port: dovecot.port, user: dovecot.user, password: dovecot.password });
		await imap.select('INBOX');
		result.unseen = (await imap.uidSearch('UNSEEN')).length;
		await imap.logout();
		result.emulatorCalls = (emulator.stats().apis['tencent:VatInvoiceOCR'] || { requests: 0 }).requests;
		result.issuerRequests = issuers.requests.length;
		const checked = check(pg, plan, { workflow, attachmentRows });
		Object.assign(result, checked, { failures: [...result.failures, ...checked.failures] });
		result.n8nVersion = n8n.n8nVersion;
		if (result.failures.length && verbose) log(`n8n output (last):\n${server.output().slice(-4000)}`);
		if (process.env.MAILBOX_N8N_LOG_DIR) {
			servers.forEach((s, i) => fs.writeFileSync(path.join(process.env.MAILBOX_N8N_LOG_DIR, `n8n${version}-start${i + 1}.log`), s.output()));
		}
	} catch (error) {
		result.failures.push(error.stack || error.message);
	} finally {
		await runCleanups();
	}
	result.seconds = (Date.now() - started) / 1000;
	return result;
}

const money = (v) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);

/**
 * What an OFD attached to a mail gives, read by the built package (the test runs npm run build first) as
 * VAT Invoice OCR's local reading reads an attachment (nodes/shared/localReading.ts: readInvoiceFile, an
 * item marked provider local), then Normalize Invoice's two modes with the example's default options.
 */
async function attachmentOutput(file) {
	const pkg = require(repoRoot);
	const bytes = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'ofd', file));
	const read = await pkg.readInvoiceFile(bytes);
	if (read.length !== 1) throw new Error(`${file}: ${read.length} invoices read, 1 expected`);
	const json = { ...read[0], provider: 'local', api: 'LocalInvoiceReader', fileName: file };
	const [invoice] = pkg.normalizeInvoices(json);
	return { invoice: pkg.toInvoiceRow(invoice), lines: pkg.toLineItemRows(invoice) };
}

/** The link invoices' attachment output, and that of the OFDs the plan mails as attachments (to check the reading above). */
async function linkAttachmentRows() {
	const { OFD } = require('./plan.js');
	const out = { links: [], attached: [] };
	const entry = async (o) => ({ ...o, dedupKey: o.invoiceCode ? `${o.invoiceCode}-${o.invoiceNumber}` : o.invoiceNumber, output: await attachmentOutput(o.file) });
	for (const o of Object.values(links.LINK_OFD)) out.links.push(await entry(o));
	for (const o of Object.values(OFD)) out.attached.push(await entry(o));
	return out;
}

/**
 * A column value of a PostgreSQL node, as n8n evaluates it for this workflow's expressions: only
 * `={{ $json.field }}`, `={{ $json.field.join('sep') }}` and templates of them (`={{ $json.a }}#{{ $json.b }}`);
 * anything else fails the run rather than guess.
 */
function evaluateColumn(expression, json) {
	const term = (inner) => {
		const m = /^\$json\.(\w+)(?:\.join\('([^']*)'\))?$/.exec(inner.trim());
		if (!m) throw new Error(`the test cannot evaluate the column expression ${expression}`);
		const value = json[m[1]];
		return m[2] !== undefined ? value.join(m[2]) : value;
	};
	const whole = /^=\{\{(.*?)\}\}$/.exec(expression);
	if (whole && !whole[1].includes('}}')) return term(whole[1]);
	if (!expression.startsWith('=')) return expression;
	return expression.slice(1).replace(/\{\{(.*?)\}\}/g, (_, inner) => String(term(inner) ?? ''));
}

/** The row a PostgreSQL insert-or-update node of the workflow writes for one item. */
function rowOf(workflow, nodeName, json) {
	const node = workflow.nodes.find((n) => n.name === nodeName);
	const row = {};
	for (const [column, expression] of Object.entries(node.parameters.columns.value)) row[column] = evaluateColumn(expression, json);
	return row;
}

/** Differences between a row the database holds and the row expected, on the expected row's columns. */
function rowDiffs(stored, expected) {
	const same = (a, b) => {
		if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
		if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
		return String(a) === String(b);
	};
	return Object.keys(expected)
		.filter((column) => !same(stored[column], expected[column]))
		.map((column) => `${column} ${JSON.stringify(stored[column])} != ${JSON.stringify(expected[column])}`);
}

/**
 * Every write of the invoice's row and line rows (test_row_writes) against the rows the attachment
 * gives; also the final rows. Returns the differences found.
 */
function compareWithAttachment(pg, workflow, expected, label) {
	const failures = [];
	const wantInvoice = rowOf(workflow, 'Store Invoice', expected.output.invoice);
	const wantLines = expected.output.lines.map((line) => rowOf(workflow, 'Store Lines', line));
	const writes = query(pg, `SELECT tbl, op, row_data FROM test_row_writes WHERE dedup_key = '${expected.dedupKey.replace(/'/g, "''")}' ORDER BY seq`);
	const invoiceWrites = writes.filter((w) => w.tbl === 'invoices');
	if (!invoiceWrites.length) failures.push(`${label} ${expected.invoiceNumber}: no row written`);
	for (const [i, w] of invoiceWrites.entries()) {
		const diffs = rowDiffs(w.row_data, wantInvoice);
		if (diffs.length) failures.push(`${label} ${expected.invoiceNumber}, write ${i + 1} (${w.op}) of its invoice row differs from the attachment's: ${diffs.join('; ')}`);
	}
	const byKey = new Map(wantLines.map((l) => [l.line_key, l]));
	for (const [i, w] of writes.filter((x) => x.tbl === 'invoice_lines').entries()) {
		const want = byKey.get(w.row_data.line_key);
		const diffs = want ? rowDiffs(w.row_data, want) : [`line_key ${w.row_data.line_key} is not one of the attachment's`];
		if (diffs.length) failures.push(`${label} ${expected.invoiceNumber}, line write ${i + 1} (${w.op}) differs from the attachment's: ${diffs.join('; ')}`);
	}
	const final = query(pg, `SELECT * FROM invoice_lines WHERE dedup_key = '${expected.dedupKey.replace(/'/g, "''")}' ORDER BY line_no`);
	const finalKeys = final.map((l) => l.line_key).sort();
	const wantKeys = [...byKey.keys()].sort();
	if (JSON.stringify(finalKeys) !== JSON.stringify(wantKeys)) failures.push(`${label} ${expected.invoiceNumber}: line rows ${finalKeys.join(', ')} != the attachment's ${wantKeys.join(', ')}`);
	return { failures, writes: invoiceWrites.length };
}

/** The database against the plan: counts and every expected field. */
function check(pg, plan, { workflow, attachmentRows }) {
	const failures = [];
	const invoices = query(pg, 'SELECT * FROM invoices');
	const lines = query(pg, 'SELECT dedup_key, count(*)::int AS n FROM invoice_lines GROUP BY dedup_key');
	const sources = query(pg, 'SELECT * FROM invoice_sources');
	const problems = query(pg, 'SELECT * FROM problems');
	const mails = query(pg, 'SELECT message_id FROM mails');
	const handled = new Set(mails.map((m) => m.message_id));

	let lost = 0;
	let wrong = 0;
	for (const mail of plan.mails) {
		if (!handled.has(mail.messageId)) {
			lost++;
			failures.push(`mail not handled: ${mail.label} ${mail.messageId}`);
		}
	}
	const byNumber = new Map();
	for (const inv of invoices) byNumber.set(inv.invoice_number, [...(byNumber.get(inv.invoice_number) || []), inv]);
	let doubled = 0;
	for (const [number, rows] of byNumber) {
		if (rows.length > 1) {
			doubled += rows.length - 1;
			failures.push(`invoice ${number} stored ${rows.length} times (${rows.map((r) => r.dedup_key).join(', ')})`);
		}
	}
	const lineCount = new Map(lines.map((l) => [l.dedup_key, l.n]));
	for (const exp of plan.invoices) {
		const rows = byNumber.get(exp.invoiceNumber) || [];
		if (!rows.length) {
			lost++;
			failures.push(`invoice not stored: ${exp.invoiceNumber} (${exp.from})`);
			continue;
		}
		const row = rows[0];
		const diffs = [];
		if (row.dedup_key !== exp.dedupKey) diffs.push(`dedup_key ${row.dedup_key} != ${exp.dedupKey}`);
		if (money(row.total_amount) !== money(exp.totalAmount)) diffs.push(`total_amount ${row.total_amount} != ${exp.totalAmount}`);
		if (exp.invoiceCode !== undefined && (row.invoice_code || null) !== exp.invoiceCode) diffs.push(`invoice_code ${row.invoice_code} != ${exp.invoiceCode}`);
		if (exp.issueDate && row.issue_date !== exp.issueDate) diffs.push(`issue_date ${row.issue_date} != ${exp.issueDate}`);
		if (exp.sellerTaxId && row.seller_tax_id !== exp.sellerTaxId) diffs.push(`seller_tax_id ${row.seller_tax_id} != ${exp.sellerTaxId}`);
		if (exp.sellerName && row.seller_name !== exp.sellerName) diffs.push(`seller_name ${row.seller_name} != ${exp.sellerName}`);
		if (exp.buyerName && row.buyer_name !== exp.buyerName) diffs.push(`buyer_name ${row.buyer_name} != ${exp.buyerName}`);
		if (exp.lines !== undefined && (lineCount.get(row.dedup_key) || 0) !== exp.lines) diffs.push(`lines ${lineCount.get(row.dedup_key) || 0} != ${exp.lines}`);
		if (diffs.length) {
			wrong++;
			failures.push(`invoice ${exp.invoiceNumber} (${exp.from}): ${diffs.join('; ')}`);
		}
	}
	const expectedNumbers = new Set(plan.invoices.map((e) => e.invoiceNumber));
	for (const inv of invoices) {
		if (!expectedNumbers.has(inv.invoice_number)) {
			wrong++;
			failures.push(`unexpected invoice stored: ${inv.dedup_key} total ${inv.total_amount} (${inv.source})`);
		}
	}
	const problemMails = new Map();
	for (const p of problems) problemMails.set(p.message_id, [...(problemMails.get(p.message_id) || []), p]);
	for (const exp of plan.problems) {
		const found = (problemMails.get(exp.messageId) || []).some((p) => !exp.fileName || p.file_name === exp.fileName);
		if (!found) {
			lost++;
			const other = (problemMails.get(exp.messageId) || []).map((p) => `${p.file_name} ${p.code} ${String(p.error).slice(0, 300)}`).join(', ');
			failures.push(`problem not reported: ${exp.fileName ?? '(the mail)'} in ${exp.label}${other ? ` (reported for it: ${other})` : ''}`);
		}
	}
	// A problem expected with a code (the expired link: LinkExpired) is reported with that code.
	for (const exp of plan.problems.filter((p) => p.code)) {
		const reported = problemMails.get(exp.messageId) || [];
		if (reported.length && !reported.some((p) => p.code === exp.code)) {
			wrong++;
			failures.push(`problem of ${exp.label} reported as ${reported.map((p) => p.code).join(', ')}, not ${exp.code}`);
		}
	}
	// Issue #25: a link invoice's rows are those its file gives as an attachment; the reading that says so
	// must give the stored rows of the OFDs that were mailed as attachments.
	let linkWrites = 0;
	for (const o of attachmentRows.attached) {
		const r = compareWithAttachment(pg, workflow, o, 'attached OFD (checks the attachment rows of the test)');
		if (r.failures.length) wrong++;
		failures.push(...r.failures);
	}
	for (const o of attachmentRows.links) {
		const r = compareWithAttachment(pg, workflow, o, 'link invoice');
		linkWrites += r.writes;
		if (r.failures.length) wrong++;
		failures.push(...r.failures);
	}
	const expectedProblemMails = new Set(plan.problems.map((p) => p.messageId));
	for (const p of problems) {
		if (!expectedProblemMails.has(p.message_id)) {
			wrong++;
			failures.push(`unexpected problem: ${p.file_name} ${p.code}: ${String(p.error).slice(0, 200)}`);
		}
	}
	// Duplicates absorbed: mails that brought an invoice that another mail had brought as well.
	const duplicates = sources.length - new Set(sources.map((s) => s.dedup_key)).size;
	return {
		mails: plan.mails.length,
		attachments: plan.mails.reduce((n, m) => n + m.attachments, 0),
		invoices: invoices.length,
		duplicates,
		problems: problems.length,
		lost,
		doubled,
		wrong,
		linkInvoices: attachmentRows.links.length,
		linkWrites,
		failures,
	};
}

async function main() {
	const started = Date.now();
	let failed = false;
	console.error(
		hasCorpus()
			? `mailbox: the invoices built in the repository and the shared corpus (${samples})`
			: `mailbox: the invoices built in the repository only (${samples} not found: its real PDFs and XML are left out)`,
	);
	for (const version of versionArg) {
		const major = installer.normalizeMajor(version);
		const r = await runVersion(major);
		if (r.mails !== undefined) {
			console.log(`mailbox: ${r.mails} mails, ${r.attachments} attachments, ${r.invoices} invoices stored, ${r.duplicates} duplicates absorbed, ${r.problems} problems reported, ${r.lost} lost, ${r.doubled} doubled`);
		}
		console.error(
			`  n8n ${r.n8nVersion || major}${markRead ? ' (mark read, no ledger)' : ''}${trackUid ? ' (track last UID)' : ''}${noLimit ? ' (no concurrency limit)' : ''}${ifNodes ? ' (If nodes)' : ''}: ${r.seconds.toFixed(0)} s; killed with ${r.kill ? `${r.kill.storedAtKill} invoices stored, ${r.kill.handledAtKill}/${r.kill.deliveredAtKill} delivered mails in the ledger` : '-'}; ${r.emulatorCalls ?? '-'} OCR calls at the emulator; ${r.unseen ?? '-'} mails left unread; ${r.linkInvoices ?? '-'} link invoices (${r.linkWrites ?? '-'} row writes) checked against their attachment rows, ${r.issuerRequests ?? '-'} requests at the issuer emulator`,
		);
		for (const f of r.failures) console.error(`  FAIL ${f}`);
		if (r.failures.length || r.lost || r.doubled || r.wrong) failed = true;
	}
	console.error(`test:mailbox took ${((Date.now() - started) / 1000).toFixed(0)} s`);
	if (failed) {
		console.error('FAILED');
		process.exitCode = 1;
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});

