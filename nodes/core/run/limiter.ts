/**
 * One request-rate limiter per (provider API, account), shared by every execution in one n8n process,
 * with an adaptive rate so that several processes (queue-mode workers) using one account settle near
 * the account's quota without a shared store.
 *
 * Why: the provider counts per account (Tencent: VatInvoiceOCR 10 calls/s per account), but an
 * execution only sees its own requests. Executions of one process share the limiter below, so together
 * they keep the quota exactly as one execution alone does. Processes cannot see each other: each one
 * lowers its own rate when the provider throttles it and raises it again while it is not throttled.
 *
 * Spacing. The same two rules as schedule.ts, with R the current rate, Q the quota, W the window
 * (1025 ms in the node) and k = max(1, floor(Q)): a start waits until (a) W/R after the previous start
 * and (b) W after the k-th previous start. With R = Q (one process, never throttled) this is exactly what
 * one execution did before, so a single execution runs as fast as it did. When R < Q the even spacing
 * (a) governs; (b) keeps using Q so that a fractional R is not rounded down to floor(R) per window.
 *
 * Adaptation (across processes). Like CUBIC, as in the AWS SDK's "adaptive" retry mode, with four
 * changes that the simulation in test/core/run/limiter.test.ts showed to matter for quotas of 5-20/s:
 * - The share is measured, not guessed. A throttled request found the provider's one-second window
 *   full; this process's part of that window is the number of its own requests that succeeded and were
 *   started in the second before the throttled one. That is its share r of the account, also at the
 *   very start (two processes starting at the full quota each measure about Q/2 at their first
 *   throttle), where the rate "answered in the last window" used before read about Q. At its first
 *   throttle a process that began sending less than a second before counts over the time it was
 *   sending (at least 250 ms): a worker that picked its first execution up 500 ms after the other one
 *   had 3 of 10 in the window, a rate of 6/s, not 3 (test:queue's timeline showed a 7/3 split that
 *   the 3 then held for 8 s).
 * - The decrease depends on what the throttled request was doing. Sent while this process probed above
 *   its plateau (or before any throttle): the rate drops to beta * r with
 *   beta = 1 - (1 - b) * min(2, 2r/Q), b = 0.9 on the first throttle (the share is already measured) and
 *   0.7 after, so a process with more than half of the quota gives up more and one with less gives up
 *   less. Sent while it recovered or held (another process was probing): only to 0.95 * r. Admitted at
 *   >= 0.9 of the quota: alone on the account, the throttle came from its own timing jitter: 0.95 * r
 *   and no hold.
 * - The plateau it climbs back to (CUBIC's W_max) assumes the commonest case, two queue-mode workers,
 *   when the measurement allows it. With r >= 0.4 of the quota the rest of the account is at most 0.6,
 *   most likely one other process: the plateau is half the quota, from above or from below. Without
 *   this a 6/4 split measured in the first second (one worker picked its executions up 200 ms sooner)
 *   stayed 6/4 to the end, because each one's plateau was its own share and the holds kept either from
 *   taking what the other gave up; the 6 finished first and the 4 held its share while the account
 *   was half idle. A process that had its half and is throttled as a bystander (the other one probed)
 *   keeps 0.95 of its half even if it measured less: the requests it lost in that window went to the
 *   prober, which is throttled back to half in turn. It keeps it only while it still had 0.3 of the
 *   quota over the last 5 s (keepWindowMs, keepFraction): with four processes, one that took itself for
 *   one of two at its first throttle (it began sending 250 ms before, so its 2 or 3 counted as 8 or 10 a
 *   second) kept half the quota through every later throttle: in the simulation of #24 (4 processes,
 *   unequal work) 15% of the calls were throttled, with the check 13%. The check is loose on purpose: at
 *   0.4 of the quota, a worker of two hit in two windows in a row lost its half (0.86 of the quota in one
 *   of 20 seeds of the 2-worker simulation; in a real test:queue run one worker sat at 2 calls/s for 6 s).
 *   Below 0.4 (three or more processes) the plateau is the measured share.
 * - After the decrease the rate follows R(t) = W - C * (K - t)^3 up to the plateau W in K seconds
 *   (K = cbrt((W - beta * r) / C), C = 0.2), then HOLDS at W for H = 6 s * min(2, 2r/Q) before it
 *   probes above it along W + C * (t - K - H)^3 up to the quota. Probing is what costs throttled calls
 *   (each probe about one), so the hold sets how many there are; its scaling makes a process with a
 *   small share probe first, which is also the one that must climb when the others are done. (It was
 *   8 s before the even split; with both workers at half, the one left alone when the other is done
 *   waits out the rest of its hold: 6 s. In the simulation 3 s throttled more than 5% of the calls,
 *   and 8 s left 0.79 of the quota when one worker had twice the other's work.) No hold is shorter
 *   than half of it, 3 s (minHoldFraction): with eight processes of 1.2/s each, 1.5 s holds made the
 *   account see a probe every second or so, and 26% of the calls were throttled; with 3 s, 19%.
 * Only a throttle of a request started after the last decrease changes the rate (the ones already in
 * flight were sent at the old rate and say nothing new). The rate is a function of time since the last
 * decrease, so an idle limiter also recovers (no timer involved).
 * Simulated (quota 10/s, 300 ms, 4 executions x 40 items per process, processes starting up to 700 ms
 * apart and executions up to 3 s after their process's first, 20 or 40 ms of jitter; and 2 to 8
 * processes with unequal work, test/helpers/quotaSimulation.ts): the tests in test/core/run/limiter.test.ts
 * print the figures; the README (queue mode) has those of real n8n workers. Three or more processes
 * still throttle far more than two (each one needs a throttle of its own to learn that the account is
 * full, so probes cost about one throttle per process; see docs/benchmarks.md).
 * A fixed share (the option "this worker's share") turns adaptation off: R = share always.
 *
 * Memory: the registry drops limiters idle for IDLE_MS when it is touched, and never keeps more than
 * MAX_ENTRIES (the least recently used go first), so thousands of executions with different accounts do
 * not make it grow; a limiter keeps the start times of its successes of the last 31 s only. Time comes
 * from the caller's clock (Date.now in the node); there is no timer here.
 * Accounts are keyed by a hash of their id (SecretId / AccessKey), never the id or the secret itself.
 */
