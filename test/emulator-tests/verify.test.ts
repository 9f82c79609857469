// The emulator's VatInvoiceVerifyNew: requests signed by Tencent's own SDK (Sign.sign3), the known
// invoices answered with their status, the request rules enforced (mismatch when broken), same-day,
// 5-a-day and throttling; and the node's request rules (nodes/core/invoice/verify.ts) agree with it for every
// known invoice.
import Sign from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign';

import { buildVerifyParams, type VerifyInput } from '../../nodes/core/invoice/verify';
import { nowSeconds, rawRequest } from '../emulator/client';
import { DEMO_KEYS, startEmulator } from '../emulator/server';
import { chinaDate, KNOWN_INVOICES, SELLER } from '../emulator/verify';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
type Reply = Awaited<ReturnType<typeof rawRequest>>;

let emu: Emulator;

beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
});
afterAll(async () => {
	await emu.close();
});
beforeEach(() => emu.reset());

async function verify(payload: Record<string, unknown>): Promise<Reply> {
	const host = 'ocr.tencentcloudapi.com';
	const key = DEMO_KEYS.tencent[0];
	const timestamp = nowSeconds();
	const headers: Record<string, string> = {
		'Content-Type': 'application/json',
		Host: host,
		'X-TC-Action': 'VatInvoiceVerifyNew',
		'X-TC-Timestamp': String(timestamp),
		'X-TC-Version': '2018-11-19',
		'X-TC-Region': 'ap-guangzhou',
	};
	headers.Authorization = Sign.sign3({
		method: 'POST',
		url: `https://${host}/`,
		payload,
		timestamp,
		service: 'ocr',
		secretId: key.secretId,
		secretKey: key.secretKey,
		multipart: false,
		boundary: '',
		headers,
	});
	return rawRequest({ url: `${emu.url}/`, headers, body: JSON.stringify(payload) });
}

const errorCode = (r: Reply): string | undefined => r.json?.Response?.Error?.Code;
const abandoned = (r: Reply): string | undefined => r.json?.Response?.Invoice?.IsAbandoned;

type Known = (typeof KNOWN_INVOICES)[number];

/** The canonical invoice Normalize Invoice would give for a known invoice. */
function canonicalOf(inv: Known): VerifyInput {
	const digital = inv.number.length === 20;
	const types: Record<string, string> = { '01': 'vat_special', '04': 'vat_common', '08': digital ? 'digital_special' : 'vat_electronic_special', '10': digital ? 'digital_common' : 'vat_electronic_common', '11': 'vat_roll', '14': 'toll', '32': 'vat_electronic_common' };
	return {
		invoiceType: types[inv.kind],
		invoiceTitle: inv.kind === '32' ? '深圳电子普通发票(区块链)' : null,
		invoiceCode: inv.code ?? null,
		invoiceNumber: inv.number,
		issueDate: inv.date,
		checkCode: inv.checkCode || null,
		amountWithoutTax: Number(inv.without),
		totalAmount: Number(inv.total),
		sellerTaxId: SELLER.taxId,
	};
}

