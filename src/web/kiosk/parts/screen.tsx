/**
 * The frame of every kiosk screen: a heading the screen reader announces first (focus moves to it
 * when the screen changes, so a new screen is read from its top), the content, and the actions at
 * the bottom where a thumb reaches them.
 */
import { type ReactNode, useEffect, useId, useRef } from 'react';

interface ScreenProps {
  title: string;
  lead?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  /** A screen that must be noticed (refusal, error): announced as an alert. */
  tone?: 'normal' | 'alert';
}

export function Screen({ title, lead, children, actions, tone = 'normal' }: ScreenProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const titleId = useId();
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <section className={`screen screen-${tone}`} aria-labelledby={titleId}>
      <h1 id={titleId} ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {lead ? <div className="lead">{lead}</div> : null}
      {children ? <div className="screen-body">{children}</div> : null}
      {actions ? <div className="actions">{actions}</div> : null}
    </section>
  );
}
