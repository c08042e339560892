/**
 * The terminal comparison, drawn with Ink: one row per option with the same strings as the
 * plain table (both come from `comparisonRows`), a bar chart of monthly cost, for multi-user a
 * chart of cost against users, then warnings and the price book's date. It formats; it never
 * computes money. Below 60 columns (or when a row would not fit) each platform takes a few
 * lines instead of one: text wraps at words and no amount is ever cut.
 */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { groupThousands, plural, usd } from '../../core/number-format.js';
import type { EstimateJson, Report, ScalePointJson } from '../../core/report.js';
import { type ComparisonRow, comparisonRows, fit, measuredServices, textWidth, tierLabel, usersLabel, wrapItems, wrapLines } from '../format.js';

interface ComparisonProps {
  report: Report;
  /** Terminal width; the layout works from 40 columns up, stacking rows below 60. */
  columns: number;
  /** False under NO_COLOR or off a terminal: then no style at all, not even bold. */
  color: boolean;
  /** Cost at a few user counts, for the multi-user chart when the report has no scale of its own. */
  scaling?: readonly ScalePointJson[] | undefined;
  /** The estimate command, shell-quoted, that prices the same answers with every line item. */
  lineItems?: string | undefined;
}

type Tone = 'bold' | 'dim' | 'green' | 'cyan' | 'yellow' | 'red' | 'gray';

/** A run of text in one tone; plain when colour is off. */
function Span({ tone, color, children }: { tone?: Tone | undefined; color: boolean; children: ReactNode }) {
  if (!color || tone === undefined) return <Text>{children}</Text>;
  if (tone === 'bold') return <Text bold>{children}</Text>;
  if (tone === 'dim') return <Text dimColor>{children}</Text>;
  return <Text color={tone}>{children}</Text>;
}

/**
 * React keys from the items' own text: a repeated text gets its occurrence number, so each key is
 * unique and stays with the same text when lines are added or removed around it.
 */
function keyed<T>(items: readonly T[], text: (item: T) => string): { key: string; item: T }[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const t = text(item);
    const n = seen.get(t) ?? 0;
    seen.set(t, n + 1);
    return { key: `${t}#${n}`, item };
  });
}

/** One line made of spans. */
function Line({ parts, color }: { parts: readonly (readonly [string, Tone?])[]; color: boolean }) {
  return (
    <Text wrap="truncate-end">
      {keyed(parts, ([text, tone]) => `${tone ?? ''}:${text}`).map(({ key, item: [text, tone] }) => (
        <Span key={key} tone={tone} color={color}>
          {text}
        </Span>
      ))}
    </Text>
  );
}

