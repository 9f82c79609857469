// VAT Invoice OCR and Normalize Invoice end to end: a real n8n (1.x by default; N8N_E2E_VERSION=2 for
// 2.x, which keeps binary data on the file system) with this package installed as a community
// package, and the provider emulator on 127.0.0.1 standing in for Tencent Cloud and Qiniu. Files get
// into n8n as they do in real workflows: base64 text turned into binary data by n8n's own "Convert to
// File" node (so on 2.x they live in n8n's file-system binary store), several attachments on one item
// gathered by the Aggregate node. Each workflow is one `n8n execute` with several branches.
import { readOfdInvoice } from '../../nodes/core/read/ofd';
import { DEMO_KEYS, sha256Hex, startEmulator } from '../emulator/server';
import { einvoiceBytes } from '../helpers/einvoiceXml';
import { invoicePdfFromOfd } from '../helpers/invoicePdf';
import { readFixture, readJsonFixture } from '../support/files';
import { startFileServer } from '../support/fileServer';
import { writeZip } from '../support/zip';
import { prepareN8n } from './support/n8n';

type N8n = Awaited<ReturnType<typeof prepareN8n>>;
type Emulator = Awaited<ReturnType<typeof startEmulator>>;
type FileServer = Awaited<ReturnType<typeof startFileServer>>;
type Run = Awaited<ReturnType<N8n['executeWorkflow']>>;
type Json = Record<string, unknown>;

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Json;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
}

interface InputFileSpec {
	fileName: string;
	mimeType: string;
	bytes: Buffer;
	/** the binary property it lands in */
	prop: string;
}

const MINUTE = 60 * 1000;

const png = readFixture('images', 'guanshuicheng_invoice_vat-e-common.png');
const jpeg = readFixture('images', 'guanshuicheng_invoice_vat-special-paper.jpg');
// A real (tiny) GIF: the node refuses it before any request.
const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
/** The PNG with a few bytes after its end: still the same image, but its own sha256 (its own emulator answer). */
const pngVariant = (tag: string): Buffer => Buffer.concat([png, Buffer.from(`fapiao-e2e-${tag}`)]);
const sha256 = (bytes: Buffer): string => sha256Hex(bytes);

const tencentDocumented = readJsonFixture('tencent', 'VatInvoiceOCR.response.json') as { Response: { VatInvoiceInfos: Array<{ Name: string; Value: string }> } };

/** Tencent's documented VatInvoiceOCR answer with another invoice number. */
function tencentAnswer(invoiceNumber: string): Json {
	const copy = JSON.parse(JSON.stringify(tencentDocumented)) as typeof tencentDocumented;
	for (const info of copy.Response.VatInvoiceInfos) if (info.Name === '发票号码') info.Value = `No${invoiceNumber}`;
	return copy as unknown as Json;
}

const TENCENT_KEY = DEMO_KEYS.tencent[0];
const QINIU_KEY = DEMO_KEYS.qiniu[0];
// the demo Secret Key reversed: the right length and alphabet, but not the key, and unique enough to search for
const NOT_THE_KEY = [...TENCENT_KEY.secretKey].reverse().join('');

// ---------------------------------------------------------------------------------------------
// workflow building

let nodeCounter = 0;
function node(name: string, type: string, typeVersion: number, parameters: Json, extra: Partial<WorkflowNode> = {}): WorkflowNode {
	nodeCounter += 1;
	const id = `e2e0c000-0000-4000-8000-${String(nodeCounter).padStart(12, '0')}`;
	return { id, name, type, typeVersion, position: [nodeCounter * 40, nodeCounter * 120], parameters, ...extra };
}

