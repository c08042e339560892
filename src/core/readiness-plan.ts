/**
 * The per-table and per-view plan behind `readiness`: who owns each table (its user column, a
 * foreign key to an owned table, or nobody yet), what is missing (NOT NULL, index, row-level
 * security, an isolating policy), and the statements that add it. Partitions follow the table
 * they belong to but get their own row-level security and index; views over owned rows get
 * security_invoker. Pure: everything comes from the catalog snapshot.
 */

import { checkForbidsNull, judgePolicies, type Ownership } from './readiness-policy.js';
import { doBlock, ident, literal, NameSpace, qualified } from './readiness-sql.js';
import type { CatalogSnapshot, CatalogTable, CatalogView, ReadinessAction, ReadinessTable, ReadinessView } from './readiness-types.js';

type ForeignKey = CatalogTable['foreignKeys'][number];
type Ref = { schema: string; name: string };

/** Map key of a table: a NUL cannot occur in a name, so "a.b"."c" and "a"."b.c" stay apart. */
const keyOf = (t: Ref) => `${t.schema}\u0000${t.name}`;
/** How the JSON names a table (`schema.table`, the contract since version 1). */
const shown = (t: Ref) => `${t.schema}.${t.name}`;

interface Ctx {
  col: string;
  setting: string;
  byKey: Map<string, CatalogTable>;
  partitions: Map<string, CatalogTable[]>;
  owned: Set<string>;
  coveredBy: Map<string, string>;
  via: Map<string, ForeignKey>;
  relationNames: Map<string, NameSpace>;
}

/** Plans every table, roots and partitions, in the snapshot's order. */
export function planTables(snapshot: CatalogSnapshot, col: string, setting: string): { tables: ReadinessTable[] } {
  const byKey = new Map(snapshot.tables.map((t) => [keyOf(t), t]));
  const partitions = new Map<string, CatalogTable[]>();
  for (const t of snapshot.tables) if (t.partitionOf) partitions.set(keyOf(t.partitionOf), [...(partitions.get(keyOf(t.partitionOf)) ?? []), t]);
  const relationNames = new Map<string, NameSpace>();
  for (const r of snapshot.relations ?? [...snapshot.tables, ...(snapshot.views ?? [])]) {
    if (!relationNames.has(r.schema)) relationNames.set(r.schema, new NameSpace([]));
    relationNames.get(r.schema)!.use(r.name);
  }
  const ctx: Ctx = {
    col,
    setting,
    byKey,
    partitions,
    relationNames,
    ...ownership(
      snapshot.tables.filter((t) => !t.partitionOf),
      col,
    ),
  };
  return { tables: snapshot.tables.map((t) => planTable(t, ctx)) };
}

/** The top of a partition tree (the table itself when it is no partition). */
function rootOf(t: CatalogTable, ctx: Ctx): CatalogTable {
  let r = t;
  for (let p = r.partitionOf; p && ctx.byKey.has(keyOf(p)); p = r.partitionOf) r = ctx.byKey.get(keyOf(p))!;
  return r;
}

/** Owned roots, then breadth first through foreign keys: coveredBy[table] = its owner, via[table] = the key taken. */
function ownership(roots: CatalogTable[], col: string): Pick<Ctx, 'owned' | 'coveredBy' | 'via'> {
  const owned = new Set(roots.filter((t) => t.columns.some((c) => c.name === col)).map(keyOf));
  const coveredBy = new Map<string, string>([...owned].map((o) => [o, o]));
  const via = new Map<string, ForeignKey>();
  let frontier = new Set(owned);
  const reached = new Set(owned);
  while (frontier.size > 0) {
    const next = new Set<string>();
    for (const t of roots) {
      const k = keyOf(t);
      if (reached.has(k)) continue;
      const fk = t.foreignKeys.find((f) => frontier.has(keyOf({ schema: f.refSchema, name: f.refTable })));
      if (!fk) continue;
      reached.add(k);
      via.set(k, fk);
      coveredBy.set(k, coveredBy.get(keyOf({ schema: fk.refSchema, name: fk.refTable }))!);
      next.add(k);
    }
    frontier = next;
  }
  return { owned, coveredBy, via };
}

