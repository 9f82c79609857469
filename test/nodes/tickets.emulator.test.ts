/**
 * Railway and air tickets end to end at node level: VAT Invoice OCR (Tencent Cloud General Invoice)
 * against the provider emulator, which answers each image with a ticket of test/emulator/tickets.js
 * (a fixture rule per file hash), then Normalize Invoice in line-item mode with Chinese columns.
 */
import { createHash } from 'node:crypto';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { TencentCloudApi } from '../../credentials/TencentCloudApi.credentials';
import { NormalizeInvoice } from '../../nodes/NormalizeInvoice/NormalizeInvoice.node';
import { VatInvoiceOcr } from '../../nodes/VatInvoiceOcr/VatInvoiceOcr.node';
import { startEmulator } from '../emulator/server';
import { generalTicketAnswer } from '../emulator/tickets';
import { binaryItem, runNode } from '../helpers/nodeHarness';
import { outputOf } from '../helpers/outcomes';
import { readFixture } from '../support/files';

const JPEG = readFixture('images', 'guanshuicheng_invoice_vat-special-paper.jpg');

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
	await emulator.close();
});

test('a paper train ticket and a 数电 air itinerary: OCR items → canonical rows with trip columns', async () => {
	// Two distinct files (the same photo with a different tail), each mapped to its ticket answer.
	const train = Buffer.concat([JPEG, Buffer.from('#train')]);
	const air = Buffer.concat([JPEG, Buffer.from('#air')]);
	const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
	emulator.setFixtures([
		{ sha256: sha(train), api: 'tencent:RecognizeGeneralInvoice', response: generalTicketAnswer('TrainTicket').Response },
		{ sha256: sha(air), api: 'tencent:RecognizeGeneralInvoice', response: generalTicketAnswer('ElectronicFlightTicketFull').Response },
	]);
	const key = emulator.keys.tencent[0];
	const ocr = outputOf(
		await runNode(new VatInvoiceOcr(), {
			items: [binaryItem({ data: { data: train, fileName: 'train.jpg' } }), binaryItem({ data: { data: air, fileName: 'air.jpg' } })],
			parameters: { provider: 'tencentGeneral', inputType: 'binary', binaryMode: 'named', binaryPropertyName: 'data', pdfPages: 'first', simplify: true, options: { retryDelay: 1, keepBinary: false } },
			continueOnFail: false,
			credentials: { tencentCloudApi: { secretId: key.secretId, secretKey: key.secretKey, region: 'ap-guangzhou', endpoint: emulator.url } },
			credentialTypes: { tencentCloudApi: new TencentCloudApi() },
		}),
	);
	expect(ocr.map((o) => [o.json.fileName, o.json.SubType, o.pairedItem])).toEqual([
		['train.jpg', 'TrainTicket', { item: 0 }],
		['air.jpg', 'ElectronicFlightTicketFull', { item: 1 }],
	]);

	const { output } = await runNode(new NormalizeInvoice(), {
		items: ocr.map((o): INodeExecutionData => ({ json: o.json })),
		parameters: { outputMode: 'lineItem', sourceField: '', options: { columnNames: 'chinese' } },
		continueOnFail: false,
	});
	const rows = output[0].map((o) => o.json as IDataObject);
	expect(rows).toHaveLength(2);
	expect(rows[0]).toMatchObject({
		发票类型: 'railway_ticket',
		发票号码: 'E052481',
		价税合计: 553,
		'乘车人/旅客': '王五',
		证件号: '1101011990****1234',
		出行日期: '2019-01-08',
		出发时间: '14:38',
		'车次/航班号': 'G1',
		出发地: '北京南',
		到达地: '上海虹桥',
		'席别/舱位': '二等座',
		座位: '05车12F号',
		票价: 553,
		电子客票号: null,
		可抵扣税额: 45.66,
		可抵扣税额依据: 'rule',
		红字: false,
		原发票号码: null,
		行号: null,
	});
	expect(rows[1]).toMatchObject({
		发票类型: 'air_itinerary',
		发票号码: '24449130000000067890',
		'乘车人/旅客': '李四',
		'车次/航班号': 'CA1304',
		出发地: '深圳',
		到达地: '北京',
		'席别/舱位': '经济舱',
		票价: 1200,
		燃油附加费: 60,
		民航发展基金: 50,
		电子客票号: '7812345678901',
		可抵扣税额: 104.04,
		可抵扣税额依据: 'printed',
	});
});
