/**
 * A secret the API returns once (temporary password, client secret): shown with a copy button until
 * the operator dismisses it; it is kept nowhere else.
 */
import { useEffect, useRef, useState } from 'react';

export function ShownOnce({ label, value, note, onDone }: { label: string; value: string; note?: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const box = useRef<HTMLElement>(null);
  useEffect(() => box.current?.focus(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section className="shown-once" aria-label={label} ref={box} tabIndex={-1}>
      <h2>{label}</h2>
      <p>Shown once: copy it now. It cannot be displayed again.</p>
      {note ? <p>{note}</p> : null}
      <p>
        <code className="secret" data-testid="shown-once-value">
          {value}
        </code>
      </p>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          Copy {label.toLowerCase()}
        </button>
        <button type="button" onClick={onDone}>
          Done, hide it
        </button>
        <span role="status">{copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Copy failed: select the text and copy it.' : ''}</span>
      </div>
    </section>
  );
}
