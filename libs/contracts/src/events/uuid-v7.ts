import { randomFillSync } from 'node:crypto';

/** Random bytes drawn in blocks: one CSPRNG call per 256 ids instead of one per id (the gateway mints one per request). */
const POOL_IDS = 256;
const pool = Buffer.alloc(16 * POOL_IDS);
let poolOffset = pool.length;

function randomSixteen(): Buffer {
  if (poolOffset >= pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  // A copy, so ids never share bytes with the pool's next refill.
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  return bytes;
}

/**
 * RFC 9562 UUID version 7: a millisecond timestamp followed by randomness, so event ids sort by
 * creation time (good for b-tree indexes and for reading a stream in order).
 */
export function uuidv7(now: number = Date.now()): string {
  const bytes = randomSixteen();
  // 48-bit big-endian milliseconds: plain arithmetic is exact below 2^53.
  const high = Math.floor(now / 2 ** 32);
  const low = now % 2 ** 32;
  bytes.writeUInt16BE(high & 0xffff, 0);
  bytes.writeUInt32BE(low >>> 0, 2);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
