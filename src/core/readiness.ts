/**
 * Multi-user readiness of a live schema, in the seed's terms: which tables carry the user
 * column (nullable? indexed? a foreign key? row-level security and its policies?), which reach
 * an owned table through foreign keys (messages → conversations), which need a decision, the SQL
 * that closes the gap, and the effort: the seed's "database changes ~1-2 days" scaled by what
 * is already done. Pure: the catalog snapshot arrives as an argument.
 */

/** Bumped only when a field of the JSON changes meaning or disappears. */
export const READINESS_VERSION = 1;

/** One column as the catalog reports it. */
export interface CatalogColumn {
  name: string;
  /** The type as `format_type` prints it (uuid, text, bigint...). */
  type: string;
  nullable: boolean;
}

/** One table of the live schema, read from the catalog. */
export interface CatalogTable {
  schema: string;
  name: string;
  columns: CatalogColumn[];
  primaryKey: string[];
  /** relrowsecurity / relforcerowsecurity. */
  rls: boolean;
  forceRls: boolean;
  policies: { name: string; command: string; using: string | null; withCheck: string | null }[];
  /** Each index's key columns in order (expressions as null). */
  indexes: { name: string; columns: (string | null)[] }[];
  foreignKeys: { name: string; columns: string[]; refSchema: string; refTable: string; refColumns: string[] }[];
  /** CHECK constraints with their definition and whether they are validated. */
  checks: { name: string; definition: string; validated: boolean }[];
}

/** What the catalog queries return. */
export interface CatalogSnapshot {
  serverVersion: string;
  database: string;
  tables: CatalogTable[];
}

/** One change a table needs, with its SQL and why. */
export interface ReadinessAction {
  kind: 'not-null' | 'validate-not-null' | 'index' | 'enable-rls' | 'policy' | 'decide';
  why: string;
  sql: string[];
}

/** One table's place on the way to multi-user. */
export interface ReadinessTable {
  schema: string;
  name: string;
  /** The user column when the table has one; null otherwise. */
  userColumn: string | null;
  /** Whether new rows may leave the user column empty (null without a user column). */
  nullable: boolean | null;
  /** Whether an index starts with the user column (or, for covered tables, the foreign key to the owner). */
  indexed: boolean | null;
  /** The table the user column references (`schema.table`), null when none. */
  foreignKey: string | null;
  rls: boolean;
  policies: string[];
  /** For a table without the user column: the owned table it reaches through foreign keys. */
  coveredBy: string | null;
  status: 'owned' | 'covered' | 'decide';
  actions: ReadinessAction[];
}

/** The whole readiness report (the JSON of `stackfare readiness --format json`). */
export interface ReadinessReport {
  version: number;
  database: string;
  serverVersion: string;
  userColumn: string;
  /** Session setting the policies read: the API sets it per transaction. */
  setting: string;
  tables: ReadinessTable[];
  effortHours: { min: number; max: number };
  /** How the effort was reached, one line per step. */
  reasoning: string[];
  /** The SQL of every action, commented, in the order to run it. */
  sql: string;
}

/** The seed's figure for the database changes (from the price book's effort section). */
export interface BaseEffort {
  min: number;
  max: number;
}

/** Options of the analysis. */
export interface ReadinessOptions {
  userColumn: string;
  /** Session setting the policies compare with (default app.user_id). */
  setting?: string;
  base: BaseEffort;
  /** Shown in the report instead of the URL (a password never appears). */
  database: string;
}

/** SQL identifier, quoted only when it must be. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

const RESERVED = new Set(['user', 'order', 'group', 'table', 'select', 'where', 'from', 'to', 'default', 'check', 'column', 'limit', 'offset', 'end', 'all', 'and', 'or', 'not', 'null', 'primary', 'references']);

function qualified(t: { schema: string; name: string }): string {
  return `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
}

function key(t: { schema: string; name: string }): string {
  return `${t.schema}.${t.name}`;
}

function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Identifier for a generated object, within Postgres's 63 bytes. */
function objectName(...parts: string[]): string {
  return parts.join('_').replace(/[^a-zA-Z0-9_]/g, '_').toLowerCase().slice(0, 63);
}

/** Whether a validated CHECK constraint already forbids NULL in the column. */
function checkForbidsNull(table: CatalogTable, column: string, validated: boolean): boolean {
  const re = new RegExp(`\\(\\(?"?${column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"? IS NOT NULL\\)?\\)`, 'i');
  return table.checks.some((c) => c.validated === validated && re.test(c.definition));
}

