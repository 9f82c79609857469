/**
 * Where each source keeps each field of a trip: one row per canonical field, one column per source (Tencent's
 * model names: RecognizeGeneralInvoice's TrainTicket, ElectronicTrainTicketFull, AirTransport,
 * ElectronicFlightTicketFull; VatInvoiceVerifyNew's ElectronicTrainTicket and ElectronicAirTransport; the local
 * readers' RailwayTicketInfo and AirTicketInfo, as in read/common/fields.ts). A field a source lacks has no
 * entry; a field computed from several (a railway seat from carriage and seat) is the mapper's own.
 */
import { objectArray } from './pick';
import type { JsonObject, RawTrip, TripSegment } from './types';

export type TrainSource = 'paperTrain' | 'generalTrain' | 'verifyTrain' | 'localRailway';
export type AirSource = 'paperAir' | 'generalAir' | 'verifyAir' | 'localAir';
type TripField = Exclude<keyof RawTrip, 'segments' | 'printedTax'>;

const TRAIN_FIELDS: Readonly<Partial<Record<TripField, Readonly<Partial<Record<TrainSource, string>>>>>> = {
	passenger: { paperTrain: 'Name', generalTrain: 'UserName', verifyTrain: 'PassengerName', localRailway: 'Name' },
	idNumber: { paperTrain: 'UserID', generalTrain: 'UserID', verifyTrain: 'PassengerNo', localRailway: 'IdNumber' },
	travelDate: { paperTrain: 'DateGetOn', generalTrain: 'DateGetOn', verifyTrain: 'DateGetOn', localRailway: 'TravelDate' },
	departureTime: { paperTrain: 'TimeGetOn', generalTrain: 'TimeGetOn', verifyTrain: 'TimeGetOn', localRailway: 'DepartureTime' },
	trainNumber: { paperTrain: 'TrainNumber', generalTrain: 'TrainNumber', verifyTrain: 'TrainNumber', localRailway: 'TrainNumber' },
	from: { paperTrain: 'StationGetOn', generalTrain: 'StationGetOn', verifyTrain: 'StationGetOn', localRailway: 'DepartureStation' },
	to: { paperTrain: 'StationGetOff', generalTrain: 'StationGetOff', verifyTrain: 'StationGetOff', localRailway: 'DestinationStation' },
	seatClass: { paperTrain: 'Seat', generalTrain: 'Seat', verifyTrain: 'SeatType', localRailway: 'SeatLevel' },
	seat: { paperTrain: 'SeatNumber', generalTrain: 'SeatNumber' },
	fare: { paperTrain: 'Total', generalTrain: 'Fare', verifyTrain: 'Total', localRailway: 'Fare' },
	ticketNumber: { generalTrain: 'ElectronicTicketNum', verifyTrain: 'ElectronicNumber', localRailway: 'ElectronicTicketNum' },
};
/** The printed 税额 of a railway ticket, where the source has it. */
const TRAIN_PRINTED_TAX: Readonly<Partial<Record<TrainSource, string>>> = { generalTrain: 'Tax', verifyTrain: 'Tax', localRailway: 'TaxAmount' };