class Workflow {
	nodes: WorkflowNode[] = [];

	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }> = {};

	constructor(readonly name: string) {
		this.add(node('Start', 'n8n-nodes-base.manualTrigger', 1, {}));
	}

	add(n: WorkflowNode): string {
		this.nodes.push(n);
		return n.name;
	}

	connect(from: string, to: string): void {
		this.connections[from] = this.connections[from] || { main: [[]] };
		this.connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	}

	/** `from`'s error output (a node with On Error: Continue (using error output)) → `to`. */
	connectError(from: string, to: string): void {
		this.connections[from] = this.connections[from] || { main: [[]] };
		while (this.connections[from].main.length < 2) this.connections[from].main.push([]);
		this.connections[from].main[1].push({ node: to, type: 'main', index: 0 });
	}

	chain(...names: string[]): void {
		for (let i = 1; i < names.length; i++) this.connect(names[i - 1], names[i]);
	}

	/**
	 * Start → Set (the files as base64 JSON) → Split Out (one item per file) → Convert to File (binary
	 * data, in the binary property `prop`), optionally → Aggregate (all files on one item, as a mail
	 * trigger delivers attachments). Returns the name of the last node.
	 */
	files(prefix: string, files: InputFileSpec[], onOneItem = false): string {
		const list = files.map((f) => ({ fileName: f.fileName, mimeType: f.mimeType, prop: f.prop, b64: f.bytes.toString('base64') }));
		const set = this.add(
			node(`${prefix} files`, 'n8n-nodes-base.set', 3.4, { mode: 'raw', jsonOutput: JSON.stringify({ files: list }), options: {} }),
		);
		const split = this.add(node(`${prefix} split`, 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'files', options: {} }));
		const convert = this.add(
			node(`${prefix} to binary`, 'n8n-nodes-base.convertToFile', 1.1, {
				operation: 'toBinary',
				sourceProperty: 'b64',
				binaryPropertyName: '={{ $json.prop }}',
				options: { fileName: '={{ $json.fileName }}', mimeType: '={{ $json.mimeType }}' },
			}),
		);
		this.chain('Start', set, split, convert);
		if (!onOneItem) return convert;
		const aggregate = this.add(
			node(`${prefix} mail`, 'n8n-nodes-base.aggregate', 1, {
				aggregate: 'aggregateAllItemData',
				destinationFieldName: 'attachments',
				options: { includeBinaries: true },
			}),
		);
		this.connect(convert, aggregate);
		return aggregate;
	}

	json(): Json {
		return { name: this.name, nodes: this.nodes, connections: this.connections, settings: { executionOrder: 'v1' } };
	}
}

function ocrNode(name: string, parameters: Json, credential: { id: string; name: string; type: string }, extra: Partial<WorkflowNode> = {}): WorkflowNode {
	return node(name, 'n8n-nodes-fapiao.vatInvoiceOcr', 1, parameters, {
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
		...extra,
	});
}

function normalizeNode(name: string): WorkflowNode {
	return node(name, 'n8n-nodes-fapiao.normalizeInvoice', 1, {});
}

// ---------------------------------------------------------------------------------------------
// run helpers

function describeRun(n8n: N8n, run: Run): string {
	return `n8n ${n8n.n8nVersion} execute (exit ${run.exitCode}, status ${run.status}):\n${run.stdout.slice(-6000)}\n${run.stderr.slice(-6000)}`;
}

/** The json of a node's items (first output, last run). */
function items(run: Run, nodeName: string): Json[] {
	return run.items(nodeName) as Json[];
}

/** The items of a node's first output, with their pairedItem (json only in `items()`). */
function rawItems(run: Run, nodeName: string): Array<{ json: Json; pairedItem?: unknown; binary?: Record<string, Json> }> {
	const runs = (run.runData[nodeName] || []) as Array<{ data?: { main?: Array<Array<{ json: Json; pairedItem?: unknown; binary?: Record<string, Json> }>> } }>;
	const last = runs[runs.length - 1];
	return (last && last.data && last.data.main && last.data.main[0]) || [];
}

// ---------------------------------------------------------------------------------------------

let n8n: N8n;
let emulator: Emulator;
let fileServer: FileServer;
let tencent: { id: string; name: string; type: string };
let tencentWrongKey: { id: string; name: string; type: string };
let qiniu: { id: string; name: string; type: string };

