/** The plain-text comparison: one row per platform, then each platform's line items. */
import type { EstimateJson, Report } from '../../core/report.js';
import {
  comparisonRows,
  fit,
  hours,
  monthlyRange,
  platformLabel,
  quantity,
  tierLabel,
  unitPrice,
  usd,
  usdDelta,
  plural,
  users,
  usersLabel,
  wrap,
  yesNo,
} from '../format.js';

export interface TextOptions {
  /** Terminal width; the layout narrows down to 60 columns. */
  columns: number;
  color: boolean;
}

interface Style {
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
}

function style(color: boolean): Style {
  const wrapWith = (open: number, close: number) => (s: string) => (color ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { bold: wrapWith(1, 22), dim: wrapWith(2, 22), green: wrapWith(32, 39), yellow: wrapWith(33, 39), red: wrapWith(31, 39) };
}

/** Renders the whole report as text. */
export function renderText(report: Report, options: TextOptions): string {
  const width = Math.max(60, Math.min(options.columns, 160));
  const s = style(options.color);
  const out: string[] = [];
  out.push(...wrap(`stackfare: ${report.stack.name}, ${tierLabel(report)}, ${report.stack.regionLabel}`, width).map(s.bold));
  out.push(...wrap(`Prices in USD a month as of ${report.pricingAsOf}; ${describeStack(report)}`, width).map(s.dim));
  out.push('');

  if (report.tiers) {
    out.push(...tierTable(report, width, s), '');
    for (const t of report.tiers) {
      const estimates = report.estimates.filter((e) => e.tier === t.tier);
      out.push(s.bold(`${t.label}`), ...comparisonTable(estimates, width, s), '');
    }
  } else {
    out.push(...comparisonTable(report.estimates, width, s), '');
    const best = report.estimates.find((e) => e.cheapest);
    if (best) out.push(`${s.green('*')} cheapest that fits the tier: ${platformLabel(best)} at ${usd(best.monthlyTotal)} a month`, '');
    if (report.scaling) out.push(...scalingTable(report, width, s), '');
  }

  const details = report.tiers ? report.estimates.filter((e) => e.tier !== 'local' || e.platform === 'local') : report.estimates;
  const seen = new Set<string>();
  for (const e of details) {
    const key = `${e.tier}:${e.platform}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(...estimateDetail(e, width, s, report.tiers !== undefined), '');
  }
  out.push(s.dim(`Price book of ${report.pricingAsOf}; every price has its source in data/pricing.json. Figures are estimates, before tax.`));
  return `${out.join('\n')}\n`;
}

function describeStack(report: Report): string {
  const st = report.stack;
  const pg = st.postgres.instances === 0 ? 'no Postgres' : `${st.postgres.layout} Postgres (${st.postgres.instances} instance${st.postgres.instances > 1 ? 's' : ''}, ${st.postgres.storageGb} GB)`;
  return `${plural(st.services.length, 'service')}, ${pg}, ${st.egressGb} GB egress, ${usersLabel(report)}.`;
}

function comparisonTable(estimates: readonly EstimateJson[], width: number, s: Style): string[] {
  const rows = comparisonRows(estimates);
  const wMonthly = 11;
  const wEffort = 9;
  const wMulti = 6;
  const wBackups = width >= 100 ? 26 : 0;
  const wPlatform = Math.min(30, Math.max(16, ...rows.map((r) => r.platform.length + 1)));
  const fixed = 2 + wPlatform + wMonthly + 1 + wEffort + 1 + (wBackups ? wBackups + 1 : 0) + wMulti + 1;
  const wTagline = Math.max(0, width - fixed - 1);
  const header =
    '  ' +
    fit('Platform', wPlatform) +
    fit('Monthly', wMonthly, 'right') +
    ' ' +
    fit('Effort', wEffort, 'right') +
    ' ' +
    (wBackups ? fit('Backups', wBackups) + ' ' : '') +
    fit('Multi', wMulti) +
    ' ' +
    (rows.some((r) => r.tagline.length <= wTagline) ? 'Pros / cons' : '');
  const out = [s.bold(header.trimEnd())];
  for (const r of rows) {
    const mark = r.cheapest ? s.green('* ') : r.fits ? '  ' : s.dim('- ');
    const line =
      fit(r.platform, wPlatform) +
      fit(r.monthly, wMonthly, 'right') +
      ' ' +
      fit(r.effort, wEffort, 'right') +
      ' ' +
      (wBackups ? fit(r.backups, wBackups) + ' ' : '') +
      fit(r.multiUser, wMulti) +
      ' ' +
      (r.tagline.length <= wTagline ? r.tagline : '');
    out.push(mark + (r.fits ? line.trimEnd() : s.dim(line.trimEnd())));
    // Pros and cons that do not fit beside the row go on the line below it.
    if (r.tagline.length > wTagline) out.push(s.dim(`    ${fit(r.tagline, width - 4).trimEnd()}`));
  }
  if (rows.some((r) => !r.fits && !r.blocked)) out.push(s.dim('  - does not fit this tier (shown for comparison)'));
  if (rows.some((r) => r.blocked)) out.push(s.dim('  - cannot run this stack: a service or database has no size there (see its warnings)'));
  return out;
}

function tierTable(report: Report, width: number, s: Style): string[] {
  const tiers = report.tiers ?? [];
  const wTier = 20;
  const wRange = Math.max(9, ...tiers.map((t) => monthlyRange(t).length)) + 2;
  const wEffort = 10;
  const wMulti = 6;
  const room = width - 2 - wTier - wRange - wEffort - wMulti - 2;
  // Narrow terminals: backups move from their own column to the line under the tier.
  const wBackups = room >= Math.max(...tiers.map((t) => t.backups.length)) ? room : 0;
  const out = [
    s.bold(('  ' + fit('Tier', wTier) + fit('Monthly', wRange, 'right') + ' ' + fit('Effort', wEffort, 'right') + ' ' + fit('Multi', wMulti) + (wBackups ? 'Backups' : '')).trimEnd()),
  ];
  for (const t of tiers) {
    out.push(
      ('  ' + fit(t.label, wTier) + fit(monthlyRange(t), wRange, 'right') + ' ' + fit(hours(t.effortHours), wEffort, 'right') + ' ' + fit(yesNo(t.multiUserReady), wMulti) + (wBackups ? t.backups : '')).trimEnd(),
    );
    out.push(...indent(wBackups ? t.summary : `${t.summary} Backups: ${t.backups}.`, width, '    ').map(s.dim));
  }
  return out;
}

function scalingTable(report: Report, width: number, s: Style): string[] {
  const points = report.scaling ?? [];
  const platforms = report.estimates.map((e) => ({ id: e.platform, name: e.name }));
  const colW = Math.max(10, Math.min(14, Math.floor((width - 12) / Math.max(1, platforms.length))));
  const out = [s.bold('Cost by monthly active users')];
  out.push(s.bold(('  ' + fit('Users', 10) + platforms.map((p) => fit(short(p.name), colW, 'right')).join('')).trimEnd()));
  for (const p of points) {
    const cells = platforms.map((pl) => {
      const e = p.estimates.find((x) => x.platform === pl.id);
      return fit(e ? usd(e.monthlyTotal) : '', colW, 'right');
    });
    out.push(('  ' + fit(users(p.users), 10) + cells.join('')).trimEnd());
  }
  const first = points[0]?.estimates.find((e) => e.platform !== 'local');
  if (first) {
    const inst = points.map((p) => p.estimates.find((e) => e.platform !== 'local')?.apiInstances ?? 0).join(' / ');
    const auth = points.map((p) => usd(p.estimates.find((e) => e.platform !== 'local')?.authMonthly ?? 0)).join(' / ');
    out.push(s.dim(`  API instances: ${inst}; auth provider: ${auth} a month`));
  }
  return out;
}

function short(name: string): string {
  return name.replace(' App Platform', '').replace(' (your machine)', '');
}

function estimateDetail(e: EstimateJson, width: number, s: Style, withTier: boolean): string[] {
  const out: string[] = [];
  const title = `${platformLabel(e)}${withTier ? `, ${e.tier}` : ''}: ${usd(e.monthlyTotal)} a month, effort ${hours(e.effortHours)}${e.cheapest ? '  (cheapest)' : ''}`;
  out.push(s.bold(title));
  out.push(s.dim(`  ${fit(e.tagline, width - 2).trimEnd()}`));
  const wQty = 10;
  const wUnit = 11;
  const wPrice = 11;
  const wMonthly = 11;
  const wName = Math.max(20, Math.min(44, width - 2 - wQty - wUnit - wPrice - wMonthly - 3));
  out.push(
    s.bold(
      '  ' + fit('Line item', wName) + fit('Quantity', wQty, 'right') + ' ' + fit('Unit', wUnit) + fit('Unit price', wPrice, 'right') + ' ' + fit('Monthly', wMonthly, 'right'),
    ),
  );
  for (const i of e.lineItems) {
    out.push(
      '  ' + fit(i.name, wName) + fit(quantity(i.quantity), wQty, 'right') + ' ' + fit(i.unit, wUnit) + fit(unitPrice(i.unitPrice), wPrice, 'right') + ' ' + fit(usd(i.monthly), wMonthly, 'right'),
    );
    if (i.note) out.push(s.dim(`    ${fit(i.note, width - 4).trimEnd()}`));
  }
  out.push(s.bold('  ' + fit('Total', wName + wQty + wUnit + wPrice + 2) + fit(usd(e.monthlyTotal), wMonthly, 'right')));
  if (e.sizing.length > 0 && e.platform !== 'local') {
    out.push('  Sizes:');
    for (const z of e.sizing) out.push(...indent(`${z.service}: ${z.size}${z.instances > 1 ? ` × ${z.instances}` : ''}. ${sentence(z.reason)}`, width, '    '));
  }
  if (e.alternatives.length > 0) {
    out.push('  Alternatives:');
    for (const a of e.alternatives) out.push(...indent(`${a.name}: ${usdDelta(a.monthlyDelta)} a month. ${a.caveat}`, width, '    '));
  }
  if (e.warnings.length > 0) {
    out.push('  Warnings:');
    for (const w of e.warnings) {
      const mark = w.severity === 'error' ? s.red('!') : w.severity === 'warning' ? s.yellow('!') : s.dim('i');
      out.push(...wrap(`${w.message}${w.fix ? ` ${w.fix}` : ''}`, width - 6).map((l, k) => (k === 0 ? `  ${mark} ${l}` : `      ${l}`)));
    }
  }
  out.push('  Assumptions:');
  for (const a of e.assumptions) out.push(...indent(a, width, '    - '));
  out.push(...indent(`Backups: ${e.backups}`, width, '  '));
  out.push(...indent(`Effort: ${e.effort.map((x) => `${x.name} ${hours(x)}`).join('; ')}`, width, '  '));
  return out;
}

/** Wraps text under a first-line prefix, continuation lines indented to match. */
function indent(text: string, width: number, prefix: string): string[] {
  const pad = ' '.repeat(Math.max(prefix.length, 6));
  return wrap(text, width - pad.length).map((l, k) => (k === 0 ? `${prefix}${l}` : `${pad}${l}`));
}

/** Capitalised, with one final full stop. */
function sentence(text: string): string {
  const t = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
