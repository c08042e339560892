/**
 * The JSON contract of `stackfare readiness --format json`, as a zod schema from which
 * data/readiness.schema.json is generated (drift-tested). Not loaded by the CLI at run time.
 */
import { z } from 'zod';
import { READINESS_VERSION } from './readiness.js';

const Action = z.object({
  kind: z.enum(['not-null', 'validate-not-null', 'index', 'enable-rls', 'policy', 'security-invoker', 'decide']),
  why: z.string().describe('Why the change is needed, in one or two sentences.'),
  sql: z.array(z.string()).describe('The statements (and commented steps) of the change.'),
});

const Table = z.object({
  schema: z.string(),
  name: z.string(),
  userColumn: z.string().nullable().describe('The user column, or null when the table has none.'),
  nullable: z.boolean().nullable().describe('Whether new rows may leave the user column empty; null without a user column.'),
  indexed: z.boolean().nullable().describe('Whether an index starts with the user column (covered tables: with the foreign key to the owner).'),
  foreignKey: z.string().nullable().describe('schema.table the user column (covered tables: the first foreign key) references.'),
  rls: z.boolean().describe('Row-level security enabled.'),
  policies: z.array(z.string()).describe('Names of the row-level security policies.'),
  isolated: z
    .boolean()
    .describe(
      "Row-level security on and forced, and the policies, judged by what they do, show each session only its user's rows (a permissive USING (true) or an OR branch does not).",
    ),
  coveredBy: z.string().nullable().describe('schema.table of the owned table reached through foreign keys.'),
  partitionOf: z.string().nullable().describe('For a partition: schema.table of the partitioned table it follows.'),
  status: z.enum(['owned', 'covered', 'decide']),
  actions: z.array(Action),
});

const View = z.object({
  schema: z.string(),
  name: z.string(),
  kind: z.enum(['view', 'materialized view']),
  reads: z.array(z.string()).describe('schema.name of the owned or covered tables (or views over them) it reads.'),
  securityInvoker: z.boolean(),
  status: z
    .enum(['isolated', 'fix', 'decide', 'leaks'])
    .describe(
      'isolated: reads as the querying role; fix: the SQL sets security_invoker; decide: PostgreSQL before 15; leaks: a materialized view, which row-level security never covers.',
    ),
  actions: z.array(Action),
});

const Advice = z.object({ why: z.string(), sql: z.array(z.string()) });

/** The readiness report as printed by --format json. */
export const ReadinessSchema = z.object({
  version: z.literal(READINESS_VERSION),
  database: z.string().describe('The database URL with its password masked.'),
  serverVersion: z.string(),
  userColumn: z.string(),
  setting: z.string().describe('Session setting the policies compare with (SET LOCAL in each transaction).'),
  tables: z.array(Table),
  views: z.array(View).describe('Views and materialized views that read owned or covered rows.'),
  appSetting: Advice.describe('How the API sets the user inside each transaction.'),
  maintenanceRole: Advice.describe('A role that may still dump once FORCE ROW LEVEL SECURITY is on.'),
  effortHours: z.object({ min: z.number(), max: z.number() }).describe("The seed's database changes (1-2 days) scaled by what already exists."),
  reasoning: z.array(z.string()),
  sql: z.string().describe('The contents of db/multi-user.sql.'),
});