beforeAll(async () => {
	emulator = await startEmulator({ port: 0, latency: { fixedMs: 0, jitterMs: 0 } });
	fileServer = await startFileServer({ files: { 'url-invoice.png': pngVariant('url') } });
	n8n = await prepareN8n();
	const endpoint = emulator.url;
	[tencent, tencentWrongKey, qiniu] = await n8n.importCredentials([
		{ name: 'Tencent (emulator)', type: 'tencentCloudApi', data: { secretId: TENCENT_KEY.secretId, secretKey: TENCENT_KEY.secretKey, region: 'ap-guangzhou', endpoint } },
		{ name: 'Tencent wrong key', type: 'tencentCloudApi', data: { secretId: TENCENT_KEY.secretId, secretKey: NOT_THE_KEY, region: 'ap-guangzhou', endpoint } },
		{ name: 'Qiniu (emulator)', type: 'qiniuApi', data: { accessKey: QINIU_KEY.accessKey, secretKey: QINIU_KEY.secretKey, endpoint } },
	]);
}, 30 * MINUTE);

afterAll(async () => {
	if (n8n) await n8n.cleanup();
	if (fileServer) await fileServer.close();
	if (emulator) await emulator.close();
}, 2 * MINUTE);

beforeEach(() => {
	emulator.reset();
});

async function execute(wf: Workflow): Promise<Run> {
	const id = await n8n.importWorkflow(wf.json());
	return await n8n.executeWorkflow(id);
}

