import ipaddr from 'ipaddr.js';

/**
 * Which addresses outbound HTTP may reach. Only globally routable unicast is allowed; loopback,
 * private (10/8, 172.16/12, 192.168/16), link-local (169.254/16, fe80::/10), carrier-grade NAT
 * (100.64/10), unique-local (fc00::/7), unspecified (0.0.0.0, ::), multicast, broadcast, reserved,
 * documentation and translation ranges are refused. IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged as
 * the IPv4 address it carries.
 */
export function forbiddenReason(address: string): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return 'not an IP address';
  }
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  if (range === 'unicast') return null;
  return `${ip.toString()} is in a ${range} range`;
}

export const isIpLiteral = (host: string) => ipaddr.isValid(host.replace(/^\[|\]$/g, ''));
