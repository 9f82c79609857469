/**
 * Every example workflow that reads a mailbox has the shape the README shows keeping every invoice through a
 * crash (README, "The mailbox workflow"; measured by npm run test:mailbox): the trigger leaves mail unread
 * and does not track the last UID, a ledger of handled mails is looked up before any OCR and written last,
 * and every write is an insert-or-update on its key. An example with the trigger's "Mark as Read" (which
 * marks a batch read before its execution starts) fails here. Each also lets through mails that hold an
 * issuer's download link (issue #25, the filter npm run test:mailbox runs), and keys a problem row so that two
 * failed links of one mail are two rows.
 */
import { LINK_FILTER_VALUE } from '../mailbox/linkMails';
import { listRepoFiles, readRepoFile } from '../support/files';
import { evaluateExpression } from '../support/expressions';

interface Node {
	name: string;
	type: string;
	position: [number, number];
	parameters: Record<string, unknown>;
	onError?: string;
	alwaysOutputData?: boolean;
}
interface Connection {
	node: string;
	type: string;
	index: number;
}
interface Workflow {
	name: string;
	nodes: Node[];
	connections: Record<string, { main: Connection[][] }>;
	settings?: { executionOrder?: string };
}

const TRIGGER = 'n8n-nodes-base.emailReadImap';
const examples = listRepoFiles('examples')
	.filter((f: string) => f.endsWith('.json'))
	.map((file: string) => ({ file, wf: JSON.parse(readRepoFile('examples', file)) as Workflow }));
const mailboxExamples = examples.filter(({ wf }) => wf.nodes.some((n) => n.type === TRIGGER));

/** The nodes fed by `from`'s output `output` (all outputs when undefined). */
function targets(wf: Workflow, from: string, output?: number): Connection[] {
	const outs = wf.connections[from]?.main ?? [];
	return (output === undefined ? outs : [outs[output] ?? []]).flat();
}
/** A parameter by its dotted path ('options.forceReconnect'), undefined when absent. */
const param = (n: Node | undefined, path: string): unknown =>
	path.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), n?.parameters);
const node = (wf: Workflow, name: string) => {
	const n = wf.nodes.find((x) => x.name === name);
	if (!n) throw new Error(`no node ${name}`);
	return n;
};
/** Every node reachable from `from` (not including it). */
function downstream(wf: Workflow, from: string): Set<string> {
	const seen = new Set<string>();
	const queue = [from];
	while (queue.length) {
		for (const c of targets(wf, queue.shift() as string)) {
			if (seen.has(c.node)) continue;
			seen.add(c.node);
			queue.push(c.node);
		}
	}
	return seen;
}
/** A write keyed on `key` (Google Sheets append or update, PostgreSQL insert or update). */
function upsertsOn(n: Node, key: RegExp): boolean {
	const op = n.type === 'n8n-nodes-base.googleSheets' ? 'appendOrUpdate' : n.type === 'n8n-nodes-base.postgres' ? 'upsert' : undefined;
	const matching = param(n, 'columns.matchingColumns');
	return op !== undefined && param(n, 'operation') === op && Array.isArray(matching) && matching.some((c) => key.test(String(c)));
}
const WRITERS = ['n8n-nodes-base.googleSheets', 'n8n-nodes-base.postgres'];
const isWrite = (n: Node) => WRITERS.includes(n.type) && !['read', 'executeQuery', 'select'].includes(String(param(n, 'operation')));

test('there are mailbox examples, and each one is checked below', () => {
	expect(mailboxExamples.map((e) => e.file)).toEqual(expect.arrayContaining(['mailbox-to-database.json', 'mailbox-to-sheet.json', 'mailbox-verify-to-sheet.json']));
});