/** The expression that reads the session's user id, in the column's type. */
function sessionUser(setting: string, type: string): string {
  return `current_setting(${literal(setting)}, true)::${type}`;
}

/**
 * Owned tables first (those with the user column), then tables that reach one through foreign
 * keys, breadth first, so the nearest owner wins; the rest need a decision.
 */
export function analyzeReadiness(snapshot: CatalogSnapshot, options: ReadinessOptions): ReadinessReport {
  const setting = options.setting ?? 'app.user_id';
  const col = options.userColumn;
  const byKey = new Map(snapshot.tables.map((t) => [key(t), t]));
  const owned = new Set(snapshot.tables.filter((t) => t.columns.some((c) => c.name === col)).map(key));

  // coveredBy[table] = the owned table it reaches; via[table] = the foreign key taken first.
  const coveredBy = new Map<string, string>();
  const via = new Map<string, CatalogTable['foreignKeys'][number]>();
  let frontier = [...owned];
  const reached = new Set(owned);
  for (const o of owned) coveredBy.set(o, o);
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const t of snapshot.tables) {
      const k = key(t);
      if (reached.has(k)) continue;
      const fk = t.foreignKeys.find((f) => frontier.includes(`${f.refSchema}.${f.refTable}`));
      if (!fk) continue;
      reached.add(k);
      via.set(k, fk);
      coveredBy.set(k, coveredBy.get(`${fk.refSchema}.${fk.refTable}`)!);
      next.push(k);
    }
    frontier = next.sort();
  }

  const tables: ReadinessTable[] = snapshot.tables.map((t) => {
    const k = key(t);
    const name = qualified(t);
    const policies = t.policies.map((p) => p.name);
    const rls = t.rls;
    const actions: ReadinessAction[] = [];
    if (owned.has(k)) {
      const column = t.columns.find((c) => c.name === col)!;
      const qc = quoteIdent(col);
      const nullable = column.nullable && !checkForbidsNull(t, col, true);
      const pendingCheck = column.nullable && checkForbidsNull(t, col, false);
      const indexed = t.indexes.some((i) => i.columns[0] === col);
      const fk = t.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === col);
      const constraint = objectName(t.name, col, 'not_null');
      if (nullable && pendingCheck) {
        const existing = t.checks.find((c) => !c.validated && new RegExp(`${col}"? IS NOT NULL`, 'i').test(c.definition))!;
        actions.push({
          kind: 'validate-not-null',
          why: `The CHECK that keeps ${col} filled holds for new rows only; validating it proves the old rows too (it scans without blocking writes). Backfill the empty rows first.`,
          sql: [
            `-- Backfill the rows that have no owner yet, e.g.: UPDATE ${name} SET ${qc} = '<your user id>' WHERE ${qc} IS NULL;`,
            `ALTER TABLE ${name} VALIDATE CONSTRAINT ${quoteIdent(existing.name)};`,
            `ALTER TABLE ${name} ALTER COLUMN ${qc} SET NOT NULL; -- uses the validated CHECK instead of a scan (PostgreSQL 12+)`,
          ],
        });
      } else if (nullable) {
        actions.push({
          kind: 'not-null',
          why: `Rows without ${col} belong to nobody and every user's filter skips them. NOT VALID makes new rows carry it at once without scanning the table; VALIDATE then checks the old rows without blocking writes (backfill them first).`,
          sql: [
            `ALTER TABLE ${name} ADD CONSTRAINT ${quoteIdent(constraint)} CHECK (${qc} IS NOT NULL) NOT VALID;`,
            `-- Backfill the rows that have no owner yet, e.g.: UPDATE ${name} SET ${qc} = '<your user id>' WHERE ${qc} IS NULL;`,
            `ALTER TABLE ${name} VALIDATE CONSTRAINT ${quoteIdent(constraint)};`,
            `ALTER TABLE ${name} ALTER COLUMN ${qc} SET NOT NULL; -- uses the validated CHECK instead of a scan (PostgreSQL 12+)`,
          ],
        });
      }
      if (!indexed) {
        actions.push({
          kind: 'index',
          why: `Every query and every policy filters on ${col}; without an index each one scans the whole table. CONCURRENTLY builds it without locking writes (it cannot run inside a transaction).`,
          sql: [`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(objectName('idx', t.name, col))} ON ${name} (${qc});`],
        });
      }
      addRlsActions(t, name, actions, `${qc} = ${sessionUser(setting, column.type)}`, `rows whose ${col} is the session's user (${setting})`);
      return {
        schema: t.schema,
        name: t.name,
        userColumn: col,
        nullable,
        indexed,
        foreignKey: fk ? `${fk.refSchema}.${fk.refTable}` : null,
        rls,
        policies,
        coveredBy: null,
        status: 'owned',
        actions,
      };
    }
    const owner = coveredBy.get(k);
    if (owner) {
      const fk = via.get(k)!;
      const parent = byKey.get(`${fk.refSchema}.${fk.refTable}`)!;
      const indexed = t.indexes.some((i) => fk.columns.every((c, n) => i.columns[n] === c));
      if (!indexed) {
        actions.push({
          kind: 'index',
          why: `The policy looks up the owning ${fk.refTable} row through ${fk.columns.join(', ')} for every row read; an index keeps that a lookup, not a scan.`,
          sql: [`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(objectName('idx', t.name, ...fk.columns))} ON ${name} (${fk.columns.map(quoteIdent).join(', ')});`],
        });
      }
      const join = fk.columns.map((c, n) => `p.${quoteIdent(fk.refColumns[n]!)} = ${quoteIdent(t.name)}.${quoteIdent(c)}`).join(' AND ');
      // The parent's own policy filters the subquery (policies apply inside policy expressions),
      // so a chain messages → conversations → ... needs no user column of its own.
      const parentOwned = owned.has(key(parent));
      const parentColumn = parentOwned ? parent.columns.find((c) => c.name === col)! : undefined;
      const cond = parentColumn ? ` AND p.${quoteIdent(col)} = ${sessionUser(setting, parentColumn.type)}` : '';
      addRlsActions(t, name, actions, `EXISTS (SELECT 1 FROM ${qualified(parent)} p WHERE ${join}${cond})`, `rows whose ${fk.refTable} belongs to the session's user`);
      return {
        schema: t.schema,
        name: t.name,
        userColumn: null,
        nullable: null,
        indexed,
        foreignKey: `${fk.refSchema}.${fk.refTable}`,
        rls,
        policies,
        coveredBy: owner,
        status: 'covered',
        actions,
      };
    }
    actions.push({
      kind: 'decide',
      why: `${t.name} has no ${col} and reaches no owned table through foreign keys: decide whether it is shared by every user (leave it), belongs to a user (add ${col}), or hangs off an owned table (add that foreign key).`,
      sql: [`-- ALTER TABLE ${name} ADD COLUMN ${quoteIdent(col)} uuid; -- only if its rows belong to one user`],
    });
    return {
      schema: t.schema,
      name: t.name,
      userColumn: null,
      nullable: null,
      indexed: null,
      foreignKey: null,
      rls,
      policies,
      coveredBy: null,
      status: 'decide',
      actions,
    };
  });

  const { effortHours, reasoning } = readinessEffort(tables, options.base, col);
  return {
    version: READINESS_VERSION,
    database: options.database,
    serverVersion: snapshot.serverVersion,
    userColumn: col,
    setting,
    tables,
    effortHours,
    reasoning,
    sql: readinessSql(tables, { database: options.database, setting, userColumn: col }),
  };
}

