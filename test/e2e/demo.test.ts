// The example workflows in a real n8n (1.x by default; N8N_E2E_VERSION=2 for 2.x): folder-to-excel.json
// runs on the 8 sample OFD invoices and the xlsx it writes is read back cell by cell (SheetJS, the xlsx
// devDependency); the mailbox and AI-agent examples import and read back as saved. One n8n execution.
import { copySamples, declaredParameters, exportWorkflow, loadExample, readXlsxRows, removeDirs, runFolderToExcel } from '../../scripts/demo';

type Run = Awaited<ReturnType<typeof runFolderToExcel>>;
type Row = Record<string, unknown>;

const MINUTE = 60 * 1000;

/** The canonical line-item row (docs/contract.md), in the order Normalize Invoice emits it. */
const COLUMNS = [
	'source',
	'invoiceType',
	'invoiceTitle',
	'invoiceCode',
	'invoiceNumber',
	'issueDate',
	'checkCode',
	'machineNumber',
	'buyerName',
	'buyerTaxId',
	'buyerAddressPhone',
	'buyerBankAccount',
	'sellerName',
	'sellerTaxId',
	'sellerAddressPhone',
	'sellerBankAccount',
	'amountWithoutTax',
	'taxAmount',
	'totalAmount',
	'totalAmountInWords',
	'remarks',
	'drawer',
	'payee',
	'reviewer',
	'isRedLetter',
	'originalInvoiceNumber',
	'originalInvoiceCode',
	'tripPassenger',
	'tripIdNumber',
	'tripTravelDate',
	'tripDepartureTime',
	'tripTrainNumber',
	'tripFlightNumber',
	'tripFrom',
	'tripTo',
	'tripSeatClass',
	'tripSeat',
	'tripFare',
	'tripFuelSurcharge',
	'tripCivilAviationFund',
	'tripOtherTaxes',
	'tripInsurance',
	'tripTicketNumber',
	'tripDeductibleTax',
	'tripDeductibleTaxBasis',
	'specificBusinessKind',
	'dedupKey',
	'warnings',
	'lineNo',
	'lineName',
	'lineSpecification',
	'lineUnit',
	'lineQuantity',
	'lineUnitPrice',
	'lineAmount',
	'lineTaxRate',
	'lineTaxRateText',
	'lineTaxAmount',
];

/**
 * Per sample, as test/core/ofd/samples.test.ts and test/nodes/OfdInvoiceOcr.test.ts write them out
 * (dates there as printed, 2022年05月05日; amounts as strings): the first line here is the line those
 * tests check (the 999 and Baiwang samples repeat one line 100 times, summing to the exclusive total).
 */
const SAMPLES: Record<
	string,
	{ code: string | null; number: string; date: string; seller: string; exclusive: number; tax: number | null; total: number; lines: number; line: { name: string; amount: number; tax: number | null } }
