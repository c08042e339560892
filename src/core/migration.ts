/**
 * The pure side of `migrate-data`: pairing sources with targets by the stack's database names,
 * the verification queries, and the comparison of both sides table by table.
 */

/** `NAME=URL` from a --from / --to flag. */
interface NamedUrl {
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
interface Pairing {
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
  for (const n of new Set(targets))
    if (known.has(n) && !sources.includes(n)) problems.push(`Database "${n}" has a target but no source: add --from ${n}=URL (or --from-compose FILE).`);
  const pairs = stackDatabases.filter((n) => sources.includes(n) && targets.includes(n));
  return { pairs, problems };
}

/** One table as the verification sees it. */
interface TableRef {
  schema: string;
  name: string;
  /** Every column's name: the row alias of the checksum must not be one of them. */
  columns: readonly string[];
}

/** Session settings that make a row's text the same on both servers (time zone, styles, floats, bytea, money). */
export const STABLE_TEXT_SETTINGS = [
  "SET TimeZone = 'UTC'",
  "SET DateStyle = 'ISO, MDY'",
  "SET IntervalStyle = 'postgres'",
  'SET extra_float_digits = 3',
  "SET bytea_output = 'hex'",
  "SET lc_monetary = 'C'",
];

/** An identifier, always quoted (a reserved word, mixed case or a quote inside stays one name). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string literal for the verification queries. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * A table alias that is none of the table's column names: with an alias equal to a column name,
 * `alias::text` would be that column alone (the column wins), and two tables that differ
 * elsewhere would compare equal.
 */
export function rowAlias(columns: readonly string[]): string {
  const taken = new Set(columns);
  let alias = 'stackfare_row';
  for (let i = 1; taken.has(alias); i += 1) alias = `stackfare_row_${i}`;
  return alias;
}

/**
 * Row count and a checksum of every column of every row: the sum, over the rows, of two 64-bit
 * hashes of the row's text image (its whole-row value under a non-column alias). A sum does not
 * depend on the order rows come in, so it needs no sort, no primary key and no collation (a text
 * key sorts differently under en_US and C); as a multiset hash it still counts duplicate rows.
 */
export function verifyQuery(table: TableRef): string {
  const a = rowAlias(table.columns);
  return `SELECT count(*)::text AS rows, coalesce(sum(hashtextextended(${a}::text, 0)), 0)::text || '/' || coalesce(sum(hashtextextended(${a}::text, 1)), 0)::text AS checksum FROM ${ident(table.schema)}.${ident(table.name)} AS ${a}`;
}

/** Large objects: how many, and a checksum over each one's oid and content. */
export const LARGE_OBJECTS_QUERY = `SELECT count(*)::text AS count, coalesce(sum(hashtextextended(oid::text || ':' || md5(lo_get(oid)), 0)::numeric), 0)::text AS checksum FROM pg_largeobject_metadata`;

/** Every sequence's last value (null when never used or not readable). */
export const SEQUENCES_QUERY = `SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) AS name, last_value::text AS value FROM pg_sequences WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`;

const USER_SCHEMA = (col: string) => `${col} NOT IN ('pg_catalog', 'information_schema') AND ${col} NOT LIKE 'pg\\_toast%' AND ${col} NOT LIKE 'pg\\_temp\\_%'`;
const NOT_EXTENSION_MEMBER = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

/**
 * Every user object by kind and qualified name (extension members left out: the extension stands
 * for them): schemas, relations, indexes, routines, types and extensions.
 */
export const INVENTORY_QUERY = `
SELECT kind, name FROM (
  SELECT 'schema' AS kind, quote_ident(nspname) AS name FROM pg_namespace WHERE ${USER_SCHEMA('nspname')} AND nspname <> 'public'
  UNION ALL
  SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' WHEN 'c' THEN 'type' ELSE 'index' END,
         quote_ident(n.nspname) || '.' || quote_ident(c.relname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c', 'i', 'I') AND ${USER_SCHEMA('n.nspname')} AND ${NOT_EXTENSION_MEMBER('pg_class', 'c.oid')}
  UNION ALL
  SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
         quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')'
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${USER_SCHEMA('n.nspname')} AND ${NOT_EXTENSION_MEMBER('pg_proc', 'p.oid')}
  UNION ALL
  SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END, quote_ident(n.nspname) || '.' || quote_ident(t.typname)
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE t.typtype IN ('e', 'd', 'r', 'm', 'b') AND t.typelem = 0 AND ${USER_SCHEMA('n.nspname')} AND ${NOT_EXTENSION_MEMBER('pg_type', 't.oid')}
     AND NOT EXISTS (SELECT 1 FROM pg_range r WHERE r.rngmultitypid = t.oid)
  UNION ALL
  SELECT 'extension', quote_ident(extname) FROM pg_extension WHERE extname <> 'plpgsql'
) o ORDER BY 1, 2`;

/** An object in a database. */
export interface ObjectRef {
  kind: string;
  name: string;
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

/** Everything but the tables that one side reads: sequences, large objects and the object list. */
export interface DatabaseFigures {
  sequences: { name: string; value: string | null }[];
  largeObjects: { count: number; checksum: string };
  objects: ObjectRef[];
}

/** The differences outside the tables, each as a short phrase naming the object. */
export interface ExtraComparison {
  /** Sequences whose last value differs or that one side lacks. */
  sequences: { name: string; source: string | null; target: string | null }[];
  largeObjects: { source: number; target: number; ok: boolean };
  onlyOnTarget: ObjectRef[];
  onlyOnSource: ObjectRef[];
}

/** Compares sequences, large objects and the object lists of both sides. */
export function compareExtras(source: DatabaseFigures, target: DatabaseFigures): ExtraComparison {
  // A sequence on one side only is named by the object lists; here both sides have it.
  const tv = new Map(target.sequences.map((s) => [s.name, s.value]));
  const sequences = source.sequences
    .filter((s) => tv.has(s.name) && tv.get(s.name) !== s.value)
    .map((s) => ({ name: s.name, source: s.value, target: tv.get(s.name) ?? null }));
  const key = (o: ObjectRef) => `${o.kind} ${o.name}`;
  const sk = new Set(source.objects.map(key));
  const tk = new Set(target.objects.map(key));
  return {
    sequences,
    largeObjects: {
      source: source.largeObjects.count,
      target: target.largeObjects.count,
      ok: source.largeObjects.count === target.largeObjects.count && source.largeObjects.checksum === target.largeObjects.checksum,
    },
    onlyOnTarget: target.objects.filter((o) => !sk.has(key(o))),
    onlyOnSource: source.objects.filter((o) => !tk.has(key(o))),
  };
}

/** What makes the comparison fail outside the tables, one phrase each (extensions only on the target are allowed: platforms add their own). */
export function extraDifferences(database: string, extra: ExtraComparison): string[] {
  const out: string[] = [];
  for (const s of extra.sequences) out.push(`${database} sequence ${s.name} (last value ${s.source ?? 'unset'} -> ${s.target ?? 'unset'})`);
  if (!extra.largeObjects.ok)
    out.push(
      `${database} large objects (${extra.largeObjects.source} -> ${extra.largeObjects.target}${extra.largeObjects.source === extra.largeObjects.target ? ', content differs' : ''})`,
    );
  for (const o of extra.onlyOnSource) out.push(`${database} ${o.kind} ${o.name} missing on the target`);
  for (const o of extra.onlyOnTarget.filter((x) => x.kind !== 'extension')) out.push(`${database} ${o.kind} ${o.name} only on the target`);
  return out;
}
