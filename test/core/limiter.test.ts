import { createHash } from 'node:crypto';

import {
	AdaptiveLimiter,
	IDLE_MS,
	LimiterRegistry,
	MAX_ENTRIES,
	isThrottle,
	limiterKey,
	processLimiter,
	processLimiterCount,
} from '../../nodes/core/limiter';
import { Scheduler, defaultClassify, type SchedulerOptions } from '../../nodes/core/schedule';
import { FakeClock } from '../helpers/fakeClock';
import { runAll } from '../helpers/schedule';

function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Tencent's answer to a request over the account's limit, as the provider module classifies it. */
class Throttled extends Error {
	readonly code = 'RequestLimitExceeded';
	readonly retryable = true;
}

/**
 * The provider's side: one sliding one-second window per account over the admitted requests (throttled
 * ones do not use up the quota), the way the emulator and Tencent count.
 */
class Account {
	private admitted: number[] = [];
	calls = 0;
	throttled = 0;
	constructor(readonly quota: number) {}

	admit(t: number): boolean {
		this.calls++;
		while (this.admitted.length > 0 && this.admitted[0] <= t - 1000) this.admitted.shift();
		if (this.admitted.length >= this.quota) {
			this.throttled++;
			return false;
		}
		this.admitted.push(t);
		return true;
	}
}

interface Simulation {
	lost: number;
	seconds: number;
	rate: number;
	throttled: number;
	calls: number;
	perProcessDone: number[];
}

/**
 * `processes` n8n processes (each its own registry, so its own limiter), each running `executions`
 * executions at once (one Scheduler each, 5 concurrent, 3 retries, as the node), `items` requests per
 * execution, against one account of `quota`/s with `latencyMs` per answer and up to 20 ms of network
 * jitter before the request arrives.
 */
async function simulate(processes: number, executions: number, items: number, quota = 10, latencyMs = 300): Promise<Simulation> {
	const clock = new FakeClock();
	const random = prng(7);
	const account = new Account(quota);
	const perProcessDone = new Array<number>(processes).fill(0);
	const runs: Array<Promise<boolean[]>> = [];
	for (let p = 0; p < processes; p++) {
		const registry = new LimiterRegistry();
		for (let e = 0; e < executions; e++) {
			const gate = registry.get('tencent:VatInvoiceOCR', 'AKIDsimulated', { quota, windowMs: 1025 }, clock.now());
			const scheduler = new Scheduler({
				requestsPerSecond: quota,
				maxConcurrent: 5,
				retries: 3,
				baseDelayMs: 1000,
				maxDelayMs: 30_000,
				now: clock.now,
				sleep: clock.sleep,
				random,
				gate,
				classify: (error) => ({ ...defaultClassify(error), throttled: isThrottle(error) }),
			});
			const task = async (): Promise<string> => {
				await clock.sleep(random() * 20);
				const ok = account.admit(clock.now());
				await clock.sleep(latencyMs);
				if (!ok) throw new Throttled('throttled');
				return 'read';
			};
			runs.push(
				Promise.all(
					Array.from({ length: items }, async () => {
						const outcome = await scheduler.run(task);
						if (outcome.ok) perProcessDone[p]++;
						return outcome.ok;
					}),
				),
			);
		}
	}
	const results = (await clock.run(Promise.all(runs))).flat();
	const read = results.filter(Boolean).length;
	const seconds = clock.time / 1000;
	return {
		lost: results.length - read,
		seconds,
		rate: read / seconds,
		throttled: account.throttled,
		calls: account.calls,
		perProcessDone,
	};
}

describe('limiterKey', () => {
	it('names the API and the first 16 hex digits of the SHA-256 of the account, never the account', () => {
		const id = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE';
		const key = limiterKey('tencent:VatInvoiceOCR', id);
		expect(key).toBe(`tencent:VatInvoiceOCR:${createHash('sha256').update(id).digest('hex').slice(0, 16)}`);
		expect(key).not.toContain(id);
		expect(limiterKey('tencent:VatInvoiceOCR', `${id}x`)).not.toBe(key);
		expect(limiterKey('tencent:RecognizeGeneralInvoice', id)).not.toBe(key);
	});
});

describe('isThrottle', () => {
	it.each([
		[{ code: 'RequestLimitExceeded' }, true],
		[{ code: 'RequestLimitExceeded.UinLimitExceeded' }, true],
		[{ code: 'HTTP 429', httpStatus: 429 }, true],
		[{ code: '50429' }, true],
		[{ code: 'InternalError' }, false],
		[{ code: 'HTTP 503', httpStatus: 503 }, false],
		[{ code: 'LimitExceeded.TooLargeFileError' }, false],
		[null, false],
		['RequestLimitExceeded', false],
	])('%j -> %s', (error, expected) => {
		expect(isThrottle(error)).toBe(expected);
	});
});

