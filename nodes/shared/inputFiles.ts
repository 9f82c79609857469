/**
 * The files an item brings: one or several named binary properties, every binary property (optionally
 * only some file types, so logos and signature images in mails are skipped), or a URL. Each file is
 * read with getBinaryDataBuffer (never `.data`, which is empty outside in-memory mode), known from its
 * bytes, and checked against the provider's limits, before any request is made.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { checkFileInfo, checkUrlName, type FileRejectedError } from '../core/providers/fileChecks';
import { FILE_KIND_LABELS, kindFromName, mimeTypeOf, sniffFile, type FileInfo, type FileKind } from '../core/run/files';
import type { LimitedApi } from '../core/providers/apis';
import { maskUrl } from '../core/run/issuers';
import { DEFAULT_MAX_LINKS, invoiceLinks, type LinkPlan, type MailText } from '../core/run/links';
import { problem, type Problem } from './problems';

export type InputType = 'binary' | 'url';
export type BinaryMode = 'named' | 'all';

export interface InputParameters {
	inputType: InputType;
	binaryMode: BinaryMode;
	/** Names from the comma-separated Input Binary Field (named mode). */
	binaryPropertyNames: string[];
	/** Kinds to take in "all" mode; empty means every kind. */
	fileTypes: FileKind[];
	url: string;
	/** Follow Invoice Links in Mail: the item's mail text is searched for issuer links (binary input only). */
	followLinks?: boolean;
}

/** One file to send, as known before any request. The bytes are read again when the request is made. */
export interface InputFile {
	itemIndex: number;
	binaryProperty: string | null;
	fileName: string | null;
	/** The type found in the bytes (binary input); null for URLs. */
	mimeType: string | null;
	sourceUrl: string | null;
	info: FileInfo | null;
	/** An invoice link of the mail (Follow Invoice Links in Mail): how to get its file; sourceUrl is the link. */
	link?: LinkPlan;
}

/** A file, or why the item (or that file) cannot be processed. */
export interface InputEntry {
	file: InputFile;
	problem?: Problem;
}

/**
 * Which files a node accepts: a provider's documented limits (by API name), or a check of its own (the
 * OFD node's local engine, which has no size limit). The function gets the file's info, or for a URL
 * only the kind its name suggests (size 1).
 */
export type FileCheck = LimitedApi | ((info: FileInfo) => FileRejectedError | undefined);

function runCheck(check: FileCheck, info: FileInfo): FileRejectedError | undefined {
	return typeof check === 'function' ? check(info) : checkFileInfo(info, check);
}

/** Splits "data, attachment_0,attachment_1" into names; empty parts are ignored. */
export function splitPropertyNames(value: string): string[] {
	return value
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
}

