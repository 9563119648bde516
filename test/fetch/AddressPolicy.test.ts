import { describe, expect, it } from 'vitest';
import { AddressPolicy } from '../../src/fetch/addressPolicy.ts';

describe('AddressPolicy', () => {
	const policy = new AddressPolicy();

	it('refuses private, loopback, link-local and reserved IPv4 addresses, and allows public ones', () => {
		const cases: Record<string, string | undefined> = {
			'127.0.0.1': 'a loopback address',
			'127.255.0.9': 'a loopback address',
			'10.0.0.1': 'a private address',
			'172.16.5.4': 'a private address',
			'172.31.255.255': 'a private address',
			'192.168.1.1': 'a private address',
			'100.64.0.1': 'a private address',
			'169.254.169.254': 'a link-local address',
			'0.0.0.0': 'a reserved address',
			'224.0.0.1': 'a reserved address',
			'255.255.255.255': 'a reserved address',
			'198.18.0.1': 'a reserved address',
			'172.32.0.1': undefined,
			'8.8.8.8': undefined,
			'93.184.216.34': undefined,
		};
		for (const [address, expected] of Object.entries(cases)) expect(policy.refusal(address), address).toBe(expected);
	});

	it('refuses the same ranges in IPv6, IPv4-mapped, IPv4-compatible, NAT64 and tunnel forms', () => {
		const cases: Record<string, string | undefined> = {
			'::1': 'a loopback address',
			'::': 'a reserved address',
			'::ffff:127.0.0.1': 'a loopback address',
			'::ffff:7f00:1': 'a loopback address',
			'::ffff:10.1.2.3': 'a private address',
			'::ffff:a9fe:a9fe': 'a link-local address',
			'::127.0.0.1': 'a reserved address',
			'64:ff9b::7f00:1': 'a loopback address',
			'64:ff9b::192.168.0.1': 'a private address',
			'64:ff9b::808:808': undefined,
			'fc00::1': 'a private address',
			'fd12:3456::1': 'a private address',
			'fe80::1': 'a link-local address',
			'fe80::1%eth0': 'a link-local address',
			'2002:7f00:1::1': 'a reserved address',
			'2001:0:4136:e378::1': 'a reserved address',
			'ff02::1': 'a reserved address',
			'::ffff:8.8.8.8': undefined,
			'2606:4700:4700::1111': undefined,
		};
		for (const [address, expected] of Object.entries(cases)) expect(policy.refusal(address), address).toBe(expected);
	});

	it('allows exactly the addresses and networks on its allow-list', () => {
		const allowing = new AddressPolicy(['127.0.0.1', '10.1.0.0/16', '::1']);
		expect(allowing.refusal('127.0.0.1')).toBeUndefined();
		expect(allowing.refusal('::ffff:127.0.0.1')).toBeUndefined();
		expect(allowing.refusal('127.0.0.2')).toBe('a loopback address');
		expect(allowing.refusal('10.1.200.3')).toBeUndefined();
		expect(allowing.refusal('10.2.0.1')).toBe('a private address');
		expect(allowing.refusal('::1')).toBeUndefined();
		expect(() => new AddressPolicy(['localhost'])).toThrow(/localhost is not an IP address or network/u);
		expect(() => new AddressPolicy(['10.0.0.0/33'])).toThrow(TypeError);
	});
});
