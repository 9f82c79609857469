import {
	attr,
	childElements,
	decodeXmlBytes,
	descendants,
	firstChild,
	firstDescendant,
	parseXml,
	textContent,
	type XmlElement,
} from '../../../../nodes/core/read/ofd';
import { readFixture } from '../../../support/files';
import { readZip } from '../../../support/zip';

function root(xml: string | Uint8Array): XmlElement {
	const r = parseXml(xml).root;
	if (!r) throw new Error('no root element');
	return r;
}

describe('parseXml', () => {
	test('elements, attributes, text, prefixes and namespaces', () => {
		const r = root(
			'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016" xmlns="urn:default">' +
				'<ofd:TextObject ID="6922" Boundary="170 10.3 38 5"><ofd:TextCode X="0">24112000000048542163</ofd:TextCode></ofd:TextObject>' +
				'<Plain a=\'single\' b = "spaced" />' +
				'</ofd:Page>',
		);
		expect(r.name).toBe('ofd:Page');
		expect(r.prefix).toBe('ofd');
		expect(r.local).toBe('Page');
		expect(r.namespace).toBe('http://www.ofdspec.org/2016');
		const text = firstDescendant(r, 'TextObject')!;
		expect(attr(text, 'ID')).toBe('6922');
		expect(attr(text, 'Boundary')).toBe('170 10.3 38 5');
		expect(textContent(text)).toBe('24112000000048542163');
		const plain = firstChild(r, 'Plain')!;
		expect(plain.namespace).toBe('urn:default');
		expect(attr(plain, 'a')).toBe('single');
		expect(attr(plain, 'b')).toBe('spaced');
		expect(childElements(r).map((e) => e.local)).toEqual(['TextObject', 'Plain']);
	});

	test('the five entities and numeric character references, in text and attributes', () => {
		const r = root('<a t="&lt;&amp;&gt;&quot;&apos; &#20013;&#x6587;">&lt;/-512&lt;*7/2&gt; &amp;amp; &#x1F600; &#65;&#x42;</a>');
		expect(attr(r, 't')).toBe('<&>"\' 中文');
		expect(textContent(r)).toBe('</-512<*7/2> &amp; 😀 AB');
	});

	test('invalid character references become U+FFFD; unknown entities stay as written', () => {
		const r = root('<a>&#0;&#xD800;&#x110000;&nbsp;&unknown;&#xZZ;</a>');
		expect(textContent(r)).toBe('\ufffd\ufffd\ufffd&nbsp;&unknown;&#xZZ;');
	});

	test('CDATA is kept verbatim (no entity decoding, markup allowed)', () => {
		const r = root('<fp:IssueDate xmlns:fp="x"><![CDATA[2020年02月20日 <b>&amp;</b>]]></fp:IssueDate>');
		expect(textContent(r)).toBe('2020年02月20日 <b>&amp;</b>');
		expect(r.children[0]).toMatchObject({ kind: 'text', cdata: true });
	});

	test('comments and processing instructions are skipped', () => {
		const r = root('<?xml version="1.0"?><!-- c1 --><a>x<!-- <b>not</b> -->y<?pi data?>z</a><!-- tail -->');
		expect(textContent(r)).toBe('xyz');
		expect(childElements(r)).toHaveLength(0);
	});

	test('the malformed Suwell root <:eInvoice xmlns:=""> parses', () => {
		const r = root(
			'<?xml version="1.0" encoding="UTF-8"?>\n<:eInvoice xmlns:=""><InvoiceCode><ofd:ObjectRef PageRef="1">64</ofd:ObjectRef></InvoiceCode></:eInvoice>',
		);
		expect(r.name).toBe(':eInvoice');
		expect(r.local).toBe('eInvoice');
		expect(r.prefix).toBe('');
		const ref = firstDescendant(r, 'ObjectRef')!;
		expect(ref.prefix).toBe('ofd'); // prefix kept even though it is not declared
		expect(ref.namespace).toBe('');
		expect(attr(ref, 'PageRef')).toBe('1');
		expect(textContent(ref)).toBe('64');
	});

	test('the real Suwell CustomTag.xml parses into all its tags', () => {
		const entries = readZip(readFixture('ofd', 'ofdrw_converter_1_vat-e-common-suwell-2020.ofd'));
		const tag = entries.find((e: { name: string }) => e.name === 'Doc_0/Tags/CustomTag.xml')!;
		expect(tag.data.toString('utf8')).toContain('<:eInvoice xmlns:="">');
		const r = root(tag.data);
		expect(r.local).toBe('eInvoice');
		expect(descendants(r, 'ObjectRef')).toHaveLength(27); // counted with grep
		expect(textContent(firstDescendant(r, 'TaxControlCode')!)).toBe('75');
		expect(descendants(r, 'GoodsInfo')).toHaveLength(1);
	});

	test('DOCTYPE with an internal subset is skipped and custom entities are never expanded', () => {
		const xml =
			'<?xml version="1.0"?>\n<!DOCTYPE a [\n  <!ENTITY lol "lol">\n  <!ENTITY lol2 "&lol;&lol;&lol;&lol;">\n' +
			'  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n  <!-- a comment with ] and > -->\n  <!ATTLIST a b CDATA "x>]">\n]>\n' +
			'<a>&lol2;&xxe;&amp;</a>';
		const r = root(xml);
		expect(r.local).toBe('a');
		expect(textContent(r)).toBe('&lol2;&xxe;&');
		expect(attr(r, 'b')).toBeUndefined();
	});

	test('a simple DOCTYPE without subset is skipped too', () => {
		expect(textContent(root('<!DOCTYPE html><html>ok</html>'))).toBe('ok');
	});

	test('nesting deeper than the limit throws XML_TOO_DEEP', () => {
		const deep = '<a>'.repeat(300) + '</a>'.repeat(300);
		expect(() => parseXml(deep)).toThrow(expect.objectContaining({ name: 'OfdError', code: 'XML_TOO_DEEP' }));
		expect(() => parseXml(deep, { maxDepth: 400 })).not.toThrow();
		const ok = '<a>'.repeat(256) + '</a>'.repeat(256);
		expect(() => parseXml(ok)).not.toThrow();
	});

	test('unclosed deep nesting hits the limit as well (no end tags needed)', () => {
		expect(() => parseXml('<a>'.repeat(100_000))).toThrow(expect.objectContaining({ code: 'XML_TOO_DEEP' }));
	});

	test('more nodes than the limit throws TOO_LARGE', () => {
		const many = `<r>${'<x/>'.repeat(2000)}</r>`;
		expect(() => parseXml(many, { maxNodes: 1000 })).toThrow(expect.objectContaining({ code: 'TOO_LARGE' }));
		expect(parseXml(many).root!.children).toHaveLength(2000);
	});

	test('tolerates malformed markup: mismatched and missing end tags, stray <, unquoted attributes', () => {
		const r = root('<a x=1 y><b>one</c></b><d>two<e>three</a>after');
		expect(attr(r, 'x')).toBe('1');
		expect(attr(r, 'y')).toBe('');
		expect(textContent(firstChild(r, 'b')!)).toBe('one');
		expect(textContent(firstDescendant(r, 'e')!)).toBe('three');
		expect(textContent(root('<a>1 < 2 <3</a>'))).toBe('1 < 2 <3');
		expect(parseXml('no markup at all').root).toBeNull();
		expect(parseXml('').root).toBeNull();
		expect(root('<a><b attr="unterminated></a>').local).toBe('a');
		expect(root('<a><!-- never closed').local).toBe('a');
		expect(root('<a><![CDATA[never closed').local).toBe('a');
	});

	test('CR LF line endings are normalised to LF', () => {
		expect(textContent(root('<a>1\r\n2\r3</a>'))).toBe('1\n2\n3');
	});
});

