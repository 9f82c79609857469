import { hasUsableText, readPdfText, type PdfText } from '../../nodes/core/read/pdf';
import { expectedFields, hasSamples, isCi, listSamples, log, readSample, samplesDir } from '../support/samples';

// The real invoice PDFs in ../shared/samples/pdf (no licence: read here, never copied). For each file
// listed in EXPECTED_PDF_XML.json, the key fields printed on the invoice (read from the files by a person,
// cross-checked with poppler's pdftotext) must appear in the text runs.

// Generous: the machine running the suite may be busy; no test asserts timing.
jest.setTimeout(60_000);

const available = hasSamples('pdf');
const files = listSamples('pdf', '.pdf');
const expected = expectedFields() as Record<string, Record<string, unknown>>;

const STRING_FIELDS = ['invoiceCode', 'invoiceNumber', 'buyerName', 'buyerTaxId', 'sellerName', 'sellerTaxId', 'totalAmountInWords', 'drawer', 'checkCode', 'machineNumber'];
const AMOUNT_FIELDS = ['totalAmount', 'amountWithoutTax', 'taxAmount'];

const squash = (s: string) => s.replace(/\s+/g, '');
const allText = (pdf: PdfText) => squash(pdf.pages.flatMap((p) => p.runs.map((r) => r.text)).join(''));

describe('PDF text layer on the sample invoices', () => {
	if (!available) {
		it('has the samples folder', () => {
			// In CI the samples must be there (shared/ is checked out beside the repository).
			expect(isCi() ? `PDF samples missing in CI: expected ${samplesDir}/pdf` : 'not in CI').toBe('not in CI');
			log(`pdf corpus: skipped, ${samplesDir}/pdf not found`);
		});
		return;
	}

	let checked = 0;
	afterAll(() => log(`pdf corpus: ${checked} files checked`));

	it('finds sample PDFs', () => {
		expect(files.length).toBeGreaterThan(0);
	});

	for (const file of files) {
		it(`${file}: a usable text layer with the invoice's key fields`, async () => {
			const pdf = await readPdfText(readSample('pdf', file));
			expect(pdf.pages.length).toBeGreaterThan(0);
			expect(hasUsableText(pdf)).toBe(true);
			const page = pdf.pages[0];
			for (const run of page.runs) {
				// Every run lies on (or very near) the page box.
				expect(run.x).toBeGreaterThan(page.originX - 50);
				expect(run.x).toBeLessThan(page.originX + Math.max(page.width, page.height) + 50);
				expect(run.fontSize).toBeGreaterThan(0);
			}
			const fields = expected[`pdf/${file}`];
			if (fields) {
				const text = allText(pdf);
				const missing: string[] = [];
				for (const key of STRING_FIELDS) {
					const value = fields[key];
					if (typeof value === 'string' && !text.includes(squash(value))) missing.push(`${key}=${value}`);
				}
				for (const key of AMOUNT_FIELDS) {
					const value = fields[key];
					if (typeof value === 'number' && !text.includes(value.toFixed(2))) missing.push(`${key}=${value}`);
				}
				expect(missing).toEqual([]);
			}
			checked++;
		});
	}
});
