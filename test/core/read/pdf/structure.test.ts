import { PdfError, readPdfText, type PdfText } from '../../../../nodes/core/read/pdf';
import {
	PdfBuilder,
	appendUpdate,
	ascii85,
	deflate,
	deflateRaw,
	onePage,
	pngPredict,
	simpleFont,
	tiffPredict,
} from '../../../support/pdfBuilder';

// The object layer: every way a PDF can store its objects, encryption, and stream filters. The files are
// built by test/support/pdfBuilder.js, whose output poppler (pdftotext) also reads.

// Generous: the machine running the suite may be busy; no test asserts timing.
jest.setTimeout(60_000);

const CONTENT = 'BT /F1 12 Tf 100 200 Td (Hello) Tj 0 -20 Td (World) Tj ET';

type Builder = InstanceType<typeof PdfBuilder>;

function hello(extra: (b: Builder) => void = () => undefined, content: string | Buffer = CONTENT, streamDict?: string) {
	const b = new PdfBuilder();
	const font = simpleFont(b);
	const { content: contentNum } = onePage(b, 'x', { fonts: { F1: font } });
	b.set(contentNum, streamDict ?? '<< >>', content);
	extra(b);
	return b;
}

const texts = (pdf: PdfText) => pdf.pages.flatMap((p) => p.runs.map((r) => r.text));

async function expectCode(promise: Promise<unknown>, code: string) {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(PdfError);
	expect((error as PdfError).code).toBe(code);
	return error as PdfError;
}

describe('PDF structure', () => {
	it('reads a classic xref table', async () => {
		const pdf = await readPdfText(hello().build().bytes);
		expect(texts(pdf)).toEqual(['Hello', 'World']);
		expect(pdf.pages).toHaveLength(1);
		expect(pdf.pages[0]).toMatchObject({ index: 0, width: 600, height: 400, originX: 0, originY: 0, rotate: 0 });
		expect(pdf.encrypted).toBe(false);
	});

	it('reads an xref stream with a PNG Up predictor', async () => {
		const pdf = await readPdfText(hello().build({ xref: 'stream' }).bytes);
		expect(texts(pdf)).toEqual(['Hello', 'World']);
	});

	it('reads objects packed in an object stream', async () => {
		const built = hello().build({ xref: 'stream', objectStream: true });
		// The catalog, pages, page and font live only inside the compressed object stream.
		expect(built.bytes.toString('latin1')).not.toContain('/Type /Catalog');
		const pdf = await readPdfText(built.bytes);
		expect(texts(pdf)).toEqual(['Hello', 'World']);
	});

	it('follows an incremental update (/Prev): the newest object wins', async () => {
		const b = hello();
		const base = b.build();
		const contentNum = b.contentNum;
		const updated = appendUpdate(base.bytes, base.xrefAt, [[contentNum, '<< >>', 'BT /F1 12 Tf 100 200 Td (Updated) Tj ET']], {
			root: b.catalog,
			size: b.next,
		});
		const pdf = await readPdfText(updated.bytes);
		expect(texts(pdf)).toEqual(['Updated']);
	});

	it('rebuilds the xref by scanning when its offsets are wrong', async () => {
		for (const xref of ['table', 'stream'] as const) {
			const pdf = await readPdfText(hello().build({ xref, shiftOffsets: 7 }).bytes);
			expect(texts(pdf)).toEqual(['Hello', 'World']);
		}
	});

	it('rebuilds when there is no xref and no startxref', async () => {
		const pdf = await readPdfText(hello().build({ xref: 'none' }).bytes);
		expect(texts(pdf)).toEqual(['Hello', 'World']);
	});

	it('rebuilds objects inside object streams when the xref stream is damaged', async () => {
		const built = hello().build({ xref: 'stream', objectStream: true });
		const s = built.bytes.toString('latin1');
		const damaged = Buffer.from(s.replace(/startxref\n\d+/, 'startxref\n99999999'), 'latin1');
		const pdf = await readPdfText(damaged);
		expect(texts(pdf)).toEqual(['Hello', 'World']);
	});

	it('stops on a /Prev chain that loops back to itself', async () => {
		const b = hello();
		const base = b.build();
		const s = base.bytes.toString('latin1').replace(/trailer\n<< /, `trailer\n<< /Prev ${base.xrefAt} `);
		const pdf = await readPdfText(Buffer.from(s, 'latin1'));
		expect(texts(pdf)).toEqual(['Hello', 'World']);
	});

	it('tolerates junk before the header (offsets relative to %PDF-)', async () => {
		const bytes = Buffer.concat([Buffer.from('garbage from a mail gateway\r\n'), hello().build().bytes]);
		expect(texts(await readPdfText(bytes))).toEqual(['Hello', 'World']);
	});

	it('reports the producer from /Info', async () => {
		const b = hello();
		const info = b.add(() => '<< /Producer (Test Writer 1.0) >>');
		const pdf = await readPdfText(b.build({ info }).bytes);
		expect(pdf.producer).toBe('Test Writer 1.0');
	});
});

