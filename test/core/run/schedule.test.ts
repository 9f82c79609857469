import {
	CancelledError,
	Scheduler,
	backoffDelay,
	type Outcome,
	type SchedulerOptions,
} from '../../../nodes/core/run/schedule';
import { FakeClock } from '../../helpers/fakeClock';
import { runScheduled } from '../../helpers/schedule';
import { seededRandom } from '../../helpers/random';

class Retryable extends Error {
	readonly retryable = true;
	constructor(readonly retryAfterMs?: number) {
		super('try again');
	}
}
class Permanent extends Error {
	readonly retryable = false;
}

function options(clock: FakeClock, overrides: Partial<SchedulerOptions> = {}): SchedulerOptions {
	return {
		requestsPerSecond: 10,
		maxConcurrent: 4,
		retries: 3,
		baseDelayMs: 100,
		maxDelayMs: 2000,
		now: clock.now,
		sleep: clock.sleep,
		random: seededRandom(1),
		...overrides,
	};
}

/** Most starts in any half-open window [t, t + 1000), checked at every millisecond t. */
function maxStartsInAnySecond(starts: number[]): number {
	const sorted = [...starts].sort((a, b) => a - b);
	let best = 0;
	let lo = 0;
	let hi = 0;
	const first = Math.floor(sorted[0]) - 1000;
	const last = Math.ceil(sorted[sorted.length - 1]);
	for (let t = first; t <= last; t++) {
		while (lo < sorted.length && sorted[lo] < t) lo++;
		while (hi < sorted.length && sorted[hi] < t + 1000) hi++;
		best = Math.max(best, hi - lo);
	}
	// Also the windows that start exactly at each start (where the maximum of a step function sits).
	for (let i = 0; i < sorted.length; i++) {
		let j = i;
		while (j < sorted.length && sorted[j] < sorted[i] + 1000) j++;
		best = Math.max(best, j - i);
	}
	return best;
}

interface Trace {
	starts: number[];
	maxActive: number;
	outcomes: Array<Outcome<number>>;
	calls: number[];
}

/** n tasks with random latencies; some fail (retryably) on their first attempts. */
async function simulate(clock: FakeClock, n: number, opts: SchedulerOptions, seed: number): Promise<Trace> {
	const random = seededRandom(seed);
	const starts: number[] = [];
	const calls = new Array<number>(n).fill(0);
	let active = 0;
	let maxActive = 0;
	const failFirst = Array.from({ length: n }, () => (random() < 0.3 ? 1 + Math.floor(random() * 2) : 0));
	const latency = Array.from({ length: n * 4 }, () => 10 + Math.floor(random() * 1500));
	let latencyIndex = 0;
	const tasks = Array.from({ length: n }, (_, i) => async (attempt: number) => {
		starts.push(clock.now());
		calls[i]++;
		active++;
		maxActive = Math.max(maxActive, active);
		await clock.sleep(latency[latencyIndex++ % latency.length]);
		active--;
		if (attempt < failFirst[i]) throw new Retryable();
		return i * 10;
	});
	const outcomes = await clock.run(runScheduled(tasks, opts));
	return { starts, maxActive, outcomes, calls };
}

