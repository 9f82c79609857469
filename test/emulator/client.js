'use strict';
/*
 * Tiny plain-Node helpers for tests that talk to the emulator (TypeScript tests may not import
 * node:http or use timers themselves).
 *
 * rawRequest() exists because fetch() will not send a Host header of the caller's choosing, and the
 * providers' SDKs sign the production host: with it a test sends exactly what an SDK signed for
 * https://ocr.tencentcloudapi.com/ or https://ap-gate-z0.qiniuapi.com/... to the emulator.
 */
const http = require('node:http');

/**
 * @param {{ url: string, method?: string, headers?: Record<string,string>, body?: string|Buffer, timeoutMs?: number }} req
 * @returns {Promise<{ status: number, headers: Record<string,string|string[]|undefined>, text: string, json: any }>}
 */
function rawRequest({ url, method = 'POST', headers = {}, body, timeoutMs = 30000 }) {
	return new Promise((resolve, reject) => {
		const u = new URL(url);
		const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
		const h = { ...headers };
		if (payload && !Object.keys(h).some((k) => k.toLowerCase() === 'content-length')) h['Content-Length'] = String(payload.length);
		const req = http.request(
			{ host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method, headers: h, setHost: !Object.keys(h).some((k) => k.toLowerCase() === 'host') },
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json = null;
					try {
						json = text ? JSON.parse(text) : null;
					} catch {
						json = null;
					}
					resolve({ status: res.statusCode, headers: res.headers, text, json });
				});
				res.on('error', reject);
			},
		);
		req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
		req.on('error', reject);
		if (payload) req.write(payload);
		req.end();
	});
}

/** @param {number} ms */
function delay(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Current time in seconds (for X-TC-Timestamp). */
function nowSeconds() {
	return Math.floor(Date.now() / 1000);
}

module.exports = { rawRequest, delay, nowSeconds };
