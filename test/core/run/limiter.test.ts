import { createHash } from 'node:crypto';

import {
	AdaptiveLimiter,
	DEFAULT_TUNING,
	IDLE_MS,
	type LimiterTuning,
	LimiterRegistry,
	MAX_ENTRIES,
	isThrottle,
	limiterKey,
	processLimiter,
	processLimiterCount,
} from '../../../nodes/core/run/limiter';
import { Scheduler, defaultClassify, type SchedulerOptions } from '../../../nodes/core/run/schedule';
import { FakeClock } from '../../helpers/fakeClock';
import { Account, type Simulation, type SimulationSetup, Throttled, prng, simulate } from '../../helpers/quotaSimulation';
import { runAll } from '../../helpers/schedule';
import { log } from '../../support/samples';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

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
	/** Successes started at each of `starts`, answered 300 ms later. */
	const succeed = (limiter: AdaptiveLimiter, starts: number[]): void => {
		for (const t of starts) {
			limiter.recordStart(t);
			limiter.onResult(t, false, t + 300);
		}
	};
	const QUOTA_RATE = 10_000 / 1025; // the quota in the limiter's 1025 ms window
	const HOLD_AT_HALF = DEFAULT_TUNING.holdMs * (10 / QUOTA_RATE); // hold of a process admitted at 5 of 10

	/** A limiter that has been sending for a second already (a request started at -1000 still in flight),
	 * so that its first throttle counts a whole window. */
	const sending = (tuning: Partial<LimiterTuning> = {}): AdaptiveLimiter => {
		const limiter = new AdaptiveLimiter({ quota: 10, windowMs: 1025 }, -1000, tuning);
		limiter.recordStart(-1000);
		return limiter;
	};

	/** 5 successes started 0-400 ms, then the request started at 500 throttled (answered at 800). */
	const firstThrottle = (): AdaptiveLimiter => {
		const limiter = sending();
		succeed(limiter, [0, 100, 200, 300, 400]);
		limiter.recordStart(500);
		limiter.onResult(500, true, 800);
		return limiter;
	};

	it('runs at the quota until its first throttle, then takes 0.9 of its share of the full provider window', () => {
		expect(new AdaptiveLimiter({ quota: 10, windowMs: 1025 }, 0).rate(0)).toBe(10);
		// Its share: the 5 requests of its own the provider admitted in the second before the throttled one.
		const limiter = firstThrottle();
		expect(limiter.rate(800)).toBeCloseTo(4.5, 5);
		// A throttle of a request started before the decrease says nothing new.
		limiter.onResult(700, true, 1000);
		expect(limiter.rate(1000)).toBeGreaterThan(4.5);
		expect(limiter.throttles).toBe(2);
		// Back at half the quota (5 of 10 is at least 0.4: one other process) after K = cbrt((W - 4.5) / C) s,
		// where it holds for the hold time, then probes above it (CUBIC).
		const half = QUOTA_RATE / 2;
		const k = Math.cbrt((half - 4.5) / DEFAULT_TUNING.scale) * 1000;
		expect(limiter.rate(800 + k)).toBeCloseTo(half, 5);
		expect(limiter.rate(800 + k + HOLD_AT_HALF - 1)).toBeCloseTo(half, 5);
		expect(limiter.rate(800 + k + HOLD_AT_HALF + 2000)).toBeCloseTo(half + DEFAULT_TUNING.scale * 8, 5);
		expect(limiter.rate(800 + 60_000)).toBe(10);
	});

	/** A limiter whose first throttle found `admitted` of its own requests in the provider's window. */
	const measured = (admitted: number, tuning: Partial<LimiterTuning> = {}): AdaptiveLimiter => {
		const limiter = sending(tuning);
		succeed(limiter, Array.from({ length: admitted }, (_, i) => i * (900 / admitted)));
		limiter.recordStart(950);
		limiter.onResult(950, true, 1250);
		return limiter;
	};
	/** Its plateau: the rate once recovered (3 s later: after K, before the hold ends). */
	const plateauOf = (limiter: AdaptiveLimiter): number => limiter.rate(1250 + 3000);

	it('two workers: a 6/4 split measured at the first throttle becomes 5/5 (both go to half the quota)', () => {
		const half = QUOTA_RATE / 2;
		expect(plateauOf(measured(6))).toBeCloseTo(half, 5);
		expect(plateauOf(measured(4))).toBeCloseTo(half, 5);
		// The rule turned off (what the limiter did before): each climbs back to its own share, 6/4 to the end.
		expect(plateauOf(measured(6, { pairFraction: 2 }))).toBeCloseTo(6, 5);
		expect(plateauOf(measured(4, { pairFraction: 2 }))).toBeCloseTo(4, 5);
	});

	it('at its first throttle, a worker that began sending 400 ms before counts its share over those 400 ms', () => {
		// The other worker picked its executions up earlier and filled the window: 3 of ours got in, in 400 ms.
		const late = (tuning: Partial<LimiterTuning> = {}): AdaptiveLimiter => {
			const limiter = new AdaptiveLimiter({ quota: 10, windowMs: 1025 }, 0, tuning);
			succeed(limiter, [600, 700, 800]);
			limiter.recordStart(1000);
			limiter.onResult(1000, true, 1300);
			return limiter;
		};
		// 3 in 400 ms is 7.5/s: at least 0.4 of the quota, so half the quota, at once.
		expect(late().rate(1300)).toBeCloseTo(QUOTA_RATE / 2, 5);
		// Counted over a whole second it would be 3 (below 0.4: three or more processes), and stay there.
		expect(late({ minMeasureMs: 1000 }).rate(1300 + 3000)).toBeCloseTo(3, 5);
	});

	it('three or more processes (a share below 0.4 of the quota): its measured share is its plateau', () => {
		expect(plateauOf(measured(3))).toBeCloseTo(3, 5);
		expect(plateauOf(measured(2))).toBeCloseTo(2, 5);
	});

	it('a worker that had its half, throttled as a bystander with less in the window, keeps 0.95 of its half', () => {
		const bystander = (tuning: Partial<LimiterTuning> = {}): AdaptiveLimiter => {
			const limiter = measured(5, tuning);
			// Holding at its plateau (half the quota: a start every 205 ms) until the other worker probes: then
			// only 2 of its requests got into the window. Over the last 5 s it still had 4.2 a second (at least 0.3
			// of the quota).
			succeed(limiter, Array.from({ length: 14 }, (_, i) => 1300 + i * 205));
			succeed(limiter, [4300, 4800]);
			limiter.recordStart(5000);
			limiter.onResult(5000, true, 5300);
			return limiter;
		};
		const kept = bystander();
		expect(kept.rate(5300)).toBeCloseTo(2 * 0.95, 5);
		expect(kept.rate(5300 + 3000)).toBeCloseTo(0.95 * (QUOTA_RATE / 2), 5);
		// Without the rule it would go on from 2 (and be throttled down again by the next probe).
		expect(bystander({ pairFraction: 2 }).rate(5300 + 3000)).toBeCloseTo(2, 5);
	});

	it('one that took itself for one of two but had less than 0.3 of the quota over the last 5 s does not keep half', () => {
		const bystander = (tuning: Partial<LimiterTuning> = {}): AdaptiveLimiter => {
			const limiter = measured(5, tuning);
			// One of five: 2 a second since its first throttle (13 in the last 5 s: 2.6 a second), 2 in the window
			// of this throttle.
			succeed(limiter, Array.from({ length: 8 }, (_, i) => 1300 + i * 500));
			limiter.recordStart(5000);
			limiter.onResult(5000, true, 5300);
			return limiter;
		};
		// Its plateau is what it measured (2 in the window), not 0.95 of half the quota.
		expect(bystander().rate(5300 + 3000)).toBeCloseTo(2, 5);
		// Without the 5 s check (the limiter before) it kept 0.95 of half, above its share of the account.
		expect(bystander({ keepWindowMs: 0 }).rate(5300 + 3000)).toBeCloseTo(0.95 * (QUOTA_RATE / 2), 5);
	});

	it('a small share holds at least 3 s (half the hold at half the quota) before it probes', () => {
		// 2 of 10 admitted: 2 * 2 / 9.76 of the 6 s hold would be 2.5 s; it holds 3 s.
		const k = Math.cbrt((2 * 0.04) / DEFAULT_TUNING.scale) * 1000; // first throttle: beta = 1 - 0.1 * 0.4
		const holding = measured(2);
		expect(holding.rate(1250 + k + 2900)).toBeCloseTo(2, 5);
		expect(holding.rate(1250 + k + 3000 + 1000)).toBeCloseTo(2 + DEFAULT_TUNING.scale, 5);
		// Held in proportion to its share (the limiter before), it was probing already.
		expect(measured(2, { minHoldFraction: 0 }).rate(1250 + k + 2900)).toBeGreaterThan(2.01);
	});

	it('admitted at >= 0.9 of the quota it is alone (its own jitter): back to 0.95 and no hold', () => {
		const limiter = sending();
		succeed(limiter, Array.from({ length: 10 }, (_, i) => i * 102.5));
		// All 10 admitted in the second before the throttled request: it had the whole quota.
		limiter.recordStart(1000);
		limiter.onResult(1000, true, 1325);
		expect(limiter.rate(1325)).toBeCloseTo(9.5, 5);
		const k = Math.cbrt((10 * 0.05) / DEFAULT_TUNING.scale) * 1000;
		expect(limiter.rate(1325 + k / 2)).toBeGreaterThan(9.5);
		expect(limiter.rate(1325 + k + 1000)).toBe(10);
	});

	it('throttled while recovering or holding (another process probed): gives up only 5% of its share', () => {
		const limiter = firstThrottle();
		succeed(limiter, [4000, 4200, 4400, 4600, 4800]);
		limiter.recordStart(5000);
		limiter.onResult(5000, true, 5300);
		// Its share: 5 admitted, but it ran at its plateau, half the quota.
		expect(limiter.rate(5300)).toBeCloseTo(0.95 * (QUOTA_RATE / 2), 5);
	});

	it('throttled while probing: the larger its share the more it gives up, and the longer it holds', () => {
		const k = Math.cbrt((5 * 0.1) / DEFAULT_TUNING.scale) * 1000;
		const probeAt = 800 + k + HOLD_AT_HALF + 3000; // rate there: min(10, 5 + C * 27)
		const probeThrottled = (admitted: number): AdaptiveLimiter => {
			const limiter = firstThrottle();
			succeed(limiter, Array.from({ length: admitted }, (_, i) => probeAt - 1000 + i * 100));
			limiter.recordStart(probeAt);
			limiter.onResult(probeAt, true, probeAt + 300);
			return limiter;
		};
		const large = probeThrottled(8);
		const small = probeThrottled(3);
		// beta = 1 - 0.3 * (2 * share / quota): 8 of 10 -> 0.52, 3 of 10 -> 0.82.
		expect(large.rate(probeAt + 300)).toBeCloseTo(8 * 0.52, 5);
		expect(small.rate(probeAt + 300)).toBeCloseTo(3 * 0.82, 5);
		// The large one goes back to half the quota (at least 0.4: one other process), the small one (below
		// 0.4: more processes) to its share; the small one probes long before the large one stops holding.
		const smallBack = probeAt + 300 + Math.cbrt((3 * 0.18) / DEFAULT_TUNING.scale) * 1000 + DEFAULT_TUNING.holdMs * ((2 * 3) / QUOTA_RATE);
		expect(small.rate(smallBack + 2000)).toBeGreaterThan(3.5);
		expect(large.rate(smallBack + 2000)).toBeLessThanOrEqual(8 + 1e-9);
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

describe('simulated processes sharing one account (quota 10/s, 300 ms latency, processes starting up to 700 ms and executions up to 3 s apart, 10 seeds each)', () => {
	const summary = (sims: Simulation[]): string =>
		`${Math.min(...sims.map((x) => x.ofQuota)).toFixed(2)}-${Math.max(...sims.map((x) => x.ofQuota)).toFixed(2)} of the quota, ` +
		`${(Math.min(...sims.map((x) => x.throttled / x.calls)) * 100).toFixed(1)}-${(Math.max(...sims.map((x) => x.throttled / x.calls)) * 100).toFixed(1)}% throttled`;

	it('one process, 4 executions at once: nothing lost, >= 0.95 of the quota, nothing throttled', async () => {
		for (const seed of SEEDS) {
			const sim = await simulate({ processes: 1, executions: 4, items: 40, seed });
			expect(sim.lost).toBe(0);
			expect(sim.ofQuota).toBeGreaterThanOrEqual(0.95);
			expect(sim.throttled).toBe(0);
		}
	});

	it('2 processes (test:queue: 2 workers, 4 executions of 40 each): nothing lost, >= 0.88 of the quota, <= 5% throttled, with 20 or 40 ms of jitter', async () => {
		for (const jitterMs of [20, 40]) {
			const sims: Simulation[] = [];
			for (const seed of SEEDS) {
				const sim = await simulate({ processes: 2, executions: 4, items: 40, seed, jitterMs });
				sims.push(sim);
				expect(sim.lost).toBe(0);
				expect(sim.perProcessDone).toEqual([160, 160]);
				expect(sim.ofQuota).toBeGreaterThanOrEqual(0.88);
				expect(sim.throttled / sim.calls).toBeLessThanOrEqual(0.05);
			}
			log(`2 processes x 4 x 40, ${jitterMs} ms jitter: ${summary(sims)}`);
		}
	});

	it('without the two-worker plateau (the limiter before it) the same runs fall below 0.85 of the quota', async () => {
		const sims: Simulation[] = [];
		for (const seed of SEEDS) sims.push(await simulate({ processes: 2, executions: 4, items: 40, seed, tuning: { pairFraction: 2 } }));
		expect(sims.every((sim) => sim.lost === 0)).toBe(true);
		expect(Math.min(...sims.map((sim) => sim.ofQuota))).toBeLessThan(0.85);
		log(`2 processes x 4 x 40 without the two-worker plateau: ${summary(sims)}`);
	});

	it('2 processes with unequal work (one runs 4 x 25, the other 4 x 55): the one left alone climbs, >= 0.85 of the quota', async () => {
		const sims: Simulation[] = [];
		for (const seed of SEEDS) {
			const sim = await simulate({ processes: 2, executions: 4, items: 40, itemsOf: (p) => (p === 0 ? 25 : 55), seed });
			sims.push(sim);
			expect(sim.lost).toBe(0);
			expect(sim.perProcessDone).toEqual([100, 220]);
			expect(sim.ofQuota).toBeGreaterThanOrEqual(0.85);
			expect(sim.throttled / sim.calls).toBeLessThanOrEqual(0.05);
		}
		log(`2 processes, 4 x 25 and 4 x 55: ${summary(sims)}`);
	});

	it('4 processes, 4 executions each: nothing lost, none starved, >= 0.8 of the quota, <= 17% throttled', async () => {
		const sims: Simulation[] = [];
		for (const seed of SEEDS.slice(0, 5)) {
			const sim = await simulate({ processes: 4, executions: 4, items: 40, seed });
			sims.push(sim);
			expect(sim.lost).toBe(0);
			expect(sim.perProcessDone).toEqual([160, 160, 160, 160]);
			expect(sim.ofQuota).toBeGreaterThanOrEqual(0.8);
			// Four processes starting at the full quota throttle about 16 calls of the first second; a process
			// that measured 0.4 of the quota in a window takes itself for one of two until its share over 5 s says
			// otherwise (16-19% before #24, now 10-16%).
			expect(sim.throttled / sim.calls).toBeLessThanOrEqual(0.17);
		}
		log(`4 processes x 4 x 40: ${summary(sims)}`);
	});

	/**
	 * Issue #24: N processes on one account (N = 2 ... 8), each with 2 executions whose work differs (30 to 70
	 * items each, drawn per seed), processes starting up to 1 s apart (the bench's processes began 0.4-1.8 s
	 * apart on a busy 2-core machine), executions up to 2 s after their process's first, 30 ms of jitter.
	 */
	const fleet = (processes: number, seed: number, tuning?: Partial<LimiterTuning>): SimulationSetup => {
		const draw = prng(seed * 7919 + processes);
		const work = Array.from({ length: processes }, () => 30 + Math.round(draw() * 40));
		return { processes, executions: 2, items: 0, itemsOf: (p) => work[p], seed, skewMs: 1000, executionSkewMs: 2000, jitterMs: 30, tuning };
	};
	/** The rules of #24 turned off: the limiter before it. */
	const BEFORE_24: Partial<LimiterTuning> = { keepWindowMs: 0, minHoldFraction: 0 };
	const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
	const fleetRuns = new Map<number, { now: Simulation[]; before: Simulation[] }>();
	/** With the limiter before #24 too, for 4 and 8 processes (the simulation of 8 takes a while). */
	const COMPARED = [4, 8];
	const runFleet = async (processes: number): Promise<{ now: Simulation[]; before: Simulation[] }> => {
		let runs = fleetRuns.get(processes);
		if (!runs) {
			runs = { now: [], before: [] };
			for (const seed of SEEDS) {
				runs.now.push(await simulate(fleet(processes, seed)));
				if (COMPARED.includes(processes)) runs.before.push(await simulate(fleet(processes, seed, BEFORE_24)));
			}
			fleetRuns.set(processes, runs);
		}
		return runs;
	};

	it.each([2, 3, 4, 6, 8])(
		'%i processes, unequal work, start skew and jitter: nothing lost, every item read (4 and 8: fewer calls throttled than before #24, at about the same rate)',
		async (processes) => {
			const { now, before } = await runFleet(processes);
			for (const [i, sim] of now.entries()) {
				expect(sim.lost).toBe(0);
				expect(sim.perProcessDone).toEqual(Array.from({ length: processes }, (_, p) => fleet(processes, SEEDS[i]).itemsOf!(p) * 2));
			}
			if (!COMPARED.includes(processes)) {
				log(`${processes} processes x 2 executions of 30-70 items: ${summary(now)}`);
				return;
			}
			expect(before.every((sim) => sim.lost === 0)).toBe(true);
			log(`${processes} processes x 2 executions of 30-70 items: ${summary(now)} (before #24: ${summary(before)})`);
			// On average over the seeds: 0.8 (4 processes) and 0.7 (8) of the throttled calls, the same rate within 0.01.
			expect(mean(now.map((x) => x.throttled / x.calls))).toBeLessThan(0.9 * mean(before.map((x) => x.throttled / x.calls)));
			expect(mean(now.map((x) => x.ofQuota))).toBeGreaterThanOrEqual(mean(before.map((x) => x.ofQuota)) - 0.01);
		},
	);

	// The targets of issue #24, not met yet: each of these fails today (so the test passes); when the limiter
	// meets one, jest reports it and the target becomes an ordinary test.
	it.failing.each([2, 3, 4, 6, 8])('%i processes reach the targets of #24 (>= 0.9 of the quota and <= 5% throttled up to 4, >= 0.85 and <= 8% above)', async (processes) => {
		const { now } = await runFleet(processes);
		for (const sim of now) {
			expect(sim.ofQuota).toBeGreaterThanOrEqual(processes <= 4 ? 0.9 : 0.85);
			expect(sim.throttled / sim.calls).toBeLessThanOrEqual(processes <= 4 ? 0.05 : 0.08);
		}
	});

	/**
	 * The bench's case (1 execution of 100 items per process, processes up to 300 ms apart, 8 ms of jitter) with
	 * This Worker's Share set by hand. A share is kept as whole requests per 1025 ms window, so no sum of shares
	 * up to the quota ever overflows the provider's second, whatever the phases. With 4 equal workers the best
	 * split of 10 is 3/3/2/2: the two with 3 finish first and the two with 2 read their last third alone at 2 a
	 * second. The figures README and docs/benchmarks.md quote for the fixed share.
	 */
	it.each([
		[[5, 5], 0.95],
		[[4, 3, 3], 0.86],
		[[3, 3, 2, 2], 0.76],
	])('a fixed share on each worker (%j): nothing throttled, every item read, at least %d of the quota and no more than the slowest worker allows', async (shares, atLeast) => {
		for (const seed of SEEDS) {
			const sim = await simulate({ processes: shares.length, executions: 1, items: 100, seed, skewMs: 300, executionSkewMs: 0, jitterMs: 8, shareOf: (p) => shares[p] });
			expect(sim.lost).toBe(0);
			expect(sim.throttled).toBe(0);
			expect(sim.perProcessDone).toEqual(shares.map(() => 100));
			expect(sim.ofQuota).toBeGreaterThanOrEqual(atLeast);
			// The last worker needs 100 requests at its share per 1025 ms: the account's rate cannot beat that.
			const slowest = (100 / Math.min(...shares)) * 1.025;
			expect(sim.ofQuota).toBeLessThanOrEqual((shares.length * 100) / slowest / 10 + 0.01);
		}
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