describe('rate limit', () => {
	test.each([
		[10, 4],
		[5, 3],
		[10, 50],
		[3, 8],
		[2.5, 8],
		[1, 2],
		[0.5, 3],
	])(
		'never more than floor(R) starts in any one-second window (R = %s/s, C = %s, 150 tasks, retries included)',
		async (rate, concurrency) => {
			const clock = new FakeClock();
			const trace = await simulate(
				clock,
				150,
				options(clock, { requestsPerSecond: rate, maxConcurrent: concurrency }),
				42 + concurrency,
			);
			expect(trace.outcomes.every((o) => o.ok)).toBe(true);
			expect(trace.starts.length).toBeGreaterThan(150); // retries took slots too
			expect(maxStartsInAnySecond(trace.starts)).toBeLessThanOrEqual(Math.max(1, Math.floor(rate)));
			// Even spacing of 1000/R between consecutive starts.
			const sorted = [...trace.starts].sort((a, b) => a - b);
			for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(1000 / rate - 1e-9);
		},
	);

	test('windowMs = 1000 + m: arrivals delayed by up to m ms still never exceed R in any second', async () => {
		for (const seed of [11, 12, 13]) {
			const clock = new FakeClock();
			const random = seededRandom(seed);
			const arrivals: number[] = [];
			const tasks = Array.from({ length: 120 }, () => async () => {
				const delay = random() * 100; // network jitter between our start and the provider's arrival
				arrivals.push(clock.now() + delay);
				await clock.sleep(50 + random() * 400);
			});
			await clock.run(runScheduled(tasks, options(clock, { requestsPerSecond: 10, maxConcurrent: 8, windowMs: 1100 })));
			expect(maxStartsInAnySecond(arrivals)).toBeLessThanOrEqual(10);
		}
	});

	test('without the margin, the same jitter does push arrivals over the limit (why the node keeps a margin above 1000 ms)', async () => {
		const clock = new FakeClock();
		const random = seededRandom(11);
		const arrivals: number[] = [];
		const tasks = Array.from({ length: 120 }, () => async () => {
			arrivals.push(clock.now() + random() * 100);
			await clock.sleep(50 + random() * 400);
		});
		await clock.run(runScheduled(tasks, options(clock, { requestsPerSecond: 10, maxConcurrent: 8 })));
		expect(maxStartsInAnySecond(arrivals)).toBeGreaterThan(10);
	});

	test('with enough concurrency the limit is reached, not undershot: 100 quick tasks at 10/s take about 10 s', async () => {
		const clock = new FakeClock();
		const tasks = Array.from({ length: 100 }, () => async () => {
			await clock.sleep(5);
			return clock.now();
		});
		await clock.run(runScheduled(tasks, options(clock, { requestsPerSecond: 10, maxConcurrent: 10 })));
		expect(clock.time).toBeGreaterThanOrEqual(9900);
		expect(clock.time).toBeLessThan(10_100);
	});

	test('an infinite rate does not wait', async () => {
		const clock = new FakeClock();
		const tasks = Array.from({ length: 20 }, () => async () => clock.now());
		const outcomes = await clock.run(
			runScheduled(tasks, options(clock, { requestsPerSecond: Infinity, maxConcurrent: Infinity })),
		);
		expect(outcomes.every((o) => o.ok && o.value === 0)).toBe(true);
	});
});

describe('unmetered tasks', () => {
	test('take no rate slot (20 at 1/s start at once) but keep the concurrency bound and the retries', async () => {
		const clock = new FakeClock();
		const scheduler = new Scheduler(options(clock, { requestsPerSecond: 1, maxConcurrent: 2 }));
		let active = 0;
		let maxActive = 0;
		const starts: number[] = [];
		let failedOnce = false;
		const task = async (): Promise<number> => {
			starts.push(clock.now());
			active++;
			maxActive = Math.max(maxActive, active);
			await clock.sleep(10);
			active--;
			if (!failedOnce) {
				failedOnce = true;
				throw new Retryable();
			}
			return 1;
		};
		const outcomes = await clock.run(
			Promise.all(Array.from({ length: 20 }, async () => await scheduler.run(task, undefined, { metered: false }))),
		);
		expect(outcomes.every((o) => o.ok)).toBe(true);
		expect(starts).toHaveLength(21); // one retry
		expect(maxActive).toBe(2);
		// At 1/s, 20 metered tasks would need 19 s; unmetered they are done within the retry's backoff.
		expect(Math.max(...starts)).toBeLessThan(1000);
	});
});

