/**
 * Runs a node's execute() the way n8n's engine calls it, without n8n: a fake IExecuteFunctions with
 * per-item parameters, binary data, continueOnFail, paired items and authenticated HTTP requests.
 * Real n8n runs in test/e2e; this harness keeps unit tests fast and exact.
 */
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	IPairedItemData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { httpRequest } from '../support/fileServer';

/** A parameter value, or a function of the item index standing in for an n8n expression. */
export type ParamValue = unknown | ((itemIndex: number, item: INodeExecutionData) => unknown);

export interface HttpResponse {
	statusCode: number;
	headers: Record<string, string>;
	body: string | Buffer;
}

/** Sends one already-authenticated request. Defaults to a real HTTP request with fetch. */
export type HarnessCredentials = Record<string, ICredentialDataDecryptedObject>;

export type SendFn = (options: IHttpRequestOptions) => Promise<HttpResponse>;

export interface HarnessOptions {
	items: INodeExecutionData[];
	parameters: Record<string, ParamValue>;
	continueOnFail?: boolean;
	/** The node's On Error setting (n8n sets it with continueOnFail() true for both Continue modes). */
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
	/** Decrypted credential data by credential type name. */
	credentials?: HarnessCredentials;
	/** Credential type implementations (their authenticate() signs the request). */
	credentialTypes?: Record<string, ICredentialType>;
	send?: SendFn;
	/**
	 * Where binary bytes come from. Default: the base64 `data` of the item (n8n's old in-memory mode);
	 * a loader keyed on the binary's `id` stands in for n8n's filesystem mode (n8n 2.x).
	 */
	loadBinary?: (binary: IBinaryData, itemIndex: number, propertyName: string) => Promise<Buffer>;
	nodeName?: string;
	typeVersion?: number;
	/** Keep every request made (default true); off for memory measurements, where they would dominate. */
	recordRequests?: boolean;
}

export interface RecordedRequest {
	credentialType: string;
	/** Options as the node passed them. */
	original: IHttpRequestOptions;
	/** Options after the credential's authenticate(). */
	signed: IHttpRequestOptions;
}

export interface HarnessResult {
	output: INodeExecutionData[][];
	requests: RecordedRequest[];
	logs: string[];
}

export function binaryItem(
	files: Record<string, { data: Buffer; fileName?: string; mimeType?: string }>,
	json: IDataObject = {},
): INodeExecutionData {
	const binary: Record<string, IBinaryData> = {};
	for (const [key, file] of Object.entries(files)) {
		binary[key] = {
			data: file.data.toString('base64'),
			fileName: file.fileName,
			mimeType: file.mimeType ?? 'application/octet-stream',
			fileSize: String(file.data.length),
		};
	}
	return { json, binary };
}

function getPath(source: Record<string, unknown>, path: string): unknown {
	if (path in source) return source[path];
	let current: unknown = source;
	for (const part of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : headers[key];
}

/** A real HTTP request from IHttpRequestOptions, close to what n8n's core does with them. */
export const fetchSend: SendFn = async (options) => {
	let url = options.url;
	if (options.baseURL && !/^https?:\/\//.test(url)) {
		url = options.baseURL.replace(/\/$/, '') + '/' + url.replace(/^\//, '');
	}
	const target = new URL(url);
	if (options.qs) {
		for (const [k, v] of Object.entries(options.qs)) target.searchParams.append(k, String(v));
	}
	let body: string | Buffer | undefined;
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(options.headers ?? {})) headers[k] = String(v);
	if (options.body !== undefined && options.body !== null) {
		if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) {
			body = options.body as string | Buffer;
		} else {
			body = JSON.stringify(options.body);
			if (!headerValue(headers, 'content-type')) headers['content-type'] = 'application/json';
		}
	}
	const response = await fetch(target, {
		method: options.method ?? 'GET',
		headers,
		body,
		signal: options.timeout ? AbortSignal.timeout(options.timeout) : undefined,
	});
	const raw = Buffer.from(await response.arrayBuffer());
	const responseHeaders: Record<string, string> = {};
	response.headers.forEach((value, key) => {
		responseHeaders[key] = value;
	});
	return {
		statusCode: response.status,
		headers: responseHeaders,
		body: options.encoding === 'arraybuffer' ? raw : raw.toString('utf8'),
	};
};

function parseBody(response: HttpResponse, options: IHttpRequestOptions): unknown {
	if (Buffer.isBuffer(response.body)) return response.body;
	const contentType = headerValue(response.headers, 'content-type') ?? '';
	if (options.json || contentType.includes('json')) {
		try {
			return JSON.parse(response.body);
		} catch {
			return response.body;
		}
	}
	return response.body;
}

