/**
 * Multi-user readiness of a live schema, in the seed's terms: which tables carry the user
 * column (nullable? indexed? a foreign key? row-level security and its policies?), which reach
 * an owned table through foreign keys (messages → conversations), which need a decision, the SQL
 * that closes the gap, and the effort: the seed's "database changes ~1-2 days" scaled by what
 * is already done. Pure: the catalog snapshot arrives as an argument.
 */

import { planTables, planViews } from './readiness-plan.js';
import { comment, ident, literal, oneLine, qualified } from './readiness-sql.js';
import type {
  BaseEffort,
  CatalogSnapshot,
  ReadinessAction,
  ReadinessAdvice,
  ReadinessOptions,
  ReadinessReport,
  ReadinessTable,
  ReadinessView,
} from './readiness-types.js';

/** Bumped only when a field of the JSON changes meaning or disappears. */
export const READINESS_VERSION = 1;

/**
 * Owned tables first (those with the user column), then tables that reach one through foreign
 * keys, breadth first, so the nearest owner wins; the rest need a decision. Partitions follow
 * the table they belong to; views reading any of them are judged after.
 */
export function analyzeReadiness(snapshot: CatalogSnapshot, options: ReadinessOptions): ReadinessReport {
  const setting = options.setting ?? 'app.user_id';
  const col = options.userColumn;
  const plan = planTables(snapshot, col, setting);
  const views = planViews(snapshot, plan.tables, snapshot.serverMajor ?? Number.parseInt(snapshot.serverVersion, 10));
  const { effortHours, reasoning } = readinessEffort(plan.tables, options.base, col, views);
  const appSetting = appSettingAdvice(setting);
  const maintenanceRole = maintenanceAdvice();
  return {
    version: READINESS_VERSION,
    database: options.database,
    serverVersion: snapshot.serverVersion,
    userColumn: col,
    setting,
    tables: plan.tables,
    views,
    appSetting,
    maintenanceRole,
    effortHours,
    reasoning,
    sql: readinessSql(plan.tables, { database: oneLine(options.database), setting, userColumn: col, views, appSetting, maintenanceRole }),
  };
}

/** Checks counted for the effort: each is one thing done or to do on one table (partitions follow their table). */
function checksOf(t: ReadinessTable): { done: number; total: number } {
  const rls = t.rls && !t.actions.some((a) => a.kind === 'enable-rls');
  const policy = t.policies.length > 0 && !t.actions.some((a) => a.kind === 'policy');
  if (t.status === 'owned') {
    const items = [t.nullable === false, t.indexed === true, rls, policy];
    return { done: items.filter(Boolean).length, total: items.length };
  }
  if (t.status === 'covered') {
    const items = [t.indexed === true, rls, policy];
    return { done: items.filter(Boolean).length, total: items.length };
  }
  return { done: 0, total: 1 };
}

const halfHours = (n: number) => Math.round(n * 2) / 2;

/**
 * The seed's 1-2 days covers both the schema (user_id filled, indexed, isolated) and the code
 * (middleware sets the user, every query filtered). A quarter of it, the code, always remains;
 * the other three quarters scale with the schema checks still open (a view over owned rows is
 * one check: security_invoker). Each table or view needing a decision adds half an hour to an hour.
 * Worked example: base 8-16 h, 4 of 10 checks open, 1 undecided table:
 * min = 8 × (0.25 + 0.75 × 0.4) + 0.5 = 4.9 → 5; max = 16 × 0.55 + 1 = 9.8 → 10.
 */
