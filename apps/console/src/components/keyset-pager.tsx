/**
 * Keyset paging goes forward only (`next_cursor`), so going back needs the cursors of the pages
 * already seen: one hook keeps that trail, one component draws the two buttons.
 */
import { useState } from 'react';

export interface KeysetCursor {
  /** The cursor of the page on screen (null: the first page). */
  cursor: string | null;
  canGoBack: boolean;
  back(): void;
  forward(next: string): void;
  /** Back to the first page (new filters, say). */
  reset(): void;
}

/** `initial`: a page to open at (a deep link); "back" from it goes to the first page. */
export function useKeysetCursor(initial: string | null = null): KeysetCursor {
  const [cursor, setCursor] = useState<string | null>(initial);
  const [trail, setTrail] = useState<Array<string | null>>(initial === null ? [] : [null]);
  return {
    cursor,
    canGoBack: trail.length > 0,
    back: () => {
      setCursor(trail[trail.length - 1] ?? null);
      setTrail(trail.slice(0, -1));
    },
    forward: (next) => {
      setTrail([...trail, cursor]);
      setCursor(next);
    },
    reset: () => {
      setTrail([]);
      setCursor(null);
    },
  };
}

export function KeysetPager({
  paging,
  nextCursor,
  label,
  backText,
  forwardText,
}: {
  paging: KeysetCursor;
  nextCursor: string | null | undefined;
  label: string;
  backText: string;
  forwardText: string;
}) {
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={!paging.canGoBack} onClick={paging.back}>
        {backText}
      </button>
      <button type="button" disabled={!nextCursor} onClick={() => nextCursor && paging.forward(nextCursor)}>
        {forwardText}
      </button>
    </nav>
  );
}