/** Platform name without the product suffix, for chart labels. */
function shortName(name: string): string {
  return name.replace(/ App Platform$/, '').replace(/ \(your machine\)$/, '');
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A horizontal bar `width` cells long at most, in eighths of a cell; a sliver for any cost above 0. */
export function bar(value: number, max: number, width: number): string {
  if (value <= 0 || max <= 0 || width <= 0) return '';
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/** Below this width the table and the charts take a few lines per platform. */
const NARROW = 60;

/** `left` and `right` on one line, `right` flush with the width; or, when both do not fit, `left` wrapped and `right` below it. */
function besides(left: string, right: string, width: number, indent = 2): string[] {
  const room = width - textWidth(right) - 2;
  if (textWidth(left) <= room) return [`${fit(left, room)}  ${right}`];
  return [...wrapLines(left, width), ...wrapLines(right, width - indent).map((l) => `${' '.repeat(indent)}${l}`)];
}

function Table({ rows, width, color }: { rows: ComparisonRow[]; width: number; color: boolean }) {
  const wPlatform = Math.max('Platform'.length, ...rows.map((r) => textWidth(r.platform)));
  const wMonthly = Math.max('Monthly'.length, ...rows.map((r) => r.monthly.length));
  const wEffort = Math.max('Effort'.length, ...rows.map((r) => r.effort.length));
  const fixed = 2 + wPlatform + 2 + wMonthly + 2 + wEffort + 2;
  if (width < NARROW || fixed + 'Multi'.length > width) return <StackedTable rows={rows} width={width} color={color} />;
  const wBackupsFull = Math.max('Backups'.length, ...rows.map((r) => r.backups.length));
  // The long header only when the backups column still fits beside it.
  const multiHeader = width - fixed >= 'Multi-user'.length + 2 + wBackupsFull ? 'Multi-user' : 'Multi';
  const room = width - fixed - multiHeader.length - 2;
  // Backups only where they fit whole: a cut value would say something else.
  const wBackups = room >= wBackupsFull ? wBackupsFull : 0;
  const cells = (platform: string, monthly: string, effort: string, multi: string, backups: string) =>
    fit(platform, wPlatform) +
    '  ' +
    fit(monthly, wMonthly, 'right') +
    '  ' +
    fit(effort, wEffort, 'right') +
    '  ' +
    fit(multi, multiHeader.length) +
    (wBackups ? `  ${fit(backups, wBackups)}` : '');
  const header = `  ${cells('Platform', 'Monthly', 'Effort', multiHeader, 'Backups')}`.trimEnd();
  const ruleWidth = Math.max(header.length, ...rows.map((r) => 2 + textWidth(cells(r.platform, r.monthly, r.effort, r.multiUser, r.backups).trimEnd())));
  return (
    <Box flexDirection="column" marginTop={1}>
      <Line color={color} parts={[[header, 'bold']]} />
      <Line color={color} parts={[['─'.repeat(ruleWidth), 'dim']]} />
      {rows.map((r) => (
        <Line
          key={r.id}
          color={color}
          parts={[
            r.cheapest ? ['* ', 'green'] : r.fits ? ['  '] : ['- ', 'dim'],
            [cells(r.platform, r.monthly, r.effort, r.multiUser, r.backups).trimEnd(), r.cheapest ? 'green' : r.fits ? undefined : 'dim'],
          ]}
        />
      ))}
    </Box>
  );
}

/** The table on a narrow terminal: each platform's name, then its figures wrapped at words below it. */
function StackedTable({ rows, width, color }: { rows: ComparisonRow[]; width: number; color: boolean }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      {rows.map((r) => {
        const tone: Tone | undefined = r.cheapest ? 'green' : r.fits ? undefined : 'dim';
        const mark: readonly [string, Tone?] = r.cheapest ? ['* ', 'green'] : r.fits ? ['  '] : ['- ', 'dim'];
        const name = wrapLines(r.platform, width - 2);
        const figures = wrapItems([`${r.monthly} a month`, r.effort, `multi-user: ${r.multiUser}`, `backups: ${r.backups}`], width - 4);
        return (
          <Box key={r.id} flexDirection="column">
            {keyed(name, (l) => l).map(({ key, item: l }, i) => (
              <Line key={`n${key}`} color={color} parts={[i === 0 ? mark : ['  '], [l, r.fits ? 'bold' : tone]]} />
            ))}
            {keyed(figures, (l) => l).map(({ key, item: l }) => (
              <Line key={`f${key}`} color={color} parts={[[`    ${l}`, tone]]} />
            ))}
          </Box>
        );
      })}
    </Box>
  );
}

function CostChart({ estimates, width, color }: { estimates: readonly EstimateJson[]; width: number; color: boolean }) {
  const labels = estimates.map((e) => shortName(e.name));
  const amounts = estimates.map((e) => usd(e.monthlyTotal));
  const wLabel = Math.max(...labels.map((l) => textWidth(l)));
  const wAmount = Math.max(...amounts.map((a) => a.length));
  const wBar = width - wLabel - wAmount - 4;
  const max = Math.max(0, ...estimates.map((e) => e.monthlyTotal));
  const tone = (e: EstimateJson): Tone => (e.cheapest ? 'green' : e.fitsTier ? 'cyan' : 'gray');
  if (width < NARROW || wBar < 10) {
    // Narrow: the name and the amount on one line, the bar below them across the width.
    return (
      <Box flexDirection="column" marginTop={1}>
        <Line color={color} parts={[['Monthly cost by platform', 'bold']]} />
        {estimates.map((e, i) => (
          <Box key={e.platform} flexDirection="column">
            {keyed(besides(labels[i]!, fit(amounts[i]!, wAmount, 'right'), width), (l) => l).map(({ key, item: l }) => (
              <Line key={key} color={color} parts={[[l]]} />
            ))}
            <Line color={color} parts={[['  '], [bar(e.monthlyTotal, max, width - 2), tone(e)]]} />
          </Box>
        ))}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" marginTop={1}>
      <Line color={color} parts={[['Monthly cost by platform', 'bold']]} />
      {estimates.map((e, i) => (
        <Line
          key={e.platform}
          color={color}
          parts={[[`${fit(labels[i]!, wLabel)}  `], [fit(bar(e.monthlyTotal, max, wBar), wBar), tone(e)], [`  ${fit(amounts[i]!, wAmount, 'right')}`]]}
        />
      ))}
    </Box>
  );
}

/** Cost of the cheapest option that fits at each user count. */
function UsersChart({ report, points, width, color }: { report: Report; points: readonly ScalePointJson[]; width: number; color: boolean }) {
  const names = new Map(report.estimates.map((e) => [e.platform, shortName(e.name)]));
  const best = points.map((p) => {
    const fitting = p.estimates.filter((e) => e.fitsTier);
    const pool = fitting.length > 0 ? fitting : p.estimates;
    return pool.reduce((a, e) => (e.monthlyTotal < a.monthlyTotal ? e : a), pool[0]!);
  });
  const labels = points.map((p) => groupThousands(p.users));
  const amounts = best.map((b) => `${usd(b.monthlyTotal)} ${names.get(b.platform) ?? b.platform}`);
  const wLabel = Math.max(...labels.map((l) => l.length));
  const wAmount = Math.max(...amounts.map((a) => textWidth(a)));
  const wBar = width - wLabel - wAmount - 4;
  const max = Math.max(0, ...best.map((b) => b.monthlyTotal));
  const title = wrapLines('Cost by monthly active users (cheapest that fits)', width);
  if (width < NARROW || wBar < 8) {
    // Narrow: the user count and the cost on one line, the bar below them across the width.
    return (
      <Box flexDirection="column" marginTop={1}>
        {keyed(title, (l) => l).map(({ key, item: l }) => (
          <Line key={`t${key}`} color={color} parts={[[l, 'bold']]} />
        ))}
        {points.map((p, i) => (
          <Box key={p.users} flexDirection="column">
            {keyed(besides(`${labels[i]!} users`, amounts[i]!, width), (l) => l).map(({ key, item: l }) => (
              <Line key={key} color={color} parts={[[l]]} />
            ))}
            <Line color={color} parts={[['  '], [bar(best[i]!.monthlyTotal, max, width - 2), 'cyan']]} />
          </Box>
        ))}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" marginTop={1}>
      <Line
        color={color}
        parts={[
          ['Cost by monthly active users', 'bold'],
          [' (cheapest that fits)', 'dim'],
        ]}
      />
      {points.map((p, i) => (
        <Line
          key={p.users}
          color={color}
          parts={[[`${fit(labels[i]!, wLabel, 'right')}  `], [fit(bar(best[i]!.monthlyTotal, max, wBar), wBar), 'cyan'], [`  ${amounts[i]}`]]}
        />
      ))}
    </Box>
  );
}

interface WarningGroup {
  severity: 'warning' | 'error';
  text: string;
  platforms: string[];
}

/** Warnings once each, with the platforms they concern ("all" when every one). */
export function groupWarnings(estimates: readonly EstimateJson[]): WarningGroup[] {
  const groups = new Map<string, WarningGroup>();
  for (const e of estimates) {
    for (const w of e.warnings) {
      if (w.severity === 'info') continue;
      const text = `${w.message}${w.fix ? ` ${w.fix}` : ''}`;
      const g = groups.get(text) ?? { severity: w.severity, text, platforms: [] };
      if (!g.platforms.includes(e.name)) g.platforms.push(e.name);
      groups.set(text, g);
    }
  }
  const all = new Set(estimates.map((e) => e.name)).size;
  return [...groups.values()].map((g) => ({ ...g, platforms: g.platforms.length === all && all > 1 ? ['all'] : g.platforms.map(shortName) }));
}

const MAX_WARNINGS = 6;

function Warnings({ estimates, width, color, command }: { estimates: readonly EstimateJson[]; width: number; color: boolean; command: string }) {
  const groups = groupWarnings(estimates);
  if (groups.length === 0) return null;
  const shown = groups.slice(0, MAX_WARNINGS);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Line color={color} parts={[['Warnings', 'bold']]} />
      {keyed(shown, (g) => `${g.severity}:${g.platforms.join(', ')}: ${g.text}`).map(({ key: group, item: g }) =>
        keyed(wrapLines(`${g.platforms.join(', ')}: ${g.text}`, width - 2), (l) => l).map(({ key, item: l }, k) => (
          <Line key={`${group}-${key}`} color={color} parts={k === 0 ? [['! ', g.severity === 'error' ? 'red' : 'yellow'], [l]] : [[`  ${l}`]]} />
        )),
      )}
      {groups.length > shown.length
        ? keyed(wrapLines(`and ${groups.length - shown.length} more: ${command} lists them all`, width - 2), (l) => l).map(({ key, item: l }) => (
            <Line key={`more${key}`} color={color} parts={[[`  ${l}`, 'dim']]} />
          ))
        : null}
    </Box>
  );
}

/** The comparison of a report at a fixed width. */
export function Comparison({ report, columns, color, scaling, lineItems = 'stackfare estimate' }: ComparisonProps) {
  const width = Math.max(40, Math.min(columns, 120));
  const rows = comparisonRows(report.estimates);
  const st = report.stack;
  const points = report.scaling ?? scaling;
  const cheapest = report.estimates.find((e) => e.cheapest);
  const header = wrapLines(`${st.name}: ${tierLabel(report)}, ${st.regionLabel}`, width);
  const measured = measuredServices(report);
  const sub = wrapLines(
    `${plural(st.services.length, 'service')}, ${st.postgres.instances === 0 ? 'no Postgres' : `${st.postgres.layout} Postgres`}, ${usersLabel(report)}` +
      (measured.length > 0 ? `; sized from measurement: ${measured.join(', ')}` : ''),
    width,
  );
  const legend = wrapItems(
    [
      cheapest ? `* cheapest that fits: ${cheapest.name}` : 'no option fits this tier',
      ...(rows.some((r) => !r.fits && !r.blocked) ? ['- does not fit this tier'] : []),
      ...(rows.some((r) => r.blocked) ? ['- cannot run this stack'] : []),
    ],
    width,
  );
  return (
    <Box flexDirection="column" width={width}>
      {keyed(header, (l) => l).map(({ key, item: l }) => (
        <Line key={`h${key}`} color={color} parts={[[l, 'bold']]} />
      ))}
      {keyed(sub, (l) => l).map(({ key, item: l }) => (
        <Line key={`s${key}`} color={color} parts={[[l, 'dim']]} />
      ))}
      <Table rows={rows} width={width} color={color} />
      {keyed(legend, (l) => l).map(({ key, item: l }) => (
        <Line key={`l${key}`} color={color} parts={[[l, 'dim']]} />
      ))}
      <CostChart estimates={report.estimates} width={width} color={color} />
      {report.tier === 'multi-user' && points && points.length > 1 ? <UsersChart report={report} points={points} width={width} color={color} /> : null}
      <Warnings estimates={report.estimates} width={width} color={color} command={lineItems} />
      <Box marginTop={1} flexDirection="column">
        {keyed(wrapLines(`Prices in USD a month before tax, from the price book of ${report.pricingAsOf}. Line items: ${lineItems}`, width), (l) => l).map(
          ({ key, item: l }) => (
            <Line key={`f${key}`} color={color} parts={[[l, 'dim']]} />
          ),
        )}
      </Box>
    </Box>
  );
}
