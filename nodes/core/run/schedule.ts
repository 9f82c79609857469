/**
 * Runs provider requests concurrently without ever exceeding a request rate or a concurrency bound,
 * and retries the failures worth retrying with capped exponential backoff and jitter.
 *
 * Time is injected (`now`, `sleep`, `random`): the node passes Date.now, n8n-workflow's sleep and
 * Math.random; tests pass a fake clock. There is no timer in this module.
 *
 * Rate guarantee. Let W = windowMs (1000 by default) and k = max(1, floor(R)). Let s_1 <= s_2 <= … be
 * the recorded start times of all attempts (retries included), each recorded as now() at the moment the
 * attempt is released, with no await between the check and the record. A start s_j is released only
 * when both hold:
 *   (a) s_j >= s_{j-1} + W/R            (even spacing)
 *   (b) s_j >= s_{j-k} + W              (sliding window)
 * By (b), any k+1 consecutive starts span at least W >= 1000 ms, so a half-open window [t, t+1000) holds
 * at most k <= R starts, for every t: if it held k+1 starts s_i … s_{i+k}, then s_{i+k} - s_i < 1000 <= W,
 * contradicting (b). Rule (a) spreads the starts out instead of bursting k at once, and for R < 1 it
 * makes the gap W/R > 1000 ms. (b) also absorbs floating-point drift of summed W/R gaps.
 *
 * Why W may exceed 1000: the provider counts arrivals, not our starts. If each request arrives d_j after
 * its start, with the d_j differing by at most m, then arrivals a_j = s_j + d_j satisfy
 * a_j - a_{j-k} >= W - m, so with W = 1000 + m the provider never sees more than k in any second either.
 * The node uses W = 1025 (2.5% below the limit): with W = 1000, a local emulator with the same limit
 * throttled about one request in 25 from a few milliseconds of jitter; with 1025, and the request
 * built before its rate slot (see `prepare` in run()), arrivals stayed within the limit in the
 * benchmark (npm run bench) on a busy machine; a request that still slips is retried. A wider window
 * costs throughput directly: 1100 ms capped a 100-file run at under 0.9 of the limit.
 *
 * Concurrency guarantee: an attempt holds one of C permits from before its rate wait until its
 * request settles; a permit is handed straight to the next waiter (FIFO) or returned. Backoff waits hold
 * no permit, so a task sleeping before its retry does not block the others.
 */

import type { RateGate } from './limiter';

export type { RateGate };

export interface Classification {
	retryable: boolean;
	/** The provider throttled the request (rate limit): with a `gate`, retried without spending a retry. */
	throttled?: boolean;
	/** The provider asked for at least this long before the next try. */
	retryAfterMs?: number;
}

export interface RetryEvent {
	/** 1 for the first retry (a throttled attempt sent again for free keeps the count of the last one). */
	retry: number;
	delayMs: number;
	error: unknown;
	/** Throttled and sent again without spending a retry (with a gate, see `gate`). */
	throttled?: boolean;
}

export interface SchedulerOptions {
	/** Most request starts in any one-second window (> 0; Infinity for no limit). */
	requestsPerSecond: number;
	/**
	 * The window the rate is kept in, >= 1000 ms (default 1000): at most R starts in any windowMs.
	 * More than 1000 leaves room for network jitter between our start and the provider's arrival.
	 */
	windowMs?: number;
	/** Most requests under way at once (>= 1). */
	maxConcurrent: number;
	/** Retries after the first attempt (>= 0). */
	retries: number;
	/** First backoff, before jitter; doubles on each retry. Default 1000 ms. */
	baseDelayMs?: number;
	/** Cap of the backoff. Default 30 000 ms. */
	maxDelayMs?: number;
	/** A provider's retryAfter longer than this is not waited for: the task fails. Default 60 000 ms. */
	maxRetryAfterMs?: number;
	now: () => number;
	sleep: (ms: number) => Promise<void>;
	/** Uniform in [0, 1). */
	random: () => number;
	/** Whether an error is worth retrying; default: the error's own `retryable` and `retryAfterMs`. */
	classify?: (error: unknown) => Classification;
	/** Checked before every attempt and while waiting for a slot; true stops the task. */
	isCancelled?: () => boolean;
	onRetry?: (event: RetryEvent) => void;
	/**
	 * A rate limiter shared with other schedulers (one per account and API in the process, see
	 * limiter.ts). When given it replaces this scheduler's own rate window (requestsPerSecond and
	 * windowMs are then unused), learns from every answer, and a throttled attempt is retried at once
	 * (the gate has slowed down) without counting against `retries`, as long as the gate made progress
	 * (some request through it succeeded) since the task's previous throttle and throttleBudgetMs allows.
	 */
	gate?: RateGate;
	/** How long a throttled task waits before it asks the gate for a slot again. Default 1000 ms. */
	throttleDelayMs?: number;
	/** How long after its first attempt a task's throttled attempts stay free retries. Default 300 000 ms. */
	throttleBudgetMs?: number;
}

