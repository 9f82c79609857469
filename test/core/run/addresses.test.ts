import { ipLiteral, isLocalName, parseIpv4, parseIpv6, refusedHost } from '../../../nodes/core/run/addresses';

// Ranges from the IANA special-purpose registries (RFC 6890 and its updates), written down by hand.
describe('IP literals and their ranges', () => {
	test.each([
		['127.0.0.1', 'loopback'],
		['127.255.255.254', 'loopback'],
		['10.1.2.3', 'private'],
		['172.16.0.1', 'private'],
		['172.31.255.255', 'private'],
		['172.32.0.1', 'public'],
		['192.168.1.1', 'private'],
		['169.254.169.254', 'link-local'],
		['100.64.0.1', 'shared'],
		['0.0.0.0', 'unspecified'],
		['224.0.0.1', 'multicast'],
		['255.255.255.255', 'reserved'],
		['8.8.8.8', 'public'],
		['203.0.113.5', 'documentation'],
	])('IPv4 %s is %s', (host, range) => {
		expect(ipLiteral(host)?.range).toBe(range);
	});

	test.each([
		// Forms inet_aton and the WHATWG URL parser accept for 127.0.0.1.
		['2130706433', [127, 0, 0, 1]],
		['0x7f.1', [127, 0, 0, 1]],
		['0177.0.0.1', [127, 0, 0, 1]],
		['127.1', [127, 0, 0, 1]],
		['0x7f000001', [127, 0, 0, 1]],
		['10.0.0.1.', [10, 0, 0, 1]],
	])('IPv4 written as %s', (host, bytes) => {
		expect(parseIpv4(host)).toEqual(bytes);
		expect(ipLiteral(host)?.range).toBe(bytes[0] === 127 ? 'loopback' : 'private');
	});

	test.each(['nnfp.jss.com.cn', '1.2.3.4.5', '256.1.1.1', '1.2.3.4x', 'baiwang.com', '08.1.1.1'])('%s is not an IPv4 literal', (host) => {
		expect(parseIpv4(host)).toBeUndefined();
	});

	test.each([
		['[::1]', 'loopback', undefined],
		['::', 'unspecified', undefined],
		['[fe80::1%25eth0]', 'link-local', undefined],
		['[fd00::5]', 'unique-local', undefined],
		['[fc12:3456::1]', 'unique-local', undefined],
		['[::ffff:127.0.0.1]', 'loopback', '127.0.0.1'],
		['[::ffff:7f00:1]', 'loopback', '127.0.0.1'],
		['[::ffff:10.0.0.1]', 'private', '10.0.0.1'],
		['[::ffff:169.254.169.254]', 'link-local', '169.254.169.254'],
		['[64:ff9b::a9fe:a9fe]', 'link-local', '169.254.169.254'],
		['[2002:7f00:1::]', 'loopback', '127.0.0.1'],
		['[ff02::1]', 'multicast', undefined],
		['[2001:db8::1]', 'documentation', undefined],
		['[2400:3200::1]', 'public', undefined],
	])('IPv6 %s is %s', (host, range, mapped) => {
		const ip = ipLiteral(host);
		expect(ip?.version).toBe(6);
		expect(ip?.range).toBe(range);
		expect(ip?.mappedV4).toBe(mapped);
	});

	test('IPv6 parsing: compressed, full, embedded IPv4; malformed ones refused', () => {
		expect(parseIpv6('::1')).toEqual([...Array(15).fill(0), 1]);
		expect(parseIpv6('1:2:3:4:5:6:7:8')).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]);
		expect(parseIpv6('::ffff:1.2.3.4')?.slice(10)).toEqual([0xff, 0xff, 1, 2, 3, 4]);
		for (const bad of ['1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', ':::', '1.2.3.4', 'g::1']) expect(parseIpv6(bad)).toBeUndefined();
	});

	test('the URL parser normalises the odd forms before the check sees them, and they are still caught', () => {
		expect(new URL('https://2130706433/x').hostname).toBe('127.0.0.1');
		expect(new URL('https://[::ffff:127.0.0.1]/x').hostname).toBe('[::ffff:7f00:1]');
		expect(refusedHost(new URL('https://0x7f.1/x').hostname)).toBe('a loopback address (this machine)');
		expect(refusedHost(new URL('https://[::ffff:127.0.0.1]/x').hostname)).toBe('a loopback address (this machine) (it carries the IPv4 address 127.0.0.1)');
	});
});

describe('hosts refused for invoice links', () => {
	test('every IP literal is refused, public ones too; the range is named', () => {
		expect(refusedHost('10.0.0.8')).toBe('a private network address');
		expect(refusedHost('169.254.169.254')).toBe('a link-local address');
		expect(refusedHost('[fd00::1]')).toBe('a unique-local (private) IPv6 address');
		expect(refusedHost('8.8.8.8')).toBe('an IP address instead of an issuer host name');
	});

	test('local names are refused; issuer names are not', () => {
		for (const name of ['localhost', 'foo.localhost', 'printer.local', 'api.internal', 'intranet', 'router.lan', 'x.home.arpa']) {
			expect(isLocalName(name)).toBe(true);
			expect(refusedHost(name)).toBe('a local host name');
		}
		for (const name of ['nnfp.jss.com.cn', 'dppt.guangdong.chinatax.gov.cn', 'pis.baiwang.com']) expect(refusedHost(name)).toBeUndefined();
	});
});
