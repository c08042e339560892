/** `stackfare prices` as text: each figure with unit, confidence, date and age, its source below. */

import { confidenceMark, unitPrice } from '../../core/number-format.js';
import type { PriceList, PriceRow } from '../../core/price-list.js';
import { fit, wrapItems, wrapLines } from '../format.js';
import { wrapText } from './records.js';

/** The figure as people read it: `$0.15 / GB-month`, or the limits a sourced entry states. */
function figure(r: PriceRow): string {
  if (r.unit === '') return r.amount;
  return `${unitPrice(Number(r.amount))} / ${r.unit}`;
}

/** `By confidence: official 120, official-copy 30, third-party 12 ~, uncertain 19 ?.` */
function byConfidence(list: PriceList): string {
  const parts = Object.entries(list.confidenceCounts).map(([c, n]) => {
    const mark = confidenceMark(c);
    return `${c} ${n}${mark ? ` ${mark}` : ''}`;
  });
  return `By confidence: ${parts.join(', ')}.`;
}

/**
 * The list as plain text, `columns` wide: a table from 110 columns, else one block per figure.
 * Figures past the stale age are marked `old`; paths and URLs are never cut.
 */
export function renderPricesText(list: PriceList, options: { columns: number; color: boolean }): string {
  const esc = (code: number, reset: number) => (t: string) => (options.color ? `\u001b[${code}m${t}\u001b[${reset}m` : t);
  const bold = esc(1, 22);
  const dim = esc(2, 22);
  const yellow = esc(33, 39);
  const width = Math.max(20, options.columns);
  const wide = width >= 110;
  const wFigure = 24;
  const wConf = 15;
  const wDate = 10;
  const wAge = 12;
  const wName = width - 2 - wFigure - wConf - wDate - wAge - 4;
  const bookAge =
    list.bookAgeDays === null
      ? ''
      : list.bookAgeDays < 0
        ? `, dated in the future (today is ${list.today})`
        : `, ${list.bookAgeDays} days before ${list.today}`;
  const out: string[] = [
    ...wrapLines(`Price book of ${list.asOf}${bookAge} (${list.currency}); ${list.figures.length} figures.`, width).map(bold),
    ...wrapLines(byConfidence(list), width),
  ];
  if (wide)
    out.push(
      bold(`  ${fit('Figure', wName)} ${fit('Amount', wFigure, 'right')} ${fit('Confidence', wConf)} ${fit('As of', wDate)} ${fit('Age', wAge, 'right')}`),
    );
  let section = '';
  for (const r of list.figures) {
    if (r.section !== section) {
      section = r.section;
      out.push(...wrapLines(section, width).map(bold));
    }
    const old = r.ageDays !== null && r.ageDays > list.staleAfterDays;
    const age = r.ageDays === null ? '' : r.ageDays < 0 ? 'future' : `${r.ageDays} days${old ? ' old' : ''}`;
    const mark = confidenceMark(r.confidence);
    const confidence = `${r.confidence}${mark ? ` ${mark}` : ''}`;
    const name = r.name.split(' › ').slice(1).join(' › ') || r.name;
    const amount = figure(r);
    if (wide && amount.length <= wFigure) {
      out.push(
        `  ${fit(name, wName)} ${fit(amount, wFigure, 'right')} ${fit(confidence, wConf)} ${fit(r.asOf, wDate)} ${old ? yellow(fit(age, wAge, 'right')) : fit(age, wAge, 'right')}`.trimEnd(),
      );
    } else {
      out.push(...wrapLines(name, width - 2).map((l) => `  ${l}`));
      const items = wrapItems([amount, confidence, r.asOf, ...(age ? [age] : [])], width - 4).map((l) => `    ${l}`);
      out.push(...items.map((l) => (old && l.endsWith(age) ? `${l.slice(0, -age.length)}${yellow(age)}` : l)));
    }
    out.push(...wrapText(`${r.path}: ${r.source}`, width - 4).map((l) => dim(`    ${l}`)));
  }
  out.push(
    ...wrapLines(`Age is counted to the run's date; figures older than ${list.staleAfterDays} days are marked old. ? uncertain, ~ third-party.`, width).map(
      dim,
    ),
    ...wrapLines(
      'Change any figure with --pricing FILE: only the figures you change, at the path shown, each with its own source, asOf and confidence.',
      width,
    ).map(dim),
  );
  return `${out.join('\n')}\n`;
}
