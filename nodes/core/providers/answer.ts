/**
 * The one answer-envelope step of both providers: the HTTP answer opened into what every reading of it needs
 * (status, the JSON object if the body is one, a short excerpt of what came back, Retry-After), and the one
 * error for an answer that is not the provider's envelope at all (empty, not JSON, or JSON of another shape:
 * a proxy or a gateway answering instead of the provider). What the envelope means is each provider's own
 * file: Tencent's `Response`/`Response.Error` (tencent.ts), Qiniu's status, `code` and `error` (qiniu.ts).
 */
import type { ApiName, ProviderName } from './apis';
import { ProviderError, excerpt, parseJsonBody, retryAfterOf, type HttpAnswer, type JsonParse } from './errors';

export interface OpenedAnswer {
	status: number;
	parsed: JsonParse;
	/** The body when it is a JSON object; undefined otherwise. */
	body: Record<string, unknown> | undefined;
	/** What came back, short and on one line: the JSON, the text, or 'empty body'. */
	detail: string;
	retryAfterMs: number | undefined;
}

export function openAnswer(answer: HttpAnswer, nowMs?: number): OpenedAnswer {
	const parsed = parseJsonBody(answer.body);
	const body = parsed.ok && parsed.value !== null && typeof parsed.value === 'object' ? (parsed.value as Record<string, unknown>) : undefined;
	const detail = parsed.ok ? excerpt(JSON.stringify(parsed.value)) : parsed.text ? excerpt(parsed.text) : 'empty body';
	return { status: answer.statusCode, parsed, body, detail, retryAfterMs: retryAfterOf(answer, nowMs) };
}

/**
 * An answer that is not the provider's envelope: `MalformedResponse`, retryable (a passing gateway fault is the
 * usual cause). `shape` says what was wrong with JSON that came back (e.g. "the answer has no Response object").
 */
export function malformedAnswer(
	opened: OpenedAnswer,
	fields: { provider: ProviderName; api: ApiName; requestId?: string; shape: string; hint: string },
): ProviderError {
	const { parsed } = opened;
	return new ProviderError({
		provider: fields.provider,
		api: fields.api,
		code: 'MalformedResponse',
		message: parsed.ok ? `${fields.shape}: ${opened.detail}` : parsed.text ? `the answer is not JSON: ${opened.detail}` : 'the answer is empty',
		requestId: fields.requestId,
		httpStatus: opened.status,
		retryable: true,
		hint: fields.hint,
	});
}
