/**
 * The console's one table root: Radix Themes' table classes (so Table.Header, Row and Cell are
 * Radix's own) on a native <table>, inside a plain overflow box. Not Table.Root: its ScrollArea
 * viewport cannot take keyboard focus, so a wide table on the tablet could not be scrolled without a
 * mouse (axe: scrollable-region-focusable); this box can, and only when it has something to scroll.
 */
import { type ReactNode, useCallback, useState } from 'react';

export function DataTable({
  label,
  size = '2',
  variant = 'surface',
  children,
}: {
  /** The table's accessible name, as a visually hidden caption. */
  label: string;
  size?: '1' | '2' | '3';
  variant?: 'surface' | 'ghost';
  children: ReactNode;
}) {
  const [scrolls, setScrolls] = useState(false);
  // Watched, not measured once: rows arrive after the first paint and the window may be resized.
  const watch = useCallback((box: HTMLDivElement | null) => {
    if (!box) return;
    const check = () => setScrolls(box.scrollWidth > box.clientWidth);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={watch}
      className={`rt-TableRoot rt-r-size-${size} rt-variant-${variant} console-table`}
      // A box that scrolls is a named region the keyboard can reach; one that does not stays out of the tab order.
      {...(scrolls ? { role: 'region', 'aria-label': label, tabIndex: 0 } : {})}
    >
      <table className="rt-TableRootTable">
        <caption className="console-visually-hidden">{label}</caption>
        {children}
      </table>
    </div>
  );
}
