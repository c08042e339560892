/**
 * `stackfare migrate-data`: copies each database of the stack from where it lives now (URLs,
 * or the Postgres services of a compose file) to where the platform keeps it, with the user's
 * own pg_dump / pg_restore, then compares every table on both sides. Nothing is written to a
 * target that already holds tables (without --force), before the plan is confirmed, or at all
 * with --dry-run; the restore is one transaction, so a failure leaves the target as it was.
 */
import { spawn } from 'node:child_process';
import type { ParsedArgs } from '../args.js';
import { loadContext, type AppDeps } from '../app.js';
import { compareTable, pairDatabases, splitNamedUrl, verifyQuery, type TableComparison, type TableFigures } from '../core/migration.js';
import { groupThousands, slugify, sqlIdentifier } from '../core/names.js';
import { buildStack } from '../core/stack.js';
import { CancelledError, UsageError, UserError } from '../errors.js';
import { fit } from '../ui/format.js';
import { listTables, type TableInfo } from '../db/catalog.js';
import { composeEndpoint, urlEndpoint, urlToolEnv, type Command, type ComposeEndpoint, type Endpoint, type UrlEndpoint } from '../db/endpoints.js';
import { toolFor } from '../db/tools.js';
import { maskUrl, parsePgUrl } from '../db/url.js';

/** Tables larger than this (on the source) are compared by row count only: a checksum would read them whole twice. */
export const CHECKSUM_LIMIT_BYTES = 256 * 1024 * 1024;

const DUMP_FLAGS = ['--format=custom', '--no-owner', '--no-acl', '--verbose'];
const RESTORE_FLAGS = ['--no-owner', '--no-acl', '--exit-on-error', '--single-transaction', '--verbose'];

