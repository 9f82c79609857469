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
import { runAll } from '../../helpers/schedule';
import { log } from '../../support/samples';

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
	private window: number[] = [];
	/** When each admitted request arrived, in order. */
	readonly admittedAt: number[] = [];
	calls = 0;
	throttled = 0;
	constructor(readonly quota: number) {}

	admit(t: number): boolean {
		this.calls++;
		while (this.window.length > 0 && this.window[0] <= t - 1000) this.window.shift();
		if (this.window.length >= this.quota) {
			this.throttled++;
			return false;
		}
		this.window.push(t);
		this.admittedAt.push(t);
		return true;
	}

	/** Admitted calls per second from the first admitted to the last, as test:queue and the bench measure. */
	rate(): number {
		const a = this.admittedAt;
		return a.length > 1 ? ((a.length - 1) * 1000) / (a[a.length - 1] - a[0]) : 0;
	}
}

interface Simulation {
	lost: number;
	/** Admitted calls per second over the quota. */
	ofQuota: number;
	throttled: number;
	calls: number;
	perProcessDone: number[];
}

interface SimulationSetup {
	processes: number;
	executions: number;
	/** Requests per execution (or per execution of process p, with itemsOf). */
	items: number;
	itemsOf?: (process: number) => number;
	seed: number;
	quota?: number;
	latencyMs?: number;
	/** Each process starts up to this late (workers pick up their executions at different moments: 500 ms
	 * apart in test:queue's timelines). */
	skewMs?: number;
	/** A process's later executions start up to this long after its first (an n8n worker picks its jobs
	 * up over seconds: up to 4.8 s in test:queue's timelines). */
	executionSkewMs?: number;
	/** The limiter's tuning in every process (to compare with a rule turned off). */
	tuning?: Partial<LimiterTuning>;
	/** Network and event-loop jitter between a start and its arrival at the provider, up to. */
	jitterMs?: number;
}

/**
 * `processes` n8n processes (each its own limiter, shared by its executions), each running `executions`
 * executions at once (one Scheduler each, 5 concurrent, 3 retries, as the node), `items` requests per
 * execution, against one account of `quota`/s with `latencyMs` per answer.
 */
async function simulate(setup: SimulationSetup): Promise<Simulation> {
	const { processes, executions, items, seed, quota = 10, latencyMs = 300, skewMs = 700, executionSkewMs = 3000, jitterMs = 20, tuning } = setup;
	const clock = new FakeClock();
	const random = prng(seed);
	const account = new Account(quota);
	const perProcessDone = new Array<number>(processes).fill(0);
	const runs: Array<Promise<boolean[]>> = [];
	for (let p = 0; p < processes; p++) {
		// One limiter per process, shared by its executions (as processLimiter gives them).
		const gate = new AdaptiveLimiter({ quota, windowMs: 1025 }, 0, tuning);
		const processStart = random() * skewMs;
		for (let e = 0; e < executions; e++) {
			const executionStart = processStart + (e === 0 ? 0 : random() * executionSkewMs);
			const task = async (): Promise<string> => {
				await clock.sleep(random() * jitterMs);
				const ok = account.admit(clock.now());
				await clock.sleep(latencyMs + random() * jitterMs);
				if (!ok) throw new Throttled('throttled');
				return 'read';
			};
			runs.push(
				(async () => {
					await clock.sleep(executionStart);
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
					return await Promise.all(
						Array.from({ length: setup.itemsOf ? setup.itemsOf(p) : items }, async () => {
							const outcome = await scheduler.run(task);
							if (outcome.ok) perProcessDone[p]++;
							return outcome.ok;
						}),
					);
				})(),
			);
		}
	}
	const results = (await clock.run(Promise.all(runs))).flat();
	return {
		lost: results.filter((ok) => !ok).length,
		ofQuota: account.rate() / quota,
		throttled: account.throttled,
		calls: account.calls,
		perProcessDone,
	};
}

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
			// Holding at its plateau, the other worker probes: only 2 of its requests got into the window.
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

	it('4 processes, 4 executions each: nothing lost, none starved, >= 0.8 of the quota', async () => {
		const sims: Simulation[] = [];
		for (const seed of SEEDS.slice(0, 5)) {
			const sim = await simulate({ processes: 4, executions: 4, items: 40, seed });
			sims.push(sim);
			expect(sim.lost).toBe(0);
			expect(sim.perProcessDone).toEqual([160, 160, 160, 160]);
			expect(sim.ofQuota).toBeGreaterThanOrEqual(0.8);
			// Four processes starting at the full quota throttle about 16 calls of the first second; a process
			// that measured 0.4 of the quota in a window takes itself for one of two until its next probe, so
			// four processes throttle more than before the two-worker plateau (9-12%), never above a fifth.
			expect(sim.throttled / sim.calls).toBeLessThanOrEqual(0.2);
		}
		log(`4 processes x 4 x 40: ${summary(sims)}`);
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
