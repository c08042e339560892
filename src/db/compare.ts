/**
 * The comparison of a copy: each side's figures read on its own connection, both sides at the
 * same time (the two servers work in parallel), then compared table by table, sequence by
 * sequence, large objects and the list of objects.
 */
import {
  compareExtras,
  compareTable,
  type DatabaseFigures,
  type ExtraComparison,
  INVENTORY_QUERY,
  LARGE_OBJECTS_QUERY,
  type ObjectRef,
  SEQUENCES_QUERY,
  type TableComparison,
  type TableFigures,
  verifyQuery,
} from '../core/migration.js';
import { listTables, type Query, type TableInfo } from './catalog.js';

/** One side's figures: each table's count and checksum, sequences, large objects, objects. */
export interface SideFigures extends DatabaseFigures {
  tables: Map<string, TableFigures>;
}

/** Reads one side's figures for `tables` (those missing on this side are left out). */
export async function readFigures(query: Query, tables: readonly TableInfo[]): Promise<SideFigures> {
  const present = new Map((await listTables(query)).map((t) => [`${t.schema}.${t.name}`, t]));
  const figures = new Map<string, TableFigures>();
  for (const t of tables) {
    const here = present.get(`${t.schema}.${t.name}`);
    if (!here) continue;
    // This side's own columns choose the alias: a column added on one side still changes the checksum.
    const [row] = await query<{ rows: string; checksum: string }>(verifyQuery(here));
    figures.set(`${t.schema}.${t.name}`, { rows: Number(row!.rows), checksum: row!.checksum });
  }
  const sequences = await query<{ name: string; value: string | null }>(SEQUENCES_QUERY);
  const [lo] = await query<{ count: string; checksum: string }>(LARGE_OBJECTS_QUERY);
  const objects = await query<ObjectRef>(INVENTORY_QUERY);
  return { tables: figures, sequences, largeObjects: { count: Number(lo!.count), checksum: lo!.checksum }, objects };
}

/** The comparison of one database. */
export interface DatabaseComparison {
  database: string;
  tables: TableComparison[];
  extra: ExtraComparison;
}

/** Compares figures read before (the source's, during the copy in the dump's own snapshot) with the target's. */
export function compareFigures(database: string, sourceTables: readonly TableInfo[], s: SideFigures, t: SideFigures): DatabaseComparison {
  const tables = sourceTables.map((info) => {
    const key = `${info.schema}.${info.name}`;
    return compareTable(database, key, s.tables.get(key)!, t.tables.get(key) ?? null);
  });
  return { database, tables, extra: compareExtras(s, t) };
}

/** Reads both sides at once and compares them; the source's table list is what is compared. */
export async function compareDatabases(database: string, source: Query, target: Query, sourceTables: readonly TableInfo[]): Promise<DatabaseComparison> {
  const [s, t] = await Promise.all([readFigures(source, sourceTables), readFigures(target, sourceTables)]);
  return compareFigures(database, sourceTables, s, t);
}
