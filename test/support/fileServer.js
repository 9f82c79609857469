'use strict';
// A local file server for URL-input tests, and httpRequest(), which does what n8n's
// `this.helpers.httpRequest` does with IHttpRequestOptions (axios, n8n's own HTTP client: responseType
// from `encoding`, `timeout`, `abortSignal`, no size limit, every status accepted with
// `ignoreHttpStatusErrors`, the full response with `returnFullResponse`). Plain Node so that the
// TypeScript tests stay within n8n's cloud lint rules.
const http = require('node:http');
const { listenOnLoopback } = require('./processes.js');

/**
 * Routes:
 *   GET /files/<name>           the bytes given in `files` (404 when unknown)
 *   GET /status/<code>          an empty answer with that HTTP status
 *   GET /stall/<name>           headers and the first bytes of the file, then nothing (never ends)
 *   GET /endless                an endless stream of zero bytes, without Content-Length
 *
 * @param {{ files?: Record<string, Buffer> }} [options]
 * @returns {Promise<{ url: string, requests: Array<{ method: string, path: string }>, close: () => Promise<void> }>}
 */
async function startFileServer(options = {}) {
	const files = new Map(Object.entries(options.files || {}));
	const requests = [];

	const server = http.createServer((req, res) => {
		const path = decodeURIComponent((req.url || '/').split('?')[0]);
		requests.push({ method: req.method, path: req.url || '/' });
		if (path.startsWith('/files/')) {
			const file = files.get(path.slice('/files/'.length));
			if (!file) {
				res.writeHead(404, { 'content-type': 'text/plain' });
				res.end('not found');
				return;
			}
			res.writeHead(200, { 'content-type': 'application/ofd', 'content-length': String(file.length) });
			res.end(file);
			return;
		}
		if (path.startsWith('/status/')) {
			res.writeHead(Number(path.slice('/status/'.length)) || 500, { 'content-type': 'text/plain' });
			res.end();
			return;
		}
		if (path.startsWith('/stall/')) {
			const file = files.get(path.slice('/stall/'.length)) || Buffer.alloc(1024);
			res.writeHead(200, { 'content-type': 'application/ofd', 'content-length': String(file.length) });
			res.write(file.subarray(0, Math.min(64, file.length)));
			return; // never ends; close() cuts it off
		}
		if (path === '/endless') {
			res.writeHead(200, { 'content-type': 'application/octet-stream' });
			const chunk = Buffer.alloc(64 * 1024);
			const pump = () => {
				if (res.destroyed) return;
				while (res.write(chunk)) {
					if (res.destroyed) return;
				}
				res.once('drain', pump);
			};
			pump();
			return;
		}
		res.writeHead(404, { 'content-type': 'text/plain' });
		res.end('no such route');
	});

	return { ...(await listenOnLoopback(server)), requests };
}

/**
 * n8n's httpRequest helper, for the test harness (which has only httpRequestWithAuthentication).
 *
 * @param {object} options IHttpRequestOptions
 * @returns {Promise<any>}
 */
async function httpRequest(options) {
	const axios = require('axios');
	const config = {
		method: options.method || 'GET',
		url: options.url,
		baseURL: options.baseURL,
		headers: { 'User-Agent': 'n8n', ...(options.headers || {}) },
		params: options.qs,
		timeout: options.timeout,
		signal: options.abortSignal,
		proxy: false,
		maxBodyLength: -1,
		maxContentLength: -1,
	};
	if (options.encoding !== undefined) config.responseType = options.encoding;
	if (options.disableFollowRedirect === true) config.maxRedirects = 0;
	if (options.ignoreHttpStatusErrors) config.validateStatus = () => true;
	if (options.body !== undefined && String(config.method).toUpperCase() !== 'GET') config.data = options.body;
	const result = await axios(config);
	if (options.returnFullResponse) {
		return { body: result.data, headers: result.headers, statusCode: result.status, statusMessage: result.statusText };
	}
	return result.data;
}

module.exports = { startFileServer, httpRequest };
