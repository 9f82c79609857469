'use strict';
// Synthetic 数电 e-invoice PDFs (电子发票（普通发票）) with a text layer, written with pdfBuilder.js from a
// plain description: number, date, parties, lines. Every value is made up, so the files may live in the
// repository and be mailed by npm run test:mailbox on a clone with nothing beside it. The description is
// the oracle: the test compares what was stored with it, never with what the reader says.
//
// The page follows the printed 数电 layout in millimetres from the top-left corner (title and header on
// the right, buyer left and seller right, the item table, 合计, 价税合计 in words and figures, drawer),
// drawn with one Type0 font in UniGB-UCS2-H (codes are UTF-16BE), as invoice software writes them.
const { PdfBuilder, type0Font } = require('./pdfBuilder.js');

const MM = 72 / 25.4;
const PAGE = { width: 210, height: 140 };
/** Where the baseline sits below the top of a line, as a fraction of the size. */
const ASCENT = 0.86;
/** Adobe-GB1 CIDs 1-95 are ASCII 0x20-0x7E: half width; everything else one em (DW 1000). */
const ASCII_WIDTHS = `[1 [${Array.from({ length: 95 }, () => '500').join(' ')}]]`;

const utf16 = (text) => Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase();
const cents = (amount) => Math.round(Number(amount) * 100);
const yuan = (c) => (c / 100).toFixed(2);

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿'];

/**
 * 价税合计(大写) as printed: 壹佰贰拾叁圆肆角伍分, 贰佰圆整. Written here for the fixtures, independently of
 * the package's amountToWords. Up to 999,999,999,999.99 yuan; a negative amount is prefixed 负.
 */
function amountInWords(amountCents) {
	if (amountCents < 0) return `负${amountInWords(-amountCents)}`;
	const whole = Math.floor(amountCents / 100);
	const jiao = Math.floor(amountCents / 10) % 10;
	const fen = amountCents % 10;
	let text = '';
	if (whole > 0) {
		const groups = [];
		for (let n = whole; n > 0; n = Math.floor(n / 10000)) groups.push(n % 10000);
		let zeroPending = false;
		for (let g = groups.length - 1; g >= 0; g--) {
			const group = groups[g];
			if (group === 0) {
				zeroPending = text !== '';
				continue;
			}
			if (text !== '' && (zeroPending || group < 1000)) text += '零';
			zeroPending = false;
			let inner = '';
			let innerZero = false;
			for (let u = 3; u >= 0; u--) {
				const d = Math.floor(group / 10 ** u) % 10;
				if (d === 0) {
					innerZero = inner !== '';
					continue;
				}
				if (innerZero) inner += '零';
				innerZero = false;
				inner += DIGITS[d] + UNITS[u];
			}
			text += inner + GROUPS[g];
		}
		text += '圆';
	}
	if (jiao === 0 && fen === 0) return whole === 0 ? '零圆整' : `${text}整`;
	if (jiao > 0) text += `${DIGITS[jiao]}角`;
	else if (whole > 0) text += '零';
	if (fen > 0) text += `${DIGITS[fen]}分`;
	return text;
}

/**
 * The invoice's totals from its lines, in cents: what the page prints as 合计 and 价税合计.
 * @param {{ amount: string, tax: string }[]} lines
 */
function totals(lines) {
	const amount = lines.reduce((s, l) => s + cents(l.amount), 0);
	const tax = lines.reduce((s, l) => s + cents(l.tax), 0);
	return { amountCents: amount, taxCents: tax, totalCents: amount + tax };
}

/**
 * @typedef {{ name: string, spec?: string, unit?: string, quantity?: string, price?: string, amount: string, rate: string, tax: string }} Line
 * @typedef {{ number: string, date: string, buyer: { name: string, taxId: string }, seller: { name: string, taxId: string }, lines: Line[], drawer?: string, title?: string }} InvoiceSpec
 */

