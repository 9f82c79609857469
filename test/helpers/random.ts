/**
 * A small seeded PRNG (mulberry32) for tests that mutate inputs: the same seed gives the same sequence, so a
 * failing mutation reproduces from the seed and index in its test label.
 */
export type Rng = () => number;

export function prng(seed: number): Rng {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A whole number in [0, n). */
export const randomInt = (rng: Rng, n: number): number => Math.floor(rng() * n);