export async function runNode(nodeType: INodeType, options: HarnessOptions): Promise<HarnessResult> {
	const requests: RecordedRequest[] = [];
	const logs: string[] = [];
	const items = options.items;
	const send = options.send ?? fetchSend;
	const node: INode = {
		id: 'test-node',
		name: options.nodeName ?? nodeType.description.displayName,
		type: `n8n-nodes-fapiao.${nodeType.description.name}`,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: {},
		...(options.onError ? { onError: options.onError } : {}),
	};

	const log = (level: string) => (message: string, meta?: object) => {
		logs.push(`${level}: ${message}${meta ? ' ' + JSON.stringify(meta) : ''}`);
	};

	const context = {
		getInputData: () => items,
		getNode: () => node,
		continueOnFail: () => options.continueOnFail ?? (options.onError !== undefined && options.onError !== 'stopWorkflow'),
		getMode: () => 'manual',
		getExecutionCancelSignal: () => undefined,
		// As n8n does when the node has no credential of that type selected.
		async getCredentials(credentialType: string): Promise<ICredentialDataDecryptedObject> {
			const credentials = options.credentials?.[credentialType];
			if (!credentials) throw new NodeOperationError(node, 'Node does not have any credentials set', { level: 'warning' });
			return credentials;
		},
		logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown) {
			let value = getPath(options.parameters, name);
			if (typeof value === 'function') value = (value as (i: number, item: INodeExecutionData) => unknown)(itemIndex, items[itemIndex]);
			if (value === undefined) {
				if (arguments.length >= 3) return fallback;
				throw new NodeOperationError(node, `Could not get parameter "${name}"`, { itemIndex });
			}
			return value;
		},
		helpers: {
			assertBinaryData(itemIndex: number, propertyName: string): IBinaryData {
				const binary = items[itemIndex]?.binary?.[propertyName];
				if (!binary) {
					throw new NodeOperationError(node, `This operation expects the node's input data to contain a binary file '${propertyName}', but none was found [item ${itemIndex}]`, { itemIndex });
				}
				return binary;
			},
			async getBinaryDataBuffer(itemIndex: number, propertyName: string): Promise<Buffer> {
				const binary = items[itemIndex]?.binary?.[propertyName];
				if (!binary) throw new Error(`No binary data '${propertyName}' on item ${itemIndex}`);
				if (options.loadBinary) return await options.loadBinary(binary, itemIndex, propertyName);
				return Buffer.from(binary.data, 'base64');
			},
			async prepareBinaryData(data: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> {
				return { data: data.toString('base64'), fileName, mimeType: mimeType ?? 'application/octet-stream', fileSize: String(data.length) };
			},
			returnJsonArray(data: IDataObject | IDataObject[]): INodeExecutionData[] {
				return (Array.isArray(data) ? data : [data]).map((json) => ({ json }));
			},
			constructExecutionMetaData(
				data: INodeExecutionData[],
				meta: { itemData: IPairedItemData | IPairedItemData[] },
			): INodeExecutionData[] {
				return data.map((item) => ({ ...item, pairedItem: meta.itemData }));
			},
			async httpRequestWithAuthentication(credentialType: string, requestOptions: IHttpRequestOptions) {
				const credentials = options.credentials?.[credentialType];
				if (!credentials) throw new Error(`Node does not have credentials of type "${credentialType}"`);
				const type = options.credentialTypes?.[credentialType];
				const record = options.recordRequests !== false;
				const original: IHttpRequestOptions = record ? JSON.parse(JSON.stringify(requestOptions)) : requestOptions;
				let signed = requestOptions;
				if (type && typeof type.authenticate === 'function') {
					signed = await type.authenticate(credentials, requestOptions);
				}
				if (record) requests.push({ credentialType, original, signed });
				const response = await send(signed);
				const body = parseBody(response, signed);
				if (!signed.ignoreHttpStatusErrors && (response.statusCode < 200 || response.statusCode >= 300)) {
					const error = new Error(`Request failed with status code ${response.statusCode}`) as Error & IDataObject;
					error.httpCode = String(response.statusCode);
					error.response = { status: response.statusCode, headers: response.headers, data: body } as IDataObject;
					throw error;
				}
				if (signed.returnFullResponse) {
					return { body, headers: response.headers, statusCode: response.statusCode, statusMessage: '' };
				}
				return body;
			},
		},
	};

	const output = await nodeType.execute!.call(context as unknown as IExecuteFunctions);
	return { output: output as INodeExecutionData[][], requests, logs };
}

/**
 * The node with n8n's plain `httpRequest` helper added (the harness has the authenticated one only): nodes
 * download URLs with it, and test/support/fileServer.js provides it the way n8n does (axios).
 */
export function withHttpRequest(node: INodeType): INodeType {
	return {
		description: node.description,
		async execute(this: IExecuteFunctions) {
			const ctx = Object.create(this) as IExecuteFunctions;
			Object.defineProperty(ctx, 'helpers', { value: { ...this.helpers, httpRequest } });
			return await node.execute!.call(ctx);
		},
	};
}
