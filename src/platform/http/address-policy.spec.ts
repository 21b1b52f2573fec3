import ipaddr from 'ipaddr.js';
import { forbiddenReason } from './address-policy';

/**
 * The IANA IPv4 and IPv6 Special-Purpose Address Registries (plus the ranges RFC 4291 deprecated),
 * one row per range: an address inside it, which must be refused, and the nearest public address
 * outside it, which must be allowed (when the range borders other refused space, the nearest public
 * address beyond that space). `says` is a word the refusal must contain.
 */
const RANGES: { range: string; name: string; inside: string[]; outside: string; says?: string; judgedAsIPv4?: true }[] =
  [
    // IPv4
    { range: '0.0.0.0/8', name: '"this network"', inside: ['0.0.0.0', '0.1.2.3'], outside: '1.0.0.1' },
    {
      range: '10.0.0.0/8',
      name: 'private-use',
      inside: ['10.0.0.1', '10.255.255.254'],
      outside: '11.0.0.1',
      says: 'private',
    },
    {
      range: '100.64.0.0/10',
      name: 'shared address space',
      inside: ['100.64.0.1', '100.127.255.254'],
      outside: '100.128.0.1',
      says: 'CGNAT',
    },
    {
      range: '127.0.0.0/8',
      name: 'loopback',
      inside: ['127.0.0.1', '127.255.255.254'],
      outside: '128.0.0.1',
      says: 'loopback',
    },
    {
      range: '169.254.0.0/16',
      name: 'link-local',
      inside: ['169.254.169.254'],
      outside: '169.255.0.1',
      says: 'link-local',
    },
    {
      range: '172.16.0.0/12',
      name: 'private-use',
      inside: ['172.16.0.1', '172.31.255.254'],
      outside: '172.32.0.1',
      says: 'private',
    },
    {
      range: '192.0.0.0/24',
      name: 'IETF protocol assignments',
      inside: ['192.0.0.8', '192.0.0.170'],
      outside: '192.0.1.1',
      says: 'IETF',
    },
    {
      range: '192.0.2.0/24',
      name: 'documentation (TEST-NET-1)',
      inside: ['192.0.2.1'],
      outside: '192.0.3.1',
      says: 'documentation',
    },
    {
      range: '192.88.99.0/24',
      name: '6to4 relay anycast (deprecated)',
      inside: ['192.88.99.1'],
      outside: '192.88.100.1',
      says: '6to4',
    },
    {
      range: '192.168.0.0/16',
      name: 'private-use',
      inside: ['192.168.0.1', '192.168.255.254'],
      outside: '192.169.0.1',
      says: 'private',
    },
    {
      range: '198.18.0.0/15',
      name: 'benchmarking',
      inside: ['198.18.0.1', '198.19.255.254'],
      outside: '198.20.0.1',
      says: 'benchmarking',
    },
    {
      range: '198.51.100.0/24',
      name: 'documentation (TEST-NET-2)',
      inside: ['198.51.100.7'],
      outside: '198.51.101.1',
      says: 'documentation',
    },
    {
      range: '203.0.113.0/24',
      name: 'documentation (TEST-NET-3)',
      inside: ['203.0.113.9'],
      outside: '203.0.114.1',
      says: 'documentation',
    },
    {
      range: '224.0.0.0/4',
      name: 'multicast',
      inside: ['224.0.0.1', '239.255.255.250'],
      outside: '223.255.255.254',
      says: 'multicast',
    },
    {
      range: '240.0.0.0/4',
      name: 'reserved',
      inside: ['240.0.0.1', '255.255.255.254'],
      outside: '223.255.255.254',
      says: 'reserved',
    },
    {
      range: '255.255.255.255/32',
      name: 'limited broadcast',
      inside: ['255.255.255.255'],
      outside: '223.255.255.254',
      says: 'broadcast',
    },
    // IPv6
    { range: '::/128', name: 'unspecified', inside: ['::'], outside: '2000::1', says: 'unspecified' },
    { range: '::1/128', name: 'loopback', inside: ['::1'], outside: '2000::1', says: 'loopback' },
    {
      range: '::/96',
      name: 'IPv4-compatible (deprecated)',
      inside: ['::127.0.0.1', '::7f00:1', '::10.0.0.1', '::8.8.8.8', '::2'],
      outside: '2000::1',
      says: 'IPv4-compatible',
    },
    {
      range: '::ffff:0:0/96',
      name: 'IPv4-mapped (judged as the IPv4 address)',
      inside: ['::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '::ffff:0.0.0.0'],
      outside: '::ffff:8.8.8.8',
      says: 'carries',
      judgedAsIPv4: true,
    },
    {
      range: '::ffff:0:0:0/96',
      name: 'IPv4-translated',
      inside: ['::ffff:0:8.8.8.8', '::ffff:0:7f00:1'],
      outside: '2000::1',
      says: 'IPv4-translated',
    },
    {
      range: '64:ff9b::/96',
      name: 'NAT64 well-known prefix (judged as the IPv4 address)',
      inside: ['64:ff9b::127.0.0.1', '64:ff9b::10.0.0.1', '64:ff9b::a9fe:a9fe'],
      outside: '64:ff9b::8.8.8.8',
      says: 'carries',
      judgedAsIPv4: true,
    },
    {
      range: '64:ff9b:1::/48',
      name: 'NAT64 local-use prefix',
      inside: ['64:ff9b:1::1', '64:ff9b:1::808:808'],
      outside: '2000::1',
      says: 'NAT64',
    },
    { range: '100::/64', name: 'discard-only', inside: ['100::1'], outside: '2000::1', says: 'discard' },
    {
      range: '2001::/23',
      name: 'IETF protocol assignments',
      inside: ['2001:1::1', '2001:1::2', '2001:1ff::1'],
      outside: '2001:200::1',
      says: 'IETF',
    },
    {
      range: '2001::/32',
      name: 'Teredo',
      inside: ['2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001::1'],
      outside: '2001:200::1',
      says: 'Teredo',
    },
    { range: '2001:2::/48', name: 'benchmarking', inside: ['2001:2::1'], outside: '2001:200::1', says: 'benchmarking' },
    { range: '2001:3::/32', name: 'AMT', inside: ['2001:3::1'], outside: '2001:200::1' },
    { range: '2001:4:112::/48', name: 'AS112-v6', inside: ['2001:4:112::1'], outside: '2001:200::1' },
    { range: '2001:10::/28', name: 'ORCHID (deprecated)', inside: ['2001:10::1'], outside: '2001:200::1' },
    { range: '2001:20::/28', name: 'ORCHIDv2', inside: ['2001:20::1'], outside: '2001:200::1' },
    { range: '2001:30::/28', name: 'drone remote ID', inside: ['2001:30::1'], outside: '2001:200::1' },
    {
      range: '2001:db8::/32',
      name: 'documentation',
      inside: ['2001:db8::1', '2001:db8:ffff::1'],
      outside: '2001:db9::1',
      says: 'documentation',
    },
    {
      range: '2002::/16',
      name: '6to4 (deprecated; refused whatever IPv4 it embeds)',
      inside: ['2002:7f00:1::1', '2002:808:808::1'],
      outside: '2003::1',
      says: '6to4',
    },
    { range: '2620:4f:8000::/48', name: 'AS112-v6', inside: ['2620:4f:8000::1'], outside: '2620:4f:8001::1' },
    {
      range: '3fff::/20',
      name: 'documentation',
      inside: ['3fff::1', '3fff:fff::1'],
      outside: '3fff:1000::1',
      says: 'documentation',
    },
    { range: '5f00::/16', name: 'SRv6 SIDs', inside: ['5f00::1'], outside: '3fff:ffff::1', says: 'SRv6' },
    {
      range: 'fc00::/7',
      name: 'unique-local',
      inside: ['fc00::1', 'fd12:3456::1'],
      outside: '3fff:ffff::1',
      says: 'unique-local',
    },
    {
      range: 'fe80::/10',
      name: 'link-local',
      inside: ['fe80::1', 'febf::1'],
      outside: '3fff:ffff::1',
      says: 'link-local',
    },
    {
      range: 'fec0::/10',
      name: 'site-local (deprecated)',
      inside: ['fec0::1'],
      outside: '3fff:ffff::1',
      says: 'site-local',
    },
    {
      range: 'ff00::/8',
      name: 'multicast',
      inside: ['ff02::1', 'ff05::1:3'],
      outside: '3fff:ffff::1',
      says: 'multicast',
    },
    {
      range: 'outside 2000::/3',
      name: 'IETF reserved (IANA IPv6 Address Space)',
      inside: ['4000::1', '1::1', 'e000::1'],
      outside: '2000::1',
      says: '2000::/3',
    },
  ];

// The WHATWG URL parser's reading of an IPv6 literal (ipaddr.js reads `::a.b.c.d` as IPv4-mapped).
const canon = (ip: string) => (ip.includes(':') ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip);
const isCidr = (range: string) => /^[0-9a-f.:]+\/\d+$/.test(range);
const inRange = (ip: string, range: string) => {
  const [net, bits] = ipaddr.parseCIDR(range);
  const addr = ipaddr.parse(canon(ip));
  return addr.kind() === net.kind() && addr.match(net as never, bits);
};

describe('address policy: the special-purpose registries, range by range', () => {
  describe.each(RANGES)('$range ($name)', ({ range, inside, outside, says, judgedAsIPv4 }) => {
    it.each(inside)(`refuses %s${says ? ` and says "${says}"` : ''}`, (ip) => {
      if (isCidr(range)) expect(inRange(ip, range)).toBe(true);
      const reason = forbiddenReason(ip);
      expect(reason).not.toBeNull();
      if (says) expect(reason).toContain(says);
      expect(forbiddenReason(`[${ip}]`)).toBe(reason);
    });

    it(`allows the public neighbour ${outside}`, () => {
      if (isCidr(range)) expect(inRange(outside, range)).toBe(!!judgedAsIPv4);
      expect(forbiddenReason(outside)).toBeNull();
    });
  });

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '1.1.1.1',
    '2606:4700:4700::1111',
    '2a00:1450:4007:80e::200e',
    '2001:4860:4860::8888',
  ])('allows the public address %s', (ip) => {
    expect(forbiddenReason(ip)).toBeNull();
  });

  it('refuses what is not an IP address', () => {
    expect(forbiddenReason('example.org')).toBe('not an IP address');
  });

  it('is never looser than ipaddr.js: whatever it calls non-unicast is refused', () => {
    for (const { inside } of RANGES)
      for (const ip of inside)
        if (ipaddr.parse(canon(ip)).range() !== 'unicast') expect(forbiddenReason(ip)).not.toBeNull();
  });
});