export function readinessEffort(
  tables: readonly ReadinessTable[],
  base: BaseEffort,
  col: string,
  views: readonly ReadinessView[] = [],
): { effortHours: { min: number; max: number }; reasoning: string[] } {
  const reasoning: string[] = [`Seed memo: database changes ~${base.min}-${base.max} h (1-2 days) for a schema starting from ${col} on conversations.`];
  const roots = tables.filter((t) => t.partitionOf === null || t.partitionOf === undefined);
  const owned = roots.filter((t) => t.status === 'owned');
  const covered = roots.filter((t) => t.status === 'covered');
  const decide = [
    ...roots.filter((t) => t.status === 'decide').map((t) => t.name),
    ...views.filter((v) => v.status === 'decide' || v.status === 'leaks').map((v) => v.name),
  ];
  let done = 0;
  let total = 0;
  for (const t of roots.filter((x) => x.status !== 'decide')) {
    const c = checksOf(t);
    done += c.done;
    total += c.total;
  }
  for (const v of views.filter((x) => x.status === 'fix' || x.status === 'isolated')) {
    total += 1;
    if (v.status === 'isolated') done += 1;
  }
  const open = total === 0 ? 1 : (total - done) / total;
  reasoning.push(
    `${owned.length} table(s) carry ${col}, ${covered.length} reach one through foreign keys, ${roots.length - owned.length - covered.length} need a decision.`,
    total === 0
      ? `No table carries ${col}: the whole schema part of the work is open.`
      : `${done} of ${total} schema checks already hold (${col} required, indexed, row-level security on and forced, a policy that isolates${views.length > 0 ? ', views reading as the querying role' : ''}): ${Math.round(open * 100)}% of the schema work is open.`,
    'A quarter of the estimate (the API middleware that sets the user and the review of every query) remains whatever the schema holds; three quarters scale with the open schema work.',
  );
  let min = base.min * (0.25 + 0.75 * open);
  let max = base.max * (0.25 + 0.75 * open);
  if (decide.length > 0) {
    min += 0.5 * decide.length;
    max += 1 * decide.length;
    reasoning.push(`${decide.length} table(s) or view(s) without an owner add 0.5-1 h each to decide and change: ${decide.join(', ')}.`);
  }
  const effortHours = { min: halfHours(min), max: halfHours(Math.max(max, min)) };
  reasoning.push(`Estimate: ${effortHours.min}-${effortHours.max} h.`);
  return { effortHours, reasoning };
}

/** How the API sets the user: inside each transaction, so a pooled connection never carries it to the next user. */
function appSettingAdvice(setting: string): ReadinessAdvice {
  return {
    why: `The policies read ${setting} in each statement. Set it inside every transaction, never per session: with a pooler (PgBouncer in transaction mode) the next transaction on the same connection belongs to another user. SET LOCAL and set_config(..., true) end with the transaction; afterwards the setting reads '' (not NULL), which the policies turn into no rows instead of an error.`,
    sql: [
      'BEGIN;',
      `SELECT set_config(${literal(setting)}, $1, true);  -- $1: the signed-in user's id, as a bind parameter`,
      `-- or: SET LOCAL ${setting} = '<user id>';`,
      "-- ... the request's queries ...",
      'COMMIT;',
    ],
  };
}

/** A role that may dump: FORCE ROW LEVEL SECURITY makes the owner's pg_dump fail (pg_dump refuses partial tables). */
function maintenanceAdvice(): ReadinessAdvice {
  return {
    why: 'After FORCE ROW LEVEL SECURITY the tables\' owner sees only its session user\'s rows, so pg_dump (and stackfare migrate-data) connecting as the owner stops with "query would be affected by row-level security policy". Dump and copy with a separate maintenance role that bypasses row-level security; never give BYPASSRLS to the role the API connects as. A superuser creates it (BYPASSRLS needs one), with a password from your secret store.',
    sql: [
      'CREATE ROLE stackfare_maintenance LOGIN BYPASSRLS;',
      '\\password stackfare_maintenance  -- in psql: it prompts, so no password lands in a file or a shell history',
      'GRANT pg_read_all_data TO stackfare_maintenance;  -- PostgreSQL 14+: read every table, enough for pg_dump',
      '-- To restore or migrate-data into this database as well: GRANT pg_write_all_data TO stackfare_maintenance;',
    ],
  };
}

const FILE_ORDER: ReadinessAction['kind'][] = ['validate-not-null', 'not-null', 'enable-rls', 'policy', 'security-invoker'];

