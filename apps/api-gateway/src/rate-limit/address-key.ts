/**
 * The rate-limit subject of a client address. An IPv6 client usually holds a whole /64 (one
 * interface's SLAAC prefix; privacy extensions rotate the low 64 bits at will), so keying per /128
 * would give one attacker 2^64 budgets: IPv6 addresses are keyed by their /64. IPv4 (and IPv4
 * mapped into IPv6) is keyed per address.
 */
import ipaddr from 'ipaddr.js';

export function addressKey(address: string): string {
  if (!address || !ipaddr.isValid(address)) return address || 'unknown';
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  if (ip.kind() === 'ipv4') return ip.toString();
  const parts = (ip as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}