const AIR_FIELDS: Readonly<Partial<Record<TripField, Readonly<Partial<Record<AirSource, string>>>>>> = {
	passenger: { paperAir: 'UserName', generalAir: 'UserName', verifyAir: 'PassengerName', localAir: 'PassengerName' },
	idNumber: { paperAir: 'UserID', generalAir: 'UserID', verifyAir: 'PassengerNo', localAir: 'ValidIdNumber' },
	fare: { paperAir: 'Fare', generalAir: 'Fare', verifyAir: 'Fare', localAir: 'Fare' },
	fuelSurcharge: { paperAir: 'FuelSurcharge', generalAir: 'FuelSurcharge', verifyAir: 'FuelSurcharge', localAir: 'FuelSurcharge' },
	civilAviationFund: { paperAir: 'AirDevelopmentFund', generalAir: 'DevelopmentFund', verifyAir: 'DevelopmentFund', localAir: 'CivilAviationDevelopmentFund' },
	otherTaxes: { generalAir: 'OtherTax', localAir: 'OtherTaxes' },
	insurance: { paperAir: 'Insurance', generalAir: 'Insurance', localAir: 'Insurance' },
	ticketNumber: { paperAir: 'Number', generalAir: 'ElectronicTicketNum', verifyAir: 'ElectronicNumber', localAir: 'ElectronicTicketNum' },
};
const AIR_PRINTED_TAX: Readonly<Partial<Record<AirSource, string>>> = { paperAir: 'TaxAmount', generalAir: 'Tax', localAir: 'VatTaxAmount' };
/** The flight segments: the list's field, and each segment field's name in it. */
const SEGMENT_LIST: Readonly<Record<AirSource, string>> = {
	paperAir: 'FlightItems',
	generalAir: 'FlightItems',
	verifyAir: 'ElectronicAirTransportDetails',
	localAir: 'DetailInformationOfAirTicketTuple',
};
const SEGMENT_FIELDS: Readonly<Record<keyof TripSegment, Readonly<Record<AirSource, string>>>> = {
	from: { paperAir: 'StationGetOn', generalAir: 'TerminalGetOn', verifyAir: 'StationGetOn', localAir: 'DepartureStation' },
	to: { paperAir: 'StationGetOff', generalAir: 'TerminalGetOff', verifyAir: 'StationGetOff', localAir: 'DestinationStation' },
	carrier: { paperAir: 'Carrier', generalAir: 'Carrier', verifyAir: 'Carrier', localAir: 'Carrier' },
	flightNumber: { paperAir: 'FlightNumber', generalAir: 'FlightNumber', verifyAir: 'FlightNumber', localAir: 'Flight' },
	seatClass: { paperAir: 'Seat', generalAir: 'Seat', verifyAir: 'SeatLevel', localAir: 'SeatClass' },
	date: { paperAir: 'DateGetOn', generalAir: 'DateGetOn', verifyAir: 'FlightDate', localAir: 'CarrierDate' },
	time: { paperAir: 'TimeGetOn', generalAir: 'TimeGetOn', verifyAir: 'DepartureTime', localAir: 'DepartureTime' },
	fareBasis: { paperAir: 'FareBasis', generalAir: 'FareBasis', verifyAir: 'FareBasis', localAir: 'FareBasis' },
};

function fieldsOf<Source extends string, Field extends string>(
	table: Readonly<Partial<Record<Field, Readonly<Partial<Record<Source, string>>>>>>,
	source: Source,
	record: JsonObject,
): Partial<Record<Field, unknown>> {
	const out: Partial<Record<Field, unknown>> = {};
	for (const [field, names] of Object.entries(table) as Array<[Field, Partial<Record<Source, string>>]>) {
		const name = names[source];
		if (name !== undefined) out[field] = record[name];
	}
	return out;
}

/** A railway ticket's trip from one source's record; `printedTax` where the source has the printed 税额. */
export function trainTrip(source: TrainSource, record: JsonObject): RawTrip {
	const tax = TRAIN_PRINTED_TAX[source];
	return { ...fieldsOf(TRAIN_FIELDS, source, record), ...(tax === undefined ? {} : { printedTax: record[tax] }) };
}

/** An air itinerary's trip from one source's record, with its flight segments. */
export function airTrip(source: AirSource, record: JsonObject): RawTrip {
	const tax = AIR_PRINTED_TAX[source];
	return {
		...fieldsOf(AIR_FIELDS, source, record),
		...(tax === undefined ? {} : { printedTax: record[tax] }),
		segments: objectArray(record[SEGMENT_LIST[source]]).map((segment) => fieldsOf(SEGMENT_FIELDS, source, segment)),
	};
}