import { createHash } from 'node:crypto';

export interface LimiterSettings {
	/** The account's quota for this API, requests per second (> 0). */
	quota: number;
	/** A fixed rate for this process instead of the adaptive one (> 0), or undefined. */
	share?: number;
	/** The window the quota is kept in, >= 1000 ms (default 1000; the node uses 1025). */
	windowMs?: number;
}

/** What schedule.ts asks a shared rate limiter (see Scheduler's `gate`). */
export interface RateGate {
	/** The earliest time a start may be released at. */
	earliestStart(now: number): number;
	/** Records a start released at `now` (call right after earliestStart(now) <= now, with no await). */
	recordStart(now: number): void;
	/** The answer to a request started at `startedAt`: throttled by the provider or not. */
	onResult(startedAt: number, throttled: boolean, now: number): void;
	/** How many requests through this gate have succeeded so far (a throttled task's sign of progress). */
	readonly successes: number;
}

/** How the adaptive rate behaves (see the header); tests pass their own to compare. */
export interface LimiterTuning {
	/** The decrease on a throttle of a request sent while probing above the last throttled rate. */
	beta: number;
	/** The decrease on this process's first throttle (its share was measured: little to correct). */
	firstBeta: number;
	/** The decrease on a throttle of a request sent while recovering or holding (another process probed). */
	victimBeta: number;
	/** CUBIC's scale C (rates in requests per second, time in seconds). */
	scale: number;
	/** How long the rate stays at the throttled rate, once back at it, before probing above it, for a
	 * process that had half the quota (in proportion to its share, at most twice this). */
	holdMs: number;
	/** A process admitted at >= this share of the quota in the provider's window counts as alone ... */
	aloneFraction: number;
	/** ... and then decreases only to this share of its rate on a throttle, with no hold. */
	aloneBeta: number;
	/** No process goes below this share of the quota (so none starves while others probe). */
	minRateFraction: number;
	/**
	 * A process that measured at least this share of the quota assumes the rest is one other process
	 * (two queue-mode workers on one account): its plateau is half the quota, and as a bystander it keeps
	 * nearly its half (see the header). Below it (three or more processes) its measured share is its
	 * plateau. Above 1: off.
	 */
	pairFraction: number;
	/** The shortest sending time a share is extrapolated from (see onResult); 1000: never extrapolated. */
	minMeasureMs: number;
	/** A bystander keeps its half only if it had at least keepFraction of the quota over this long (0: always). */
	keepWindowMs: number;
	keepFraction: number;
	/** No hold is shorter than this share of holdMs (0: a small share holds in proportion, down to nothing). */
	minHoldFraction: number;
}

