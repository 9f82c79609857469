/**
 * The real 数电 XML e-invoices of ../shared/samples/xml (no licence: read here at test time, never copied
 * into the repository), and the platform ZIP of one of them: every key field of EXPECTED_PDF_XML.json
 * through readInvoiceFile and normalizeInvoice. When CI=true a missing samples folder fails the suite.
 */
import type { LocalInvoice } from '../../nodes/core/read/common/local';
import { normalizeInvoice } from '../../nodes/core/invoice/normalize';
import { readInvoiceFile } from '../../nodes/core/read/index';
import { LocalReadError } from '../../nodes/core/read/common/localReadError';
import { seededRandom } from '../helpers/random';
import { expectedFields, hasSamples, isCi, listSamples, log, readSample, samplesDir } from '../support/samples';

interface ExpectedFields {
	invoiceType: string;
	invoiceNumber: string;
	issueDate: string;
	buyerName: string;
	buyerTaxId: string;
	sellerName: string;
	sellerTaxId: string;
	amountWithoutTax: number;
	taxAmount: number;
	totalAmount: number;
	totalAmountInWords: string;
	drawer: string;
	linesCount: number;
}

const present = hasSamples('xml');
const expected = expectedFields() as Record<string, ExpectedFields>;
const xmlFiles: string[] = listSamples('xml', '.xml');
const zipFiles: string[] = listSamples('xml', '.zip');

function expectKeyFields(read: LocalInvoice, fields: ExpectedFields): void {
	const invoice = normalizeInvoice(read);
	const { linesCount, ...rest } = fields;
	expect(invoice).toMatchObject({ source: 'xml-local', ...rest });
	expect(invoice.lineItems).toHaveLength(linesCount);
	expect(read.GoodsInfos).toHaveLength(linesCount);
	expect(invoice.warnings).toEqual([]);
}

/** The expectation of the XML whose invoice number a bundle holds. */
function expectedByNumber(number: string): ExpectedFields | undefined {
	for (const [key, fields] of Object.entries(expected)) {
		if (key.startsWith('xml/') && fields.invoiceNumber === number) return fields;
	}
	return undefined;
}

describe('xml corpus (../shared/samples/xml)', () => {
	if (!present) {
		test('has the samples folder', () => {
			// In CI the samples must be there; outside CI a clone with nothing beside it skips, saying so.
			expect(isCi() ? `XML samples missing in CI: expected ${samplesDir}/xml` : 'not in CI').toBe('not in CI');
			log(`xml corpus: skipped, ${samplesDir}/xml not found`);
		});
		return;
	}

	let checked = 0;
	afterAll(() => {
		log(`xml corpus: ${checked} files checked`);
	});

	test('finds sample XML files', () => {
		expect(xmlFiles.length).toBeGreaterThan(0);
	});

	test.each(xmlFiles)('%s: every key field', async (file) => {
		const fields = expected[`xml/${file}`];
		expect(fields).toBeDefined();
		const invoices = await readInvoiceFile(readSample('xml', file));
		expect(invoices).toHaveLength(1);
		expect(invoices[0].FileFormat).toBe('xml');
		expectKeyFields(invoices[0], fields);
		checked++;
	});

	test.each(zipFiles)('%s (platform ZIP): the same invoice, named by its entry', async (file) => {
		const invoices = await readInvoiceFile(readSample('xml', file));
		expect(invoices).toHaveLength(1);
		const [invoice] = invoices;
		expect(invoice.FileFormat).toBe('xml');
		expect(invoice.EntryName).toMatch(/\.xml$/);
		const fields = expectedByNumber(invoice.InvoiceNumber);
		expect(fields).toBeDefined();
		expectKeyFields(invoice, fields!);
		// The bundle's XML is the very file read alone: the same fields apart from where it came from.
		const alone = xmlFiles.map((name) => readSample('xml', name));
		const direct = await Promise.all(alone.map((bytes) => readInvoiceFile(bytes)));
		const match = direct.flat().find((other) => other.InvoiceNumber === invoice.InvoiceNumber);
		expect(match).toBeDefined();
		const { EntryName: _entry, ...fromZip } = invoice;
		expect(_entry).toBeDefined();
		expect(fromZip).toEqual(match);
		checked++;
	});

	test.each([...xmlFiles, ...zipFiles])('%s: 1500 mutations in memory give an invoice or a LocalReadError', async (file) => {
		const original = readSample('xml', file);
		const rng = seededRandom(0x7a11 + file.length);
		let read = 0;
		for (let i = 0; i < 1500; i++) {
			const bytes = new Uint8Array(original);
			if (i % 2 === 0) {
				for (let k = 0; k < 1 + Math.floor(rng() * 6); k++) bytes[Math.floor(rng() * bytes.length)] ^= 1 + Math.floor(rng() * 255);
			}
			const input = i % 2 === 1 ? bytes.subarray(0, Math.floor(rng() * bytes.length)) : bytes;
			let thrown: unknown;
			try {
				const invoices = await readInvoiceFile(input);
				expect(invoices.length).toBeGreaterThan(0);
				read++;
			} catch (error) {
				thrown = error;
			}
			if (thrown !== undefined) expect([file, i, thrown instanceof LocalReadError]).toEqual([file, i, true]);
		}
		expect(read).toBeGreaterThan(0);
	});
});