describe('PDF encryption (standard security handler, empty user password)', () => {
	const kinds = ['rc4-40', 'rc4-128', 'rc4-cf', 'aes-128', 'aes-256', 'aes-256-r5'] as const;
	for (const kind of kinds) {
		for (const xref of ['table', 'stream'] as const) {
			it(`decrypts ${kind} streams and strings (xref ${xref})`, async () => {
				const b = hello();
				const info = b.add((str: (s: string) => string) => `<< /Producer ${str('Secret producer')} >>`);
				const built = b.build({ encrypt: kind, xref, info });
				expect(built.bytes.toString('latin1')).not.toContain('(Hello)');
				const pdf = await readPdfText(built.bytes);
				expect(pdf.encrypted).toBe(true);
				expect(texts(pdf)).toEqual(['Hello', 'World']);
				expect(pdf.producer).toBe('Secret producer');
			});
		}
	}

	it('decrypts an encrypted file whose objects are in an object stream', async () => {
		const pdf = await readPdfText(hello().build({ encrypt: 'aes-128', xref: 'stream', objectStream: true }).bytes);
		expect(texts(pdf)).toEqual(['Hello', 'World']);
	});

	for (const kind of kinds) {
		it(`refuses ${kind} with a non-empty user password: PasswordProtected`, async () => {
			const error = await expectCode(readPdfText(hello().build({ encrypt: kind, userPassword: 'secret' }).bytes), 'PasswordProtected');
			expect(error.message).toMatch(/password/);
			expect(error.description).toMatch(/Remove the password|cloud OCR/);
		});
	}

	it('refuses a public-key security handler', async () => {
		const b = hello();
		const enc = b.add('<< /Filter /Adobe.PubSec /V 4 /R 4 >>');
		const s = b.build().bytes.toString('latin1').replace('/Root', `/Encrypt ${enc} 0 R /Root`);
		await expectCode(readPdfText(Buffer.from(s, 'latin1')), 'PasswordProtected');
	});
});

describe('PDF stream filters', () => {
	const raw = Buffer.from(CONTENT, 'latin1');

	it('inflates zlib streams and raw deflate streams without a zlib header', async () => {
		for (const data of [deflate(raw), deflateRaw(raw)]) {
			const pdf = await readPdfText(hello(undefined, data, '<< /Filter /FlateDecode >>').build().bytes);
			expect(texts(pdf)).toEqual(['Hello', 'World']);
		}
	});

	it('keeps what a truncated Flate stream inflated before the cut', async () => {
		const long = Buffer.from(`${CONTENT} ${'0 0 Td '.repeat(4000)}`, 'latin1');
		const data = deflate(long);
		const cut = data.subarray(0, Math.floor(data.length * 0.6));
		const pdf = await readPdfText(hello(undefined, cut, '<< /Filter /FlateDecode >>').build().bytes);
		expect(texts(pdf)).toEqual(['Hello', 'World']);
	});

	it('decodes ASCIIHexDecode, ASCII85Decode and filter arrays', async () => {
		const cases: Array<[Buffer | string, string]> = [
			[raw.toString('hex').replace(/(..)/g, '$1 ') + '>', '<< /Filter /ASCIIHexDecode >>'],
			[ascii85(raw), '<< /Filter /ASCII85Decode >>'],
			[ascii85(deflate(raw)), '<< /Filter [/ASCII85Decode /FlateDecode] >>'],
			[deflate(Buffer.from(raw.toString('hex') + '>')), '<< /Filter [/Fl /AHx] >>'],
		];
		for (const [data, dict] of cases) {
			const pdf = await readPdfText(hello(undefined, data, dict).build().bytes);
			expect(texts(pdf)).toEqual(['Hello', 'World']);
		}
	});

	it('undoes PNG predictors (Sub, Up, Average, Paeth) and the TIFF predictor', async () => {
		for (const type of [1, 2, 3, 4]) {
			const data = deflate(pngPredict(raw, 8, type));
			const dict = '<< /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 8 >> >>';
			const pdf = await readPdfText(hello(undefined, data, dict).build().bytes);
			expect(texts(pdf)).toEqual(['Hello', 'World']);
		}
		const tiff = deflate(tiffPredict(raw, 10));
		const pdf = await readPdfText(hello(undefined, tiff, '<< /Filter /FlateDecode /DecodeParms << /Predictor 2 /Columns 10 >> >>').build().bytes);
		expect(texts(pdf)).toEqual(['Hello', 'World']);
	});

	it('skips streams with image codecs (DCT, JBIG2…) instead of failing', async () => {
		const pdf = await readPdfText(hello(undefined, raw, '<< /Filter /DCTDecode >>').build().bytes);
		expect(texts(pdf)).toEqual([]);
	});
});

describe('PDF errors and limits', () => {
	it('NotPdf for bytes that are not a PDF', async () => {
		await expectCode(readPdfText(Buffer.from('PK\u0003\u0004 not a pdf')), 'NotPdf');
		await expectCode(readPdfText(new Uint8Array(0)), 'NotPdf');
	});

	it('TooLarge above the file size limit', async () => {
		const bytes = hello().build().bytes;
		await expectCode(readPdfText(bytes, { limits: { maxFileBytes: 100 } }), 'TooLarge');
	});

	it('LimitExceeded for too many pages, objects, operators or decoded bytes', async () => {
		const bytes = hello().build().bytes;
		await expectCode(readPdfText(bytes, { limits: { maxPages: 0 } }), 'LimitExceeded');
		await expectCode(readPdfText(bytes, { limits: { maxObjects: 3 } }), 'LimitExceeded');
		await expectCode(readPdfText(bytes, { limits: { maxOperatorsPerPage: 5 } }), 'LimitExceeded');
		await expectCode(readPdfText(bytes, { limits: { maxWork: 50 } }), 'LimitExceeded');
		const big = hello(undefined, deflate(Buffer.alloc(100_000, 0x20)), '<< /Filter /FlateDecode >>').build().bytes;
		await expectCode(readPdfText(big, { limits: { maxStreamBytes: 10_000 } }), 'LimitExceeded');
		await expectCode(readPdfText(big, { limits: { maxTotalBytes: 10_000 } }), 'LimitExceeded');
	});

	it('Malformed for a PDF without any page', async () => {
		const error = await expectCode(readPdfText(Buffer.from('%PDF-1.4\n%%EOF\n')), 'Malformed');
		expect(error.description).toMatch(/Download the invoice PDF again/);
	});
});
