/** The plain-text comparison: one row per platform, then each platform's line items. */
import type { PlatformId } from '../../core/answers.js';
import { confidenceLegend, confidenceMark, groupThousands, hours, plural, quantity, unitPrice, usd, usdDelta } from '../../core/number-format.js';
import type { PlatformCapabilities } from '../../core/platform.js';
import { type EstimateJson, platformLabel, type Report } from '../../core/report.js';
import { comparisonRows, fit, monthlyRange, sizedFromText, tierLabel, usersLabel, wrap, yesNo } from '../format.js';

export interface TextOptions {
  /** Terminal width; the layout narrows down to 40 columns, stacking columns below 60. */
  columns: number;
  color: boolean;
  /** Never shorten a name (--wide); amounts are never shortened either way. */
  wide?: boolean;
  /** What each platform is (the report holds only ids): sizes, auth and API instances are a hosted platform's. */
  capabilities: Readonly<Record<PlatformId, PlatformCapabilities>>;
}

/** Below this width, tables become one stacked block per row: nothing is cut to fit. */
const NARROW = 60;

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
  const width = Math.max(40, Math.min(options.columns, 160));
  const wide = options.wide === true;
  const s = style(options.color);
  const hosted = (platform: PlatformId) => options.capabilities[platform].hosted;
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
    if (best)
      out.push(
        ...wrap(`* cheapest that fits the tier: ${platformLabel(best)} at ${usd(best.monthlyTotal)} a month`, width).map((l, i) =>
          i === 0 ? `${s.green('*')}${l.slice(1)}` : `  ${l}`,
        ),
        '',
      );
    if (report.scaling) out.push(...scalingTable(report, width, s, hosted), '');
  }

  const details = report.tiers ? report.estimates.filter((e) => e.tier !== 'local' || !hosted(e.platform)) : report.estimates;
  // A warning every platform has (the users figure a single-user tier ignores) is said once, not once per platform.
  const common = commonWarnings(details);
  if (common.length > 0) out.push('Warnings for every platform:', ...warningLines(common, width, s), '');
  const shared = new Set(common.map(warningKey));
  const seen = new Set<string>();
  for (const e of details) {
    const key = `${e.tier}:${e.platform}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(
      ...estimateDetail(
        { ...e, warnings: e.warnings.filter((w) => !shared.has(warningKey(w))) },
        width,
        s,
        report.tiers !== undefined,
        wide,
        hosted(e.platform),
      ),
      '',
    );
  }
  out.push(
    ...wrap(`Price book of ${report.pricingAsOf}; every price has its source in data/pricing.json. Figures are estimates, before tax.`, width).map(s.dim),
  );
  return `${out.join('\n')}\n`;
}

function describeStack(report: Report): string {
  const st = report.stack;
  const pg =
    st.postgres.instances === 0
      ? 'no Postgres'
      : `${st.postgres.layout} Postgres (${st.postgres.instances} instance${st.postgres.instances > 1 ? 's' : ''}, ${st.postgres.storageGb} GB)`;
  return `${plural(st.services.length, 'service')}, ${pg}, ${st.egressGb} GB egress, ${usersLabel(report)}.`;
}

function comparisonTable(estimates: readonly EstimateJson[], width: number, s: Style): string[] {
  const rows = comparisonRows(estimates);
  if (width < NARROW) return stackedComparison(rows, width, s);
  // Wide enough for the largest amount: money is never cut.
  const wMonthly = Math.max(11, ...rows.map((r) => r.monthly.length + 2));
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
    (wBackups ? `${fit('Backups', wBackups)} ` : '') +
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
      (wBackups ? `${fit(r.backups, wBackups)} ` : '') +
      fit(r.multiUser, wMulti) +
      ' ' +
      (r.tagline.length <= wTagline ? r.tagline : '');
    out.push(mark + (r.fits ? line.trimEnd() : s.dim(line.trimEnd())));
    // Pros and cons that do not fit beside the row go below it, wrapped, never cut.
    if (r.tagline.length > wTagline) out.push(...wrap(r.tagline, width - 4).map((l) => s.dim(`    ${l}`)));
  }
  if (rows.some((r) => !r.fits && !r.blocked)) out.push(s.dim('  - does not fit this tier (shown for comparison)'));
  if (rows.some((r) => r.blocked)) out.push(s.dim('  - cannot run this stack: a service or database has no size there (see its warnings)'));
  return out;
}

/** The comparison on a narrow terminal: each platform on its own lines, wrapped at words. */
function stackedComparison(rows: ReturnType<typeof comparisonRows>, width: number, s: Style): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const mark = r.cheapest ? s.green('* ') : r.fits ? '  ' : s.dim('- ');
    const head = wrap(r.platform, width - 2);
    out.push(...head.map((l, i) => (i === 0 ? mark : '  ') + (r.fits ? s.bold(l) : s.dim(l))));
    out.push(...wrap(`${r.monthly} a month · ${r.effort} · multi-user: ${r.multiUser} · backups: ${r.backups}`, width - 4).map((l) => `    ${l}`));
    out.push(...wrap(r.tagline, width - 4).map((l) => s.dim(`    ${l}`)));
  }
  if (rows.some((r) => !r.fits && !r.blocked)) out.push(...wrap('- does not fit this tier (shown for comparison)', width - 2).map((l) => s.dim(`  ${l}`)));
  if (rows.some((r) => r.blocked))
    out.push(...wrap('- cannot run this stack: a service or database has no size there (see its warnings)', width - 2).map((l) => s.dim(`  ${l}`)));
  return out;
}

function tierTable(report: Report, width: number, s: Style): string[] {
  const tiers = report.tiers ?? [];
  if (width < NARROW) {
    return tiers.flatMap((t) => [
      ...wrap(t.label, width - 2).map((l) => `  ${s.bold(l)}`),
      ...wrap(`${monthlyRange(t)} a month · ${hours(t.effortHours)} · multi-user: ${yesNo(t.multiUserReady)}`, width - 4).map((l) => `    ${l}`),
      ...indent(`${t.summary} Backups: ${t.backups}.`, width, '    ').map(s.dim),
    ]);
  }
  const wTier = 20;
  const wRange = Math.max(9, ...tiers.map((t) => monthlyRange(t).length)) + 2;
  const wEffort = 10;
  const wMulti = 6;
  const room = width - 2 - wTier - wRange - wEffort - wMulti - 2;
  // Narrow terminals: backups move from their own column to the line under the tier.
  const wBackups = room >= Math.max(...tiers.map((t) => t.backups.length)) ? room : 0;
  const out = [
    s.bold(
      `  ${fit('Tier', wTier)}${fit('Monthly', wRange, 'right')} ${fit('Effort', wEffort, 'right')} ${fit('Multi', wMulti)}${wBackups ? 'Backups' : ''}`.trimEnd(),
    ),
  ];
  for (const t of tiers) {
    out.push(
      `  ${fit(t.label, wTier)}${fit(monthlyRange(t), wRange, 'right')} ${fit(hours(t.effortHours), wEffort, 'right')} ${fit(yesNo(t.multiUserReady), wMulti)}${wBackups ? t.backups : ''}`.trimEnd(),
    );
    out.push(...indent(wBackups ? t.summary : `${t.summary} Backups: ${t.backups}.`, width, '    ').map(s.dim));
  }
  return out;
}

function scalingTable(report: Report, width: number, s: Style, hosted: (platform: PlatformId) => boolean): string[] {
  const points = report.scaling ?? [];
  const platforms = report.estimates.map((e) => ({ id: e.platform, name: e.name }));
  const amounts = points.flatMap((p) => p.estimates.map((e) => usd(e.monthlyTotal).length + 2));
  const colW = Math.max(10, ...amounts, Math.min(14, Math.floor((width - 12) / Math.max(1, platforms.length))));
  if (width < NARROW || 12 + colW * platforms.length > width) {
    // Too narrow for a column per platform: one wrapped line per user count.
    const out = [s.bold('Cost by monthly active users')];
    for (const p of points) {
      const cells = platforms.map((pl) => `${short(pl.name)} ${usd(p.estimates.find((x) => x.platform === pl.id)?.monthlyTotal ?? 0)}`);
      out.push(...indent(`${groupThousands(p.users)} users: ${cells.join(', ')}`, width, '  '));
    }
    return out;
  }
  const out = [s.bold('Cost by monthly active users')];
  out.push(s.bold(`  ${fit('Users', 10)}${platforms.map((p) => fit(short(p.name), colW, 'right')).join('')}`.trimEnd()));
  for (const p of points) {
    const cells = platforms.map((pl) => {
      const e = p.estimates.find((x) => x.platform === pl.id);
      return fit(e ? usd(e.monthlyTotal) : '', colW, 'right');
    });
    out.push(`  ${fit(groupThousands(p.users), 10)}${cells.join('')}`.trimEnd());
  }
  const first = points[0]?.estimates.find((e) => hosted(e.platform));
  if (first) {
    const inst = points.map((p) => p.estimates.find((e) => hosted(e.platform))?.apiInstances ?? 0).join(' / ');
    const auth = points.map((p) => usd(p.estimates.find((e) => hosted(e.platform))?.authMonthly ?? 0)).join(' / ');
    out.push(...indent(`API instances: ${inst}; auth provider: ${auth} a month`, width, '  ').map(s.dim));
  }
  for (const pl of platforms) {
    const nodes = points.map((p) => p.estimates.find((e) => e.platform === pl.id)?.nodes);
    if (nodes.every((n) => n !== undefined)) out.push(s.dim(`  ${short(pl.name)} nodes: ${nodes.join(' / ')}`));
  }
  return out;
}

function short(name: string): string {
  return name.replace(' App Platform', '').replace(' (your machine)', '');
}

function estimateDetail(e: EstimateJson, width: number, s: Style, withTier: boolean, wide: boolean, hosted: boolean): string[] {
  const out: string[] = [];
  const title = `${platformLabel(e)}${withTier ? `, ${e.tier}` : ''}: ${usd(e.monthlyTotal)} a month, effort ${hours(e.effortHours)}${e.cheapest ? '  (cheapest)' : ''}`;
  out.push(...wrap(title, width).map(s.bold));
  out.push(...wrap(e.tagline, width - 2).map((l) => s.dim(`  ${l}`)));
  // Columns as wide as their longest figure: amounts, quantities and units are never cut.
  const wQty = Math.max(10, ...e.lineItems.map((i) => quantity(i.quantity).length + 1));
  const wUnit = Math.max(11, ...e.lineItems.map((i) => i.unit.length + 1));
  const wPrice = Math.max(11, ...e.lineItems.map((i) => unitPrice(i.unitPrice).length + 1));
  const wMonthly = Math.max(11, usd(e.monthlyTotal).length + 1, ...e.lineItems.map((i) => usd(i.monthly).length + 1));
  // Two columns stay free for a confidence mark after the amount.
  const room = width - 2 - wQty - wUnit - wPrice - wMonthly - 5;
  const longest = Math.max(9, ...e.lineItems.map((i) => [...i.name].length + 1));
  // --wide: the name column holds the longest name, however wide the line gets.
  const wName = wide ? longest : Math.max(20, Math.min(44, room));
  if (!wide && (room < 20 || width < NARROW)) return [...out, ...stackedItems(e, width, s), ...detailNotes(e, width, s, hosted)];
  out.push(
    s.bold(
      `  ${fit('Line item', wName)}${fit('Quantity', wQty, 'right')} ${fit('Unit', wUnit)}${fit('Unit price', wPrice, 'right')} ${fit('Monthly', wMonthly, 'right')}`,
    ),
  );
  for (const i of e.lineItems) {
    const mark = confidenceMark(i.confidence);
    const figures = `${fit(quantity(i.quantity), wQty, 'right')} ${fit(i.unit, wUnit)}${fit(unitPrice(i.unitPrice), wPrice, 'right')} ${fit(usd(i.monthly), wMonthly, 'right')}${mark ? ` ${s.yellow(mark)}` : ''}`;
    // A name longer than its column goes on its own line(s), wrapped at words, never cut.
    if ([...i.name].length <= wName) out.push(`  ${fit(i.name, wName)}${figures}`);
    else out.push(...wrap(i.name, width - 2).map((l) => `  ${l}`), `  ${' '.repeat(wName)}${figures}`);
    if (i.note) out.push(...wrap(i.note, width - 4).map((l) => s.dim(`    ${l}`)));
  }
  out.push(s.bold(`  ${fit('Total', wName + wQty + wUnit + wPrice + 2)}${fit(usd(e.monthlyTotal), wMonthly, 'right')}`));
  const legend = confidenceLegend(e.lineItems);
  if (legend) out.push(...indent(legend, width, '  ').map(s.dim));
  return [...out, ...detailNotes(e, width, s, hosted)];
}

/** Line items on a narrow terminal: the name on its own line(s), the arithmetic below it. */
function stackedItems(e: EstimateJson, width: number, s: Style): string[] {
  const out: string[] = [];
  for (const i of e.lineItems) {
    out.push(...wrap(i.name, width - 2).map((l) => `  ${l}`));
    const mark = confidenceMark(i.confidence);
    out.push(
      ...wrap(`${quantity(i.quantity)} ${i.unit} × ${unitPrice(i.unitPrice)} = ${usd(i.monthly)}${mark ? ` ${mark}` : ''}`, width - 4).map((l) => `    ${l}`),
    );
    if (i.note) out.push(...wrap(i.note, width - 4).map((l) => s.dim(`    ${l}`)));
  }
  out.push(s.bold(`  Total ${usd(e.monthlyTotal)}`));
  return out;
}

/** Sizes, alternatives, warnings, assumptions, backups and effort under an estimate. */
function detailNotes(e: EstimateJson, width: number, s: Style, hosted: boolean): string[] {
  const out: string[] = [];
  // On the user's machine the sizes are memory limits, not sizes bought: the JSON keeps them, the text does not.
  if (e.sizing.length > 0 && hosted) {
    out.push('  Sizes:');
    for (const z of e.sizing)
      out.push(
        ...indent(`${z.service}: ${z.size}${z.instances > 1 ? ` × ${z.instances}` : ''}${sizedFromText(z.sizedFrom)}. ${sentence(z.reason)}`, width, '    '),
      );
  }
  if (e.alternatives.length > 0) {
    out.push('  Alternatives:');
    for (const a of e.alternatives) out.push(...indent(`${a.name}: ${usdDelta(a.monthlyDelta)} a month. ${a.caveat}`, width, '    '));
  }
  if (e.warnings.length > 0) out.push('  Warnings:', ...warningLines(e.warnings, width, s));
  out.push('  Assumptions:');
  for (const a of e.assumptions) out.push(...indent(a, width, '    - '));
  out.push(...indent(`Backups: ${e.backups}`, width, '  '));
  out.push(...indent(`Effort: ${e.effort.map((x) => `${x.name} ${hours(x)}`).join('; ')}`, width, '  '));
  return out;
}

type WarningJson = EstimateJson['warnings'][number];

const warningKey = (w: WarningJson) => `${w.code}\u0000${w.message}`;

/** The warnings (same code and text) that every one of two or more estimates carries. */
function commonWarnings(estimates: readonly EstimateJson[]): WarningJson[] {
  if (estimates.length < 2) return [];
  const [first, ...rest] = estimates;
  return first!.warnings.filter((w) => rest.every((e) => e.warnings.some((x) => warningKey(x) === warningKey(w))));
}

/** Warnings as marked, wrapped lines under a heading. */
function warningLines(warnings: readonly WarningJson[], width: number, s: Style): string[] {
  return warnings.flatMap((w) => {
    const mark = w.severity === 'error' ? s.red('!') : w.severity === 'warning' ? s.yellow('!') : s.dim('i');
    return wrap(`${w.message}${w.fix ? ` ${w.fix}` : ''}`, width - 6).map((l, k) => (k === 0 ? `  ${mark} ${l}` : `      ${l}`));
  });
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
