/**
 * A Radix Themes table without its ScrollArea: Table.Root wraps the table in Radix's ScrollArea,
 * which renders an inline <style> element that the console's CSP refuses. Same classes, so the same
 * look; the horizontal overflow is plain CSS (customer-page.css), and the region takes focus so a
 * keyboard can scroll it (axe: scrollable-region-focusable). Use Table.Header, Table.Row… inside.
 */
import type { ReactNode } from 'react';

export function CustomerTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <section
      className="rt-TableRoot rt-r-size-1 rt-variant-surface customer-page-table"
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
      tabIndex={0}
    >
      <table className="rt-TableRootTable" aria-label={label}>
        {children}
      </table>
    </section>
  );
}
