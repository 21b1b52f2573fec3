import ipaddr from 'ipaddr.js';

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];
const cidr = (s: string) => ipaddr.parseCIDR(s) as Cidr;

/**
 * Names, as the IANA special-purpose registries give them, of ipaddr.js's range() identifiers. Every
 * range ipaddr.js knows is refused; the IPv4 set covers the registry (plus AS112 and AMT, refused too:
 * nothing we call lives there).
 */
const RANGE_NAMES: Record<string, string> = {
  unspecified: 'unspecified ("this network")',
  broadcast: 'limited broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'shared address space (CGNAT)',
  private: 'private-use',
  as112: 'AS112',
  amt: 'AMT',
  uniqueLocal: 'unique-local',
  ipv4Mapped: 'IPv4-mapped',
  deprecatedSiteLocal: 'site-local (deprecated)',
  discard: 'discard-only',
  rfc6145: 'IPv4-translated',
  rfc6052: 'NAT64',
  '6to4': '6to4 (deprecated)',
  teredo: 'Teredo',
  benchmarking: 'benchmarking',
  as112v6: 'AS112',
  deprecatedOrchid: 'ORCHID (deprecated)',
  orchid2: 'ORCHIDv2',
  droneRemoteIdProtocolEntityTags: 'drone remote ID',
  segmentRouting: 'SRv6 SIDs',
};

/** Ranges ipaddr.js's `reserved` groups together, named one by one. */
const RESERVED_NAMES: [Cidr, string][] = [
  [cidr('192.0.0.0/24'), 'IETF protocol assignments'],
  [cidr('192.0.2.0/24'), 'documentation (TEST-NET-1)'],
  [cidr('192.88.99.0/24'), '6to4 relay anycast (deprecated)'],
  [cidr('198.18.0.0/15'), 'benchmarking'],
  [cidr('198.51.100.0/24'), 'documentation (TEST-NET-2)'],
  [cidr('203.0.113.0/24'), 'documentation (TEST-NET-3)'],
  [cidr('240.0.0.0/4'), 'reserved for future use'],
  [cidr('2001:db8::/32'), 'documentation'],
  [cidr('3fff::/20'), 'documentation'],
  [cidr('2001::/23'), 'IETF protocol assignments'],
];

/** IPv6 ranges ipaddr.js calls `unicast` although they are never globally routable. */
const IPV6_NOT_IN_IPADDR: [Cidr, string][] = [
  [cidr('::/96'), 'IPv4-compatible (deprecated by RFC 4291, can alias IPv4 loopback)'],
];

/** IANA IPv6 Address Space: only 2000::/3 is global unicast; the rest not named above is reserved by the IETF. */
const GLOBAL_UNICAST_V6 = cidr('2000::/3');
/** Well-known NAT64 prefix (RFC 6052): the last 32 bits are the IPv4 address the gateway reaches. */
const NAT64_WELL_KNOWN = cidr('64:ff9b::/96');

/**
 * Parses an address literal. ipaddr.js reads `::a.b.c.d` as IPv4-mapped (::ffff:a.b.c.d), but it is
 * the IPv4-compatible ::/96 form (RFC 4291, and how getaddrinfo prints it): the dotted quad is turned
 * into its two hex groups first, as the URL parser does.
 */
function parse(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  let s = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const quad = s.includes(':') ? /(\d+\.\d+\.\d+\.\d+)$/.exec(s)?.[1] : undefined;
  if (quad && ipaddr.IPv4.isValidFourPartDecimal(quad)) {
    const [a, b, c, d] = ipaddr.IPv4.parse(quad).octets;
    s = s.slice(0, -quad.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  return ipaddr.parse(s);
}

const nameOf = (ip: ipaddr.IPv4 | ipaddr.IPv6, list: [Cidr, string][]) =>
  list.find(([r]) => r[0].kind() === ip.kind() && ip.match(r))?.[1];

/**
 * Which addresses outbound HTTP may reach: globally routable unicast only. Refused: every range of the
 * IANA IPv4 and IPv6 special-purpose registries (loopback, private, link-local, CGNAT, unique-local,
 * unspecified, multicast, broadcast, documentation, benchmarking, Teredo, 6to4, discard, SRv6, …), the
 * deprecated IPv4-compatible ::/96 and site-local fec0::/10, and IPv6 outside 2000::/3. IPv4 carried in
 * IPv4-mapped (::ffff:a.b.c.d) and well-known NAT64 (64:ff9b::a.b.c.d) addresses is judged as that IPv4
 * address, since that is where the connection ends up.
 */
export function forbiddenReason(address: string): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = parse(address);
  } catch {
    return 'not an IP address';
  }
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress() || v6.match(NAT64_WELL_KNOWN)) {
      const v4 = new ipaddr.IPv4(v6.toByteArray().slice(12));
      const inner = forbiddenReason(v4.toString());
      return inner && `${v6.toString()} carries ${inner}`;
    }
  }
  const range = ip.range();
  if (range !== 'unicast') {
    const name = (range === 'reserved' && nameOf(ip, RESERVED_NAMES)) || RANGE_NAMES[range] || range;
    return `${ip.toString()} is in the ${name} range`;
  }
  if (ip.kind() === 'ipv6') {
    const name = nameOf(ip, IPV6_NOT_IN_IPADDR);
    if (name) return `${ip.toString()} is in the ${name} range`;
    if (!ip.match(GLOBAL_UNICAST_V6)) return `${ip.toString()} is outside the IPv6 global unicast space 2000::/3`;
  }
  return null;
}

export const isIpLiteral = (host: string) => ipaddr.isValid(host.replace(/^\[|\]$/g, ''));