describe('concurrency', () => {
	test.each([1, 3, 7])('never more than C = %s requests under way, and C is reached', async (concurrency) => {
		const clock = new FakeClock();
		const trace = await simulate(clock, 120, options(clock, { requestsPerSecond: 100, maxConcurrent: concurrency }), 7);
		expect(trace.maxActive).toBeLessThanOrEqual(concurrency);
		expect(trace.maxActive).toBe(concurrency);
	});

	test('a task waiting for its retry holds no slot', async () => {
		const clock = new FakeClock();
		let attemptsOfFirst = 0;
		const order: string[] = [];
		const tasks = [
			async () => {
				attemptsOfFirst++;
				order.push(`a${attemptsOfFirst}@${clock.now()}`);
				if (attemptsOfFirst === 1) throw new Retryable(5000);
				return 1;
			},
			async () => {
				order.push(`b@${clock.now()}`);
				return 2;
			},
		];
		await clock.run(runScheduled(tasks, options(clock, { maxConcurrent: 1, requestsPerSecond: 1000 })));
		expect(order[0]).toBe('a1@0');
		expect(order[1]).toBe('b@1'); // ran while the first task slept 5 s
		expect(order[2]).toMatch(/^a2@5/);
	});
});

describe('retries', () => {
	test('delays grow exponentially up to the cap, jitter stays within [d/2, d], the wait is real', async () => {
		for (const seed of [1, 2, 3, 4, 5]) {
			const clock = new FakeClock();
			const events: Array<{ retry: number; delayMs: number; at: number }> = [];
			const attemptsAt: number[] = [];
			const scheduler = new Scheduler(
				options(clock, {
					retries: 8,
					baseDelayMs: 100,
					maxDelayMs: 3000,
					random: seededRandom(seed),
					onRetry: (e) => events.push({ retry: e.retry, delayMs: e.delayMs, at: clock.now() }),
				}),
			);
			const outcome = await clock.run(
				scheduler.run(async (attempt) => {
					attemptsAt.push(clock.now());
					expect(attempt).toBe(attemptsAt.length - 1);
					throw new Retryable();
				}),
			);
			expect(outcome).toMatchObject({ ok: false, attempts: 9 });
			expect(events.map((e) => e.retry)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
			events.forEach((e, k) => {
				const ceiling = Math.min(3000, 100 * 2 ** k);
				expect(e.delayMs).toBeGreaterThanOrEqual(ceiling / 2);
				expect(e.delayMs).toBeLessThanOrEqual(ceiling);
				// Below the cap each range starts where the previous one ends, so delays never shrink.
				const previousCeiling = Math.min(3000, 100 * 2 ** (k - 1));
				if (k > 0 && ceiling >= 2 * previousCeiling) expect(e.delayMs).toBeGreaterThanOrEqual(events[k - 1].delayMs);
				expect(attemptsAt[k + 1] - attemptsAt[k]).toBeGreaterThanOrEqual(e.delayMs);
			});
			expect(events[4].delayMs).toBeGreaterThanOrEqual(8 * events[0].delayMs); // exponential, not linear
			expect(events[events.length - 1].delayMs).toBeLessThanOrEqual(3000);
		}
	});

	test('backoffDelay: the extremes of the jitter', () => {
		expect(backoffDelay(1, 1000, 30_000, () => 0)).toBe(500);
		expect(backoffDelay(1, 1000, 30_000, () => 0.999999)).toBe(1000);
		expect(backoffDelay(3, 1000, 30_000, () => 0)).toBe(2000);
		expect(backoffDelay(10, 1000, 30_000, () => 1)).toBe(30_000);
		expect(backoffDelay(10, 1000, 30_000, () => 0)).toBe(15_000);
		expect(backoffDelay(2, 1000, 30_000, () => 7)).toBe(2000); // random() out of range is clamped
	});

	test("a provider's retryAfter is honoured", async () => {
		const clock = new FakeClock();
		const at: number[] = [];
		const outcome = await clock.run(
			new Scheduler(options(clock, { random: () => 0 })).run(async (attempt) => {
				at.push(clock.now());
				if (attempt === 0) throw new Retryable(7000);
				return 'done';
			}),
		);
		expect(outcome).toEqual({ ok: true, value: 'done', attempts: 2 });
		expect(at[1] - at[0]).toBeGreaterThanOrEqual(7000);
	});

	test('a retryAfter beyond maxRetryAfterMs is not waited for', async () => {
		const clock = new FakeClock();
		let calls = 0;
		const outcome = await clock.run(
			new Scheduler(options(clock, { maxRetryAfterMs: 10_000 })).run(async () => {
				calls++;
				throw new Retryable(3_600_000);
			}),
		);
		expect(outcome.ok).toBe(false);
		expect(calls).toBe(1);
		expect(clock.time).toBeLessThan(10_000);
	});

	test('a permanent error is not retried', async () => {
		const clock = new FakeClock();
		let calls = 0;
		const error = new Permanent('AuthFailure.SignatureFailure');
		const outcome = await clock.run(
			new Scheduler(options(clock, { retries: 5 })).run(async () => {
				calls++;
				throw error;
			}),
		);
		expect(outcome).toEqual({ ok: false, error, attempts: 1 });
		expect(calls).toBe(1);
	});

	test('errors without a retryable flag are permanent by default; a classify function decides otherwise', async () => {
		const clock = new FakeClock();
		let calls = 0;
		const plain = async () => {
			calls++;
			throw new Error('plain');
		};
		await clock.run(new Scheduler(options(clock)).run(plain));
		expect(calls).toBe(1);
		calls = 0;
		await clock.run(new Scheduler(options(clock, { retries: 2, classify: () => ({ retryable: true }) })).run(plain));
		expect(calls).toBe(3);
	});

	test('the last error is kept when retries run out', async () => {
		const clock = new FakeClock();
		let n = 0;
		const outcome = await clock.run(
			new Scheduler(options(clock, { retries: 2 })).run(async () => {
				n++;
				throw Object.assign(new Retryable(), { n });
			}),
		);
		expect(outcome.ok).toBe(false);
		expect((outcome as { error: { n: number } }).error.n).toBe(3);
	});
});

describe('results', () => {
	test('come back in input order whatever the completion order', async () => {
		const clock = new FakeClock();
		const tasks = Array.from({ length: 30 }, (_, i) => async () => {
			await clock.sleep((30 - i) * 100); // the last task finishes first
			return i;
		});
		const outcomes = await clock.run(runScheduled(tasks, options(clock, { maxConcurrent: 30, requestsPerSecond: 1000 })));
		expect(outcomes.map((o) => (o.ok ? o.value : -1))).toEqual(Array.from({ length: 30 }, (_, i) => i));
	});

	test('every task is accounted for: results, permanent errors, exhausted retries, synchronous throws, a broken classifier', async () => {
		const clock = new FakeClock();
		const random = seededRandom(99);
		const n = 200;
		const kinds = Array.from({ length: n }, () => Math.floor(random() * 5));
		const tasks = kinds.map((kind, i) => (attempt: number): Promise<number> => {
			if (kind === 0) return clock.sleep(random() * 300).then(() => i);
			if (kind === 1) return Promise.reject(new Permanent(`p${i}`));
			if (kind === 2) return Promise.reject(new Retryable());
			if (kind === 3) throw new Permanent(`sync${i}`); // not even a promise
			return attempt < 2 ? Promise.reject(new Retryable()) : Promise.resolve(i);
		});
		const outcomes = await clock.run(
			runScheduled(
				tasks,
				options(clock, {
					retries: 2,
					requestsPerSecond: 50,
					classify: (e) => {
						if (e instanceof Permanent && e.message.startsWith('sync')) throw new Error('classifier bug');
						return { retryable: e instanceof Retryable };
					},
				}),
			),
		);
		expect(outcomes).toHaveLength(n);
		outcomes.forEach((o, i) => {
			const kind = kinds[i];
			if (kind === 0 || kind === 4) expect(o).toEqual({ ok: true, value: i, attempts: kind === 0 ? 1 : 3 });
			if (kind === 1) expect(o).toMatchObject({ ok: false, attempts: 1 });
			if (kind === 2) expect(o).toMatchObject({ ok: false, attempts: 3 });
			if (kind === 3) expect(o).toMatchObject({ ok: false, attempts: 1 });
			if (!o.ok) expect(o.error).toBeInstanceOf(Error);
		});
	});

	test('cancellation: tasks not yet started end as CancelledError, started ones finish', async () => {
		const clock = new FakeClock();
		let cancelled = false;
		const started: number[] = [];
		const tasks = Array.from({ length: 10 }, (_, i) => async () => {
			started.push(i);
			if (i === 2) cancelled = true;
			await clock.sleep(10);
			return i;
		});
		const outcomes = await clock.run(
			runScheduled(tasks, options(clock, { maxConcurrent: 1, requestsPerSecond: 1000, isCancelled: () => cancelled })),
		);
		expect(started).toEqual([0, 1, 2]);
		expect(outcomes.slice(0, 3).every((o) => o.ok)).toBe(true);
		for (const o of outcomes.slice(3)) {
			expect(o).toMatchObject({ ok: false, attempts: 0, cancelled: true });
			expect((o as { error: unknown }).error).toBeInstanceOf(CancelledError);
		}
	});

	test('bad options are refused', () => {
		const clock = new FakeClock();
		expect(() => new Scheduler(options(clock, { requestsPerSecond: 0 }))).toThrow(RangeError);
		expect(() => new Scheduler(options(clock, { maxConcurrent: 0 }))).toThrow(RangeError);
		expect(() => new Scheduler(options(clock, { retries: -1 }))).toThrow(RangeError);
		expect(() => new Scheduler(options(clock, { retries: 1.5 }))).toThrow(RangeError);
		expect(() => new Scheduler(options(clock, { windowMs: 999 }))).toThrow(RangeError);
	});
});

describe('prepare: heavy work before the rate slot', () => {
	test('prepare runs with a permit but before the rate wait, so its time does not push starts apart', async () => {
		const clock = new FakeClock();
		const scheduler = new Scheduler(options(clock, { requestsPerSecond: 10, maxConcurrent: 5 }));
		const random = seededRandom(7);
		const prepareTimes = Array.from({ length: 40 }, () => Math.round(random() * 250));
		const starts: number[] = [];
		let preparing = 0;
		let maxPreparedAlive = 0;
		let alive = 0;
		const outcomes = await clock.run(
			Promise.all(
				Array.from({ length: 40 }, (_, i) =>
					scheduler.run(
						async (_attempt, body: string) => {
							starts.push(clock.now());
							await clock.sleep(300);
							alive--;
							return body;
						},
						async () => {
							preparing++;
							await clock.sleep(prepareTimes[i]); // reading and encoding a file: varies with size and load
							preparing--;
							alive++;
							maxPreparedAlive = Math.max(maxPreparedAlive, alive);
							return `body-${i}`;
						},
					),
				),
			),
		);
		expect(outcomes.map((o) => (o.ok ? o.value : null))).toEqual(Array.from({ length: 40 }, (_, i) => `body-${i}`));
		expect(preparing).toBe(0);
		// At most maxConcurrent prepared requests exist at once: memory follows the concurrency.
		expect(maxPreparedAlive).toBeLessThanOrEqual(5);
		// The sends themselves keep the spacing and the limit, however long each preparation took
		// (had the preparation run after the rate slot, the sends would jitter by up to 250 ms).
		const sorted = [...starts].sort((a, b) => a - b);
		for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(100 - 1e-9);
		expect(maxStartsInAnySecond(starts)).toBeLessThanOrEqual(10);
		// ... and the run is not slowed by the preparation: 40 sends at 10/s, plus one preparation.
		expect(sorted[sorted.length - 1]).toBeLessThan(3900 + 250 + 1);
	});

	test('a failing prepare fails the attempt, is retried when retryable, and takes no rate slot', async () => {
		const clock = new FakeClock();
		const scheduler = new Scheduler(options(clock, { retries: 2 }));
		let prepares = 0;
		let sends = 0;
		const outcome = await clock.run(
			scheduler.run(
				async () => {
					sends++;
					return 'sent';
				},
				async () => {
					prepares++;
					if (prepares < 3) throw new Retryable();
					return 'ready';
				},
			),
		);
		expect(outcome).toEqual({ ok: true, value: 'sent', attempts: 3 });
		expect(sends).toBe(1);
		const permanent = await clock.run(
			scheduler.run(
				async () => 'never',
				async () => {
					throw new Permanent('unreadable file');
				},
			),
		);
		expect(permanent.ok).toBe(false);
		expect(permanent.attempts).toBe(1);
	});
});
