import { cleanAmount, findLabelsIn, isTaxRateText } from '../../../../nodes/core/read/layout';
import { isAmountText, isStarsText } from '../../../../nodes/core/read/layout/labels';
import { looseText } from '../../../../nodes/core/read/common/text';

const keys = (text: string) => findLabelsIn(looseText(text)).map((m) => m.key);

describe('label vocabulary', () => {
	test.each([
		['校验码:', 'check'],
		['校 验 码 ：', 'check'],
		['校  验   码:', 'check'],
		['发票代码 ：', 'code'],
		['发票号码：', 'number'],
		['名        称:', 'name'],
		['统一社会信用代码/纳税人识别号：', 'taxId'],
		['纳税人识别号:', 'taxId'],
		['地 址、电 话:', 'addrTel'],
		['地址、     电话:', 'addrTel'],
		['开户行及账号:', 'account'],
		['合    计', 'total'],
		['价税合计（大写）', 'words'],
		['价税合计 (大写）', 'words'],
		['（ 小 写 ）', 'inFigures'],
		['(小写)', 'inFigures'],
		['收 款 人:', 'payee'],
		['复  核:', 'checker'],
		['复核人：', 'checker'],
		['开 票 人:', 'clerk'],
	])('%s is the %s label', (text, key) => {
		expect(keys(text)).toEqual([key]);
	});

	test('a label never matches inside a longer word', () => {
		expect(keys('价税合计(大写)')).toEqual(['words']); // not also 合计
		expect(keys('购买方名称：北京XXX公司')).toEqual([]); // the air itinerary's 购买方名称 is not 名称
	});

	test('several labels on one line, left to right, with the value between them', () => {
		const text = looseText('收款人:王陆  复核:李思  开票人:王梅  销售方:(章)');
		expect(findLabelsIn(text).map((m) => m.key)).toEqual(['payee', 'checker', 'clerk', 'sellerSeal']);
	});
});

describe('values', () => {
	test.each([
		['¥ 272.25', '272.25'],
		['￥104.12', '104.12'],
		['¥-25.71', '-25.71'],
		['307.64', '307.64'],
	])('amount %s → %s (the printed decimals kept)', (printed, value) => {
		expect(isAmountText(printed)).toBe(true);
		expect(cleanAmount(printed)).toBe(value);
	});

	test('tax rates and the tax-exempt stars', () => {
		for (const rate of ['13%', '9%', '1.5%', '免税', '不征税', '13.00%']) expect(isTaxRateText(rate)).toBe(true);
		for (const other of ['13', '%', '104.12', '免']) expect(isTaxRateText(other)).toBe(false);
		expect(isStarsText(looseText('＊＊＊'))).toBe(true);
		expect(isStarsText('***')).toBe(true);
		expect(isStarsText('*')).toBe(false);
	});
});
