/**
 * Synthetic, faithfully laid out pages of the #21 kinds, as PrintItems (mm, box top-left, text height), to be
 * printed into a PDF (pdfFromItems) or an OFD (ofdFromItems). All values are made up. The layouts follow the
 * printed forms: the 数电 invoice as the tax platform template prints it (the geometry of
 * test/core/layout/invoice.test.ts's digitalInvoice, measured on a real 数电 PDF), and the 12306 railway ticket
 * (电子发票（铁路电子客票）) as described in /work/notes/samples21.md (no licensed real file was found; the
 * unlicensed ones seen are listed there). Labels use the full-width colon as printed.
 */
import { printedWidth, type PrintItem } from './invoicePdf';

export const PAGE = { width: 210, height: 140 };

const p = (text: string, x: number, y: number, height = 3): PrintItem => ({ text, x, y, height });

export interface ShudianLine {
	name: string;
	spec?: string;
	unit?: string;
	quantity?: string;
	price?: string;
	amount: string;
	rate: string;
	tax: string;
}

export interface ShudianPage {
	/** A tag printed above-left of the title (旅客运输服务, 建筑服务 …). */
	tag?: string;
	title?: string;
	number: string;
	/** As printed, e.g. 2025年03月04日. */
	date: string;
	buyerName: string;
	buyerId: string;
	sellerName: string;
	sellerId: string;
	lines: ShudianLine[];
	/** The 特定业务 block: its header labels (as printed) and rows of values, under the lines. */
	specific?: { headers: string[]; rows: string[][] };
	withoutTax: string;
	tax: string;
	total: string;
	words: string;
	note?: string;
	drawer: string;
}

/** Column x of the goods table (as the 数电 template prints it). */
const GOODS_X = { name: 4, spec: 41, unit: 69, quantity: 86, price: 112, amount: 143, rate: 166, tax: 194 };

export function shudianItems(v: ShudianPage): PrintItem[] {
	const out: PrintItem[] = [];
	if (v.tag) out.push(p(v.tag, 30, 6));
	out.push(p(v.title ?? '电子发票（普通发票）', 70, 9, 7));
	out.push(p('发票号码：', 150, 11), p(v.number, 167, 11), p('开票日期：', 150, 17), p(v.date, 167, 17));
	out.push(p('购', 6, 33), p('名称：', 11, 33), p(v.buyerName, 20, 33, 2.8));
	out.push(p('销', 106, 33), p('名称：', 111, 33), p(v.sellerName, 120, 33, 2.8));
	out.push(p('买', 6, 37), p('售', 106, 37), p('信', 6, 44), p('信', 106, 44));
	out.push(p('统一社会信用代码/纳税人识别号：', 11, 44, 2.8), p(v.buyerId, 58, 44, 2.8));
	out.push(p('统一社会信用代码/纳税人识别号：', 111, 44, 2.8), p(v.sellerId, 158, 44, 2.8));
	out.push(
		p('项目名称', 16, 54),
		p('规格型号', 41, 54),
		p('单 位', 67, 54),
		p('数 量', 93, 54),
		p('单 价', 118, 54),
		p('金 额', 143, 54),
		p('税率/征收率', 160, 54),
		p('税 额', 194, 54),
	);
	let y = 58;
	for (const line of v.lines) {
		out.push(p(line.name, GOODS_X.name, y));
		if (line.spec) out.push(p(line.spec, GOODS_X.spec, y));
		if (line.unit) out.push(p(line.unit, GOODS_X.unit, y));
		if (line.quantity) out.push(p(line.quantity, GOODS_X.quantity, y));
		if (line.price) out.push(p(line.price, GOODS_X.price, y));
		out.push(p(line.amount, GOODS_X.amount, y), p(line.rate, GOODS_X.rate, y), p(line.tax, GOODS_X.tax, y));
		y += 5;
	}
	if (v.specific) {
		// The block: its own header row and rows, spread over the table's width.
		// Columns as wide as their widest text plus a gap, the font made smaller until they fit in 200 mm.
		y += 3;
		const { headers, rows } = v.specific;
		let size = 2.5;
		const widths = () => headers.map((h, i) => Math.max(printedWidth(h, size), ...rows.map((r) => printedWidth(r[i] ?? '', size))) + 3);
		while (widths().reduce((a, b) => a + b, 0) > 200 && size > 1.2) size -= 0.1;
		const xs: number[] = [];
		widths().reduce((x, w) => (xs.push(x), x + w), 5);
		headers.forEach((h, i) => out.push(p(h, xs[i], y, size)));
		for (const row of rows) {
			y += size + 2;
			row.forEach((value, i) => {
				if (value !== '') out.push(p(value, xs[i], y, size));
			});
		}
	}
	out.push(p('合      计', 20, 94), p(`¥${v.withoutTax}`, 143, 94), p(`¥${v.tax}`, 194, 94));
	out.push(p('价税合计（大写）', 17, 100), p(v.words, 61, 100), p('（小写）', 142, 100), p(`¥${v.total}`, 156, 100));
	if (v.note) out.push(p(v.note, 11, 106));
	out.push(p('备', 6, 110), p('注', 6, 117));
	out.push(p('开票人：', 20, 131), p(v.drawer, 33, 131));
	return out;
}