export type Outcome<T> =
	| { ok: true; value: T; attempts: number }
	| { ok: false; error: unknown; attempts: number; cancelled?: boolean };

/** What a task that never ran because the execution was stopped ends with. */
export class CancelledError extends Error {
	readonly code = 'Cancelled';
	readonly retryable = false;
	readonly hint = 'The execution was stopped before this request was sent.';

	constructor() {
		super('Cancelled before the request was sent');
		this.name = 'CancelledError';
	}
}

export function defaultClassify(error: unknown): Classification {
	if (error === null || typeof error !== 'object') return { retryable: false };
	const e = error as { retryable?: unknown; retryAfterMs?: unknown };
	return {
		retryable: e.retryable === true,
		retryAfterMs: typeof e.retryAfterMs === 'number' && Number.isFinite(e.retryAfterMs) ? e.retryAfterMs : undefined,
	};
}

/**
 * Backoff before retry number `retry` (1-based): d = min(max, base * 2^(retry-1)), then "equal jitter"
 * uniformly in [d/2, d]. Below the cap the ranges of successive retries touch ([d/2, d] then [d, 2d]), so
 * a delay is never shorter than the one before; at the cap it varies in [max/2, max]. Jitter spreads out
 * the tasks that failed together (a burst of RequestLimitExceeded) so they do not come back in step.
 */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
	const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
	const r = Math.min(1, Math.max(0, random()));
	return Math.round(ceiling / 2 + (r * ceiling) / 2);
}

function positive(value: number, name: string, allowInfinity = false): number {
	if (!(value > 0) || (!allowInfinity && !Number.isFinite(value))) {
		throw new RangeError(`${name} must be a positive number, got ${value}`);
	}
	return value;
}

export class Scheduler {
	private readonly options: SchedulerOptions;
	private readonly interval: number;
	private readonly window: number;
	private readonly windowSize: number;
	private readonly baseDelayMs: number;
	private readonly maxDelayMs: number;
	private readonly maxRetryAfterMs: number;
	private readonly classify: (error: unknown) => Classification;
	private permitsInUse = 0;
	private readonly waiting: Array<() => void> = [];
	/** The last `windowSize` start times, oldest first. */
	private readonly recentStarts: number[] = [];
	private lastStart = Number.NEGATIVE_INFINITY;

	constructor(options: SchedulerOptions) {
		const rate = positive(options.requestsPerSecond, 'requestsPerSecond', true);
		const concurrency = positive(options.maxConcurrent, 'maxConcurrent', true);
		if (!Number.isInteger(options.retries) || options.retries < 0) {
			throw new RangeError(`retries must be a whole number of at least 0, got ${options.retries}`);
		}
		this.options = { ...options, maxConcurrent: Math.max(1, Math.floor(concurrency)) };
		const windowMs = options.windowMs ?? 1000;
		if (!(windowMs >= 1000) || !Number.isFinite(windowMs))
			throw new RangeError(`windowMs must be at least 1000, got ${windowMs}`);
		this.window = windowMs;
		this.interval = Number.isFinite(rate) ? windowMs / rate : 0;
		this.windowSize = Number.isFinite(rate) ? Math.max(1, Math.floor(rate)) : 0;
		this.baseDelayMs = options.baseDelayMs ?? 1000;
		this.maxDelayMs = options.maxDelayMs ?? 30_000;
		this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
		this.classify = options.classify ?? defaultClassify;
	}

