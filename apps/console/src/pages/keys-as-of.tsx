/** The signing keys as of a past instant: status then, read-only, each with the audit record that last shaped it. */
import { useEffect, useState } from 'react';
import { api } from '../api/session';
import type { AsOfPage, SigningKeyAsOf } from '../api/types';
import { EvidenceLink } from '../components/evidence-link';
import { Notice, errorNotice, type NoticeValue } from '../components/notice';
import { TableRegion } from '../components/table-region';
import { formatDate } from '../format';

export function KeysAsOf({ asOf }: { asOf: string }) {
  const [answer, setAnswer] = useState<AsOfPage<SigningKeyAsOf> | null>(null);
  const [notice, setNotice] = useState<NoticeValue>(null);
  useEffect(() => {
    let current = true;
    void api<AsOfPage<SigningKeyAsOf>>('GET', `/admin/keys?${new URLSearchParams({ as_of: asOf })}`).then((res) => {
      if (!current) return;
      setAnswer(res.ok ? res.data : null);
      setNotice(res.ok ? null : errorNotice(res.problem));
    });
    return () => {
      current = false;
    };
  }, [asOf]);
  return (
    <>
      <Notice value={notice} />
      <h2 id="keys-as-of">Signing keys as of {formatDate(answer?.as_of ?? asOf)}</h2>
      <TableRegion label="Signing keys as of the chosen instant">
        <table aria-labelledby="keys-as-of" data-testid="keys-as-of">
          <thead>
            <tr>
              <th scope="col">Key id</th>
              <th scope="col">Algorithm</th>
              <th scope="col">Status</th>
              <th scope="col">Fingerprint</th>
              <th scope="col">Created</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {answer?.items.map((k) => (
              <tr key={k.kid} data-status={k.status}>
                <th scope="row">
                  <code>{k.kid}</code>
                </th>
                <td>{k.alg}</td>
                <td>
                  <span className={`badge badge-${k.status}`}>{k.status}</span>
                </td>
                <td className="id">{k.fingerprint}</td>
                <td>{formatDate(k.created_at)}</td>
                <td>
                  <EvidenceLink evidence={k.evidence} of={`key ${k.kid}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {answer && answer.items.length === 0 ? <p>No signing key existed then.</p> : null}
    </>
  );
}
