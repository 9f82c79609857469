/**
 * The local OFD reader (nodes/core/read/ofd) and this normalizer together, on every sample OFD file: the
 * reader's output as the OFD Invoice OCR node emits it becomes the invoice printed on the page.
 * Only the two demo invoices with broken seller tax ids get warnings.
 */
import { normalizeInvoice, type CanonicalInvoice } from '../../../../nodes/core/invoice/normalize';
import { readOfdInvoice } from '../../../../nodes/core/read/ofd';
import { readFixture } from '../../../support/files';

type Expected = Pick<
	CanonicalInvoice,
	'invoiceType' | 'invoiceTitle' | 'invoiceCode' | 'invoiceNumber' | 'issueDate' | 'amountWithoutTax' | 'taxAmount' | 'totalAmount' | 'totalAmountInWords' | 'warnings'
> & { lines: number };

const SAMPLES: Array<[string, Expected]> = [
	[
		'easyofd_zengzhishui-dianzi-zhuanpiao5_vat-e-special-2022.ofd',
		{ invoiceType: 'vat_electronic_special', invoiceTitle: '贵州增值税电子专用发票', invoiceCode: '052002100113', invoiceNumber: '00008006', issueDate: '2022-05-05', amountWithoutTax: 24519.05, taxAmount: 735.57, totalAmount: 25254.62, totalAmountInWords: '贰万伍仟贰佰伍拾肆圆陆角贰分', warnings: [], lines: 1 },
	],
	[
		'ofdrw_converter_1_vat-e-common-suwell-2020.ofd',
		{ invoiceType: 'vat_electronic_common', invoiceTitle: '浙江增值税电子普通发票', invoiceCode: '033002000211', invoiceNumber: '83089647', issueDate: '2020-07-23', amountWithoutTax: 510.68, taxAmount: 15.32, totalAmount: 526, totalAmountInWords: '伍佰贰拾陆圆整', warnings: [], lines: 1 },
	],
	[
		'ofdrw_converter_20240531141733_shudian-full-digital-2024.ofd',
		{ invoiceType: 'digital_special', invoiceTitle: '电子发票（增值税专用发票）', invoiceCode: null, invoiceNumber: '24112000000048542163', issueDate: '2024-05-28', amountWithoutTax: 4197.17, taxAmount: 251.83, totalAmount: 4449, totalAmountInWords: '肆仟肆佰肆拾玖圆整', warnings: [], lines: 1 },
	],
	[
		'ofdrw_converter_999_vat-e-common-multipage-huhuang-2020.ofd',
		{ invoiceType: 'vat_electronic_common', invoiceTitle: '重庆增值税电子普通发票', invoiceCode: '050001700111', invoiceNumber: '12235358', issueDate: '2020-08-05', amountWithoutTax: 10000, taxAmount: 600, totalAmount: 10600, totalAmountInWords: '壹万零陆佰圆整', warnings: ['sellerTaxId "91500102563638729E" fails the GB 32100 check character (expected 5)'], lines: 100 },
	],
	[
		'ofdrw_converter_SignScaleError_vat-e-common-nuonuo-xbrl-2022.ofd',
		{ invoiceType: 'vat_electronic_common', invoiceTitle: '浙江增值税电子普通发票', invoiceCode: '033002200211', invoiceNumber: '99934328', issueDate: '2022-09-01', amountWithoutTax: 9.91, taxAmount: 1.29, totalAmount: 11.2, totalAmountInWords: '壹拾壹圆贰角', warnings: [], lines: 1 },
	],
	[
		'ofdrw_converter_draw_param_ref_vat-e-common-baiwang-test-2020.ofd',
		{ invoiceType: 'vat_electronic_common', invoiceTitle: '北京增值税电子普通发票', invoiceCode: '011002680026', invoiceNumber: '71500013', issueDate: '2020-02-20', amountWithoutTax: 9709, taxAmount: 291, totalAmount: 10000, totalAmountInWords: '壹万圆整', warnings: ['sellerTaxId "91110101202001201" has 17 characters; a taxpayer id has 15, 18 or 20'], lines: 100 },
	],
	[
		'ofdrw_layout_no_page_container_vat-e-common-taxexempt-2020.ofd',
		{ invoiceType: 'vat_electronic_common', invoiceTitle: '上海增值税电子普通发票', invoiceCode: '031001900511', invoiceNumber: '04875996', issueDate: '2020-04-20', amountWithoutTax: 57, taxAmount: null, totalAmount: 57, totalAmountInWords: '伍拾柒圆整', warnings: [], lines: 1 },
	],
];

describe('local OFD reader → Normalize Invoice', () => {
	test.each(SAMPLES)('%s', async (file, expected) => {
		const read = await readOfdInvoice(new Uint8Array(readFixture('ofd', file)));
		const invoice = normalizeInvoice({ provider: 'local', api: 'LocalOfdReader', fileName: file, page: 1, ...read });
		const { lines, ...fields } = expected;
		expect(invoice).toMatchObject({ source: 'ofd-local', ...fields });
		expect(invoice.lineItems).toHaveLength(lines);
	});
});