/** The positioned text of the page: [text, x, y, size] in mm from the top-left corner. */
function pageItems(/** @type {InvoiceSpec} */ spec) {
	const [y, m, d] = spec.date.split('-');
	const { amountCents, taxCents, totalCents } = totals(spec.lines);
	const items = [
		[spec.title || '电子发票（普通发票）', 70, 9, 7],
		['发票号码：', 150, 11, 3],
		[spec.number, 167, 11, 3],
		['开票日期：', 150, 17, 3],
		[`${y}年${m}月${d}日`, 167, 17, 3],
		['购', 6, 33, 3],
		['名称：', 11, 33, 3],
		[spec.buyer.name, 20, 33, 2.5],
		['销', 106, 33, 3],
		['名称：', 111, 33, 3],
		[spec.seller.name, 120, 33, 2.5],
		['买', 6, 37, 3],
		['售', 106, 37, 3],
		['信', 6, 44, 3],
		['统一社会信用代码/纳税人识别号：', 11, 44, 2.8],
		[spec.buyer.taxId, 58, 44, 2.8],
		['信', 106, 44, 3],
		['统一社会信用代码/纳税人识别号：', 111, 44, 2.8],
		[spec.seller.taxId, 158, 44, 2.8],
		['项目名称', 16, 54, 3],
		['规格型号', 41, 54, 3],
		['单 位', 67, 54, 3],
		['数 量', 93, 54, 3],
		['单 价', 118, 54, 3],
		['金 额', 143, 54, 3],
		['税率/征收率', 160, 54, 3],
		['税 额', 194, 54, 3],
	];
	spec.lines.forEach((line, i) => {
		const row = 58 + i * 5;
		items.push([line.name, 4, row, 3]);
		if (line.spec) items.push([line.spec, 43, row, 3]);
		if (line.unit) items.push([line.unit, 71, row, 3]);
		if (line.quantity) items.push([line.quantity, 86, row, 3]);
		if (line.price) items.push([line.price, 112, row, 3]);
		items.push([line.amount, 143, row, 3], [line.rate, 166, row, 3], [line.tax, 197, row, 3]);
	});
	items.push(
		['合      计', 20, 94, 3],
		[`¥${yuan(amountCents)}`, 143, 94, 3],
		[`¥${yuan(taxCents)}`, 192, 94, 3],
		['价税合计（大写）', 17, 100, 3],
		[amountInWords(totalCents), 61, 100, 3],
		['（小写）', 142, 100, 3],
		[`¥${yuan(totalCents)}`, 156, 100, 3],
		['备', 6, 110, 3],
		['注', 6, 117, 3],
		['开票人：', 20, 131, 3],
		[spec.drawer || '李明', 33, 131, 3],
	);
	return items;
}

/** @returns {Buffer} a one-page PDF of the invoice. */
function digitalInvoicePdf(/** @type {InvoiceSpec} */ spec) {
	const ops = pageItems(spec).map(([text, x, top, size]) => {
		const baseline = PAGE.height - (top + size * ASCENT);
		return `BT /F1 ${(size * MM).toFixed(3)} Tf 1 0 0 1 ${(x * MM).toFixed(3)} ${(baseline * MM).toFixed(3)} Tm <${utf16(text)}> Tj ET`;
	});
	const b = new PdfBuilder();
	const font = type0Font(b, { encoding: 'UniGB-UCS2-H', w: ASCII_WIDTHS });
	const catalog = b.reserve();
	b.catalog = catalog;
	const pages = b.reserve();
	const page = b.reserve();
	const content = b.add('<< >>', Buffer.from(ops.join('\n'), 'latin1'));
	b.set(catalog, `<< /Type /Catalog /Pages ${pages} 0 R >>`);
	b.set(pages, `<< /Type /Pages /Kids [${page} 0 R] /Count 1 >>`);
	b.set(
		page,
		`<< /Type /Page /Parent ${pages} 0 R /MediaBox [0 0 ${(PAGE.width * MM).toFixed(2)} ${(PAGE.height * MM).toFixed(2)}] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
	);
	return b.build({ fileId: Buffer.from(spec.number.padEnd(16, '0').slice(-16), 'latin1') }).bytes;
}

module.exports = { digitalInvoicePdf, amountInWords, totals };
