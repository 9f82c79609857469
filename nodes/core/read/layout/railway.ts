import { emptyRailwayTicketInfo, type RailwayTicketInfo } from '../common/fields';
import { cleanAmount } from './labels';
import type { Cell, Row } from './lines';

/**
 * 电子发票（铁路电子客票）, the 数电 railway ticket 12306 mails as PDF/OFD: the stations row (出发站, 车次, 到达站,
 * each station ending in 站), their pinyin below, the row with the travel date, "hh:mm开", 车厢/座位 and 席别, then
 * 票价, the passenger's masked ID number and name, 电子客票号, and the buyer (购买方名称, 统一社会信用代码).
 * Read by pattern and position on the loose view (core/printed.ts); the caller restores printed characters.
 */

const TRAIN = /^[GDCZTKSYLP]?\d{1,4}$/;
const STATION = /^[\u4e00-\u9fff]{1,12}站$/;
const LATIN = /^[A-Za-z][A-Za-z' -]*$/;
const DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
const DEPARTS = /(\d{1,2}:\d{2})\s*开/;
const SEAT = /^(\d{1,2}车)(\S*号|无座)$/;
const SEAT_CLASS = /^(?:商务座|特等座|一等座|二等座|优选一等座|一等卧|二等卧|动卧|高级动卧|软卧|硬卧|高级软卧|软座|硬座|无座|新空调硬座|新空调硬卧|新空调软卧|[\u4e00-\u9fff]{1,4}座|[\u4e00-\u9fff]{1,4}卧)$/;
const ID_NUMBER = /^[\dA-Z*]{6,}(?:\*{2,}|[\dXx])[\dA-Z*]*$/;

/** The value after "label:" in a row (loose view: ':' for ：), up to two spaces or the end. */
function labelled(rows: readonly Row[], label: string): string {
	const regex = new RegExp(`${label}\\s*:?\\s*(\\S+(?: \\S+)*)`);
	for (const row of rows) {
		const m = regex.exec(row.text);
		if (m) return m[1].split(/\s{2,}/)[0].trim();
	}
	return '';
}

function cellNear(cells: readonly Cell[], x: number, test: (text: string) => boolean): Cell | undefined {
	let best: Cell | undefined;
	for (const cell of cells) {
		if (!test(cell.text)) continue;
		const cx = (cell.x0 + cell.x1) / 2;
		if (!best || Math.abs(cx - x) < Math.abs((best.x0 + best.x1) / 2 - x)) best = cell;
	}
	return best;
}

/** Whether these rows are the railway ticket (a stations row: 站 cell, train number, 站 cell). */
export function stationsRowIndex(rows: readonly Row[]): number {
	return rows.findIndex((row) => {
		const cells = row.cells.map((c) => c.text.trim());
		const train = cells.findIndex((t) => TRAIN.test(t));
		if (train <= 0 || train >= cells.length - 1) return false;
		return cells.slice(0, train).some((t) => STATION.test(t)) && cells.slice(train + 1).some((t) => STATION.test(t));
	});
}

export function readRailwayTicket(rows: readonly Row[], invoiceNumber: string, issueDate: string): RailwayTicketInfo {
	const info = emptyRailwayTicketInfo();
	info.TypeOfVoucher = '电子发票（铁路电子客票）';
	info.ElectronicInvoiceRailwayETicketNumber = invoiceNumber;
	info.DateOfIssue = issueDate;
	const at = stationsRowIndex(rows);
	if (at >= 0) {
		const row = rows[at];
		const cells = row.cells;
		const train = cells.findIndex((c) => TRAIN.test(c.text.trim()));
		const from = [...cells.slice(0, train)].reverse().find((c) => STATION.test(c.text.trim()));
		const to = cells.slice(train + 1).find((c) => STATION.test(c.text.trim()));
		info.TrainNumber = cells[train].text.trim();
		info.DepartureStation = from?.text.trim() ?? '';
		info.DestinationStation = to?.text.trim() ?? '';
		// Pinyin of the stations: Latin cells on the next rows, under each station.
		for (const below of rows.slice(at + 1, at + 3)) {
			if (from && !info.PhonicsOfDepartureStation) {
				const c = cellNear(below.cells, (from.x0 + from.x1) / 2, (t) => LATIN.test(t));
				if (c && c.x1 < cells[train].x0) info.PhonicsOfDepartureStation = c.text.trim();
			}
			if (to && !info.PhonicsOfDestinationStation) {
				const c = cellNear(below.cells, (to.x0 + to.x1) / 2, (t) => LATIN.test(t));
				if (c && c.x0 > cells[train].x1) info.PhonicsOfDestinationStation = c.text.trim();
			}
		}
	}
	for (const row of rows.slice(Math.max(0, at))) {
		const text = row.text;
		if (!info.TravelDate && DEPARTS.test(text)) {
			const date = DATE.exec(text);
			if (date) info.TravelDate = `${date[1]}年${date[2].padStart(2, '0')}月${date[3].padStart(2, '0')}日`;
			info.DepartureTime = DEPARTS.exec(text)?.[1] ?? '';
			for (const cell of row.cells) {
				const t = cell.text.replace(/\s+/g, '');
				const seat = SEAT.exec(t);
				if (seat) {
					info.Carriage = seat[1];
					info.Seat = seat[2];
				} else if (SEAT_CLASS.test(t)) info.SeatLevel = t;
			}
		}
		if (!info.Name) {
			// "4201061990****1234 张三": the masked ID number, then the name.
			const m = /(?:^|\s)([\dA-Z]{4,}\*{2,}[\dA-Z*]*|[\dA-Z]{15,18})\s+([\u4e00-\u9fff·]{1,20}|[A-Za-z][A-Za-z /.-]{1,40})(?=\s{2,}|$)/.exec(text);
			if (m && ID_NUMBER.test(m[1])) {
				info.IdNumber = m[1];
				info.Name = m[2].trim();
			}
		}
	}
	const fare = labelled(rows, '票价');
	info.Fare = fare ? cleanAmount(fare.split(/\s+/).join('')) : '';
	info.ElectronicTicketNum = labelled(rows, '电子客票号').replace(/\s+/g, '');
	info.NameOfPurchaser = labelled(rows, '购买方名称');
	info.UnifiedSocialCreditCodeOfPurchaser = labelled(rows, '统一社会信用代码').replace(/\s+/g, '');
	const original = labelled(rows, '原发票号码');
	info.NumberOfOriginalInvoice = original.replace(/\D+/g, '');
	for (const word of ['退票费', '改签费', '始发改签', '退票', '改签']) {
		if (rows.some((row) => row.cells.some((c) => c.text.trim() === word || c.text.trim().startsWith(`${word}:`)))) {
			info.TypeOfBusiness = word;
			break;
		}
	}
	return info;
}
