import { NodeApiError, NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { TencentCloudApi } from '../../credentials/TencentCloudApi.credentials';
import { VerifyInvoice } from '../../nodes/VerifyInvoice/VerifyInvoice.node';
import { startEmulator } from '../emulator/server';
import { BUYER, SELLER } from '../emulator/verify';
import { canonicalOf, knownInvoice } from '../helpers/knownInvoices';
import { runNode, type HarnessResult, type ParamValue } from '../helpers/nodeHarness';
import { runExpectingError } from '../helpers/outcomes';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const FIELD_NAMES = ['invoiceType', 'invoiceCode', 'invoiceNumber', 'issueDate', 'checkCode', 'amountWithoutTax', 'totalAmount', 'sellerTaxId'];

/** The node's defaults: every field read from the item, as n8n evaluates `={{ $json.<field> }}`. */
const FROM_ITEM: Record<string, ParamValue> = Object.fromEntries(
	FIELD_NAMES.map((name) => [name, (_i: number, item: INodeExecutionData) => item.json[name] ?? null]),
);

/** A known invoice as Normalize Invoice would output it (our reading). */
function canonical(label: string, changes: IDataObject = {}): INodeExecutionData {
	return { json: canonicalOf(label, changes) as IDataObject };
}

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => emulator.reset());

async function run(
	items: INodeExecutionData[],
	options: { parameters?: Record<string, ParamValue>; continueOnFail?: boolean; nodeOptions?: IDataObject; noCredential?: boolean } = {},
): Promise<HarnessResult> {
	const key = emulator.keys.tencent[0];
	return await runNode(new VerifyInvoice(), {
		items,
		parameters: { invoiceKind: 'auto', ...FROM_ITEM, options: { retryDelay: 1, ...options.nodeOptions }, ...options.parameters },
		continueOnFail: options.continueOnFail ?? false,
		credentials: options.noCredential
			? {}
			: { tencentCloudApi: { secretId: key.secretId, secretKey: key.secretKey, region: 'ap-guangzhou', endpoint: emulator.url } },
		credentialTypes: { tencentCloudApi: new TencentCloudApi() },
	});
}


const verificationOf = (item: INodeExecutionData) => item.json.verification as IDataObject;