function planTable(t: CatalogTable, ctx: Ctx): ReadinessTable {
  const root = rootOf(t, ctx);
  const k = keyOf(root);
  const base = {
    schema: t.schema,
    name: t.name,
    rls: t.rls,
    policies: t.policies.map((p) => p.name),
    partitionOf: t.partitionOf ? shown(t.partitionOf) : null,
  };
  if (ctx.owned.has(k)) return { ...base, ...ownedTable(t, t === root, ctx) };
  const owner = ctx.coveredBy.get(k);
  if (owner) return { ...base, ...coveredTable(t, t === root, ctx.via.get(k)!, owner, ctx) };
  return {
    ...base,
    userColumn: null,
    nullable: null,
    indexed: null,
    foreignKey: null,
    isolated: false,
    coveredBy: null,
    status: 'decide',
    actions: t.partitionOf ? [] : [decideAction(t, ctx.col)],
  };
}

type Planned = Omit<ReadinessTable, 'schema' | 'name' | 'rls' | 'policies' | 'partitionOf'>;

/** The session's user id in the column's type: NULL (no rows) when the setting is unset or '' (a pooled session after SET LOCAL). */
function sessionUser(setting: string, type: string): string {
  return `NULLIF(current_setting(${literal(setting)}, true), '')::${type}`;
}

function ownedTable(t: CatalogTable, isRoot: boolean, ctx: Ctx): Planned {
  const column = t.columns.find((c) => c.name === ctx.col)!;
  const validated = t.checks.some((c) => c.validated && checkForbidsNull(c.definition, ctx.col));
  const nullable = column.nullable && !validated;
  const actions: ReadinessAction[] = [];
  // A partition's column follows its parent's SET NOT NULL.
  if (nullable && isRoot) actions.push(notNullAction(t, ctx.col));
  const index = isRoot
    ? indexAction(t, [ctx.col], ctx, `Every query and every policy filters on ${ident(ctx.col)}; without an index each one scans the whole table.`)
    : leafIndexed(t, [ctx.col]);
  if (index.action) actions.push(index.action);
  const condition = `${ident(ctx.col)} = ${sessionUser(ctx.setting, column.type)}`;
  const rls = rlsActions(t, { column: ctx.col }, condition, `rows whose ${ident(ctx.col)} is the session's user (${ctx.setting})`);
  actions.push(...rls.actions);
  const fk = t.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === ctx.col);
  return {
    userColumn: ctx.col,
    nullable,
    indexed: index.indexed,
    foreignKey: fk ? shown({ schema: fk.refSchema, name: fk.refTable }) : null,
    isolated: rls.isolated,
    coveredBy: null,
    status: 'owned',
    actions,
  };
}

function coveredTable(t: CatalogTable, isRoot: boolean, fk: ForeignKey, owner: string, ctx: Ctx): Planned {
  const parent = ctx.byKey.get(keyOf({ schema: fk.refSchema, name: fk.refTable }))!;
  const why = `The policy looks up the owning ${qualified(parent)} row through ${fk.columns.map(ident).join(', ')} for every row read; an index keeps that a lookup, not a scan.`;
  const index = isRoot ? indexAction(t, fk.columns, ctx, why) : leafIndexed(t, fk.columns);
  const join = fk.columns.map((c, n) => `"p".${ident(fk.refColumns[n]!)} = ${qualified(t)}.${ident(c)}`).join(' AND ');
  // The parent's own policy filters the subquery too (policies apply inside policy expressions),
  // so a chain messages → conversations → ... needs no user column of its own.
  const parentColumn = ctx.owned.has(keyOf(parent)) ? parent.columns.find((c) => c.name === ctx.col) : undefined;
  const cond = parentColumn ? ` AND "p".${ident(ctx.col)} = ${sessionUser(ctx.setting, parentColumn.type)}` : '';
  const condition = `EXISTS (SELECT 1 FROM ${qualified(parent)} "p" WHERE ${join}${cond})`;
  const rls = rlsActions(t, { parent: parent.name, columns: fk.columns }, condition, `rows whose ${qualified(parent)} row belongs to the session's user`);
  const ownerTable = ctx.byKey.get(owner)!;
  return {
    userColumn: null,
    nullable: null,
    indexed: index.indexed,
    foreignKey: shown({ schema: fk.refSchema, name: fk.refTable }),
    isolated: rls.isolated,
    coveredBy: shown(ownerTable),
    status: 'covered',
    actions: [...(index.action ? [index.action] : []), ...rls.actions],
  };
}

