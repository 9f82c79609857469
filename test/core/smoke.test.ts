import { LIBRARY_NAME } from '../../nodes/core';
import { readFixture } from '../support/files';

test('fixtures are reachable and the library loads', () => {
	expect(LIBRARY_NAME).toBe('n8n-nodes-fapiao');
	expect(readFixture('ofd', 'ofdrw_converter_1_vat-e-common-suwell-2020.ofd').subarray(0, 2).toString()).toBe('PK');
});
