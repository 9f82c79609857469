import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions } from 'n8n-workflow';

import { send } from '../support/httpServer';

export interface CredentialTestOutcome {
	status: 'OK' | 'Error';
	message: string;
	statusCode: number;
	body: unknown;
}

function get(value: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((current, key) => {
		if (current === null || current === undefined || typeof current !== 'object') return undefined;
		return (current as Record<string, unknown>)[key];
	}, value);
}

/**
 * Run a credential's `test` the way n8n's CredentialsTester does for request-style tests: the request
 * (with RoutingNode's defaults qs/headers/body {}) goes through the credential's authenticate() and is
 * sent for real; a non-2xx status is an error (with the message of a matching `responseCode` rule);
 * on 2xx, the first `responseSuccessBody` rule whose key equals its value fails the test.
 */
export async function runCredentialTest(
	type: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestOutcome> {
	if (!type.test) throw new Error(`${type.name} has no test`);
	if (typeof type.authenticate !== 'function') throw new Error(`${type.name} has no authenticate function`);
	const request = {
		qs: {},
		headers: {},
		body: {},
		...(JSON.parse(JSON.stringify(type.test.request)) as IHttpRequestOptions),
		returnFullResponse: true,
	} as IHttpRequestOptions;
	const signed = await type.authenticate(data, request);
	const response = await send(signed);
	const rules = type.test.rules ?? [];
	if (response.statusCode < 200 || response.statusCode > 299) {
		for (const rule of rules) {
			if (rule.type === 'responseCode' && rule.properties.value === response.statusCode) {
				return { status: 'Error', message: String(rule.properties.message), statusCode: response.statusCode, body: response.json };
			}
		}
		return { status: 'Error', message: `Received HTTP status code: ${response.statusCode}`, statusCode: response.statusCode, body: response.json };
	}
	for (const rule of rules) {
		if (rule.type === 'responseSuccessBody' && get(response.json, String(rule.properties.key)) === rule.properties.value) {
			return { status: 'Error', message: String(rule.properties.message), statusCode: response.statusCode, body: response.json };
		}
	}
	return { status: 'OK', message: 'Connection successful!', statusCode: response.statusCode, body: response.json };
}
