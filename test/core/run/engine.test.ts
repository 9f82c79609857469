import { fallsBackToCloud, firstEngine, IMAGE_KINDS } from '../../../nodes/core/run/engine';
import type { FileKind } from '../../../nodes/core/run/files';

const E_INVOICE_KINDS: Array<FileKind | undefined> = ['pdf', 'ofd', 'xml', 'zip', 'unknown', undefined];

describe('which engine reads a file first', () => {
	test('provider Local: every file is read locally (images too: the reader says a cloud provider is needed)', () => {
		for (const kind of [...E_INVOICE_KINDS, ...IMAGE_KINDS]) expect(firstEngine(kind, { cloud: false, localFirst: false })).toBe('local');
	});

	test('a cloud provider with Read Locally First: images to the cloud, everything else (a nameless URL too) locally', () => {
		const mode = { cloud: true, localFirst: true };
		for (const kind of IMAGE_KINDS) expect(firstEngine(kind, mode)).toBe('cloud');
		for (const kind of E_INVOICE_KINDS) expect(firstEngine(kind, mode)).toBe('local');
	});

	test('a cloud provider without it: everything to the cloud, as before', () => {
		for (const kind of [...E_INVOICE_KINDS, ...IMAGE_KINDS]) expect(firstEngine(kind, { cloud: true, localFirst: false })).toBe('cloud');
	});

	test('after a failed local read, only PDFs and images go on to the cloud, and only when there is one', () => {
		const mode = { cloud: true, localFirst: true };
		expect(fallsBackToCloud('pdf', mode)).toBe(true);
		expect(fallsBackToCloud('png', mode)).toBe(true);
		for (const kind of ['ofd', 'xml', 'zip', 'unknown'] as FileKind[]) expect(fallsBackToCloud(kind, mode)).toBe(false);
		expect(fallsBackToCloud('pdf', { cloud: false, localFirst: true })).toBe(false);
	});
});
