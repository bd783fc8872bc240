/**
 * Reads the parameters of an encoded Argon2 hash (PHC string format):
 * `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`, salt and hash in unpadded base64.
 * Parsed here rather than by argon2's own helper, which throws on bad input and ignores the
 * variant and the hash length when deciding whether to rehash.
 */
export type Argon2Variant = 'argon2d' | 'argon2i' | 'argon2id';

export interface Argon2HashInfo {
  readonly variant: Argon2Variant;
  readonly version: number;
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
  readonly saltLength: number;
  readonly hashLength: number;
}

const B64 = '[A-Za-z0-9+/]+';
const PHC_ARGON2 = new RegExp(
  `^\\$(argon2id|argon2i|argon2d)(?:\\$v=(\\d{1,3}))?\\$m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,8})(?:,data=[A-Za-z0-9+/]*)?\\$(${B64})\\$(${B64})$`,
);

/** Argon2 hashes without a `v=` field predate version 1.3 (0x13). */
const ARGON2_VERSION_1_0 = 0x10;

/** Parameters of an encoded Argon2 hash, or null when the text is not one. */
export function parseArgon2Hash(encoded: string): Argon2HashInfo | null {
  if (typeof encoded !== 'string' || encoded.length > 512) return null;
  const match = PHC_ARGON2.exec(encoded);
  if (match === null) return null;
  const [, variant, version, m, t, p, salt, hash] = match;
  return {
    variant: variant as Argon2Variant,
    version: version === undefined ? ARGON2_VERSION_1_0 : Number(version),
    memoryCost: Number(m),
    timeCost: Number(t),
    parallelism: Number(p),
    saltLength: base64ByteLength(salt),
    hashLength: base64ByteLength(hash),
  };
}

function base64ByteLength(unpadded: string): number {
  return Math.floor((unpadded.length * 3) / 4);
}
