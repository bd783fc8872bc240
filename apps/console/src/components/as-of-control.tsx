/**
 * The "as of" control of the users, keys and settings pages: empty means now (the live, editable
 * page); a date-time shows the page as it stood then, read-only, from the audit trail. The input is
 * in the browser's zone (datetime-local) and sent as an RFC 3339 instant in UTC.
 */
import { useState, type FormEvent } from 'react';
import { formatDate } from '../format';

/** The applied instant (ISO, UTC) or null for now; the typed text lives beside it, so both survive the control leaving the screen. */
export interface AsOf {
  asOf: string | null;
  setAsOf(value: string | null): void;
  draft: string;
  setDraft(value: string): void;
}

export function useAsOf(): AsOf {
  const [asOf, setAsOf] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  return { asOf, setAsOf, draft, setDraft };
}

/** `datetime-local` has no zone: the browser reads it as local time. */
export function localInputToInstant(value: string): string | null {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function AsOfControl({ id, state, what }: { id: string; state: AsOf; what: string }) {
  const { draft, setDraft } = state;
  const [invalid, setInvalid] = useState(false);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.trim()) return state.setAsOf(null);
    const instant = localInputToInstant(draft);
    setInvalid(instant === null);
    if (instant) state.setAsOf(instant);
  };
  const clear = () => {
    setDraft('');
    setInvalid(false);
    state.setAsOf(null);
  };
  return (
    <form className="panel as-of" onSubmit={apply} aria-label={`Show the ${what} as of a past instant`}>
      <label htmlFor={id}>As of (your local time; empty for now)</label>
      <div className="as-of-row">
        <input
          id={id}
          type="datetime-local"
          step={1}
          value={draft}
          aria-invalid={invalid || undefined}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="primary">
          Show as of
        </button>
        <button type="button" onClick={clear} disabled={!state.asOf && !draft}>
          Back to now
        </button>
      </div>
      <p id={`${id}-hint`} className="muted" role="status" data-testid="as-of-state">
        {state.asOf
          ? `Showing the ${what} as they were at ${formatDate(state.asOf)}, from the audit trail: read-only. Each item links to the audit record that last shaped it.`
          : `Showing the ${what} now.`}
      </p>
    </form>
  );
}
