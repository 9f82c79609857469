/**
 * The canonical `trip` of a railway e-ticket or an air itinerary from what a mapper picked (RawTrip):
 * texts as printed, dates YYYY-MM-DD, times HH:MM, amounts in yuan, the deductible tax (tripTax.ts).
 */
import { deductibleTax, type TripKind } from './tripTax';
import type { InvoiceType, RawTrip, Trip, TripSegment } from './types';
import { cleanCode, cleanText, parseAmount, parseDate, toHalfWidth } from './values';

const TIME = /^(?:\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?\s*)?(\d{1,2})\s*[:：时]\s*(\d{2})(?:\s*[:：分]\s*(?:\d{2}\s*秒?)?)?\s*(?:开)?$/;
const COMPACT_TIME = /^(\d{2})(\d{2})$/;

/** A time of day as `HH:MM` from `07:00`, `7:05`, `07时00分`, `0700`, `2024-06-05 07:00:00`; `undefined` when not a time. */
export function parseTime(value: unknown): string | null | undefined {
	const text = cleanText(value);
	if (text === null) return null;
	const half = toHalfWidth(text);
	const match = TIME.exec(half) ?? COMPACT_TIME.exec(half);
	if (!match) return undefined;
	const h = Number(match[1]);
	const m = Number(match[2]);
	if (h > 23 || m > 59) return undefined;
	return `${h < 10 ? '0' : ''}${h}:${match[2]}`;
}

function date(value: unknown, label: string, warnings: string[]): string | null {
	const parsed = parseDate(value);
	if (parsed === undefined) {
		warnings.push(`${label} "${String(value)}" is not a date`);
		return null;
	}
	return parsed;
}

function time(value: unknown, label: string, warnings: string[]): string | null {
	const parsed = parseTime(value);
	if (parsed === undefined) {
		warnings.push(`${label} "${String(value)}" is not a time`);
		return null;
	}
	return parsed;
}

function money(value: unknown, label: string, warnings: string[]): number | null {
	const n = parseAmount(value);
	if (n === null) return null;
	if (Number.isNaN(n)) {
		warnings.push(`${label} "${String(value)}" is not a number`);
		return null;
	}
	return n + 0;
}

function segment(raw: Partial<Record<keyof TripSegment, unknown>>, i: number, warnings: string[]): TripSegment {
	return {
		from: cleanText(raw.from),
		to: cleanText(raw.to),
		carrier: cleanText(raw.carrier),
		flightNumber: cleanCode(raw.flightNumber),
		seatClass: cleanText(raw.seatClass),
		date: date(raw.date, `trip segment ${i + 1} date`, warnings),
		time: time(raw.time, `trip segment ${i + 1} time`, warnings),
		fareBasis: cleanText(raw.fareBasis),
	};
}

function isEmptySegment(s: TripSegment): boolean {
	return s.from === null && s.to === null && s.carrier === null && s.flightNumber === null && s.date === null && s.time === null;
}

/** Which rule of tripTax applies: by the invoice type, else by what the trip holds. */
function kindOf(type: InvoiceType, raw: RawTrip): TripKind {
	if (type === 'air_itinerary') return 'air';
	if (type === 'railway_ticket') return 'railway';
	return cleanText(raw.flightNumber) !== null || (raw.segments?.length ?? 0) > 0 ? 'air' : 'railway';
}

/**
 * The canonical trip. Air: the first segment gives flightNumber, from, travelDate, departureTime and
 * seatClass where the ticket has no value of its own, the last segment gives `to`.
 */
export function cleanTrip(raw: RawTrip, type: InvoiceType, warnings: string[]): Trip {
	const kind = kindOf(type, raw);
	const segments: TripSegment[] = [];
	(raw.segments ?? []).forEach((s, i) => {
		const clean = segment(s, i, warnings);
		if (!isEmptySegment(clean)) segments.push(clean);
	});
	const first = segments[0];
	const last = segments[segments.length - 1];
	const fare = money(raw.fare, 'trip fare', warnings);
	const fuelSurcharge = money(raw.fuelSurcharge, 'trip fuelSurcharge', warnings);
	const printed = money(raw.printedTax, 'trip tax', warnings);
	const tax = deductibleTax(kind, printed, fare, fuelSurcharge);
	return {
		passenger: cleanText(raw.passenger),
		idNumber: cleanCode(raw.idNumber),
		travelDate: date(raw.travelDate, 'trip travelDate', warnings) ?? first?.date ?? null,
		departureTime: time(raw.departureTime, 'trip departureTime', warnings) ?? first?.time ?? null,
		trainNumber: kind === 'railway' ? cleanCode(raw.trainNumber) : null,
		flightNumber: kind === 'air' ? (cleanCode(raw.flightNumber) ?? first?.flightNumber ?? null) : null,
		from: cleanText(raw.from) ?? first?.from ?? null,
		to: cleanText(raw.to) ?? last?.to ?? null,
		seatClass: cleanText(raw.seatClass) ?? first?.seatClass ?? null,
		seat: cleanText(raw.seat),
		fare,
		fuelSurcharge,
		civilAviationFund: money(raw.civilAviationFund, 'trip civilAviationFund', warnings),
		otherTaxes: money(raw.otherTaxes, 'trip otherTaxes', warnings),
		insurance: money(raw.insurance, 'trip insurance', warnings),
		ticketNumber: cleanCode(raw.ticketNumber),
		deductibleTax: tax.deductibleTax,
		deductibleTaxBasis: tax.deductibleTaxBasis,
		segments,
	};
}

/**
 * A railway seat as printed (`05车12F号`) from a source that gives 车厢 and 座位 apart (`05`/`05车`
 * and `12F`/`12F号`); either alone as it is.
 */
export function joinRailwaySeat(carriage: unknown, seat: unknown): string | undefined {
	const car = cleanText(carriage);
	const place = cleanText(seat);
	if (car === null) return place ?? undefined;
	if (place === null) return car;
	const carText = /车$/.test(car) ? car : `${car}车`;
	const seatText = /^\d+[A-Za-z]?$/.test(toHalfWidth(place)) ? `${place}号` : place;
	return `${carText}${seatText}`;
}
