/**
 * `stackfare readiness --database-url URL`: reads the live schema (a READ ONLY transaction,
 * catalog queries only) and reports how far it is from multi-user: per table the user column,
 * nullability, index, foreign key, row-level security and policies; the SQL that closes the gap
 * (db/multi-user.sql with --write); and the effort. node-postgres loads only here.
 */
import { resolve } from 'node:path';
import type { Format, ParsedArgs } from '../args.js';
import { columnsOf, useColor, type AppDeps } from '../app.js';
import { analyzeReadiness, type ReadinessReport, type ReadinessTable } from '../core/readiness.js';
import { UsageError } from '../errors.js';
import { writeFiles } from '../io/write-files.js';
import type { PriceBook } from '../pricing/price-book.js';
import { fit, hours, wrap } from '../ui/format.js';
import { readCatalog } from '../db/catalog.js';
import { connect } from '../db/connect.js';
import { parsePgUrl } from '../db/url.js';

/** Where --write puts the SQL, relative to --out. */
export const READINESS_SQL_PATH = 'db/multi-user.sql';

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/** The user column from the flags, checked (default user_id). */
export function userColumnOf(args: ParsedArgs): string {
  const col = (args.flags['user-column'] as string | undefined) ?? 'user_id';
  if (!IDENT.test(col)) throw new UsageError(`--user-column: "${col}" is not a column name.`, 'For example: --user-column owner_id');
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
  if (args.positionals.length > 0) throw new UsageError(`readiness takes no arguments (got "${args.positionals[0]}").`, 'Give the database with --database-url URL.');
  const rawUrl = args.flags['database-url'] as string | undefined;
  if (!rawUrl) throw new UsageError('readiness needs --database-url.', 'For example: stackfare readiness --database-url postgresql://USER:PASSWORD@localhost:5432/reasoning_api');
  const userColumn = userColumnOf(args);
  const { loadPriceBook } = await import('../pricing/load-price-book.js');
  const book = await loadPriceBook(undefined, deps.readFile);
  const report = await readReadiness(rawUrl, userColumn, book);
  const format = (args.flags.format as Format | undefined) ?? 'table';
  let written: string | null = null;
  if (args.flags.write === true) {
    const outDir = resolve(deps.cwd, (args.flags.out as string | undefined) ?? '.');
    const [w] = await writeFiles([{ path: READINESS_SQL_PATH, contents: report.sql }], outDir, { force: args.flags.force === true, dryRun: false, cwd: deps.cwd });
    written = `${w!.status === 'unchanged' ? 'Unchanged' : w!.status === 'new' ? 'Wrote' : 'Overwrote'} ${READINESS_SQL_PATH}`;
  }
  if (format === 'json') {
    deps.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (written) deps.stderr.write(`${written}\n`);
  } else {
    const text = format === 'markdown' ? renderReadinessMarkdown(report) : renderReadinessText(report, columnsOf(deps.stdout, deps.env), useColor(deps.stdout, deps.env));
    deps.stdout.write(`${text}${written ? `\n${written}.\n` : `\nRun again with --write to write these changes to ${READINESS_SQL_PATH}.\n`}`);
  }
  return 0;
}

function flag(b: boolean | null): string {
  return b === null ? '-' : b ? 'yes' : 'no';
}

function statusOf(t: ReadinessTable): string {
  return t.status === 'owned' ? 'owned' : t.status === 'covered' ? `via ${t.coveredBy}` : 'decide';
}

/** Plain text: a row per table, then the changes and the effort with its reasoning. */
export function renderReadinessText(r: ReadinessReport, columns: number, color: boolean): string {
  const bold = (s: string) => (color ? `\u001b[1m${s}\u001b[22m` : s);
  const width = Math.max(60, Math.min(columns, 160));
  const nameW = Math.min(30, Math.max(5, ...r.tables.map((t) => `${t.schema}.${t.name}`.length)));
  const out: string[] = [bold(`Multi-user readiness of ${r.database} (PostgreSQL ${r.serverVersion}), user column ${r.userColumn}`), ''];
  out.push(`  ${fit('TABLE', nameW)}  ${fit('USER COL', 9)}${fit('NULLABLE', 9)}${fit('INDEXED', 8)}${fit('FK', 4)}${fit('RLS', 4)}${fit('POLICIES', 12)}STATUS`);
  for (const t of r.tables) {
    out.push(
      `  ${fit(`${t.schema}.${t.name}`, nameW)}  ${fit(t.userColumn ?? '-', 9)}${fit(flag(t.nullable), 9)}${fit(flag(t.indexed), 8)}${fit(t.foreignKey ? 'yes' : 'no', 4)}${fit(t.rls ? 'on' : 'off', 4)}${fit(t.policies.join(',') || '-', 12)}${statusOf(t)}`,
    );
  }
  if (r.tables.length === 0) out.push('  (no tables)');
  out.push('', bold('Changes'));
  const actions = r.tables.flatMap((t) => t.actions.map((a) => ({ t, a })));
  if (actions.length === 0) out.push('  none: every table is owned or covered, with row-level security and a policy.');
  for (const { t, a } of actions) {
    const lines = wrap(`${t.schema}.${t.name} (${a.kind}): ${a.why}`, width - 4);
    out.push(`  - ${lines[0] ?? ''}`, ...lines.slice(1).map((l) => `    ${l}`));
  }
  out.push('', bold(`Effort: ${hours(r.effortHours)}`));
  for (const line of r.reasoning) {
    const lines = wrap(line, width - 4);
    out.push(`  ${lines[0] ?? ''}`, ...lines.slice(1).map((l) => `  ${l}`));
  }
  return `${out.join('\n')}\n`;
}

/** Markdown: the same as tables to paste. */
export function renderReadinessMarkdown(r: ReadinessReport): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const out: string[] = [`## Multi-user readiness of \`${r.database}\``, '', `PostgreSQL ${r.serverVersion}; user column \`${r.userColumn}\`; policies read \`${r.setting}\`.`, ''];
  out.push('| Table | User column | Nullable | Indexed | Foreign key | RLS | Policies | Status |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const t of r.tables) {
    out.push(
      `| ${cell(`${t.schema}.${t.name}`)} | ${t.userColumn ?? '-'} | ${flag(t.nullable)} | ${flag(t.indexed)} | ${t.foreignKey ?? '-'} | ${t.rls ? 'on' : 'off'} | ${cell(t.policies.join(', ') || '-')} | ${cell(statusOf(t))} |`,
    );
  }
  out.push('', '### Changes', '');
  const actions = r.tables.flatMap((t) => t.actions.map((a) => ({ t, a })));
  if (actions.length === 0) out.push('None.');
  for (const { t, a } of actions) out.push(`- **${t.schema}.${t.name}** (${a.kind}): ${a.why}`);
  out.push('', `### Effort: ${hours(r.effortHours)}`, '', ...r.reasoning.map((l) => `- ${l}`), '');
  return `${out.join('\n')}\n`;
}