describe('VatInvoiceVerifyNew in the emulator', () => {
	test.each(KNOWN_INVOICES.map((inv) => [inv.label, inv] as const))("%s: the node's request is accepted with the invoice's status", async (_label, inv) => {
		const params = buildVerifyParams(canonicalOf(inv));
		const reply = await verify(params as unknown as Record<string, unknown>);
		expect(errorCode(reply)).toBeUndefined();
		expect(abandoned(reply)).toBe(inv.status);
		expect(reply.json.Response.Invoice).toMatchObject({ Number: inv.number, AmountWithTax: inv.total });
		expect(typeof reply.json.Response.RequestId).toBe('string');
	});

	const shuDian = KNOWN_INVOICES.find((inv) => inv.label === '数电 普票, genuine') as Known;
	const special = KNOWN_INVOICES.find((inv) => inv.label === '专票, genuine') as Known;
	const common = KNOWN_INVOICES.find((inv) => inv.label === '电子普票, genuine') as Known;
	const toll = KNOWN_INVOICES.find((inv) => inv.label === '通行费, genuine') as Known;

	test.each<[string, Record<string, unknown>]>([
		['数电 with the amount without tax', { InvoiceNo: shuDian.number, InvoiceDate: shuDian.date, InvoiceKind: '10', Amount: shuDian.without }],
		['数电 with a code', { InvoiceNo: shuDian.number, InvoiceDate: shuDian.date, InvoiceKind: '10', Amount: shuDian.total, InvoiceCode: '044002000111' }],
		['数电 as 专票', { InvoiceNo: shuDian.number, InvoiceDate: shuDian.date, InvoiceKind: '08', Amount: shuDian.total }],
		['专票 with the total with tax', { InvoiceCode: special.code, InvoiceNo: special.number, InvoiceDate: special.date, InvoiceKind: '01', Amount: special.total }],
		['专票 with a check code instead of an amount', { InvoiceCode: special.code, InvoiceNo: special.number, InvoiceDate: special.date, InvoiceKind: '01', CheckCode: '123456' }],
		['普票 with the first 6 digits', { InvoiceCode: common.code, InvoiceNo: common.number, InvoiceDate: common.date, InvoiceKind: '10', CheckCode: '123456' }],
		['toll as 电子普票', { InvoiceCode: toll.code, InvoiceNo: toll.number, InvoiceDate: toll.date, InvoiceKind: '10', CheckCode: String(toll.checkCode).slice(-6) }],
		['a wrong date', { InvoiceCode: toll.code, InvoiceNo: toll.number, InvoiceDate: '2024-07-02', InvoiceKind: '14', CheckCode: String(toll.checkCode).slice(-6) }],
	])('%s: FailedOperation.InvoiceMismatch', async (_name, payload) => {
		expect(errorCode(await verify(payload))).toBe('FailedOperation.InvoiceMismatch');
	});

	test('an unknown invoice: ResourceNotFound.NoInvoice; a bad number: TicketSn', async () => {
		expect(errorCode(await verify({ InvoiceCode: special.code, InvoiceNo: '99999999', InvoiceDate: special.date, InvoiceKind: '01', Amount: '1.00' }))).toBe(
			'ResourceNotFound.NoInvoice',
		);
		expect(errorCode(await verify({ InvoiceCode: special.code, InvoiceNo: '123', InvoiceDate: special.date, InvoiceKind: '01', Amount: '1.00' }))).toBe(
			'InvalidParameterValue.TicketSnParameterValueLimit',
		);
	});

	test('a same-day invoice: NotSupportCurrentInvoiceQuery unless EnableTodayInvoice', async () => {
		const today = chinaDate(Date.now());
		const payload = { InvoiceNo: '25442000000055555555', InvoiceDate: today, InvoiceKind: '10', Amount: '1.00' };
		expect(errorCode(await verify(payload))).toBe('ResourceNotFound.NotSupportCurrentInvoiceQuery');
		expect(errorCode(await verify({ ...payload, EnableTodayInvoice: true }))).toBe('ResourceNotFound.NoInvoice');
	});

	test('the 6th check of one invoice on one day: FailedOperation.CountLimitError', async () => {
		const params = buildVerifyParams(canonicalOf(special)) as unknown as Record<string, unknown>;
		const codes: Array<string | undefined> = [];
		for (let i = 0; i < 6; i++) codes.push(errorCode(await verify(params)));
		expect(codes).toEqual([undefined, undefined, undefined, undefined, undefined, 'FailedOperation.CountLimitError']);
		// Another invoice is not affected.
		expect(errorCode(await verify(buildVerifyParams(canonicalOf(common)) as unknown as Record<string, unknown>))).toBeUndefined();
	});

	test('throttled like the other actions (20/s by default)', async () => {
		expect(emu.stats().apis['tencent:VatInvoiceVerifyNew']?.limit ?? emu.configure({}).rateLimits['tencent:VatInvoiceVerifyNew']).toBe(20);
		emu.configure({ rateLimits: { 'tencent:VatInvoiceVerifyNew': 1 } });
		const params = buildVerifyParams(canonicalOf(common)) as unknown as Record<string, unknown>;
		const codes = await Promise.all([verify(params), verify(params), verify(params)]).then((replies) => replies.map(errorCode));
		expect(codes.filter((c) => c === 'RequestLimitExceeded').length).toBeGreaterThanOrEqual(1);
	});

	test('every request is recorded with its result, also over the admin API', async () => {
		const params = buildVerifyParams(canonicalOf(toll)) as unknown as Record<string, unknown>;
		await verify(params);
		expect(emu.verifyRequests()).toEqual([{ params, result: 'ok:N' }]);
		const res = await fetch(`${emu.url}/__emulator/verify-requests`);
		expect(((await res.json()) as { requests: unknown[] }).requests).toEqual([{ params, result: 'ok:N' }]);
	});
});
