/** Status and error messages, announced by screen readers (status politely, errors at once). */
import type { ReactNode } from 'react';
import type { Problem } from '../api/types';
import { problemText } from '../format';

export type NoticeValue = { kind: 'ok' | 'info'; text: ReactNode } | { kind: 'error'; text: ReactNode } | null;

export function Notice({ value }: { value: NoticeValue }) {
  if (!value) return <div role="status" className="sr-only" />;
  if (value.kind === 'error')
    return (
      <div role="alert" className="notice notice-error">
        {value.text}
      </div>
    );
  return (
    <div role="status" className={`notice notice-${value.kind}`}>
      {value.text}
    </div>
  );
}

export const errorNotice = (p: Problem): NoticeValue => ({ kind: 'error', text: problemText(p) });
