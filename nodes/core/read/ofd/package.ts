import { FIX_NOT_OFD, OfdError } from '../common/ofdError';
import { resolveLimits, type OfdLimits } from '../common/limits';
import { attr, childElements, descendants, firstChild, parseXml, textContent, type XmlElement } from '../xml/parser';
import { folderOf, ZipArchive, type ZipEntry } from '../zip/zip';

/** One TextObject of a page or template: its text (all TextCodes joined) and where it sits (mm). */
export interface TextItem {
	readonly id: string;
	readonly text: string;
	readonly x: number;
	readonly y: number;
	readonly width: number;
	readonly height: number;
	/** Font size (mm); 0 when not given. */
	readonly size: number;
	/** Index of the page in the document (-1 for a template not tied to a page). */
	readonly page: number;
	/** Position among the layer's text objects, for stable ordering. */
	readonly order: number;
	/**
	 * Where the glyphs are drawn (mm, page coordinates), from TextCode X/Y/DeltaX and the CTM: left edge,
	 * advance width, baseline and the font size as drawn. Undefined when the TextCodes carry no position.
	 */
	readonly glyphs?: { readonly x: number; readonly width: number; readonly baseline: number; readonly size: number };
}

/** The text objects of one page or template content file. */
export interface TextLayer {
	readonly items: readonly TextItem[];
	readonly byId: ReadonlyMap<string, TextItem>;
	/** TemplateID values the page refers to (empty for templates). */
	readonly templateIds: readonly string[];
}

export interface PageInfo {
	readonly id: string;
	readonly index: number;
	readonly entry: ZipEntry | undefined;
}

export interface AttachmentInfo {
	readonly name: string;
	readonly format: string;
	readonly entry: ZipEntry;
}

const EMPTY_LAYER: TextLayer = { items: [], byId: new Map(), templateIds: [] };

function parseNumbers(value: string | undefined): number[] {
	if (!value) return [];
	return value
		.trim()
		.split(/[\s,]+/)
		.map((part) => Number.parseFloat(part))
		.map((n) => (Number.isFinite(n) ? n : 0));
}

/**
 * An opened OFD package: the ZIP archive, OFD.xml (custom data, document root) and the first document's
 * Document.xml (pages, templates, attachments, custom tags). Parts are inflated and parsed on demand, once.
 */
export class OfdPackage {
	readonly zip: ZipArchive;
	readonly limits: OfdLimits;
	/** OFD.xml DocInfo/CustomDatas, keyed by Name with whitespace and 、 removed. */
	readonly customData: ReadonlyMap<string, string>;
	/** Zip path of the Document.xml in use, or null when the document root could not be found. */
	readonly documentPath: string | null;
	readonly document: XmlElement | null;
	/** Pages in document order, as declared in Document.xml. */
	readonly pages: readonly PageInfo[];
	private readonly pageIds = new Map<string, number>();
	private readonly templates: ReadonlyMap<string, ZipEntry | undefined>;
	private readonly firstTemplate: ZipEntry | undefined;
	private readonly xmlCache = new Map<ZipEntry, Promise<XmlElement | null>>();
	private readonly layerCache = new Map<ZipEntry, Promise<TextLayer>>();

	private constructor(init: {
		zip: ZipArchive;
		limits: OfdLimits;
		customData: Map<string, string>;
		documentPath: string | null;
		document: XmlElement | null;
		pages: PageInfo[];
		templates: Map<string, ZipEntry | undefined>;
		firstTemplate: ZipEntry | undefined;
	}) {
		this.zip = init.zip;
		this.limits = init.limits;
		this.customData = init.customData;
		this.documentPath = init.documentPath;
		this.document = init.document;
		this.pages = init.pages;
		for (const page of init.pages) if (page.id && !this.pageIds.has(page.id)) this.pageIds.set(page.id, page.index);
		this.templates = init.templates;
		this.firstTemplate = init.firstTemplate;
	}

