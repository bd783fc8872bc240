/**
 * The relying party of passkeys: its id (a host name, never an IP address: browsers refuse those)
 * and the origins a ceremony may come from. Unset, both follow ISSUER_URL, the gateway's public
 * URL that serves the console; a loopback address becomes `localhost` so a developer's stack works.
 */
export interface WebauthnRelyingParty {
  rpId: string;
  rpName: string;
  origins: string[];
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

export function webauthnRelyingParty(config: { ISSUER_URL: string; WEBAUTHN_RP_ID?: string; WEBAUTHN_ORIGINS: string[] }): WebauthnRelyingParty {
  const issuer = new URL(config.ISSUER_URL);
  const loopback = LOOPBACK.has(issuer.hostname);
  const rpId = config.WEBAUTHN_RP_ID?.trim() || (loopback ? 'localhost' : issuer.hostname);
  const local = new URL(issuer.origin);
  local.hostname = 'localhost';
  const origins = config.WEBAUTHN_ORIGINS.length ? config.WEBAUTHN_ORIGINS.map((o) => new URL(o).origin) : [...new Set([issuer.origin, ...(loopback ? [local.origin] : [])])];
  return { rpId, rpName: 'TR4CTION', origins };
}