interface Pair {
  name: string;
  source: UrlEndpoint | ComposeEndpoint;
  target: UrlEndpoint;
  sourceTables: TableInfo[];
  targetTables: TableInfo[];
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

function parsePairs(raw: string[] | undefined, flag: '--from' | '--to'): { name: string; url: string }[] {
  return (raw ?? []).map((r) => {
    const pair = splitNamedUrl(r);
    if (!pair || !pair.name || !pair.url) throw new UsageError(`${flag} expects NAME=URL, not "${maskUrl(r)}".`, `For example: ${flag} reasoning_api=postgresql://USER:PASSWORD@HOST:5432/DATABASE`);
    return pair;
  });
}

/** Runs migrate-data; returns the exit code (1 when any table differs). */
export async function migrateDataCommand(args: ParsedArgs, deps: AppDeps): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`migrate-data takes no arguments (got "${args.positionals[0]}").`, 'Give the databases with --from NAME=URL (or --from-compose FILE) and --to NAME=URL.');
  const fromCompose = args.flags['from-compose'] as string | undefined;
  const froms = parsePairs(args.flags.from as string[] | undefined, '--from');
  const tos = parsePairs(args.flags.to as string[] | undefined, '--to');
  if (fromCompose && froms.length > 0) throw new UsageError('Give either --from-compose FILE or --from NAME=URL, not both.');
  if (!fromCompose && froms.length === 0) throw new UsageError('migrate-data needs a source: --from NAME=URL (repeatable) or --from-compose FILE.');
  if (tos.length === 0) throw new UsageError('migrate-data needs a target: --to NAME=URL (repeatable), the database URL the platform gives (DEPLOY.md says where).');
  const dryRun = args.flags['dry-run'] === true;
  const interactive = deps.stdin.isTTY === true && deps.stdout.isTTY === true;
  if (!dryRun && args.flags.yes !== true && !interactive) {
    throw new UsageError('migrate-data asks before copying, and this is not a terminal.', 'Add --yes to copy without asking (or --dry-run to only see the plan).');
  }

  // The stack's databases name the pairs; a compose source is also the stack.
  const ctx = await loadContext(fromCompose ? { ...args, answers: { ...args.answers, compose: fromCompose } } : args, deps);
  const stack = buildStack(ctx.answers, ctx.source);
  const stackDatabases = stack.postgres.instances.flatMap((p) => p.databases);
  // Each stack database of a compose source: the container that holds it and, when a service's URL
  // names it, the database inside that container (the stack names it after that, not the container).
  const composeServices = new Map<string, { service: string; database?: string }>();
  if (fromCompose) {
    for (const c of ctx.source?.postgres ?? []) {
      for (const user of c.usedBy) {
        const ref = stack.services.find((s) => s.name === user)?.database;
        const inContainer = c.databases?.[user];
        if (ref && !composeServices.has(ref.database)) composeServices.set(ref.database, { service: c.name, ...(inContainer ? { database: inContainer } : {}) });
      }
    }
    // A container no service uses keeps a database named after it.
    for (const c of ctx.source?.postgres ?? []) {
      const own = sqlIdentifier(slugify(c.name));
      if (!composeServices.has(own) && !c.usedBy.some((u) => stack.services.some((s) => s.name === u && s.database))) composeServices.set(own, { service: c.name });
    }
  }
  const sourceNames = fromCompose ? tos.map((t) => t.name).filter((n) => composeServices.has(n)) : froms.map((f) => f.name);
  const pairing = pairDatabases(stackDatabases, sourceNames, tos.map((t) => t.name));
  if (pairing.problems.length > 0) throw new UsageError(pairing.problems.join('\n'), `The stack's databases: ${stackDatabases.join(', ') || 'none'}.`);

  // Parse every URL before connecting anywhere: a typo stops the run before any connection.
  const toUrls = new Map(tos.map((t) => [t.name, parsePgUrl(t.url, `--to ${t.name}`)]));
  const fromUrls = new Map(froms.map((f) => [f.name, parsePgUrl(f.url, `--from ${f.name}`)]));
  const pairs: Pair[] = [];
  const endpoints: Endpoint[] = [];
  try {
    for (const name of pairing.pairs) {
      const source = fromCompose ? composeEndpoint(name, fromCompose, composeServices.get(name)!.service, deps.env, composeServices.get(name)!.database) : await urlEndpoint(name, fromUrls.get(name)!, '--from');
      endpoints.push(source);
      const target = await urlEndpoint(name, toUrls.get(name)!, '--to');
      endpoints.push(target);
      pairs.push({ name, source, target, sourceTables: await listTables(source.query), targetTables: await listTables(target.query) });
    }

    // The tools, checked against the servers before anything is written.
    const tools = new Map<string, { dump?: string; restore: string }>();
    for (const p of pairs) {
      const major = await p.source.serverMajor();
      const dump = p.source.kind === 'url' ? await toolFor('pg_dump', major, deps.env, process.platform, `dump database ${p.name} from`) : undefined;
      // A dump is readable by a pg_restore at least as new as the pg_dump that wrote it.
      const restore = await toolFor('pg_restore', dump?.major ?? major, deps.env, process.platform, `restore the dump of ${p.name} (written for)`);
      tools.set(p.name, { ...(dump ? { dump: dump.path } : {}), restore: restore.path });
    }

    printPlan(pairs, deps);
    const occupied = pairs.filter((p) => p.targetTables.length > 0);
    if (dryRun) {
      if (occupied.length > 0 && args.flags.force !== true) deps.stdout.write(`\n${occupiedMessage(occupied)}\n`);
      deps.stdout.write('\nDry run: nothing copied.\n');
      return 0;
    }
    if (occupied.length > 0 && args.flags.force !== true) {
      throw new UserError(`${occupiedMessage(occupied)} Nothing was copied.`, { hint: 'Check the URL. To replace what is there, re-run with --force.' });
    }
    if (args.flags.yes !== true) await confirm(pairs, deps);

    for (const p of pairs) await copy(p, tools.get(p.name)!, args.flags.force === true, deps);

    const results: TableComparison[] = [];
    for (const p of pairs) results.push(...(await verify(p)));
    printResults(results, deps);
    const bad = results.filter((r) => !r.ok);
    if (bad.length > 0) {
      deps.stderr.write(`stackfare: ${bad.length} table(s) differ after the copy: ${bad.map((r) => `${r.database} ${r.table}`).join(', ')}.\n`);
      return 1;
    }
    deps.stdout.write(`\nCopied ${pairs.length} database(s); every table matches.\n`);
    return 0;
  } finally {
    await Promise.all(endpoints.map((e) => e.close()));
  }
}

