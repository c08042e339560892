/**
 * Catalog reads: the live schema for `readiness` (inside a READ ONLY transaction, catalog
 * queries only) and the table list with row estimates and sizes for `migrate-data`.
 */
import type { Client } from 'pg';
import type { CatalogSnapshot, CatalogTable } from '../core/readiness.js';

/** User tables: ordinary and partitioned tables outside the system schemas, partitions excluded. */
const USER_TABLES = `
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'`;

/** Reads every user table's columns, keys, indexes, checks, row-level security and policies. */
export async function readCatalog(client: Client): Promise<CatalogSnapshot> {
  await client.query('BEGIN TRANSACTION READ ONLY');
  try {
    const version = await client.query<{ v: string; db: string }>('SELECT current_setting(\'server_version\') AS v, current_database() AS db');
    const tables = await client.query<{ oid: number; schema: string; name: string; rls: boolean; force: boolean }>(
      `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS force ${USER_TABLES} ORDER BY 2, 3`,
    );
    const columns = await client.query<{ oid: number; name: string; type: string; nullable: boolean }>(
      `SELECT a.attrelid::int AS oid, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
         FROM pg_attribute a WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attrelid = ANY($1::oid[]) ORDER BY a.attrelid, a.attnum`,
      [tables.rows.map((t) => t.oid)],
    );
    const constraints = await client.query<{ oid: number; name: string; type: string; columns: string[]; ref_schema: string | null; ref_table: string | null; ref_columns: string[] | null; definition: string; validated: boolean }>(
      `SELECT k.conrelid::int AS oid, k.conname AS name, k.contype::text AS type,
              ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord)::text[] AS columns,
              rn.nspname AS ref_schema, rc.relname AS ref_table,
              CASE WHEN k.confrelid = 0 THEN NULL ELSE ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(attnum, ord) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.ord)::text[] END AS ref_columns,
              pg_get_constraintdef(k.oid) AS definition, k.convalidated AS validated
         FROM pg_constraint k LEFT JOIN pg_class rc ON rc.oid = k.confrelid LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
        WHERE k.contype IN ('p', 'f', 'c') AND k.conrelid = ANY($1::oid[]) ORDER BY k.conrelid, k.conname`,
      [tables.rows.map((t) => t.oid)],
    );
    const indexes = await client.query<{ oid: number; name: string; columns: (string | null)[] }>(
      `SELECT i.indrelid::int AS oid, ic.relname AS name,
              ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(attnum, ord) LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.attnum AND u.attnum > 0 ORDER BY u.ord)::text[] AS columns
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
        WHERE i.indrelid = ANY($1::oid[]) AND i.indisvalid AND i.indpred IS NULL ORDER BY 1, 2`,
      [tables.rows.map((t) => t.oid)],
    );
    const policies = await client.query<{ schema: string; table: string; name: string; command: string; using: string | null; with_check: string | null }>(
      'SELECT schemaname AS schema, tablename AS table, policyname AS name, cmd AS command, qual AS using, with_check FROM pg_policies ORDER BY 1, 2, 3',
    );
    const result: CatalogTable[] = tables.rows.map((t) => {
      const own = constraints.rows.filter((k) => k.oid === t.oid);
      return {
        schema: t.schema,
        name: t.name,
        columns: columns.rows.filter((c) => c.oid === t.oid).map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
        primaryKey: own.find((k) => k.type === 'p')?.columns ?? [],
        rls: t.rls,
        forceRls: t.force,
        policies: policies.rows.filter((p) => p.schema === t.schema && p.table === t.name).map((p) => ({ name: p.name, command: p.command, using: p.using, withCheck: p.with_check })),
        indexes: indexes.rows.filter((i) => i.oid === t.oid).map((i) => ({ name: i.name, columns: i.columns })),
        foreignKeys: own
          .filter((k) => k.type === 'f')
          .map((k) => ({ name: k.name, columns: k.columns, refSchema: k.ref_schema!, refTable: k.ref_table!, refColumns: k.ref_columns ?? [] })),
        checks: own.filter((k) => k.type === 'c').map((k) => ({ name: k.name, definition: k.definition, validated: k.validated })),
      };
    });
    return { serverVersion: version.rows[0]!.v.split(' ')[0]!, database: version.rows[0]!.db, tables: result };
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
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
  return rows.map((r) => ({ schema: r.schema, name: r.name, rowEstimate: r.rows === null ? null : Math.max(0, Number(r.rows)), bytes: Number(r.bytes), columns: r.columns ?? [] }));
}
