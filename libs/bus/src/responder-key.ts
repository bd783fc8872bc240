/**
 * The nkey of a service's responder login, derived from its own seed.
 *
 * Why a second login: nats-server 2.9 remembers, for each connection of a user with response rights
 * (`allow_responses`), every message it delivers with a reply subject, for the whole response
 * window; JetStream deliveries carry one (their ack subject), and once more than 4,096 are
 * remembered the server scans them all on every delivery. A durable consumer on such a login cost
 * the server about 1.5 ms per event (653 against 78,947 events/s on the same machine; fixed upstream
 * in 2.11). So the request subjects are answered from a login with response rights and nothing else,
 * and everything else (events, calls, consumers) runs on a login without them.
 *
 * Why derived: the responder key follows from the seed an operator already provisions
 * (HKDF-SHA256), so there is no second secret to distribute or rotate, and both logins are exactly
 * as trusted as the one process that holds it. A decentralised-auth `.creds` file is not derived
 * from: its operator issues the user's rights, and the responder connects with the same file.
 */
import { hkdfSync } from 'node:crypto';
import { fromSeed, Prefix } from 'nkeys.js';
import { Codec } from 'nkeys.js/lib/codec';

const SALT = 'tr4ction bus';
const INFO = 'responder login';

/** The responder login's seed (`SU...`) for a service's seed. */
export function responderSeed(seed: string): string {
  const raw = new Uint8Array(hkdfSync('sha256', new TextEncoder().encode(seed.trim()), SALT, INFO, 32));
  return new TextDecoder().decode(Codec.encodeSeed(Prefix.User, raw));
}

/** Its public key, for the server's configuration. */
export function responderPublicKey(seed: string): string {
  return fromSeed(new TextEncoder().encode(responderSeed(seed))).getPublicKey();
}
