/**
 * Sends a provider request through n8n with the node's credential. The full response comes back
 * whatever its status (the providers' parsers decide what an answer means); a request that gets no
 * answer at all becomes a classified ProviderError (timeouts and network failures are retryable).
 */
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { APIS, type ApiName } from '../core/providers/apis';
import { classifyTransportError, type HttpAnswer, type RequestDescription } from '../core/providers/errors';

export interface SendOptions {
	/** The API's row names the credential that signs the request. */
	api: ApiName;
	/** Per-request timeout in milliseconds (n8n's HTTP layer enforces it). */
	timeoutMs: number;
}

export function toHttpRequestOptions(request: RequestDescription, timeoutMs: number): IHttpRequestOptions {
	return {
		method: request.method,
		url: request.url,
		headers: { ...request.headers },
		// The exact text the signature covers; sent as is.
		body: request.body,
		json: false,
		encoding: 'arraybuffer',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs,
	};
}

interface FullResponse {
	statusCode?: unknown;
	status?: unknown;
	headers?: unknown;
	body?: unknown;
}

export async function sendRequest(
	ctx: IExecuteFunctions,
	request: RequestDescription,
	options: SendOptions,
): Promise<HttpAnswer> {
	const { provider, credentialType } = APIS[options.api];
	if (credentialType === null) throw new RangeError(`${options.api} sends no requests`);
	let response: FullResponse | undefined;
	let failure: unknown;
	try {
		response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			credentialType,
			toHttpRequestOptions(request, options.timeoutMs),
		)) as FullResponse;
	} catch (error) {
		failure = error;
	}
	if (response === undefined) throw classifyTransportError(failure, provider, options.api);
	const statusCode = Number(response.statusCode ?? response.status ?? 0);
	return {
		statusCode,
		headers:
			response.headers !== null && typeof response.headers === 'object' ? (response.headers as Record<string, unknown>) : {},
		body: response.body,
	};
}
