import { readInvoiceFile } from '../../../nodes/core/read/index';
import { readXmlInvoice } from '../../../nodes/core/read/xml/einvoice';
import { ticketXbrlKind } from '../../../nodes/core/read/xml/ticketXbrl';
import { parseXml } from '../../../nodes/core/read/xml/parser';
import { LocalReadError } from '../../../nodes/core/read/common/localReadError';
import { ofdFromItems } from '../../helpers/invoiceOfd';
import { PAGE, SAMPLE_RAILWAY as RAILWAY, railwayItems } from '../../helpers/tripLayouts';

// The railway e-ticket and the air itinerary carry their data as an XBRL instance of the 财政部 电子凭证会计数据标准
// taxonomies rai / atr (12306: Doc_0/Attachs/rai_issuer_*.xml in the OFD, an embedded file in the PDF). The element
// names and namespaces below are those public parsers of the real files read (sources in the #21 notes, xml21.md);
// the instances are written here, with this test's own values. They share names with the inv: invoice taxonomy
// (DateOfIssue, NameOfPurchaser, TotalAmountExcludingTax), which must not turn a ticket into a half-empty invoice.

const RAI = 'http://xbrl.mof.gov.cn/taxonomy/2021-11-30/rai';
const ATR = 'http://xbrl.mof.gov.cn/taxonomy/2021-11-30/atr';


function raiInstance(): string {
	const fact = (name: string, value: string) => `<rai:${name} contextRef="c1">${value}</rai:${name}>`;
	return (
		`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><xbrl xmlns="http://www.xbrl.org/2003/instance" xmlns:rai="${RAI}">` +
		'<context id="c1"><entity><identifier scheme="http://xbrl.mof.gov.cn">25429116600003450123</identifier></entity><period><instant>2025-01-15</instant></period></context>' +
		fact('TypeOfVoucher', '电子发票（铁路电子客票）') +
		fact('ElectronicInvoiceRailwayETicketNumber', '25429116600003450123') +
		fact('DateOfIssue', '2025-01-15') +
		fact('TrainNumber', 'G1234') +
		fact('DepartureStation', '武汉') +
		fact('DestinationStation', '北京西') +
		fact('Fare', '553.00') +
		fact('TotalAmountExcludingTax', '507.34') +
		fact('TaxAmount', '45.66') +
		fact('NameOfPurchaser', '聚光科技（杭州）股份有限公司') +
		fact('UnifiedSocialCreditCodeOfPurchaser', '91330100000000021E') +
		'</xbrl>'
	);
}

function atrInstance(): string {
	return (
		`<?xml version="1.0" encoding="UTF-8"?><xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:atr="${ATR}">` +
		'<atr:PassengerName>李四</atr:PassengerName>' +
		'<atr:ElectronicInvoiceAirTransportReceiptNumber>25449100000012345678</atr:ElectronicInvoiceAirTransportReceiptNumber>' +
		'<atr:DetailInformationOfAirTicketTuple><atr:Flight>CZ3101</atr:Flight><atr:CarrierDate>2025-02-01</atr:CarrierDate></atr:DetailInformationOfAirTicketTuple>' +
		'<atr:TotalAmount>1110.00</atr:TotalAmount><atr:IssueDate>2025-02-03</atr:IssueDate>' +
		'</xbrli:xbrl>'
	);
}

const railwayOfd = (attachments?: Array<{ name: string; data: string }>) =>
	readInvoiceFile(ofdFromItems(railwayItems(RAILWAY), PAGE.width, PAGE.height, attachments ? { attachments } : {}));

describe('the ticket XBRL (rai / atr) in an OFD', () => {
	test('a railway OFD carrying its rai_issuer XBRL is read from the printed page, as without it', async () => {
		const withXbrl = await railwayOfd([{ name: 'rai_issuer_20250115_25429116600003450123.xml', data: raiInstance() }]);
		const plain = await railwayOfd();
		expect(withXbrl).toHaveLength(1);
		expect(withXbrl[0].OfdSource).toBe('page-text');
		expect(withXbrl[0].InvoiceNumber).toBe('25429116600003450123');
		expect(withXbrl[0].TaxInclusiveTotalAmount).toBe('553.00');
		expect(withXbrl[0].RailwayTicketInfo.TrainNumber).toBe('G1234');
		expect(withXbrl[0].RailwayTicketInfo.DepartureStation).toBe('武汉站');
		expect(withXbrl).toEqual(plain);
	});

	test('ticketXbrlKind: rai → railway, atr → air, the inv: invoice taxonomy and others → null', () => {
		expect(ticketXbrlKind(parseXml(raiInstance()).root!)).toBe('railway');
		expect(ticketXbrlKind(parseXml(atrInstance()).root!)).toBe('air');
		const inv = '<xbrl xmlns:inv="http://xbrl.mof.gov.cn/taxonomy/2021-09-30/inv"><inv:NumberOfInvoice>1</inv:NumberOfInvoice></xbrl>';
		expect(ticketXbrlKind(parseXml(inv).root!)).toBeNull();
		// a prefix alone is no namespace: an unbound rai: element is not the taxonomy
		expect(ticketXbrlKind(parseXml('<xbrl><rai:Fare>1</rai:Fare></xbrl>').root!)).toBeNull();
	});
});

describe('the ticket XBRL given to the XML reader', () => {
	const errorOf = (xml: string): LocalReadError => {
		try {
			readXmlInvoice(xml);
		} catch (e) {
			return e as LocalReadError;
		}
		throw new Error('no error');
	};

	test('rai → NotAnEInvoiceXml naming the railway e-ticket, asking for its PDF or OFD', () => {
		const error = errorOf(raiInstance());
		expect(error.code).toBe('NotAnEInvoiceXml');
		expect(error.message).toContain('电子发票（铁路电子客票）');
		expect(error.message).toContain('rai');
		expect(error.description).toContain('PDF or OFD');
	});

	test('atr → NotAnEInvoiceXml naming the air itinerary', () => {
		const error = errorOf(atrInstance());
		expect(error.code).toBe('NotAnEInvoiceXml');
		expect(error.message).toContain('电子发票（航空运输电子客票行程单）');
		expect(error.message).toContain('atr');
	});

	test('another XBRL (inv:) keeps the general message', () => {
		const error = errorOf('<xbrl xmlns:inv="http://xbrl.mof.gov.cn/taxonomy/2021-09-30/inv"><inv:NumberOfInvoice>1</inv:NumberOfInvoice></xbrl>');
		expect(error.code).toBe('NotAnEInvoiceXml');
		expect(error.message).toContain('<xbrl>');
	});
});
