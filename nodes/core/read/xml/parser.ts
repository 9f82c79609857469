import { OfdError } from '../common/ofdError';

/**
 * A small, tolerant XML reader for the parts of an OFD file. It keeps elements, attributes and text
 * (CDATA included), resolves namespace prefixes, decodes the five predefined entities and numeric character
 * references, and skips comments, processing instructions and DOCTYPE declarations. It never reads a DTD,
 * never expands a custom entity and never fetches anything. Malformed input gives a best-effort tree rather
 * than an error (e.g. the Suwell root `<:eInvoice xmlns:="">`, unclosed or mismatched tags); only the depth
 * and node-count limits throw.
 */

export interface XmlAttribute {
	/** Qualified name as written, e.g. `xmlns:fp` or `Name`. */
	readonly name: string;
	readonly prefix: string;
	readonly local: string;
	readonly value: string;
}

export interface XmlElement {
	readonly kind: 'element';
	/** Qualified name as written, e.g. `ofd:TextObject`. */
	readonly name: string;
	/** Prefix as written ('' when none). */
	readonly prefix: string;
	/** Local name, without prefix. */
	readonly local: string;
	/** Namespace URI the prefix is bound to ('' when unbound). */
	readonly namespace: string;
	readonly attributes: readonly XmlAttribute[];
	readonly children: readonly XmlNode[];
}

export interface XmlText {
	readonly kind: 'text';
	readonly text: string;
	readonly cdata: boolean;
}

export type XmlNode = XmlElement | XmlText;

export interface XmlDocument {
	/** The first top-level element; null when there is none. */
	readonly root: XmlElement | null;
	/** Encoding the bytes were decoded with. */
	readonly encoding: string;
}

export interface XmlLimits {
	maxDepth: number;
	maxNodes: number;
}

export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({ maxDepth: 256, maxNodes: 500_000 });

interface MutableElement {
	kind: 'element';
	name: string;
	prefix: string;
	local: string;
	namespace: string;
	attributes: XmlAttribute[];
	children: XmlNode[];
}

type Decoder = InstanceType<typeof TextDecoder>;

const decoders = new Map<string, Decoder | null>();

function decoderFor(label: string): Decoder | null {
	if (decoders.has(label)) return decoders.get(label) ?? null;
	let decoder: Decoder | null;
	try {
		decoder = new TextDecoder(label);
	} catch {
		decoder = null;
	}
	decoders.set(label, decoder);
	return decoder;
}

/**
 * Decode XML bytes to text: a BOM wins, then the encoding declared in the prolog (GBK, GB2312 and GB18030
 * are read as GB18030), else UTF-8. Undecodable bytes become U+FFFD.
 */
export function decodeXmlBytes(bytes: Uint8Array): { text: string; encoding: string } {
	if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
		return { text: decoderFor('utf-8')!.decode(bytes.subarray(3)), encoding: 'utf-8' };
	}
	if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
		return { text: decoderFor('utf-16le')!.decode(bytes.subarray(2)), encoding: 'utf-16le' };
	}
	if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
		return { text: decoderFor('utf-16be')!.decode(bytes.subarray(2)), encoding: 'utf-16be' };
	}
	let encoding = 'utf-8';
	if (bytes.length >= 5 && bytes[0] === 0x3c && bytes[1] === 0x3f) {
		let end = 2;
		while (end < bytes.length && end < 256 && bytes[end] !== 0x3e) end++;
		let prolog = '';
		for (let i = 0; i < end; i++) prolog += String.fromCharCode(bytes[i]);
		const match = /encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(prolog);
		if (match) {
			const declared = match[1].toLowerCase();
			if (declared === 'gbk' || declared === 'gb2312' || declared === 'gb18030' || declared === 'cp936') {
				encoding = 'gb18030';
			} else if (declared.startsWith('utf-16')) {
				encoding = 'utf-8'; // a UTF-16 document without BOM cannot carry an ASCII prolog; ignore the claim
			} else if (decoderFor(declared)) {
				encoding = declared;
			}
		}
	}
	const decoder = decoderFor(encoding) ?? decoderFor('utf-8')!;
	return { text: decoder.decode(bytes), encoding: decoder === decoderFor('utf-8') ? 'utf-8' : encoding };
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Replace the five predefined entities and numeric character references; anything else stays as written. */
export function decodeEntities(text: string): string {
	if (text.indexOf('&') < 0) return text;
	return text.replace(/&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,10}|[A-Za-z_][A-Za-z0-9._-]{0,31});/g, (whole, body: string) => {
		if (body[0] === '#') {
			const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
			if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
			return String.fromCodePoint(code);
		}
		return PREDEFINED[body] ?? whole;
	});
}

