/**
 * What a URL's host is, for the invoice-link downloads: a DNS name, or an IP literal (IPv4 in any of the
 * forms URL parsers accept, IPv6 in brackets) and which range it falls in (loopback, private, link-local,
 * unique-local, IPv4-mapped IPv6 of any of these, ...).
 *
 * The shipped code cannot resolve a name before the request (no node:dns in n8n community nodes), so
 * the rule for links is: a host must be a name on the issuer allow-list (core/run/issuers.ts); an IP
 * literal is never followed, whatever its range. The range is named in the message so that the user
 * sees why (a redirect to 10.0.0.5 is "a private address", not "an unknown issuer").
 */

export type AddressRange =
	| 'public'
	| 'loopback'
	| 'private'
	| 'link-local'
	| 'unique-local'
	| 'unspecified'
	| 'multicast'
	| 'shared'
	| 'reserved'
	| 'documentation'
	| 'benchmark';

export interface IpLiteral {
	version: 4 | 6;
	/** 4 or 16 bytes. */
	bytes: number[];
	range: AddressRange;
	/** For an IPv4-mapped or -compatible IPv6 address: the IPv4 address inside. */
	mappedV4?: string;
}

/** Words for a range, in a message ("a loopback address"). */
export const RANGE_WORDS: Readonly<Record<AddressRange, string>> = Object.freeze({
	public: 'a public IP address',
	loopback: 'a loopback address (this machine)',
	private: 'a private network address',
	'link-local': 'a link-local address',
	'unique-local': 'a unique-local (private) IPv6 address',
	unspecified: 'the unspecified address',
	multicast: 'a multicast address',
	shared: 'a carrier-grade NAT (shared) address',
	reserved: 'a reserved address',
	documentation: 'a documentation address',
	benchmark: 'a benchmarking address',
});

/** One IPv4 part as URL parsers read it: decimal, 0x hex, or 0-led octal; undefined when it is not a number. */
function ipv4Part(part: string): number | undefined {
	if (part === '') return undefined;
	if (/^0x[0-9a-f]*$/i.test(part)) return part.length === 2 ? 0 : parseInt(part.slice(2), 16);
	if (/^0[0-9]+$/.test(part)) return /^0[0-7]+$/.test(part) ? parseInt(part.slice(1), 8) : undefined;
	if (/^[0-9]+$/.test(part)) return parseInt(part, 10);
	return undefined;
}

/**
 * An IPv4 host in any form the WHATWG URL parser (and inet_aton) accepts: 127.0.0.1, 2130706433,
 * 0x7f.1, 0177.0.0.1, 127.1; undefined when the host is not one.
 */
export function parseIpv4(host: string): number[] | undefined {
	const text = host.endsWith('.') ? host.slice(0, -1) : host;
	const parts = text.split('.');
	if (parts.length === 0 || parts.length > 4) return undefined;
	const numbers = parts.map(ipv4Part);
	if (numbers.some((n) => n === undefined || !Number.isFinite(n))) return undefined;
	const values = numbers as number[];
	const last = values[values.length - 1];
	if (values.slice(0, -1).some((n) => n > 255)) return undefined;
	if (last >= 256 ** (5 - values.length)) return undefined;
	const bytes = values.slice(0, -1);
	const tail: number[] = [];
	let rest = last;
	for (let i = 0; i < 5 - values.length; i++) {
		tail.unshift(rest % 256);
		rest = Math.floor(rest / 256);
	}
	return [...bytes, ...tail];
}

/** An IPv6 literal (without brackets; an embedded IPv4 tail allowed) as 16 bytes, or undefined. */
export function parseIpv6(text: string): number[] | undefined {
	let host = text.replace(/%.*$/, ''); // a zone id says nothing about the range
	if (!/^[0-9a-f:.]+$/i.test(host) || !host.includes(':')) return undefined;
	let tailV4: number[] = [];
	const lastColon = host.lastIndexOf(':');
	if (host.slice(lastColon + 1).includes('.')) {
		const v4 = host.slice(lastColon + 1).split('.');
		if (v4.length !== 4 || v4.some((p) => !/^[0-9]{1,3}$/.test(p) || Number(p) > 255)) return undefined;
		tailV4 = v4.map(Number);
		host = `${host.slice(0, lastColon + 1)}0:0`;
	}
	const halves = host.split('::');
	if (halves.length > 2) return undefined;
	const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
	const head = groups(halves[0]);
	const tail = halves.length === 2 ? groups(halves[1]) : [];
	if ([...head, ...tail].some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
	const missing = 8 - head.length - tail.length;
	if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
	const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail].map((g) => parseInt(g, 16));
	const bytes: number[] = [];
	for (const g of all) bytes.push(g >> 8, g & 0xff);
	if (tailV4.length === 4) bytes.splice(12, 4, ...tailV4);
	return bytes;
}

