/**
 * `--force`: the target is emptied before the restore, so the copy is exactly the source and not
 * the source laid over what was there. What will be dropped is listed first (the plan shows it);
 * the drop is one transaction. Extensions stay (a platform may not let the user create them
 * again); every schema but public goes with what it holds; public keeps its grants and loses its
 * contents; every large object is unlinked.
 */
import type { Client } from 'pg';
import { INVENTORY_QUERY, ident, type ObjectRef } from '../core/migration.js';

/** What a target holds that --force drops. */
export interface TargetContents {
  objects: ObjectRef[];
  largeObjects: number;
}

/** The objects --force drops (everything but extensions and indexes, which go with their tables), and the large objects. */
export async function targetContents(client: Client): Promise<TargetContents> {
  const objects = (await client.query<ObjectRef>(INVENTORY_QUERY)).rows.filter((o) => o.kind !== 'extension' && o.kind !== 'index');
  const lo = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM pg_largeobject_metadata');
  return { objects, largeObjects: Number(lo.rows[0]!.n) };
}

/** One line per kind: "3 tables: public.a, public.b, ...", for the plan. */
export function describeContents(c: TargetContents, max = 8): string[] {
  const kinds = new Map<string, string[]>();
  for (const o of c.objects) kinds.set(o.kind, [...(kinds.get(o.kind) ?? []), o.name]);
  const lines = [...kinds].map(
    ([kind, names]) =>
      `${names.length} ${kind}${names.length === 1 ? '' : 's'}: ${names.slice(0, max).join(', ')}${names.length > max ? `, and ${names.length - max} more` : ''}`,
  );
  if (c.largeObjects > 0) lines.push(`${c.largeObjects} large object${c.largeObjects === 1 ? '' : 's'}`);
  return lines;
}

/** The statements that empty the target (IF EXISTS and CASCADE: dropping one object may drop the next). */
async function clearStatements(client: Client): Promise<string[]> {
  const member = (cat: string, oid: string) =>
    `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${cat}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;
  const schemas = await client.query<{ n: string }>(
    `SELECT nspname AS n FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'public') AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp\\_%'
       AND ${member('pg_namespace', 'oid')} ORDER BY 1`,
  );
  const relations = await client.query<{ kind: string; n: string }>(
    `SELECT c.relkind::text AS kind, c.relname AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
      WHERE s.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c') AND NOT c.relispartition AND ${member('pg_class', 'c.oid')} ORDER BY 2`,
  );
  const routines = await client.query<{ sig: string }>(
    `SELECT 'public.' || quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS sig FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace
      WHERE s.nspname = 'public' AND ${member('pg_proc', 'p.oid')} ORDER BY 1`,
  );
  const types = await client.query<{ kind: string; n: string }>(
    `SELECT t.typtype::text AS kind, t.typname AS n FROM pg_type t JOIN pg_namespace s ON s.oid = t.typnamespace
      WHERE s.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'b') AND t.typelem = 0 AND ${member('pg_type', 't.oid')} ORDER BY 2`,
  );
  const dropRel: Record<string, string> = { r: 'TABLE', p: 'TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW', S: 'SEQUENCE', f: 'FOREIGN TABLE', c: 'TYPE' };
  return [
    ...schemas.rows.map((r) => `DROP SCHEMA IF EXISTS ${ident(r.n)} CASCADE`),
    ...relations.rows.map((r) => `DROP ${dropRel[r.kind]} IF EXISTS public.${ident(r.n)} CASCADE`),
    ...routines.rows.map((r) => `DROP ROUTINE IF EXISTS ${r.sig} CASCADE`),
    ...types.rows.map((r) => `DROP ${r.kind === 'd' ? 'DOMAIN' : 'TYPE'} IF EXISTS public.${ident(r.n)} CASCADE`),
    'SELECT lo_unlink(oid) FROM pg_largeobject_metadata',
  ];
}

/** Empties the target in one transaction; on any error nothing is dropped. */
export async function clearTarget(client: Client): Promise<void> {
  const statements = await clearStatements(client);
  await client.query('BEGIN');
  try {
    for (const s of statements) await client.query(s);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
