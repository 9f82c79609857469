// Verify Invoice end to end: a real n8n (1.x by default; N8N_E2E_VERSION=2 for 2.x) with this package
// installed as a community package, and the provider emulator standing in for Tencent Cloud
// VatInvoiceVerifyNew. Canonical invoices (as Normalize Invoice outputs them) come from a Set node;
// the node runs with its default parameters (every field read with `={{ $json.<field> }}`).
import { DEMO_KEYS, startEmulator } from '../emulator/server';
import { canonicalOf } from '../helpers/knownInvoices';
import { prepareN8n } from './support/n8n';

type N8n = Awaited<ReturnType<typeof prepareN8n>>;
type Emulator = Awaited<ReturnType<typeof startEmulator>>;
type Run = Awaited<ReturnType<N8n['executeWorkflow']>>;
type Json = Record<string, unknown>;

const MINUTE = 60 * 1000;
const TENCENT_KEY = DEMO_KEYS.tencent[0];

/** A known invoice as Normalize Invoice outputs it, with the label the workflow groups it by. */
function canonical(label: string, changes: Json = {}): Json {
	return canonicalOf(label, { label, ...changes }) as Json;
}

let counter = 0;
function node(name: string, type: string, typeVersion: number, parameters: Json, extra: Json = {}): Json {
	counter += 1;
	return { id: `e2e0d000-0000-4000-8000-${String(counter).padStart(12, '0')}`, name, type, typeVersion, position: [counter * 200, 0], parameters, ...extra };
}

function workflow(branches: Array<{ name: string; invoices: Json[]; options?: Json; onError?: string }>, credential: { id: string; name: string }): Json {
	const nodes: Json[] = [node('Start', 'n8n-nodes-base.manualTrigger', 1, {})];
	const connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }> = { Start: { main: [[]] } };
	const link = (from: string, to: string) => {
		connections[from] = connections[from] || { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	};
	for (const branch of branches) {
		nodes.push(node(`${branch.name} invoices`, 'n8n-nodes-base.set', 3.4, { mode: 'raw', jsonOutput: JSON.stringify({ invoices: branch.invoices }), options: {} }));
		nodes.push(node(`${branch.name} split`, 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'invoices', options: {} }));
		nodes.push(
			node(branch.name, 'n8n-nodes-fapiao.verifyInvoice', 1, { options: { retryDelay: 10, ...(branch.options ?? {}) } }, {
				credentials: { tencentCloudApi: credential },
				...(branch.onError ? { onError: branch.onError } : {}),
			}),
		);
		link('Start', `${branch.name} invoices`);
		link(`${branch.name} invoices`, `${branch.name} split`);
		link(`${branch.name} split`, branch.name);
	}
	return { name: 'Verify Invoice e2e', nodes, connections, settings: { executionOrder: 'v1' } };
}

let n8n: N8n;
let emulator: Emulator;
let credential: { id: string; name: string; type: string };

beforeAll(async () => {
	emulator = await startEmulator({ port: 0, latency: { fixedMs: 0, jitterMs: 0 } });
	n8n = await prepareN8n();
	[credential] = await n8n.importCredentials([
		{
			name: 'Tencent (emulator)',
			type: 'tencentCloudApi',
			data: { secretId: TENCENT_KEY.secretId, secretKey: TENCENT_KEY.secretKey, region: 'ap-guangzhou', endpoint: emulator.url },
		},
	]);
}, 30 * MINUTE);

afterAll(async () => {
	if (n8n) await n8n.cleanup();
	if (emulator) await emulator.close();
}, 2 * MINUTE);

function describeRun(run: Run): string {
	return `n8n ${n8n.n8nVersion} execute (exit ${run.exitCode}, status ${run.status}):\n${run.stdout.slice(-6000)}\n${run.stderr.slice(-6000)}`;
}

function rawItems(run: Run, nodeName: string): Array<{ json: Json; pairedItem?: unknown }> {
	const runs = (run.runData[nodeName] || []) as Array<{ data?: { main?: Array<Array<{ json: Json; pairedItem?: unknown }>> } }>;
	const last = runs[runs.length - 1];
	return (last && last.data && last.data.main && last.data.main[0]) || [];
}

