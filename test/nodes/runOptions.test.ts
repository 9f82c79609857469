import type { INodeProperties } from 'n8n-workflow';

import { APIS } from '../../nodes/core/providers/apis';
import { DEFAULT_RUN_OPTIONS, runOptionsProperty } from '../../nodes/shared/runOptions';
import { OfdInvoiceOcr } from '../../nodes/OfdInvoiceOcr/OfdInvoiceOcr.node';
import { VatInvoiceOcr } from '../../nodes/VatInvoiceOcr/VatInvoiceOcr.node';

function optionsOf(properties: INodeProperties[]): Record<string, INodeProperties> {
	const collection = properties.find((p) => p.name === 'options');
	const out: Record<string, INodeProperties> = {};
	for (const option of (collection?.options ?? []) as INodeProperties[]) out[option.name] = option;
	return out;
}

describe('the Options collection', () => {
	test('the defaults shown in the editor are the defaults a run uses', () => {
		const options = optionsOf([runOptionsProperty(['VatInvoiceOCR'])]);
		expect(options.maxConcurrentRequests.default).toBe(DEFAULT_RUN_OPTIONS.maxConcurrent);
		expect(options.retries.default).toBe(DEFAULT_RUN_OPTIONS.retries);
		expect(options.retryDelay.default).toBe(DEFAULT_RUN_OPTIONS.retryDelayMs);
		expect(options.timeout.default).toBe(DEFAULT_RUN_OPTIONS.timeoutMs);
		expect(options.requestsPerSecond.default).toBe(0);
	});

	test('Requests per Second states the real margin of the rate window and each API default from the API table', () => {
		const vat = optionsOf(new VatInvoiceOcr().description.properties).requestsPerSecond.description ?? '';
		// 1000 / 1025 of the rate: 2.4% below it.
		expect(vat).toContain('about 2.4% below it');
		expect(vat).toContain(`${APIS.VatInvoiceOCR.defaultRate} for Tencent Cloud VatInvoiceOCR`);
		expect(vat).toContain(`${APIS.RecognizeGeneralInvoice.defaultRate} for Tencent Cloud RecognizeGeneralInvoice`);
		expect(vat).toContain(`${APIS.QiniuVatInvoiceOCR.defaultRate} for Qiniu VAT invoice OCR`);
		const ofd = optionsOf(new OfdInvoiceOcr().description.properties).requestsPerSecond.description ?? '';
		expect(ofd).toContain(`${APIS.VerifyOfdVatInvoiceOCR.defaultRate} for Tencent Cloud VerifyOfdVatInvoiceOCR`);
		expect(ofd).toContain('no limit for the local OFD reader');
	});

	test('node subtitles name the API of each choice, from the API table', () => {
		expect(new VatInvoiceOcr().description.subtitle).toBe(
			'={{ {"tencent":"Tencent Cloud VatInvoiceOCR","tencentGeneral":"Tencent Cloud RecognizeGeneralInvoice","qiniu":"Qiniu VAT invoice OCR","local":"Local e-invoice reader"}[$parameter["provider"]] }}',
		);
		expect(new OfdInvoiceOcr().description.subtitle).toBe(
			'={{ {"local":"Local OFD reader","tencent":"Tencent Cloud VerifyOfdVatInvoiceOCR"}[$parameter["engine"]] }}',
		);
	});
});