	/** Open the ZIP archive, read OFD.xml and the first document's Document.xml. */
	static async open(bytes: Uint8Array, limits?: Partial<OfdLimits>): Promise<OfdPackage> {
		const lim = resolveLimits(limits);
		const zip = ZipArchive.open(bytes, lim);
		const ofdEntry = zip.find('OFD.xml');
		if (!ofdEntry) {
			throw new OfdError(
				'NO_OFD_XML',
				'The file is a ZIP archive but not an OFD document: it has no OFD.xml at its root',
				FIX_NOT_OFD,
			);
		}
		const ofd = parseXml(await zip.read(ofdEntry), { maxDepth: lim.maxXmlDepth, maxNodes: lim.maxXmlNodes }, 'OFD.xml').root;

		const customData = new Map<string, string>();
		let documentEntry: ZipEntry | undefined;
		if (ofd) {
			const bodies = descendants(ofd, 'DocBody');
			for (const body of bodies) {
				const docRoot = firstChild(body, 'DocRoot');
				const entry = docRoot ? zip.resolve(ofdEntry.name, textContent(docRoot)) : undefined;
				if (entry && !documentEntry) documentEntry = entry;
			}
			const info = bodies.length > 0 ? firstChild(bodies[0], 'DocInfo') : undefined;
			const datas = info ? firstChild(info, 'CustomDatas') : undefined;
			for (const data of datas ? childElements(datas, 'CustomData') : []) {
				const name = (attr(data, 'Name') ?? '').replace(/[\s、]+/g, '');
				if (name && !customData.has(name)) customData.set(name, textContent(data));
			}
		}
		documentEntry ??= zip.find('Doc_0/Document.xml');

		let document: XmlElement | null = null;
		const pages: PageInfo[] = [];
		const templates = new Map<string, ZipEntry | undefined>();
		let firstTemplate: ZipEntry | undefined;
		if (documentEntry) {
			document = parseXml(
				await zip.read(documentEntry),
				{ maxDepth: lim.maxXmlDepth, maxNodes: lim.maxXmlNodes },
				documentEntry.name,
			).root;
		}
		if (document && documentEntry) {
			const base = documentEntry.name;
			for (const template of descendants(document, 'TemplatePage')) {
				const entry = zip.resolve(base, attr(template, 'BaseLoc') ?? '');
				const id = (attr(template, 'ID') ?? '').trim();
				if (id && !templates.has(id)) templates.set(id, entry);
				firstTemplate ??= entry;
			}
			const pagesElement = firstChild(document, 'Pages');
			const pageElements = pagesElement ? descendants(pagesElement, 'Page') : [];
			for (const page of pageElements) {
				pages.push({
					id: (attr(page, 'ID') ?? '').trim(),
					index: pages.length,
					entry: zip.resolve(base, attr(page, 'BaseLoc') ?? ''),
				});
			}
		}
		return new OfdPackage({
			zip,
			limits: lim,
			customData,
			documentPath: documentEntry && document ? documentEntry.name : null,
			document,
			pages,
			templates,
			firstTemplate,
		});
	}

	/** Parse an XML part (memoised). Null when the part has no root element. */
	readXml(entry: ZipEntry): Promise<XmlElement | null> {
		let pending = this.xmlCache.get(entry);
		if (!pending) {
			pending = this.zip
				.read(entry)
				.then((bytes) => parseXml(bytes, { maxDepth: this.limits.maxXmlDepth, maxNodes: this.limits.maxXmlNodes }, entry.name).root);
			this.xmlCache.set(entry, pending);
		}
		return pending;
	}

	/** The page index for a PageRef / page ID, or -1. */
	pageIndexById(id: string): number {
		return this.pageIds.get(id.trim()) ?? -1;
	}

