/**
 * Radix Themes' `Table.Root` wraps the table in its ScrollArea, which injects a <style> element: the
 * console's CSP (style-src 'self') refuses it. This root has the same classes (so the same look) and
 * an overflow box of plain CSS instead; the other parts (Table.Header, Row, Cell…) are Radix's own.
 */
import type { ReactNode } from 'react';

export function TableRoot({
  size = '2',
  variant = 'ghost',
  caption,
  children,
}: {
  size?: '1' | '2' | '3';
  variant?: 'surface' | 'ghost';
  /** The table's accessible name (a visually hidden caption). */
  caption?: string;
  children: ReactNode;
}) {
  return (
    <div className={`rt-TableRoot rt-r-size-${size} rt-variant-${variant} duplicates-table`}>
      <table className="rt-TableRootTable">
        {caption ? <caption className="duplicates-caption">{caption}</caption> : null}
        {children}
      </table>
    </div>
  );
}
