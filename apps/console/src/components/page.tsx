/** Page frame: a heading that takes focus when the page opens, so keyboard and screen-reader users land on it. */
import { useEffect, useRef, type ReactNode } from 'react';

export function Page({ title, children, intro }: { title: string; intro?: ReactNode; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [title]);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {intro ? <p className="intro">{intro}</p> : null}
      {children}
    </>
  );
}
