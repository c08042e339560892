/**
 * `stackfare readiness --database-url URL`: reads the live schema (a READ ONLY transaction,
 * catalog queries only) and reports how far it is from multi-user: per table the user column,
 * nullability, index, foreign key, row-level security and policies; the SQL that closes the gap
 * (db/multi-user.sql with --write); and the effort. node-postgres loads only here.
 */
import { resolve } from 'node:path';
import type { Format, ParsedArgs } from '../args.js';
import { hours } from '../core/number-format.js';
import { analyzeReadiness } from '../core/readiness.js';
import { oneLine } from '../core/readiness-sql.js';
import type { ReadinessReport, ReadinessTable } from '../core/readiness-types.js';
import { readCatalog } from '../db/catalog.js';
import { connect } from '../db/connect.js';
import { parsePgUrl } from '../db/url.js';
import { UsageError } from '../errors.js';
import { writeFiles } from '../io/write-files.js';
import type { PriceBook } from '../pricing/price-book.js';
import { wrapLines } from '../ui/format.js';
import { renderRecords, wrapText } from '../ui/print/records.js';
import { type AppDeps, columnsOf, useColor } from './context.js';

/** Where --write puts the SQL, relative to --out. */
const READINESS_SQL_PATH = 'db/multi-user.sql';

/** The user column from the flags, checked (default user_id): any name PostgreSQL accepts (the SQL quotes it), at most 63 bytes. */
export function userColumnOf(args: ParsedArgs): string {
  const col = (args.flags['user-column'] as string | undefined) ?? 'user_id';
  // eslint-disable-next-line no-control-regex
  if (col === '' || Buffer.byteLength(col, 'utf8') > 63 || /\u0000/.test(col)) {
    throw new UsageError(`--user-column: "${oneLine(col)}" is not a column name (1 to 63 bytes).`, 'For example: --user-column owner_id');
  }
  return col;
}

/** Connects, reads the catalog read-only and analyses it against the book's database effort. */
export async function readReadiness(rawUrl: string, userColumn: string, book: PriceBook): Promise<ReadinessReport> {
  const url = parsePgUrl(rawUrl, '--database-url');
  const conn = await connect(url, '--database-url');
  try {
    const snapshot = await readCatalog(conn.client);
    const base = book.effort.multiUser.dbIsolation;
    return analyzeReadiness(snapshot, { userColumn, base: { min: base.min, max: base.max }, database: url.masked });
  } finally {
    await conn.close();
  }
}

/** Runs the readiness command; returns the exit code. */
export async function readinessCommand(args: ParsedArgs, deps: AppDeps): Promise<number> {
  if (args.positionals.length > 0)
    throw new UsageError(`readiness takes no arguments (got "${args.positionals[0]}").`, 'Give the database with --database-url URL.');
  const rawUrl = args.flags['database-url'] as string | undefined;
  if (!rawUrl)
    throw new UsageError(
      'readiness needs --database-url.',
      'For example: stackfare readiness --database-url postgresql://USER:PASSWORD@localhost:5432/reasoning_api',
    );
  const userColumn = userColumnOf(args);
  const { loadPriceBook } = await import('../io/load-price-book.js');
  const book = await loadPriceBook(undefined, deps.readFile);
  const report = await readReadiness(rawUrl, userColumn, book);
  const format = (args.flags.format as Format | undefined) ?? 'table';
  let written: string | null = null;
  if (args.flags.write === true) {
    const outDir = resolve(deps.cwd, (args.flags.out as string | undefined) ?? '.');
    const [w] = await writeFiles([{ path: READINESS_SQL_PATH, contents: report.sql }], outDir, {
      force: args.flags.force === true,
      dryRun: false,
      cwd: deps.cwd,
    });
    written = `${w!.status === 'unchanged' ? 'Unchanged' : w!.status === 'new' ? 'Wrote' : 'Overwrote'} ${READINESS_SQL_PATH}`;
  }
  if (format === 'json') {
    deps.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (written) deps.stderr.write(`${written}\n`);
  } else {
    const text =
      format === 'markdown' ? renderReadinessMarkdown(report) : renderReadinessText(report, columnsOf(deps.stdout, deps.env), useColor(deps.stdout, deps.env));
    deps.stdout.write(`${text}${written ? `\n${written}.\n` : `\nRun again with --write to write these changes to ${READINESS_SQL_PATH}.\n`}`);
  }
  return 0;
}

function flag(b: boolean | null): string {
  return b === null ? '-' : b ? 'yes' : 'no';
}

/** A name as the terminal shows it: control characters escaped, so a table name cannot move the cursor or fake a line. */
const show = (s: string) => oneLine(s);

function statusOf(t: ReadinessTable): string {
  const s = t.status === 'owned' ? 'owned' : t.status === 'covered' ? `via ${t.coveredBy}` : 'decide';
  return t.partitionOf ? `${s}, partition of ${t.partitionOf}` : s;
}

/** What the Changes section says when there is nothing to change, consistent with the effort's reasoning. */
function noChanges(r: ReadinessReport): string {
  if (r.tables.every((t) => t.status === 'decide')) {
    return r.tables.length === 0
      ? `none to generate: the database has no tables yet, so the schema part of the work is still open (create the tables with ${r.userColumn}).`
      : `none to generate: no table carries ${r.userColumn} yet, so the schema part of the work is still open.`;
  }
  return 'none: every table is owned or covered, with row-level security and a policy that isolates.';
}

