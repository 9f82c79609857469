/**
 * The contract between the OCR nodes and Normalize Invoice: whatever the OCR node emits, with Simplify on
 * or off, normalizes to the same invoice as the provider's raw answer.
 */
import { normalizeInvoice, normalizeInvoices } from '../../../../nodes/core/invoice/normalize';
import {
	flattenQiniuVatInvoice,
	flattenRecognizeGeneralInvoice,
	flattenVatInvoiceOcr,
	flattenVerifyOfdVatInvoice,
	withMeta,
	type ResultMeta,
} from '../../../../nodes/core/providers/flatten';
import type { ApiName, ProviderName } from '../../../../nodes/core/providers/errors';
import { readJsonFixture } from '../../../support/files';

function meta(provider: ProviderName, api: ApiName): ResultMeta {
	return {
		provider,
		api,
		fileName: 'invoice.png',
		mimeType: 'image/png',
		binaryProperty: 'attachment_0',
		sourceUrl: null,
		page: 1,
		pageCount: 1,
		requestId: 'req-1',
	};
}

const cases: Array<{
	name: string;
	provider: ProviderName;
	api: ApiName;
	raw: Record<string, unknown>;
	simplified: Record<string, unknown>;
}> = [];

const vat = readJsonFixture('tencent', 'VatInvoiceOCR.response.json').Response;
cases.push({ name: 'VatInvoiceOCR', provider: 'tencent', api: 'VatInvoiceOCR', raw: vat, simplified: flattenVatInvoiceOcr(vat) });
const ofd = readJsonFixture('tencent', 'VerifyOfdVatInvoiceOCR.response.json').Response;
cases.push({ name: 'VerifyOfdVatInvoiceOCR', provider: 'tencent', api: 'VerifyOfdVatInvoiceOCR', raw: ofd, simplified: flattenVerifyOfdVatInvoice(ofd) });
const qiniu = readJsonFixture('providers', 'qiniu-vat-invoice-ocr.response.json');
cases.push({ name: 'Qiniu', provider: 'qiniu', api: 'QiniuVatInvoiceOCR', raw: qiniu, simplified: flattenQiniuVatInvoice(qiniu) });

describe.each(cases)('$name output of the OCR node', ({ provider, api, raw, simplified }) => {
	const expected = normalizeInvoice(raw);

	test('the raw answer is an invoice with a number', () => {
		expect(expected.invoiceNumber).toMatch(/^\S+$/);
		expect(expected.totalAmount).not.toBeNull();
	});

	test('Simplify on normalizes to the same invoice as the raw answer', () => {
		expect(normalizeInvoice(withMeta(simplified, meta(provider, api)))).toEqual(expected);
	});

	test('Simplify off (raw answer plus metadata) normalizes to the same invoice', () => {
		expect(normalizeInvoice(withMeta(raw, meta(provider, api)))).toEqual(expected);
	});
});

test('RecognizeGeneralInvoice: every simplified invoice equals the raw answer normalized', () => {
	const general = readJsonFixture('tencent', 'RecognizeGeneralInvoice.response.json').Response;
	const expected = normalizeInvoices(general);
	const simplified = flattenRecognizeGeneralInvoice(general).map((result) => {
		if (!result.ok) throw new Error(`the example holds a failed invoice: ${result.code}`);
		return normalizeInvoice(withMeta(result.fields, meta('tencent', 'RecognizeGeneralInvoice')));
	});
	expect(simplified.length).toBeGreaterThan(0);
	expect(simplified).toEqual(expected);
	expect(normalizeInvoices(withMeta(general, meta('tencent', 'RecognizeGeneralInvoice')))).toEqual(expected);
});