function occupiedMessage(occupied: readonly Pair[]): string {
  return occupied
    .map((p) => `The target of ${p.name} (${p.target.label}) already holds ${p.targetTables.length} table(s): ${p.targetTables.slice(0, 5).map((t) => `${t.schema}.${t.name}`).join(', ')}${p.targetTables.length > 5 ? ', ...' : ''}.`)
    .join('\n');
}

function printPlan(pairs: readonly Pair[], deps: AppDeps): void {
  const out: string[] = ['Copy plan:'];
  for (const p of pairs) {
    const total = p.sourceTables.reduce((a, t) => a + t.bytes, 0);
    out.push('', `  ${p.name}: ${p.source.label} -> ${p.target.label} (${p.sourceTables.length} table${p.sourceTables.length === 1 ? '' : 's'}, ${bytes(total)})`);
    const w = Math.min(40, Math.max(5, ...p.sourceTables.map((t) => `${t.schema}.${t.name}`.length)));
    out.push(`    ${fit('TABLE', w)}  ${fit('ROWS (EST.)', 12, 'right')}  ${fit('SIZE', 10, 'right')}`);
    for (const t of p.sourceTables) out.push(`    ${fit(`${t.schema}.${t.name}`, w)}  ${fit(groupThousands(t.rowEstimate), 12, 'right')}  ${fit(bytes(t.bytes), 10, 'right')}`);
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

/** pg_dump | pg_restore for one database, with progress on stderr. */
async function copy(p: Pair, tools: { dump?: string; restore: string }, force: boolean, deps: AppDeps): Promise<void> {
  const dump: Command =
    p.source.kind === 'compose'
      ? p.source.dumpCommand(DUMP_FLAGS)
      : (() => {
          const t = urlToolEnv(p.source.url);
          return { cmd: tools.dump!, args: [...DUMP_FLAGS, `--dbname=${t.dbname}`], env: t.env };
        })();
  const t = urlToolEnv(p.target.url);
  const restore: Command = { cmd: tools.restore, args: [...RESTORE_FLAGS, ...(force ? ['--clean', '--if-exists'] : []), `--dbname=${t.dbname}`], env: t.env };
  // On a terminal one line is redrawn; elsewhere (CI, a log file) each table gets a plain line.
  const tty = deps.stderr.isTTY === true;
  deps.stderr.write(`Copying ${p.name}: ${p.source.label} -> ${p.target.label}\n`);
  let written = 0;
  let current = '';
  const show = (final = false) => {
    const line = `  ${p.name}: ${current || 'starting'} (${bytes(written)} so far)`;
    if (tty) deps.stderr.write(`\r\u001b[2K${line}${final ? '\n' : ''}`);
  };
  await new Promise<void>((resolve, reject) => {
    const env = (c: Command) => ({ ...deps.env, ...c.env }) as NodeJS.ProcessEnv;
    const d = spawn(dump.cmd, dump.args, { env: env(dump), stdio: ['ignore', 'pipe', 'pipe'] });
    const r = spawn(restore.cmd, restore.args, { env: env(restore), stdio: ['pipe', 'ignore', 'pipe'] });
    // Ctrl-C (also when sent to this process alone): stop both tools while the entry exits 130;
    // pg_restore's single transaction then rolls back, so the target keeps nothing.
    const stop = () => {
      r.kill('SIGTERM');
      d.kill('SIGTERM');
    };
    process.once('SIGINT', stop);
    let dumpErr = '';
    let restoreErr = '';
    let pending = 2;
    let dumpCode: number | null = null;
    let restoreCode: number | null = null;
    let failure: Error | null = null;
    const done = () => {
      pending -= 1;
      if (pending > 0) return;
      process.off('SIGINT', stop);
      if (tty) show(true);
      if (failure) return reject(failure);
      if (dumpCode !== 0) {
        return reject(new UserError(`pg_dump of ${p.name} from ${p.source.label} failed; nothing was restored: ${lastLines(dumpErr)}`, { hint: 'Check that the source is reachable and that the user may read every table.' }));
      }
      if (restoreCode !== 0) {
        return reject(
          new UserError(`pg_restore of ${p.name} into ${p.target.label} failed and was rolled back (one transaction): ${lastLines(restoreErr)}`, {
            hint: 'The target is as it was. Fix the cause above (often a missing extension or role on the platform) and run again.',
          }),
        );
      }
      deps.stderr.write(`  ${p.name}: done, ${bytes(written)} copied\n`);
      resolve();
    };
    d.on('error', (e) => {
      failure ??= new UserError(`Cannot run ${dump.cmd}: ${e.message}`);
    });
    r.on('error', (e) => {
      failure ??= new UserError(`Cannot run ${restore.cmd}: ${e.message}`);
    });
    d.stdout.on('data', (chunk: Buffer) => {
      written += chunk.length;
      show();
    });
    d.stdout.pipe(r.stdin);
    r.stdin.on('error', () => {});
    d.stderr.setEncoding('utf8').on('data', (text: string) => {
      for (const line of text.split('\n')) {
        const m = /dumping contents of table "?([^"]+)"?/.exec(line);
        if (m) {
          current = m[1]!;
          if (tty) show();
          else deps.stderr.write(`  ${p.name}: ${current} (${bytes(written)} written so far)\n`);
        } else if (/error|fatal|could not/i.test(line)) {
          dumpErr += `${line}\n`;
        }
      }
    });
    r.stderr.setEncoding('utf8').on('data', (text: string) => {
      for (const line of text.split('\n')) if (/error|fatal|could not/i.test(line)) restoreErr += `${line}\n`;
    });
    d.on('close', (code) => {
      dumpCode = code;
      done();
    });
    r.on('close', (code) => {
      restoreCode = code;
      done();
    });
  });
}