describe('VAT Invoice OCR in a real n8n against the emulator', () => {
	test(
		'Tencent and Qiniu, binary and URL input, three attachments, a GIF under Continue, and the credential in the HTTP Request node',
		async () => {
			emulator.setFixtures([
				{ sha256: sha256(pngVariant('url')), api: 'tencent:VatInvoiceOCR', response: tencentAnswer('70000001') },
				{ sha256: sha256(pngVariant('att2')), api: 'tencent:VatInvoiceOCR', response: tencentAnswer('70000003') },
			]);
			const urlOfInvoice = `${fileServer.url}/files/url-invoice.png`;
			const wf = new Workflow('fapiao e2e ocr');

			// 1. Tencent, binary input (the default binary property "data").
			const pngFile = wf.files('Tencent', [{ fileName: 'invoice.png', mimeType: 'image/png', bytes: png, prop: 'data' }]);
			wf.add(ocrNode('Tencent OCR', { provider: 'tencent' }, tencent));
			wf.add(normalizeNode('Normalize Tencent'));
			wf.chain(pngFile, 'Tencent OCR', 'Normalize Tencent');

			// 2. Qiniu, binary input.
			const jpgFile = wf.files('Qiniu', [{ fileName: 'paper.jpg', mimeType: 'image/jpeg', bytes: jpeg, prop: 'data' }]);
			wf.add(ocrNode('Qiniu OCR', { provider: 'qiniu', options: { keepBinary: false } }, qiniu));
			wf.add(normalizeNode('Normalize Qiniu'));
			wf.chain(jpgFile, 'Qiniu OCR', 'Normalize Qiniu');

			// 3. Tencent, URL input: the emulator downloads the file from the local file server.
			wf.add(
				node('URL item', 'n8n-nodes-base.set', 3.4, {
					mode: 'raw',
					jsonOutput: JSON.stringify({ invoiceUrl: urlOfInvoice }),
					options: {},
				}),
			);
			wf.add(ocrNode('Tencent URL OCR', { provider: 'tencent', inputType: 'url', url: '={{ $json.invoiceUrl }}' }, tencent));
			wf.add(normalizeNode('Normalize URL'));
			wf.chain('Start', 'URL item', 'Tencent URL OCR', 'Normalize URL');

			// 4. One item with three attachments, "All Binary Properties".
			const mail = wf.files(
				'Mail',
				[
					{ fileName: 'a.png', mimeType: 'image/png', bytes: png, prop: 'attachment_0' },
					{ fileName: 'b.jpg', mimeType: 'image/jpeg', bytes: jpeg, prop: 'attachment_1' },
					{ fileName: 'c.png', mimeType: 'image/png', bytes: pngVariant('att2'), prop: 'attachment_2' },
				],
				true,
			);
			wf.add(ocrNode('Mail OCR', { provider: 'tencent', inputType: 'binary', binaryMode: 'all', options: { keepBinary: false } }, tencent));
			wf.add(normalizeNode('Normalize Mail'));
			wf.chain(mail, 'Mail OCR', 'Normalize Mail');

			// 5. A GIF among good files, On Error: Continue.
			const mixed = wf.files('Mixed', [
				{ fileName: 'first.png', mimeType: 'image/png', bytes: png, prop: 'data' },
				{ fileName: 'logo.gif', mimeType: 'image/gif', bytes: gif, prop: 'data' },
				{ fileName: 'last.jpg', mimeType: 'image/jpeg', bytes: jpeg, prop: 'data' },
			]);
			wf.add(ocrNode('Continue OCR', { provider: 'tencent', options: { keepBinary: false } }, tencent, { onError: 'continueRegularOutput' }));
			wf.chain(mixed, 'Continue OCR');

			// 6. The Tencent credential signing another API from n8n's own HTTP Request node.
			wf.add(
				node(
					'Describe Regions',
					'n8n-nodes-base.httpRequest',
					4.2,
					{
						method: 'POST',
						url: 'https://cvm.tencentcloudapi.com/',
						authentication: 'predefinedCredentialType',
						nodeCredentialType: 'tencentCloudApi',
						sendHeaders: true,
						headerParameters: {
							parameters: [
								{ name: 'X-TC-Action', value: 'DescribeRegions' },
								{ name: 'X-TC-Version', value: '2017-03-12' },
							],
						},
						sendBody: true,
						specifyBody: 'json',
						jsonBody: '{}',
						options: {},
					},
					{ credentials: { tencentCloudApi: { id: tencent.id, name: tencent.name } } },
				),
			);
			wf.connect('Start', 'Describe Regions');

			const run = await execute(wf);
			if (!run.ok) throw new Error(describeRun(n8n, run));

			// 1. Tencent, binary
			const [tencentOcr, ...moreTencent] = items(run, 'Tencent OCR');
			expect(moreTencent).toEqual([]);
			expect(tencentOcr).toMatchObject({ provider: 'tencent', api: 'VatInvoiceOCR', fileName: 'invoice.png', binaryProperty: 'data', page: 1 });
			expect(tencentOcr.requestId).toEqual(expect.any(String));
			expect(items(run, 'Normalize Tencent')).toEqual([
				expect.objectContaining({
					source: 'tencent-vat',
					invoiceCode: '012001100311',
					invoiceNumber: '63591128',
					issueDate: '2019-06-16',
					amountWithoutTax: 87.28,
					taxAmount: 2.62,
					totalAmount: 89.9,
					dedupKey: '012001100311-63591128',
				}),
			]);
			expect(rawItems(run, 'Tencent OCR')[0].pairedItem).toEqual({ item: 0 });
			// Keep Input Binary (default on): the file travels on with its result.
			expect(rawItems(run, 'Tencent OCR')[0].binary?.data).toMatchObject({ fileName: 'invoice.png', mimeType: 'image/png' });
			// n8n 2.x keeps binary data in its file-system store (the node read the file from there).
			if (n8n.version === '2') expect(String(rawItems(run, 'Tencent OCR')[0].binary?.data?.id)).toMatch(/^filesystem/);
			expect(rawItems(run, 'Normalize Tencent')[0].pairedItem).toEqual({ item: 0 });

			// 2. Qiniu, binary
			const qiniuOcr = items(run, 'Qiniu OCR');
			expect(qiniuOcr).toHaveLength(1);
			expect(qiniuOcr[0]).toMatchObject({ provider: 'qiniu', api: 'QiniuVatInvoiceOCR', fileName: 'paper.jpg', binaryProperty: 'data' });
			expect(items(run, 'Normalize Qiniu')).toEqual([
				expect.objectContaining({ source: 'qiniu-vat', invoiceCode: '011002000611', invoiceNumber: '10178760', totalAmount: 73.92 }),
			]);
			expect(rawItems(run, 'Qiniu OCR')[0].pairedItem).toEqual({ item: 0 });

			// 3. URL: the emulator fetched the file from the file server, and answered for those bytes.
			expect(fileServer.requests.map((r) => r.path)).toContain('/files/url-invoice.png');
			const urlOcr = items(run, 'Tencent URL OCR');
			expect(urlOcr).toHaveLength(1);
			expect(urlOcr[0]).toMatchObject({ provider: 'tencent', api: 'VatInvoiceOCR', sourceUrl: urlOfInvoice, fileName: 'url-invoice.png', binaryProperty: null });
			expect(items(run, 'Normalize URL')).toEqual([expect.objectContaining({ source: 'tencent-vat', invoiceNumber: '70000001', totalAmount: 89.9 })]);

			// 4. Three attachments on one item -> three results, in attachment order, each paired with the item.
			const mailOcr = items(run, 'Mail OCR');
			expect(mailOcr.map((j) => [j.binaryProperty, j.fileName])).toEqual([
				['attachment_0', 'a.png'],
				['attachment_1', 'b.jpg'],
				['attachment_2', 'c.png'],
			]);
			expect(rawItems(run, 'Mail OCR').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
			expect(items(run, 'Normalize Mail').map((j) => j.invoiceNumber)).toEqual(['63591128', '63591128', '70000003']);
			expect(items(run, 'Normalize Mail').every((j) => j.source === 'tencent-vat' && j.totalAmount === 89.9)).toBe(true);

			// 5. GIF: an error item that says what is wrong, between the two good results.
			const cont = rawItems(run, 'Continue OCR');
			expect(cont.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(cont[0].json).toMatchObject({ provider: 'tencent', fileName: 'first.png' });
			expect(cont[0].json.error).toBeUndefined();
			expect(cont[2].json).toMatchObject({ provider: 'tencent', fileName: 'last.jpg' });
			expect(cont[2].json.error).toBeUndefined();
			expect(cont[1].json).toMatchObject({ fileName: 'logo.gif', binaryProperty: 'data' });
			expect(String(cont[1].json.error)).toMatch(/^Item 1, file "logo\.gif" \(binary property "data"\): .*GIF/);

			// 6. HTTP Request node + Tencent credential -> DescribeRegions answered by the emulator.
			const [regions] = items(run, 'Describe Regions');
			expect(regions).toMatchObject({ Response: { TotalCount: 2 } });
			expect((regions.Response as { RegionSet: Array<{ Region: string }> }).RegionSet.map((r) => r.Region)).toEqual(['ap-guangzhou', 'ap-shanghai']);

			// No secret in anything n8n printed.
			for (const secret of [TENCENT_KEY.secretKey, QINIU_KEY.secretKey]) expect(run.stdout + run.stderr).not.toContain(secret);

			// What the emulator saw: every request signed correctly, one call per file (the GIF never sent).
			const stats = emulator.stats();
			expect(stats.rejectedSignatures).toBe(0);
			expect(stats.apis['tencent:DescribeRegions']).toMatchObject({ requests: 1, statuses: { 200: 1 } });
			// 1 (binary) + 1 (URL) + 3 (attachments) + 2 (good files beside the GIF)
			expect(stats.apis['tencent:VatInvoiceOCR'].requests).toBe(7);
			expect(stats.apis['qiniu:vat-invoice'].requests).toBe(1);
		},
		10 * MINUTE,
	);

	test(
		'throttling, a 5xx, a connection reset and malformed JSON: every item retried to success or turned into an error item',
		async () => {
			const numbers = ['80000001', '80000002', '80000003', '80000004', '80000005', '80000006'];
			emulator.setFixtures(numbers.map((n) => ({ sha256: sha256(pngVariant(n)), api: 'tencent:VatInvoiceOCR', response: tencentAnswer(n) })));
			emulator.setFaults([
				{ kind: 'throttle', api: 'tencent:VatInvoiceOCR', count: 4 },
				{ kind: 'http', status: 503, api: 'tencent:VatInvoiceOCR', count: 1 },
				{ kind: 'reset', api: 'tencent:VatInvoiceOCR', count: 1 },
				{ kind: 'malformed', api: 'tencent:VatInvoiceOCR', count: 1 },
				{ kind: 'http', status: 502, api: 'qiniu:vat-invoice', count: 1 },
			]);
			const wf = new Workflow('fapiao e2e faults');
			const tencentFiles = wf.files(
				'Tencent',
				numbers.map((n) => ({ fileName: `${n}.png`, mimeType: 'image/png', bytes: pngVariant(n), prop: 'data' })),
			);
			wf.add(ocrNode('Tencent under faults', { provider: 'tencent', options: { retries: 4, retryDelay: 50, keepBinary: false } }, tencent, { onError: 'continueRegularOutput' }));
			wf.add(normalizeNode('Normalize faults'));
			wf.chain(tencentFiles, 'Tencent under faults', 'Normalize faults');

			const qiniuFiles = wf.files(
				'Qiniu',
				['q0.jpg', 'q1.jpg', 'q2.jpg'].map((fileName) => ({ fileName, mimeType: 'image/jpeg', bytes: jpeg, prop: 'data' })),
			);
			wf.add(
				ocrNode('Qiniu no retries', { provider: 'qiniu', options: { retries: 0, maxConcurrentRequests: 1, keepBinary: false } }, qiniu, {
					onError: 'continueRegularOutput',
				}),
			);
			wf.chain(qiniuFiles, 'Qiniu no retries');

			const run = await execute(wf);

			// Tencent: six files, seven faults, all retried to success, in input order. (The node runs
			// under On Error: Continue only so that a file that was not retried shows up here by name.)
			const tencentOut = rawItems(run, 'Tencent under faults');
			if (tencentOut.length !== numbers.length) throw new Error(describeRun(n8n, run));
			expect(tencentOut.map((i) => i.json.error ?? null)).toEqual(numbers.map(() => null));
			if (!run.ok) throw new Error(describeRun(n8n, run));
			expect(tencentOut.map((i) => i.json.fileName)).toEqual(numbers.map((n) => `${n}.png`));
			expect(tencentOut.map((i) => i.pairedItem)).toEqual(numbers.map((_, item) => ({ item })));
			expect(items(run, 'Normalize faults').map((j) => j.invoiceNumber)).toEqual(numbers);

			const stats = emulator.stats();
			const vat = stats.apis['tencent:VatInvoiceOCR'];
			expect(stats.faultsPending).toEqual([]);
			expect(stats.faultsInjected).toEqual({ throttle: 4, http: 2, reset: 1, malformed: 1 });
			// each file answered once, plus one request per fault
			expect(vat.requests).toBe(numbers.length + 7);
			expect(vat.statuses).toEqual({ 200: numbers.length + 5, 503: 1, reset: 1 });

			// Qiniu without retries: the 502 becomes an error item for the first file; the others are read.
			const qiniuOut = rawItems(run, 'Qiniu no retries');
			expect(qiniuOut.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(qiniuOut[0].json).toMatchObject({ provider: 'qiniu', fileName: 'q0.jpg', httpStatus: 502 });
			expect(String(qiniuOut[0].json.error)).toMatch(/^Item 0, file "q0\.jpg" \(binary property "data"\): .*502/);
			expect(qiniuOut.slice(1).map((i) => [i.json.error ?? null, i.json.provider, i.json.fileName])).toEqual([
				[null, 'qiniu', 'q1.jpg'],
				[null, 'qiniu', 'q2.jpg'],
			]);
			expect(stats.apis['qiniu:vat-invoice'].requests).toBe(3);
		},
		10 * MINUTE,
	);

	test(
		'a wrong Secret Key fails the node with AuthFailure.SignatureFailure, and the key appears nowhere in the output',
		async () => {
			const wf = new Workflow('fapiao e2e wrong key');
			const file = wf.files('Wrong key', [{ fileName: 'invoice.png', mimeType: 'image/png', bytes: png, prop: 'data' }]);
			wf.add(ocrNode('Wrong key OCR', { provider: 'tencent' }, tencentWrongKey));
			wf.chain(file, 'Wrong key OCR');

			const run = await execute(wf);
			expect(run.ok).toBe(false);
			expect(run.status).toBe('error');
			const error = run.nodeError('Wrong key OCR') as { message?: string; description?: string } | null;
			if (!error) throw new Error(describeRun(n8n, run));
			expect(error.message).toContain('AuthFailure.SignatureFailure');
			expect(error.message).toMatch(/^Item 0, file "invoice\.png" \(binary property "data"\)/);
			// not retried: one request, rejected
			expect(emulator.stats().apis['tencent:VatInvoiceOCR']).toMatchObject({ requests: 1, rejectedSignatures: 1 });
			// the secret is nowhere in what n8n printed (the run data, the error, the logs)
			expect(run.stdout.length + run.stderr.length).toBeGreaterThan(0);
			expect(run.stdout).not.toContain(NOT_THE_KEY);
			expect(run.stderr).not.toContain(NOT_THE_KEY);
			expect(JSON.stringify(run.data)).not.toContain(NOT_THE_KEY);
		},
		10 * MINUTE,
	);

	test(
		'Provider Qiniu with no Qiniu credential: the node says which credential to choose, and sends nothing',
		async () => {
			const wf = new Workflow('fapiao e2e no credential');
			const file = wf.files('No credential', [{ fileName: 'invoice.png', mimeType: 'image/png', bytes: png, prop: 'data' }]);
			// Only a Tencent credential on the node, as after switching Provider from Tencent Cloud to Qiniu.
			wf.add(ocrNode('No Qiniu credential', { provider: 'qiniu' }, tencent));
			wf.chain(file, 'No Qiniu credential');

			const run = await execute(wf);
			expect(run.ok).toBe(false);
			const error = run.nodeError('No Qiniu credential') as { message?: string; description?: string } | null;
			if (!error) throw new Error(describeRun(n8n, run));
			expect(error.message).toBe('No usable Qiniu API credential is selected');
			expect(error.description).toContain('"Qiniu API Credential"');
			expect(emulator.stats().apis['qiniu:vat-invoice']?.requests ?? 0).toBe(0);
		},
		10 * MINUTE,
	);

	test(
		'one VAT Invoice OCR node (Tencent, defaults) reads a whole mail: six attachments → four invoices and one provider call; a ZIP with one OFD twice and a PDF → two; Provider Local with a PNG → an error item, nothing sent',
		async () => {
			// E-invoice files made from licensed sample OFDs (a text PDF prints the OFD's page; the XML is a 数电 XML
			// with the number of the 数电 OFD, bundled with that invoice's PDF as the platform does).
			const suwellOfd = readFixture('ofd', 'ofdrw_converter_1_vat-e-common-suwell-2020.ofd');
			const shudianOfd = readFixture('ofd', 'ofdrw_converter_20240531141733_shudian-full-digital-2024.ofd');
			const easyOfd = readFixture('ofd', 'easyofd_zengzhishui-dianzi-zhuanpiao5_vat-e-special-2022.ofd');
			const [suwell, shudian, easy] = await Promise.all([suwellOfd, shudianOfd, easyOfd].map(async (b) => (await readOfdInvoice(b)).InvoiceNumber));
			const easyPdf = await invoicePdfFromOfd(easyOfd);
			const shudianPdf = await invoicePdfFromOfd(shudianOfd);
			const platformZip = writeZip([
				{ name: `dzfp_${shudian}.pdf`, data: shudianPdf },
				{ name: `dzfp_${shudian}.xml`, data: Buffer.from(einvoiceBytes({ number: shudian, eiid: shudian })) },
			]);
			const scan = pngVariant('local-first');
			emulator.setFixtures([{ sha256: sha256(scan), api: 'tencent:VatInvoiceOCR', response: tencentAnswer('70000042') }]);

			const wf = new Workflow('fapiao e2e local first');
			// 1. A mail with six attachments, All Binary Properties, everything else at its default.
			const mail = wf.files(
				'Six',
				[
					{ fileName: 'invoice.pdf', mimeType: 'application/pdf', bytes: easyPdf, prop: 'attachment_0' },
					{ fileName: 'invoice.ofd', mimeType: 'application/octet-stream', bytes: suwellOfd, prop: 'attachment_1' },
					{ fileName: 'platform.zip', mimeType: 'application/zip', bytes: platformZip, prop: 'attachment_2' },
					{ fileName: 'scan.png', mimeType: 'image/png', bytes: scan, prop: 'attachment_3' },
					{ fileName: 'logo.gif', mimeType: 'image/gif', bytes: gif, prop: 'attachment_4' },
					{ fileName: 'signature.txt', mimeType: 'text/plain', bytes: Buffer.from('Best regards,\nFinance\n'), prop: 'attachment_5' },
				],
				true,
			);
			wf.add(ocrNode('Mailbox OCR', { provider: 'tencent', inputType: 'binary', binaryMode: 'all' }, tencent));
			wf.add(normalizeNode('Normalize mailbox'));
			wf.chain(mail, 'Mailbox OCR', 'Normalize mailbox');

			// 2. A ZIP holding one OFD twice and a PDF, on the default binary property.
			const bundle = writeZip([
				{ name: 'a/invoice.ofd', data: suwellOfd },
				{ name: 'b/invoice (copy).ofd', data: suwellOfd },
				{ name: 'other.pdf', data: easyPdf },
			]);
			const zipFile = wf.files('Bundle', [{ fileName: 'bundle.zip', mimeType: 'application/zip', bytes: bundle, prop: 'data' }]);
			wf.add(ocrNode('Bundle OCR', { provider: 'tencent' }, tencent));
			wf.add(normalizeNode('Normalize bundle'));
			wf.chain(zipFile, 'Bundle OCR', 'Normalize bundle');

			// 3. Provider Local (no credential at all) with a PNG and an OFD, under On Error: Continue (using error
			// output): the PNG's error item leaves by the error output, the invoice by the main one.
			const photo = wf.files('Photo', [
				{ fileName: 'photo.png', mimeType: 'image/png', bytes: png, prop: 'data' },
				{ fileName: 'fine.ofd', mimeType: 'application/octet-stream', bytes: suwellOfd, prop: 'data' },
			]);
			wf.add(node('Local OCR', 'n8n-nodes-fapiao.vatInvoiceOcr', 1, { provider: 'local' }, { onError: 'continueErrorOutput' }));
			wf.add(node('Read fine', 'n8n-nodes-base.noOp', 1, {}));
			wf.add(node('Needs attention', 'n8n-nodes-base.noOp', 1, {}));
			wf.chain(photo, 'Local OCR', 'Read fine');
			wf.connectError('Local OCR', 'Needs attention');

			const run = await execute(wf);
			if (!run.ok) throw new Error(describeRun(n8n, run));

			const read = items(run, 'Mailbox OCR');
			expect(read.map((j) => [j.provider, j.api, j.fileName, j.error ?? null])).toEqual([
				['local', 'LocalInvoiceReader', 'invoice.pdf', null],
				['local', 'LocalInvoiceReader', 'invoice.ofd', null],
				['local', 'LocalInvoiceReader', `platform.zip/dzfp_${shudian}.xml`, null],
				['tencent', 'VatInvoiceOCR', 'scan.png', null],
			]);
			expect(read[2].AlsoIn).toEqual([{ EntryName: `dzfp_${shudian}.pdf`, FileFormat: 'pdf' }]);
			const invoices = items(run, 'Normalize mailbox');
			expect(invoices.map((j) => [j.source, j.invoiceNumber])).toEqual([
				['pdf-local', easy],
				['ofd-local', suwell],
				['xml-local', shudian],
				['tencent-vat', '70000042'],
			]);
			expect(new Set(invoices.map((j) => j.dedupKey)).size).toBe(4);
			expect(rawItems(run, 'Normalize mailbox').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);

			expect(items(run, 'Normalize bundle').map((j) => [j.source, j.invoiceNumber])).toEqual([
				['ofd-local', suwell],
				['pdf-local', easy],
			]);
			expect(items(run, 'Bundle OCR').map((j) => j.fileName)).toEqual(['bundle.zip/a/invoice.ofd', 'bundle.zip/other.pdf']);

			expect(items(run, 'Read fine').map((j) => [j.api, j.InvoiceNumber])).toEqual([['LocalInvoiceReader', suwell]]);
			// On the error output n8n keeps only `error` (our details inside it) and adds the input item's fields.
			const local = items(run, 'Needs attention');
			expect(local).toHaveLength(1);
			expect(local[0].error).toMatchObject({ code: 'NeedsCloudProvider', fileName: 'photo.png', binaryProperty: 'data' });
			const { message, hint } = local[0].error as { message: string; hint: string };
			expect(message).toMatch(/^Item 0, file "photo\.png" \(binary property "data"\): The file is a PNG image; an image holds no invoice data to read locally/);
			expect(hint).toMatch(/Tencent Cloud or Qiniu/);

			// The provider saw exactly one request in the whole run: the PNG scan of the mail.
			const stats = emulator.stats();
			const requests = Object.values(stats.apis as Record<string, { requests?: number }>).reduce((sum: number, api) => sum + (api.requests ?? 0), 0);
			expect(requests).toBe(1);
			expect(stats.apis['tencent:VatInvoiceOCR']).toMatchObject({ requests: 1 });
		},
		10 * MINUTE,
	);
});
