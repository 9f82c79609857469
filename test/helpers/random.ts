/**
 * Seeded randomness for property and fuzz tests: the same seed gives the same numbers on every run, so a
 * failure reproduces from the seed its label names. One generator (mulberry32, in test/support/random.js,
 * shared with the plain-Node emulator) for every test.
 */
import { seededRandom as mulberry32 } from '../support/random';

/** Returns the next number in [0, 1). */
export type Random = () => number;

/** A generator seeded with `seed` (taken as an unsigned 32-bit integer). */
export function seededRandom(seed: number): Random {
	return mulberry32(seed);
}

/** A whole number in [0, n). */
export const randomInt = (random: Random, n: number): number => Math.floor(random() * n);