	/** Text objects of page `index` (empty when the page is missing or beyond `maxPages`). */
	pageTexts(index: number): Promise<TextLayer> {
		const page = this.pages[index];
		if (!page || !page.entry || index >= this.limits.maxPages) return Promise.resolve(EMPTY_LAYER);
		return this.layer(page.entry, index);
	}

	/** Text objects of the templates page `index` uses (or of the first template when it names none). */
	async templateTexts(index: number): Promise<TextLayer[]> {
		const page = await this.pageTexts(index);
		const entries: ZipEntry[] = [];
		for (const id of page.templateIds) {
			const entry = this.templates.get(id);
			if (entry && !entries.includes(entry)) entries.push(entry);
			if (entries.length >= 8) break; // a page uses one or two templates
		}
		if (entries.length === 0 && this.firstTemplate) entries.push(this.firstTemplate);
		return Promise.all(entries.map((entry) => this.layer(entry, index)));
	}

	private layer(entry: ZipEntry, pageIndex: number): Promise<TextLayer> {
		let pending = this.layerCache.get(entry);
		if (!pending) {
			pending = this.readXml(entry).then((root) => (root ? buildLayer(root, pageIndex) : EMPTY_LAYER));
			this.layerCache.set(entry, pending);
		}
		return pending;
	}

	/** Attachments declared in Attachs/Attachments.xml; when none is declared, XML files found under Attachs/. */
	async attachments(): Promise<AttachmentInfo[]> {
		const out: AttachmentInfo[] = [];
		const seen = new Set<ZipEntry>();
		const listElement = this.document ? firstChild(this.document, 'Attachments') : undefined;
		const listEntry =
			listElement && this.documentPath ? this.zip.resolve(this.documentPath, textContent(listElement)) : undefined;
		if (listEntry) {
			const list = await this.readXml(listEntry);
			for (const attachment of list ? descendants(list, 'Attachment') : []) {
				const loc = firstChild(attachment, 'FileLoc');
				const entry = loc ? this.zip.resolve(listEntry.name, textContent(loc)) : undefined;
				if (!entry || seen.has(entry)) continue;
				seen.add(entry);
				out.push({ name: (attr(attachment, 'Name') ?? '').trim(), format: (attr(attachment, 'Format') ?? '').trim(), entry });
			}
		}
		if (out.length === 0) {
			for (const entry of this.zip.entries) {
				if (entry.isDirectory || !/(^|\/)attachs?\/[^/]+\.xml$/i.test(entry.name)) continue;
				if (/\/attachments\.xml$/i.test(entry.name)) continue;
				const base = entry.name.slice(entry.name.lastIndexOf('/') + 1).replace(/\.xml$/i, '');
				out.push({ name: base, format: '', entry });
			}
		}
		return out;
	}

	/** Custom tag files listed in Tags/CustomTags.xml; when none is listed, the usual names under Tags/. */
	async customTagFiles(): Promise<ZipEntry[]> {
		const out: ZipEntry[] = [];
		const seen = new Set<ZipEntry>();
		const listElement = this.document ? firstChild(this.document, 'CustomTags') : undefined;
		const listEntry =
			listElement && this.documentPath ? this.zip.resolve(this.documentPath, textContent(listElement)) : undefined;
		if (listEntry) {
			const list = await this.readXml(listEntry);
			for (const tag of list ? descendants(list, 'CustomTag') : []) {
				const loc = firstChild(tag, 'FileLoc');
				const entry: ZipEntry | undefined = loc ? this.zip.resolve(listEntry.name, textContent(loc)) : undefined;
				if (!entry || entry === listEntry || seen.has(entry)) continue;
				seen.add(entry);
				out.push(entry);
			}
		}
		if (out.length === 0) {
			const folder = this.documentPath ? folderOf(this.documentPath) : 'Doc_0';
			for (const name of ['CustomTag.xml', 'Tag_Invoice.xml', 'Tag_e-invoice.xml']) {
				const entry = this.zip.find(folder ? `${folder}/Tags/${name}` : `Tags/${name}`);
				if (entry) out.push(entry);
			}
		}
		return out;
	}
}