function isNameStart(c: number): boolean {
	// Letters, '_', ':' (for the malformed ':eInvoice'), and anything non-ASCII.
	return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c >= 128;
}

function isSpace(c: number): boolean {
	return c === 32 || c === 9 || c === 10 || c === 13;
}

function splitName(name: string): { prefix: string; local: string } {
	const colon = name.indexOf(':');
	if (colon < 0) return { prefix: '', local: name };
	const local = name.slice(colon + 1);
	return local === '' ? { prefix: '', local: name } : { prefix: name.slice(0, colon), local };
}

/** Parse XML text or bytes into a tree. Throws OfdError XML_TOO_DEEP / TOO_LARGE when a limit is hit. */
export function parseXml(input: string | Uint8Array, limits: Partial<XmlLimits> = {}, label = 'XML'): XmlDocument {
	const maxDepth = limits.maxDepth ?? DEFAULT_XML_LIMITS.maxDepth;
	const maxNodes = limits.maxNodes ?? DEFAULT_XML_LIMITS.maxNodes;
	let s: string;
	let encoding = 'utf-8';
	if (typeof input === 'string') {
		s = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	} else {
		const decoded = decodeXmlBytes(input);
		s = decoded.text;
		encoding = decoded.encoding;
	}
	// End-of-line handling (XML 1.0 §2.11): CR LF and lone CR become LF.
	if (s.indexOf('\r') >= 0) s = s.replace(/\r\n?/g, '\n');

	const top: MutableElement = { kind: 'element', name: '', prefix: '', local: '', namespace: '', attributes: [], children: [] };
	const stack: MutableElement[] = [top];
	const scopes: Array<Map<string, string> | null> = [null];
	let nodes = 0;
	const len = s.length;
	let pos = 0;

	const countNode = () => {
		if (++nodes > maxNodes) {
			throw new OfdError(
				'TOO_LARGE',
				`The ${label} part of the OFD file has more than ${maxNodes} XML nodes`,
				'E-invoice XML parts are small. Check that the right file is passed in.',
			);
		}
	};
	const addText = (text: string, cdata: boolean) => {
		if (text === '' || stack.length === 1) return; // text outside the root element is ignored
		countNode();
		stack[stack.length - 1].children.push({ kind: 'text', text: cdata ? text : decodeEntities(text), cdata });
	};
	const lookupNamespace = (prefix: string): string => {
		for (let i = scopes.length - 1; i >= 0; i--) {
			const scope = scopes[i];
			if (scope && scope.has(prefix)) return scope.get(prefix)!;
		}
		if (prefix === 'xml') return 'http://www.w3.org/XML/1998/namespace';
		return '';
	};

	while (pos < len) {
		const lt = s.indexOf('<', pos);
		if (lt < 0) {
			addText(s.slice(pos), false);
			break;
		}
		if (lt > pos) addText(s.slice(pos, lt), false);
		const next = s.charCodeAt(lt + 1);
		if (next === 33 /* ! */) {
			if (s.startsWith('<!--', lt)) {
				const end = s.indexOf('-->', lt + 4);
				pos = end < 0 ? len : end + 3;
			} else if (s.startsWith('<![CDATA[', lt)) {
				const end = s.indexOf(']]>', lt + 9);
				addText(s.slice(lt + 9, end < 0 ? len : end), true);
				pos = end < 0 ? len : end + 3;
			} else {
				pos = skipDeclaration(s, lt + 2);
			}
			continue;
		}
		if (next === 63 /* ? */) {
			const end = s.indexOf('?>', lt + 2);
			pos = end < 0 ? len : end + 2;
			continue;
		}
		if (next === 47 /* / */) {
			const gt = s.indexOf('>', lt + 2);
			const name = s.slice(lt + 2, gt < 0 ? len : gt).trim();
			pos = gt < 0 ? len : gt + 1;
			// Close up to the matching open element; an end tag that matches nothing open is ignored.
			for (let i = stack.length - 1; i >= 1; i--) {
				if (stack[i].name === name) {
					stack.length = i;
					scopes.length = i;
					break;
				}
			}
			continue;
		}
		if (!isNameStart(next)) {
			addText('<', false);
			pos = lt + 1;
			continue;
		}

		// Start tag.
		let p = lt + 1;
		while (p < len) {
			const c = s.charCodeAt(p);
			if (isSpace(c) || c === 47 || c === 62 || c === 60) break;
			p++;
		}
		const name = s.slice(lt + 1, p);
		const attributes: XmlAttribute[] = [];
		let selfClosing = false;
		let closed = false;
		while (p < len) {
			const c = s.charCodeAt(p);
			if (isSpace(c)) {
				p++;
				continue;
			}
			if (c === 62 /* > */) {
				p++;
				closed = true;
				break;
			}
			if (c === 47 /* / */) {
				if (s.charCodeAt(p + 1) === 62) {
					selfClosing = true;
					closed = true;
					p += 2;
					break;
				}
				p++;
				continue;
			}
			if (c === 60 /* < */) break; // unterminated tag: let the next round read the '<'
			const nameStart = p;
			while (p < len) {
				const d = s.charCodeAt(p);
				if (isSpace(d) || d === 61 || d === 62 || d === 47 || d === 60) break;
				p++;
			}
			if (p === nameStart) {
				p++; // a stray '=' or quote: step over it
				continue;
			}
			const attrName = s.slice(nameStart, p);
			while (p < len && isSpace(s.charCodeAt(p))) p++;
			let value = '';
			if (s.charCodeAt(p) === 61 /* = */) {
				p++;
				while (p < len && isSpace(s.charCodeAt(p))) p++;
				const quote = s.charCodeAt(p);
				if (quote === 34 || quote === 39) {
					const end = s.indexOf(quote === 34 ? '"' : "'", p + 1);
					const stop = end < 0 ? len : end;
					value = decodeEntities(s.slice(p + 1, stop).replace(/[\t\n\r]/g, ' '));
					p = end < 0 ? len : end + 1;
				} else {
					const start = p;
					while (p < len) {
						const d = s.charCodeAt(p);
						if (isSpace(d) || d === 62 || d === 60) break;
						p++;
					}
					value = decodeEntities(s.slice(start, p));
				}
			}
			const { prefix, local } = splitName(attrName);
			attributes.push({ name: attrName, prefix, local, value });
		}
		pos = p;

		let scope: Map<string, string> | null = null;
		for (const attribute of attributes) {
			if (attribute.name === 'xmlns' || attribute.name === 'xmlns:') {
				(scope ??= new Map()).set('', attribute.value);
			} else if (attribute.prefix === 'xmlns') {
				(scope ??= new Map()).set(attribute.local, attribute.value);
			}
		}
		countNode();
		const split = splitName(name);
		scopes.push(scope);
		const element: MutableElement = {
			kind: 'element',
			name,
			prefix: split.prefix,
			local: split.local,
			namespace: lookupNamespace(split.prefix),
			attributes,
			children: [],
		};
		stack[stack.length - 1].children.push(element);
		if (selfClosing || !closed) {
			scopes.pop();
			continue;
		}
		stack.push(element);
		if (stack.length - 1 > maxDepth) {
			throw new OfdError(
				'XML_TOO_DEEP',
				`The ${label} part of the OFD file nests XML elements more than ${maxDepth} levels deep`,
				'Real e-invoices nest a few levels only; this file is damaged or crafted. Get the invoice again from its issuer.',
			);
		}
	}

	let root: XmlElement | null = null;
	for (const child of top.children) {
		if (child.kind === 'element') {
			root = child;
			break;
		}
	}
	return { root, encoding };
}

