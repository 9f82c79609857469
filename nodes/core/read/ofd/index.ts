// The local OFD e-invoice reader: pure TypeScript, no dependency, no n8n import.
export { readOfdInvoice, findTitle, findAmountInWords, type ReadOfdOptions } from './invoice';
export { OfdError, isFatalOfdError, type OfdErrorCode } from '../common/ofdError';
export { DEFAULT_OFD_LIMITS, resolveLimits, type OfdLimits } from '../common/limits';
export {
	OFD_SOURCES,
	OFD_EXTRA_FIELDS,
	LOCAL_ADDITION_FIELDS,
	emptyAdditions,
	type LocalInvoiceAdditions,
	type SpecificBusinessInfo,
	emptyTencentFields,
	emptyGoodsInfo,
	emptyUserInfo,
	emptyAirTicketInfo,
	emptyAirTicketSegment,
	emptyRailwayTicketInfo,
	type OfdInvoice,
	type OfdSource,
	type OfdExtraFields,
	type VerifyOfdVatInvoiceOcrFields,
	type VatInvoiceUserInfo,
	type VatInvoiceGoodsInfo,
	type AirTicketInfo,
	type RailwayTicketInfo,
	type DetailInformationOfAirTicketTupleList,
} from '../common/fields';
export { ZipArchive, normalizeZipPath, ofdPathCandidates, folderOf, type ZipEntry } from '../zip/zip';
export { inflateRaw, crc32, type InflateResult } from '../zip/inflate';
export {
	parseXml,
	decodeXmlBytes,
	decodeEntities,
	attr,
	childElements,
	firstChild,
	descendants,
	firstDescendant,
	textContent,
	DEFAULT_XML_LIMITS,
	type XmlDocument,
	type XmlElement,
	type XmlNode,
	type XmlText,
	type XmlAttribute,
	type XmlLimits,
} from '../xml/parser';
export { OfdPackage, type TextItem, type TextLayer, type PageInfo, type AttachmentInfo } from './package';
export { isAmountInWords, isTitleCandidate, isQrText, invoiceTypeCode, cleanValue, compactValue } from '../common/text';
