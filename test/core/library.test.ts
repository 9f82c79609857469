/**
 * The package entry: index.js re-exports the compiled nodes/core/index.ts, so a Code node or a script can
 * `require('n8n-nodes-fapiao')` for the pure library (signing, OFD reading, normalizing). Checked without a
 * build: the wiring from package.json to index.js to the compiled path, then the library itself.
 */
import * as library from '../../nodes/core';
import { readFixture, readRepoFile } from '../support/files';

describe('the library entry (index.js → nodes/core/index.ts)', () => {
	test('package.json names index.js as main and ships it with dist/', () => {
		const pkg = JSON.parse(readRepoFile('package.json')) as { main: string; files: string[] };
		expect(pkg.main).toBe('index.js');
		expect(pkg.files).toEqual(expect.arrayContaining(['index.js', 'dist']));
	});

	test("index.js requires the file tsc writes for nodes/core/index.ts (outDir dist, sources from the package root)", () => {
		const tsconfig = JSON.parse(readRepoFile('tsconfig.json')) as {
			compilerOptions: { outDir: string; rootDir?: string };
			include: string[];
		};
		// package.json among the inputs makes the package root the common source root: nodes/… → dist/nodes/…
		expect(tsconfig.include).toContain('package.json');
		expect(tsconfig.compilerOptions.rootDir ?? '.').toBe('.');
		expect(tsconfig.compilerOptions.outDir.replace(/^\.\//, '').replace(/\/$/, '')).toBe('dist');
		const code = readRepoFile('index.js')
			.split('\n')
			.filter((line) => !line.trim().startsWith('//'));
		const required = code.flatMap((line) => [...line.matchAll(/require\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]));
		expect(required).toEqual(['./dist/nodes/core/index.js']);
		expect(code.join('\n')).toMatch(/^module\.exports = require\('\.\/dist\/nodes\/core\/index\.js'\);$/m);
	});

	test.each(['signTc3', 'signQiniuV2', 'readOfdInvoice', 'normalizeInvoice', 'normalizeInvoices', 'toInvoiceRow', 'toLineItemRows'])(
		'exports %s as a function',
		(name) => {
			expect(typeof (library as Record<string, unknown>)[name]).toBe('function');
		},
	);

	test('through the entry alone: a real OFD file read, normalized and turned into a row', async () => {
		const ofd = await library.readOfdInvoice(readFixture('ofd', 'ofdrw_converter_1_vat-e-common-suwell-2020.ofd'));
		const invoice = library.normalizeInvoice(ofd);
		// As printed on the invoice (see test/nodes/OfdInvoiceOcr.test.ts SAMPLES).
		expect(invoice).toMatchObject({
			source: 'ofd-local',
			invoiceCode: '033002000211',
			invoiceNumber: '83089647',
			amountWithoutTax: 510.68,
			taxAmount: 15.32,
			totalAmount: 526,
		});
		const row = library.toInvoiceRow(invoice);
		expect(row.invoiceNumber).toBe('83089647');
	});
});

describe('the documented library', () => {
	/** The export names in the README's "Use from a Code node" table (first column, each `name`). */
	function documentedExports(): string[] {
		const readme = readRepoFile('README.md');
		const start = readme.indexOf('## Use from a Code node');
		const end = readme.indexOf('\n## ', start + 1);
		expect(start).toBeGreaterThan(-1);
		const names: string[] = [];
		for (const line of readme.slice(start, end).split('\n')) {
			if (!line.startsWith('| `')) continue;
			const firstCell = line.split('|')[1];
			for (const m of firstCell.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)/g)) names.push(m[1]);
		}
		return names;
	}

	test('index.js exports exactly what the README documents', () => {
		const exported = Object.keys(library).sort();
		expect(documentedExports().sort()).toEqual(exported);
	});
});

describe("the README's provider table", () => {
	test('states each API default rate as the API table has it', () => {
		const readme = readRepoFile('README.md');
		for (const info of Object.values(library.APIS)) {
			const row = readme.split('\n').find((line) => line.startsWith(`| ${info.label} |`));
			expect([info.label, row !== undefined]).toEqual([info.label, true]);
			const rate = (row ?? '').split('|')[2];
			if (Number.isFinite(info.defaultRate)) expect(rate).toContain(`${info.defaultRate} requests/s`);
			else expect(rate).toContain('no limit');
		}
	});
});