/** Skip `<!DOCTYPE ...>` (with its internal subset) or any other `<!...>` declaration; returns the index after it. */
function skipDeclaration(s: string, from: number): number {
	const len = s.length;
	let depth = 0;
	let p = from;
	while (p < len) {
		const c = s.charCodeAt(p);
		if (c === 34 || c === 39) {
			const end = s.indexOf(c === 34 ? '"' : "'", p + 1);
			p = end < 0 ? len : end + 1;
			continue;
		}
		if (c === 60 && s.startsWith('<!--', p)) {
			const end = s.indexOf('-->', p + 4);
			p = end < 0 ? len : end + 3;
			continue;
		}
		if (c === 91 /* [ */) depth++;
		else if (c === 93 /* ] */) depth = Math.max(0, depth - 1);
		else if (c === 62 /* > */ && depth === 0) return p + 1;
		p++;
	}
	return len;
}

// ---------------------------------------------------------------------------------------------------------
// Query helpers

/** The value of the attribute with this local name (any prefix), or undefined. */
export function attr(element: XmlElement, local: string): string | undefined {
	for (const attribute of element.attributes) if (attribute.local === local) return attribute.value;
	return undefined;
}

/** Child elements, optionally only those with this local name. */
export function childElements(element: XmlElement, local?: string): XmlElement[] {
	const out: XmlElement[] = [];
	for (const child of element.children) {
		if (child.kind === 'element' && (local === undefined || child.local === local)) out.push(child);
	}
	return out;
}

