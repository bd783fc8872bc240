/**
 * Parsed keys per kid. Parsing a PEM costs far more than a verification, so the gateway must not
 * do it per request. Each lookup passes the current material from the key source: if the kid
 * now maps to different material or algorithm, the entry is rebuilt, so the cache can never keep
 * a replaced key alive. Only kids the trusted key source resolved are ever stored, and the size
 * is capped anyway.
 */
export class KeyMaterialCache<V> {
  private readonly entries = new Map<string, { alg: string; material: string | Buffer; value: V }>();

  constructor(private readonly maxEntries = 64) {}

  get(kid: string, alg: string, material: string | Buffer, build: () => V): V {
    const cached = this.entries.get(kid);
    if (cached && cached.alg === alg && sameMaterial(cached.material, material)) return cached.value;
    const value = build();
    this.entries.delete(kid);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(kid, { alg, material, value });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

function sameMaterial(a: string | Buffer, b: string | Buffer): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.equals(b);
}
