/**
 * Radix Themes' Table.Root in the same classes, without its ScrollArea: that one renders a <style>
 * element, which the console's CSP refuses. A plain overflow box scrolls a wide table instead.
 * Rows and cells stay Radix's (Table.Header, Table.Row, Table.Cell).
 */
import type { ReactNode } from 'react';

export function PlainTable({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="rt-TableRoot rt-r-size-2 rt-variant-surface admin-sync-table">
      <table className="rt-TableRootTable">
        <caption className="admin-sync-caption">{caption}</caption>
        {children}
      </table>
    </div>
  );
}