/** Every action of a kind, each as a block: its why as a comment, then its statements. */
function blocks(items: readonly { schema: string; name: string; actions: ReadinessAction[] }[], kinds: readonly ReadinessAction['kind'][]): string[] {
  const out: string[] = [];
  for (const kind of kinds) {
    for (const t of items) {
      for (const a of t.actions.filter((x) => x.kind === kind)) out.push(comment(`${qualified(t)}: ${a.why}`), ...a.sql.map(commentSafe), '');
    }
  }
  return out;
}

/** A statement stays as is; a line meant as a comment gets the same escaping as every other comment. */
function commentSafe(line: string): string {
  return line.startsWith('--') ? comment(line.replace(/^-- ?/, '')) : line;
}

/**
 * db/multi-user.sql: one transaction (NOT NULL, row-level security, policies, views), then the
 * index builds that cannot run in one, then the decisions left as comments. Every comment is
 * one line whatever the names hold; every identifier is quoted.
 */
function readinessSql(
  tables: readonly ReadinessTable[],
  meta: {
    database: string;
    setting: string;
    userColumn: string;
    views?: readonly ReadinessView[];
    appSetting?: ReadinessAdvice;
    maintenanceRole?: ReadinessAdvice;
  },
): string {
  const views = meta.views ?? [];
  const out: string[] = [
    `-- Multi-user changes for ${meta.database}, written by stackfare readiness.`,
    '-- Order: (1) one transaction, BEGIN ... COMMIT: NOT NULL, row-level security, policies, views; if any statement fails, none of it stays.',
    '--        (2) after COMMIT, the index builds: CREATE INDEX CONCURRENTLY cannot run in a transaction; each first drops an INVALID index',
    '--            of the same name left by an interrupted build. (3) Decisions left to you, as comments.',
    '-- Run: psql -X -v ON_ERROR_STOP=1 -f db/multi-user.sql (not --single-transaction). Safe to run again.',
    '-- Locks: the transaction holds ACCESS EXCLUSIVE on the tables it changes until COMMIT (SET NOT NULL scans under it);',
    '--   lock_timeout stops it after 5 s instead of queueing behind a long transaction. Backfill the empty rows before running.',
    comment(
      `The policies read the session setting ${meta.setting}; the API sets it inside each transaction: SELECT set_config('${meta.setting}', <user id>, true);`,
    ),
    '',
  ];
  const inTransaction = blocks(tables, FILE_ORDER).concat(blocks(views, ['security-invoker']));
  const indexes = blocks(tables, ['index']);
  const decisions = blocks([...tables, ...views], ['decide']);
  if (inTransaction.length > 0)
    out.push(
      '-- (1) The transaction.',
      'BEGIN;',
      "SET LOCAL lock_timeout = '5s';",
      '',
      ...inTransaction,
      '-- End of the transaction: all of the above, or nothing.',
      'COMMIT;',
      '',
    );
  if (indexes.length > 0) out.push('-- (2) Index builds, one at a time, outside any transaction.', '', ...indexes);
  if (decisions.length > 0) out.push('-- (3) Decisions: nothing below runs; uncomment what you decide.', '', ...decisions);
  if (inTransaction.length + indexes.length + decisions.length === 0) {
    out.push(
      tables.length === 0
        ? comment(`Nothing to generate: the database has no tables yet. Create them with ${ident(meta.userColumn)} and run stackfare readiness again.`)
        : comment(`Nothing to change: every table is owned through ${ident(meta.userColumn)} or covered, with row-level security and policies that isolate.`),
      '',
    );
  }
  // The advice is stackfare's own fixed text (no name in it): shown as is, so psql's \password reads as typed.
  if (meta.maintenanceRole)
    out.push(
      '-- A maintenance role that may dump (run as a superuser, by hand):',
      comment(meta.maintenanceRole.why),
      ...meta.maintenanceRole.sql.map((l) => (l.startsWith('--') ? l : `-- ${l}`)),
      '',
    );
  return out.join('\n');
}
