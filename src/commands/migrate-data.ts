/**
 * `stackfare migrate-data`: copies each database of the stack from where it lives now (URLs,
 * or the Postgres services of a compose file) to where the platform keeps it, with the user's
 * own pg_dump / pg_restore, then compares both sides (tables, sequences, large objects, objects).
 * Nothing is written to a target that already holds tables (without --force, which empties it
 * first), to the source's own database, before the plan is confirmed, or at all with --dry-run or
 * --verify; the restore is one transaction, so a failure leaves the target as it was.
 */
import { randomBytes } from 'node:crypto';
import type { ParsedArgs } from '../args.js';
import { extraDifferences, pairDatabases, splitNamedUrl } from '../core/migration.js';
import { slugify, sqlIdentifier } from '../core/names.js';
import { groupThousands } from '../core/number-format.js';
import { buildStack } from '../core/stack.js';
import { listTables, type TableInfo } from '../db/catalog.js';
import { clearTarget, describeContents, type TargetContents, targetContents } from '../db/clear.js';
import { compareDatabases, compareFigures, type DatabaseComparison, readFigures, type SideFigures } from '../db/compare.js';
import { CopyFailure, pipeDumpToRestore, type ToolCommand } from '../db/copy.js';
import { type ComposeEndpoint, composeEndpoint, type Endpoint, requireComposePlugin, type UrlEndpoint, urlEndpoint } from '../db/endpoints.js';
import { type PassFiles, passFiles } from '../db/passfile.js';
import { toolFor } from '../db/tools.js';
import { maskUrl, type PgUrl, parsePgUrl, redact } from '../db/url.js';
import { CancelledError, UsageError, UserError } from '../errors.js';
import { fit } from '../ui/format.js';
import { type AppDeps, canRedraw, loadContext } from './context.js';

const DUMP_FLAGS = ['--format=custom', '--no-owner', '--no-acl', '--verbose'];
const RESTORE_FLAGS = ['--no-owner', '--no-acl', '--exit-on-error', '--single-transaction', '--verbose'];

/** Environment variables that hold NAME=URL lines, so passwords stay off stackfare's own command line. */
const URL_ENV = { from: 'STACKFARE_FROM_URL', to: 'STACKFARE_TO_URL' } as const;

interface Pair {
  name: string;
  source: UrlEndpoint | ComposeEndpoint;
  target: UrlEndpoint;
  sourceTables: TableInfo[];
  targetTables: TableInfo[];
  /** With --force: what the target holds, dropped before the restore. */
  contents?: TargetContents;
  /** The source's figures, read during the copy in the snapshot pg_dump dumped. */
  sourceFigures?: SideFigures;
}

/** 1.2 MB style sizes. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/**
 * NAME=URL pairs from the flag and from its environment variable (one per line there). A value
 * that is not NAME=URL is never echoed whole: it may be a bare URL with its password.
 */
