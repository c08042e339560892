/** The diff of two setups as text (terminal and wizard), Markdown (a PR comment) or JSON. */
import type { LineChange, LineSide, PlatformDiff, ReportDiff } from '../../core/diff.js';
import { quantity, unitPrice, usd, usdDelta } from '../../core/number-format.js';
import { fit, textWidth, wrapLines, wrapWithPrefix } from '../format.js';
import { mdCell } from './markdown.js';

/** The diff as versioned JSON with a trailing newline. */
export function renderDiffJson(diff: ReportDiff): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}

/** `+$10.70 (+25.8%)`, `$0.00`, or `new` / `gone` when a side lacks the platform. */
function changeLabel(p: PlatformDiff): string {
  if (p.before === null) return 'new';
  if (p.after === null) return 'gone';
  if (p.change === 0) return usd(0);
  const share = p.changeShare === null ? '' : ` (${p.changeShare > 0 ? '+' : ''}${(p.changeShare * 100).toFixed(1)}%)`;
  return `${usdDelta(p.change)}${share}`;
}

const total = (v: number | null) => (v === null ? '-' : usd(v));
const planLabel = (p: PlatformDiff) =>
  p.planBefore === p.planAfter ? (p.planAfter ? ` (${p.planAfter})` : '') : ` (${p.planBefore ?? '-'} → ${p.planAfter ?? '-'})`;
const title = (p: PlatformDiff, withTier: boolean) => `${p.name}${planLabel(p)}${withTier ? `, ${p.tier}` : ''}`;

/** `0.5 GB-month × $10.00` */
function amountOf(s: LineSide): string {
  return `${quantity(s.quantity)} ${s.unit} × ${unitPrice(s.unitPrice)}`;
}

/** What changed on one line, in words: `0.5 → 1 GB-month at $10.00`, `$10.00 → $12.00 per GB-month`. */
function lineDetail(c: LineChange): string {
  if (c.kind === 'added') return amountOf(c.after!);
  if (c.kind === 'removed') return amountOf(c.before!);
  const b = c.before!;
  const a = c.after!;
  const parts: string[] = [];
  if (c.previousName !== undefined) parts.push(`was ${c.previousName}`);
  if (c.fields.includes('quantity') || c.fields.includes('unit')) {
    parts.push(
      b.unit === a.unit
        ? `${quantity(b.quantity)} → ${quantity(a.quantity)} ${a.unit}`
        : `${quantity(b.quantity)} ${b.unit} → ${quantity(a.quantity)} ${a.unit}`,
    );
  }
  if (c.fields.includes('unitPrice')) parts.push(`${unitPrice(b.unitPrice)} → ${unitPrice(a.unitPrice)} per ${a.unit}`);
  if (parts.length === (c.previousName === undefined ? 0 : 1)) parts.push(`${usd(b.monthly)} → ${usd(a.monthly)}`);
  return parts.join(', ');
}

const MARK = { added: '+', removed: '-', changed: '~' } as const;

interface DiffTextOptions {
  columns: number;
  color: boolean;
}

/** Below this width (or where a row would not fit its columns) each row takes a few lines: nothing is cut. */
const NARROW = 60;

