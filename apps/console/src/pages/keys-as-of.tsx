/** The signing keys as of a past instant: status then, read-only, each with the audit record that last shaped it. */
import type { SigningKeyAsOf } from '../api/types';
import { useAsOfAnswer } from '../components/as-of-answer';
import { AsOfTable } from '../components/as-of-table';
import { EvidenceLink } from '../components/evidence-link';
import { formatDate } from '../format';
import { KeyCells, KeyColumnHeads } from './key-columns';

export function KeysAsOf({ asOf }: { asOf: string }) {
  const { answer, notice } = useAsOfAnswer<SigningKeyAsOf>('/admin/keys', asOf);
  return (
    <>
      <AsOfTable
        id="keys-as-of"
        title={`Signing keys as of ${formatDate(answer?.as_of ?? asOf)}`}
        region="Signing keys as of the chosen instant"
        notice={notice}
        heads={
          <>
            <KeyColumnHeads />
            <th scope="col">Fingerprint</th>
            <th scope="col">Created</th>
            <th scope="col">Evidence</th>
          </>
        }
      >
        {answer?.items.map((k) => (
          <tr key={k.kid} data-status={k.status}>
            <KeyCells kid={k.kid} alg={k.alg} status={k.status} />
            <td className="id">{k.fingerprint}</td>
            <td>{formatDate(k.created_at)}</td>
            <td>
              <EvidenceLink evidence={k.evidence} of={`key ${k.kid}`} />
            </td>
          </tr>
        ))}
      </AsOfTable>
      {answer && answer.items.length === 0 ? <p>No signing key existed then.</p> : null}
    </>
  );
}