	/**
	 * Runs one task (called with the 0-based attempt number) to its final outcome; never rejects.
	 *
	 * `prepare`, when given, runs at each attempt once a concurrency permit is held but BEFORE the rate
	 * wait, and its result is handed to the task: heavy work (reading a file, base64, building the body)
	 * then happens off the clock, so what follows the rate slot is only the send. That keeps the moment a
	 * request reaches the provider close to the recorded start even on a busy machine, while memory still
	 * follows the concurrency (at most maxConcurrent prepared requests exist at once). A failing prepare
	 * fails the attempt like a failing task.
	 */
	async run<T, P = undefined>(
		task: (attempt: number, prepared: P) => Promise<T>,
		prepare?: (attempt: number) => Promise<P>,
		runOptions: { metered?: boolean } = {},
	): Promise<Outcome<T>> {
		// Unmetered tasks (a download the node makes itself) keep the concurrency bound and retries but take
		// no rate slot: the rate is the provider's, and they are not sent to it.
		const metered = runOptions.metered !== false;
		let attempts = 0;
		/** Throttled attempts retried for free (with a gate): they do not count against `retries`. */
		let freeAttempts = 0;
		let firstAttemptAt: number | undefined;
		let progressMark = Number.NEGATIVE_INFINITY;
		let lastError: unknown;
		const gate = this.options.gate;
		for (;;) {
			if (this.cancelled()) return this.cancelledOutcome(attempts, lastError);
			if (!(await this.acquirePermit())) return this.cancelledOutcome(attempts, lastError);
			let value: T | undefined;
			let failed = false;
			let startedAt = Number.NaN;
			try {
				const prepared = prepare ? await prepare(attempts) : (undefined as P);
				if (metered && !(await this.waitForSlot())) return this.cancelledOutcome(attempts, lastError);
				if (metered) {
					startedAt = this.options.now();
					firstAttemptAt ??= startedAt;
				} else if (this.cancelled()) return this.cancelledOutcome(attempts, lastError);
				value = await task(attempts, prepared);
			} catch (error) {
				failed = true;
				lastError = error;
			} finally {
				this.release();
			}
			attempts++;
			const sent = !Number.isNaN(startedAt);
			if (!failed) {
				if (gate && sent) gate.onResult(startedAt, false, this.options.now());
				return { ok: true, value: value as T, attempts };
			}

			const verdict = this.safeClassify(lastError);
			if (gate && sent) {
				const now = this.options.now();
				gate.onResult(startedAt, verdict.throttled === true, now);
				if (verdict.throttled === true && (verdict.retryAfterMs ?? 0) <= this.maxRetryAfterMs) {
					const progressed = gate.successes > progressMark;
					const inBudget = now - (firstAttemptAt ?? now) <= (this.options.throttleBudgetMs ?? 300_000);
					if (progressed && inBudget) {
						progressMark = gate.successes;
						freeAttempts++;
						// Wait out the provider's window (the slots freed meanwhile go to requests not yet throttled).
						const waitMs = Math.max(this.options.throttleDelayMs ?? 1000, Math.ceil(verdict.retryAfterMs ?? 0));
						this.notifyRetry({ retry: attempts - freeAttempts, delayMs: waitMs, error: lastError, throttled: true });
						if (!(await this.safeSleep(waitMs))) return { ok: false, error: lastError, attempts };
						continue;
					}
				}
			}
			if (!verdict.retryable || attempts - freeAttempts > this.options.retries) return { ok: false, error: lastError, attempts };
			let delayMs = backoffDelay(attempts - freeAttempts, this.baseDelayMs, this.maxDelayMs, this.options.random);
			if (verdict.retryAfterMs !== undefined) {
				if (verdict.retryAfterMs > this.maxRetryAfterMs) return { ok: false, error: lastError, attempts };
				delayMs = Math.max(delayMs, Math.ceil(verdict.retryAfterMs));
			}
			this.notifyRetry({ retry: attempts - freeAttempts, delayMs, error: lastError });
			const slept = await this.safeSleep(delayMs);
			if (!slept) return { ok: false, error: lastError, attempts };
		}
	}


	private cancelled(): boolean {
		try {
			return this.options.isCancelled?.() === true;
		} catch {
			return false;
		}
	}

	private cancelledOutcome<T>(attempts: number, lastError: unknown): Outcome<T> {
		return { ok: false, error: lastError ?? new CancelledError(), attempts, cancelled: lastError === undefined };
	}

	private safeClassify(error: unknown): Classification {
		try {
			return this.classify(error);
		} catch {
			return { retryable: false };
		}
	}

	private notifyRetry(event: RetryEvent): void {
		try {
			this.options.onRetry?.(event);
		} catch {
			// A failing observer must not change the outcome of the task.
		}
	}

	private async safeSleep(ms: number): Promise<boolean> {
		try {
			await this.options.sleep(ms);
			return true;
		} catch {
			return false;
		}
	}

	/** Takes one of the concurrency permits (waiting FIFO for one). False when cancelled meanwhile. */
	private async acquirePermit(): Promise<boolean> {
		if (this.permitsInUse < this.options.maxConcurrent) {
			this.permitsInUse++;
		} else {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		}
		if (this.cancelled()) {
			this.release();
			return false;
		}
		return true;
	}

	/**
	 * With a permit held, waits for a rate slot and records the start. False when cancelled meanwhile
	 * (the caller still holds the permit and returns it).
	 */
	private async waitForSlot(): Promise<boolean> {
		for (;;) {
			if (this.cancelled()) return false;
			const now = this.options.now();
			const gate = this.options.gate;
			const earliest = gate ? gate.earliestStart(now) : this.earliestStart();
			if (now >= earliest) {
				if (gate) gate.recordStart(now);
				else this.recordStart(now);
				return true;
			}
			if (!(await this.safeSleep(earliest - now))) return false;
		}
	}

	private release(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.permitsInUse--;
	}

	private earliestStart(): number {
		if (this.windowSize === 0) return Number.NEGATIVE_INFINITY;
		const spaced = this.lastStart + this.interval;
		const windowed =
			this.recentStarts.length >= this.windowSize
				? this.recentStarts[this.recentStarts.length - this.windowSize] + this.window
				: Number.NEGATIVE_INFINITY;
		return Math.max(spaced, windowed);
	}

	private recordStart(at: number): void {
		this.lastStart = at;
		if (this.windowSize === 0) return;
		this.recentStarts.push(at);
		if (this.recentStarts.length > this.windowSize) this.recentStarts.shift();
	}
}
