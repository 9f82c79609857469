import { deleteHeader, findHeaderKey, readHeader, setHeader } from '../../../../nodes/core/providers/signing/headers';
import { seededRandom, type Random } from '../../../helpers/random';

describe('readHeader', () => {
	it('matches the name in any letter case', () => {
		const headers = { 'Content-Type': 'application/json', 'x-tc-traceid': 'abc' };
		expect(readHeader(headers, 'content-type')).toBe('application/json');
		expect(readHeader(headers, 'CONTENT-TYPE')).toBe('application/json');
		expect(readHeader(headers, 'X-TC-TraceId')).toBe('abc');
		expect(readHeader(headers, 'content-length')).toBeUndefined();
	});

	it('reads the first value of a repeated header (an array), nothing from an empty array', () => {
		expect(readHeader({ 'set-cookie': ['a=1', 'b=2'] }, 'Set-Cookie')).toBe('a=1');
		expect(readHeader({ 'X-Reqid': [42, 'x'] }, 'x-reqid')).toBe('42');
		expect(readHeader({ 'retry-after': [] }, 'retry-after')).toBeUndefined();
	});

	it('reads undefined and null values as no header, and no headers at all as none', () => {
		expect(readHeader({ 'x-reqid': undefined }, 'x-reqid')).toBeUndefined();
		expect(readHeader({ 'x-reqid': null }, 'x-reqid')).toBeUndefined();
		expect(readHeader(undefined, 'x-reqid')).toBeUndefined();
		expect(readHeader({}, 'x-reqid')).toBeUndefined();
	});

	it('gives numbers and other values as text', () => {
		expect(readHeader({ 'content-length': 1024 }, 'Content-Length')).toBe('1024');
		expect(readHeader({ 'content-length': 0 }, 'content-length')).toBe('0');
		expect(readHeader({ 'x-flag': false }, 'x-flag')).toBe('false');
		expect(readHeader({ 'x-empty': '' }, 'x-empty')).toBe('');
	});

	it('reads the first key that matches when a header is held under two letter cases', () => {
		expect(readHeader({ 'X-Reqid': 'first', 'x-reqid': 'second' }, 'x-reqid')).toBe('first');
		expect(readHeader({ 'X-Reqid': undefined, 'x-reqid': 'second' }, 'x-reqid')).toBeUndefined();
	});

	it('agrees with the WHATWG Headers class on single-valued headers (seeded property test)', () => {
		const random = seededRandom(20261201);
		for (let round = 0; round < 300; round++) {
			const headers = randomHeaders(random);
			const oracle = new Headers(headers);
			for (const name of [...Object.keys(headers), 'x-absent'].map((key) => recase(key, random))) {
				expect([round, name, readHeader(headers, name)]).toEqual([round, name, oracle.get(name) ?? undefined]);
			}
		}
	});
});

describe('findHeaderKey', () => {
	it('gives the key as the object holds it', () => {
		const headers = { 'X-TC-Region': 'ap-guangzhou', Host: 'ocr.tencentcloudapi.com' };
		expect(findHeaderKey(headers, 'x-tc-region')).toBe('X-TC-Region');
		expect(findHeaderKey(headers, 'HOST')).toBe('Host');
		expect(findHeaderKey(headers, 'authorization')).toBeUndefined();
		expect(findHeaderKey(undefined, 'host')).toBeUndefined();
	});

	it('finds a header whose value is undefined (the key is there)', () => {
		expect(findHeaderKey({ 'x-tc-region': undefined }, 'X-TC-Region')).toBe('x-tc-region');
	});
});

describe('setHeader and deleteHeader', () => {
	it('setHeader replaces the header under every letter case, under the name given', () => {
		const headers: Record<string, string> = { host: 'a', HOST: 'b', Accept: '*/*' };
		setHeader(headers, 'Host', 'c');
		expect(headers).toEqual({ Accept: '*/*', Host: 'c' });
	});

	it('deleteHeader removes the header under every letter case and leaves the others', () => {
		const headers: Record<string, string> = { Authorization: 'x', authorization: 'y', 'Content-Type': 'text/plain' };
		deleteHeader(headers, 'AUTHORIZATION');
		expect(headers).toEqual({ 'Content-Type': 'text/plain' });
		deleteHeader(headers, 'x-absent');
		expect(headers).toEqual({ 'Content-Type': 'text/plain' });
	});
});

const NAMES = ['Content-Type', 'Host', 'X-Reqid', 'X-TC-TraceId', 'Retry-After', 'Content-Length', 'ETag'];

function recase(name: string, random: Random): string {
	return [...name].map((c) => (random() < 0.5 ? c.toLowerCase() : c.toUpperCase())).join('');
}

/** Headers with distinct names (in random letter case) and printable values. */
function randomHeaders(random: Random): Record<string, string> {
	const out: Record<string, string> = {};
	for (const name of NAMES) {
		if (random() < 0.5) continue;
		const length = Math.floor(random() * 12);
		out[recase(name, random)] = Array.from({ length }, () => String.fromCharCode(0x21 + Math.floor(random() * 94))).join('');
	}
	return out;
}
