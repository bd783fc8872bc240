/**
 * The fetch of the read-only "as of" pages that show one answer (signing keys, settings): GET
 * `path?as_of=<instant>` again whenever the instant changes; a failure is a notice. An answer that
 * arrives after the instant moved on is dropped.
 */
import { useEffect, useState } from 'react';
import { api } from '../api/session';
import type { AsOfPage } from '../api/types';
import { errorNotice, type NoticeValue } from './notice';

export function useAsOfAnswer<T>(path: string, asOf: string): { answer: AsOfPage<T> | null; notice: NoticeValue } {
  const [answer, setAnswer] = useState<AsOfPage<T> | null>(null);
  const [notice, setNotice] = useState<NoticeValue>(null);
  useEffect(() => {
    let current = true;
    void api<AsOfPage<T>>('GET', `${path}?${new URLSearchParams({ as_of: asOf })}`).then((res) => {
      if (!current) return;
      setAnswer(res.ok ? res.data : null);
      setNotice(res.ok ? null : errorNotice(res.problem));
    });
    return () => {
      current = false;
    };
  }, [path, asOf]);
  return { answer, notice };
}