describe('Verify Invoice in a real n8n against the emulator', () => {
	test(
		'statuses for 数电, 专票, 普票 and toll invoices; the emulator confirms the request rules; an invoice without a number is never sent; no secret anywhere',
		async () => {
			const statuses = [
				canonical('数电 普票, genuine'),
				canonical('数电 专票, voided'),
				canonical('数电 普票, fully red-flushed'),
				canonical('专票, genuine'),
				canonical('专票, red-flushed'),
				canonical('电子普票, genuine'),
				canonical('普票 (paper), voided'),
				canonical('通行费, genuine'),
				canonical('专票, genuine', { label: 'unknown', invoiceNumber: '99999999' }),
				canonical('电子普票, partly red-flushed', { label: 'wrong check code', checkCode: '00000000000000999999' }),
			];
			const sheet = [canonical('通行费, genuine', { totalAmount: 100.5 }), canonical('电子普票, genuine', { label: 'no number', invoiceNumber: null })];
			const wf = workflow(
				[
					{ name: 'Verify', invoices: statuses },
					{ name: 'Verify flat', invoices: sheet, options: { outputFormat: 'flat' }, onError: 'continueRegularOutput' },
				],
				credential,
			);
			const id = await n8n.importWorkflow(wf);
			const run = await n8n.executeWorkflow(id);
			expect({ ok: run.ok, detail: run.ok ? '' : describeRun(run) }).toEqual({ ok: true, detail: '' });

			const out = rawItems(run, 'Verify');
			expect(out.map((o) => [o.json.label, (o.json.verification as Json).status])).toEqual([
				['数电 普票, genuine', 'genuine'],
				['数电 专票, voided', 'voided'],
				['数电 普票, fully red-flushed', 'red_flushed'],
				['专票, genuine', 'genuine'],
				['专票, red-flushed', 'red_flushed'],
				['电子普票, genuine', 'genuine'],
				['普票 (paper), voided', 'voided'],
				['通行费, genuine', 'genuine'],
				['unknown', 'not_found'],
				['wrong check code', 'mismatch'],
			]);
			expect(out.map((o) => o.pairedItem)).toEqual(statuses.map((_, i) => ({ item: i })));
			const first = out[0].json.verification as Json;
			expect(first).toMatchObject({ requestId: expect.any(String), differences: [] });
			expect(first.invoice).toMatchObject({ source: 'tencent-verify', invoiceType: 'digital_common', invoiceNumber: '25442000000012345678', totalAmount: 106 });

			const flat = rawItems(run, 'Verify flat').map((o) => o.json);
			expect(flat[0]).toMatchObject({ verificationStatus: 'genuine', differences: 'totalAmount: 100.50 ≠ 100.00' });
			expect(flat[1]).toMatchObject({ verificationStatus: 'error', code: 'MissingField', error: 'Item 1: the invoice has no invoiceNumber, which every verification needs' });

			// The emulator's record: one request per sendable invoice, each following the rules.
			const requests = emulator.verifyRequests();
			expect(requests).toHaveLength(statuses.length + 1);
			expect(requests.every((r) => typeof r.params.InvoiceNo === 'string' && r.params.InvoiceNo !== '')).toBe(true);
			const byNumber = new Map(requests.map((r) => [r.params.InvoiceNo, r]));
			expect(byNumber.get('25442000000012345678')).toEqual({ params: { InvoiceNo: '25442000000012345678', InvoiceDate: '2025-03-10', InvoiceKind: '10', Amount: '106.00' }, result: 'ok:N' });
			expect(byNumber.get('25442000000087654321')).toEqual({ params: { InvoiceNo: '25442000000087654321', InvoiceDate: '2025-03-12', InvoiceKind: '08', Amount: '1130.00' }, result: 'ok:Y' });
			expect(byNumber.get('00123456')).toEqual({ params: { InvoiceCode: '4400194130', InvoiceNo: '00123456', InvoiceDate: '2024-11-05', InvoiceKind: '01', Amount: '2000.00' }, result: 'ok:N' });
			expect(byNumber.get('10000001')).toEqual({ params: { InvoiceCode: '044002000111', InvoiceNo: '10000001', InvoiceDate: '2024-09-01', InvoiceKind: '10', CheckCode: '567890' }, result: 'ok:N' });
			expect(byNumber.get('30000001')).toEqual({ params: { InvoiceCode: '044002000112', InvoiceNo: '30000001', InvoiceDate: '2024-07-01', InvoiceKind: '14', CheckCode: '567894' }, result: 'ok:N' });
			expect(requests.filter((r) => r.result === 'FailedOperation.InvoiceMismatch').map((r) => r.params.InvoiceNo)).toEqual(['10000002']);

			// The secret key appears in no execution data and nowhere in n8n's log.
			expect(JSON.stringify(run.data)).not.toContain(TENCENT_KEY.secretKey);
			expect(run.stdout).not.toContain(TENCENT_KEY.secretKey);
			expect(run.stderr).not.toContain(TENCENT_KEY.secretKey);
		},
		10 * MINUTE,
	);
});