function asString(value: unknown): string {
	return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** Reads the shared input parameters of one item (names as in ./descriptions.ts). */
export function readInputParameters(ctx: IExecuteFunctions, itemIndex: number): InputParameters {
	const inputType = ctx.getNodeParameter('inputType', itemIndex, 'binary') as InputType;
	if (inputType === 'url') {
		return {
			inputType,
			binaryMode: 'named',
			binaryPropertyNames: [],
			fileTypes: [],
			url: asString(ctx.getNodeParameter('url', itemIndex, '')).trim(),
		};
	}
	const binaryMode = ctx.getNodeParameter('binaryMode', itemIndex, 'named') as BinaryMode;
	const followLinks = ctx.getNodeParameter('followLinks', itemIndex, false) === true;
	if (binaryMode === 'all') {
		const fileTypes = ctx.getNodeParameter('fileTypes', itemIndex, []) as FileKind[];
		return { inputType, binaryMode, binaryPropertyNames: [], fileTypes: Array.isArray(fileTypes) ? fileTypes : [], url: '', followLinks };
	}
	const names = splitPropertyNames(asString(ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data')));
	return { inputType, binaryMode, binaryPropertyNames: names, fileTypes: [], url: '', followLinks };
}

function listProperties(binary: Record<string, IBinaryData> | undefined): string {
	const keys = Object.keys(binary ?? {});
	return keys.map((key) => `"${key}"`).join(', ');
}

/** The last path segment of a URL, decoded, as a file name (null when there is none). */
export function fileNameFromUrl(url: string): string | null {
	const path = url.replace(/[?#].*$/, '').replace(/^[a-z]+:\/\/[^/]*/i, '');
	const last = path.split('/').filter(Boolean).pop();
	if (!last) return null;
	try {
		return decodeURIComponent(last);
	} catch {
		return last;
	}
}

/**
 * The files of one item, each with the problem that stops it (if any). Never throws for bad input:
 * problems come back as entries, in the order the files were asked for.
 */
export async function resolveInputFiles(
	ctx: IExecuteFunctions,
	itemIndex: number,
	params: InputParameters,
	check: FileCheck,
): Promise<InputEntry[]> {
	if (params.inputType === 'url') return [resolveUrl(itemIndex, params.url, check)];
	const entries = await resolveBinaryFiles(ctx, itemIndex, params, check);
	if (params.followLinks !== true) return entries;
	const links = linkEntries(itemIndex, (ctx.getInputData()[itemIndex]?.json ?? {}) as MailText);
	if (links.length === 0) {
		// Say that links were looked for too, when the item brought nothing at all.
		return entries.map((entry) =>
			entry.problem?.code === 'NoBinaryData'
				? {
						...entry,
						problem: problem(
							'NoBinaryData',
							'The item has no binary data and its mail text holds no link of a known invoice issuer',
							'Pass files to this node (for example mail attachments), or check the mail: an issuer the node does not know can be added (see the README, "Invoices that arrive as a link").',
						),
					}
				: entry,
		);
	}
	// Nothing attached (or only logos and other files of types not read): the links are the item's files.
	const kept = entries.filter((entry) => entry.problem?.code !== 'NoBinaryData' && entry.problem?.code !== 'NoMatchingFile');
	return [...kept, ...links];
}

/**
 * The invoice links of an item's mail as entries: one per invoice (its formats grouped), a problem for
 * an issuer's link that breaks a rule (never requested) and for links beyond the most followed.
 */
export function linkEntries(itemIndex: number, mail: MailText, max = DEFAULT_MAX_LINKS): InputEntry[] {
	const found = invoiceLinks(mail, max);
	const base = { itemIndex, binaryProperty: null, fileName: null, mimeType: null, info: null };
	const entries: InputEntry[] = found.plans.map((plan) => ({ file: { ...base, sourceUrl: plan.url, link: plan } }));
	for (const refused of found.refused) {
		entries.push({
			file: { ...base, sourceUrl: refused.url },
			problem: problem(
				'LinkRefused',
				`The ${refused.issuer.name} link was not followed: ${refused.reason}`,
				'Open the link in the mail by hand and download the invoice file (XML, OFD or PDF), or ask the seller to send it again. Invoice links are followed only to the issuers\' own https addresses (see the README, "Invoices that arrive as a link").',
			),
		});
	}
	if (found.skipped.length > 0) {
		entries.push({
			file: { ...base, sourceUrl: null },
			problem: problem(
				'TooManyLinks',
				`The mail links to ${found.plans.length + found.skipped.length} invoices; the first ${found.plans.length} were followed, not: ${found.skipped.map((plan) => maskUrl(plan.url)).join(', ')}`,
				`Download the other invoices by hand from the links in the mail. At most ${max} links are followed per mail, so a mail cannot make the node fetch without bound.`,
			),
		});
	}
	return entries;
}

async function resolveBinaryFiles(
	ctx: IExecuteFunctions,
	itemIndex: number,
	params: InputParameters,
	check: FileCheck,
): Promise<InputEntry[]> {
	const item = ctx.getInputData()[itemIndex];
	const binary = item?.binary ?? {};
	const available = Object.keys(binary);
	const none: InputFile = { itemIndex, binaryProperty: null, fileName: null, mimeType: null, sourceUrl: null, info: null };

	if (params.binaryMode === 'all') {
		if (available.length === 0) {
			return [
				{
					file: none,
					problem: problem(
						'NoBinaryData',
						'The item has no binary data',
						'Pass files to this node (for example mail attachments or a downloaded file), or switch Input Type to URL.',
					),
				},
			];
		}
		const entries: InputEntry[] = [];
		const skipped: string[] = [];
		for (const name of available) {
			const entry = await resolveBinary(ctx, itemIndex, name, binary[name], check);
			const kind = entry.file.info?.kind;
			if (params.fileTypes.length > 0 && kind !== undefined && !params.fileTypes.includes(kind)) {
				skipped.push(`"${name}" (${FILE_KIND_LABELS[kind]})`);
				continue;
			}
			entries.push(entry);
		}
		if (entries.length === 0) {
			const wanted = params.fileTypes.map((k) => FILE_KIND_LABELS[k]).join(', ');
			return [
				{
					file: none,
					problem: problem(
						'NoMatchingFile',
						`None of the item's binary properties is a ${wanted} file: ${skipped.join(', ')}`,
						'Add the file types these files have to File Types, or check that the invoice is attached to this item.',
					),
				},
			];
		}
		return entries;
	}

	if (params.binaryPropertyNames.length === 0) {
		return [
			{
				file: none,
				problem: problem(
					'NoBinaryProperty',
					'Input Binary Field is empty',
					`Enter the name of the binary property that holds the file${available.length ? ` (this item has ${listProperties(binary)})` : ''}, or choose All Binary Properties.`,
				),
			},
		];
	}
	const entries: InputEntry[] = [];
	for (const name of params.binaryPropertyNames) {
		const data = binary[name];
		if (!data) {
			entries.push({
				file: { ...none, binaryProperty: name },
				problem: problem(
					'MissingBinaryProperty',
					available.length
						? `The item has no binary property "${name}"; its binary properties are ${listProperties(binary)}`
						: `The item has no binary property "${name}"; it has no binary data at all`,
					available.length
						? `Set Input Binary Field to one of ${listProperties(binary)} (several names separated by commas are fine), or choose All Binary Properties.`
						: 'Pass files to this node (for example mail attachments or a downloaded file), or switch Input Type to URL.',
				),
			});
			continue;
		}
		entries.push(await resolveBinary(ctx, itemIndex, name, data, check));
	}
	return entries;
}

async function resolveBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	data: IBinaryData,
	check: FileCheck,
): Promise<InputEntry> {
	let bytes: Buffer | undefined;
	let readError: unknown;
	try {
		bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, name);
	} catch (error) {
		readError = error;
	}
	if (bytes === undefined) {
		const reason = readError instanceof Error ? readError.message : String(readError);
		return {
			file: {
				itemIndex,
				binaryProperty: name,
				fileName: data.fileName ?? null,
				mimeType: data.mimeType ?? null,
				sourceUrl: null,
				info: null,
			},
			problem: problem(
				'BinaryReadFailed',
				`The file could not be read from n8n's binary data storage: ${reason}`,
				'Run the node that produced the file again; if the execution was restored from history, its binary data may have been pruned.',
			),
		};
	}
	const info = sniffFile(bytes);
	const file: InputFile = {
		itemIndex,
		binaryProperty: name,
		fileName: data.fileName ?? null,
		mimeType: info.kind === 'unknown' ? (data.mimeType ?? null) : info.mimeType,
		sourceUrl: null,
		info,
	};
	const refused = runCheck(check, info);
	return refused ? { file, problem: problem(refused.code, refused.message, refused.hint) } : { file };
}

function resolveUrl(itemIndex: number, url: string, check: FileCheck): InputEntry {
	const file: InputFile = {
		itemIndex,
		binaryProperty: null,
		fileName: fileNameFromUrl(url),
		mimeType: null,
		sourceUrl: url,
		info: null,
	};
	if (url === '') {
		return {
			file,
			problem: problem(
				'MissingUrl',
				'URL is empty',
				"Enter the file's URL, or an expression that gives it (for example {{ $json.url }}).",
			),
		};
	}
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
		return {
			file,
			problem: problem(
				'InvalidUrl',
				'The URL is not an http(s) URL',
				'Enter a full public URL starting with https:// (the provider downloads the file itself), or send the file as binary data.',
			),
		};
	}
	const named = kindFromName(url);
	const refused =
		typeof check === 'function'
			? named === undefined
				? undefined
				: check({ kind: named, mimeType: mimeTypeOf(named), size: 1 })
			: checkUrlName(url, check);
	if (refused) {
		return {
			file,
			problem: problem(refused.code, `The URL names ${refused.message.replace(/^The file is /, '')}`, refused.hint),
		};
	}
	return { file };
}
