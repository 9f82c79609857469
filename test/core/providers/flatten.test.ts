import {
	META_KEYS,
	flattenQiniuVatInvoice,
	flattenRecognizeGeneralInvoice,
	flattenVatInvoiceOcr,
	flattenVerifyOfdVatInvoice,
	withMeta,
	type ResultMeta,
} from '../../../nodes/core/providers/flatten';
import { readJsonFixture } from '../../support/files';

const meta: ResultMeta = {
	provider: 'tencent',
	api: 'VatInvoiceOCR',
	fileName: 'a.png',
	mimeType: 'image/png',
	binaryProperty: 'data',
	sourceUrl: null,
	page: 1,
	pageCount: 1,
	requestId: 'r-1',
};

describe('VatInvoiceOCR', () => {
	const response = readJsonFixture('tencent', 'VatInvoiceOCR.response.json').Response;

	test('VatInvoiceInfos become a Name → Value object with Tencent names exactly, Items unchanged', () => {
		const flat = flattenVatInvoiceOcr(response);
		expect(Object.keys(flat)).toEqual(['VatInvoiceInfos', 'Items']);
		const infos = flat.VatInvoiceInfos as Record<string, string>;
		expect(Object.keys(infos)).toEqual(response.VatInvoiceInfos.map((i: { Name: string }) => i.Name));
		expect(Object.keys(infos)).toHaveLength(52);
		expect(infos['发票号码']).toBe('No63591128');
		expect(infos['合计金额']).toBe('¥87.28');
		expect(infos['价税合计(大写)']).toBe('捌拾玖圆玖角整');
		expect(infos['购买方地址、电话']).toBeDefined();
		expect(infos['密码区1']).toBeDefined();
		expect(flat.Items).toEqual(response.Items);
	});

	test('a repeated Name keeps its first value; odd entries are skipped', () => {
		const flat = flattenVatInvoiceOcr({
			VatInvoiceInfos: [
				{ Name: '发票代码', Value: '111' },
				{ Name: '发票代码', Value: '222' },
				{ Name: '税额', Value: null },
				{ Name: '__proto__', Value: 'x' },
				{ Name: 'constructor', Value: 'c' },
				null,
				{ Value: 'no name' },
			],
		});
		expect(flat.VatInvoiceInfos).toEqual({ 发票代码: '111', 税额: '', constructor: 'c' });
		expect(flat.Items).toEqual([]);
	});
});

describe('RecognizeGeneralInvoice', () => {
	const response = readJsonFixture('tencent', 'RecognizeGeneralInvoice.response.json').Response;

	test('one result per invoice: the SubType payload spread, line arrays kept, type keys added', () => {
		const results = flattenRecognizeGeneralInvoice(response);
		expect(results).toHaveLength(1);
		const [first] = results;
		expect(first.ok).toBe(true);
		const { fields, page } = first as { fields: Record<string, unknown>; page: number };
		const payload = response.MixedInvoiceItems[0].SingleInvoiceInfos.VatSpecialInvoice;
		expect(page).toBe(1);
		expect(fields).toEqual({
			...payload,
			Type: 3,
			SubType: 'VatSpecialInvoice',
			TypeDescription: '增值税发票',
			SubTypeDescription: '增值税专用发票',
		});
		expect(Array.isArray(fields.VatInvoiceItemInfos)).toBe(true);
		expect(fields.Number).toBe('14998456');
	});

	test('an item whose Code is not OK is a failed result with the code and a hint; the others still come out', () => {
		const ok = response.MixedInvoiceItems[0];
		const results = flattenRecognizeGeneralInvoice({
			MixedInvoiceItems: [
				ok,
				{
					Code: 'FailedOperation.UnsupportedInvoice',
					Type: -1,
					SubType: 'OtherInvoice',
					TypeDescription: '其他',
					SubTypeDescription: '其他发票',
					Page: 2,
					SingleInvoiceInfos: {},
				},
			],
		});
		expect(results.map((r) => r.ok)).toEqual([true, false]);
		expect(results[1]).toMatchObject({
			ok: false,
			page: 2,
			code: 'FailedOperation.UnsupportedInvoice',
			type: -1,
			subType: 'OtherInvoice',
		});
		expect((results[1] as { hint: string }).hint).toMatch(/not supported/);
		expect((results[1] as { message: string }).message).toMatch(/page 2/);
	});

	test('when SingleInvoiceInfos[SubType] is null, the one non-null payload is used; QRCode is kept', () => {
		const [result] = flattenRecognizeGeneralInvoice({
			MixedInvoiceItems: [
				{
					Code: 'OK',
					Type: 16,
					SubType: 'SomethingNew',
					QRCode: '01,32,,24112000000048542163,4449.00,20240528,,B2B6',
					SingleInvoiceInfos: {
						VatElectronicInvoiceFull: { Number: '24112000000048542163', VatElectronicItems: [{ Name: 'x' }] },
						Other: null,
					},
				},
			],
		});
		expect(result).toMatchObject({
			ok: true,
			page: null,
			fields: {
				Number: '24112000000048542163',
				VatElectronicItems: [{ Name: 'x' }],
				Type: 16,
				QRCode: '01,32,,24112000000048542163,4449.00,20240528,,B2B6',
			},
		});
	});

	test('no MixedInvoiceItems → no results', () => {
		expect(flattenRecognizeGeneralInvoice({ RequestId: 'x' })).toEqual([]);
	});
});

describe('Qiniu and VerifyOfd', () => {
	test('Qiniu: license_main keys spread, entry kept as an array', () => {
		const body = readJsonFixture('providers', 'qiniu-vat-invoice-ocr.response.json');
		const flat = flattenQiniuVatInvoice(body);
		expect(flat).toEqual(body.data.license_main);
		expect(Array.isArray(flat.entry)).toBe(true);
		expect(flattenQiniuVatInvoice({ code: 10000 })).toEqual({});
	});

	test('VerifyOfd: the Response without RequestId, nested objects kept', () => {
		const response = readJsonFixture('tencent', 'VerifyOfdVatInvoiceOCR.response.json').Response;
		const flat = flattenVerifyOfdVatInvoice(response);
		expect(flat).not.toHaveProperty('RequestId');
		expect(flat.Buyer).toEqual(response.Buyer);
		expect(flat.GoodsInfos).toEqual(response.GoodsInfos);
		expect(Object.keys(flat)).toHaveLength(Object.keys(response).length - 1);
		expect(response.RequestId).toBeDefined();
	});
});

describe('metadata', () => {
	test('metadata keys first, in a fixed order, then the fields', () => {
		const out = withMeta({ 发票代码: '1', Items: [] }, meta);
		expect(Object.keys(out)).toEqual([...META_KEYS, '发票代码', 'Items']);
		expect(META_KEYS).toEqual([
			'provider',
			'api',
			'fileName',
			'mimeType',
			'binaryProperty',
			'sourceUrl',
			'page',
			'pageCount',
			'requestId',
		]);
	});

	test('a field named like a metadata key never overrides it; missing metadata is null', () => {
		const out = withMeta({ page: 'field', provider: 'field' }, { ...meta, sourceUrl: undefined as unknown as null });
		expect(out.page).toBe(1);
		expect(out.provider).toBe('tencent');
		expect(out.sourceUrl).toBeNull();
	});
});