/** Row-level security: on, forced (the app usually connects as the owner, which RLS skips otherwise), and a policy. */
function addRlsActions(t: CatalogTable, name: string, actions: ReadinessAction[], condition: string, what: string): void {
  if (!t.rls || !t.forceRls) {
    actions.push({
      kind: 'enable-rls',
      why: 'Row-level security makes the database itself refuse other users\' rows, even when a query forgets its filter. FORCE applies it to the table\'s owner too, which is usually the role the API connects as.',
      sql: [...(t.rls ? [] : [`ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY;`]), `ALTER TABLE ${name} FORCE ROW LEVEL SECURITY;`],
    });
  }
  if (t.policies.length === 0) {
    const policy = quoteIdent(objectName(t.name, 'user_isolation'));
    actions.push({
      kind: 'policy',
      why: `With row-level security on and no policy nobody sees any row; this policy lets each session see and write only ${what}.`,
      sql: [`CREATE POLICY ${policy} ON ${name} USING (${condition}) WITH CHECK (${condition});`],
    });
  }
}

/** Checks counted for the effort: each is one thing done or to do on one table. */
function checksOf(t: ReadinessTable): { done: number; total: number } {
  if (t.status === 'owned') {
    const items = [t.nullable === false, t.indexed === true, t.rls && !t.actions.some((a) => a.kind === 'enable-rls'), t.policies.length > 0];
    return { done: items.filter(Boolean).length, total: items.length };
  }
  if (t.status === 'covered') {
    const items = [t.indexed === true, t.rls && !t.actions.some((a) => a.kind === 'enable-rls'), t.policies.length > 0];
    return { done: items.filter(Boolean).length, total: items.length };
  }
  return { done: 0, total: 1 };
}

