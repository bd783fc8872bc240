/**
 * AUDIT_CHECKPOINT_KEY_HISTORY: the public halves of every checkpoint key the rotation made or
 * replaced, kept in the secrets store beside the key (never in the database, where someone editing
 * it could add a key of their own). Same entry format as AUDIT_CHECKPOINT_PUBLIC_KEYS: a base64 raw
 * public key, and once it is retired `@<instant>` after which its signatures are not believed.
 * Written as a whole through the staged store (create + finish at a version named after the
 * content), so writing the same history twice (a step repeated after a crash) changes nothing.
 */
import { createHash } from 'node:crypto';
import { ed25519KeyFromSecret, ed25519PublicKey, rawEd25519PublicKey } from '@tr4ction/audit-chain';
import type { StagedSecretStore } from '@tr4ction/secrets';

export const CHECKPOINT_KEY = 'AUDIT_CHECKPOINT_KEY';
export const CHECKPOINT_KEY_HISTORY = 'AUDIT_CHECKPOINT_KEY_HISTORY';

export interface HistoryEntry {
  /** Raw Ed25519 public key, base64. */
  publicKey: string;
  notAfter?: string;
}

export function parseHistory(text: string | undefined): HistoryEntry[] {
  return (text ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e.length > 0)
    .map((e) => {
      const at = e.lastIndexOf('@');
      return at >= 0 ? { publicKey: e.slice(0, at).trim(), notAfter: e.slice(at + 1).trim() } : { publicKey: e };
    });
}

export function formatHistory(entries: readonly HistoryEntry[]): string {
  return entries.map((e) => (e.notAfter ? `${e.publicKey}@${e.notAfter}` : e.publicKey)).join(',');
}

/** The base64 raw public half of a private key secret (seed or PEM), as audit-service stores it. */
export function publicHalf(secret: string): string {
  return rawEd25519PublicKey(ed25519PublicKey(ed25519KeyFromSecret(secret))).toString('base64');
}

export class CheckpointKeyHistory {
  constructor(
    private readonly store: StagedSecretStore,
    private readonly name: string,
  ) {}

  async read(): Promise<HistoryEntry[]> {
    return parseHistory((await this.store.current(this.name))?.value);
  }

  /** Writes `entries` unless they are what the store holds already. */
  async write(entries: readonly HistoryEntry[]): Promise<void> {
    const text = formatHistory(entries);
    if ((await this.store.current(this.name))?.value === text) return;
    const version = `h-${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    await this.store.createPending(this.name, version, text);
    await this.store.finish(this.name, version);
  }
}

/** `entries` with `publicKey` present (trusted, no end), keeping an entry already there as it is. */
export function withKey(entries: readonly HistoryEntry[], publicKey: string): HistoryEntry[] {
  return entries.some((e) => e.publicKey === publicKey) ? [...entries] : [...entries, { publicKey }];
}

/** Every key but `current` that has no end yet ends at `notAfter`; ends already set stay. */
export function retireAllBut(entries: readonly HistoryEntry[], current: string, notAfter: Date): HistoryEntry[] {
  return entries.map((e) => (e.publicKey === current || e.notAfter ? e : { ...e, notAfter: notAfter.toISOString() }));
}
