import { invoiceTypeCode, isAmountInWords, isQrText, isTitleCandidate, readOfdInvoice } from '../../../../nodes/core/read/ofd';
import { writeZip } from '../../../support/zip';

// Synthetic OFD files shaped like the real 数电 layout (ofdrw_converter_20240531141733...): the tag file
// lists one column per tag, the pages hold the text. They cover what the single real 数电 sample cannot:
// several lines, names wrapped over two or three lines, several pages, ¥ signs, and distractors.

const NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';

function text(id: number, x: number, y: number, value: string, size = 3.175): string {
	return `<ofd:TextObject ID="${id}" Boundary="${x} ${y} 30 4.5" Font="1" Size="${size}"><ofd:TextCode X="0" Y="3">${value}</ofd:TextCode></ofd:TextObject>`;
}

function page(objects: string[], templateId = '1'): string {
	return `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ${NS}><ofd:Template TemplateID="${templateId}"/><ofd:Content><ofd:Layer ID="900">${objects.join('')}</ofd:Layer></ofd:Content></ofd:Page>`;
}

function refs(pageRef: string, ...ids: number[]): string {
	return ids.map((id) => `<ofd:ObjectRef PageRef="${pageRef}">${id}</ofd:ObjectRef>`).join('');
}

function build(pages: string[], tags: string, extra: Array<{ name: string; data: string | Buffer }> = []) {
	const pageList = pages.map((_, i) => `<ofd:Page ID="${61 + i}" BaseLoc="Pages/Page_${i}/Content.xml"/>`).join('');
	return writeZip([
		{
			name: 'OFD.xml',
			data: `<ofd:OFD ${NS}><ofd:DocBody><ofd:DocInfo><ofd:CustomDatas><ofd:CustomData Name="购买方 纳税人识别号">91460300MAA92DJN95</ofd:CustomData></ofd:CustomDatas></ofd:DocInfo><ofd:DocRoot>/Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
		},
		{
			name: 'Doc_0/Document.xml',
			data: `<ofd:Document ${NS}><ofd:CommonData><ofd:TemplatePage ID="1" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData><ofd:Pages>${pageList}</ofd:Pages><ofd:CustomTags>Tags/CustomTags.xml</ofd:CustomTags></ofd:Document>`,
		},
		{
			name: 'Doc_0/Tpls/Tpl_0/Content.xml',
			data: page([text(3, 56, 8, '电子发票（普通发票）', 7.07), text(7, 154, 11, '发票号码：', 3.3), text(44, 16, 98, '价税合计（大写）')]),
		},
		...pages.map((content, i) => ({ name: `Doc_0/Pages/Page_${i}/Content.xml`, data: content })),
		{
			name: 'Doc_0/Tags/CustomTags.xml',
			data: `<ofd:CustomTags ${NS}><ofd:CustomTag TypeID="root"><ofd:FileLoc>CustomTag.xml</ofd:FileLoc></ofd:CustomTag></ofd:CustomTags>`,
		},
		{ name: 'Doc_0/Tags/CustomTag.xml', data: `<ofd:root ${NS}>${tags}</ofd:root>` },
		...extra,
	]);
}

describe('数电 column tags over the page text', () => {
	const first = page([
		text(10, 170, 10, '25442000000127444519'),
		text(11, 170, 16, '2025年03月07日'),
		text(12, 20, 34, '某某科技有限公司'),
		text(13, 120, 34, '某某服务有限公司'),
		text(14, 154, 43, '91440300MA5XXXXXX1'),
		// line 1: name over three lines
		text(20, 4.5, 56, '*信息技术服务*软件开'),
		text(21, 4.5, 60.5, '发服务费（第一期'),
		text(22, 4.5, 65, '）'),
		text(23, 127.5, 56.1, '10000.00'),
		text(24, 154, 56.1, '6%'),
		text(25, 179.5, 56.1, '600.00'),
		// line 2: one line, a unit and a quantity
		text(30, 4.5, 70, '*设备*服务器'),
		text(31, 66, 70, '台'),
		text(32, 77.5, 70.1, '2'),
		text(33, 102.5, 70.1, '5000'),
		text(34, 127.5, 70.1, '10000.00'),
		text(35, 154, 70.1, '13%'),
		text(36, 179.5, 70.1, '1300.00'),
		// totals, with ¥ as separate objects
		text(40, 127.5, 90.5, '¥'),
		text(41, 140, 90.5, '20000.00'),
		text(42, 179.5, 90.5, '¥'),
		text(43, 190, 90.5, '1900.00'),
		// two amount-in-words texts: a distractor in the note area and the real one next to the total
		text(50, 11, 110, '壹佰圆整'),
		text(51, 63, 96, '贰万壹仟玖佰圆整'),
		text(52, 155, 96, '¥'),
		text(53, 158, 96, '21900.00'),
	]);
	const second = page([
		// line 3 on page 2, sitting slightly above its amount (vertically centred amount)
		text(60, 4.5, 30, '*咨询服务*咨询'),
		text(61, 4.5, 34.5, '费'),
		text(62, 127.5, 32, '0.00'),
		text(63, 154, 32, '免税'),
		text(64, 179.5, 32, '***'),
	]);
	const tags =
		`<ofd:InvoiceNo>${refs('61', 10)}</ofd:InvoiceNo><ofd:IssueDate>${refs('61', 11)}</ofd:IssueDate>` +
		`<ofd:Buyer><ofd:BuyerName>${refs('61', 12)}</ofd:BuyerName></ofd:Buyer>` +
		`<ofd:Seller><ofd:SellerName>${refs('61', 13)}</ofd:SellerName><ofd:SellerTaxID>${refs('61', 14)}</ofd:SellerTaxID></ofd:Seller>` +
		`<ofd:TaxExclusiveTotalAmount>${refs('61', 40, 41)}</ofd:TaxExclusiveTotalAmount>` +
		`<ofd:TaxTotalAmount>${refs('61', 42, 43)}</ofd:TaxTotalAmount>` +
		`<ofd:TaxInclusiveTotalAmount>${refs('61', 52, 53)}</ofd:TaxInclusiveTotalAmount>` +
		`<ofd:Item>${refs('61', 20, 21, 22, 30)}${refs('62', 60, 61)}</ofd:Item>` +
		`<ofd:MeasurementDimension>${refs('61', 31)}</ofd:MeasurementDimension>` +
		`<ofd:Quantity>${refs('61', 32)}</ofd:Quantity><ofd:Price>${refs('61', 33)}</ofd:Price>` +
		`<ofd:Amount>${refs('61', 23, 34)}${refs('62', 62)}</ofd:Amount>` +
		`<ofd:TaxScheme>${refs('61', 24, 35)}${refs('62', 63)}</ofd:TaxScheme>` +
		`<ofd:TaxAmount>${refs('61', 25, 36)}${refs('62', 64)}</ofd:TaxAmount>`;

	test('lines, wrapped names, pages, totals, 大写, title, type and the CustomData fill-in', async () => {
		const invoice = await readOfdInvoice(build([first, second], tags));
		expect(invoice.OfdSource).toBe('custom-tags');
		expect(invoice.InvoiceNumber).toBe('25442000000127444519');
		expect(invoice.IssueDate).toBe('2025年03月07日');
		expect(invoice.Buyer.Name).toBe('某某科技有限公司');
		// Not tagged: filled from OFD.xml CustomData (whose name had a stray space).
		expect(invoice.Buyer.TaxId).toBe('91460300MAA92DJN95');
		expect(invoice.Seller.TaxId).toBe('91440300MA5XXXXXX1');
		expect(invoice.TaxExclusiveTotalAmount).toBe('20000.00');
		expect(invoice.TaxTotalAmount).toBe('1900.00');
		expect(invoice.TaxInclusiveTotalAmount).toBe('21900.00');
		expect(invoice.TaxInclusiveTotalAmountInWords).toBe('贰万壹仟玖佰圆整');
		expect(invoice.InvoiceTitle).toBe('电子发票（普通发票）');
		expect(invoice.Type).toBe('010');
		expect(invoice.PageCount).toBe(2);
		expect(invoice.GoodsInfos).toEqual([
			{
				Item: '*信息技术服务*软件开发服务费（第一期）',
				Specification: '',
				MeasurementDimension: '',
				Price: '',
				Quantity: '',
				Amount: '10000.00',
				TaxScheme: '6%',
				TaxAmount: '600.00',
			},
			{
				Item: '*设备*服务器',
				Specification: '',
				MeasurementDimension: '台',
				Price: '5000',
				Quantity: '2',
				Amount: '10000.00',
				TaxScheme: '13%',
				TaxAmount: '1300.00',
			},
			{
				Item: '*咨询服务*咨询费',
				Specification: '',
				MeasurementDimension: '',
				Price: '',
				Quantity: '',
				Amount: '0.00',
				TaxScheme: '免税',
				TaxAmount: '***',
			},
		]);
	});

	test('several lines inside one GoodsInfo are split by position too', async () => {
		const grouped =
			`<ofd:InvoiceNo>${refs('61', 10)}</ofd:InvoiceNo><ofd:GoodsInfos><ofd:GoodsInfo>` +
			`<ofd:Item>${refs('61', 20, 21, 22, 30)}</ofd:Item><ofd:Amount>${refs('61', 23, 34)}</ofd:Amount>` +
			`</ofd:GoodsInfo></ofd:GoodsInfos>`;
		const invoice = await readOfdInvoice(build([first], grouped));
		expect(invoice.GoodsInfos.map((l) => [l.Item, l.Amount])).toEqual([
			['*信息技术服务*软件开发服务费（第一期）', '10000.00'],
			['*设备*服务器', '10000.00'],
		]);
	});

	test('literal ObjectData values and references to missing objects', async () => {
		const literal =
			`<ofd:InvoiceNo><ofd:ObjectData>99999999</ofd:ObjectData></ofd:InvoiceNo>` +
			`<ofd:Note>${refs('61', 4040)}</ofd:Note><ofd:Payee>${refs('999', 12)}</ofd:Payee>`;
		const invoice = await readOfdInvoice(build([first], literal));
		expect(invoice.InvoiceNumber).toBe('99999999');
		expect(invoice.Note).toBe('');
		// A PageRef naming no page: the object is looked up on every page.
		expect(invoice.Payee).toBe('某某科技有限公司');
	});
});

test('an original_invoice.xml declared as GBK is decoded', async () => {
	const xml = Buffer.concat([
		Buffer.from('<?xml version="1.0" encoding="GBK"?><eInvoice xmlns:fp="x"><fp:InvoiceNo>12345678</fp:InvoiceNo><fp:Buyer><fp:BuyerName>', 'latin1'),
		Buffer.from([0xb8, 0xf6, 0xc8, 0xcb]), // 个人
		Buffer.from('</fp:BuyerName></fp:Buyer></eInvoice>', 'latin1'),
	]);
	const zip = build([page([])], '', [
		{ name: 'Doc_0/Attachs/original_invoice.xml', data: xml },
	]);
	const invoice = await readOfdInvoice(zip);
	// No Attachments.xml declares it: the reader still finds it under Attachs/.
	expect(invoice.OfdSource).toBe('original_invoice');
	expect(invoice.Buyer.Name).toBe('个人');
});

describe('text recognisers', () => {
	test('isAmountInWords', () => {
		for (const yes of ['壹万零陆佰圆整', '伍拾柒圆整', '贰万伍仟贰佰伍拾肆圆陆角贰分', '壹拾壹圆贰角', '拾圆整', '伍角', '叁分', '(负数)壹佰圆整', '⊗壹佰圆整', '壹 万 圆 整', 'ⓧ 肆佰伍拾陆圆整', '人民币壹佰圆整', '貳拾參圓陸角', '壹仟〇伍圆整', '（负数）叁拾圆零伍分']) {
			expect([yes, isAmountInWords(yes)]).toEqual([yes, true]);
		}
		for (const no of ['价税合计（大写）', '整', '圆整', '10600.00', '壹万零陆佰', '', '零圆', '伍拾柒圆', '壹佰圆整壹', '佰壹圆整', '大写金额']) {
			expect([no, isAmountInWords(no)]).toEqual([no, false]);
		}
	});

	test('isTitleCandidate', () => {
		expect(isTitleCandidate('浙江增值税电子普通发票')).toBe(true);
		expect(isTitleCandidate('电子发票（增值税专用发票）')).toBe(true);
		expect(isTitleCandidate('电子发票（铁路电子客票）')).toBe(true);
		expect(isTitleCandidate('发票代码：')).toBe(false);
		expect(isTitleCandidate('所属增值税电子普通发票代码：')).toBe(false);
		expect(isTitleCandidate('销售货物或者提供应税劳务、服务清单')).toBe(false);
		expect(isTitleCandidate('电子凭证')).toBe(false);
	});

	test('isQrText', () => {
		expect(isQrText('01,10,033002000211,83089647,510.68,20200723,16197833567414507415,0941,')).toBe(true);
		expect(isQrText('01,31,,24112000000048542163,4449.00,20240528,,B2B6')).toBe(true);
		expect(isQrText('iVBORw0KGgoAAAANSUhEUgAAAJQAAACUCAIAAAD6XpeDAAAC+UlEQVR42u3aUU7EMAwEUO5/aTgBEm1nHHd5')).toBe(false);
		expect(isQrText('')).toBe(false);
	});

	test('invoiceTypeCode: title first, else the QR type field', () => {
		expect(invoiceTypeCode('浙江增值税电子普通发票', null)).toBe('026');
		expect(invoiceTypeCode('贵州增值税电子专用发票', null)).toBe('028');
		expect(invoiceTypeCode('电子发票（普通发票）', null)).toBe('010');
		expect(invoiceTypeCode('电子发票（增值税专用发票）', null)).toBe('020');
		expect(invoiceTypeCode('电子发票（铁路电子客票）', null)).toBe('030');
		expect(invoiceTypeCode('电子发票（航空运输电子客票行程单）', null)).toBe('040');
		expect(invoiceTypeCode('', '01,20,052002100113,00008006,24519.05,20220505,18001801513030862041,88CD,')).toBe('028');
		expect(invoiceTypeCode('', '01,32,,23442000000014209621,112,20230215,,74AE')).toBe('010');
		expect(invoiceTypeCode('', null)).toBe('');
	});
});