/** The table's columns: each cell padded and followed by a space, so a long value never runs into the next; one block per table when narrow. */
function tableRows(r: ReadinessReport, width: number): string[] {
  const cells = (t: ReadinessTable) =>
    [
      `${t.schema}.${t.name}`,
      t.userColumn ?? '-',
      flag(t.nullable),
      flag(t.indexed),
      t.foreignKey ? 'yes' : 'no',
      t.rls ? 'on' : 'off',
      t.policies.join(',') || '-',
      statusOf(t),
    ].map(show);
  const caps = [30, 12, 8, 7, 3, 3, 24, Number.POSITIVE_INFINITY];
  const columns = ['TABLE', 'USER COL', 'NULLABLE', 'INDEXED', 'FK', 'RLS', 'POLICIES', 'STATUS'].map((header, n) => ({ header, cap: caps[n]! }));
  return renderRecords(columns, r.tables.map(cells), width, { cut: true });
}

/** SQL to read, indented and wrapped at spaces (a word wider than the line is broken with ↩; the file --write writes is whole). */
function sqlLines(sql: readonly string[], width: number): string[] {
  return sql.flatMap((l) => wrapLines(l, width - 4).map((w) => `    ${w}`));
}

/** Plain text: a row per table, the views, then the changes, how to run them and the effort with its reasoning. */
export function renderReadinessText(r: ReadinessReport, columns: number, color: boolean): string {
  const bold = (s: string) => (color ? `\u001b[1m${s}\u001b[22m` : s);
  const width = Math.max(20, Math.min(columns, 160));
  const para = (text: string, first: string, rest: string) => {
    const lines = wrapText(show(text), width - rest.length);
    return [`${first}${lines[0] ?? ''}`, ...lines.slice(1).map((l) => `${rest}${l}`)];
  };
  const heading = (text: string) => wrapText(show(text), width).map(bold);
  const out: string[] = [...heading(`Multi-user readiness of ${r.database} (PostgreSQL ${r.serverVersion}), user column ${r.userColumn}`), ''];
  out.push(...tableRows(r, width));
  if (r.tables.length === 0) out.push('  (no tables)');
  if (r.views.length > 0) {
    out.push('', ...heading('Views over owned rows'));
    for (const v of r.views) out.push(...para(`${v.schema}.${v.name} (${v.kind}, ${v.status}): reads ${v.reads.join(', ')}`, '  - ', '    '));
  }
  out.push('', bold('Changes'));
  const actions = [...r.tables, ...r.views].flatMap((t) => t.actions.map((a) => ({ t, a })));
  if (actions.length === 0) out.push(...para(noChanges(r), '  ', '  '));
  for (const { t, a } of actions) out.push(...para(`${t.schema}.${t.name} (${a.kind}): ${a.why}`, '  - ', '    '));
  out.push('', ...heading('Setting the user, and a role that may dump'));
  out.push(...para(r.appSetting.why, '  ', '  '), ...sqlLines(r.appSetting.sql, width));
  out.push(...para(r.maintenanceRole.why, '  ', '  '), ...sqlLines(r.maintenanceRole.sql, width));
  out.push('', bold(`Effort: ${hours(r.effortHours)}`));
  for (const line of r.reasoning) out.push(...para(line, '  ', '  '));
  return `${out.join('\n')}\n`;
}

/** Markdown: the same as tables to paste. */
function renderReadinessMarkdown(r: ReadinessReport): string {
  const cell = (s: string) => show(s).replace(/\|/g, '\\|');
  const out: string[] = [
    `## Multi-user readiness of \`${show(r.database)}\``,
    '',
    `PostgreSQL ${r.serverVersion}; user column \`${show(r.userColumn)}\`; policies read \`${r.setting}\`.`,
    '',
  ];
  out.push('| Table | User column | Nullable | Indexed | Foreign key | RLS | Policies | Status |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const t of r.tables) {
    out.push(
      `| ${cell(`${t.schema}.${t.name}`)} | ${cell(t.userColumn ?? '-')} | ${flag(t.nullable)} | ${flag(t.indexed)} | ${cell(t.foreignKey ?? '-')} | ${t.rls ? 'on' : 'off'} | ${cell(t.policies.join(', ') || '-')} | ${cell(statusOf(t))} |`,
    );
  }
  if (r.views.length > 0) {
    out.push('', '### Views over owned rows', '', '| View | Kind | Reads | Status |', '| --- | --- | --- | --- |');
    for (const v of r.views) out.push(`| ${cell(`${v.schema}.${v.name}`)} | ${v.kind} | ${cell(v.reads.join(', '))} | ${v.status} |`);
  }
  out.push('', '### Changes', '');
  const actions = [...r.tables, ...r.views].flatMap((t) => t.actions.map((a) => ({ t, a })));
  if (actions.length === 0) out.push(`None${noChanges(r).slice(4)}`);
  for (const { t, a } of actions) out.push(`- **${cell(`${t.schema}.${t.name}`)}** (${a.kind}): ${cell(a.why)}`);
  out.push(
    '',
    '### Setting the user, and a role that may dump',
    '',
    r.appSetting.why,
    '',
    '```sql',
    ...r.appSetting.sql,
    '```',
    '',
    r.maintenanceRole.why,
    '',
    '```sql',
    ...r.maintenanceRole.sql,
    '```',
  );
  out.push('', `### Effort: ${hours(r.effortHours)}`, '', ...r.reasoning.map((l) => `- ${cell(l)}`), '');
  return `${out.join('\n')}\n`;
}
