import {
	CHINESE_INVOICE_COLUMNS,
	INVOICE_FIELDS,
	normalizeInvoice,
	toInvoiceRow,
	toLineItemRows,
	type CanonicalInvoice,
} from '../../../../nodes/core/invoice/normalize';
import { readJsonFixture } from '../../../support/files';

function ofdExample(): CanonicalInvoice {
	return normalizeInvoice(readJsonFixture('tencent', 'VerifyOfdVatInvoiceOCR.response.json'));
}

function qiniuExample(): CanonicalInvoice {
	return normalizeInvoice(readJsonFixture('providers', 'qiniu-vat-invoice-ocr.response.json'));
}

/** The flat trip columns of an invoice without a trip. */
const NO_TRIP_COLUMNS = {
	tripPassenger: null,
	tripIdNumber: null,
	tripTravelDate: null,
	tripDepartureTime: null,
	tripTrainNumber: null,
	tripFlightNumber: null,
	tripFrom: null,
	tripTo: null,
	tripSeatClass: null,
	tripSeat: null,
	tripFare: null,
	tripFuelSurcharge: null,
	tripCivilAviationFund: null,
	tripOtherTaxes: null,
	tripInsurance: null,
	tripTicketNumber: null,
	tripDeductibleTax: null,
	tripDeductibleTaxBasis: null,
};

const NO_CHINESE_TRIP = {
	'乘车人/旅客': null,
	证件号: null,
	出行日期: null,
	出发时间: null,
	'车次/航班号': null,
	出发地: null,
	到达地: null,
	'席别/舱位': null,
	座位: null,
	票价: null,
	燃油附加费: null,
	民航发展基金: null,
	其他税费: null,
	保险费: null,
	电子客票号: null,
	可抵扣税额: null,
	可抵扣税额依据: null,
};

describe('one row per invoice', () => {
	test('English names: the canonical invoice itself, as a copy', () => {
		const invoice = qiniuExample();
		const row = toInvoiceRow(invoice);
		expect(row).toEqual(invoice);
		expect(row).not.toBe(invoice);
		expect(row.lineItems).not.toBe(invoice.lineItems);
		expect(Object.keys(row)).toEqual([...INVOICE_FIELDS, 'trip', 'specificBusiness', 'lineItems', 'dedupKey', 'warnings']);
	});

	test('line items as one JSON text cell', () => {
		const invoice = qiniuExample();
		const row = toInvoiceRow(invoice, { lineItemsFormat: 'jsonString' });
		expect(typeof row.lineItems).toBe('string');
		expect(JSON.parse(row.lineItems as string)).toEqual(invoice.lineItems);
	});

	test('Chinese names, for the line items too', () => {
		const row = toInvoiceRow(qiniuExample(), { columnNames: 'chinese' });
		expect(row).toEqual({
			数据来源: 'qiniu-vat',
			发票类型: 'vat_electronic_common',
			发票名称: 'XX增值税电子普通发票',
			发票代码: '011002000611',
			发票号码: '10178760',
			开票日期: '2020-12-14',
			校验码: '16649652847559064366',
			机器编号: '499098491560',
			购买方名称: '北京字跳网络技术有限公司',
			购买方纳税人识别号: '91110108MA01F2L25J',
			购买方地址电话: null,
			购买方开户行及账号: null,
			销售方名称: '北京滴滴出行科技有限公司',
			销售方纳税人识别号: '91110108MA01G0FB09',
			销售方地址电话: '北京市海淀区东北旺西路8号院34号楼二层208号010-62682929',
			销售方开户行及账号: '招商银行股份有限公司北京东三环支行110936504210806',
			合计金额: 73.92,
			合计税额: null,
			价税合计: 73.92,
			'价税合计(大写)': '柒拾叁圆玖角贰分',
			备注: null,
			开票人: '杜洪亮',
			收款人: '张雪丽',
			复核: '蔡静',
			红字: false,
			原发票号码: null,
			原发票代码: null,
			...NO_CHINESE_TRIP,
			特定业务: null,
			明细: [
				{
					项目名称: '*运输服务*客运服务费',
					规格型号: '无',
					单位: '次',
					数量: 1,
					单价: 73.92,
					金额: 73.92,
					税率: null,
					'税率(票面)': '免税',
					税额: null,
				},
			],
			去重键: '011002000611-10178760',
			校验提示: [],
		});
	});

	test('Chinese column names are all different', () => {
		const names = Object.values(CHINESE_INVOICE_COLUMNS);
		expect(new Set(names).size).toBe(names.length);
	});
});

