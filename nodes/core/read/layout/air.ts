import { emptyAirTicketInfo, emptyAirTicketSegment, type AirTicketInfo, type DetailInformationOfAirTicketTupleList } from '../common/fields';
import { fillFields, type FieldTable } from '../common/fill';
import { printedDate } from './fields';
import type { Glyph, Row } from './lines';

/**
 * 电子发票（航空运输电子客票行程单）: "label: value" pairs, the passenger block (values on the row below their
 * headers), the flight table (承运人, 航班号, … between its 自/至 rows) and the fare row below its headers.
 */

const labelled = (rows: readonly Row[], label: string): string => {
	const regex = new RegExp(`(?:^|\\s)${label}\\s*:\\s*(.+?)(?=\\s{2,}|$)`);
	for (const row of rows) {
		const m = regex.exec(row.text);
		if (m) return m[1].trim();
	}
	return '';
};

export interface HeaderWord {
	word: string;
	x0: number;
	x1: number;
}

/** Header words found in a row (longest first, each character used once), left to right. */
export function headerWords(row: Row, words: readonly string[]): HeaderWord[] {
	const glyphs: Glyph[] = row.cells.flatMap((c) => c.glyphs).sort((a, b) => a.x0 - b.x0);
	const units = glyphs.flatMap((g) => Array.from({ length: g.ch.length }, () => g));
	const text = glyphs.map((g) => g.ch).join('');
	const used = new Array<boolean>(text.length).fill(false);
	const out: HeaderWord[] = [];
	for (const word of [...words].sort((a, b) => b.length - a.length)) {
		let at = text.indexOf(word);
		while (at >= 0 && used.slice(at, at + word.length).some(Boolean)) at = text.indexOf(word, at + 1);
		if (at < 0) continue;
		for (let i = at; i < at + word.length; i++) used[i] = true;
		out.push({ word, x0: units[at].x0, x1: units[at + word.length - 1].x1 });
	}
	return out.sort((a, b) => a.x0 - b.x0);
}

/** The header whose column (split at the midpoints between headers) holds x. */
export function columnAt(headers: readonly HeaderWord[], x: number): HeaderWord | undefined {
	let best: HeaderWord | undefined;
	headers.forEach((h, i) => {
		const left = i === 0 ? -Infinity : (headers[i - 1].x1 + h.x0) / 2;
		if (x >= left) best = h;
	});
	return best;
}

const FLIGHT_HEADERS = ['承运人', '航班号', '座位等级', '日期', '时间', '客票级别/客票类别', '客票生效日期', '有效截止日期', '免费行李'];
const FARE_HEADERS = ['票价', '燃油附加费', '增值税税率', '增值税税额', '民航发展基金', '其他税费', '合计'];
const FLIGHT_FIELDS: Record<string, keyof DetailInformationOfAirTicketTupleList> = {
	承运人: 'Carrier',
	航班号: 'Flight',
	座位等级: 'SeatClass',
	日期: 'CarrierDate',
	时间: 'DepartureTime',
	'客票级别/客票类别': 'FareBasis',
	客票生效日期: 'EffectiveDate',
	有效截止日期: 'ExpirationDate',
	免费行李: 'FreeBaggageAllowance',
};
const FARE_FIELDS: Record<string, keyof AirTicketInfo> = {
	票价: 'Fare',
	燃油附加费: 'FuelSurcharge',
	增值税税率: 'VatRate',
	增值税税额: 'VatTaxAmount',
	民航发展基金: 'CivilAviationDevelopmentFund',
	其他税费: 'OtherTaxes',
	合计: 'TotalAmount',
};

/** The fields printed as "label: value". */
const LABELLED_FIELDS: FieldTable<AirTicketInfo> = {
	IssuingStatus: '开具状态',
	MarkingOfDomesticOrInternational: '国内国际标识',
	ElectronicTicketNum: '电子客票号码',
	VerificationCode: '验证码',
	PromptInformation: '提示信息',
	Insurance: '保险费',
	AgentCode: '销售网点代号',
	IssueParty: '填开单位',
	IssueDate: '填开日期',
	NameOfPurchaser: '购买方名称',
	UnifiedSocialCreditCodeOfPurchaser: '统一社会信用代码/纳税人识别号',
	ElectronicInvoiceAirTransportReceiptNumber: '发票号码',
	NumberOfGPOrder: 'GP单号',
};

const money = (text: string) => text.replace(/^CNY\s*/i, '').replace(/[¥\s]/g, '');

export function readAirTicket(rows: readonly Row[]): AirTicketInfo {
	const info = fillFields(emptyAirTicketInfo(), LABELLED_FIELDS, (label) => labelled(rows, label));
	info.UnifiedSocialCreditCodeOfPurchaser = info.UnifiedSocialCreditCodeOfPurchaser.replace(/\s+/g, '');
	info.ElectronicInvoiceAirTransportReceiptNumber = info.ElectronicInvoiceAirTransportReceiptNumber.replace(/\D+/g, '');

	rows.forEach((row, index) => {
		const next = rows[index + 1];
		// Passenger block: the values on the row below the headers.
		const passenger = headerWords(row, ['旅客姓名', '有效身份证件号码', '签注']);
		if (passenger.length >= 2 && next) {
			for (const cell of next.cells) {
				const h = columnAt(passenger, cell.x0 + 0.5);
				if (h?.word === '旅客姓名') info.PassengerName = cell.text;
				else if (h?.word === '有效身份证件号码') info.ValidIdNumber = cell.text;
				else if (h?.word === '签注') info.Endorsement = cell.text;
			}
		}
		const fares = headerWords(row, FARE_HEADERS);
		if (fares.length >= 4 && next) {
			const cells = next.cells;
			cells.forEach((cell, i) => {
				const h = cells.length === fares.length ? fares[i] : columnAt(fares, (cell.x0 + cell.x1) / 2);
				if (h) (info as unknown as Record<string, string>)[FARE_FIELDS[h.word]] = money(cell.text);
			});
		}
		const flights = headerWords(row, FLIGHT_HEADERS);
		if (flights.length >= 4 && flights.some((h) => h.word === '航班号')) {
			let segment: DetailInformationOfAirTicketTupleList | null = null;
			for (const below of rows.slice(index + 1, index + 40)) {
				if (headerWords(below, FARE_HEADERS).length >= 4) break;
				const from = /^自\s*:\s*(.+)$/.exec(below.text.trim());
				const to = /^至\s*:\s*(.+)$/.exec(below.text.trim());
				if (from) {
					segment = emptyAirTicketSegment();
					segment.DepartureStation = from[1].trim();
					info.DetailInformationOfAirTicketTuple.push(segment);
				} else if (to && segment) {
					segment.DestinationStation = to[1].trim();
				} else if (segment && below.cells.length >= 3) {
					for (const cell of below.cells) {
						const h = columnAt(flights, (cell.x0 + cell.x1) / 2);
						if (h) segment[FLIGHT_FIELDS[h.word]] = cell.text;
					}
				}
			}
		}
	});
	for (const s of info.DetailInformationOfAirTicketTuple) {
		if (s.DepartureStation && s.DestinationStation) s.FlightSegment = `${s.DepartureStation}-${s.DestinationStation}`;
	}
	if (info.IssueDate) info.IssueDate = info.IssueDate.trim();
	return info;
}

/** 填开日期 2021-07-28 → 2021年07月28日 for the invoice's IssueDate. */
export function airIssueDate(info: AirTicketInfo): string {
	return printedDate(info.IssueDate);
}
