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

/**
 * Throws (naming the variable, at boot) when the values cannot work: an origin that is not a URL,
 * an IP address as id, or an origin whose host is neither the id nor below it (browsers would refuse).
 */
export function webauthnRelyingParty(config: { ISSUER_URL: string; WEBAUTHN_RP_ID?: string; WEBAUTHN_ORIGINS: string[] }): WebauthnRelyingParty {
  const issuer = new URL(config.ISSUER_URL);
  const loopback = LOOPBACK.has(issuer.hostname);
  const rpId = (config.WEBAUTHN_RP_ID?.trim() || (loopback ? 'localhost' : issuer.hostname)).toLowerCase();
  if (/^[0-9.]+$/.test(rpId) || rpId.includes(':') || rpId.startsWith('['))
    throw new Error('WEBAUTHN_RP_ID must be a host name, not an IP address (browsers refuse one)');
  const local = new URL(issuer.origin);
  local.hostname = 'localhost';
  const origins = config.WEBAUTHN_ORIGINS.length ? config.WEBAUTHN_ORIGINS.map(toOrigin) : [...new Set([issuer.origin, ...(loopback ? [local.origin] : [])])];
  // The defaults keep the issuer's own origin even when it is an IP address: harmless, never matched by a browser.
  if (config.WEBAUTHN_ORIGINS.length) {
    for (const origin of origins) {
      const host = new URL(origin).hostname;
      if (host !== rpId && !host.endsWith(`.${rpId}`)) throw new Error(`WEBAUTHN_ORIGINS: every origin's host must be WEBAUTHN_RP_ID (${rpId}) or below it`);
    }
  }
  return { rpId, rpName: 'TR4CTION', origins };
}

function toOrigin(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
    return url.origin;
  } catch {
    throw new Error('WEBAUTHN_ORIGINS must list origins such as https://id.example.com, comma separated');
  }
}
