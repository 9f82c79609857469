'use strict';
/*
 * A local stand-in for the two OCR providers, for tests, benchmarks, demos and `npm run dev`.
 * Plain Node, no dependencies of its own (signatures are checked by ./verifySignature.js, see
 * README-auth.md), not shipped. `node test/emulator/cli.js --help` starts one by hand.
 *
 * Served (answers as the providers give them, documented examples by default):
 *   Tencent Cloud API 3.0, POST / with X-TC-Action; the service comes from the signature's scope:
 *     ocr 2018-11-19: VatInvoiceOCR, RecognizeGeneralInvoice, MixedInvoiceOCR, VerifyOfdVatInvoiceOCR,
 *       VatInvoiceVerifyNew (a table of known invoices and the request rules: ./verify.js)
 *     sts 2018-08-13: GetCallerIdentity      cvm 2017-03-12: DescribeRegions   (calls that are not OCR)
 *     Errors: HTTP 200 {"Response":{"Error":{"Code","Message"},"RequestId"}}; header X-TC-TraceId.
 *   Qiniu: POST /ocr/vat/invoice (image_base64 | image_url), GET|POST /buckets (the credential test).
 *     Errors: HTTP 4xx {"error": "..."}; 401 {"error":"bad token"}; 429 when throttled; header X-Reqid.
 *   Admin (never signed, limited or counted): GET /__emulator/stats, POST /__emulator/reset,
 *     POST /__emulator/faults {faults:[...], seed?, append?}, POST /__emulator/fixtures {rules:[...], append?},
 *     POST /__emulator/config {rateLimits?, latency?, seed?}, PUT|GET /__emulator/files/<name>, GET /__emulator/health,
 *     GET /__emulator/verify-requests (every VatInvoiceVerifyNew request with its result).
 *
 * Rate limits are per account (Tencent SecretId, Qiniu AccessKey) and API across all connections, as
 * the providers count: two clients with the same key share one quota. stats().accounts counts calls
 * and throttled ones per account (keyed by sha256(id) first 16 hex digits, never the id).
 *
 * Per provider request: arrival counted (stats) -> faults -> signature -> rate limit -> headers and
 * parameters checked as the provider does -> answer (per-file fixture, else the documented example),
 * sent after latency fixedMs + random(jitterMs).
 *
 * API names (rate limits, stats, fault and fixture filters): 'tencent:<Action>' (e.g.
 * 'tencent:VatInvoiceOCR'), 'qiniu:vat-invoice', 'qiniu:buckets'; a filter 'tencent' or 'qiniu' means
 * every API of that provider, '*' (or none) every API.
 *
 * const emu = await startEmulator({ port: 0, rateLimits: { 'tencent:VatInvoiceOCR': 10 },
 *   latency: { fixedMs: 0, jitterMs: 0 }, fixtures: [...], faults: [...], seed: 1 });
 * emu.url / emu.port                    base URL for a credential's endpoint field
 * emu.stats()                           { total, statuses, rejectedSignatures, throttled, faultsInjected,
 *                                         inFlight, maxInFlight, apis: { [api]: { requests, maxInAnySecond,
 *                                         limit, throttled, rejectedSignatures, statuses, errors, faults,
 *                                         inFlight, maxInFlight, admitted, firstAdmittedAt, lastAdmittedAt } },
 *                                         accounts: { [sha256(id) 16 hex]: { calls, throttled } }, faultsPending, uptimeMs }
 * emu.setFaults(faultOrList, { seed?, append? })   see normalizeFaults below
 * emu.setFixtures(rules, { append? })              see normalizeFixtureRules below
 * emu.configure({ rateLimits?, latency?, seed? }); emu.putFile(name, bytes) -> URL; emu.reset(); await emu.close()
 */
const http = require('node:http');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { seededRandom } = require('../support/random');
const { createVerifyService, VERIFY_PARAMS } = require('./verify');

const FIXTURES_DIR = path.resolve(__dirname, '..', 'fixtures');
const EMULATOR_FIXTURES_DIR = path.join(__dirname, 'fixtures');

/** Demo keys the emulator accepts unless told otherwise; they open nothing anywhere else. */
const DEMO_KEYS = Object.freeze({
	tencent: Object.freeze([
		Object.freeze({ secretId: 'AKIDfapiaoEmulatorDemo0000000000000', secretKey: 'fapiaoEmulatorDemoSecretKey00000' }),
		Object.freeze({
			secretId: 'AKIDfapiaoEmulatorSts00000000000000',
			secretKey: 'fapiaoEmulatorStsSecretKey000000',
			sessionToken: 'fapiao-emulator-demo-session-token',
		}),
	]),
	qiniu: Object.freeze([Object.freeze({ accessKey: 'fapiao-emulator-demo-access-key', secretKey: 'fapiao-emulator-demo-secret-key' })]),
});

/** Tencent API versions per signed service. */
const TENCENT_VERSIONS = { ocr: '2018-11-19', sts: '2018-08-13', cvm: '2017-03-12' };

const OCR_REGIONS = ['ap-beijing', 'ap-guangzhou', 'ap-hongkong', 'ap-shanghai', 'na-toronto'];

/**
 * The Tencent actions served. params: name -> type; file: which params carry the file (URL first,
 * as Tencent uses the URL when both are given); kinds: accepted file kinds.
 */
