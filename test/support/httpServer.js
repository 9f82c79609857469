'use strict';
// A local HTTP server that checks signatures the way Tencent Cloud and Qiniu do (test/emulator/
// verifySignature.js, built on the official SDKs), and send(), which performs a real HTTP request from
// n8n-style request options with axios, n8n's own HTTP client. Plain Node so that the TypeScript tests
// stay within n8n's cloud lint rules.
const http = require('node:http');
const { listenOnLoopback } = require('./processes.js');
const { verifyTencent, verifyQiniu } = require('../emulator/verifySignature');

/**
 * @typedef {object} ReceivedRequest
 * @property {string} method
 * @property {string} path      path and query as received
 * @property {Record<string, string>} headers   lower-cased names
 * @property {Buffer} body
 * @property {'tencent'|'qiniu'} provider
 * @property {number} [status]
 * @property {any} [response]
 * @property {any} [result]     what verifyTencent / verifyQiniu said
 */

/**
 * What the server answers (also what the emulator does for the credential tests, README-auth.md):
 * - Tencent (Authorization TC3-..., or any X-TC-* header): HTTP 200 always; a failed check gives
 *   {Response:{Error:{Code,Message},RequestId}}; VatInvoiceOCR without ImageBase64/ImageUrl gives
 *   Error.Code InvalidParameterValue.InvalidParameterValueLimit; anything else {Response:{RequestId, Echo}}.
 * - Qiniu (everything else): a failed check gives 401 {error}; POST|GET /buckets gives 200 [];
 *   anything else 200 {ok, accessKey, path}.
 *
 * @param {object} [options]
 * @param {Array<{secretId:string, secretKey:string, sessionToken?:string}>} [options.tencentKeys]
 * @param {Array<{accessKey:string, secretKey:string}>} [options.qiniuKeys]
 * @param {() => number} [options.nowSeconds]  server clock (default: the real one)
 * @param {string} [options.expectedService]
 * @returns {Promise<{url: string, port: number, requests: ReceivedRequest[], close: () => Promise<void>}>}
 */
async function startVerifyingServer(options = {}) {
	const secrets = new Map(
		(options.tencentKeys || []).map((k) => [k.secretId, { secretKey: k.secretKey, sessionToken: k.sessionToken }]),
	);
	const keys = new Map((options.qiniuKeys || []).map((k) => [k.accessKey, k.secretKey]));
	const nowSeconds = options.nowSeconds || (() => Math.floor(Date.now() / 1000));
	const requests = [];

	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			const headers = req.headers;
			const authorization = String(headers.authorization || '');
			const isTencent =
				authorization.startsWith('TC3-') || Object.keys(headers).some((name) => name.startsWith('x-tc-'));
			const record = { method: req.method, path: req.url, headers: { ...headers }, body, provider: isTencent ? 'tencent' : 'qiniu' };
			requests.push(record);
			const reply = (status, json) => {
				record.status = status;
				record.response = json;
				const text = JSON.stringify(json);
				res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
				res.end(text);
			};

			if (isTencent) {
				const result = verifyTencent({
					method: req.method,
					path: req.url,
					headers,
					body,
					nowSeconds: nowSeconds(),
					secrets,
					expectedService: options.expectedService,
				});
				record.result = result;
				const requestId = `req-${requests.length}`;
				if (!result.ok) return reply(200, { Response: { Error: { Code: result.code, Message: result.message }, RequestId: requestId } });
				let params = {};
				try {
					params = body.length ? JSON.parse(body.toString('utf8')) : {};
				} catch {
					return reply(200, { Response: { Error: { Code: 'InvalidParameter', Message: 'The body is not JSON.' }, RequestId: requestId } });
				}
				if (result.action === 'VatInvoiceOCR' && !params.ImageBase64 && !params.ImageUrl) {
					return reply(200, {
						Response: {
							Error: { Code: 'InvalidParameterValue.InvalidParameterValueLimit', Message: 'ImageBase64 or ImageUrl is required.' },
							RequestId: requestId,
						},
					});
				}
				return reply(200, {
					Response: {
						RequestId: requestId,
						Echo: { secretId: result.secretId, service: result.service, action: result.action, region: result.region },
					},
				});
			}

			const result = verifyQiniu({ method: req.method, path: req.url, headers, body, keys, nowSeconds: nowSeconds() });
			record.result = result;
			if (!result.ok) return reply(result.status, { error: result.error });
			if (req.url.split('?')[0] === '/buckets') return reply(200, []);
			return reply(200, { ok: true, accessKey: result.accessKey, path: req.url });
		});
	});

	return { ...(await listenOnLoopback(server)), requests };
}

function isEmptyBody(body) {
	if (body === undefined || body === null) return true;
	if (typeof body === 'string') return body === '';
	if (Buffer.isBuffer(body) || body instanceof Uint8Array) return body.length === 0;
	if (typeof body === 'object') return Object.keys(body).length === 0;
	return false;
}

/**
 * Send n8n-style request options (IHttpRequestOptions `url`/`baseURL`, or the legacy `uri`) for real,
 * with axios as n8n's httpRequest helper does: the body goes to axios as it is (a Buffer untouched, a
 * string through axios' own transformation), no body for GET or an empty one, `qs` as params.
 *
 * @param {object} options
 * @returns {Promise<{statusCode: number, headers: object, text: string, json: any}>}
 */
async function send(options) {
	const axios = require('axios');
	const method = String(options.method || 'GET').toUpperCase();
	const config = {
		method,
		url: options.url !== undefined ? options.url : options.uri,
		baseURL: options.baseURL,
		headers: { ...(options.headers || {}) },
		params: options.qs,
		proxy: false,
		maxRedirects: 0,
		responseType: 'arraybuffer',
		transformResponse: [(data) => data],
		validateStatus: () => true,
	};
	if (!isEmptyBody(options.body) && method !== 'GET') config.data = options.body;
	const response = await axios(config);
	const text = Buffer.from(response.data || []).toString('utf8');
	let json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { statusCode: response.status, headers: response.headers, text, json };
}

module.exports = { startVerifyingServer, send };
