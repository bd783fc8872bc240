/**
 * The table of a read-only "as of" page (accounts, signing keys, settings): the fetch's notice, a
 * heading naming the instant, and a labelled, scrollable table of the items as they were then.
 */
import type { ReactNode } from 'react';
import { Notice, type NoticeValue } from './notice';
import { TableRegion } from './table-region';

export function AsOfTable({
  id,
  testId = id,
  title,
  region,
  notice,
  heads,
  children,
}: {
  /** The heading's id, which labels the table. */
  id: string;
  testId?: string;
  title: string;
  /** The label of the scrollable region around the table. */
  region: string;
  notice: NoticeValue;
  /** The column heads (`<th scope="col">` cells). */
  heads: ReactNode;
  /** The rows. */
  children: ReactNode;
}) {
  return (
    <>
      <Notice value={notice} />
      <h2 id={id}>{title}</h2>
      <TableRegion label={region}>
        <table aria-labelledby={id} data-testid={testId}>
          <thead>
            <tr>{heads}</tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </TableRegion>
    </>
  );
}