function decideAction(t: CatalogTable, col: string): ReadinessAction {
  return {
    kind: 'decide',
    why: `${qualified(t)} has no ${ident(col)} and reaches no owned table through foreign keys: decide whether it is shared by every user (leave it), belongs to a user (add ${ident(col)}), or hangs off an owned table (add that foreign key).`,
    sql: [`-- ALTER TABLE ${qualified(t)} ADD COLUMN ${ident(col)} uuid; -- only if its rows belong to one user`],
  };
}

/**
 * SET NOT NULL inside the file's transaction: one scan under the lock the transaction already
 * holds. A large table can be validated ahead, without blocking writes, by the commented steps.
 */
function notNullAction(t: CatalogTable, col: string): ReadinessAction {
  const name = qualified(t);
  const pending = t.checks.find((c) => !c.validated && checkForbidsNull(c.definition, col));
  const constraint = pending ? pending.name : new NameSpace(t.constraintNames ?? t.checks.map((c) => c.name)).take(t.name, col, 'not_null');
  const ahead = pending
    ? [`-- Ahead of this file, for a large table (no write blocked): ALTER TABLE ${name} VALIDATE CONSTRAINT ${ident(constraint)};`]
    : [
        `-- Ahead of this file, for a large table (no write blocked): ALTER TABLE ${name} ADD CONSTRAINT ${ident(constraint)} CHECK (${ident(col)} IS NOT NULL) NOT VALID;`,
        `--   then: ALTER TABLE ${name} VALIDATE CONSTRAINT ${ident(constraint)};`,
      ];
  return {
    kind: pending ? 'validate-not-null' : 'not-null',
    why: `Rows without ${ident(col)} belong to nobody and every user's filter skips them. Backfill them first; SET NOT NULL then checks every row under the transaction's lock, or skips the scan when a validated CHECK (${ident(col)} IS NOT NULL) already proves it (PostgreSQL 12+).`,
    sql: [
      `-- Backfill the rows that have no owner yet, e.g.: UPDATE ${name} SET ${ident(col)} = '<your user id>' WHERE ${ident(col)} IS NULL;`,
      ...ahead,
      `ALTER TABLE ${name} ALTER COLUMN ${ident(col)} SET NOT NULL;`,
    ],
  };
}

const startsWith = (cols: (string | null)[], want: string[]) => want.every((c, n) => cols[n] === c);

/** Whether a table has a valid index led by the columns. */
function leafIndexed(t: CatalogTable, cols: string[]): { indexed: boolean; action: null } {
  return { indexed: t.indexes.some((i) => i.valid !== false && startsWith(i.columns, cols)), action: null };
}

/** The index name: an INVALID one on the same columns (left by an interrupted build) is rebuilt under its name; otherwise a free one. */
function indexName(t: CatalogTable, cols: string[], ctx: Ctx, partitioned: boolean): { name: string; invalid: boolean } {
  const leftover = t.indexes.find(
    (i) => i.valid === false && !!i.partitioned === partitioned && i.columns.length === cols.length && startsWith(i.columns, cols),
  );
  if (leftover) return { name: leftover.name, invalid: true };
  if (!ctx.relationNames.has(t.schema)) ctx.relationNames.set(t.schema, new NameSpace([]));
  return { name: ctx.relationNames.get(t.schema)!.take('idx', t.name, ...cols), invalid: false };
}

/**
 * Drops an INVALID plain index of this name left by an interrupted concurrent build (IF NOT
 * EXISTS would keep it forever). Known at read time: DROP INDEX CONCURRENTLY. Found when the
 * file runs again: a DO block drops it (not concurrently: a function cannot), never waiting
 * more than 5 s for the lock.
 */
function repairIndex(schema: string, name: string, knownInvalid: boolean): string[] {
  const body =
    `BEGIN IF EXISTS (SELECT 1 FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace` +
    ` WHERE n.nspname = ${literal(schema)} AND c.relname = ${literal(name)} AND c.relkind = 'i' AND NOT i.indisvalid) THEN` +
    ` PERFORM pg_catalog.set_config('lock_timeout', '5s', true); EXECUTE pg_catalog.format('DROP INDEX %I.%I', ${literal(schema)}, ${literal(name)}); END IF; END`;
  return [...(knownInvalid ? [`DROP INDEX CONCURRENTLY IF EXISTS ${qualified({ schema, name })};`] : []), doBlock(body)];
}

/** One concurrent build on a plain table (or partition), repairing a leftover first. */
function buildIndex(t: CatalogTable, cols: string[], ctx: Ctx): { name: string; sql: string[] } {
  const { name, invalid } = indexName(t, cols, ctx, false);
  const columns = cols.map(ident).join(', ');
  return { name, sql: [...repairIndex(t.schema, name, invalid), `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${ident(name)} ON ${qualified(t)} (${columns});`] };
}

