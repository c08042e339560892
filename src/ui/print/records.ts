/**
 * A table that fits the terminal: columns when they fit in `width`, else one block per row (the
 * first cell as its title, the others as `HEADER value` items below it), so a 40-column
 * terminal gets every value whole instead of cut cells or lines running past the edge.
 */
import { fit, textWidth, wrapItems, wrapLines } from '../format.js';

/** One column: its header, the widest its cells may be, and how they align. */
export interface Column {
  header: string;
  cap: number;
  align?: 'left' | 'right';
}

/** The width a row of columns takes: two spaces of indent, cells separated by one space (two before a right-aligned one). */
function tableWidth(widths: readonly number[]): number {
  return 2 + widths.reduce((sum, w) => sum + w + 1, 0) - 1;
}

/** Column widths: each column as wide as its widest cell, up to its cap. */
function columnWidths(columns: readonly Column[], rows: readonly string[][]): number[] {
  return columns.map((c, n) => Math.min(c.cap, Math.max(textWidth(c.header), ...rows.map((r) => textWidth(r[n] ?? '')))));
}

/**
 * The rows as lines at most `width` wide: a table when every cell fits its column uncut (or
 * `cut` allows cutting, marked with …), else one block per row.
 */
export function renderRecords(columns: readonly Column[], rows: readonly string[][], width: number, options: { cut?: boolean } = {}): string[] {
  const widths = columnWidths(columns, rows);
  const whole = rows.every((r) => r.every((cell, n) => textWidth(cell) <= widths[n]!));
  if (tableWidth(widths) <= width && (whole || options.cut === true)) {
    const line = (row: readonly string[]) => `  ${row.map((c, n) => fit(c, widths[n]!, columns[n]!.align ?? 'left')).join(' ')}`.trimEnd();
    return [line(columns.map((c) => c.header)), ...rows.map(line)];
  }
  return rows.flatMap((row) => recordBlock(columns, row, width));
}

/** One row as a block: its first cell, then the other cells as `header value` items, wrapped. */
function recordBlock(columns: readonly Column[], row: readonly string[], width: number): string[] {
  const title = wrapLines(row[0] ?? '', width - 2).map((l) => `  ${l}`);
  const items = columns.slice(1).map((c, n) => `${c.header.toLowerCase()} ${row[n + 1] ?? ''}`);
  return [...title, ...wrapItems(items, width - 4).map((l) => `    ${l}`)];
}

const URL_WORD = /^\(?https?:\/\/\S+$/;

/**
 * Text wrapped to `width` like wrapLines, except that a URL too wide for the line is kept whole
 * on a line of its own: the terminal folds it and it stays one link to click or copy. Every
 * other word wider than the line is broken visibly (↩).
 */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  let words: string[] = [];
  const flush = () => {
    if (words.length > 0) out.push(...wrapLines(words.join(' '), width));
    words = [];
  };
  for (const word of text.split(' ')) {
    if (URL_WORD.test(word) && textWidth(word) > width) {
      flush();
      out.push(word);
    } else words.push(word);
  }
  flush();
  return out.length > 0 ? out : [''];
}