export const DEFAULT_TUNING: Readonly<LimiterTuning> = Object.freeze({
	beta: 0.7,
	firstBeta: 0.9,
	victimBeta: 0.95,
	scale: 0.2,
	holdMs: 6000,
	aloneFraction: 0.9,
	aloneBeta: 0.95,
	minRateFraction: 0.02,
	pairFraction: 0.4,
	minMeasureMs: 250,
	keepWindowMs: 5000,
	keepFraction: 0.3,
	minHoldFraction: 0.5,
});

/** How long a request may take and still have its start counted (older starts are forgotten). */
const MEASURE_HORIZON_MS = 30_000;
/** The provider's window: it admits at most the quota in any one second. */
const PROVIDER_WINDOW_MS = 1000;

function positive(value: number, name: string): number {
	if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number, got ${value}`);
	return value;
}

export class AdaptiveLimiter implements RateGate {
	private quota = 1;
	private share: number | undefined;
	private window = 1000;
	private windowSize = 1;
	/** The last `windowSize` start times, oldest first. */
	private readonly recentStarts: number[] = [];
	private lastStart = Number.NEGATIVE_INFINITY;
	/** When this limiter's first request was started. */
	private firstStart = Number.NaN;
	/** The rate at the last decrease (CUBIC's W_max), and when it happened; undefined: never throttled. */
	private rMax: number | undefined;
	private decreasedAt = Number.NEGATIVE_INFINITY;
	/** Seconds from the decrease back to rMax (CUBIC's K). */
	private k = 0;
	/** Seconds the rate then stays at rMax before probing above it. */
	private hold = 0;
	successes = 0;
	throttles = 0;
	/** When the requests that succeeded lately were started (in the order answered, so about sorted). */
	private readonly okStarts: number[] = [];
	lastUsed: number;
	private readonly tuning: Readonly<LimiterTuning>;

	constructor(settings: LimiterSettings, now: number, tuning: Partial<LimiterTuning> = {}) {
		this.tuning = { ...DEFAULT_TUNING, ...tuning };
		this.configure(settings);
		this.lastUsed = now;
	}

	/** Takes the settings of the latest execution (the quota or share may have been changed meanwhile). */
	configure(settings: LimiterSettings): void {
		this.quota = positive(settings.quota, 'quota');
		this.share = settings.share === undefined ? undefined : positive(settings.share, 'share');
		const windowMs = settings.windowMs ?? 1000;
		if (!(windowMs >= 1000) || !Number.isFinite(windowMs)) throw new RangeError(`windowMs must be at least 1000, got ${windowMs}`);
		this.window = windowMs;
		this.windowSize = Math.max(1, Math.floor(this.share ?? this.quota));
		while (this.recentStarts.length > this.windowSize) this.recentStarts.shift();
	}

	/** The current rate in requests per second. */
	rate(now: number): number {
		if (this.share !== undefined) return this.share;
		if (this.rMax === undefined) return this.quota;
		const since = (now - this.decreasedAt) / 1000;
		const t = since < this.k ? since - this.k : Math.max(0, since - this.k - this.hold);
		const r = this.rMax + this.tuning.scale * t * t * t;
		return Math.min(this.quota, Math.max(this.quota * this.tuning.minRateFraction, r));
	}

	earliestStart(now: number): number {
		this.lastUsed = now;
		const spaced = this.lastStart + this.window / this.rate(now);
		const windowed =
			this.recentStarts.length >= this.windowSize
				? this.recentStarts[this.recentStarts.length - this.windowSize] + this.window
				: Number.NEGATIVE_INFINITY;
		return Math.max(spaced, windowed);
	}

	recordStart(now: number): void {
		this.lastUsed = now;
		if (Number.isNaN(this.firstStart)) this.firstStart = now;
		this.lastStart = now;
		this.recentStarts.push(now);
		if (this.recentStarts.length > this.windowSize) this.recentStarts.shift();
	}

	onResult(startedAt: number, throttled: boolean, now: number): void {
		this.lastUsed = now;
		while (this.okStarts.length > 0 && this.okStarts[0] < now - MEASURE_HORIZON_MS - PROVIDER_WINDOW_MS) this.okStarts.shift();
		if (!throttled) {
			this.successes++;
			this.okStarts.push(startedAt);
			return;
		}
		this.throttles++;
		if (this.share !== undefined || startedAt < this.decreasedAt) return;
		const tuning = this.tuning;
		// The provider's window before this request was full: this process's part of it is its share.
		let admitted = 0;
		for (const t of this.okStarts) if (t >= startedAt - PROVIDER_WINDOW_MS && t < startedAt) admitted++;
		// At its first throttle a process that began sending less than a second before had only that long to
		// fill its part of the window (a worker that picked its first execution up 500 ms after the other
		// counts 3, not 6): its share is what it was admitted at over the time it was sending (at least
		// 250 ms of it). Later windows are whole.
		const sending =
			this.rMax === undefined ? Math.min(PROVIDER_WINDOW_MS, Math.max(tuning.minMeasureMs, startedAt - this.firstStart)) : PROVIDER_WINDOW_MS;
		const r = Math.min(this.rate(now), (admitted * PROVIDER_WINDOW_MS) / sending);
		const quotaRate = (this.quota * 1000) / this.window;
		const alone = admitted >= tuning.aloneFraction * quotaRate;
		const probing = this.rMax === undefined || (startedAt - this.decreasedAt) / 1000 >= this.k + this.hold;
		let beta: number;
		if (alone) beta = tuning.aloneBeta;
		else if (!probing) beta = tuning.victimBeta;
		else {
			// A process with more than half of the quota gives up more, one with less gives up less.
			const base = this.rMax === undefined ? tuning.firstBeta : tuning.beta;
			beta = 1 - (1 - base) * Math.min(2, (2 * r) / this.quota);
		}
		// Where the rate climbs back to and holds (CUBIC's W_max).
		let plateau = r;
		if (!alone) {
			const pair = tuning.pairFraction * quotaRate;
			// At least 0.4 of the account: the rest is most likely one other process. Both go to half, from
			// above or from below, so two workers converge on an even split (and finish together).
			if (r >= pair) plateau = quotaRate / 2;
			// Throttled as a bystander (the other one probed): the requests it lost in that window went to the
			// prober, which is throttled back to half in turn, so it keeps nearly its half, as long as it still had
			// 0.3 of the quota over the last 5 s (else it was not one of two, but one of more).
			const kept = this.recentShare(startedAt, tuning.keepWindowMs) >= tuning.keepFraction * quotaRate;
			if (!probing && this.rMax !== undefined && this.rMax >= pair && kept)
				plateau = Math.max(plateau, tuning.victimBeta * this.rMax);
		}
		this.rMax = plateau;
		this.decreasedAt = now;
		this.k = Math.cbrt(Math.max(0, plateau - beta * r) / tuning.scale);
		// The smaller its share, the sooner a process probes again (and the sooner a process left alone
		// on the account climbs back to the quota).
		this.hold = alone ? 0 : (tuning.holdMs / 1000) * Math.min(2, Math.max(tuning.minHoldFraction, (2 * r) / quotaRate));
	}

	/** This process's successes per second started in the `spanMs` before `at` (or since it began, at least 1 s). */
	private recentShare(at: number, spanMs: number): number {
		if (spanMs <= 0) return Number.POSITIVE_INFINITY;
		const span = Math.max(PROVIDER_WINDOW_MS, Math.min(spanMs, at - this.firstStart));
		let count = 0;
		for (const t of this.okStarts) if (t >= at - span && t < at) count++;
		return (count * 1000) / span;
	}
}

/** `${api}:${first 16 hex digits of sha256(accountId)}`: the account is never kept in clear. */
export function limiterKey(api: string, accountId: string): string {
	return `${api}:${createHash('sha256').update(accountId, 'utf8').digest('hex').slice(0, 16)}`;
}

export const IDLE_MS = 10 * 60_000;
export const MAX_ENTRIES = 1000;

/** Limiters by key; the module keeps one for the whole process (processLimiter). */
export class LimiterRegistry {
	private readonly entries = new Map<string, AdaptiveLimiter>();
	private lastSweep = Number.NEGATIVE_INFINITY;

	constructor(
		private readonly idleMs = IDLE_MS,
		private readonly maxEntries = MAX_ENTRIES,
	) {}

	get size(): number {
		return this.entries.size;
	}

	/** The limiter of (api, account), created or reconfigured with `settings`. */
	get(api: string, accountId: string, settings: LimiterSettings, now: number): AdaptiveLimiter {
		this.sweep(now);
		const key = limiterKey(api, accountId);
		let limiter = this.entries.get(key);
		if (limiter) {
			limiter.configure(settings);
			limiter.lastUsed = now;
			this.entries.delete(key); // re-inserted last: the Map's order is least recently used first
		} else {
			limiter = new AdaptiveLimiter(settings, now);
		}
		this.entries.set(key, limiter);
		while (this.entries.size > this.maxEntries) {
			const oldest = this.entries.keys().next().value as string;
			this.entries.delete(oldest);
		}
		return limiter;
	}

	clear(): void {
		this.entries.clear();
	}

	private sweep(now: number): void {
		if (now - this.lastSweep < Math.min(60_000, this.idleMs) && this.entries.size < this.maxEntries) return;
		this.lastSweep = now;
		for (const [key, limiter] of this.entries) {
			if (now - limiter.lastUsed > this.idleMs) this.entries.delete(key);
		}
	}
}

/** The one registry of this process: every execution of every workflow gets its limiters here. */
const PROCESS_LIMITERS = new LimiterRegistry();

export function processLimiter(api: string, accountId: string, settings: LimiterSettings, now: number): AdaptiveLimiter {
	return PROCESS_LIMITERS.get(api, accountId, settings, now);
}

export function processLimiterCount(): number {
	return PROCESS_LIMITERS.size;
}

/** Whether an error says the provider throttled the request (as opposed to any other failure). */
export function isThrottle(error: unknown): boolean {
	if (error === null || typeof error !== 'object') return false;
	const e = error as { code?: unknown; httpStatus?: unknown };
	if (e.httpStatus === 429) return true;
	const code = typeof e.code === 'string' ? e.code : '';
	// Tencent RequestLimitExceeded(.UinLimitExceeded …), Qiniu HTTP 429 or body codes 50429/50430.
	return code.startsWith('RequestLimitExceeded') || code === 'HTTP 429' || code === '50429' || code === '50430';
}
