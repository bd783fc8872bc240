/** The columns every signing-key table starts with (today's keys and the keys as of an instant): id, algorithm, status. */
import type { KeyStatus } from '../api/types';

export function KeyColumnHeads() {
  return (
    <>
      <th scope="col">Key id</th>
      <th scope="col">Algorithm</th>
      <th scope="col">Status</th>
    </>
  );
}

export function KeyCells({ kid, alg, status }: { kid: string; alg: string; status: KeyStatus }) {
  return (
    <>
      <th scope="row">
        <code>{kid}</code>
      </th>
      <td>{alg}</td>
      <td>
        <span className={`badge badge-${status}`}>{status}</span>
      </td>
    </>
  );
}