/** An index of a partition that can be attached as is: valid, plain btree on exactly the columns. */
function attachable(t: CatalogTable, cols: string[]): string | null {
  const i = t.indexes.find(
    (x) =>
      x.valid !== false &&
      !x.partitioned &&
      !x.attached &&
      !x.unique &&
      !x.expressions &&
      (x.method ?? 'btree') === 'btree' &&
      x.columns.length === cols.length &&
      startsWith(x.columns, cols),
  );
  return i ? i.name : null;
}

/**
 * A partitioned table cannot build CONCURRENTLY: its index is created ON ONLY itself (empty,
 * invalid), each partition's index is built concurrently (or an equal one reused) and attached;
 * the last attach makes the parent valid, and later partitions get it automatically.
 */
function partitionedIndex(t: CatalogTable, cols: string[], ctx: Ctx, existing?: string): { name: string; sql: string[] } {
  const name = existing ?? indexName(t, cols, ctx, true).name;
  const parentIndex = qualified({ schema: t.schema, name });
  const sql = existing ? [] : [`CREATE INDEX IF NOT EXISTS ${ident(name)} ON ONLY ${qualified(t)} (${cols.map(ident).join(', ')});`];
  for (const p of ctx.partitions.get(keyOf(t)) ?? []) {
    // Attached by an earlier, interrupted run: a leaf is done; a sub-partitioned table carries on under that index.
    const done = p.indexes.find((x) => x.attached && x.columns.length === cols.length && startsWith(x.columns, cols));
    if (done && p.kind !== 'partitioned') continue;
    if (done) {
      sql.push(...partitionedIndex(p, cols, ctx, done.name).sql);
      continue;
    }
    const reuse = p.kind === 'partitioned' ? null : attachable(p, cols);
    const built = p.kind === 'partitioned' ? partitionedIndex(p, cols, ctx) : reuse ? { name: reuse, sql: [] } : buildIndex(p, cols, ctx);
    sql.push(...built.sql, `ALTER INDEX ${parentIndex} ATTACH PARTITION ${qualified({ schema: p.schema, name: built.name })};`);
  }
  return { name, sql };
}

/** The index a root table needs, if any; partitions are built and attached from their root. */
function indexAction(t: CatalogTable, cols: string[], ctx: Ctx, why: string): { indexed: boolean; action: ReadinessAction | null } {
  if (leafIndexed(t, cols).indexed) return { indexed: true, action: null };
  const partitioned = t.kind === 'partitioned';
  const { sql } = partitioned ? partitionedIndex(t, cols, ctx) : buildIndex(t, cols, ctx);
  const how = partitioned
    ? ' A partitioned table cannot build CONCURRENTLY: the index is made ON ONLY the parent, built concurrently on each partition and attached.'
    : ' CONCURRENTLY builds it without locking writes (it cannot run inside a transaction, so it runs after COMMIT).';
  return {
    indexed: false,
    action: { kind: 'index', why: `${why}${how} An INVALID index of the same name, left by an interrupted build, is dropped first.`, sql },
  };
}

/**
 * Row-level security on, forced (the API usually connects as the owner, which RLS skips
 * otherwise), and a policy, unless the policies already isolate. A permissive policy that lets
 * other rows through is closed by a restrictive one: permissive policies are OR-ed, restrictive
 * ones AND-ed. The user's own policies are never dropped.
 */