function lastLines(text: string): string {
  const lines = maskUrl(text).trim().split('\n').filter(Boolean);
  return lines.slice(-4).join(' / ') || 'no message';
}

/** Row counts on both sides; an ordered checksum for tables under the size limit. */
async function verify(p: Pair): Promise<TableComparison[]> {
  const targetKeys = new Set((await listTables(p.target.query)).map((t) => `${t.schema}.${t.name}`));
  const out: TableComparison[] = [];
  for (const t of p.sourceTables) {
    const checksum = t.bytes <= CHECKSUM_LIMIT_BYTES;
    const sql = verifyQuery(t, checksum);
    const figures = async (e: Endpoint): Promise<TableFigures> => {
      const [row] = await e.query<{ rows: string; checksum: string | null }>(sql);
      return { rows: Number(row!.rows), checksum: row!.checksum };
    };
    const source = await figures(p.source);
    const target = targetKeys.has(`${t.schema}.${t.name}`) ? await figures(p.target) : null;
    out.push(compareTable(p.name, `${t.schema}.${t.name}`, source, target));
  }
  return out;
}

function printResults(results: readonly TableComparison[], deps: AppDeps): void {
  const dbW = Math.max(8, ...results.map((r) => r.database.length));
  const tW = Math.min(40, Math.max(5, ...results.map((r) => r.table.length)));
  const out = ['', 'Comparison (source -> target):', `  ${fit('DATABASE', dbW)}  ${fit('TABLE', tW)}  ${fit('SOURCE ROWS', 12, 'right')}  ${fit('TARGET ROWS', 12, 'right')}  ${fit('CHECKSUM', 9)}  RESULT`];
  for (const r of results) {
    out.push(
      `  ${fit(r.database, dbW)}  ${fit(r.table, tW)}  ${fit(groupThousands(r.sourceRows), 12, 'right')}  ${fit(r.targetRows === null ? 'missing' : groupThousands(r.targetRows), 12, 'right')}  ${fit(r.checksum === 'skipped' ? 'rows only' : r.checksum, 9)}  ${r.ok ? 'ok' : 'DIFFERS'}`,
    );
  }
  deps.stdout.write(`${out.join('\n')}\n`);
}
