/**
 * How password text is measured. Length is counted in Unicode code points after NFC normalization:
 * NFC makes "é" typed as one precomposed character or as e + combining accent count (and hash) the
 * same, and code points (not UTF-16 units) keep an emoji from counting as two characters. Grapheme
 * clusters were not used because their boundaries shift with the Unicode version of the runtime.
 */

/** Largest accepted password in UTF-8 bytes: 1 KiB, i.e. 1024 ASCII characters. */
export const MAX_PASSWORD_BYTES = 1024;

/** Largest accepted password in code points; every profile allows at least 64. */
export const MAX_PASSWORD_LENGTH = 1024;

export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function exceedsMaxBytes(password: string): boolean {
  // A UTF-16 unit is at most 3 UTF-8 bytes, so most inputs are decided without encoding them.
  if (password.length * 3 <= MAX_PASSWORD_BYTES) return false;
  if (password.length > MAX_PASSWORD_BYTES) return true;
  return utf8ByteLength(password) > MAX_PASSWORD_BYTES;
}

export function countCodePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    // A high surrogate followed by a low surrogate is one code point; a lone surrogate counts once.
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) i++;
    count++;
  }
  return count;
}

/**
 * C0 controls (NUL, tab, line breaks...), DEL and C1 controls cannot be typed reliably and are
 * often mangled by forms and terminals; a lone surrogate has no UTF-8 encoding (it would hash as
 * U+FFFD, so different inputs would collide).
 */
export function containsInvalidCharacters(text: string): boolean {
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0xd800 && cp <= 0xdfff)) return true;
  }
  return false;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