const TENCENT_ACTIONS = {
	'ocr:VatInvoiceOCR': {
		params: { ImageBase64: 'string', ImageUrl: 'string', IsPdf: 'boolean', PdfPageNumber: 'integer' },
		file: { url: 'ImageUrl', base64: 'ImageBase64' },
		kinds: ['png', 'jpeg', 'pdf', 'bmp'],
		pdfFlag: { name: 'IsPdf', default: false },
		regionRequired: true,
		fixture: 'VatInvoiceOCR.response.json',
	},
	'ocr:RecognizeGeneralInvoice': {
		params: {
			ImageBase64: 'string',
			ImageUrl: 'string',
			Types: 'integer[]',
			EnableOther: 'boolean',
			EnablePdf: 'boolean',
			PdfPageNumber: 'integer',
			EnableMultiplePage: 'boolean',
			EnableCutImage: 'boolean',
			EnableItemPolygon: 'boolean',
			EnableQRCode: 'boolean',
			EnableSeal: 'boolean',
		},
		file: { url: 'ImageUrl', base64: 'ImageBase64' },
		kinds: ['png', 'jpeg', 'pdf', 'bmp', 'ofd'],
		pdfFlag: { name: 'EnablePdf', default: true },
		fixture: 'RecognizeGeneralInvoice.response.json',
	},
	'ocr:MixedInvoiceOCR': {
		params: {
			ImageBase64: 'string',
			ImageUrl: 'string',
			Types: 'integer[]',
			ReturnOther: 'string',
			IsPdf: 'boolean',
			PdfPageNumber: 'integer',
			ReturnMultiplePage: 'boolean',
		},
		file: { url: 'ImageUrl', base64: 'ImageBase64' },
		kinds: ['png', 'jpeg', 'pdf', 'bmp'],
		pdfFlag: { name: 'IsPdf', default: true },
		fixture: 'MixedInvoiceOCR.response.json',
	},
	'ocr:VerifyOfdVatInvoiceOCR': {
		params: { OfdFileUrl: 'string', OfdFileBase64: 'string', OfdPageNumber: 'integer' },
		file: { url: 'OfdFileUrl', base64: 'OfdFileBase64' },
		kinds: ['ofd'],
		fixture: 'VerifyOfdVatInvoiceOCR.response.json',
	},
	'ocr:VatInvoiceVerifyNew': {
		params: VERIFY_PARAMS,
		verify: true,
	},
	'sts:GetCallerIdentity': {
		params: {},
		answer: () => ({
			Arn: 'qcs::cam::uin/100000000001:uin/100000000001',
			AccountId: '100000000001',
			UserId: '100000000001',
			PrincipalId: '100000000001',
			Type: 'CAMUser',
		}),
	},
	'cvm:DescribeRegions': {
		params: {},
		answer: () => ({
			TotalCount: 2,
			RegionSet: [
				{ Region: 'ap-guangzhou', RegionName: '华南地区(广州)', RegionState: 'AVAILABLE' },
				{ Region: 'ap-shanghai', RegionName: '华东地区(上海)', RegionState: 'AVAILABLE' },
			],
		}),
	},
};

/** Requests per second per API. Tencent's documented defaults; Qiniu documents none. */
const DEFAULT_RATE_LIMITS = {
	'tencent:VatInvoiceOCR': 10,
	'tencent:RecognizeGeneralInvoice': 5,
	'tencent:MixedInvoiceOCR': 5,
	'tencent:VerifyOfdVatInvoiceOCR': 10,
	'tencent:VatInvoiceVerifyNew': 20,
	'tencent:GetCallerIdentity': 20,
	'tencent:DescribeRegions': 20,
	'qiniu:vat-invoice': 10,
	'qiniu:buckets': 20,
};

const LIMITS = {
	tencentBodyBytes: 10 * 1024 * 1024, // a TC3-signed POST
	tencentBase64Chars: 7 * 1024 * 1024, // the smaller of the two documented figures (7M page, 10M SDK)
	tencentMinPx: 20,
	tencentMaxPx: 10000,
	qiniuBodyBytes: 8 * 1024 * 1024,
	qiniuMinPx: 256,
	qiniuMaxPx: 2048,
	downloadMs: 3000,
	hardBodyBytes: 64 * 1024 * 1024, // past this the socket is dropped
};

const FAULT_KINDS = ['http', 'reset', 'malformed', 'slow', 'error', 'throttle'];

// ---------------------------------------------------------------------------------------------
// small helpers

function sha256Hex(buf) {
	return crypto.createHash('sha256').update(buf).digest('hex');
}

function readJsonFile(file) {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function clone(value) {
	return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** What a file is, from its first bytes. */
function sniff(buf) {
	if (buf.length >= 8 && buf.readUInt32BE(0) === 0x89504e47) return 'png';
	if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
	if (buf.length >= 5 && buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
	if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) return 'ofd';
	if (buf.length >= 6 && buf.subarray(0, 6).toString('latin1').startsWith('GIF8')) return 'gif';
	if (buf.length >= 26 && buf[0] === 0x42 && buf[1] === 0x4d) return 'bmp';
	return 'unknown';
}

/** Pixel size of a PNG, JPEG or BMP; null when unknown. */
function imageSize(buf, kind) {
	try {
		if (kind === 'png' && buf.length >= 24) return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
		if (kind === 'bmp') return { width: Math.abs(buf.readInt32LE(18)), height: Math.abs(buf.readInt32LE(22)) };
		if (kind === 'jpeg') {
			let i = 2;
			while (i + 9 < buf.length) {
				if (buf[i] !== 0xff) return null;
				const marker = buf[i + 1];
				if (marker === 0xff) {
					i += 1;
					continue;
				}
				if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
					i += 2;
					continue;
				}
				const len = buf.readUInt16BE(i + 2);
				if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
					return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
				}
				i += 2 + len;
			}
		}
	} catch {
		return null;
	}
	return null;
}

/** Strict base64 (standard alphabet, padded), as the providers decode it. */
function decodeBase64Strict(text) {
	if (typeof text !== 'string') return null;
	const s = text.replace(/[\r\n]/g, '');
	if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return null;
	return Buffer.from(s, 'base64');
}

