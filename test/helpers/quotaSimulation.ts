/**
 * Simulated n8n processes sharing one provider account, on a fake clock: what test/core/run/limiter.test.ts
 * checks the adaptive limiter against (nodes/core/run/limiter.ts), and what a tuning experiment can run
 * thousands of times in seconds.
 *
 * Each process has one AdaptiveLimiter shared by its executions (as processLimiter gives them); each
 * execution is a Scheduler as the node builds it (5 concurrent, 3 retries, 1025 ms window through the
 * gate). The provider is one sliding one-second window over the admitted requests of the account, the way
 * the emulator (test/emulator/server.js) and Tencent count; throttled requests do not use up the quota.
 */
import { AdaptiveLimiter, type LimiterTuning, isThrottle } from '../../nodes/core/run/limiter';
import { Scheduler, defaultClassify } from '../../nodes/core/run/schedule';
import { FakeClock } from './fakeClock';

/** mulberry32: the same seed gives the same run. */
export function prng(seed: number): () => number {
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
export class Throttled extends Error {
	readonly code = 'RequestLimitExceeded';
	readonly retryable = true;
}

/** The provider's side of one account. */
export class Account {
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

export interface Simulation {
	lost: number;
	/** Admitted calls per second over the quota. */
	ofQuota: number;
	throttled: number;
	calls: number;
	perProcessDone: number[];
	/** Calls and throttled calls of each process. */
	perProcessCalls: number[];
	perProcessThrottled: number[];
	/** When each process's last request was answered (ms). */
	perProcessEnd: number[];
	/** Every call at the provider, in order, if `trace` was set. */
	trace?: Array<{ t: number; process: number; ok: boolean; rate: number }>;
}

export interface SimulationSetup {
	processes: number;
	executions: number;
	/** Requests per execution (or per execution of process p, with itemsOf). */
	items: number;
	itemsOf?: (process: number) => number;
	seed: number;
	quota?: number;
	latencyMs?: number;
	/** Each process starts up to this late (workers pick up their executions at different moments: 500 ms
	 * apart in test:queue's timelines; processes of the bench that load at once, up to 1 s). */
	skewMs?: number;
	/** A process's later executions start up to this long after its first (an n8n worker picks its jobs
	 * up over seconds: up to 4.8 s in test:queue's timelines). */
	executionSkewMs?: number;
	/** The limiter's tuning in every process (to compare with a rule turned off). */
	tuning?: Partial<LimiterTuning>;
	/** Network and event-loop jitter between a start and its arrival at the provider, up to. */
	jitterMs?: number;
	/** Most requests under way at once per execution (the node's Max Concurrent Requests, 5). */
	maxConcurrent?: number;
	trace?: boolean;
	/** This Worker's Share of process p (a fixed rate instead of adapting), or undefined: adaptive. */
	shareOf?: (process: number) => number | undefined;
}

/**
 * `processes` n8n processes (each its own limiter, shared by its executions), each running `executions`
 * executions at once (one Scheduler each, 5 concurrent, 3 retries, as the node), `items` requests per
 * execution, against one account of `quota`/s with `latencyMs` per answer.
 */
export async function simulate(setup: SimulationSetup): Promise<Simulation> {
	const {
		processes,
		executions,
		items,
		seed,
		quota = 10,
		latencyMs = 300,
		skewMs = 700,
		executionSkewMs = 3000,
		jitterMs = 20,
		maxConcurrent = 5,
		tuning,
	} = setup;
	const clock = new FakeClock();
	const random = prng(seed);
	const account = new Account(quota);
	const perProcessDone = new Array<number>(processes).fill(0);
	const perProcessCalls = new Array<number>(processes).fill(0);
	const perProcessThrottled = new Array<number>(processes).fill(0);
	const perProcessEnd = new Array<number>(processes).fill(0);
	const trace: Simulation['trace'] = setup.trace ? [] : undefined;
	const runs: Array<Promise<boolean[]>> = [];
	for (let p = 0; p < processes; p++) {
		// One limiter per process, shared by its executions (as processLimiter gives them).
		const gate = new AdaptiveLimiter({ quota, windowMs: 1025, share: setup.shareOf?.(p) }, 0, tuning);
		const processStart = random() * skewMs;
		for (let e = 0; e < executions; e++) {
			const executionStart = processStart + (e === 0 ? 0 : random() * executionSkewMs);
			const task = async (): Promise<string> => {
				await clock.sleep(random() * jitterMs);
				const ok = account.admit(clock.now());
				perProcessCalls[p]++;
				if (!ok) perProcessThrottled[p]++;
				trace?.push({ t: clock.now(), process: p, ok, rate: gate.rate(clock.now()) });
				await clock.sleep(latencyMs + random() * jitterMs);
				perProcessEnd[p] = Math.max(perProcessEnd[p], clock.now());
				if (!ok) throw new Throttled('throttled');
				return 'read';
			};
			runs.push(
				(async () => {
					await clock.sleep(executionStart);
					const scheduler = new Scheduler({
						requestsPerSecond: quota,
						maxConcurrent,
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
		perProcessCalls,
		perProcessThrottled,
		perProcessEnd,
		trace,
	};
}
