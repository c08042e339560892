/** The comparison as Markdown, for pasting into an issue or a README. */

import { confidenceLegend, groupThousands, hours, quantity, unitPrice, usd, usdDelta, usdMarked } from '../../core/number-format.js';
import { type EstimateJson, platformLabel, type Report } from '../../core/report.js';
import { comparisonRows, monthlyRange, sizedFromText, tierLabel, yesNo } from '../format.js';

/**
 * Text from the stack (service names, images, warnings that quote them) as Markdown shows it:
 * raw HTML and backticks escaped (and a backslash that would escape them), so a name never becomes a tag or a code span.
 */
export function mdText(text: string): string {
  // A backslash escapes only before punctuation: one there is doubled, one elsewhere (an escaped control, \x1b) is shown as is.
  return text
    .replace(/\\(?=[!-/:-@[-`{-~])/g, '\\\\')
    .replace(/[`<>]/g, (c) => `\\${c}`)
    .replace(/\n/g, ' ');
}

/** A table cell: mdText, and a pipe that does not end the cell. */
export function mdCell(text: string): string {
  return mdText(text).replace(/\|/g, '\\|');
}

const cell = mdCell;

function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string[] {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${align.map((a) => (a === 'r' ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

function comparison(estimates: readonly EstimateJson[]): string[] {
  return table(
    ['Platform', 'Monthly', 'Effort', 'Backups', 'Multi-user ready', 'Pros / cons'],
    comparisonRows(estimates).map((r) => [
      `${r.cheapest ? '**' : ''}${r.platform}${r.cheapest ? '** (cheapest)' : ''}${r.blocked ? ' (cannot run this stack)' : r.fits ? '' : ' (does not fit this tier)'}`,
      r.monthly,
      r.effort,
      r.backups,
      r.multiUser,
      r.tagline,
    ]),
    ['l', 'r', 'r', 'l', 'l', 'l'],
  );
}

export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(`# ${mdText(report.stack.name)}: ${tierLabel(report)}, ${report.stack.regionLabel}`, '');
  out.push(`Prices in USD a month, price book of ${report.pricingAsOf}.`, '');
  if (report.tiers) {
    out.push(
      ...table(
        ['Tier', 'Monthly', 'Effort', 'Backups', 'Multi-user ready'],
        report.tiers.map((t) => [t.label, monthlyRange(t), hours(t.effortHours), t.backups, yesNo(t.multiUserReady)]),
        ['l', 'r', 'r', 'l', 'l'],
      ),
      '',
    );
    for (const t of report.tiers) out.push(`## ${t.label}`, '', ...comparison(report.estimates.filter((e) => e.tier === t.tier)), '');
  } else {
    out.push(...comparison(report.estimates), '');
  }
  if (report.scaling) {
    const ids = report.estimates.map((e) => e.platform);
    out.push('## Cost by monthly active users', '');
    out.push(
      ...table(
        ['Users', ...report.estimates.map((e) => e.name)],
        report.scaling.map((p) => [groupThousands(p.users), ...ids.map((id) => usd(p.estimates.find((e) => e.platform === id)?.monthlyTotal ?? 0))]),
        ['r', ...ids.map(() => 'r' as const)],
      ),
      '',
    );
  }
  for (const e of report.estimates) {
    out.push(`## ${platformLabel(e)}${report.tiers ? `, ${e.tier}` : ''}: ${usd(e.monthlyTotal)} a month`, '');
    out.push(
      ...table(
        ['Line item', 'Quantity', 'Unit', 'Unit price', 'Monthly', 'Note'],
        [
          ...e.lineItems.map((i) => [i.name, quantity(i.quantity), i.unit, unitPrice(i.unitPrice), usdMarked(i.monthly, i.confidence), i.note ?? '']),
          ['**Total**', '', '', '', `**${usd(e.monthlyTotal)}**`, ''],
        ],
        ['l', 'r', 'l', 'r', 'r', 'l'],
      ),
      '',
    );
    const legend = confidenceLegend(e.lineItems);
    if (legend) out.push(legend, '');
    // Sizes are listed where a usage file sized some of them, so each says where it came from.
    if (e.sizing.some((z) => z.sizedFrom !== undefined)) {
      out.push(
        'Sizes:',
        '',
        ...e.sizing.map(
          (z) => `- ${mdText(z.service)}: ${mdText(z.size)}${z.instances > 1 ? ` × ${z.instances}` : ''}${sizedFromText(z.sizedFrom)}. ${mdText(z.reason)}`,
        ),
        '',
      );
    }
    if (e.alternatives.length > 0) {
      out.push('Alternatives:', '', ...e.alternatives.map((a) => `- ${mdText(a.name)}: ${usdDelta(a.monthlyDelta)} a month. ${mdText(a.caveat)}`), '');
    }
    if (e.warnings.length > 0)
      out.push('Warnings:', '', ...e.warnings.map((w) => `- **${w.severity}**: ${mdText(w.message)}${w.fix ? ` ${mdText(w.fix)}` : ''}`), '');
    out.push('Assumptions:', '', ...e.assumptions.map((a) => `- ${mdText(a)}`), '');
    out.push(`Backups: ${e.backups}`, '', `Effort: ${e.effort.map((x) => `${x.name} ${hours(x)}`).join('; ')}`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