> = {
	'easyofd_zengzhishui-dianzi-zhuanpiao5_vat-e-special-2022.ofd': {
		code: '052002100113',
		number: '00008006',
		date: '2022-05-05',
		seller: '独山县城南网格刘梦阳通讯店',
		exclusive: 24519.05,
		tax: 735.57,
		total: 25254.62,
		lines: 1,
		line: { name: '*经纪代理服务*经纪代理服务', amount: 24519.05, tax: 735.57 },
	},
	'ofdrw_converter_1_vat-e-common-suwell-2020.ofd': {
		code: '033002000211',
		number: '83089647',
		date: '2020-07-23',
		seller: '兰溪市悦济舫餐厅',
		exclusive: 510.68,
		tax: 15.32,
		total: 526,
		lines: 1,
		line: { name: '*餐饮服务*餐费', amount: 510.68, tax: 15.32 },
	},
	'ofdrw_converter_20240531141733_shudian-full-digital-2024.ofd': {
		code: null,
		number: '24112000000048542163',
		date: '2024-05-28',
		seller: '北京互联三六五科技有限公司',
		exclusive: 4197.17,
		tax: 251.83,
		total: 4449,
		lines: 1,
		line: { name: '*信息技术服务*技术服务费', amount: 4197.17, tax: 251.83 },
	},
	'ofdrw_converter_999_vat-e-common-multipage-huhuang-2020.ofd': {
		code: '050001700111',
		number: '12235358',
		date: '2020-08-05',
		seller: '财天下科技有限公司',
		exclusive: 10000,
		tax: 600,
		total: 10600,
		lines: 100,
		line: { name: '*餐饮服务*餐费', amount: 100, tax: 6 },
	},
	'ofdrw_converter_SignScaleError_vat-e-common-nuonuo-xbrl-2022.ofd': {
		code: '033002200211',
		number: '99934328',
		date: '2022-09-01',
		seller: '杭州融运科技有限公司',
		exclusive: 9.91,
		tax: 1.29,
		total: 11.2,
		lines: 1,
		line: { name: '*金属制品*A系列一字形螺丝批3.2x75MM', amount: 9.91, tax: 1.29 },
	},
	'ofdrw_converter_draw_param_ref_vat-e-common-baiwang-test-2020.ofd': {
		code: '011002680026',
		number: '71500013',
		date: '2020-02-20',
		seller: 'ukey测试',
		exclusive: 9709,
		tax: 291,
		total: 10000,
		lines: 100,
		line: { name: '*谷物*稻谷', amount: 97.09, tax: 2.91 },
	},
	'ofdrw_layout_no_page_container_vat-e-common-taxexempt-2020.ofd': {
		code: '031001900511',
		number: '04875996',
		date: '2020-04-20',
		seller: '上海阿金大白餐饮管理有限公司',
		exclusive: 57,
		tax: null,
		total: 57,
		lines: 1,
		line: { name: '*餐饮服务*餐饮服务', amount: 57, tax: null },
	},
	// Page text only (no structured data); code, number and tax ids masked by the publisher.
	'ofdrw_ofdrw_csfapiao1_hubei-wuhan-metro-MASKED_vat-e-common.ofd': {
		code: '000000000000',
		number: '00000000',
		date: '2024-11-07',
		seller: '武汉地铁集团有限公司',
		exclusive: 11.92,
		tax: 1.08,
		total: 13,
		lines: 3,
		line: { name: '*运输服务*城市轨道交通服务', amount: 2.75, tax: 0.25 },
	},
};

const cents = (n: unknown): number => Math.round(Number(n) * 100);

let result: Run | undefined;
let failure: unknown;
let sheet: ReturnType<typeof readXlsxRows>;
let sampleFiles: string[];
let tempDirs: string[] = [];

beforeAll(async () => {
	const input = copySamples();
	sampleFiles = input.files;
	tempDirs = [input.dir, `${input.dir}-out`];
	try {
		result = await runFolderToExcel({ version: undefined, inputDir: input.dir, outputDir: tempDirs[1], keepN8n: true });
		sheet = readXlsxRows(result.file);
	} catch (error) {
		failure = error;
	}
}, 30 * MINUTE);

afterAll(async () => {
	if (result && result.n8n) await result.n8n.cleanup();
	removeDirs(...tempDirs);
}, 2 * MINUTE);

function ran(): Run {
	if (failure) throw failure;
	if (!result) throw new Error('the folder-to-excel workflow did not run');
	return result;
}

function rowsOf(number: string): Row[] {
	return sheet.rows.filter((r: Row) => r.invoiceNumber === number);
}

test('folder-to-excel.json runs in n8n and writes one xlsx sheet', () => {
	const run = ran();
	expect(run.run.ok).toBe(true);
	expect(run.run.lastNodeExecuted).toBe('Write Excel file');
	expect(sampleFiles).toEqual(Object.keys(SAMPLES).sort());
	expect(run.run.items('Read OFD files')).toHaveLength(8);
	expect(run.run.items('OFD Invoice OCR')).toHaveLength(8);
	expect(sheet.sheetNames).toEqual(['Invoices']);
});

