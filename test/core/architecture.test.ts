/**
 * The drawing of the house (docs/DEVELOPING.md), held by a test: nodes/core is four wings, each folder stands above
 * all it imports (no circle between folders, no import running back up), the wings import only downward in the
 * order read → invoice → providers → run, the layout reader knows neither PDF nor OFD, and nothing below
 * nodes/core imports n8n.
 */
import { coreImportGraph } from '../support/importGraph';

const WINGS = ['read', 'invoice', 'providers', 'run'] as const;
const { entries, files, importsOf, edges } = coreImportGraph();
const folderOf = (file: string) => file.split('/').slice(0, -1).join('/') || '.';
const wingOf = (file: string) => file.split('/')[0];

test('the graph is read from the sources (guards the parser of this test)', () => {
	expect(files.length).toBeGreaterThan(80);
	expect(edges.length).toBeGreaterThan(150);
	expect(edges.some((e) => e.from === 'read/index.ts' && e.to === 'read/ofd/invoice.ts')).toBe(true);
});

test('nodes/core holds the library index and the four wings, nothing else', () => {
	expect(entries).toEqual(['index.ts', 'invoice', 'providers', 'read', 'run']);
	expect(entries.length).toBeLessThanOrEqual(6);
});

test('no circle between folders: every folder stands above all it imports', () => {
	const graph = new Map<string, Set<string>>();
	for (const e of edges) {
		const [a, b] = [folderOf(e.from), folderOf(e.to)];
		if (a === b) continue;
		if (!graph.has(a)) graph.set(a, new Set());
		graph.get(a)!.add(b);
	}
	const state = new Map<string, 'open' | 'done'>();
	const cycles: string[] = [];
	const visit = (node: string, trail: string[]) => {
		if (state.get(node) === 'done') return;
		if (state.get(node) === 'open') {
			cycles.push([...trail.slice(trail.indexOf(node)), node].join(' → '));
			return;
		}
		state.set(node, 'open');
		for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
		state.set(node, 'done');
	};
	for (const node of graph.keys()) visit(node, []);
	expect(cycles).toEqual([]);
});

test('the wings import only downward: read → invoice → providers → run', () => {
	const rank = (wing: string) => (wing === 'index.ts' ? WINGS.length : WINGS.length - 1 - WINGS.indexOf(wing as (typeof WINGS)[number]));
	const upward = edges
		.filter((e) => wingOf(e.from) !== wingOf(e.to) && rank(wingOf(e.from)) <= rank(wingOf(e.to)))
		.map((e) => `${e.from} → ${e.to}`);
	expect(upward).toEqual([]);
	for (const file of files) expect(['index.ts', ...WINGS]).toContain(wingOf(file));
});

test('the layout reader takes positioned text and knows neither PDF nor OFD', () => {
	const layoutImports = edges.filter((e) => folderOf(e.from) === 'read/layout').map((e) => folderOf(e.to));
	expect(layoutImports.length).toBeGreaterThan(0);
	expect(layoutImports.filter((folder) => !['read/layout', 'read/common', 'invoice/normalize'].includes(folder))).toEqual([]);
});

test('nothing below nodes/core imports n8n, and only what n8n cloud allows', () => {
	const allowed = new Set(['crypto', 'node:crypto']);
	const outside = Object.entries(importsOf).flatMap(([file, specs]) =>
		specs.filter((s) => !s.startsWith('.') && !allowed.has(s)).map((s) => `${file}: ${s}`),
	);
	expect(outside).toEqual([]);
});
