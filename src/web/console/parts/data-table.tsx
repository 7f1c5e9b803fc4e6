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
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard.
      tabIndex={scrolls ? 0 : undefined}
      role={scrolls ? 'region' : undefined}
      aria-label={scrolls ? label : undefined}
    >
      <table className="rt-TableRootTable">
        <caption className="console-visually-hidden">{label}</caption>
        {children}
      </table>
    </div>
  );
}
