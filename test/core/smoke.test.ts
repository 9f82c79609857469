import * as library from '../../nodes/core';
import { readFixture } from '../support/files';

test('fixtures are reachable and the library reads a real OFD invoice', async () => {
	const bytes = readFixture('ofd', 'ofdrw_converter_1_vat-e-common-suwell-2020.ofd');
	expect(bytes.subarray(0, 2).toString()).toBe('PK');
	const invoice = library.normalizeInvoice(await library.readOfdInvoice(bytes));
	expect(invoice.source).toBe('ofd-local');
	expect(invoice.invoiceNumber).toMatch(/^\d{8}$/);
});
