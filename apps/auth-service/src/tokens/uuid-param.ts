import { UUID_PATTERN } from '@tr4ction/contracts';

/**
 * A subject id bound to a uuid column (`col = $n::uuid`): the id, or null, which matches nothing,
 * when it is no uuid. Comparing the column cast to text instead would accept any id but reads the
 * whole table: no index is on the text form.
 */
export function uuidParam(id: string): string | null {
  return UUID_PATTERN.test(id) ? id : null;
}