/** The first child element with this local name. */
export function firstChild(element: XmlElement, local: string): XmlElement | undefined {
	for (const child of element.children) if (child.kind === 'element' && child.local === local) return child;
	return undefined;
}

/**
 * Walks the descendant nodes (elements and text) in document order without recursion (deep documents
 * cannot overflow the stack); subtrees whose root element satisfies `skip` are not entered.
 */
function* walkNodes(element: XmlElement, skip?: (e: XmlElement) => boolean): Generator<XmlNode> {
	const stack: Array<{ e: XmlElement; i: number }> = [{ e: element, i: 0 }];
	while (stack.length > 0) {
		const top = stack[stack.length - 1];
		if (top.i >= top.e.children.length) {
			stack.pop();
			continue;
		}
		const child = top.e.children[top.i++];
		if (child.kind === 'element') {
			if (skip && skip(child)) continue;
			stack.push({ e: child, i: 0 });
		}
		yield child;
	}
}

function* walkElements(element: XmlElement, skip?: (e: XmlElement) => boolean): Generator<XmlElement> {
	for (const node of walkNodes(element, skip)) if (node.kind === 'element') yield node;
}

/**
 * Every descendant element (document order), optionally only those with this local name; subtrees whose
 * root satisfies `skip` are not entered.
 */
export function descendants(element: XmlElement, local?: string, skip?: (e: XmlElement) => boolean): XmlElement[] {
	const out: XmlElement[] = [];
	for (const child of walkElements(element, skip)) {
		if (local === undefined || child.local === local) out.push(child);
	}
	return out;
}

/** The first descendant element (document order) with this local name. */
export function firstDescendant(
	element: XmlElement,
	local: string,
	skip?: (e: XmlElement) => boolean,
): XmlElement | undefined {
	for (const child of walkElements(element, skip)) {
		if (child.local === local) return child;
	}
	return undefined;
}

/** All text below the element, concatenated in document order (CDATA included). */
export function textContent(element: XmlElement): string {
	let out = '';
	for (const node of walkNodes(element)) if (node.kind === 'text') out += node.text;
	return out;
}
