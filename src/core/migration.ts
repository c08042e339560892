/**
 * The pure side of `migrate-data`: pairing sources with targets by the stack's database names,
 * the verification queries, and the comparison of both sides table by table.
 */
import { quoteIdent } from './readiness.js';

/** `NAME=URL` from a --from / --to flag. */
export interface NamedUrl {
  name: string;
  url: string;
}

/** Splits `NAME=URL`; null when there is no name before the first `=`. */
export function splitNamedUrl(raw: string): NamedUrl | null {
  const eq = raw.indexOf('=');
  if (eq <= 0) return null;
  return { name: raw.slice(0, eq).trim(), url: raw.slice(eq + 1).trim() };
}

/** The result of pairing: matched names in the stack's order, or the problems found. */
export interface Pairing {
  pairs: string[];
  /** Each problem as one sentence naming the database. */
  problems: string[];
}

/**
 * Pairs sources and targets by name. Every name must be one of the stack's databases, and every
 * source needs a target and every target a source.
 */
export function pairDatabases(stackDatabases: readonly string[], sources: readonly string[], targets: readonly string[]): Pairing {
  const problems: string[] = [];
  const known = new Set(stackDatabases);
  const list = stackDatabases.length > 0 ? stackDatabases.join(', ') : '(the stack has no database)';
  for (const [names, flag] of [
    [sources, '--from'],
    [targets, '--to'],
  ] as const) {
    const seen = new Set<string>();
    for (const n of names) {
      if (seen.has(n)) problems.push(`${flag} names database "${n}" twice.`);
      seen.add(n);
      if (!known.has(n)) problems.push(`${flag} ${n}=...: "${n}" is not a database of the stack (its databases: ${list}).`);
    }
  }
  for (const n of new Set(sources)) if (known.has(n) && !targets.includes(n)) problems.push(`Database "${n}" has a source but no target: add --to ${n}=URL.`);
  for (const n of new Set(targets)) if (known.has(n) && !sources.includes(n)) problems.push(`Database "${n}" has a target but no source: add --from ${n}=URL (or --from-compose FILE).`);
  const pairs = stackDatabases.filter((n) => sources.includes(n) && targets.includes(n));
  return { pairs, problems };
}

/** One table as the verification sees it. */
export interface TableRef {
  schema: string;
  name: string;
  /** Primary key columns; empty: the checksum orders by each row's hash instead. */
  primaryKey: string[];
}

/** Session settings that make a row's text the same on both servers (time zone, styles, floats, bytea). */
export const STABLE_TEXT_SETTINGS = [
  "SET TimeZone = 'UTC'",
  "SET DateStyle = 'ISO, MDY'",
  "SET IntervalStyle = 'postgres'",
  'SET extra_float_digits = 3',
  "SET bytea_output = 'hex'",
];

/**
 * Row count, and with `checksum` an md5 over every row's text in primary-key order (or in hash
 * order without a key): equal on both sides means the same rows with the same values.
 */
export function verifyQuery(table: TableRef, checksum: boolean): string {
  const from = `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
  if (!checksum) return `SELECT count(*)::text AS rows, NULL::text AS checksum FROM ${from}`;
  if (table.primaryKey.length > 0) {
    const order = table.primaryKey.map((c) => `t.${quoteIdent(c)}`).join(', ');
    return `SELECT count(*)::text AS rows, md5(coalesce(string_agg(md5(t::text), '' ORDER BY ${order}), '')) AS checksum FROM ${from} t`;
  }
  return `SELECT count(*)::text AS rows, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS checksum FROM (SELECT md5(t::text) AS h FROM ${from} t) x`;
}

/** One side's figures for a table; null when the table is missing there. */
export interface TableFigures {
  rows: number;
  checksum: string | null;
}

/** One row of the result table. */
export interface TableComparison {
  database: string;
  table: string;
  sourceRows: number;
  targetRows: number | null;
  checksum: 'match' | 'differs' | 'skipped';
  ok: boolean;
}

/** Compares both sides of one table. */
export function compareTable(database: string, table: string, source: TableFigures, target: TableFigures | null): TableComparison {
  if (!target) return { database, table, sourceRows: source.rows, targetRows: null, checksum: 'skipped', ok: false };
  const checksum = source.checksum === null || target.checksum === null ? 'skipped' : source.checksum === target.checksum ? 'match' : 'differs';
  return { database, table, sourceRows: source.rows, targetRows: target.rows, checksum, ok: source.rows === target.rows && checksum !== 'differs' };
}
