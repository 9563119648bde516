import { BlockList, isIP } from 'node:net';

type Family = 'ipv4' | 'ipv6';
type Range = readonly [network: string, prefix: number, family: Family];

/**
 * Addresses a fetch must not reach, by what they are (IANA's special-purpose registries). IPv4-mapped IPv6 addresses
 * (::ffff:127.0.0.1) match their IPv4 range: BlockList checks them as IPv4.
 */
const SPECIAL: Readonly<Record<string, readonly Range[]>> = {
	loopback: [
		['127.0.0.0', 8, 'ipv4'],
		['::1', 128, 'ipv6'],
	],
	private: [
		['10.0.0.0', 8, 'ipv4'],
		['172.16.0.0', 12, 'ipv4'],
		['192.168.0.0', 16, 'ipv4'],
		['100.64.0.0', 10, 'ipv4'],
		['fc00::', 7, 'ipv6'],
		['fec0::', 10, 'ipv6'],
	],
	'link-local': [
		['169.254.0.0', 16, 'ipv4'],
		['fe80::', 10, 'ipv6'],
	],
	reserved: [
		['0.0.0.0', 8, 'ipv4'],
		['192.0.0.0', 24, 'ipv4'],
		['192.0.2.0', 24, 'ipv4'],
		['192.88.99.0', 24, 'ipv4'],
		['198.18.0.0', 15, 'ipv4'],
		['198.51.100.0', 24, 'ipv4'],
		['203.0.113.0', 24, 'ipv4'],
		['224.0.0.0', 4, 'ipv4'],
		['240.0.0.0', 4, 'ipv4'],
		// The unspecified address, and IPv4-compatible addresses (::127.0.0.1).
		['::', 96, 'ipv6'],
		['64:ff9b:1::', 48, 'ipv6'],
		['100::', 64, 'ipv6'],
		// IETF protocol assignments, Teredo among them: they tunnel to addresses this check cannot see.
		['2001::', 23, 'ipv6'],
		['2001:db8::', 32, 'ipv6'],
		// 6to4 tunnels to an IPv4 address inside it.
		['2002::', 16, 'ipv6'],
		['ff00::', 8, 'ipv6'],
	],
};
/** NAT64's well-known prefix: the IPv4 address in its last 32 bits is where a connection really goes. */
const NAT64 = /^64:ff9b::(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/iu;

function blockList(ranges: readonly Range[]): BlockList {
	const list = new BlockList();
	for (const [network, prefix, family] of ranges) list.addSubnet(network, prefix, family);
	return list;
}

function familyOf(address: string): Family | undefined {
	const version = isIP(address);
	return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

/** The IPv4 address a NAT64 address (64:ff9b::a.b.c.d) stands for, or undefined. */
function nat64Target(address: string): string | undefined {
	const match = NAT64.exec(address);
	if (!match) return undefined;
	if (match[1] !== undefined) return match[1];
	const high = Number.parseInt(match[2] ?? '0', 16);
	const low = Number.parseInt(match[3] ?? '0', 16);
	return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/**
 * Which addresses a fetch may connect to: every public unicast address, and of the private, loopback, link-local and
 * reserved ones only those on an explicit allow-list (empty by default; tests allow their loopback server).
 */
export class AddressPolicy {
	private readonly special = Object.entries(SPECIAL).map(([kind, ranges]) => [kind, blockList(ranges)] as const);
	private readonly allowed = new BlockList();

	/**
	 * @param allowList addresses (`127.0.0.1`, `::1`) or networks (`10.1.0.0/16`) allowed although not public.
	 * @throws TypeError for an entry that is neither.
	 */
	public constructor(allowList: readonly string[] = []) {
		for (const entry of allowList) {
			const [network = '', prefix] = entry.trim().split('/');
			const family = familyOf(network);
			const bits = prefix === undefined ? undefined : Number(prefix);
			const maxBits = family === 'ipv4' ? 32 : 128;
			if (family === undefined || (bits !== undefined && !(Number.isInteger(bits) && bits >= 0 && bits <= maxBits))) {
				throw new TypeError(`${entry} is not an IP address or network (such as 127.0.0.1 or 10.1.0.0/16)`);
			}
			if (bits === undefined) this.allowed.addAddress(network, family);
			else this.allowed.addSubnet(network, bits, family);
		}
	}

	/** Why a fetch may not connect to `address`, as "a loopback address", or undefined when it may. */
	public refusal(address: string): string | undefined {
		const family = familyOf(address);
		if (family === undefined) return 'not an IP address';
		if (this.allowed.check(address, family)) return undefined;
		const nat64 = nat64Target(address);
		if (nat64 !== undefined) return this.refusal(nat64);
		const kind = this.special.find(([, list]) => list.check(address, family))?.[0];
		return kind === undefined ? undefined : `a ${kind} address`;
	}
}
