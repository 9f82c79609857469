/** Shapes the node does not know, provider errors and bad Source Field values: clear errors. */
import { KNOWN_SHAPES, NormalizeError, normalizeInvoices } from '../../../../nodes/core/invoice/normalize';
import { readJsonFixture } from '../../../support/files';

function errorOf(run: () => unknown): NormalizeError {
	let caught: unknown;
	try {
		run();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(NormalizeError);
	return caught as NormalizeError;
}

describe('unknown input', () => {
	test('an unknown shape names its fields and lists every shape the node knows', () => {
		const error = errorOf(() => normalizeInvoices({ foo: 1, bar: { baz: 2 } }));
		expect(error.message).toBe('The input is not an invoice response this node knows (top-level fields: foo, bar)');
		for (const shape of KNOWN_SHAPES) expect(error.description).toContain(shape);
		expect(error.description).toContain('Source Field');
	});

	test('an empty item and a long list of fields', () => {
		expect(errorOf(() => normalizeInvoices({})).message).toBe(
			'The input is not an invoice response this node knows (the item is empty)',
		);
		const many = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}`, i]));
		expect(errorOf(() => normalizeInvoices(many)).message).toContain('f7, … (10 in all)');
	});

	test('not an object at all', () => {
		expect(errorOf(() => normalizeInvoices([1, 2])).message).toBe(
			'The input is an array, not an object holding an OCR response',
		);
		expect(errorOf(() => normalizeInvoices('text')).message).toBe(
			'The input is string, not an object holding an OCR response',
		);
	});

	test("an error item from an OCR node that continued on fail, even with the OCR node's api key", () => {
		const error = errorOf(() =>
			normalizeInvoices({
				error: 'Item 0, file "a.pdf": Tencent Cloud VatInvoiceOCR returned FailedOperation.UnKnowError',
				hint: 'Try again later',
				code: 'FailedOperation.UnKnowError',
				provider: 'tencent',
				api: 'VatInvoiceOCR',
				requestId: 'r-1',
				fileName: 'a.pdf',
			}),
		);
		expect(error.message).toBe(
			'The input item holds an error, not an invoice: Item 0, file "a.pdf": Tencent Cloud VatInvoiceOCR returned FailedOperation.UnKnowError',
		);
		expect(error.description).toContain('If node');
	});

	test("Qiniu's {error} answer", () => {
		expect(errorOf(() => normalizeInvoices({ error: 'bad token' })).message).toBe(
			'The input item holds an error, not an invoice: bad token',
		);
		expect(errorOf(() => normalizeInvoices({ error: { message: 'boom' } })).message).toBe(
			'The input item holds an error, not an invoice: boom',
		);
	});
});

describe('provider errors', () => {
	test("Tencent's Response.Error keeps its code and request id", () => {
		const error = errorOf(() =>
			normalizeInvoices({
				Response: {
					Error: { Code: 'FailedOperation.OcrFailed', Message: 'OCR识别失败' },
					RequestId: 'a1b2c3',
				},
			}),
		);
		expect(error.message).toBe(
			'Tencent Cloud returned an error instead of an invoice: FailedOperation.OcrFailed: OCR识别失败 (RequestId a1b2c3)',
		);
	});

	test('a Qiniu or reseller envelope with a failure code', () => {
		expect(
			errorOf(() => normalizeInvoices({ code: 53090001, message: 'image decode failed', request_id: 'q-1', data: {} }))
				.message,
		).toBe('The OCR provider returned code 53090001 instead of an invoice: image decode failed (request id q-1)');
		expect(errorOf(() => normalizeInvoices({ code: 500, msg: '余额不足', data: null })).message).toBe(
			'The OCR provider returned code 500 instead of an invoice: 余额不足',
		);
	});

	test('an envelope that says success but holds nothing known is an unknown shape', () => {
		expect(errorOf(() => normalizeInvoices({ code: 0, msg: 'ok', data: { x: 1 } })).message).toContain(
			'not an invoice response this node knows',
		);
	});

	test('RecognizeGeneralInvoice that found no invoice', () => {
		expect(errorOf(() => normalizeInvoices({ Response: { MixedInvoiceItems: [], RequestId: 'r' } })).message).toBe(
			'The OCR response lists no invoices (MixedInvoiceItems is empty)',
		);
	});

	test('a RecognizeGeneralInvoice item that failed still comes out, with a warning', () => {
		const [invoice] = normalizeInvoices({
			Response: {
				MixedInvoiceItems: [
					{ Code: 'FailedOperation.UnKnowError', Type: -1, SubType: 'OtherInvoice', SingleInvoiceInfos: { OtherInvoice: null } },
				],
			},
		});
		expect(invoice.source).toBe('tencent-general');
		expect(invoice.invoiceType).toBe('other');
		expect(invoice.warnings).toEqual([
			'RecognizeGeneralInvoice could not read this invoice (FailedOperation.UnKnowError)',
			'required fields missing: invoiceNumber, issueDate, totalAmount',
		]);
	});
});

describe('Source Field', () => {
	const response = readJsonFixture('tencent', 'VatInvoiceOCR.response.json') as Record<string, unknown>;

	test('a path that is not there', () => {
		const error = errorOf(() => normalizeInvoices({ body: response }, { sourceField: 'data.result' }));
		expect(error.message).toBe('The input item has no field "data.result" (top-level fields: body)');
		expect(error.description).toContain('leave it empty');
	});

	test('a path to something that is not an object', () => {
		expect(errorOf(() => normalizeInvoices({ a: { b: 5 } }, { sourceField: 'a.b' })).message).toBe(
			'Field "a.b" holds a number, not an OCR response object',
		);
		expect(errorOf(() => normalizeInvoices({ a: null }, { sourceField: 'a' })).message).toBe(
			'Field "a" holds null, not an OCR response object',
		);
	});

	test('a field name with a dot in it is found as it is', () => {
		expect(normalizeInvoices({ 'ocr.result': response }, { sourceField: 'ocr.result' })).toHaveLength(1);
	});

	test('blank means automatic', () => {
		expect(normalizeInvoices(response, { sourceField: '  ' })).toHaveLength(1);
	});
});

describe('Tencent VatInvoiceVerifyNew answers', () => {
	const verifyAnswer = readJsonFixture('tencent', 'VatInvoiceVerifyNew.response.json') as Record<string, unknown>;

	test('recognised as source tencent-verify, at the root, under Response and by the api key', () => {
		const [fromEnvelope] = normalizeInvoices(verifyAnswer);
		const [fromRoot] = normalizeInvoices(verifyAnswer.Response);
		const [byApi] = normalizeInvoices({ api: 'VatInvoiceVerifyNew', ...(verifyAnswer.Response as object) });
		expect(fromEnvelope).toEqual(fromRoot);
		expect(byApi).toEqual(fromRoot);
		expect(fromRoot).toMatchObject({
			source: 'tencent-verify',
			invoiceCode: '144002288010',
			invoiceNumber: '04138864',
			dedupKey: '144002288010-04138864',
			sellerName: '广州市天河区员美丽美食店',
			amountWithoutTax: 0,
			taxAmount: 0,
			totalAmount: 498.9,
			buyerName: null,
			issueDate: null,
			lineItems: [],
		});
	});

	test("the bureau's Type decides invoiceType; 08/10 with a 20-digit number are 数电", () => {
		const base = (verifyAnswer.Response as Record<string, unknown>).Invoice as Record<string, unknown>;
		const typeOf = (invoice: Record<string, unknown>) => normalizeInvoices({ Invoice: { ...base, ...invoice } })[0].invoiceType;
		expect(typeOf({ Type: '01' })).toBe('vat_special');
		expect(typeOf({ Type: '04' })).toBe('vat_common');
		expect(typeOf({ Type: '10' })).toBe('vat_electronic_common');
		expect(typeOf({ Type: '14' })).toBe('toll');
		expect(typeOf({ Type: '08', Code: '', Number: '24112000000012345678' })).toBe('digital_special');
		expect(typeOf({ Type: '10', Code: '', Number: '24112000000012345678' })).toBe('digital_common');
		expect(typeOf({ Type: '09', ElectronicType: '03', Code: '', Number: '24112000000012345678' })).toBe('railway_ticket');
	});
});