function v4Range(b: number[]): AddressRange {
	const [a, c] = [b[0], b[1]];
	if (a === 0) return b.every((x) => x === 0) ? 'unspecified' : 'reserved';
	if (a === 127) return 'loopback';
	if (a === 10 || (a === 172 && c >= 16 && c <= 31) || (a === 192 && c === 168)) return 'private';
	if (a === 169 && c === 254) return 'link-local';
	if (a === 100 && c >= 64 && c <= 127) return 'shared';
	if (a === 192 && c === 0 && b[2] === 0) return 'reserved';
	if ((a === 192 && c === 0 && b[2] === 2) || (a === 198 && c === 51 && b[2] === 100) || (a === 203 && c === 0 && b[2] === 113)) return 'documentation';
	if (a === 198 && (c === 18 || c === 19)) return 'benchmark';
	if (a >= 224 && a <= 239) return 'multicast';
	if (a >= 240) return 'reserved';
	return 'public';
}

function v6Range(b: number[]): { range: AddressRange; mappedV4?: string } {
	const zeroTo = (n: number) => b.slice(0, n).every((x) => x === 0);
	// ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, deprecated), 64:ff9b::a.b.c.d (NAT64): the IPv4 inside decides.
	const mapped = (zeroTo(10) && b[10] === 0xff && b[11] === 0xff) || (zeroTo(12) && !(b[12] === 0 && b[13] === 0 && b[14] === 0 && b[15] <= 1));
	const nat64 = b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.slice(4, 12).every((x) => x === 0);
	if (mapped || nat64) {
		const v4 = b.slice(12);
		return { range: v4Range(v4), mappedV4: v4.join('.') };
	}
	if (b.every((x) => x === 0)) return { range: 'unspecified' };
	if (zeroTo(15) && b[15] === 1) return { range: 'loopback' };
	if ((b[0] & 0xfe) === 0xfc) return { range: 'unique-local' };
	if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) return { range: 'link-local' };
	if (b[0] === 0xfe && (b[1] & 0xc0) === 0xc0) return { range: 'private' }; // site-local (deprecated)
	if (b[0] === 0xff) return { range: 'multicast' };
	if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x0d && b[3] === 0xb8) return { range: 'documentation' };
	if (b[0] === 0x20 && b[1] === 0x02) {
		// 6to4: the IPv4 address in bytes 2..5 decides.
		const v4 = b.slice(2, 6);
		return { range: v4Range(v4), mappedV4: v4.join('.') };
	}
	if ((b[0] & 0xe0) !== 0x20) return { range: 'reserved' }; // outside 2000::/3, the global unicast space
	return { range: 'public' };
}

/**
 * The host of a URL (`new URL(...).hostname`, IPv6 with or without brackets) as an IP literal with its
 * range, or undefined for a DNS name.
 */
export function ipLiteral(hostname: string): IpLiteral | undefined {
	const host = hostname.trim().toLowerCase();
	if (host.startsWith('[') && host.endsWith(']')) {
		const bytes = parseIpv6(host.slice(1, -1));
		return bytes ? { version: 6, bytes, ...v6Range(bytes) } : undefined;
	}
	if (host.includes(':')) {
		const bytes = parseIpv6(host);
		return bytes ? { version: 6, bytes, ...v6Range(bytes) } : undefined;
	}
	const v4 = parseIpv4(host);
	return v4 ? { version: 4, bytes: v4, range: v4Range(v4) } : undefined;
}

/**
 * Names that always stay on this machine or the local network, whatever DNS says: localhost and its
 * subdomains, .local (mDNS), .internal, .lan, .home.arpa, .localdomain, and single-label names.
 */
export function isLocalName(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	if (host === '' || !host.includes('.')) return true;
	return /(^|\.)(localhost|local|internal|lan|intranet|home\.arpa|localdomain)$/.test(host);
}

/**
 * Why a host may not be the target of an invoice link (or of a redirect from one), or undefined when it
 * is a DNS name that is not local by construction. Every IP literal is refused: the allow-list of
 * issuer names is the guard, and an address has no place on it.
 */
export function refusedHost(hostname: string): string | undefined {
	const ip = ipLiteral(hostname);
	if (ip) {
		const inner = ip.mappedV4 !== undefined && ip.range !== 'public' ? ` (it carries the IPv4 address ${ip.mappedV4})` : '';
		return ip.range === 'public'
			? 'an IP address instead of an issuer host name'
			: `${RANGE_WORDS[ip.range]}${inner}`;
	}
	if (isLocalName(hostname)) return 'a local host name';
	return undefined;
}