/** The diff as terminal text: a summary table, then each platform's changed line items. Fits any width from 40 columns. */
export function renderDiffText(diff: ReportDiff, options: DiffTextOptions): string {
  const width = Math.max(40, Math.min(options.columns, 160));
  const c = options.color;
  const paint = (open: number, close: number) => (s: string) => (c ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  const bold = paint(1, 22);
  const dim = paint(2, 22);
  const green = paint(32, 39);
  const red = paint(31, 39);
  const yellow = paint(33, 39);
  // Cheaper is green, dearer red: the direction a reader cares about.
  const byChange = (amount: number, s: string) => (amount < 0 ? green(s) : amount > 0 ? red(s) : s);
  const withTier = diff.before.tier === 'all' && diff.after.tier === 'all';

  const out: string[] = [];
  out.push(...wrapLines(`stackfare diff: ${diff.before.label} → ${diff.after.label}`, width).map(bold));
  const books =
    diff.before.pricingAsOf === diff.after.pricingAsOf
      ? `price book of ${diff.after.pricingAsOf}`
      : `price books of ${diff.before.pricingAsOf} and ${diff.after.pricingAsOf}`;
  out.push(...wrapLines(`USD a month, ${books}.`, width).map(dim), '');

  const rows = diff.platforms.map((p) => ({ p, name: title(p, withTier), before: total(p.before), after: total(p.after), change: changeLabel(p) }));
  const wName = Math.min(40, Math.max(16, ...rows.map((r) => textWidth(r.name) + 1)));
  // As wide as the largest amount: money is never cut.
  const wMoney = Math.max(12, ...rows.map((r) => Math.max(r.before.length, r.after.length) + 1));
  const wChange = Math.max(8, ...rows.map((r) => r.change.length)) + 1;
  const tableFits = width >= NARROW && 2 + wName + 2 * wMoney + wChange <= width && rows.every((r) => textWidth(r.name) < wName);
  if (tableFits) {
    out.push(bold(`  ${fit('Platform', wName)}${fit('Before', wMoney, 'right')}${fit('After', wMoney, 'right')}${fit('Change', wChange, 'right')}`));
    for (const r of rows) {
      const line = `${fit(r.name, wName)}${fit(r.before, wMoney, 'right')}${fit(r.after, wMoney, 'right')}`;
      out.push(`  ${line}${byChange(r.p.change, fit(r.change, wChange, 'right'))}`);
    }
  } else {
    // Narrow: each platform's name, then before → after and the change below it.
    for (const r of rows) {
      out.push(...wrapLines(r.name, width - 2).map((l) => `  ${bold(l)}`));
      const figures = wrapWithPrefix(`${r.before} → ${r.after}, ${r.change}`, width, '    ');
      out.push(...figures.map((l) => byChange(r.p.change, l)));
    }
  }
  out.push('');

  for (const p of diff.platforms) {
    if (p.lineItems.length === 0) continue;
    const heading = `${title(p, withTier)}: ${total(p.before)} → ${total(p.after)}, ${changeLabel(p)}`;
    out.push(...wrapWithPrefix(heading, width, `${p.change === 0 ? '=' : '~'} `, '  ').map(bold));
    const wLine = Math.max(20, Math.min(44, Math.max(...p.lineItems.map((l) => textWidth(l.name) + 1))));
    const items = p.lineItems.map((l) => ({
      l,
      mark: l.kind === 'added' ? red('+') : l.kind === 'removed' ? green('-') : yellow('~'),
      amount: l.kind === 'changed' ? `${usd(l.before!.monthly)} → ${usd(l.after!.monthly)}` : usd((l.after ?? l.before)!.monthly),
      delta: usdDelta(l.change),
    }));
    // A row per item where every name, amount and change fits its column, else each item stacked.
    const itemsFit =
      width >= NARROW && 4 + wLine + 22 + 2 + 11 <= width && items.every((i) => textWidth(i.l.name) < wLine && i.amount.length <= 22 && i.delta.length <= 11);
    for (const { l, mark, amount, delta } of items) {
      if (itemsFit) out.push(`  ${mark} ${fit(l.name, wLine)}${fit(amount, 22, 'right')}  ${byChange(l.change, fit(delta, 11, 'right'))}`);
      else {
        out.push(...wrapLines(l.name, width - 4).map((t, k) => (k === 0 ? `  ${mark} ${t}` : `    ${t}`)));
        out.push(...wrapLines(`${amount}, ${delta}`, width - 6).map((t) => `      ${byChange(l.change, t)}`));
      }
      out.push(...wrapLines(lineDetail(l), width - 6).map((t) => dim(`      ${t}`)));
    }
    if (p.unchangedLineItems > 0) out.push(dim(`    ${p.unchangedLineItems} line item${p.unchangedLineItems === 1 ? '' : 's'} unchanged`));
    out.push('');
  }
  const unchanged = diff.platforms.filter((p) => p.lineItems.length === 0);
  if (unchanged.length === diff.platforms.length) out.push('No change on any platform.', '');
  else if (unchanged.length > 0) out.push(...wrapLines(`No change: ${unchanged.map((p) => title(p, withTier)).join(', ')}.`, width).map(dim), '');
  for (const n of diff.notes) out.push(...wrapLines(`Note: ${n}`, width));
  return `${out.join('\n').trimEnd()}\n`;
}

const cell = mdCell;

/** The diff as Markdown, for a pull-request comment. */
export function renderDiffMarkdown(diff: ReportDiff): string {
  const withTier = diff.before.tier === 'all' && diff.after.tier === 'all';
  const out: string[] = [];
  out.push(`## stackfare diff: ${cell(diff.before.label)} → ${cell(diff.after.label)}`, '');
  const books =
    diff.before.pricingAsOf === diff.after.pricingAsOf
      ? `price book of ${diff.after.pricingAsOf}`
      : `price books of ${diff.before.pricingAsOf} and ${diff.after.pricingAsOf}`;
  out.push(`USD a month, ${books}.`, '');
  out.push('| Platform | Before | After | Change |', '| --- | ---: | ---: | ---: |');
  for (const p of diff.platforms)
    out.push(
      `| ${cell(title(p, withTier))} | ${total(p.before)} | ${total(p.after)} | ${p.change === 0 && p.before !== null && p.after !== null ? usd(0) : `**${changeLabel(p)}**`} |`,
    );
  out.push('');
  for (const p of diff.platforms) {
    if (p.lineItems.length === 0) continue;
    out.push(`### ${cell(title(p, withTier))}: ${total(p.before)} → ${total(p.after)}, ${changeLabel(p)}`, '');
    out.push('| | Line item | Before | After | Change | What changed |', '| --- | --- | ---: | ---: | ---: | --- |');
    for (const l of p.lineItems) {
      out.push(
        `| ${MARK[l.kind]} | ${cell(l.name)} | ${l.before ? usd(l.before.monthly) : '-'} | ${l.after ? usd(l.after.monthly) : '-'} | ${usdDelta(l.change)} | ${cell(lineDetail(l))} |`,
      );
    }
    if (p.unchangedLineItems > 0) out.push('', `${p.unchangedLineItems} line item${p.unchangedLineItems === 1 ? '' : 's'} unchanged.`);
    out.push('');
  }
  if (diff.platforms.every((p) => p.lineItems.length === 0)) out.push('No change on any platform.', '');
  for (const n of diff.notes) out.push(`> ${cell(n)}`, '');
  return `${out.join('\n').trimEnd()}\n`;
}
