import { normalizeInvoice } from '../../../nodes/core/invoice/normalize';
import { ProviderError } from '../../../nodes/core/providers/errors';
import {
	buildVerifyParams,
	buildVerifyRequest,
	compareInvoices,
	differencesText,
	formatAmount,
	parseVerifyAnswer,
	statusOfAbandoned,
	VERIFY_ERROR_CODES,
	verdictFromError,
	verdictFromResponse,
	VerifyRefusal,
	type VerifyInput,
} from '../../../nodes/core/invoice/verify';
import { readJsonFixture } from '../../support/files';

/** Invoices as Normalize Invoice outputs them (the fields verification reads). */
const digitalCommon: VerifyInput = {
	invoiceType: 'digital_common',
	invoiceCode: null,
	invoiceNumber: '24112000000012345678',
	issueDate: '2024-05-06',
	checkCode: null,
	amountWithoutTax: 88.5,
	totalAmount: 100.01,
};
const special: VerifyInput = {
	invoiceType: 'vat_special',
	invoiceCode: '1100194130',
	invoiceNumber: '04000000',
	issueDate: '2019-12-11',
	checkCode: null,
	amountWithoutTax: 88.5,
	totalAmount: 100.01,
};
const common: VerifyInput = {
	invoiceType: 'vat_electronic_common',
	invoiceCode: '033002000211',
	invoiceNumber: '12345678',
	issueDate: '2020-03-01',
	checkCode: '16197 83356 74145 07415',
	amountWithoutTax: 88.5,
	totalAmount: 100,
};
const toll: VerifyInput = { ...common, invoiceType: 'toll', invoiceCode: '042001700112' };

