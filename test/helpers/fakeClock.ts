/**
 * A discrete-event clock for scheduler and limiter tests: sleep() registers a timer; run() lets every
 * pending promise settle, then moves time to the earliest timer and fires it, until the awaited promise is
 * done. Nothing real waits, so timing is exact and tests run in milliseconds.
 */

/** Lets every promise that is ready run (100 microtask turns). */
export async function settle(): Promise<void> {
	for (let i = 0; i < 100; i++) await Promise.resolve();
}

export class FakeClock {
	time = 0;
	private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
	private seq = 0;

	now = (): number => this.time;

	sleep = async (ms: number): Promise<void> =>
		await new Promise<void>((resolve) => {
			this.timers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, resolve });
		});

	async run<T>(promise: Promise<T>): Promise<T> {
		let settled = false;
		promise.then(
			() => (settled = true),
			() => (settled = true),
		);
		for (;;) {
			await settle();
			if (settled) return await promise;
			if (this.timers.length === 0) throw new Error('nothing left to wait for, but the promise is not settled');
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers.shift()!;
			this.time = Math.max(this.time, next.at);
			next.resolve();
		}
	}
}