test('the header row has the English column names of a line-item row', () => {
	ran();
	// Warnings Format "text" keeps the checks in one column (an array would spread over warnings.0, warnings.1, …).
	expect(sheet.header).toEqual(COLUMNS);
});

test('one row per line item: 208 rows, 100 each for the 999 and Baiwang samples', () => {
	ran();
	const expected = Object.values(SAMPLES).reduce((sum, s) => sum + s.lines, 0);
	expect(expected).toBe(208);
	expect(sheet.rows).toHaveLength(expected);
	for (const s of Object.values(SAMPLES)) {
		const rows = rowsOf(s.number);
		expect(rows).toHaveLength(s.lines);
		expect(rows.map((r) => r.lineNo)).toEqual(Array.from({ length: s.lines }, (_, i) => i + 1));
		// the lines add up to the 合计金额
		expect(rows.reduce((sum, r) => sum + cents(r.lineAmount), 0)).toBe(cents(s.exclusive));
	}
});

test.each(Object.entries(SAMPLES))('%s: invoice fields and first line, cell by cell', (_file, s) => {
	ran();
	const rows = rowsOf(s.number);
	expect(rows.length).toBeGreaterThan(0);
	for (const row of rows) {
		// invoice numbers stay text (leading zeros kept), amounts are numbers
		expect(row).toMatchObject({
			source: 'ofd-local',
			invoiceCode: s.code,
			invoiceNumber: s.number,
			issueDate: s.date,
			sellerName: s.seller,
			amountWithoutTax: s.exclusive,
			taxAmount: s.tax,
			totalAmount: s.total,
			dedupKey: s.code ? `${s.code}-${s.number}` : s.number,
		});
	}
	expect(rows[0]).toMatchObject({ lineNo: 1, lineName: s.line.name, lineAmount: s.line.amount, lineTaxAmount: s.line.tax });
});

test('the checks reach the sheet as one text cell per row', () => {
	ran();
	for (const row of rowsOf('12235358')) {
		expect(row.warnings).toBe('sellerTaxId "91500102563638729E" fails the GB 32100 check character (expected 5)');
	}
	// A clean invoice has an empty cell (the xlsx reader gives undefined or '').
	for (const row of rowsOf('83089647')) expect(row.warnings ?? '').toBe('');
});

describe.each(['mailbox-to-sheet.json', 'mailbox-verify-to-sheet.json', 'mailbox-to-database.json', 'ai-agent-invoice-tool.json'])('examples/%s', (file) => {
	const workflow = loadExample(file);

	test("uses this package's nodes with parameters they declare", () => {
		const ours = workflow.nodes.filter((n: { type: string }) => n.type.startsWith('n8n-nodes-fapiao.'));
		expect(ours.length).toBeGreaterThan(0);
		for (const node of ours) {
			expect(node.typeVersion).toBe(1);
			const declared = declaredParameters(node.type);
			for (const key of Object.keys(node.parameters)) expect([node.name, key, declared.top.has(key)]).toEqual([node.name, key, true]);
			for (const key of Object.keys(node.parameters.options || {})) expect([node.name, key, declared.options.has(key)]).toEqual([node.name, key, true]);
		}
	});

	test(
		'imports into n8n with `n8n import:workflow` and reads back as saved',
		async () => {
			const run = ran();
			if (!run.n8n) throw new Error('no n8n kept');
			const id = await run.n8n.importWorkflow(workflow);
			const saved = await exportWorkflow(run.n8n, id);
			expect(saved.name).toBe(workflow.name);
			const nameAndType = (list: Array<{ name: string; type: string }>) =>
				list.map((n) => `${n.name} (${n.type})`).sort();
			expect(nameAndType(saved.nodes)).toEqual(nameAndType(workflow.nodes));
			expect(saved.connections).toEqual(workflow.connections);
		},
		5 * MINUTE,
	);
});