export interface RailwayPage {
	number: string;
	/** As printed, e.g. 2025年01月15日. */
	date: string;
	from: string;
	fromPinyin: string;
	train: string;
	to: string;
	toPinyin: string;
	travelDate: string;
	departs: string;
	seat: string;
	seatClass: string;
	fare: string;
	idNumber: string;
	passenger: string;
	eticket: string;
	buyerName: string;
	buyerId: string;
	/** Printed on a refund / change ticket: 退票费, 改签费 … */
	business?: string;
	originalNumber?: string;
}

/** One railway e-ticket (made-up values, a buyer with full-width brackets), as the tests print it. */
export const SAMPLE_RAILWAY: RailwayPage = {
	number: '25429116600003450123',
	date: '2025年01月15日',
	from: '武汉站',
	fromPinyin: 'Wuhan',
	train: 'G1234',
	to: '北京西站',
	toPinyin: 'Beijingxi',
	travelDate: '2025年01月20日',
	departs: '08:05',
	seat: '05车12F号',
	seatClass: '二等座',
	fare: '553.00',
	idNumber: '4201061990****1234',
	passenger: '张三',
	eticket: '6543210987654321098765',
	buyerName: '聚光科技（杭州）股份有限公司',
	buyerId: '91330100000000021E',
};

export function railwayItems(v: RailwayPage): PrintItem[] {
	const out: PrintItem[] = [
		p('电子发票（铁路电子客票）', 62, 8, 6),
		p('发票号码：', 148, 10),
		p(v.number, 164, 10),
		p('开票日期：', 148, 16),
		p(v.date, 164, 16),
		p(v.from, 28, 30, 5),
		p(v.train, 92, 30, 5),
		p(v.to, 148, 30, 5),
		p(v.fromPinyin, 30, 37, 3),
		p(v.toPinyin, 150, 37, 3),
		p(v.travelDate, 22, 45, 4),
		p(`${v.departs}开`, 70, 45, 4),
		p(v.seat, 112, 45, 4),
		p(v.seatClass, 152, 45, 4),
		p('票价：', 22, 53, 4),
		p(`￥${v.fare}`, 36, 53, 4),
		p(`${v.idNumber} ${v.passenger}`, 22, 61, 4),
		p(`电子客票号：${v.eticket}`, 22, 69, 3.5),
		p(`购买方名称：${v.buyerName}`, 22, 79, 3),
		p(`统一社会信用代码：${v.buyerId}`, 118, 79, 3),
		p('买票请到12306 发货请到95306', 22, 89, 3),
		p('中国铁路祝您旅途愉快', 22, 94, 3),
	];
	if (v.business) out.push(p(v.business, 120, 53, 4));
	if (v.originalNumber) out.push(p(`原发票号码：${v.originalNumber}`, 118, 69, 3));
	return out;
}
