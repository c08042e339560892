/**
 * Catalog reads: the live schema for `readiness` (inside a READ ONLY transaction, catalog
 * queries only) and the table list with row estimates and sizes for `migrate-data`.
 */
import type { Client } from 'pg';
import type { CatalogSnapshot, CatalogTable, CatalogView } from '../core/readiness-types.js';

/** User tables: ordinary and partitioned tables outside the system schemas, partitions excluded. */
const USER_TABLES = `
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'`;

/** Readiness sees partitions too: each needs its own row-level security and index. */
const USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'";

type Rows<T> = Promise<T[]>;
type Ask = <T>(sql: string, params?: unknown[]) => Rows<T>;

/** Reads every user table's columns, keys, indexes, checks, row-level security and policies, its views and names in use. */
export async function readCatalog(client: Client): Promise<CatalogSnapshot> {
  await client.query('BEGIN TRANSACTION READ ONLY');
  try {
    const ask: Ask = async (sql, params) => (await client.query(sql, params as unknown[])).rows;
    const version = await ask<{ v: string; db: string; major: number }>(
      "SELECT current_setting('server_version') AS v, current_database() AS db, current_setting('server_version_num')::int / 10000 AS major",
    );
    const tables = await ask<{
      oid: number;
      schema: string;
      name: string;
      kind: string;
      rls: boolean;
      force: boolean;
      parent_schema: string | null;
      parent_name: string | null;
    }>(
      `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind, c.relrowsecurity AS rls, c.relforcerowsecurity AS force,
              pn.nspname AS parent_schema, pc.relname AS parent_name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_inherits h ON c.relispartition AND h.inhrelid = c.oid
         LEFT JOIN pg_class pc ON pc.oid = h.inhparent LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE c.relkind IN ('r', 'p') AND ${USER_SCHEMAS} ORDER BY 2, 3`,
    );
    const oids = [tables.map((t) => t.oid)];
    const [columns, constraints, indexes, policies, views, relations] = await Promise.all([
      readColumns(ask, oids),
      readConstraints(ask, oids),
      readIndexes(ask, oids),
      ask<{ oid: number; name: string; command: string; permissive: boolean; roles: string[]; using: string | null; with_check: string | null }>(
        `SELECT p.polrelid::int AS oid, p.polname AS name,
                CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS command,
                p.polpermissive AS permissive,
                ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END FROM unnest(p.polroles) r)::text[] AS roles,
                pg_get_expr(p.polqual, p.polrelid) AS using, pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
           FROM pg_policy p WHERE p.polrelid = ANY($1::oid[]) ORDER BY 1, 2`,
        oids,
      ),
      readViews(ask),
      ask<{ schema: string; name: string }>(
        `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS}`,
      ),
    ]);
    const result: CatalogTable[] = tables.map((t) => {
      const own = constraints.filter((k) => k.oid === t.oid);
      return {
        schema: t.schema,
        name: t.name,
        kind: t.kind === 'p' ? 'partitioned' : 'table',
        partitionOf: t.parent_name === null ? null : { schema: t.parent_schema!, name: t.parent_name },
        columns: columns.filter((c) => c.oid === t.oid).map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
        primaryKey: own.find((k) => k.type === 'p')?.columns ?? [],
        rls: t.rls,
        forceRls: t.force,
        policies: policies
          .filter((p) => p.oid === t.oid)
          .map((p) => ({ name: p.name, command: p.command, permissive: p.permissive, roles: p.roles, using: p.using, withCheck: p.with_check })),
        indexes: indexes
          .filter((i) => i.oid === t.oid)
          .map((i) => ({
            name: i.name,
            columns: i.columns,
            valid: i.valid,
            partitioned: i.partitioned,
            method: i.method,
            unique: i.unique,
            attached: i.attached,
            expressions: i.expressions,
          })),
        foreignKeys: own
          .filter((k) => k.type === 'f')
          .map((k) => ({ name: k.name, columns: k.columns, refSchema: k.ref_schema!, refTable: k.ref_table!, refColumns: k.ref_columns ?? [] })),
        checks: own.filter((k) => k.type === 'c').map((k) => ({ name: k.name, definition: k.definition, validated: k.validated })),
        constraintNames: own.map((k) => k.name),
      };
    });
    return { serverVersion: version[0]!.v.split(' ')[0]!, serverMajor: version[0]!.major, database: version[0]!.db, tables: result, views, relations };
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
}

function readColumns(ask: Ask, oids: unknown[]) {
  return ask<{ oid: number; name: string; type: string; nullable: boolean }>(
    `SELECT a.attrelid::int AS oid, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
       FROM pg_attribute a WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attrelid = ANY($1::oid[]) ORDER BY a.attrelid, a.attnum`,
    oids,
  );
}

function readConstraints(ask: Ask, oids: unknown[]) {
  // Every constraint's name (a new one must not collide); keys, foreign keys and checks in full.
  return ask<{
    oid: number;
    name: string;
    type: string;
    columns: string[];
    ref_schema: string | null;
    ref_table: string | null;
    ref_columns: string[] | null;
    definition: string;
    validated: boolean;
  }>(
    `SELECT k.conrelid::int AS oid, k.conname AS name, k.contype::text AS type,
            ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord)::text[] AS columns,
            rn.nspname AS ref_schema, rc.relname AS ref_table,
            CASE WHEN k.confrelid = 0 THEN NULL ELSE ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(attnum, ord) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.ord)::text[] END AS ref_columns,
            pg_get_constraintdef(k.oid) AS definition, k.convalidated AS validated
       FROM pg_constraint k LEFT JOIN pg_class rc ON rc.oid = k.confrelid LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE k.conrelid = ANY($1::oid[]) ORDER BY k.conrelid, k.conname`,
    oids,
  );
}

function readIndexes(ask: Ask, oids: unknown[]) {
  // Invalid ones too: an interrupted concurrent build leaves one that must be dropped before a rebuild.
  return ask<{
    oid: number;
    name: string;
    columns: (string | null)[];
    valid: boolean;
    partitioned: boolean;
    method: string;
    unique: boolean;
    attached: boolean;
    expressions: boolean;
  }>(
    `SELECT i.indrelid::int AS oid, ic.relname AS name,
            ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(attnum, ord) LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.attnum AND u.attnum > 0 ORDER BY u.ord)::text[] AS columns,
            i.indisvalid AS valid, ic.relkind = 'I' AS partitioned, am.amname AS method, i.indisunique AS unique, ic.relispartition AS attached,
            i.indexprs IS NOT NULL AS expressions
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
      WHERE i.indrelid = ANY($1::oid[]) AND i.indpred IS NULL ORDER BY 1, 2`,
    oids,
  );
}

async function readViews(ask: Ask): Promise<CatalogView[]> {
  const rows = await ask<{ schema: string; name: string; kind: string; options: string[] | null; reads: { schema: string; name: string }[] }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind, c.reloptions AS options,
            coalesce((SELECT json_agg(DISTINCT jsonb_build_object('schema', rn.nspname, 'name', rc.relname))
                        FROM pg_rewrite r JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass
                        JOIN pg_class rc ON rc.oid = d.refobjid JOIN pg_namespace rn ON rn.oid = rc.relnamespace
                       WHERE r.ev_class = c.oid AND d.refobjid <> c.oid), '[]') AS reads
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('v', 'm') AND ${USER_SCHEMAS} ORDER BY 1, 2`,
  );
  return rows.map((r) => ({
    schema: r.schema,
    name: r.name,
    kind: r.kind === 'm' ? 'materialized view' : 'view',
    // reloptions keep the spelling given (true, on, yes, 1): parse_bool's prefixes.
    securityInvoker: (r.options ?? []).some((o) => /^security_invoker=(t|tr|tru|true|y|ye|yes|on|1)$/i.test(o)),
    reads: r.reads.sort((a, b) => (`${a.schema}\0${a.name}` < `${b.schema}\0${b.name}` ? -1 : 1)),
  }));
}

/** One table to copy, with what the catalog knows of its size. */
export interface TableInfo {
  schema: string;
  name: string;
  /** The planner's row estimate (partitions summed); null when never analysed (unknown). */
  rowEstimate: number | null;
  /** Total size with indexes and TOAST; a partitioned table's is the sum of its partitions'. */
  bytes: number;
  /** Every column, in order (the checksum's row alias must differ from each). */
  columns: string[];
}

/** Runs one read-only query and returns its rows (a pg client, or psql inside a container). */
export type Query = <T>(sql: string) => Promise<T[]>;

/**
 * User tables with row estimates and total sizes. A partitioned table holds no rows itself:
 * its figures are its leaf partitions' (reltuples -1 on any of them means never analysed).
 */
export async function listTables(query: Query): Promise<TableInfo[]> {
  const rows = await query<{ schema: string; name: string; rows: string | null; bytes: string; columns: string[] }>(
    `SELECT n.nspname AS schema, c.relname AS name,
            CASE WHEN c.relkind = 'p' THEN (SELECT CASE WHEN count(*) = 0 THEN '0' WHEN bool_or(l.reltuples < 0) THEN NULL ELSE sum(l.reltuples)::bigint::text END
                                              FROM pg_partition_tree(c.oid) t JOIN pg_class l ON l.oid = t.relid WHERE t.isleaf AND t.relid <> c.oid)
                 WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint::text END AS rows,
            CASE WHEN c.relkind = 'p' THEN (SELECT coalesce(sum(pg_total_relation_size(t.relid)), 0) FROM pg_partition_tree(c.oid) t)::text
                 ELSE pg_total_relation_size(c.oid)::text END AS bytes,
            ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)::text[] AS columns
     ${USER_TABLES} ORDER BY 1, 2`,
  );
  return rows.map((r) => ({
    schema: r.schema,
    name: r.name,
    rowEstimate: r.rows === null ? null : Math.max(0, Number(r.rows)),
    bytes: Number(r.bytes),
    columns: r.columns ?? [],
  }));
}
