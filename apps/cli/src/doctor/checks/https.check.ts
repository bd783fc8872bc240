import ipaddr from 'ipaddr.js';
import { listValue } from '../env-values';
import { fail, pass, type DoctorCheck } from '../doctor-check';

/**
 * The gateway speaks plain HTTP; TLS belongs to a proxy or load balancer in front of it, and the
 * gateway must be told which addresses those are (TRUSTED_PROXIES) to believe their
 * X-Forwarded-For. No trusted proxy means nothing is known to terminate TLS.
 */
export function trustedProxyProblem(entry: string): string | undefined {
  try {
    if (entry.includes('/')) {
      const [, bits] = ipaddr.parseCIDR(entry);
      if (bits === 0) return 'trusts every address';
      return undefined;
    }
    return ipaddr.isValid(entry) ? undefined : 'not an address or CIDR';
  } catch {
    return 'not an address or CIDR';
  }
}

export const httpsCheck: DoctorCheck = {
  id: 'https',
  title: 'HTTPS: a TLS-terminating proxy in front of the gateway, listed in TRUSTED_PROXIES',
  async run({ env }) {
    const proxies = listValue(env.TRUSTED_PROXIES);
    if (!proxies.length) {
      return fail(
        'TRUSTED_PROXIES is empty: the gateway serves plain HTTP and trusts no TLS-terminating proxy',
        'put a TLS-terminating proxy or load balancer in front of the gateway and list its addresses in TRUSTED_PROXIES',
      );
    }
    const bad = proxies.map((p) => [p, trustedProxyProblem(p)] as const).filter(([, why]) => why);
    if (bad.length)
      return fail(
        `TRUSTED_PROXIES has ${bad.map(([p, why]) => `${p} (${why})`).join(', ')}`,
        'list only the addresses or subnets of your TLS-terminating proxies',
      );
    return pass(`TLS terminates at the trusted proxies ${proxies.join(', ')}`);
  },
};
