/**
 * Shared steps of the readiness tests against a real server: read the schema with the CLI and
 * write db/multi-user.sql, run that file with psql the way its header says (password through
 * the environment, never argv), and query as the API's role with or without the user setting.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import type { PgCluster } from '../helpers/pg-cluster.js';

/** The JSON report, loosely typed for assertions. */
export type Report = {
  tables: ({ schema: string; name: string; actions: { kind: string; why: string; sql: string[] }[] } & Record<string, unknown>)[];
  views: ({ schema: string; name: string; status: string; actions: { kind: string; sql: string[] }[] } & Record<string, unknown>)[];
  appSetting: { why: string; sql: string[] };
  maintenanceRole: { why: string; sql: string[] };
  reasoning: string[];
  effortHours: { min: number; max: number };
  sql: string;
};

/** Quotes an identifier the way the test writes its own schema. */
export const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Runs `readiness --write --force --format json` and returns the report and the file's path. */
export async function readiness(pg: PgCluster, db: string, dir: string, extra: string[] = []): Promise<{ report: Report; path: string; sql: string }> {
  const r = await runCli(['readiness', '--database-url', pg.url(db), '--format', 'json', '--write', '--force', '--out', dir, ...extra], { cwd: dir });
  if (r.code !== 0) throw new Error(`readiness failed (${r.code}): ${r.stderr}`);
  const path = join(dir, 'db', 'multi-user.sql');
  return { report: JSON.parse(r.stdout) as Report, path, sql: readFileSync(path, 'utf8') };
}

/** Runs the file as its header says: psql -X -v ON_ERROR_STOP=1 -f, as the superuser. */
export function applySql(pg: PgCluster, db: string, path: string): { code: number | null; stderr: string; stdout: string } {
  const r = spawnSync(
    join(pg.binDir, 'psql'),
    ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', pg.host, '-p', String(pg.port), '-U', pg.user, '-d', db, '-f', path],
    {
      encoding: 'utf8',
      env: { ...process.env, PGPASSWORD: pg.password },
    },
  );
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** A query as role `role` (SET ROLE, no superuser rights), with app.user_id set for the session or not. */
export function as(pg: PgCluster, db: string, role: string, user: string | null, query: string): string {
  const setting = user === null ? '' : `SET app.user_id = '${user}';`;
  return pg.sql(db, `SET ROLE ${q(role)}; ${setting} ${query}`).trim();
}

export const ALICE = 'aaaaaaaa-0000-0000-0000-000000000001';
export const BOB = 'bbbbbbbb-0000-0000-0000-000000000002';

/** Logs every DDL command and every dropped object: what a smuggled statement would leave. */
export const DDL_LOG = `
  CREATE TABLE ddl_log (tag text, object text);
  CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO ddl_log SELECT command_tag, object_identity FROM pg_event_trigger_ddl_commands(); END $$;
  CREATE FUNCTION log_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO ddl_log SELECT 'DROPPED ' || object_type, object_identity FROM pg_event_trigger_dropped_objects(); END $$;
  CREATE EVENT TRIGGER log_ddl ON ddl_command_end EXECUTE FUNCTION log_ddl();
  CREATE EVENT TRIGGER log_drop ON sql_drop EXECUTE FUNCTION log_drop();`;