describe('AdaptiveLimiter', () => {
	it('runs at the quota until throttled, drops to 0.7 of its rate, and climbs back to it (CUBIC)', () => {
		const limiter = new AdaptiveLimiter({ quota: 10, windowMs: 1025 }, 0);
		expect(limiter.rate(0)).toBe(10);
		limiter.recordStart(1000);
		limiter.onResult(1000, true, 1300);
		expect(limiter.rate(1300)).toBeCloseTo(7, 5);
		// Throttles of requests started before the decrease say nothing new.
		limiter.onResult(1100, true, 1400);
		expect(limiter.rate(1400)).toBeLessThan(10);
		expect(limiter.rate(1400)).toBeGreaterThan(6.9);
		// Back at the old rate after K = cbrt(10 * 0.3 / 0.1) s, flat around it, then the quota again.
		const k = Math.cbrt(30) * 1000;
		expect(limiter.rate(1300 + k)).toBeCloseTo(10, 5);
		expect(limiter.rate(1300 + k / 2)).toBeGreaterThan(9);
		expect(limiter.rate(60_000)).toBe(10);
		expect(limiter.throttles).toBe(2);
	});

	it('a later throttle lowers it again; it never goes below 2% of the quota', () => {
		const limiter = new AdaptiveLimiter({ quota: 10 }, 0);
		let t = 0;
		for (let i = 0; i < 50; i++) {
			t += 10;
			limiter.recordStart(t);
			limiter.onResult(t, true, t + 1);
		}
		expect(limiter.rate(t + 1)).toBeCloseTo(0.2, 5);
	});

	it('with a fixed share keeps that rate whatever happens', () => {
		const limiter = new AdaptiveLimiter({ quota: 10, share: 4 }, 0);
		limiter.onResult(0, true, 10);
		limiter.onResult(20, true, 30);
		expect(limiter.rate(40)).toBe(4);
		expect(limiter.rate(100_000)).toBe(4);
	});

	it('at the quota spaces starts exactly as a Scheduler of its own did (single-execution behaviour unchanged)', async () => {
		const starts = async (withGate: boolean): Promise<number[]> => {
			const clock = new FakeClock();
			const times: number[] = [];
			const options: SchedulerOptions = {
				requestsPerSecond: 10,
				windowMs: 1025,
				maxConcurrent: 5,
				retries: 3,
				now: clock.now,
				sleep: clock.sleep,
				random: prng(3),
				gate: withGate ? new AdaptiveLimiter({ quota: 10, windowMs: 1025 }, 0) : undefined,
			};
			const scheduler = new Scheduler(options);
			const random = prng(5);
			await clock.run(
				runAll(scheduler, 
					Array.from({ length: 60 }, () => async () => {
						times.push(clock.now());
						await clock.sleep(250 + random() * 100);
					}),
				),
			);
			return times;
		};
		const own = await starts(false);
		expect(own).toHaveLength(60);
		expect(await starts(true)).toEqual(own);
	});
});

describe('Scheduler with a gate: throttled attempts', () => {
	it('are retried without spending a retry while the gate makes progress, and fail as before when it does not', async () => {
		const clock = new FakeClock();
		const gate = new AdaptiveLimiter({ quota: 100 }, 0);
		const events: Array<{ retry: number; throttled?: boolean }> = [];
		const scheduler = new Scheduler({
			onRetry: (event) => events.push({ retry: event.retry, throttled: event.throttled }),
			requestsPerSecond: 100,
			maxConcurrent: 1,
			retries: 1,
			baseDelayMs: 10,
			now: clock.now,
			sleep: clock.sleep,
			random: () => 0.5,
			gate,
			classify: (error) => ({ ...defaultClassify(error), throttled: isThrottle(error) }),
		});
		// Throttled 5 times, with another request succeeding through the gate in between each time.
		let calls = 0;
		const flaky = await clock.run(
			scheduler.run(async () => {
				calls++;
				if (calls <= 5) {
					gate.onResult(clock.now(), false, clock.now());
					throw new Throttled('throttled');
				}
				return 'read';
			}),
		);
		expect(flaky).toEqual({ ok: true, value: 'read', attempts: 6 });
		// Each throttle is reported as such, and none spent a retry.
		expect(events).toEqual(Array.from({ length: 5 }, () => ({ retry: 0, throttled: true })));

		// Always throttled and nothing else gets through: the first throttle is free, then 1 retry.
		let blocked = 0;
		const stuck = await clock.run(
			scheduler.run(async () => {
				blocked++;
				throw new Throttled('throttled');
			}),
		);
		expect(stuck.ok).toBe(false);
		expect(blocked).toBe(3);
	});

	it('without a gate a throttle is an ordinary retryable error (the old behaviour)', async () => {
		const clock = new FakeClock();
		const scheduler = new Scheduler({
			requestsPerSecond: 10,
			maxConcurrent: 1,
			retries: 2,
			baseDelayMs: 10,
			now: clock.now,
			sleep: clock.sleep,
			random: () => 0.5,
			classify: (error) => ({ ...defaultClassify(error), throttled: isThrottle(error) }),
		});
		let calls = 0;
		const outcome = await clock.run(
			scheduler.run(async () => {
				calls++;
				throw new Throttled('throttled');
			}),
		);
		expect(outcome.ok).toBe(false);
		expect(calls).toBe(3);
	});
});

