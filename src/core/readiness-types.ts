/**
 * The shapes of a readiness analysis: the catalog snapshot it reads (db/catalog.ts fills it) and
 * the report it gives (core/readiness.ts builds it, core/readiness-plan.ts plans its actions).
 */
import type { PolicyFacts } from './readiness-policy.js';

/** One column as the catalog reports it. */
interface CatalogColumn {
  name: string;
  /** The type as `format_type` prints it (uuid, text, bigint...). */
  type: string;
  nullable: boolean;
}

/** One index as the catalog reports it (partial indexes left out). */
interface CatalogIndex {
  name: string;
  /** Key columns in order (expressions as null). */
  columns: (string | null)[];
  /** False after an interrupted CREATE INDEX CONCURRENTLY (or a partitioned index not yet attached everywhere). */
  valid?: boolean;
  /** An index on a partitioned table (relkind I). */
  partitioned?: boolean;
  method?: string;
  unique?: boolean;
  /** Already a partition of another index. */
  attached?: boolean;
  expressions?: boolean;
}

/** One table of the live schema, read from the catalog. */
export interface CatalogTable {
  schema: string;
  name: string;
  /** An ordinary table, or a partitioned one (its rows live in its partitions). */
  kind?: 'table' | 'partitioned';
  /** The table this one is a partition of. */
  partitionOf?: { schema: string; name: string } | null;
  columns: CatalogColumn[];
  primaryKey: string[];
  /** relrowsecurity / relforcerowsecurity. */
  rls: boolean;
  forceRls: boolean;
  policies: PolicyFacts[];
  indexes: CatalogIndex[];
  foreignKeys: { name: string; columns: string[]; refSchema: string; refTable: string; refColumns: string[] }[];
  /** CHECK constraints with their definition and whether they are validated. */
  checks: { name: string; definition: string; validated: boolean }[];
  /** Every constraint name on the table (a new one must not collide). */
  constraintNames?: string[];
}

/** A view or materialized view and the relations its query reads. */
export interface CatalogView {
  schema: string;
  name: string;
  kind: 'view' | 'materialized view';
  /** security_invoker = true: the view reads as the querying role, so row-level security applies. */
  securityInvoker: boolean;
  reads: { schema: string; name: string }[];
}

/** What the catalog queries return. */
export interface CatalogSnapshot {
  serverVersion: string;
  /** Major version (security_invoker needs 15). */
  serverMajor?: number;
  database: string;
  tables: CatalogTable[];
  views?: CatalogView[];
  /** Every relation name in the user schemas: a new index must not take one. */
  relations?: { schema: string; name: string }[];
}

/** One change a table needs, with its SQL and why. */
export interface ReadinessAction {
  kind: 'not-null' | 'validate-not-null' | 'index' | 'enable-rls' | 'policy' | 'security-invoker' | 'decide';
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
  /** Whether row-level security is on and forced and the policies, judged by what they do, show each session only its user's rows. */
  isolated: boolean;
  /** For a table without the user column: the owned table it reaches through foreign keys. */
  coveredBy: string | null;
  /** For a partition: the partitioned table (`schema.table`) it belongs to; it follows that table's status. */
  partitionOf: string | null;
  status: 'owned' | 'covered' | 'decide';
  actions: ReadinessAction[];
}

/** A view or materialized view reading an owned or covered table. */
export interface ReadinessView {
  schema: string;
  name: string;
  kind: 'view' | 'materialized view';
  /** `schema.table` of the owned or covered tables (or views) it reads. */
  reads: string[];
  securityInvoker: boolean;
  /** isolated: reads as the querying role; fix: the SQL sets security_invoker; decide: PostgreSQL < 15; leaks: a materialized view (row-level security never applies). */
  status: 'isolated' | 'fix' | 'decide' | 'leaks';
  actions: ReadinessAction[];
}

/** Advice with the SQL that carries it out. */
export interface ReadinessAdvice {
  why: string;
  sql: string[];
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
  views: ReadinessView[];
  /** How the API sets the user for each transaction (a pooled connection must not keep it). */
  appSetting: ReadinessAdvice;
  /** A role that may still dump and copy the whole database once FORCE ROW LEVEL SECURITY is on. */
  maintenanceRole: ReadinessAdvice;
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