describe.each(mailboxExamples)('$file: the ledger shape', ({ wf }) => {
	const trigger = wf.nodes.find((n) => n.type === TRIGGER) as Node;

	test('the trigger leaves mail unread, does not track the last UID, and reconnects every few minutes', () => {
		expect(param(trigger, 'postProcessAction')).toBe('nothing');
		expect(param(trigger, 'options.trackLastMessageId') ?? false).toBe(false);
		expect(param(trigger, 'options.customEmailConfig') ?? '["UNSEEN"]').toBe('["UNSEEN"]');
		expect(param(trigger, 'options.forceReconnect')).toBeGreaterThan(0);
		expect(param(trigger, 'options.forceReconnect')).toBeLessThanOrEqual(5);
	});

	test('execution order v1, so the lower branch (the ledger write) runs after the upper one', () => {
		expect(wf.settings?.executionOrder).toBe('v1');
	});

	// The trigger feeds the ledger lookup and a merge that keeps only mails the ledger does not have.
	const fed = targets(wf, trigger.name);
	const merge = fed.map((c) => node(wf, c.node)).find((n) => n.type === 'n8n-nodes-base.merge');
	const lookup = fed.map((c) => node(wf, c.node)).find((n) => n.type !== 'n8n-nodes-base.merge');

	test('the trigger goes only to the ledger lookup and to "keep non-matches" on messageId', () => {
		expect(fed).toHaveLength(2);
		expect(merge).toBeDefined();
		expect(lookup).toBeDefined();
		expect(fed.find((c) => c.node === merge?.name)?.index).toBe(0);
		expect(merge?.parameters).toMatchObject({ mode: 'combine', joinMode: 'keepNonMatches', fieldsToMatchString: 'messageId', outputDataFrom: 'input1' });
		expect(targets(wf, lookup?.name ?? '')).toEqual([{ node: merge?.name, type: 'main', index: 1 }]);
	});

	test('after the merge: the processing branch above, the ledger write below it, keyed on the Message-ID', () => {
		const after = targets(wf, merge?.name ?? '').map((c) => node(wf, c.node));
		expect(after).toHaveLength(2);
		const ledger = after.find((n) => upsertsOn(n, /^message_?id$/i));
		const work = after.find((n) => n !== ledger);
		expect(ledger).toBeDefined();
		expect(work).toBeDefined();
		// v1 runs the branches of a node from top to bottom: the ledger's row is written last.
		expect(ledger?.position[1]).toBeGreaterThan(work?.position[1] ?? Infinity);
		expect(targets(wf, ledger?.name ?? '')).toEqual([]);
		// Nothing the processing branch writes is the ledger.
		expect([...downstream(wf, work?.name ?? '')]).not.toContain(ledger?.name);
	});

	test('every write is an insert or update on its key, and the ledger is read before any OCR', () => {
		const writes = wf.nodes.filter(isWrite);
		expect(writes.length).toBeGreaterThanOrEqual(2);
		for (const w of writes) expect({ node: w.name, upsert: upsertsOn(w, /./) }).toEqual({ node: w.name, upsert: true });
		const ocr = wf.nodes.filter((n) => n.type.startsWith('n8n-nodes-fapiao.') && n.type.endsWith('InvoiceOcr'));
		expect(ocr.length).toBeGreaterThan(0);
		for (const n of ocr) expect(downstream(wf, merge?.name ?? '')).toContain(n.name);
		expect(downstream(wf, trigger.name)).toEqual(new Set([lookup?.name, ...downstream(wf, lookup?.name ?? ''), merge?.name, ...downstream(wf, merge?.name ?? '')]));
	});

	test('an unreadable file is a problem row, not lost: the reading nodes use their error output', () => {
		for (const n of wf.nodes.filter((x) => x.type === 'n8n-nodes-fapiao.vatInvoiceOcr' || (x.type === 'n8n-nodes-fapiao.normalizeInvoice' && targets(wf, x.name, 1).length))) {
			expect({ node: n.name, onError: n.onError }).toEqual({ node: n.name, onError: 'continueErrorOutput' });
			expect(targets(wf, n.name, 1).length).toBeGreaterThan(0);
		}
	});
});

const evaluate = evaluateExpression;

describe.each(mailboxExamples)('$file: mails with invoice links, and the problem key', ({ wf }) => {
	const filter = wf.nodes.find((n) => n.type === 'n8n-nodes-base.filter' && targets(wf, n.name).some((c) => node(wf, c.node).type === 'n8n-nodes-fapiao.vatInvoiceOcr'));
	const condition = (param(filter, 'conditions.conditions') as Array<{ leftValue: string; rightValue: unknown; operator: { operation: string } }> | undefined)?.[0];
	const passes = (item: { json: Record<string, unknown>; binary?: Record<string, unknown> }) => (evaluate(String(condition?.leftValue), item) as number) > Number(condition?.rightValue);

	test('the filter before VAT Invoice OCR is the one npm run test:mailbox runs (test/mailbox/linkMails.js), and VAT Invoice OCR follows links', () => {
		expect(filter?.name).toBe('Has Attachments');
		expect(condition?.leftValue).toBe(LINK_FILTER_VALUE);
		expect(condition?.operator.operation).toBe('gt');
		const ocr = node(wf, targets(wf, filter?.name ?? '')[0].node);
		expect(param(ocr, 'followLinks')).toBe(true);
	});

	test('it lets through a mail with an attachment or an issuer link (text or HTML), not a reply without either', () => {
		expect(passes({ json: { text: 'see attached' }, binary: { attachment_0: {} } })).toBe(true);
		expect(passes({ json: { text: '请下载 https://nnfp.jss.com.cn/Ab12Cd34' } })).toBe(true);
		expect(passes({ json: { html: '<a href="https://dppt.shanghai.chinatax.gov.cn:8443/kpfw/fpjfzz/v1/exportDzfpwjEwm?Wjgs=PDF">PDF</a>' } })).toBe(true);
		expect(passes({ json: { textHtml: '<a href="http://u.baiwang.com/x1">下载</a>' } })).toBe(true);
		expect(passes({ json: { text: 'Re: 收到，谢谢 https://www.example.com/' } })).toBe(false);
		expect(passes({ json: {} })).toBe(false);
	});

	test('the problem key names the attachment, else the file, else the link, else the code: two failed links of one mail are two rows', () => {
		const keys = wf.nodes.flatMap((n) => JSON.stringify(n.parameters).match(/=\{\{ \$\('[^']+'\)\.item\.json\.messageId \}\}\/\{\{ \$json\.error\.[^"]*\}\}/g) ?? []);
		expect(keys).toHaveLength(1);
		const key = JSON.parse(`"${keys[0]}"`) as string;
		const trigger = wf.nodes.find((n) => n.type === TRIGGER) as Node;
		const keyOf = (error: Record<string, unknown>) => evaluate(key, { json: { error } }, { [trigger.name]: { messageId: '<m1@x>' } });
		const none = { binaryProperty: null, fileName: null, sourceUrl: null };
		expect(keyOf({ ...none, binaryProperty: 'attachment_1', fileName: 'a.pdf', code: 'X' })).toBe('<m1@x>/attachment_1');
		const linkA = keyOf({ ...none, sourceUrl: 'https://nnfp.jss.com.cn/Aaaa', code: 'LinkExpired' });
		const linkB = keyOf({ ...none, sourceUrl: 'https://nnfp.jss.com.cn/Bbbb', code: 'LinkExpired' });
		expect(linkA).toBe('<m1@x>/https://nnfp.jss.com.cn/Aaaa');
		expect(linkB).not.toBe(linkA);
		expect(keyOf({ ...none, code: 'NoInvoiceFile' })).toBe('<m1@x>/NoInvoiceFile');
	});
});
