import { isValidResidentId, isValidUscc, taxIdProblem, usccCheckChar } from '../../../../nodes/core/invoice/normalize';

// docs/domain.md §5: real codes from the sample invoices, and three that fail (from ofdrw demo invoices).
const VALID = [
	'91320115MA202UKD7X',
	'92330781MA2EDMFU50',
	'91460300MAA92DJN95',
	'91110108690017781B',
	'91522701709696623X',
	'92522726MA7GNHJ07M',
	'914400007556190127',
	'91441702707782974C',
	'913710007062495888',
	'91370203MA3N3AR685',
	'91330106MA7GAL1299',
	'91310110MA1G8YNR76',
	'91120222079642398Y',
	'91320404MA22FHG7XX',
	'91120110MA06J3WLX8',
	'91110000600037341L', // python-stdnum's doctest
];

describe('统一社会信用代码 (GB 32100)', () => {
	test.each(VALID)('%s is valid', (code) => {
		expect(isValidUscc(code)).toBe(true);
		expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
		expect(taxIdProblem(code)).toBeNull();
	});

	test.each([
		['91500102563638729E', '5'],
		['91500106MA2CE71F65', '6'],
	])('%s fails its check character (expected %s)', (code, expected) => {
		expect(isValidUscc(code)).toBe(false);
		expect(usccCheckChar(code.slice(0, 17))).toBe(expected);
		expect(taxIdProblem(code)).toBe(`fails the GB 32100 check character (expected ${expected})`);
	});

	test('9150010807MGZHI002 uses letters outside the USCC alphabet', () => {
		expect(isValidUscc('9150010807MGZHI002')).toBe(false);
		expect(usccCheckChar('9150010807MGZHI00')).toBeNull();
		expect(taxIdProblem('9150010807MGZHI002')).toBe(
			'contains letters a unified social credit code does not use (I, O, S, V, Z)',
		);
	});

	test('a Y-prefixed code (其他 registration authority) is not rejected for its letters', () => {
		const first17 = 'Y1110000MA0000000';
		const code = first17 + usccCheckChar(first17);
		expect(isValidUscc(code)).toBe(true);
	});
});

describe('other taxpayer ids', () => {
	test('15-character 税务登记证号 and 20-character ids pass on length', () => {
		expect(taxIdProblem('440300708461136')).toBeNull();
		expect(taxIdProblem('32040419760706081301')).toBeNull();
	});

	test('17 characters (the Baiwang test invoice) is not a taxpayer id', () => {
		expect(taxIdProblem('91110101202001201')).toBe('has 17 characters; a taxpayer id has 15, 18 or 20');
	});

	test('an 18-digit 居民身份证号 passes on its own check digit (GB 11643)', () => {
		// 11010519491231002X is the standard's worked example.
		expect(isValidResidentId('11010519491231002X')).toBe(true);
		expect(taxIdProblem('11010519491231002X')).toBeNull();
		expect(isValidResidentId('110105194912310021')).toBe(false);
	});

	test('lower case and other characters are reported', () => {
		expect(taxIdProblem('91320115MA202UKD7-')).toBe('contains characters other than digits and capital letters');
	});
});