/** Expand a DeltaX/DeltaY list ("g 11 1.5875" repeats 1.5875 eleven times) into at most `limit` numbers. */
export function expandDeltas(value: string | undefined, limit: number): number[] {
	const parts = (value ?? '').trim().split(/[\s,]+/).filter((p) => p !== '');
	const out: number[] = [];
	for (let i = 0; i < parts.length && out.length < limit; i++) {
		if (parts[i] === 'g') {
			const count = Math.min(Number.parseInt(parts[i + 1] ?? '0', 10) || 0, limit - out.length);
			const delta = Number.parseFloat(parts[i + 2] ?? '0');
			for (let k = 0; k < count; k++) out.push(Number.isFinite(delta) ? delta : 0);
			i += 2;
		} else {
			const n = Number.parseFloat(parts[i]);
			out.push(Number.isFinite(n) ? n : 0);
		}
	}
	return out;
}

const isWideChar = (ch: string) => /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(ch);

/** The drawn extent of a TextObject's TextCodes (see TextItem.glyphs), or undefined without positions. */
function glyphBox(codes: XmlElement[], ctm: number[], size: number, boxX: number, boxY: number): TextItem['glyphs'] {
	if (codes.length === 0 || !(size > 0)) return undefined;
	const [a = 1, , , d = 1, e = 0, f = 0] = ctm.length >= 6 ? ctm : [1, 0, 0, 1, 0, 0];
	let left = Infinity;
	let right = -Infinity;
	let baseline: number | undefined;
	for (const code of codes) {
		if (attr(code, 'DeltaY') !== undefined && attr(code, 'DeltaX') === undefined) return undefined; // vertical text
		const cx = Number.parseFloat(attr(code, 'X') ?? '');
		const cy = Number.parseFloat(attr(code, 'Y') ?? '');
		if (!Number.isFinite(cx) || !Number.isFinite(cy)) return undefined;
		const chars = [...textContent(code)];
		if (chars.length === 0) continue;
		const deltas = expandDeltas(attr(code, 'DeltaX'), chars.length - 1);
		let advance = 0;
		for (let i = 0; i < chars.length - 1; i++) advance += deltas[i] ?? size * (isWideChar(chars[i]) ? 1 : 0.5);
		advance += size * (isWideChar(chars[chars.length - 1]) ? 1 : 0.5);
		left = Math.min(left, cx);
		right = Math.max(right, cx + advance);
		baseline ??= cy;
	}
	if (baseline === undefined || !Number.isFinite(left)) return undefined;
	const sx = Math.abs(a) || 1;
	const sy = Math.abs(d) || 1;
	return { x: boxX + e + left * sx, width: (right - left) * sx, baseline: boxY + f + baseline * sy, size: size * sy };
}

function buildLayer(root: XmlElement, pageIndex: number): TextLayer {
	const items: TextItem[] = [];
	const byId = new Map<string, TextItem>();
	for (const object of descendants(root, 'TextObject')) {
		let text = '';
		const codes = childElements(object, 'TextCode');
		for (const code of codes) text += textContent(code);
		const [x = 0, y = 0, width = 0, height = 0] = parseNumbers(attr(object, 'Boundary'));
		const size = parseNumbers(attr(object, 'Size'))[0] ?? 0;
		const glyphs = glyphBox(codes, parseNumbers(attr(object, 'CTM')), size, x, y);
		const item: TextItem = { id: (attr(object, 'ID') ?? '').trim(), text, x, y, width, height, size, page: pageIndex, order: items.length, glyphs };
		items.push(item);
		if (item.id && !byId.has(item.id)) byId.set(item.id, item);
	}
	const templateIds = childElements(root, 'Template')
		.map((t) => (attr(t, 'TemplateID') ?? '').trim())
		.filter((id) => id !== '');
	return { items, byId, templateIds };
}