describe('simulated processes sharing one account (quota 10/s, 300 ms latency)', () => {
	it('one process, 4 executions at once: nothing lost, near the quota, almost no throttling', async () => {
		const sim = await simulate(1, 4, 40);
		expect(sim.lost).toBe(0);
		expect(sim.rate / 10).toBeGreaterThanOrEqual(0.9);
		expect(sim.throttled / sim.calls).toBeLessThanOrEqual(0.05);
	});

	it('2 processes, 4 executions each: nothing lost, >= 0.8 of the quota, <= 8% throttled, none starved', async () => {
		const sim = await simulate(2, 4, 40);
		expect(sim.lost).toBe(0);
		expect(sim.rate / 10).toBeGreaterThanOrEqual(0.8);
		expect(sim.throttled / sim.calls).toBeLessThanOrEqual(0.08);
		for (const done of sim.perProcessDone) expect(done).toBe(160);
	});

	it('4 processes, 4 executions each: nothing lost, >= 0.8 of the quota, none starved', async () => {
		const sim = await simulate(4, 4, 40);
		expect(sim.lost).toBe(0);
		expect(sim.rate / 10).toBeGreaterThanOrEqual(0.8);
		// The old behaviour threw away 72% of the calls (see the test below); here the first second's
		// burst of 4 processes at the full quota is most of what is throttled.
		expect(sim.throttled / sim.calls).toBeLessThanOrEqual(0.2);
		for (const done of sim.perProcessDone) expect(done).toBe(160);
	});

	it('the old behaviour (a limiter per execution that owns the whole quota) loses items: the oracle fails', async () => {
		const clock = new FakeClock();
		const account = new Account(10);
		const random = prng(9);
		const runs = Array.from({ length: 4 }, () => {
			const scheduler = new Scheduler({
				requestsPerSecond: 10,
				windowMs: 1025,
				maxConcurrent: 5,
				retries: 3,
				baseDelayMs: 1000,
				now: clock.now,
				sleep: clock.sleep,
				random,
			});
			return runAll(scheduler, 
				Array.from({ length: 40 }, () => async () => {
					const ok = account.admit(clock.now());
					await clock.sleep(300);
					if (!ok) throw new Throttled('throttled');
					return 'read';
				}),
			);
		});
		const outcomes = (await clock.run(Promise.all(runs))).flat();
		expect(outcomes.filter((o) => !o.ok).length).toBeGreaterThan(0);
		expect(account.throttled / account.calls).toBeGreaterThan(0.2);
	});
});

describe('LimiterRegistry', () => {
	it('one limiter per (API, account): executions of a process share it', () => {
		const registry = new LimiterRegistry();
		const a = registry.get('tencent:VatInvoiceOCR', 'id-1', { quota: 10 }, 0);
		expect(registry.get('tencent:VatInvoiceOCR', 'id-1', { quota: 10 }, 5)).toBe(a);
		expect(registry.get('tencent:VatInvoiceOCR', 'id-2', { quota: 10 }, 5)).not.toBe(a);
		expect(registry.get('tencent:VerifyOfdVatInvoiceOCR', 'id-1', { quota: 10 }, 5)).not.toBe(a);
		expect(registry.size).toBe(3);
	});

	it('stays bounded over 10,000 distinct accounts, and drops the idle ones', () => {
		const registry = new LimiterRegistry();
		let t = 0;
		for (let i = 0; i < 10_000; i++) {
			t += 50;
			registry.get('tencent:VatInvoiceOCR', `account-${i}`, { quota: 10 }, t);
			expect(registry.size).toBeLessThanOrEqual(MAX_ENTRIES);
		}
		// 10,000 accounts over 500 s: at most the ones used in the last IDLE_MS (+ one sweep interval).
		expect(registry.size).toBeLessThanOrEqual(MAX_ENTRIES);
		registry.get('tencent:VatInvoiceOCR', 'late', { quota: 10 }, t + IDLE_MS + 61_000);
		expect(registry.size).toBe(1);
	});

	it('the process registry is the same across calls and keyed by hash', () => {
		const before = processLimiterCount();
		const a = processLimiter('test:api', 'secret-id-for-test', { quota: 5 }, Date.now());
		expect(processLimiter('test:api', 'secret-id-for-test', { quota: 5 }, Date.now())).toBe(a);
		expect(processLimiterCount()).toBe(before + 1);
	});
});