function rlsActions(t: CatalogTable, owner: Ownership, condition: string, what: string): { isolated: boolean; actions: ReadinessAction[] } {
  const name = qualified(t);
  const actions: ReadinessAction[] = [];
  const verdict = judgePolicies(t.policies, owner);
  if (!t.rls || !t.forceRls) {
    actions.push({
      kind: 'enable-rls',
      why: `Row-level security makes the database itself refuse other users' rows, even when a query forgets its filter. FORCE applies it to the table's owner too, which is usually the role the API connects as.${t.partitionOf ? " A partition queried by its own name applies its own policies, not its parent's." : ''}`,
      sql: [...(t.rls ? [] : [`ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY;`]), `ALTER TABLE ${name} FORCE ROW LEVEL SECURITY;`],
    });
  }
  if (!verdict.isolated) {
    const names = new NameSpace(t.policies.map((p) => p.name));
    const permissive = names.take(t.name, 'user_isolation');
    const sql = [
      `DROP POLICY IF EXISTS ${ident(permissive)} ON ${name};`,
      `CREATE POLICY ${ident(permissive)} ON ${name} AS PERMISSIVE FOR ALL TO PUBLIC USING (${condition}) WITH CHECK (${condition});`,
    ];
    let why =
      t.policies.length === 0
        ? `With row-level security on and no policy nobody sees any row; this policy lets each session see and write only ${what}.`
        : `The existing policies do not limit every command to the session user's rows; this policy lets each session see and write only ${what}.`;
    if (verdict.leaking.length > 0) {
      const restrictive = names.take(t.name, 'user_isolation_restrictive');
      sql.push(
        `DROP POLICY IF EXISTS ${ident(restrictive)} ON ${name};`,
        `CREATE POLICY ${ident(restrictive)} ON ${name} AS RESTRICTIVE FOR ALL TO PUBLIC USING (${condition}) WITH CHECK (${condition});`,
      );
      why += ` Permissive policies are OR-ed, so ${verdict.leaking.map((l) => `${ident(l.name)} (${l.why})`).join('; ')} would still show other users' rows: a RESTRICTIVE policy, AND-ed with every other, closes the table. Consider dropping the open one(s).`;
    }
    actions.push({ kind: 'policy', why, sql });
  }
  const isolated = t.rls && t.forceRls && verdict.isolated;
  return { isolated, actions };
}

/**
 * Views run their query as the view's owner by default: a superuser or BYPASSRLS owner reads
 * every user's rows through them. security_invoker (PostgreSQL 15+) makes them read as the
 * querying role, so the tables' policies apply. A materialized view stores a copy of the rows:
 * row-level security never applies to it.
 */
export function planViews(snapshot: CatalogSnapshot, tables: readonly ReadinessTable[], major: number): ReadinessView[] {
  const isolatedRows = new Set(tables.filter((t) => t.status !== 'decide').map(keyOf));
  const views = snapshot.views ?? [];
  const touching = new Set<string>();
  // Views over views: repeat until no new view reads a touched one.
  for (let changed = true; changed; ) {
    changed = false;
    for (const v of views) {
      if (touching.has(keyOf(v)) || !v.reads.some((r) => isolatedRows.has(keyOf(r)) || touching.has(keyOf(r)))) continue;
      touching.add(keyOf(v));
      changed = true;
    }
  }
  return views.filter((v) => touching.has(keyOf(v))).map((v) => planView(v, isolatedRows, touching, major));
}

function planView(v: CatalogView, isolatedRows: Set<string>, touching: Set<string>, major: number): ReadinessView {
  const reads = v.reads.filter((r) => isolatedRows.has(keyOf(r)) || touching.has(keyOf(r))).map(shown);
  const base = { schema: v.schema, name: v.name, kind: v.kind, reads, securityInvoker: v.securityInvoker };
  if (v.kind === 'materialized view') {
    return {
      ...base,
      status: 'leaks',
      actions: [
        {
          kind: 'decide',
          why: `${qualified(v)} is a materialized view over owned rows: it stores a copy, and row-level security never applies to it, so anyone who may read it sees every user's rows. Revoke it from the API's role, or replace it with a view (security_invoker) or a table carrying the user column.`,
          sql: [`-- REVOKE ALL ON ${qualified(v)} FROM <the API's role>;`],
        },
      ],
    };
  }
  if (v.securityInvoker) return { ...base, status: 'isolated', actions: [] };
  const why = `${qualified(v)} reads owned rows as its owner; when that owner is a superuser or has BYPASSRLS (migrations often run as one), it shows every user's rows.`;
  if (major >= 15) {
    return {
      ...base,
      status: 'fix',
      actions: [
        {
          kind: 'security-invoker',
          why: `${why} security_invoker = true makes it read as the querying role, so the tables' policies apply (that role then needs SELECT on the tables it reads).`,
          sql: [`ALTER VIEW ${qualified(v)} SET (security_invoker = true);`],
        },
      ],
    };
  }
  return {
    ...base,
    status: 'decide',
    actions: [
      {
        kind: 'decide',
        why: `${why} security_invoker needs PostgreSQL 15: until then make its owner a role without BYPASSRLS, or revoke it from the API's role.`,
        sql: [`-- ALTER VIEW ${qualified(v)} OWNER TO <a role subject to row-level security>;`],
      },
    ],
  };
}