function isLoopbackUrl(u) {
	try {
		const url = new URL(u);
		return (url.protocol === 'http:' || url.protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
	} catch {
		return false;
	}
}

class ApiError extends Error {
	constructor(code, message, extra = {}) {
		super(message);
		this.code = code;
		Object.assign(this, extra);
	}
}

// ---------------------------------------------------------------------------------------------
// fixtures

function loadDefaultResponses() {
	const out = {};
	for (const [key, def] of Object.entries(TENCENT_ACTIONS)) {
		if (!def.fixture) continue;
		const file = path.join(FIXTURES_DIR, 'tencent', def.fixture);
		if (fs.existsSync(file)) out[`tencent:${key.split(':')[1]}`] = readJsonFile(file);
	}
	out['qiniu:vat-invoice'] = readJsonFile(path.join(EMULATOR_FIXTURES_DIR, 'qiniu-vat.json'));
	return out;
}

/**
 * A per-file rule: { sha256?, url?, api?, response?, error?: {code, message}, status?, headers? }.
 * sha256 is the hex digest of the file bytes (after base64 decoding, or of the downloaded bytes);
 * url matches ImageUrl/OfdFileUrl/image_url exactly. api (e.g. 'tencent:VatInvoiceOCR', or 'tencent'
 * / 'qiniu' for all of one provider) narrows it; first match wins.
 */
function normalizeFixtureRules(rules) {
	if (!rules) return [];
	if (!Array.isArray(rules)) {
		// a map { "<sha256 or url>": response }
		return Object.entries(rules).map(([key, response]) => (/^[0-9a-f]{64}$/i.test(key) ? { sha256: key.toLowerCase(), response } : { url: key, response }));
	}
	return rules.map((r) => {
		if (!r || typeof r !== 'object') throw new TypeError('a fixture rule must be an object');
		if (!r.sha256 && !r.url) throw new TypeError('a fixture rule needs sha256 or url');
		if (r.response === undefined && !r.error) throw new TypeError('a fixture rule needs response or error');
		return { ...r, sha256: r.sha256 ? String(r.sha256).toLowerCase() : undefined };
	});
}

function apiMatches(filter, api) {
	if (!filter || filter === '*') return true;
	if (filter === api) return true;
	return !filter.includes(':') && api.startsWith(`${filter}:`);
}

// ---------------------------------------------------------------------------------------------
// faults

/**
 * A fault: { kind, api?, count?, probability?, skip?, durationMs?, ...kind options }
 *   http      { status = 503, body?, headers? }         an HTTP error from the gateway
 *   reset     {}                                        the connection is destroyed, no answer
 *   malformed { body? }                                 HTTP 200 with a truncated JSON body
 *   slow      { delayMs = 5000 }                        extra delay, then the usual answer
 *   error     { code, message?, status? }               Tencent: that Error.Code (HTTP 200);
 *                                                      Qiniu: HTTP status (400) + {"error": message}
 *   throttle  {}                                        Tencent RequestLimitExceeded / Qiniu HTTP 429
 * count: how many matching requests get it (default 1; unlimited when probability or durationMs is
 * given); skip: let that many matching requests through first; probability: drawn from the seeded
 * PRNG; durationMs: active for that long from when it was set.
 */
function normalizeFaults(list, nowMs) {
	const arr = list === undefined || list === null ? [] : Array.isArray(list) ? list : [list];
	return arr.map((f) => {
		if (!f || typeof f !== 'object' || !FAULT_KINDS.includes(f.kind)) {
			throw new TypeError(`unknown fault ${JSON.stringify(f)}: kind must be one of ${FAULT_KINDS.join(', ')}`);
		}
		if (f.kind === 'error' && !f.code) throw new TypeError('an "error" fault needs a code');
		const unlimited = f.probability !== undefined || f.durationMs !== undefined;
		return {
			...f,
			api: f.api || '*',
			remaining: f.count !== undefined ? Number(f.count) : unlimited ? Infinity : 1,
			skip: Number(f.skip || 0),
			probability: f.probability === undefined ? 1 : Number(f.probability),
			until: f.durationMs !== undefined ? nowMs + Number(f.durationMs) : Infinity,
		};
	});
}

// ---------------------------------------------------------------------------------------------
// the emulator

/**
 * @param {object} [options]
 * @param {string} [options.host='127.0.0.1']
 * @param {number} [options.port=0]            0 picks a free port
 * @param {Array<{secretId,secretKey,sessionToken?}>} [options.tencentKeys]  default DEMO_KEYS.tencent
 * @param {Array<{accessKey,secretKey}>} [options.qiniuKeys]                 default DEMO_KEYS.qiniu
 * @param {Record<string,number>} [options.rateLimits]  per API requests per second (0/Infinity: none)
 * @param {{fixedMs?:number, jitterMs?:number}} [options.latency]
 * @param {Array|object} [options.fixtures]     per-file rules (see normalizeFixtureRules)
 * @param {Record<string,object>} [options.responses] replace the default answer of an API
 * @param {Array|object} [options.faults]       initial faults
 * @param {number} [options.seed=1]
 * @param {Record<string,Buffer|string>} [options.files] served at GET /__emulator/files/<name>
 * @param {() => number} [options.now]          clock in ms (for the signature's timestamp check)
 * @param {{verifyTencent, verifyQiniu}} [options.verifier] default require('./verifySignature')
 * @param {boolean} [options.checkSignatures=true]
 * @param {'json'|'empty'} [options.qiniuUnauthorizedBody='json']
 * @param {(line:string)=>void} [options.log]
 * @param {Array<{t:number,ok:boolean,ref:string}>} [options.timeline] if given, every rate-checked Tencent
 *        request is pushed here: when it arrived, whether it was admitted, and its ImageUrl (for analysis)
 */
async function startEmulator(options = {}) {
	const host = options.host || '127.0.0.1';
	const now = options.now || Date.now;
	const log = options.log || (() => {});
	const checkSignatures = options.checkSignatures !== false;

	let verifier = options.verifier || null;
	if (checkSignatures && !verifier) {
		const override = process.env.FAPIAO_EMULATOR_VERIFIER;
		const file = override ? path.resolve(override) : path.join(__dirname, 'verifySignature.js');
		if (!fs.existsSync(file)) {
			throw new Error(`The emulator checks signatures with ${file}, which does not exist yet. Pass { checkSignatures: false } to run without it.`);
		}
		verifier = require(file);
	}

	const tencentSecrets = new Map((options.tencentKeys || DEMO_KEYS.tencent).map((k) => [k.secretId, { secretKey: k.secretKey, sessionToken: k.sessionToken }]));
	const qiniuKeys = new Map((options.qiniuKeys || DEMO_KEYS.qiniu).map((k) => [k.accessKey, k.secretKey]));
	const defaultResponses = { ...loadDefaultResponses(), ...(options.responses || {}) };

	const initial = {
		rateLimits: { ...DEFAULT_RATE_LIMITS, ...(options.rateLimits || {}) },
		latency: { fixedMs: 0, jitterMs: 0, ...(options.latency || {}) },
		fixtures: normalizeFixtureRules(options.fixtures),
		faults: options.faults,
		seed: options.seed === undefined ? 1 : options.seed,
		files: options.files || {},
	};

	const verifyService = createVerifyService({ invoices: options.verifyInvoices });
	const state = {};
	function resetState() {
		verifyService.reset();
		state.rateLimits = { ...initial.rateLimits };
		state.latency = { ...initial.latency };
		state.fixtures = [...initial.fixtures];
		state.faults = normalizeFaults(initial.faults, now());
		state.rng = seededRandom(initial.seed);
		state.jitterRng = seededRandom(initial.seed ^ 0x5bd1e995);
		state.files = new Map(Object.entries(initial.files).map(([k, v]) => [k, Buffer.isBuffer(v) ? v : Buffer.from(v)]));
		state.windows = new Map(); // api -> { arrivals: number[], admitted: number[] }
		state.stats = newStats();
	}
	function newStats() {
		return {
			startedAt: new Date(now()).toISOString(),
			total: 0,
			statuses: {},
			rejectedSignatures: 0,
			throttled: 0,
			faultsInjected: {},
			inFlight: 0,
			maxInFlight: 0,
			apis: {},
			accounts: {},
		};
	}
	resetState();

	function apiStats(api) {
		if (!state.stats.apis[api]) {
			state.stats.apis[api] = {
				requests: 0,
				maxInAnySecond: 0,
				limit: state.rateLimits[api] || null,
				throttled: 0,
				rejectedSignatures: 0,
				statuses: {},
				errors: {},
				faults: 0,
				inFlight: 0,
				maxInFlight: 0,
				/** Rate-limited APIs: requests let through, and when the first and last of them arrived (ms). */
				admitted: 0,
				firstAdmittedAt: null,
				lastAdmittedAt: null,
			};
		}
		return state.stats.apis[api];
	}

	function windowOf(api) {
		let w = state.windows.get(api);
		if (!w) {
			w = { arrivals: [], admitted: [] };
			state.windows.set(api, w);
		}
		return w;
	}

	/** Counts an arrival; returns the number seen in the last second, this one included. */
	function countArrival(api, t) {
		const w = windowOf(api);
		w.arrivals.push(t);
		while (w.arrivals.length && w.arrivals[0] <= t - 1000) w.arrivals.shift();
		const s = apiStats(api);
		s.requests += 1;
		s.maxInAnySecond = Math.max(s.maxInAnySecond, w.arrivals.length);
		return w.arrivals.length;
	}

	function imageUrlOf(body) {
		try {
			return String(JSON.parse(String(body)).ImageUrl || '');
		} catch {
			return '';
		}
	}

	/** The account a request is counted against: Tencent's SecretId or Qiniu's AccessKey (unverified). */
	function accountOf(headers) {
		const auth = String(headers.authorization || '');
		const m = /Credential=([^/,\s]+)\//.exec(auth) || /^Qiniu\s+([^:\s]+):/.exec(auth);
		return m ? m[1] : '';
	}

	function accountStats(account) {
		const key = crypto.createHash('sha256').update(account).digest('hex').slice(0, 16);
		if (!state.stats.accounts[key]) state.stats.accounts[key] = { calls: 0, throttled: 0 };
		return state.stats.accounts[key];
	}

	/**
	 * Sliding one-second window over the admitted requests of one account and API (throttled ones do
	 * not use up the quota).
	 */
	function admit(api, t, headers) {
		const account = accountOf(headers || {});
		const counted = accountStats(account);
		counted.calls += 1;
		const limit = state.rateLimits[api];
		if (!limit || limit === Infinity) return true;
		const w = windowOf(`${api}|${account}`);
		while (w.admitted.length && w.admitted[0] <= t - 1000) w.admitted.shift();
		if (w.admitted.length >= limit) {
			counted.throttled += 1;
			return false;
		}
		w.admitted.push(t);
		const s = apiStats(api);
		s.admitted += 1;
		if (s.firstAdmittedAt === null) s.firstAdmittedAt = t;
		s.lastAdmittedAt = t;
		return true;
	}

	/** Picks the faults for this request: extra delay from "slow" ones, and at most one that answers. */
	function drawFaults(api, t) {
		let delayMs = 0;
		let terminal = null;
		for (const f of state.faults) {
			if (terminal) break;
			if (f.remaining <= 0 || t > f.until || !apiMatches(f.api, api)) continue;
			if (f.skip > 0) {
				f.skip -= 1;
				continue;
			}
			if (f.probability < 1 && state.rng() >= f.probability) continue;
			f.remaining -= 1;
			state.stats.faultsInjected[f.kind] = (state.stats.faultsInjected[f.kind] || 0) + 1;
			apiStats(api).faults += 1;
			if (f.kind === 'slow') delayMs += Number(f.delayMs === undefined ? 5000 : f.delayMs);
			else terminal = f;
		}
		state.faults = state.faults.filter((f) => f.remaining > 0 && now() <= f.until);
		return { delayMs, terminal };
	}

	function latencyMs() {
		const { fixedMs = 0, jitterMs = 0 } = state.latency;
		return Math.max(0, Number(fixedMs) + (jitterMs ? state.jitterRng() * Number(jitterMs) : 0));
	}

	const timers = new Set();
	function sleep(ms) {
		if (!ms) return Promise.resolve();
		return new Promise((resolve) => {
			const t = setTimeout(() => {
				timers.delete(t);
				resolve();
			}, ms);
			timers.add(t);
		});
	}

	function findRule(api, sha, url) {
		return state.fixtures.find((r) => apiMatches(r.api, api) && ((r.sha256 && sha && r.sha256 === sha) || (r.url && url && r.url === url)));
	}

	async function download(url, api) {
		const rule = findRule(api, null, url);
		if (rule) return { rule };
		if (!isLoopbackUrl(url)) {
			throw new ApiError(
				api.startsWith('qiniu') ? 'download' : 'FailedOperation.DownLoadError',
				`The emulator downloads only from 127.0.0.1; map ${url} to an answer with a fixture rule { url, response }.`,
			);
		}
		try {
			const res = await fetch(url, { signal: AbortSignal.timeout(LIMITS.downloadMs) });
			if (!res.ok) throw new Error(`HTTP ${res.status}`);
			return { bytes: Buffer.from(await res.arrayBuffer()) };
		} catch (error) {
			throw new ApiError(api.startsWith('qiniu') ? 'download' : 'FailedOperation.DownLoadError', `File download failed: ${error.message}`);
		}
	}

	// ---- Tencent ----------------------------------------------------------------------------

	function tencentError(code, message) {
		return { status: 200, json: { Response: { Error: { Code: code, Message: message }, RequestId: crypto.randomUUID() } }, errorCode: code };
	}

	function tencentOk(payload) {
		const inner = payload && typeof payload === 'object' && payload.Response && Object.keys(payload).length === 1 ? payload.Response : payload;
		const body = { ...clone(inner), RequestId: crypto.randomUUID() };
		return { status: 200, json: { Response: body } };
	}

	async function handleTencent(ctx) {
		const { req, body, headers } = ctx;
		const action = headers['x-tc-action'] || '';
		if (req.method !== 'POST') return tencentError('UnsupportedProtocol', `The emulator takes Tencent Cloud API 3.0 calls as POST with a JSON body, not ${req.method}.`);
		if (ctx.oversize) return tencentError('RequestSizeLimitExceeded', `The request body is ${ctx.bodyBytes} bytes; a TC3-signed POST may carry at most ${LIMITS.tencentBodyBytes}.`);

		let service = null;
		if (checkSignatures) {
			const v = verifier.verifyTencent({ method: req.method, path: ctx.path, headers, body, nowSeconds: Math.floor(now() / 1000), secrets: tencentSecrets });
			if (!v || !v.ok) {
				state.stats.rejectedSignatures += 1;
				apiStats(ctx.api).rejectedSignatures += 1;
				return tencentError((v && v.code) || 'AuthFailure.SignatureFailure', (v && v.message) || 'The provided credentials could not be validated.');
			}
			service = v.service;
		} else {
			const m = /Credential=[^/]+\/[^/]+\/([^/]+)\//.exec(headers.authorization);
			service = m ? m[1] : 'ocr';
		}

		if (!action) return tencentError('MissingParameter', 'The request is missing a required parameter `Action` (header X-TC-Action).');
		const def = TENCENT_ACTIONS[`${service}:${action}`];
		if (!def) return tencentError('InvalidAction', `The action \`${action}\` of service \`${service}\` is not supported by the emulator.`);
		const version = headers['x-tc-version'];
		if (!version) return tencentError('MissingParameter', 'The request is missing a required parameter `Version` (header X-TC-Version).');
		if (version !== TENCENT_VERSIONS[service]) return tencentError('NoSuchVersion', `The version \`${version}\` of service \`${service}\` does not exist; use ${TENCENT_VERSIONS[service]}.`);

		const admitted = admit(ctx.api, ctx.arrivedAt, headers);
		if (options.timeline) options.timeline.push({ t: ctx.arrivedAt, ok: admitted, ref: imageUrlOf(ctx.body) });
		if (!admitted) {
			state.stats.throttled += 1;
			apiStats(ctx.api).throttled += 1;
			return tencentError('RequestLimitExceeded', `Your request frequency has exceeded the limit of ${state.rateLimits[ctx.api]} per second for ${action}.`);
		}

		const contentType = String(headers['content-type'] || '');
		if (!/^application\/json(\s*;\s*charset=utf-8)?$/i.test(contentType.trim())) {
			return tencentError('InvalidParameter', `Content-Type must be application/json, not "${contentType}".`);
		}
		const region = headers['x-tc-region'];
		if (service === 'ocr') {
			if (!region && def.regionRequired) return tencentError('MissingParameter', 'The request is missing a required parameter `Region` (header X-TC-Region).');
			if (region && !OCR_REGIONS.includes(region)) return tencentError('UnsupportedRegion', `${action} is not available in region \`${region}\`.`);
		}
		let params;
		try {
			params = body.length ? JSON.parse(body.toString('utf8')) : {};
		} catch {
			return tencentError('InvalidParameter', 'The request body is not valid JSON.');
		}
		if (!params || typeof params !== 'object' || Array.isArray(params)) return tencentError('InvalidParameter', 'The request body must be a JSON object.');
		for (const [name, value] of Object.entries(params)) {
			const type = def.params[name];
			if (!type) return tencentError('UnknownParameter', `The parameter \`${name}\` is not recognized.`);
			const ok =
				(type === 'string' && typeof value === 'string') ||
				(type === 'boolean' && typeof value === 'boolean') ||
				(type === 'integer' && Number.isInteger(value)) ||
				(type === 'integer[]' && Array.isArray(value) && value.every(Number.isInteger));
			if (!ok) return tencentError('InvalidParameter', `The parameter \`${name}\` must be of type ${type}.`);
		}
		if (def.answer) return tencentOk(def.answer(params));
		if (def.verify) {
			const result = verifyService.answer(params, now());
			return result.ok ? tencentOk(result.ok) : tencentError(result.error.code, result.error.message);
		}
		return tencentOcr(ctx, action, def, params);
	}

	async function tencentOcr(ctx, action, def, params) {
		const url = params[def.file.url];
		const b64 = params[def.file.base64];
		let bytes = null;
		let rule = null;
		if (url) {
			try {
				const got = await download(url, ctx.api);
				rule = got.rule || null;
				bytes = got.bytes || null;
			} catch (error) {
				return tencentError(error.code, error.message);
			}
			if (bytes && Math.ceil(bytes.length / 3) * 4 > LIMITS.tencentBase64Chars) {
				return tencentError('LimitExceeded.TooLargeFileError', `The downloaded file is ${bytes.length} bytes; base64-encoded it must stay within ${LIMITS.tencentBase64Chars} characters.`);
			}
		} else if (b64 !== undefined && b64 !== '') {
			if (b64.length > LIMITS.tencentBase64Chars) {
				return tencentError('LimitExceeded.TooLargeFileError', `${def.file.base64} is ${b64.length} characters; it must stay within ${LIMITS.tencentBase64Chars}.`);
			}
			bytes = decodeBase64Strict(b64);
			if (!bytes) {
				return tencentError(
					def.kinds.includes('png') ? 'FailedOperation.ImageDecodeFailed' : 'InvalidParameterValue.InvalidParameterValueLimit',
					`${def.file.base64} is not valid base64 (no data: prefix, no URL-safe alphabet, padded to a multiple of 4).`,
				);
			}
		} else {
			return tencentError('InvalidParameterValue.InvalidParameterValueLimit', `One of ${def.file.url} and ${def.file.base64} is required.`);
		}

		if (bytes) {
			if (bytes.length === 0) return tencentError('FailedOperation.EmptyImageError', 'The file is empty.');
			const sha = sha256Hex(bytes);
			ctx.fileSha256 = sha;
			rule = findRule(ctx.api, sha, null) || rule;
			if (!rule) {
				const kind = sniff(bytes);
				if (kind === 'gif') return tencentError('FailedOperation.ImageDecodeFailed', 'GIF images are not supported.');
				if (!def.kinds.includes(kind)) {
					return tencentError(
						def.kinds.includes('png') ? 'FailedOperation.ImageDecodeFailed' : 'FailedOperation.UnKnowFileTypeError',
						`The file is ${kind === 'unknown' ? 'of an unknown type' : `a ${kind.toUpperCase()} file`}; ${action} takes ${def.kinds.join(', ').toUpperCase()}.`,
					);
				}
				if (kind === 'pdf' && def.pdfFlag) {
					const flag = params[def.pdfFlag.name] === undefined ? def.pdfFlag.default : params[def.pdfFlag.name];
					if (!flag) return tencentError('FailedOperation.ImageDecodeFailed', `The file is a PDF but ${def.pdfFlag.name} is not true.`);
				}
				const size = imageSize(bytes, kind);
				if (size) {
					const small = Math.min(size.width, size.height);
					const big = Math.max(size.width, size.height);
					if (big > LIMITS.tencentMaxPx) return tencentError('FailedOperation.ImageSizeTooLarge', `The image is ${size.width}x${size.height} px; each side must be within ${LIMITS.tencentMinPx}-${LIMITS.tencentMaxPx} px.`);
					if (small < LIMITS.tencentMinPx) return tencentError('FailedOperation.ImageDecodeFailed', `The image is ${size.width}x${size.height} px; each side must be within ${LIMITS.tencentMinPx}-${LIMITS.tencentMaxPx} px.`);
				}
			}
		}
		if (rule) {
			ctx.fixture = rule.sha256 || rule.url;
			if (rule.error) return tencentError(rule.error.code, rule.error.message || rule.error.code);
			return tencentOk(rule.response);
		}
		const answer = defaultResponses[ctx.api];
		if (!answer) return tencentError('FailedOperation.UnKnowError', `The emulator has no answer for ${action}.`);
		return tencentOk(answer);
	}

	// ---- Qiniu ------------------------------------------------------------------------------

	function qiniuError(status, error) {
		return { status, json: { error }, errorCode: String(status) };
	}

	function qiniuAuth(ctx) {
		const { req, headers, body } = ctx;
		if (!checkSignatures) return null;
		const v = verifier.verifyQiniu({ method: req.method, path: ctx.path, headers, body, keys: qiniuKeys, nowSeconds: Math.floor(now() / 1000) });
		if (v && v.ok) return null;
		state.stats.rejectedSignatures += 1;
		apiStats(ctx.api).rejectedSignatures += 1;
		const status = (v && v.status) || 401;
		if (options.qiniuUnauthorizedBody === 'empty') return { status, raw: '', errorCode: String(status) };
		return qiniuError(status, (v && v.error) || 'bad token');
	}

	function qiniuThrottled(ctx) {
		if (admit(ctx.api, ctx.arrivedAt, ctx.headers)) return null;
		state.stats.throttled += 1;
		apiStats(ctx.api).throttled += 1;
		return qiniuError(429, 'request limit exceeded');
	}

	async function handleQiniuBuckets(ctx) {
		if (ctx.req.method !== 'GET' && ctx.req.method !== 'POST') return qiniuError(405, 'method not allowed');
		const denied = qiniuAuth(ctx) || qiniuThrottled(ctx);
		if (denied) return denied;
		return { status: 200, json: ['fapiao-emulator-bucket'] };
	}

	async function handleQiniuVat(ctx) {
		const { req, body, headers } = ctx;
		if (req.method !== 'POST') return qiniuError(405, 'method not allowed');
		if (ctx.oversize) return qiniuError(413, `request entity too large: ${ctx.bodyBytes} bytes, at most ${LIMITS.qiniuBodyBytes}`);
		const denied = qiniuAuth(ctx) || qiniuThrottled(ctx);
		if (denied) return denied;
		const contentType = String(headers['content-type'] || '');
		if (!/^application\/json(\s*;.*)?$/i.test(contentType.trim())) return qiniuError(400, `Content-Type must be application/json, not "${contentType}"`);
		let params;
		try {
			params = JSON.parse(body.toString('utf8'));
		} catch {
			return qiniuError(400, 'invalid JSON body');
		}
		if (!params || typeof params !== 'object' || Array.isArray(params)) return qiniuError(400, 'the body must be a JSON object');
		const b64 = params.image_base64;
		const url = params.image_url;
		let bytes = null;
		let rule = null;
		if (b64 !== undefined && b64 !== '') {
			// Qiniu reads image_base64 first when both are given.
			if (typeof b64 !== 'string') return qiniuError(400, 'image_base64 must be a string');
			bytes = decodeBase64Strict(b64);
			if (!bytes) return qiniuError(400, 'image_base64 is not valid base64');
		} else if (url !== undefined && url !== '') {
			if (typeof url !== 'string') return qiniuError(400, 'image_url must be a string');
			try {
				const got = await download(url, ctx.api);
				rule = got.rule || null;
				bytes = got.bytes || null;
			} catch (error) {
				return qiniuError(400, error.message);
			}
		} else {
			return qiniuError(400, 'one of image_base64 and image_url is required');
		}
		if (bytes) {
			if (bytes.length === 0) return qiniuError(400, 'the image is empty');
			const sha = sha256Hex(bytes);
			ctx.fileSha256 = sha;
			rule = findRule(ctx.api, sha, null) || rule;
			if (!rule) {
				const kind = sniff(bytes);
				if (!['png', 'jpeg', 'bmp', 'pdf', 'ofd'].includes(kind)) return qiniuError(400, `unsupported file type: ${kind}; JPG, PNG, BMP, PDF or OFD`);
				const size = imageSize(bytes, kind);
				if (size) {
					const small = Math.min(size.width, size.height);
					const big = Math.max(size.width, size.height);
					if (small < LIMITS.qiniuMinPx || big > LIMITS.qiniuMaxPx) {
						return qiniuError(400, `image is ${size.width}x${size.height} px; it must be between ${LIMITS.qiniuMinPx}x${LIMITS.qiniuMinPx} and ${LIMITS.qiniuMaxPx}x${LIMITS.qiniuMaxPx}`);
					}
				}
			}
		}
		if (rule) {
			ctx.fixture = rule.sha256 || rule.url;
			if (rule.error) return qiniuError(rule.status || 400, rule.error.message || rule.error.code);
			return qiniuAnswer(rule.response, rule.status, rule.headers);
		}
		return qiniuAnswer(defaultResponses[ctx.api]);
	}

	function qiniuAnswer(response, status = 200, headers = {}) {
		const json = clone(response);
		if (json && typeof json === 'object' && !Array.isArray(json) && 'request_id' in json) json.request_id = String(Date.now()) + String(Math.floor(Math.random() * 1e6));
		return { status, json, headers };
	}

	// ---- admin ------------------------------------------------------------------------------

	function stats() {
		const s = clone(state.stats);
		s.uptimeMs = now() - Date.parse(state.stats.startedAt);
		for (const [api, a] of Object.entries(s.apis)) a.limit = state.rateLimits[api] || null;
		s.faultsPending = state.faults.map((f) => ({ kind: f.kind, api: f.api, remaining: f.remaining === Infinity ? null : f.remaining }));
		return s;
	}

	function setFaults(list, opts = {}) {
		const added = normalizeFaults(list, now());
		state.faults = opts.append ? [...state.faults, ...added] : added;
		if (opts.seed !== undefined) state.rng = seededRandom(opts.seed);
		return state.faults.length;
	}

	function setFixtures(rules, opts = {}) {
		const added = normalizeFixtureRules(rules);
		state.fixtures = opts.append ? [...state.fixtures, ...added] : [...initial.fixtures, ...added];
		return state.fixtures.length;
	}

	function configure(cfg = {}) {
		if (cfg.rateLimits) Object.assign(state.rateLimits, cfg.rateLimits);
		if (cfg.latency) Object.assign(state.latency, cfg.latency);
		if (cfg.seed !== undefined) {
			state.rng = seededRandom(cfg.seed);
			state.jitterRng = seededRandom(cfg.seed ^ 0x5bd1e995);
		}
		return { rateLimits: { ...state.rateLimits }, latency: { ...state.latency } };
	}

	function putFile(name, bytes) {
		state.files.set(name, Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
		return `${baseUrl}/__emulator/files/${encodeURIComponent(name)}`;
	}

	async function handleAdmin(ctx) {
		const { req, body } = ctx;
		const route = ctx.path.split('?')[0].slice('/__emulator'.length);
		const parse = () => (body.length ? JSON.parse(body.toString('utf8')) : {});
		try {
			if (route === '/stats' && req.method === 'GET') return { status: 200, json: stats() };
			if (route === '/reset' && req.method === 'POST') {
				resetState();
				return { status: 200, json: { ok: true } };
			}
			if (route === '/faults' && req.method === 'POST') {
				const p = parse();
				const list = Array.isArray(p) ? p : p.faults !== undefined ? p.faults : p.kind ? p : [];
				return { status: 200, json: { ok: true, pending: setFaults(list, { append: !!p.append, seed: p.seed }) } };
			}
			if (route === '/fixtures' && req.method === 'POST') {
				const p = parse();
				const list = Array.isArray(p) || !p.rules ? p : p.rules;
				return { status: 200, json: { ok: true, rules: setFixtures(list, { append: !!p.append }) } };
			}
			if (route === '/config' && req.method === 'POST') return { status: 200, json: configure(parse()) };
			if (route === '/health') return { status: 200, json: { ok: true } };
			if (route === '/verify-requests' && req.method === 'GET') return { status: 200, json: { requests: verifyService.requests() } };
			if (route.startsWith('/files/')) {
				const name = decodeURIComponent(route.slice('/files/'.length));
				if (req.method === 'PUT' || req.method === 'POST') return { status: 200, json: { url: putFile(name, body) } };
				const file = state.files.get(name);
				if (!file) return { status: 404, raw: 'not found', headers: { 'content-type': 'text/plain' } };
				return { status: 200, raw: file, headers: { 'content-type': 'application/octet-stream' } };
			}
		} catch (error) {
			return { status: 400, json: { error: error.message } };
		}
		return { status: 404, json: { error: `no admin route ${req.method} ${route}` } };
	}

	// ---- HTTP -------------------------------------------------------------------------------

	function routeOf(req, headers) {
		const p = (req.url || '/').split('?')[0];
		if (p.startsWith('/__emulator/') || p === '/__emulator') return { kind: 'admin' };
		if (p === '/ocr/vat/invoice') return { kind: 'qiniu', api: 'qiniu:vat-invoice', handler: handleQiniuVat };
		if (p === '/buckets') return { kind: 'qiniu', api: 'qiniu:buckets', handler: handleQiniuBuckets };
		if (p === '/' && (headers['x-tc-action'] || req.method === 'POST')) {
			return { kind: 'tencent', api: `tencent:${headers['x-tc-action'] || '(no action)'}`, handler: handleTencent };
		}
		return { kind: 'none' };
	}

	function send(res, reply, ctx) {
		if (res.destroyed) return;
		const headers = { ...(reply.headers || {}) };
		let payload;
		if (reply.raw !== undefined) payload = Buffer.isBuffer(reply.raw) ? reply.raw : Buffer.from(String(reply.raw));
		else {
			payload = Buffer.from(JSON.stringify(reply.json));
			if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
		}
		if (ctx.route.kind === 'tencent') headers['x-tc-traceid'] = headers['x-tc-traceid'] || crypto.randomUUID();
		if (ctx.route.kind === 'qiniu') headers['x-reqid'] = headers['x-reqid'] || crypto.randomBytes(12).toString('base64url');
		headers['content-length'] = String(payload.length);
		res.writeHead(reply.status, headers);
		res.end(payload);
	}

	function record(ctx, reply) {
		if (ctx.route.kind === 'admin' || ctx.route.kind === 'none') return;
		const status = String(reply ? reply.status : 'reset');
		state.stats.statuses[status] = (state.stats.statuses[status] || 0) + 1;
		const a = apiStats(ctx.api);
		a.statuses[status] = (a.statuses[status] || 0) + 1;
		if (reply && reply.errorCode) a.errors[reply.errorCode] = (a.errors[reply.errorCode] || 0) + 1;
	}

	function faultReply(f, ctx) {
		const tencent = ctx.route.kind === 'tencent';
		switch (f.kind) {
			case 'http': {
				const status = Number(f.status || 503);
				return { status, raw: f.body !== undefined ? f.body : `${status} ${http.STATUS_CODES[status] || 'Error'}`, headers: f.headers || { 'content-type': 'text/plain' }, errorCode: String(status) };
			}
			case 'malformed':
				return { status: 200, raw: f.body !== undefined ? f.body : tencent ? '{"Response": {"RequestId": "' : '{"code": 10000, "data": {"license_main": {', headers: { 'content-type': 'application/json' } };
			case 'error':
				if (tencent) return tencentError(f.code, f.message || `Injected error ${f.code}.`);
				return qiniuError(Number(f.status || 400), f.message || f.code);
			case 'throttle':
				if (tencent) return tencentError('RequestLimitExceeded', 'Your request frequency has exceeded the limit (injected).');
				return qiniuError(429, 'request limit exceeded');
			default:
				return null;
		}
	}

	async function handle(req, res, body, meta) {
		const headers = req.headers; // Node lowercases the names
		const route = routeOf(req, headers);
		const ctx = { req, res, body, headers, route, api: route.api, path: req.url || '/', arrivedAt: meta.arrivedAt, bodyBytes: meta.bodyBytes, oversize: false };
		if (route.kind === 'admin') return send(res, await handleAdmin(ctx), ctx);
		if (route.kind === 'none') return send(res, { status: 404, json: { error: `The emulator serves no ${req.method} ${ctx.path}` } }, ctx);

		ctx.oversize = meta.bodyBytes > (route.kind === 'tencent' ? LIMITS.tencentBodyBytes : LIMITS.qiniuBodyBytes);
		state.stats.total += 1;
		countArrival(route.api, meta.arrivedAt);
		const a = apiStats(route.api);
		state.stats.inFlight += 1;
		a.inFlight += 1;
		state.stats.maxInFlight = Math.max(state.stats.maxInFlight, state.stats.inFlight);
		a.maxInFlight = Math.max(a.maxInFlight, a.inFlight);
		let reply = null;
		try {
			const { delayMs, terminal } = drawFaults(route.api, meta.arrivedAt);
			if (terminal && terminal.kind === 'reset') {
				await sleep(latencyMs() + delayMs);
				record(ctx, null);
				log(`${req.method} ${route.api} -> connection reset (fault)`);
				if (typeof req.socket.resetAndDestroy === 'function') req.socket.resetAndDestroy();
				else req.socket.destroy();
				return;
			}
			reply = terminal ? faultReply(terminal, ctx) : await route.handler(ctx);
			await sleep(latencyMs() + delayMs);
			record(ctx, reply);
			log(`${req.method} ${route.api} -> ${reply.status}${reply.errorCode ? ` ${reply.errorCode}` : ''}${terminal ? ` (fault ${terminal.kind})` : ''}${ctx.fixture ? ` (fixture ${ctx.fixture.slice(0, 16)})` : ''}`);
			send(res, reply, ctx);
		} finally {
			state.stats.inFlight -= 1;
			a.inFlight -= 1;
		}
	}

	const server = http.createServer((req, res) => {
		const arrivedAt = now();
		const chunks = [];
		let bodyBytes = 0;
		req.on('data', (chunk) => {
			bodyBytes += chunk.length;
			if (bodyBytes > LIMITS.hardBodyBytes) {
				req.socket.destroy();
				return;
			}
			// Bodies past the provider limit are drained but not kept.
			if (bodyBytes <= LIMITS.tencentBodyBytes + 1024 * 1024) chunks.push(chunk);
		});
		req.on('end', () => {
			handle(req, res, Buffer.concat(chunks), { arrivedAt, bodyBytes }).catch((error) => {
				log(`emulator error: ${error && error.stack ? error.stack : error}`);
				if (!res.headersSent && !res.destroyed) {
					res.writeHead(500, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ error: `emulator error: ${error.message}` }));
				}
			});
		});
		req.on('error', () => {});
	});
	server.keepAliveTimeout = 5000;

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port || 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = server.address().port;
	const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

	async function close() {
		for (const t of timers) clearTimeout(t);
		timers.clear();
		await new Promise((resolve) => {
			server.close(() => resolve());
			if (typeof server.closeAllConnections === 'function') server.closeAllConnections();
		});
	}

	return {
		url: baseUrl,
		port,
		close,
		stats,
		setFaults,
		clearFaults: () => setFaults([]),
		setFixtures,
		configure,
		putFile,
		reset: resetState,
		verifyRequests: () => verifyService.requests(),
		keys: { tencent: options.tencentKeys || DEMO_KEYS.tencent, qiniu: options.qiniuKeys || DEMO_KEYS.qiniu },
	};
}

module.exports = { startEmulator, DEMO_KEYS, DEFAULT_RATE_LIMITS, LIMITS, FAULT_KINDS, sha256Hex, sniff, imageSize };
