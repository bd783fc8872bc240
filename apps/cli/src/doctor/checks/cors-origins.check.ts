import { listValue } from '../env-values';
import { fail, pass, type DoctorCheck } from '../doctor-check';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0']);

/** Why an origin does not belong in a production CORS list, or undefined when it does. */
export function originProblem(origin: string): string | undefined {
  if (origin.includes('*')) return 'a wildcard';
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return 'not a URL';
  }
  if (u.protocol !== 'https:') return 'not https';
  if (LOCAL_HOSTS.has(u.hostname)) return 'a local address';
  if (u.pathname !== '/' || u.search || u.hash || origin.endsWith('/')) return 'not a bare origin (scheme://host[:port])';
  return undefined;
}

export const corsOriginsCheck: DoctorCheck = {
  id: 'cors-origins',
  title: 'CORS_ORIGINS set to the frontend origins, no wildcard',
  async run({ env }) {
    const origins = listValue(env.CORS_ORIGINS);
    if (!origins.length) return fail('CORS_ORIGINS is empty: no browser frontend can call the API', 'set CORS_ORIGINS to the frontend https origins, comma separated (e.g. https://app.example.com)');
    const bad = origins.map((o) => [o, originProblem(o)] as const).filter(([, p]) => p);
    if (bad.length) return fail(`CORS_ORIGINS has ${bad.map(([o, p]) => `${o} (${p})`).join(', ')}`, 'list only the exact https origins of the production frontend');
    return pass(`${origins.length} https origin${origins.length === 1 ? '' : 's'}: ${origins.join(', ')}`);
  },
};
