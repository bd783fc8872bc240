/**
 * The common-password blocklist: the `passwords-common` dictionary of @zxcvbn-ts/language-common
 * (about 49k entries from breach corpora), maintained upstream and updated with the package.
 */
import type { dictionary as CommonDictionary } from '@zxcvbn-ts/language-common';

let entries: ReadonlySet<string> | undefined;

function blocklist(): ReadonlySet<string> {
  if (entries === undefined) {
    // Required on first use, not imported: the package decompresses its dictionaries when loaded
    // (about 40 ms and a few MB), a cost only services that check new passwords should pay.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pack = require('@zxcvbn-ts/language-common') as { dictionary: typeof CommonDictionary };
    entries = new Set(pack.dictionary['passwords-common'].map((entry) => foldForComparison(entry)));
  }
  return entries;
}

/** Loads the list now (e.g. at boot) so the first registration does not pay for it. */
export function preloadPasswordBlocklist(): void {
  blocklist();
}

/**
 * True when the password is a listed entry, ignoring case, or is a listed entry padded only with
 * digits, symbols or spaces ("Password123!", "!!dragon2024"): padding a common word to satisfy
 * length and composition rules is the most common way such passwords reach a 12+ character minimum.
 */
export function isCommonPassword(password: string): boolean {
  const list = blocklist();
  const folded = foldForComparison(password);
  if (list.has(folded)) return true;
  const core = folded.replace(LEADING_NON_LETTERS, '').replace(TRAILING_NON_LETTERS, '');
  return core.length > 0 && core !== folded && list.has(core);
}

const LEADING_NON_LETTERS = /^[^\p{L}]+/u;
const TRAILING_NON_LETTERS = /[^\p{L}]+$/u;

// Case-folding is for this comparison only; the password itself is never altered.
function foldForComparison(text: string): string {
  return text.normalize('NFC').toLowerCase();
}