function parsePairs(raw: string[] | undefined, flag: '--from' | '--to', envValue: string | undefined): { name: string; url: string; where: string }[] {
  const variable = flag === '--from' ? URL_ENV.from : URL_ENV.to;
  const fromEnv = (envValue ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const entries = [...(raw ?? []).map((r) => ({ r, where: flag })), ...fromEnv.map((r) => ({ r, where: variable }))];
  return entries.map(({ r, where }) => {
    const pair = splitNamedUrl(r);
    if (!pair?.name || !pair.url || /[\s:/@]/.test(pair.name)) {
      throw new UsageError(
        `${where} expects NAME=URL (a database name of the stack, =, then its URL); the value given is not of that form.`,
        `For example: ${flag} reasoning_api=postgresql://USER:PASSWORD@HOST:5432/DATABASE (or a line "reasoning_api=URL" in ${variable}).`,
      );
    }
    return { ...pair, where };
  });
}

/** The command line, checked: sources, targets and modes. */
interface Options {
  fromCompose: string | undefined;
  froms: { name: string; url: string; where: string }[];
  tos: { name: string; url: string; where: string }[];
  dryRun: boolean;
  force: boolean;
  verify: boolean;
  yes: boolean;
}

function readOptions(args: ParsedArgs, deps: AppDeps): Options {
  if (args.positionals.length > 0)
    throw new UsageError(
      `migrate-data takes no arguments (got "${maskUrl(args.positionals[0]!)}").`,
      'Give the databases with --from NAME=URL (or --from-compose FILE) and --to NAME=URL.',
    );
  const fromCompose = args.flags['from-compose'] as string | undefined;
  const froms = parsePairs(args.flags.from as string[] | undefined, '--from', deps.env[URL_ENV.from]);
  const tos = parsePairs(args.flags.to as string[] | undefined, '--to', deps.env[URL_ENV.to]);
  if (fromCompose && froms.length > 0) throw new UsageError(`Give either --from-compose FILE or --from NAME=URL (or ${URL_ENV.from}), not both.`);
  if (!fromCompose && froms.length === 0)
    throw new UsageError(`migrate-data needs a source: --from NAME=URL (repeatable), ${URL_ENV.from}, or --from-compose FILE.`);
  if (tos.length === 0)
    throw new UsageError(
      `migrate-data needs a target: --to NAME=URL (repeatable) or ${URL_ENV.to}, the database URL the platform gives (DEPLOY.md says where).`,
    );
  const o: Options = {
    fromCompose,
    froms,
    tos,
    dryRun: args.flags['dry-run'] === true,
    force: args.flags.force === true,
    verify: args.flags.verify === true,
    yes: args.flags.yes === true,
  };
  if (o.verify && (o.force || o.dryRun)) throw new UsageError('--verify only compares: it takes neither --force nor --dry-run.');
  const interactive = deps.stdin.isTTY === true && deps.stdout.isTTY === true;
  if (!o.dryRun && !o.verify && !o.yes && !interactive) {
    throw new UsageError(
      'migrate-data asks before copying, and this is not a terminal.',
      'Add --yes to copy without asking (or --dry-run to only see the plan, --verify to compare an existing copy).',
    );
  }
  return o;
}

/** The stack's database names and, for a compose source, the container (and database in it) of each. */
async function stackPairs(
  args: ParsedArgs,
  deps: AppDeps,
  o: Options,
): Promise<{ names: string[]; compose: Map<string, { service: string; database?: string }> }> {
  // The stack's databases name the pairs; a compose source is also the stack.
  const ctx = await loadContext(o.fromCompose ? { ...args, answers: { ...args.answers, compose: o.fromCompose } } : args, deps);
  const stack = buildStack(ctx.answers, ctx.source);
  const stackDatabases = stack.postgres.instances.flatMap((p) => p.databases);
  // Each stack database of a compose source: the container that holds it and, when a service's URL
  // names it, the database inside that container (the stack names it after that, not the container).
  const compose = new Map<string, { service: string; database?: string }>();
  if (o.fromCompose) {
    for (const c of ctx.source?.postgres ?? []) {
      for (const user of c.usedBy) {
        const ref = stack.services.find((s) => s.name === user)?.database;
        const inContainer = c.databases?.[user];
        if (ref && !compose.has(ref.database)) compose.set(ref.database, { service: c.name, ...(inContainer ? { database: inContainer } : {}) });
      }
    }
    // A container no service uses keeps a database named after it.
    for (const c of ctx.source?.postgres ?? []) {
      const own = sqlIdentifier(slugify(c.name));
      if (!compose.has(own) && !c.usedBy.some((u) => stack.services.some((s) => s.name === u && s.database))) compose.set(own, { service: c.name });
    }
  }
  const sourceNames = o.fromCompose ? o.tos.map((t) => t.name).filter((n) => compose.has(n)) : o.froms.map((f) => f.name);
  const pairing = pairDatabases(
    stackDatabases,
    sourceNames,
    o.tos.map((t) => t.name),
  );
  if (pairing.problems.length > 0) throw new UsageError(pairing.problems.join('\n'), `The stack's databases: ${stackDatabases.join(', ') || 'none'}.`);
  return { names: pairing.pairs, compose };
}

/** Same server, port and database: copying onto it would drop (with --force) or double the source. */
function sameDatabase(a: PgUrl, b: PgUrl): boolean {
  const host = (h: string) => (h === 'localhost' || h === '::1' ? '127.0.0.1' : h.toLowerCase());
  return host(a.host) === host(b.host) && a.port === b.port && a.database === b.database;
}

function refuseSame(name: string): never {
  throw new UsageError(
    `--from ${name}=URL and --to ${name}=URL name the same database: copying onto it would destroy the source (with --force) or copy it onto itself. Nothing was changed.`,
    'Check the --to URL: it must be the new database the platform gives.',
  );
}

/**
 * The source connection announces itself by a random application_name; a target connection on the
 * same server and database sees it in pg_stat_activity (another name or address for the same server).
 */
async function checkNotSame(p: Pair, mark: string): Promise<void> {
  if (p.source.kind !== 'url') return;
  if (sameDatabase(p.source.url, p.target.url)) refuseSame(p.name);
  const rows = await p.target.query<{ same: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = '${mark}' AND datname = current_database()) AS same`,
  );
  if (rows[0]?.same) refuseSame(p.name);
}

/** Runs migrate-data; returns the exit code (1 when anything differs). */
export async function migrateDataCommand(args: ParsedArgs, deps: AppDeps): Promise<number> {
  const o = readOptions(args, deps);
  const { names, compose } = await stackPairs(args, deps, o);
  // Parse every URL before connecting anywhere: a typo stops the run before any connection.
  const toUrls = new Map(o.tos.map((t) => [t.name, parsePgUrl(t.url, `${t.where} ${t.name}`)]));
  const fromUrls = new Map(o.froms.map((f) => [f.name, parsePgUrl(f.url, `${f.where} ${f.name}`)]));
  for (const n of names) if (fromUrls.has(n) && sameDatabase(fromUrls.get(n)!, toUrls.get(n)!)) refuseSame(n);
  const allUrls = [...toUrls.values(), ...fromUrls.values()];
  if (o.fromCompose !== undefined && compose.size > 0) await requireComposePlugin(deps.env);
  const pairs: Pair[] = [];
  const endpoints: Endpoint[] = [];
  const files = passFiles();
  try {
    for (const name of names) {
      const mark = `stackfare-source-${randomBytes(8).toString('hex')}`;
      const c = compose.get(name);
      const source = c ? composeEndpoint(name, o.fromCompose!, c.service, deps.env, c.database) : await urlEndpoint(name, fromUrls.get(name)!, '--from', mark);
      endpoints.push(source);
      const target = await urlEndpoint(name, toUrls.get(name)!, '--to');
      endpoints.push(target);
      const pair: Pair = { name, source, target, sourceTables: await listTables(source.query), targetTables: await listTables(target.query) };
      await checkNotSame(pair, mark);
      pairs.push(pair);
    }
    if (o.verify) return await compareAll(pairs, deps, allUrls, 'compare');

    // The tools, checked against the servers before anything is written.
    const tools = new Map<string, { dump?: string; restore: string }>();
    for (const p of pairs) {
      const major = await p.source.serverMajor();
      const dump = p.source.kind === 'url' ? await toolFor('pg_dump', major, deps.env, process.platform, `dump database ${p.name} from`) : undefined;
      // A dump is readable by a pg_restore at least as new as the pg_dump that wrote it.
      const restore = await toolFor('pg_restore', dump?.major ?? major, deps.env, process.platform, `restore the dump of ${p.name} (written for)`);
      tools.set(p.name, { ...(dump ? { dump: dump.path } : {}), restore: restore.path });
    }
    if (o.force) for (const p of pairs) p.contents = await targetContents(p.target.connection.client);

    printPlan(pairs, deps);
    const occupied = pairs.filter((p) => p.targetTables.length > 0);
    if (o.dryRun) {
      if (occupied.length > 0 && !o.force) deps.stdout.write(`\n${occupiedMessage(occupied)}\n`);
      deps.stdout.write('\nDry run: nothing copied.\n');
      return 0;
    }
    if (occupied.length > 0 && !o.force) {
      throw new UserError(`${occupiedMessage(occupied)} Nothing was copied.`, { hint: 'Check the URL. To replace what is there, re-run with --force.' });
    }
    if (!o.yes) await confirm(pairs, deps);

    for (const p of pairs) {
      if (p.contents && (p.contents.objects.length > 0 || p.contents.largeObjects > 0)) {
        deps.stderr.write(`Emptying the target of ${p.name} (--force): ${describeContents(p.contents, 3).join('; ')}\n`);
        await clearTarget(p.target.connection.client).catch((error: Error) => {
          throw new UserError(`--force could not empty the target of ${p.name} (${p.target.label}); nothing was dropped: ${redact(error.message, allUrls)}`, {
            hint: 'The user of the --to URL must own what the target holds (or drop it by hand), then run again.',
          });
        });
      }
      await copyAndReadSource(p, tools.get(p.name)!, files, deps, allUrls);
    }
    return await compareAll(pairs, deps, allUrls, 'copy');
  } finally {
    files.cleanup();
    await Promise.all(endpoints.map((e) => e.close()));
  }
}

function occupiedMessage(occupied: readonly Pair[]): string {
  return occupied
    .map(
      (p) =>
        `The target of ${p.name} (${p.target.label}) already holds ${p.targetTables.length} table(s): ${p.targetTables
          .slice(0, 5)
          .map((t) => `${t.schema}.${t.name}`)
          .join(', ')}${p.targetTables.length > 5 ? ', ...' : ''}.`,
    )
    .join('\n');
}

function printPlan(pairs: readonly Pair[], deps: AppDeps): void {
  const out: string[] = ['Copy plan:'];
  for (const p of pairs) {
    const total = p.sourceTables.reduce((a, t) => a + t.bytes, 0);
    out.push(
      '',
      `  ${p.name}: ${p.source.label} -> ${p.target.label} (${p.sourceTables.length} table${p.sourceTables.length === 1 ? '' : 's'}, ${bytes(total)})`,
    );
    const w = Math.min(40, Math.max(5, ...p.sourceTables.map((t) => `${t.schema}.${t.name}`.length)));
    out.push(`    ${fit('TABLE', w)}  ${fit('ROWS (EST.)', 12, 'right')}  ${fit('SIZE', 10, 'right')}`);
    for (const t of p.sourceTables)
      out.push(
        `    ${fit(`${t.schema}.${t.name}`, w)}  ${fit(t.rowEstimate === null ? 'unknown' : groupThousands(t.rowEstimate), 12, 'right')}  ${fit(bytes(t.bytes), 10, 'right')}`,
      );
    if (p.sourceTables.some((t) => t.rowEstimate === null)) out.push('    (unknown: never analysed; the comparison after the copy counts every row)');
    if (p.contents) {
      const lines = describeContents(p.contents);
      out.push(
        lines.length === 0 ? '    --force: the target is empty.' : `    --force drops everything the target holds first (extensions stay):`,
        ...lines.map((l) => `      ${l}`),
      );
    }
  }
  deps.stdout.write(`${out.join('\n')}\n`);
}

async function confirm(pairs: readonly Pair[], deps: AppDeps): Promise<void> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: deps.stdin, output: deps.stdout as NodeJS.WritableStream, terminal: true });
  const aborted = new Promise<never>((_, reject) => rl.once('SIGINT', () => reject(new CancelledError())));
  try {
    const answer = await Promise.race([rl.question(`\nCopy ${pairs.length} database(s) now? [y/N] `), aborted]);
    if (!/^y(es)?$/i.test(answer.trim())) throw new CancelledError();
  } finally {
    rl.close();
  }
}

/** The pg_dump and pg_restore command lines: no password on either, it is in their PGPASSFILE. */
function commands(p: Pair, tools: { dump?: string; restore: string }, files: PassFiles): { dump: ToolCommand; restore: ToolCommand } {
  let dump: ToolCommand;
  if (p.source.kind === 'compose') dump = { ...p.source.dumpCommand(DUMP_FLAGS) };
  else {
    const s = files.target(p.source.url);
    dump = { cmd: tools.dump!, args: [...DUMP_FLAGS, `--dbname=${s.dbname}`], env: s.env, unset: s.unset };
  }
  const t = files.target(p.target.url);
  return { dump, restore: { cmd: tools.restore, args: [...RESTORE_FLAGS, `--dbname=${t.dbname}`], env: t.env, unset: t.unset } };
}

/**
 * The copy, with the source's side of the comparison read meanwhile: a URL source exports its
 * snapshot to pg_dump (--snapshot) and is checksummed in that same snapshot while the dump runs, so
 * the figures are those of exactly the data dumped, and only the target is left to read after.
 */
async function copyAndReadSource(p: Pair, tools: { dump?: string; restore: string }, files: PassFiles, deps: AppDeps, urls: readonly PgUrl[]): Promise<void> {
  if (p.source.kind !== 'url') return copy(p, tools, files, deps, urls);
  const client = p.source.connection.client;
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id;
    const figures = readFigures(p.source.query, p.sourceTables);
    // Awaited after the copy; a failure meanwhile must not surface as an unhandled rejection.
    figures.catch(() => {});
    await copy(p, tools, files, deps, urls, snapshot);
    p.sourceFigures = await figures.catch((error: Error) => {
      throw new UserError(`Reading the source of ${p.name} for the comparison failed: ${redact(error.message, urls)}`, {
        hint: 'The copy is done; the user of the source URL must be able to read every table, sequence and large object. Compare later with --verify.',
      });
    });
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
}

/** pg_dump | pg_restore for one database, with progress on stderr. */
async function copy(
  p: Pair,
  tools: { dump?: string; restore: string },
  files: PassFiles,
  deps: AppDeps,
  urls: readonly PgUrl[],
  snapshot?: string,
): Promise<void> {
  const { dump, restore } = commands(p, tools, files);
  if (snapshot) dump.args.unshift(`--snapshot=${snapshot}`);
  // On a terminal one line is redrawn; elsewhere (CI, a log file) each table gets a plain line.
  const tty = canRedraw(deps.stderr, deps.env);
  deps.stderr.write(`Copying ${p.name}: ${p.source.label} -> ${p.target.label}\n`);
  let current = '';
  let written = 0;
  const show = (final = false) => {
    if (tty) deps.stderr.write(`\r\u001b[2K  ${p.name}: ${current || 'starting'} (${bytes(written)} so far)${final ? '\n' : ''}`);
  };
  try {
    written = await pipeDumpToRestore(dump, restore, deps.env, ({ table, bytes: b }) => {
      written = b;
      if (table) {
        current = table;
        if (!tty) deps.stderr.write(`  ${p.name}: ${current} (${bytes(written)} written so far)\n`);
      }
      show();
    });
  } catch (error) {
    if (tty) show(true);
    if (!(error instanceof CopyFailure)) throw error;
    const detail = redact(error.detail, urls)
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n');
    if (error.side === 'dump') {
      throw new UserError(
        `pg_dump of ${p.name} from ${p.source.label} failed; pg_restore was stopped and rolled back, the target is as it was before the copy:\n${detail}`,
        {
          hint: 'Check that the source is reachable and that the user may read every table.',
        },
      );
    }
    throw new UserError(
      `pg_restore of ${p.name} into ${p.target.label} failed; pg_dump was stopped and the restore rolled back (one transaction):\n${detail}`,
      {
        hint: 'The target is as it was before the copy. Fix the cause above (often an extension or a role the platform does not allow, or an object the target already holds: see --force) and run again.',
      },
    );
  }
  if (tty) show(true);
  deps.stderr.write(`  ${p.name}: done, ${bytes(written)} copied\n`);
}

/** Compares every pair (both sides at once), prints the result, and returns the exit code. */
async function compareAll(pairs: readonly Pair[], deps: AppDeps, urls: readonly PgUrl[], mode: 'copy' | 'compare'): Promise<number> {
  const results: DatabaseComparison[] = [];
  try {
    for (const p of pairs) {
      results.push(
        p.sourceFigures
          ? compareFigures(p.name, p.sourceTables, p.sourceFigures, await readFigures(p.target.query, p.sourceTables))
          : await compareDatabases(p.name, p.source.query, p.target.query, p.sourceTables),
      );
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`The comparison failed: ${redact((error as Error).message, urls)}`, {
      hint: 'The user of each URL must be able to read every table, sequence and large object.',
    });
  }
  printResults(results, deps);
  const bad = results.flatMap((r) => r.tables.filter((t) => !t.ok).map((t) => `${t.database} ${t.table}`));
  const extra = results.flatMap((r) => extraDifferences(r.database, r.extra));
  const onlyExtensions = results.flatMap((r) => r.extra.onlyOnTarget.filter((x) => x.kind === 'extension').map((x) => `${r.database} ${x.name}`));
  if (onlyExtensions.length > 0) deps.stdout.write(`\nExtensions only on the target (the platform's own, left alone): ${onlyExtensions.join(', ')}.\n`);
  if (bad.length > 0 || extra.length > 0) {
    if (bad.length > 0) deps.stderr.write(`stackfare: ${bad.length} table(s) differ${mode === 'copy' ? ' after the copy' : ''}: ${bad.join(', ')}.\n`);
    if (extra.length > 0) deps.stderr.write(`stackfare: ${extra.length} other difference(s): ${extra.join('; ')}.\n`);
    return 1;
  }
  deps.stdout.write(
    mode === 'copy'
      ? `\nCopied ${pairs.length} database(s); every table matches, and sequences, large objects and the object list too.\n`
      : `\nCompared ${pairs.length} database(s): every table matches, and sequences, large objects and the object list too.\n`,
  );
  return 0;
}

function printResults(results: readonly DatabaseComparison[], deps: AppDeps): void {
  const tables = results.flatMap((r) => r.tables);
  const dbW = Math.max(8, ...tables.map((r) => r.database.length));
  const tW = Math.min(40, Math.max(5, ...tables.map((r) => r.table.length)));
  const out = [
    '',
    'Comparison (source -> target):',
    `  ${fit('DATABASE', dbW)}  ${fit('TABLE', tW)}  ${fit('SOURCE ROWS', 12, 'right')}  ${fit('TARGET ROWS', 12, 'right')}  ${fit('CHECKSUM', 9)}  RESULT`,
  ];
  for (const r of tables) {
    out.push(
      `  ${fit(r.database, dbW)}  ${fit(r.table, tW)}  ${fit(groupThousands(r.sourceRows), 12, 'right')}  ${fit(r.targetRows === null ? 'missing' : groupThousands(r.targetRows), 12, 'right')}  ${fit(r.checksum === 'skipped' ? '-' : r.checksum, 9)}  ${r.ok ? 'ok' : 'DIFFERS'}`,
    );
  }
  for (const r of results) {
    const lo = r.extra.largeObjects;
    out.push(
      `  ${r.database}: large objects ${groupThousands(lo.source)} -> ${groupThousands(lo.target)} ${lo.ok ? 'ok' : 'DIFFER'}; sequences ${r.extra.sequences.length === 0 ? 'ok' : `DIFFER: ${r.extra.sequences.map((s) => `${s.name} ${s.source ?? 'unset'} -> ${s.target ?? 'unset'}`).join(', ')}`}`,
    );
    const only = r.extra.onlyOnTarget.filter((x) => x.kind !== 'extension');
    if (only.length > 0) out.push(`  ${r.database}: only on the target: ${only.map((x) => `${x.kind} ${x.name}`).join(', ')}`);
    if (r.extra.onlyOnSource.length > 0)
      out.push(`  ${r.database}: missing on the target: ${r.extra.onlyOnSource.map((x) => `${x.kind} ${x.name}`).join(', ')}`);
  }
  deps.stdout.write(`${out.join('\n')}\n`);
}
