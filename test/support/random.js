'use strict';
// The one seeded random generator of the tests and the emulator (plain Node, so that the emulator,
// which runs without ts-jest, can use it too). TypeScript tests import it via test/helpers/random.ts.

/**
 * mulberry32: a small, well-mixed 32-bit generator. The same seed gives the same sequence of numbers
 * in [0, 1) on every run, so a failing property or fuzz case reproduces from its seed.
 * @param {number} seed
 * @returns {() => number}
 */
function seededRandom(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

module.exports = { seededRandom };
