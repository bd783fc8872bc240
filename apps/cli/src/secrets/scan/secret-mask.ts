/**
 * What a finding shows of the value it found: never the value. A long value keeps its first four
 * characters (enough to recognise which key it is, e.g. `AKIA`), a short one shows only its length.
 */
export function maskSecret(value: string): string {
  const length = [...value].length;
  return length >= 16 ? `${[...value].slice(0, 4).join('')}…(${length} chars)` : `…(${length} chars)`;
}
