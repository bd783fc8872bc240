/**
 * The CORS origins the gateway applies: since runtime settings, an admin may change them with
 * PUT /admin/settings, so when the stack answers this checks its effective `cors_origins` (the
 * snapshot the gateway itself loads, from user-service); only when it does not answer does it fall
 * back to CORS_ORIGINS of the environment under test. The report says which one it judged.
 */
import { RPC } from '@tr4ction/contracts';
import { listValue } from '../env-values';
import { fail, pass, type CheckOutcome, type DoctorCheck, type DoctorContext } from '../doctor-check';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0']);
/** Short: an unreachable stack is a normal case here (the fallback), not something to wait for. */
const SETTINGS_TIMEOUT_MS = 5000;

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

interface OriginsSource {
  origins: string[];
  /** Named in the report: which list was judged. */
  label: string;
  fix: string;
}

const ENV_FIX = 'set CORS_ORIGINS to the frontend https origins, comma separated (e.g. https://app.example.com)';
const RUNTIME_FIX =
  'set cors_origins to the frontend https origins: PUT /admin/settings {"cors_origins":["https://app.example.com"]} (docs/runtime-settings.md)';

export const corsOriginsCheck: DoctorCheck = {
  id: 'cors-origins',
  title: 'CORS origins (runtime setting, else CORS_ORIGINS) set to the frontend origins, no wildcard',
  async run(ctx) {
    const source = await originsToCheck(ctx);
    return judge(source);
  },
};

async function originsToCheck(ctx: DoctorContext): Promise<OriginsSource> {
  try {
    const rpc = await ctx.rpc();
    const snapshot = await rpc.send(RPC.user.settings, ctx.meta(), {}, SETTINGS_TIMEOUT_MS);
    const byAdmin = snapshot.overrides.cors_origins !== undefined;
    return {
      origins: snapshot.settings.cors_origins,
      label: byAdmin
        ? `runtime setting cors_origins (set by an admin${snapshot.updated_at ? `, last change ${snapshot.updated_at}` : ''})`
        : 'runtime setting cors_origins (the services’ CORS_ORIGINS; no admin has changed it)',
      fix: RUNTIME_FIX,
    };
  } catch (err) {
    const why = err instanceof Error ? err.message : 'no answer';
    return { origins: listValue(ctx.env.CORS_ORIGINS), label: `CORS_ORIGINS from the environment (the stack did not answer: ${why})`, fix: ENV_FIX };
  }
}

function judge({ origins, label, fix }: OriginsSource): CheckOutcome {
  if (!origins.length) return fail(`${label} is empty: no browser frontend can call the API`, fix);
  const bad = origins.map((o) => [o, originProblem(o)] as const).filter(([, p]) => p);
  if (bad.length)
    return fail(`${label} has ${bad.map(([o, p]) => `${o} (${p})`).join(', ')}`, `list only the exact https origins of the production frontend; ${fix}`);
  return pass(`${label}: ${origins.length} https origin${origins.length === 1 ? '' : 's'}: ${origins.join(', ')}`);
}