const halfHours = (n: number) => Math.round(n * 2) / 2;

/**
 * The seed's 1-2 days covers both the schema (user_id filled, indexed, isolated) and the code
 * (middleware sets the user, every query filtered). A quarter of it, the code, always remains;
 * the other three quarters scale with the schema checks still open. Each table needing a
 * decision adds half an hour to an hour.
 * Worked example: base 8-16 h, 4 of 10 checks open, 1 undecided table:
 * min = 8 × (0.25 + 0.75 × 0.4) + 0.5 = 4.9 → 5; max = 16 × 0.55 + 1 = 9.8 → 10.
 */
export function readinessEffort(tables: readonly ReadinessTable[], base: BaseEffort, col: string): { effortHours: { min: number; max: number }; reasoning: string[] } {
  const reasoning: string[] = [`Seed memo: database changes ~${base.min}-${base.max} h (1-2 days) for a schema starting from ${col} on conversations.`];
  const owned = tables.filter((t) => t.status === 'owned');
  const covered = tables.filter((t) => t.status === 'covered');
  const decide = tables.filter((t) => t.status === 'decide');
  let done = 0;
  let total = 0;
  for (const t of tables.filter((x) => x.status !== 'decide')) {
    const c = checksOf(t);
    done += c.done;
    total += c.total;
  }
  const open = total === 0 ? 1 : (total - done) / total;
  reasoning.push(
    `${owned.length} table(s) carry ${col}, ${covered.length} reach one through foreign keys, ${decide.length} need a decision.`,
    total === 0
      ? `No table carries ${col}: the whole schema part of the work is open.`
      : `${done} of ${total} schema checks already hold (${col} required, indexed, row-level security on and forced, a policy): ${Math.round(open * 100)}% of the schema work is open.`,
    'A quarter of the estimate (the API middleware that sets the user and the review of every query) remains whatever the schema holds; three quarters scale with the open schema work.',
  );
  let min = base.min * (0.25 + 0.75 * open);
  let max = base.max * (0.25 + 0.75 * open);
  if (decide.length > 0) {
    min += 0.5 * decide.length;
    max += 1 * decide.length;
    reasoning.push(`${decide.length} table(s) without an owner add 0.5-1 h each to decide and change: ${decide.map((t) => t.name).join(', ')}.`);
  }
  const effortHours = { min: halfHours(min), max: halfHours(Math.max(max, min)) };
  reasoning.push(`Estimate: ${effortHours.min}-${effortHours.max} h.`);
  return { effortHours, reasoning };
}

/** db/multi-user.sql: every action, commented with why, in an order that can be run top to bottom. */
export function readinessSql(tables: readonly ReadinessTable[], meta: { database: string; setting: string; userColumn: string }): string {
  const out: string[] = [
    `-- Multi-user changes for ${meta.database}, written by stackfare readiness.`,
    `-- The policies read the session setting ${meta.setting}: the API runs, in each transaction,`,
    `--   SET LOCAL ${meta.setting} = '<the signed-in user's id>';`,
    '-- Review before running. CREATE INDEX CONCURRENTLY cannot run inside a transaction: run this',
    '-- file with psql without --single-transaction. Backfill the empty rows before each VALIDATE.',
    '',
  ];
  const order: ReadinessAction['kind'][] = ['not-null', 'validate-not-null', 'index', 'enable-rls', 'policy', 'decide'];
  let any = false;
  for (const kind of order) {
    for (const t of tables) {
      for (const a of t.actions.filter((x) => x.kind === kind)) {
        any = true;
        out.push(`-- ${t.schema}.${t.name}: ${a.why}`, ...a.sql, '');
      }
    }
  }
  if (!any) out.push(`-- Nothing to change: every table is owned through ${meta.userColumn} or covered, with row-level security and policies.`, '');
  return out.join('\n');
}
