/**
 * The client's address: the socket peer, unless that peer is a configured trusted proxy, in which
 * case X-Forwarded-For is walked from the right past every trusted hop.
 */
import ipaddr from 'ipaddr.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

export class ClientAddressResolver {
  private readonly ranges: Range[];

  constructor(trusted: string[]) {
    this.ranges = trusted.map((t) => (t.includes('/') ? ipaddr.parseCIDR(t) : ([ipaddr.parse(t), ipaddr.parse(t).kind() === 'ipv4' ? 32 : 128] as Range)));
  }

  private isTrusted(addr: string): boolean {
    if (!ipaddr.isValid(addr)) return false;
    let ip = ipaddr.parse(addr);
    if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
    return this.ranges.some(([range, bits]) => range.kind() === ip.kind() && ip.match([range, bits] as never));
  }

  resolve(peer: string | undefined, forwardedFor: string | string[] | undefined): string {
    const socket = (peer ?? '').replace(/^::ffff:/, '');
    if (!forwardedFor || this.ranges.length === 0 || !this.isTrusted(socket)) return socket;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) {
      if (!ipaddr.isValid(hops[i])) return socket;
      if (!this.isTrusted(hops[i])) return hops[i];
    }
    return hops[0] ?? socket;
  }
}