function refusal(input: VerifyInput): VerifyRefusal {
	let caught: unknown;
	try {
		buildVerifyParams(input);
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(VerifyRefusal);
	return caught as VerifyRefusal;
}

describe('request rules per invoice kind', () => {
	test('数电 普票: no code, Amount = total with tax, kind 10', () => {
		expect(buildVerifyParams(digitalCommon)).toEqual({
			InvoiceNo: '24112000000012345678',
			InvoiceDate: '2024-05-06',
			InvoiceKind: '10',
			Amount: '100.01',
		});
	});

	test('数电 专票: kind 08, still the total with tax, and a stray code is not sent', () => {
		expect(buildVerifyParams({ ...digitalCommon, invoiceType: 'digital_special', invoiceCode: '1100194130' })).toEqual({
			InvoiceNo: '24112000000012345678',
			InvoiceDate: '2024-05-06',
			InvoiceKind: '08',
			Amount: '100.01',
		});
	});

	test('专票: code, Amount = amount without tax, no check code', () => {
		expect(buildVerifyParams({ ...special, checkCode: '12345678901234567890' })).toEqual({
			InvoiceNo: '04000000',
			InvoiceDate: '2019-12-11',
			InvoiceCode: '1100194130',
			InvoiceKind: '01',
			Amount: '88.50',
		});
	});

	test('电子专票 (non-数电): kind 08 with amount without tax', () => {
		const params = buildVerifyParams({ ...special, invoiceType: 'vat_electronic_special', invoiceCode: '052002100113' });
		expect(params).toMatchObject({ InvoiceKind: '08', InvoiceCode: '052002100113', Amount: '88.50' });
		expect(params.CheckCode).toBeUndefined();
	});

	test('普票, 电子普票, 卷票, 通行费: CheckCode = last 6 digits, no amount', () => {
		for (const [invoiceType, kind] of [
			['vat_common', '04'],
			['vat_electronic_common', '10'],
			['vat_roll', '11'],
			['toll', '14'],
		]) {
			const params = buildVerifyParams({ ...common, invoiceType });
			expect(params).toEqual({
				InvoiceNo: '12345678',
				InvoiceDate: '2020-03-01',
				InvoiceCode: '033002000211',
				InvoiceKind: kind,
				CheckCode: '507415',
			});
		}
		expect(buildVerifyParams(toll).CheckCode).toBe('507415');
	});

	test('区块链 (by title): last 5 characters, SellerTaxCode and amount without tax', () => {
		expect(
			buildVerifyParams({
				...common,
				invoiceTitle: '深圳电子普通发票（区块链）',
				invoiceCode: '144032009110',
				checkCode: 'a1b2c3d4e5f6856ab',
				sellerTaxId: '91440300MA5F00000X',
			}),
		).toEqual({
			InvoiceNo: '12345678',
			InvoiceDate: '2020-03-01',
			InvoiceCode: '144032009110',
			InvoiceKind: '32',
			CheckCode: '856ab',
			Amount: '88.50',
			SellerTaxCode: '91440300MA5F00000X',
		});
	});

	test('Invoice Kind chosen in the node wins over invoiceType', () => {
		expect(buildVerifyParams({ ...common, invoiceKind: '04' }).InvoiceKind).toBe('04');
		expect(buildVerifyParams({ ...common, invoiceKind: 'auto' }).InvoiceKind).toBe('10');
	});

	test('expression values: strings, 元 amounts, compact dates, No prefix', () => {
		expect(
			buildVerifyParams({ invoiceType: 'vat_special', invoiceCode: ' 1100194130 ', invoiceNumber: 'No04000000', issueDate: '20191211', amountWithoutTax: '¥1,234.5' }),
		).toEqual({ InvoiceNo: '04000000', InvoiceDate: '2019-12-11', InvoiceCode: '1100194130', InvoiceKind: '01', Amount: '1234.50' });
	});

	test('EnableTodayInvoice only when asked', () => {
		expect(buildVerifyParams(special, { enableTodayInvoice: true }).EnableTodayInvoice).toBe(true);
		expect('EnableTodayInvoice' in buildVerifyParams(special)).toBe(false);
	});

	test('the request is a signed-ready POST to VatInvoiceVerifyNew with exactly these parameters', () => {
		const request = buildVerifyRequest(buildVerifyParams(digitalCommon));
		expect(request.headers['X-TC-Action']).toBe('VatInvoiceVerifyNew');
		expect(request.headers['X-TC-Version']).toBe('2018-11-19');
		expect(JSON.parse(request.body)).toEqual({ InvoiceNo: '24112000000012345678', InvoiceDate: '2024-05-06', InvoiceKind: '10', Amount: '100.01' });
	});
});

describe('amounts to the cent', () => {
	test.each([
		[88.5, '88.50'],
		[0.1 + 0.2, '0.30'],
		[1234.005, '1234.01'],
		[100, '100.00'],
		[-88.5, '-88.50'],
		[0.004, '0.00'],
		[-0.001, '0.00'],
	])('%p → %s', (value, expected) => {
		expect(formatAmount(value)).toBe(expected);
	});
});

describe('refusals name the field, before any request', () => {
	test.each<[string, VerifyInput, string, string]>([
		['no number', { ...special, invoiceNumber: null }, 'invoiceNumber', 'MissingField'],
		['empty number', { ...special, invoiceNumber: '  ' }, 'invoiceNumber', 'MissingField'],
		['short number', { ...special, invoiceNumber: '1234' }, 'invoiceNumber', 'InvalidField'],
		['no date', { ...special, issueDate: null }, 'issueDate', 'MissingField'],
		['bad date', { ...special, issueDate: 'yesterday' }, 'issueDate', 'InvalidField'],
		['专票 without code', { ...special, invoiceCode: null }, 'invoiceCode', 'MissingField'],
		['专票 with a bad code', { ...special, invoiceCode: '12345' }, 'invoiceCode', 'InvalidField'],
		['专票 without amount', { ...special, amountWithoutTax: null }, 'amountWithoutTax', 'MissingField'],
		['专票 with a text amount', { ...special, amountWithoutTax: 'eighty' }, 'amountWithoutTax', 'InvalidField'],
		['数电 without total', { ...digitalCommon, totalAmount: null }, 'totalAmount', 'MissingField'],
		['普票 without check code', { ...common, checkCode: null }, 'checkCode', 'MissingField'],
		['通行费 with a short check code', { ...toll, checkCode: '1234' }, 'checkCode', 'InvalidField'],
		['区块链 without seller', { ...common, invoiceKind: '32', checkCode: '856ab', sellerTaxId: null }, 'sellerTaxId', 'MissingField'],
		['no type', { ...special, invoiceType: null }, 'invoiceType', 'MissingField'],
		['a paper train ticket (8-digit number)', { ...special, invoiceType: 'railway_ticket' }, 'invoiceType', 'UnsupportedInvoiceType'],
		['a paper train ticket (its red number)', { ...special, invoiceCode: null, invoiceNumber: 'E052481', invoiceType: 'railway_ticket' }, 'invoiceType', 'UnsupportedInvoiceType'],
		['a paper air itinerary (印刷序号)', { ...special, invoiceCode: null, invoiceNumber: '52345678901', invoiceType: 'air_itinerary' }, 'invoiceType', 'UnsupportedInvoiceType'],
		['an unknown kind', { ...special, invoiceKind: '99' }, 'invoiceKind', 'InvalidField'],
	])('%s', (_name, input, field, code) => {
		const error = refusal(input);
		expect(error.field).toBe(field);
		expect(error.code).toBe(code);
		expect(error.message).toContain(field);
		expect(error.hint).toMatch(/Nothing was sent|Route other invoices/);
	});

	test('数电 railway e-tickets and air itineraries: kind 10, no code, Amount = the total (票价 / 合计)', () => {
		expect(buildVerifyParams({ invoiceType: 'railway_ticket', invoiceNumber: '24119110000000012345', issueDate: '2024年06月03日', amountWithoutTax: 507.34, totalAmount: 553 })).toEqual({
			InvoiceNo: '24119110000000012345',
			InvoiceDate: '2024-06-03',
			InvoiceKind: '10',
			Amount: '553.00',
		});
		expect(buildVerifyParams({ invoiceType: 'air_itinerary', invoiceNumber: '24449130000000067890', issueDate: '2024-06-01', totalAmount: '1,310.00' })).toEqual({
			InvoiceNo: '24449130000000067890',
			InvoiceDate: '2024-06-01',
			InvoiceKind: '10',
			Amount: '1310.00',
		});
	});

	test('a 专票 does not need a check code, a 普票 does not need an amount', () => {
		expect(() => buildVerifyParams({ ...special, checkCode: null })).not.toThrow();
		expect(() => buildVerifyParams({ ...common, amountWithoutTax: null, totalAmount: null })).not.toThrow();
	});
});

const fixture = readJsonFixture('tencent', 'VatInvoiceVerifyNew.response.json') as { Response: Record<string, unknown> };

function answerWith(invoice: Record<string, unknown>) {
	const response = JSON.parse(JSON.stringify(fixture.Response)) as Record<string, unknown>;
	response.Invoice = { ...(response.Invoice as object), ...invoice };
	return response;
}

describe('verdicts', () => {
	test.each([
		['N', 'genuine'],
		['', 'genuine'],
		['Y', 'voided'],
		['H', 'red_flushed'],
		['HP', 'red_flushed'],
		['HF', 'red_flushed'],
	])('IsAbandoned %p → %s', (flag, status) => {
		expect(statusOfAbandoned(flag).status).toBe(status);
		expect(verdictFromResponse(answerWith({ IsAbandoned: flag }), {}).status).toBe(status);
	});

	test("Tencent's example answer: the bureau's invoice in canonical form, with the request id", () => {
		const verdict = verdictFromResponse(fixture.Response, {});
		expect(verdict).toMatchObject({ status: 'genuine', requestId: 'f3cd280c-6d3a-41c5-8493-4ed98f8b2755', code: null, differences: [] });
		expect(verdict.invoice).toMatchObject({
			source: 'tencent-verify',
			invoiceCode: '144002288010',
			invoiceNumber: '04138864',
			sellerName: '广州市天河区员美丽美食店',
			totalAmount: 498.9,
			buyerName: null,
		});
		expect(verdict.invoice).toEqual(normalizeInvoice(fixture.Response));
	});

	test('differences: amounts to the cent, names after trimming, missing fields ignored', () => {
		const bureau = normalizeInvoice({
			Invoice: {
				...(fixture.Response.Invoice as object),
				Date: '20240506',
				AmountWithoutTax: '88.50',
				TaxAmount: '11.51',
				AmountWithTax: '100.01',
				BuyerName: '腾讯（深圳）有限公司',
				SellerName: '广州市天河区员美丽美食店',
				CheckCode: '16197833567414507415',
			},
		});
		expect(
			compareInvoices(
				{
					invoiceCode: '144002288010',
					invoiceNumber: '04138864',
					issueDate: '2024-05-06',
					amountWithoutTax: 88.5000001,
					taxAmount: '11.51',
					totalAmount: 100.02,
					buyerName: ' 腾讯(深圳)有限公司 ',
					sellerName: '广州市天河区员美丽美食',
					checkCode: '507415',
					sellerTaxId: '91440101MA5CXXXXXX',
				},
				bureau,
			),
		).toEqual([
			{ field: 'sellerName', ours: '广州市天河区员美丽美食', bureau: '广州市天河区员美丽美食店' },
			{ field: 'totalAmount', ours: 100.02, bureau: 100.01 },
		]);
		expect(compareInvoices({ issueDate: '2024-05-07', checkCode: '123456' }, bureau)).toEqual([
			{ field: 'issueDate', ours: '2024-05-07', bureau: '2024-05-06' },
			{ field: 'checkCode', ours: '123456', bureau: '16197833567414507415' },
		]);
		expect(differencesText([{ field: 'totalAmount', ours: 100.02, bureau: 100.01 }])).toBe('totalAmount: 100.02 ≠ 100.01');
	});

	test('the verdict message names the fields that differ', () => {
		const verdict = verdictFromResponse(fixture.Response, { totalAmount: 499, invoiceNumber: '04138864' });
		expect(verdict.differences).toEqual([{ field: 'totalAmount', ours: 499, bureau: 498.9 }]);
		expect(verdict.message).toContain('totalAmount');
	});
});

function errorAnswer(code: string, message = 'x') {
	return { statusCode: 200, headers: {}, body: JSON.stringify({ Response: { Error: { Code: code, Message: message }, RequestId: 'req-1' } }) };
}

function parseError(code: string): ProviderError {
	let caught: unknown;
	try {
		parseVerifyAnswer(errorAnswer(code));
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(ProviderError);
	return caught as ProviderError;
}

describe('error codes', () => {
	test.each([
		['ResourceNotFound.NoInvoice', 'not_found'],
		['FailedOperation.InvoiceMismatch', 'mismatch'],
		['ResourceNotFound.NotSupportCurrentInvoiceQuery', 'not_yet_available'],
	])('%s is a result (%s), never retried', (code, status) => {
		const error = parseError(code);
		expect(error.retryable).toBe(false);
		const verdict = verdictFromError(error);
		expect(verdict).toMatchObject({ status, code, requestId: 'req-1', invoice: null, differences: [] });
		expect(verdict?.message).toContain(code);
	});

	test.each([
		['ResourceUnavailable.TaxNetworkError', true],
		['RequestLimitExceeded', true],
		['RequestLimitExceeded.UinLimitExceeded', true],
		['InternalError', true],
		['FailedOperation.CountLimitError', false],
		['FailedOperation.ArrearsError', false],
		['ResourceUnavailable.InArrears', false],
		['ResourceUnavailable.ResourcePackageRunOut', false],
		['ResourcesSoldOut.ChargeStatusException', false],
		['FailedOperation.UnOpenError', false],
		['InvalidParameterValue.TicketDateParameterValueLimit', false],
		['AuthFailure.SignatureFailure', false],
	])('%s: retryable %p, an error with a fix', (code, retryable) => {
		const error = parseError(code);
		expect(error.retryable).toBe(retryable);
		expect(error.api).toBe('VatInvoiceVerifyNew');
		expect(error.message).toContain(code);
		expect(error.message).toContain('req-1');
		expect(error.hint.length).toBeGreaterThan(20);
		expect(verdictFromError(error)).toBeUndefined();
	});

	test('the fixes say what to do', () => {
		expect(parseError('FailedOperation.CountLimitError').hint).toMatch(/5 times today.*tomorrow/);
		expect(parseError('ResourceUnavailable.InArrears').hint).toMatch(/Top up/);
		expect(parseError('InvalidParameterValue.TicketSnParameterValueLimit').hint).toContain('invoiceNumber');
	});

	test('every documented code has a hint', () => {
		for (const info of Object.values(VERIFY_ERROR_CODES)) expect(info.hint).toMatch(/\.$/);
	});

	test('a successful answer parses to the Response object', () => {
		const response = parseVerifyAnswer({ statusCode: 200, headers: {}, body: JSON.stringify(fixture) });
		expect(response.RequestId).toBe('f3cd280c-6d3a-41c5-8493-4ed98f8b2755');
	});
});