describe('Verify Invoice node against the emulator', () => {
	test('statuses for 数电, 专票, 普票 and toll invoices, with pairedItem, in input order', async () => {
		const labels = [
			'数电 普票, genuine',
			'数电 专票, voided',
			'数电 普票, fully red-flushed',
			'专票, genuine',
			'专票, red-flushed',
			'电子普票, genuine',
			'电子普票, partly red-flushed',
			'普票 (paper), voided',
			'通行费, genuine',
		];
		const { output, requests } = await run(labels.map((label) => canonical(label)));
		const out = output[0];
		expect(out.map((o) => [o.pairedItem, verificationOf(o).status])).toEqual([
			[{ item: 0 }, 'genuine'],
			[{ item: 1 }, 'voided'],
			[{ item: 2 }, 'red_flushed'],
			[{ item: 3 }, 'genuine'],
			[{ item: 4 }, 'red_flushed'],
			[{ item: 5 }, 'genuine'],
			[{ item: 6 }, 'red_flushed'],
			[{ item: 7 }, 'voided'],
			[{ item: 8 }, 'genuine'],
		]);
		expect(requests).toHaveLength(labels.length);
		// The input item is kept; the bureau's invoice is canonical; nothing differs.
		const first = out[0].json;
		expect(first).toMatchObject({ invoiceNumber: '25442000000012345678', source: 'tencent-vat' });
		const verification = verificationOf(out[0]);
		expect(verification.requestId).toEqual(expect.any(String));
		expect(Date.parse(String(verification.checkedAt))).not.toBeNaN();
		expect(verification.differences).toEqual([]);
		expect(verification.invoice).toMatchObject({ source: 'tencent-verify', invoiceType: 'digital_common', totalAmount: 106, sellerName: SELLER.name, issueDate: '2025-03-10' });
		expect((verificationOf(out[8]).invoice as IDataObject).invoiceType).toBe('toll');
		// The emulator confirms every request followed the rules (none answered InvoiceMismatch).
		// (Requests run concurrently, so the emulator's record is looked up by invoice number.)
		const seen = new Map(emulator.verifyRequests().map((r) => [r.params.InvoiceNo, r]));
		expect(labels.map((label) => seen.get(knownInvoice(label).number)?.result)).toEqual(['ok:N', 'ok:Y', 'ok:HF', 'ok:N', 'ok:H', 'ok:N', 'ok:HP', 'ok:Y', 'ok:N']);
		expect(seen.get('25442000000012345678')?.params).toEqual({ InvoiceNo: '25442000000012345678', InvoiceDate: '2025-03-10', InvoiceKind: '10', Amount: '106.00' });
		expect(seen.get('00123456')?.params).toEqual({ InvoiceCode: '4400194130', InvoiceNo: '00123456', InvoiceDate: '2024-11-05', InvoiceKind: '01', Amount: '2000.00' });
		expect(seen.get('30000001')?.params).toEqual({ InvoiceCode: '044002000112', InvoiceNo: '30000001', InvoiceDate: '2024-07-01', InvoiceKind: '14', CheckCode: '567894' });
	});

	test('数电 railway e-ticket and air itinerary: kind 10 with the total, the bureau\'s ticket as the canonical trip', async () => {
		const { output } = await run([canonical('数电 铁路电子客票, genuine'), canonical('数电 航空行程单, genuine')]);
		const [railway, air] = output[0];
		expect([railway.pairedItem, air.pairedItem]).toEqual([{ item: 0 }, { item: 1 }]);
		const seen = new Map(emulator.verifyRequests().map((r) => [r.params.InvoiceNo, r]));
		expect(seen.get('24119110000000012345')).toEqual({
			params: { InvoiceNo: '24119110000000012345', InvoiceDate: '2024-06-03', InvoiceKind: '10', Amount: '553.00' },
			result: 'ok:N',
		});
		expect(seen.get('24449130000000067890')).toEqual({
			params: { InvoiceNo: '24449130000000067890', InvoiceDate: '2024-06-01', InvoiceKind: '10', Amount: '1310.00' },
			result: 'ok:N',
		});
		const railwayCheck = verificationOf(railway);
		expect(railwayCheck.status).toBe('genuine');
		expect(railwayCheck.differences).toEqual([]);
		expect(railwayCheck.invoice).toMatchObject({
			source: 'tencent-verify',
			invoiceType: 'railway_ticket',
			totalAmount: 553,
			taxAmount: 45.66,
			totalAmountInWords: '伍佰伍拾叁圆整',
			isRedLetter: false,
			trip: {
				passenger: '张三',
				idNumber: '1101011990****1234',
				travelDate: '2024-06-05',
				departureTime: '07:00',
				trainNumber: 'G1',
				flightNumber: null,
				from: '北京南',
				to: '上海虹桥',
				seatClass: '二等座',
				seat: '05车12F号',
				fare: 553,
				ticketNumber: 'E123456789012345',
				deductibleTax: 45.66,
				deductibleTaxBasis: 'printed',
				segments: [],
			},
		});
		// The emulator's made-up tax ids fail their check character; nothing else is wrong with either ticket.
		const otherWarnings = (check: IDataObject) => ((check.invoice as IDataObject).warnings as string[]).filter((w) => !/TaxId/.test(w));
		expect(otherWarnings(railwayCheck)).toEqual([]);
		const airCheck = verificationOf(air);
		expect(otherWarnings(airCheck)).toEqual([]);
		expect(airCheck.status).toBe('genuine');
		expect(airCheck.differences).toEqual([]);
		expect(airCheck.invoice).toMatchObject({
			invoiceType: 'air_itinerary',
			amountWithoutTax: 1205.96,
			taxAmount: 104.04,
			totalAmount: 1310,
			trip: {
				passenger: '李四',
				flightNumber: 'CA1304',
				trainNumber: null,
				from: '深圳',
				to: '北京',
				travelDate: '2024-06-05',
				departureTime: '08:05',
				seatClass: '经济舱',
				fare: 1200,
				fuelSurcharge: 60,
				civilAviationFund: 50,
				ticketNumber: '7812345678901',
				deductibleTax: 104.04,
				deductibleTaxBasis: 'printed',
				segments: [{ from: '深圳', to: '北京', carrier: '国航', flightNumber: 'CA1304', seatClass: '经济舱', date: '2024-06-05', time: '08:05', fareBasis: 'Y' }],
			},
		});
	});

	test('a ticket whose journey differs from the bureau\'s: trip.<field> differences, nested or flat', async () => {
		const { output } = await run([
			canonical('数电 铁路电子客票, genuine', { trip: { passenger: '张三', trainNumber: 'G3', travelDate: '2024-06-05', from: '北京南', to: '上海虹桥', fare: 553 } }),
			canonical('数电 航空行程单, genuine', { tripPassenger: '李四', tripFlightNumber: 'CA1304', tripFare: 1100, tripTravelDate: '2024年06月05日' }),
		]);
		expect(verificationOf(output[0][0]).differences).toEqual([{ field: 'trip.trainNumber', ours: 'G3', bureau: 'G1' }]);
		expect(verificationOf(output[0][1]).differences).toEqual([{ field: 'trip.fare', ours: 1100, bureau: 1200 }]);
	});

	test('a paper train ticket is refused before anything is sent', async () => {
		const { output } = await run([{ json: { invoiceType: 'railway_ticket', invoiceNumber: 'E052481', issueDate: '2019-01-08', totalAmount: 553 } }], { continueOnFail: true });
		expect(String(output[0][0].json.error)).toContain('paper ticket');
		expect(emulator.verifyRequests()).toHaveLength(0);
	});

	test('not found, mismatch and same-day are results, not failures, and are never retried', async () => {
		const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
		const { output, logs } = await run([
			canonical('专票, genuine', { invoiceNumber: '99999999' }),
			canonical('电子普票, genuine', { checkCode: '00000000000000999999' }),
			canonical('数电 普票, genuine', { invoiceNumber: '25442000000055555555', issueDate: today }),
		]);
		expect(output[0].map((o) => verificationOf(o).status)).toEqual(['not_found', 'mismatch', 'not_yet_available']);
		expect(String(verificationOf(output[0][1]).message)).toContain('FailedOperation.InvoiceMismatch');
		expect(emulator.verifyRequests()).toHaveLength(3);
		expect(logs.filter((l) => l.includes('Retrying'))).toEqual([]);
	});

	test('differences between our reading and the bureau: amounts to the cent, names after trimming', async () => {
		const { output } = await run([
			canonical('专票, genuine', { taxAmount: 260.001, totalAmount: 2261, buyerName: `  ${BUYER.name} `, sellerName: '别的公司' }),
		]);
		const verification = verificationOf(output[0][0]);
		expect(verification.status).toBe('genuine');
		expect(verification.differences).toEqual([
			{ field: 'sellerName', ours: '别的公司', bureau: SELLER.name },
			{ field: 'totalAmount', ours: 2261, bureau: 2260 },
		]);
	});

	test('flat columns for sheets', async () => {
		const { output } = await run([canonical('专票, genuine', { totalAmount: 2261 }), canonical('专票, red-flushed')], {
			nodeOptions: { outputFormat: 'flat' },
		});
		const [a, b] = output[0].map((o) => o.json);
		expect(a).not.toHaveProperty('verification');
		expect(a).toMatchObject({ verificationStatus: 'genuine', differences: 'totalAmount: 2261.00 ≠ 2260.00', verificationRequestId: expect.any(String) });
		expect(Date.parse(String(a.verifiedAt))).not.toBeNaN();
		expect(b).toMatchObject({ verificationStatus: 'red_flushed', differences: '' });
	});

	test('expressions override the item fields', async () => {
		const inv = knownInvoice('专票, genuine');
		const { output } = await run([{ json: { 发票号码: inv.number, 发票代码: inv.code, 开票日期: '2024年11月05日', 金额: '¥2,000.00' } }], {
			parameters: {
				invoiceKind: '01',
				invoiceNumber: (_i: number, item: INodeExecutionData) => item.json['发票号码'],
				invoiceCode: (_i: number, item: INodeExecutionData) => item.json['发票代码'],
				issueDate: (_i: number, item: INodeExecutionData) => item.json['开票日期'],
				amountWithoutTax: (_i: number, item: INodeExecutionData) => item.json['金额'],
			},
		});
		expect(verificationOf(output[0][0]).status).toBe('genuine');
		expect(emulator.verifyRequests()[0].params).toEqual({ InvoiceCode: inv.code, InvoiceNo: inv.number, InvoiceDate: inv.date, InvoiceKind: '01', Amount: '2000.00' });
	});

	test('an invoice without a number is never sent: the node fails before any request, naming the field', async () => {
		const result = run([canonical('专票, genuine'), canonical('电子普票, genuine', { invoiceNumber: null })]);
		const error = await runExpectingError(result);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Item 1: the invoice has no invoiceNumber, which every verification needs');
		expect(error.description).toMatch(/Nothing was sent/);
		expect(emulator.verifyRequests()).toEqual([]);
		expect(emulator.stats().total).toBe(0);
	});

	test('continue on fail: a refused invoice comes out as an error item with status error, the others are checked', async () => {
		const { output, requests } = await run(
			[canonical('电子普票, genuine', { checkCode: null }), canonical('通行费, genuine'), canonical('专票, genuine', { invoiceNumber: '' })],
			{ continueOnFail: true },
		);
		const out = output[0];
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json).toMatchObject({ error: expect.stringContaining('Item 0: the invoice has no checkCode'), code: 'MissingField', invoiceNumber: '10000001' });
		expect(verificationOf(out[0])).toMatchObject({ status: 'error', invoice: null, differences: [] });
		expect(verificationOf(out[1]).status).toBe('genuine');
		expect(out[2].json).toMatchObject({ code: 'MissingField', error: expect.stringContaining('invoiceNumber') });
		expect(requests).toHaveLength(1);
		expect(emulator.verifyRequests()).toHaveLength(1);
	});

	test('the same invoice twice in one run is checked once; both items get the verdict, each with its own differences', async () => {
		const { output, requests } = await run([canonical('专票, genuine'), canonical('通行费, genuine'), canonical('专票, genuine', { totalAmount: 2261 })]);
		expect(requests).toHaveLength(2);
		expect(emulator.verifyRequests()).toHaveLength(2);
		const [a, , c] = output[0].map(verificationOf);
		expect([a.status, c.status]).toEqual(['genuine', 'genuine']);
		expect(a.requestId).toBe(c.requestId);
		expect(a.differences).toEqual([]);
		expect(c.differences).toEqual([{ field: 'totalAmount', ours: 2261, bureau: 2260 }]);
	});

	test('CountLimitError: a clear error with a fix, not retried', async () => {
		// One run checks an invoice once, so the limit is reached over runs: five runs check it, the sixth
		// check of the day gets CountLimitError from the emulator.
		for (let i = 0; i < 5; i++) await run([canonical('专票, genuine')]);
		const items = [canonical('专票, genuine'), canonical('通行费, genuine')];
		const { output, logs } = await run(items, { continueOnFail: true });
		expect(output[0].map((o) => verificationOf(o).status)).toEqual(['error', 'genuine']);
		const failed = output[0][0];
		expect(failed.json.code).toBe('FailedOperation.CountLimitError');
		expect(String(failed.json.error)).toContain('Tencent Cloud VatInvoiceVerifyNew returned FailedOperation.CountLimitError');
		expect(String(failed.json.hint)).toMatch(/5 times today/);
		expect(logs.filter((l) => l.includes('Retrying'))).toEqual([]);

		const error = await runExpectingError(run([canonical('通行费, genuine'), canonical('专票, genuine')]));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/^Item 1: Tencent Cloud VatInvoiceVerifyNew returned FailedOperation.CountLimitError/);
		expect(error.description).toMatch(/tomorrow.*Request id: /);
	});

	test('TaxNetworkError is retried; a throttled check is sent again without spending a retry (the shared limiter)', async () => {
		emulator.setFaults([
			{ kind: 'error', api: 'tencent:VatInvoiceVerifyNew', code: 'ResourceUnavailable.TaxNetworkError', count: 1 },
			{ kind: 'throttle', api: 'tencent:VatInvoiceVerifyNew', count: 1 },
		]);
		const { output, logs } = await run([canonical('通行费, genuine'), canonical('专票, genuine')]);
		expect(output[0].map((o) => verificationOf(o).status)).toEqual(['genuine', 'genuine']);
		expect(logs.filter((l) => l.includes('Retrying'))).toEqual([expect.stringContaining('ResourceUnavailable.TaxNetworkError')]);
		expect(logs.filter((l) => l.includes('Throttled: sending an invoice verification again'))).toHaveLength(1);
	});

	test('InArrears: an error naming the code with the fix (top up)', async () => {
		emulator.setFaults([{ kind: 'error', api: 'tencent:VatInvoiceVerifyNew', code: 'ResourceUnavailable.InArrears' }]);
		const error = await runExpectingError(run([canonical('通行费, genuine')]));
		expect(error.message).toContain('ResourceUnavailable.InArrears');
		expect(error.description).toMatch(/Top up/);
	});

	test('no credential: one clear error, nothing sent', async () => {
		const error = await runExpectingError(run([canonical('通行费, genuine')], { noCredential: true }));
		expect(error.message).toMatch(/No usable Tencent Cloud API credential/);
		expect(emulator.stats().total).toBe(0);
	});

	test('the secret key appears in no output, error or log', async () => {
		const secret = emulator.keys.tencent[0].secretKey;
		const { output, logs } = await run(
			[canonical('专票, genuine'), canonical('专票, genuine', { invoiceNumber: '99999999' }), canonical('电子普票, genuine', { checkCode: null })],
			{ continueOnFail: true },
		);
		expect(JSON.stringify(output)).not.toContain(secret);
		expect(logs.join('\n')).not.toContain(secret);
	});
});

describe('Verify Invoice node description', () => {
	const description = new VerifyInvoice().description;

	test('usable as a tool, one Tencent credential, fields read from the item by default', () => {
		expect(description.name).toBe('verifyInvoice');
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([expect.objectContaining({ name: 'tencentCloudApi', required: true })]);
		for (const name of FIELD_NAMES) {
			expect(description.properties.find((p) => p.name === name)?.default).toBe(`={{ $json.${name} }}`);
		}
	});
});