describe('one row per line item', () => {
	test('the invoice fields on every row, lineNo from 1, the line fields prefixed', () => {
		const invoice = ofdExample();
		const rows = toLineItemRows(invoice);
		expect(rows).toHaveLength(3);
		const { lineItems, trip, specificBusiness, ...invoiceFields } = invoice;
		expect(trip).toBeNull();
		expect(specificBusiness).toBeNull();
		rows.forEach((row, i) => {
			expect(row).toEqual({
				...invoiceFields,
				...NO_TRIP_COLUMNS,
				specificBusinessKind: null,
				lineNo: i + 1,
				lineName: '*餐饮服务*餐费',
				lineSpecification: null,
				lineUnit: '次',
				lineQuantity: -4,
				lineUnitPrice: 25,
				lineAmount: -100,
				lineTaxRate: 0.06,
				lineTaxRateText: '6%',
				lineTaxAmount: -6,
			});
			expect(row).not.toHaveProperty('lineItems');
			expect(lineItems[i].name).toBe(row.lineName);
		});
		expect(rows[0].warnings).not.toBe(rows[1].warnings);
	});

	test('an invoice without lines still gives one row', () => {
		const invoice = { ...qiniuExample(), lineItems: [] };
		const rows = toLineItemRows(invoice);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ invoiceNumber: '10178760', lineNo: null, lineName: null, lineAmount: null });
	});

	test('Chinese names', () => {
		const [row] = toLineItemRows(qiniuExample(), { columnNames: 'chinese' });
		expect(row).toMatchObject({
			发票代码: '011002000611',
			发票号码: '10178760',
			开票日期: '2020-12-14',
			购买方名称: '北京字跳网络技术有限公司',
			行号: 1,
			项目名称: '*运输服务*客运服务费',
			规格型号: '无',
			单位: '次',
			数量: 1,
			单价: 73.92,
			金额: 73.92,
			税率: null,
			'税率(票面)': '免税',
			税额: null,
		});
		expect(Object.keys(row)).toHaveLength(INVOICE_FIELDS.length + 2 + 10 + 17 + 1);
	});
});

describe('warnings as one text cell', () => {
	test('invoice rows and line-item rows, English and Chinese', () => {
		const invoice = ofdExample();
		expect(invoice.warnings.length).toBeGreaterThan(1);
		const joined = invoice.warnings.join('; ');
		expect(toInvoiceRow(invoice, { warningsFormat: 'text' }).warnings).toBe(joined);
		expect(toInvoiceRow(invoice, { warningsFormat: 'text', columnNames: 'chinese' })[CHINESE_INVOICE_COLUMNS.warnings]).toBe(joined);
		const rows = toLineItemRows(invoice, { warningsFormat: 'text' });
		expect(rows.length).toBeGreaterThan(1);
		for (const row of rows) expect(row.warnings).toBe(joined);
		expect(toLineItemRows(invoice, { warningsFormat: 'text', columnNames: 'chinese' })[1][CHINESE_INVOICE_COLUMNS.warnings]).toBe(joined);
		// The default stays an array.
		expect(toLineItemRows(invoice)[0].warnings).toEqual(invoice.warnings);
	});

	test('no warnings: an empty text, so the column is always there', () => {
		const invoice = qiniuExample();
		expect(invoice.warnings).toEqual([]);
		expect(toInvoiceRow(invoice, { warningsFormat: 'text' }).warnings).toBe('');
	});
});
