/**
 * One shape for everything that can go wrong with one file (or one page of it): a bad input, a file a
 * provider would refuse, a provider error, no answer at all. It becomes an error item under
 * "Continue On Fail", or a NodeApiError / NodeOperationError that names the item, the file, the
 * provider's code and request id, and says in its description what to do.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { FileRejectedError } from '../core/providers/fileChecks';
import { NormalizeError } from '../core/invoice/normalize/detect';
import { ProviderError, type ApiName, type ProviderName } from '../core/providers/errors';
import { ReaderError } from '../core/read/common/errors';
import { CancelledError } from '../core/run/schedule';
import { VerifyRefusal } from '../core/invoice/verify';
import { DownloadError } from './download';

export interface Problem {
	/** 'api' when a provider answered with an error; 'operation' for input problems and lost requests. */
	kind: 'api' | 'operation';
	/** What happened (without the item and file, which are added where the problem is reported). */
	message: string;
	/** What to do about it. */
	hint: string;
	code: string;
	provider?: ProviderName;
	api?: ApiName;
	requestId?: string;
	httpStatus?: number;
	/** Low-level text (a network error's own message), for the error item only. */
	detail?: string;
	/** The task never ran because the execution stopped or another file failed first. */
	cancelled?: boolean;
}

/** Where a problem happened: the file and, for multi-page documents, the page (all null for a whole item). */
export interface ProblemTarget {
	binaryProperty: string | null;
	fileName: string | null;
	sourceUrl: string | null;
	page?: number | null;
}

/** An item that has no file of its own (Normalize Invoice's input). */
export const WHOLE_ITEM: ProblemTarget = { binaryProperty: null, fileName: null, sourceUrl: null, page: null };

export function problem(code: string, message: string, hint: string): Problem {
	return { kind: 'operation', code, message, hint };
}

/** Any thrown value as a Problem, keeping a provider's code, request id and hint. */
export function problemFromError(error: unknown): Problem {
	if (error instanceof ProviderError) {
		return {
			kind: error.transport ? 'operation' : 'api',
			message: error.message,
			hint: error.hint,
			code: error.code,
			provider: error.provider,
			api: error.api,
			requestId: error.requestId,
			httpStatus: error.httpStatus,
			detail: error.detail,
		};
	}
	if (error instanceof DownloadError) {
		const p = problem(error.code, error.message, error.hint);
		if (error.httpStatus !== undefined) p.httpStatus = error.httpStatus;
		if (error.detail !== undefined) p.detail = error.detail;
		if (error.cancelled) p.cancelled = true;
		return p;
	}
	if (error instanceof FileRejectedError) return problem(error.code, error.message, error.hint);
	// Verify Invoice: an invoice missing what its kind needs, refused before any request.
	if (error instanceof VerifyRefusal) return problem(error.code, error.message, error.hint);
	if (error instanceof CancelledError) return { ...problem(error.code, error.message, error.hint), cancelled: true };
	// Normalize Invoice: an input that holds no invoice it can read (or a provider's error).
	if (error instanceof NormalizeError) return problem('NotAnInvoice', error.message, error.description);
	// The local readers (OFD, PDF, 数电 XML, bundles): their code, what is wrong with the file, and how to fix it.
	if (error instanceof ReaderError) return problem(error.code, error.message, error.description);
	const message = error instanceof Error ? error.message : String(error);
	// n8n's own errors (a failing expression, a missing parameter) carry their own advice.
	const description = (error as { description?: unknown } | null)?.description;
	return problem(
		'UnexpectedError',
		message,
		typeof description === 'string' && description.trim() !== ''
			? description
			: 'This is unexpected; please report it with the workflow that caused it.',
	);
}

/** A URL without its query and fragment: presigned URLs carry tokens that do not belong in messages. */
export function displayUrl(url: string): string {
	return url.replace(/[?#].*$/, '');
}

export function describeTarget(target: ProblemTarget): string {
	const page = target.page ? `, page ${target.page}` : '';
	if (target.sourceUrl !== null) return `URL ${displayUrl(target.sourceUrl)}${page}`;
	if (target.fileName && target.binaryProperty)
		return `file "${target.fileName}" (binary property "${target.binaryProperty}")${page}`;
	if (target.binaryProperty) return `binary property "${target.binaryProperty}"${page}`;
	return page ? page.slice(2) : '';
}

/** "Item 2, file "a.pdf" (binary property "attachment_0"): Tencent Cloud VatInvoiceOCR returned …" */
export function describeProblem(p: Problem, itemIndex: number, target: ProblemTarget): string {
	const where = describeTarget(target);
	return `Item ${itemIndex}${where ? `, ${where}` : ''}: ${p.message}`;
}

/** The error item's json under "Continue On Fail". */
export function errorJson(p: Problem, itemIndex: number, target: ProblemTarget): IDataObject {
	const json: IDataObject = {
		error: describeProblem(p, itemIndex, target),
		hint: p.hint,
		code: p.code,
		provider: p.provider ?? null,
		api: p.api ?? null,
		requestId: p.requestId ?? null,
		fileName: target.fileName,
		binaryProperty: target.binaryProperty,
		sourceUrl: target.sourceUrl,
		page: target.page ?? null,
	};
	if (p.httpStatus !== undefined) json.httpStatus = p.httpStatus;
	if (p.detail !== undefined) json.detail = p.detail;
	return json;
}

/** The error that fails the node (no "Continue On Fail"). */
export function nodeError(
	ctx: IExecuteFunctions,
	p: Problem,
	itemIndex: number,
	target: ProblemTarget,
): NodeApiError | NodeOperationError {
	const message = describeProblem(p, itemIndex, target);
	const idPart = p.requestId ? ` Request id: ${p.requestId}.` : '';
	const description = `${p.hint}${p.kind === 'operation' && p.provider && p.code ? ` (${p.code})` : ''}${p.kind === 'api' ? idPart : ''}`;
	if (p.kind === 'api') {
		// No `code` key in the response object: n8n would take it for an HTTP status.
		const response: JsonObject = { message, providerCode: p.code, requestId: p.requestId ?? null };
		return new NodeApiError(ctx.getNode(), response, {
			message,
			description,
			itemIndex,
			httpCode: p.httpStatus !== undefined && p.httpStatus !== 200 ? String(p.httpStatus) : undefined,
		});
	}
	return new NodeOperationError(ctx.getNode(), message, { description, itemIndex });
}

/**
 * An error item under "Continue On Fail", paired with its input item. n8n's "Continue (using error output)"
 * sends an item to the error output only when its json holds nothing but `error` (n8n then adds the input
 * item's fields, such as a mail's subject); so in that mode the details go inside it: `error.message`,
 * `error.hint`, `error.code`, `error.fileName`, …. Under "Continue" (regular output) the item is errorJson().
 * (Setting the item's `error` property would route it too, but n8n then cuts its json down to the message.)
 */
export function errorItem(ctx: IExecuteFunctions, p: Problem, itemIndex: number, target: ProblemTarget): INodeExecutionData {
	const json = errorJson(p, itemIndex, target);
	if (ctx.getNode().onError === 'continueErrorOutput') {
		const { error, ...details } = json;
		return { json: { error: { message: error, ...details } }, pairedItem: { item: itemIndex } };
	}
	return { json, pairedItem: { item: itemIndex } };
}