describe('decodeXmlBytes', () => {
	test('UTF-8 with and without BOM', () => {
		const body = Buffer.from('<a>发票</a>', 'utf8');
		expect(decodeXmlBytes(body).text).toBe('<a>发票</a>');
		expect(decodeXmlBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body])).text).toBe('<a>发票</a>');
	});

	test('GBK / GB2312 / GB18030 declared in the prolog are read as GB18030', () => {
		// 发票 in GBK is B7 A2 C6 B1.
		for (const label of ['GBK', 'gb2312', 'GB18030']) {
			const bytes = Buffer.concat([
				Buffer.from(`<?xml version="1.0" encoding="${label}"?><a>`, 'latin1'),
				Buffer.from([0xb7, 0xa2, 0xc6, 0xb1]),
				Buffer.from('</a>', 'latin1'),
			]);
			const decoded = decodeXmlBytes(bytes);
			expect(decoded.encoding).toBe('gb18030');
			expect(textContent(root(bytes))).toBe('发票');
		}
	});

	test('UTF-16 with BOM', () => {
		const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>票</a>', 'utf16le')]);
		expect(textContent(root(le))).toBe('票');
	});

	test('invalid UTF-8 becomes U+FFFD rather than an error', () => {
		expect(textContent(root(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e])))).toBe('\ufffd\ufffd');
	});
});
