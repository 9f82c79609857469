// Smoke test of the end-to-end rig: a real n8n (1.x by default; N8N_E2E_VERSION=2 for 2.x) with this
// package packed and installed as n8n installs a community package, a workflow imported and run by
// the n8n CLI, and `n8n start` with its owner account set up.
import { readJsonFixture } from '../support/files';
import { prepareN8n } from './support/n8n';

type N8n = Awaited<ReturnType<typeof prepareN8n>>;

const MINUTE = 60 * 1000;

const smokeWorkflow = {
	name: 'fapiao e2e smoke',
	nodes: [
		{ id: 'b1f0c2d4-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'b1f0c2d4-0000-4000-8000-000000000002',
			name: 'Set',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				assignments: {
					assignments: [
						{ id: 'c0000000-0000-4000-8000-000000000001', name: 'invoiceNumber', value: '33207675', type: 'string' },
						{ id: 'c0000000-0000-4000-8000-000000000002', name: 'totalAmount', value: 46.62, type: 'number' },
						{ id: 'c0000000-0000-4000-8000-000000000003', name: 'title', value: '天津增值税电子普通发票', type: 'string' },
						{ id: 'c0000000-0000-4000-8000-000000000004', name: 'doubled', value: '={{ $json.n === undefined ? 2 * 21 : 0 }}', type: 'number' },
					],
				},
				options: {},
			},
		},
	],
	connections: { Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
};

let n8n: N8n;

beforeAll(async () => {
	n8n = await prepareN8n();
}, 30 * MINUTE);

afterAll(async () => {
	if (n8n) await n8n.cleanup();
}, 2 * MINUTE);

test('the packed package is installed where n8n loads community packages', () => {
	expect(n8n.packageInfo.name).toBe('n8n-nodes-fapiao');
	expect(n8n.packageInfo.files).toEqual(expect.arrayContaining(['package.json', 'index.js']));
	expect(n8n.packageInfo.files.every((f: string) => f === 'package.json' || f === 'index.js' || f === 'LICENSE' || f.startsWith('dist/') || /^README/i.test(f))).toBe(true);
	// every node and credential that package.json announces is in the tarball (run `npm run build` first)
	expect(n8n.packageInfo.missing).toEqual([]);
});

test(
	'a workflow imported with the n8n CLI runs and its output is read back',
	async () => {
		const id = await n8n.importWorkflow(smokeWorkflow);
		const run = await n8n.executeWorkflow(id);
		if (!run.ok) throw new Error(`n8n ${n8n.n8nVersion} execute failed (exit ${run.exitCode}):\n${run.stdout}\n${run.stderr}`);
		expect(run.status).toBe('success');
		expect(run.lastNodeExecuted).toBe('Set');
		expect(run.items('Set')).toEqual([{ invoiceNumber: '33207675', totalAmount: 46.62, title: '天津增值税电子普通发票', doubled: 42 }]);
	},
	10 * MINUTE,
);

test(
	"one of this package's nodes runs in n8n: Tencent's documented VatInvoiceOCR answer through Normalize Invoice",
	async () => {
		const normalizeFile = 'dist/nodes/NormalizeInvoice/NormalizeInvoice.node.js';
		expect(n8n.packageInfo.nodes).toContain(normalizeFile);
		const id = await n8n.importWorkflow({
			name: 'fapiao e2e normalize',
			nodes: [
				smokeWorkflow.nodes[0],
				{
					id: 'b1f0c2d4-0000-4000-8000-000000000004',
					name: 'Tencent answer',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					position: [220, 0],
					parameters: { mode: 'raw', jsonOutput: JSON.stringify(readJsonFixture('tencent', 'VatInvoiceOCR.response.json')), options: {} },
				},
				{ id: 'b1f0c2d4-0000-4000-8000-000000000005', name: 'Normalize', type: 'n8n-nodes-fapiao.normalizeInvoice', typeVersion: 1, position: [440, 0], parameters: {} },
			],
			connections: {
				Start: { main: [[{ node: 'Tencent answer', type: 'main', index: 0 }]] },
				'Tencent answer': { main: [[{ node: 'Normalize', type: 'main', index: 0 }]] },
			},
		});
		const run = await n8n.executeWorkflow(id);
		if (!run.ok) throw new Error(`n8n ${n8n.n8nVersion} execute failed (exit ${run.exitCode}):\n${run.stdout}\n${run.stderr}`);
		const [invoice, ...rest] = run.items('Normalize');
		expect(rest).toEqual([]);
		expect(invoice).toMatchObject({ source: 'tencent-vat', invoiceNumber: '63591128' });
	},
	10 * MINUTE,
);

test(
	'credentials import, and a failing node is reported with its message',
	async () => {
		const [cred] = await n8n.importCredentials([{ name: 'smoke header auth', type: 'httpHeaderAuth', data: { name: 'X-Smoke', value: 'not-a-secret' } }]);
		expect(cred.id).toMatch(/^[A-Za-z0-9]{16}$/);
		const id = await n8n.importWorkflow({
			name: 'fapiao e2e failing',
			nodes: [
				smokeWorkflow.nodes[0],
				{ id: 'b1f0c2d4-0000-4000-8000-000000000003', name: 'Fail', type: 'n8n-nodes-base.stopAndError', typeVersion: 1, position: [220, 0], parameters: { errorMessage: 'smoke failure on purpose' } },
			],
			connections: { Start: { main: [[{ node: 'Fail', type: 'main', index: 0 }]] } },
		});
		const run = await n8n.executeWorkflow(id);
		expect(run.ok).toBe(false);
		expect(run.status).toBe('error');
		expect(run.nodeError('Fail')?.message).toBe('smoke failure on purpose');
	},
	10 * MINUTE,
);

test(
	'n8n start answers, the owner is set up, and the package is loaded',
	async () => {
		const server = await n8n.startN8n();
		try {
			const login = await server.rest('GET', '/login');
			expect(login.status).toBe(200);
			expect(login.json.data.email).toBe(server.owner?.email);
			const res = await fetch(`${server.url}/types/nodes.json`, { headers: { cookie: server.cookie ?? '' } });
			expect(res.status).toBe(200);
			const types = (await res.json()) as Array<{ name: string }>;
			const names = types.map((t) => t.name);
			expect(names).toContain('n8n-nodes-base.set');
			// one type per node file, plus an "...Tool" twin for nodes usable as AI tools
			const ours = new Set(names.filter((name) => name.startsWith('n8n-nodes-fapiao.') && !name.endsWith('Tool')));
			expect(ours.size).toBe(n8n.packageInfo.nodes.length);
			const creds = await fetch(`${server.url}/types/credentials.json`, { headers: { cookie: server.cookie ?? '' } });
			const credNames = ((await creds.json()) as Array<{ name: string }>).map((c) => c.name);
			expect(credNames.filter((name) => name === 'tencentCloudApi' || name === 'qiniuApi')).toHaveLength(n8n.packageInfo.credentials.length);
		} finally {
			await server.stop();
		}
	},
	10 * MINUTE,
);
