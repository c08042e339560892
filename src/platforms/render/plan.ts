/**
 * Render's files: one render.yaml Blueprint sized from the same model the estimate priced,
 * plus the common .env.example, DEPLOY.md and schema SQL.
 * Field reference: https://render.com/docs/blueprint-spec
 */
import type { EnvVar } from '../../core/answers.js';
import { primaryPublicService, type Stack } from '../../core/stack.js';
import { commonFiles, headerText, urlVar, type DataMigration, type DeployStep } from '../../render/common.js';
import { shell } from '../../render/serialize.js';
import type { GeneratedPlan, GenerateContext } from '../types.js';
import type { RenderModel } from './model.js';

type EnvKind = 'value' | 'secret' | 'database' | 'keyvalue';
interface RenderEnv {
  key: string;
  kind: EnvKind;
  value: string | null;
  from: string | null;
  property: string | null;
}

const DB_PROPERTY: Record<string, string> = {
  'database-url': 'connectionString',
  'database-host': 'host',
  'database-port': 'port',
  'database-user': 'user',
  'database-password': 'password',
  'database-name': 'database',
};

function envVar(e: EnvVar, database: string | null, keyValue: string | null): RenderEnv {
  const base = { key: e.name, value: null, from: null, property: null };
  if (e.from === 'key-value-url' && keyValue) return { ...base, kind: 'keyvalue', from: keyValue };
  if (e.from && e.from !== 'key-value-url' && database) return { ...base, kind: 'database', from: database, property: DB_PROPERTY[e.from]! };
  if (!e.secret && e.value !== undefined) return { ...base, kind: 'value', value: e.value };
  // Secrets (and values only the user knows) are prompted for in the dashboard: sync: false.
  return { ...base, kind: 'secret' };
}

/** The Blueprint's context: services, key-value stores and databases as Render names them. */
export function renderBlueprint(model: RenderModel, stack: Stack) {
  const domainService = stack.domain ? primaryPublicService(stack) : undefined;
  const bySlug = new Map(stack.services.map((s) => [s.slug, s]));
  return {
    services: model.services.map((rs) => {
      const s = bySlug.get(rs.slug)!;
      const build = s.build && !s.image ? s.build : null;
      return {
        type: rs.type,
        name: rs.slug,
        runtime: build ? 'docker' : 'image',
        image: build ? null : (s.image ?? null),
        dockerContext: build ? build.context : null,
        // Compose semantics: the Dockerfile path is relative to the build context.
        dockerfilePath: build ? `${build.context.replace(/\/$/, '')}/${build.dockerfile ?? 'Dockerfile'}` : null,
        dockerCommand: s.command ?? null,
        plan: rs.instance.id,
        region: model.region,
        numInstances: rs.count,
        healthCheckPath: rs.type === 'web' ? (s.healthPath ?? null) : null,
        disk: rs.disk ? { name: `${rs.slug}-data`, mountPath: rs.disk.mountPath, sizeGB: rs.disk.sizeGb } : null,
        domains: domainService?.slug === rs.slug && stack.domain ? [stack.domain] : [],
        envVars: s.env.map((e) => envVar(e, s.database?.instance ?? null, s.keyValue)),
      };
    }),
    keyValues: model.keyValues.map((kv) => ({ name: kv.name, plan: kv.plan.id, region: model.region })),
    databases: model.databases.map((d) => ({
      name: d.name,
      databaseName: d.databases[0] ?? d.name.replace(/-/g, '_'),
      plan: d.plan.id,
      region: model.region,
      diskSizeGB: d.storageGb,
    })),
  };
}

/** Render shows each database's External Database URL on its Info page; outside connections need TLS. */
function renderDataMigration(model: RenderModel): DataMigration {
  const setup: string[] = [];
  const targets: DataMigration['targets'] = [];
  for (const d of model.databases) {
    const variable = urlVar(d.name);
    setup.push(`export ${variable}='postgresql://...'   # the External Database URL from ${d.name}'s Info page`);
    d.databases.forEach((db, i) => {
      // The URL names the database Render created (the first); the others sit beside it.
      targets.push({ name: db, url: i === 0 ? `"$${variable}?sslmode=require"` : `"\${${variable}%/*}/${db}?sslmode=require"` });
    });
  }
  return { text: "Render shows each database's External Database URL on its Info page (the Dashboard's Connect button); connections from outside Render need TLS, hence sslmode=require.", setup, targets };
}

export function renderFilesPlan(model: RenderModel, stack: Stack, ctx: GenerateContext): GeneratedPlan {
  const blueprint = renderBlueprint(model, stack);
  const web = blueprint.services.filter((s) => s.type === 'web');
  const steps: DeployStep[] = [
    {
      title: 'Commit render.yaml and push the repository to GitHub, GitLab or Bitbucket',
      text: 'The Blueprint builds each service from the dockerContext and dockerfilePath it names, relative to the repository root.',
      commands: ['git add render.yaml .env.example DEPLOY.md', 'git commit -m "Add Render Blueprint"', 'git push'],
    },
    {
      title: 'Create the Blueprint in the Render Dashboard',
      text: 'Open https://dashboard.render.com/select-repo?type=blueprint, pick the repository, review the resources Render lists and choose Apply. Render asks for every variable marked sync: false.',
      commands: [],
    },
    {
      title: 'Enter the secrets when Render prompts for them',
      text: 'Variables with sync: false are never stored in the file. Database connection strings come from fromDatabase references.',
      commands: [],
    },
  ];
  if (stack.postgres.layout === 'shared' && stack.postgres.instances.length > 0) {
    steps.push({
      title: 'Create one schema per service in the shared database',
      text: "Copy the database's External Database URL from its Info page, then run:",
      commands: ['export EXTERNAL_DATABASE_URL=\'postgresql://...\'   # paste it here', 'psql "$EXTERNAL_DATABASE_URL" -f db/schemas.sql'],
    });
  }
  if (stack.domain) {
    const target = blueprint.services.find((s) => s.domains.length > 0);
    steps.push({
      title: `Point ${stack.domain} at Render`,
      text: `Add a CNAME record for ${stack.domain} to ${target?.name ?? 'your web service'}.onrender.com; Render issues the TLS certificate.`,
      commands: [],
    });
  }
  const check = web.find((s) => s.healthCheckPath);
  if (check) {
    steps.push({
      title: 'Check that the services answer',
      text: null,
      commands: [`curl -fsS ${shell(`https://${check.name}.onrender.com${check.healthCheckPath}`)}`],
    });
  }
  const files = [
    { path: 'render.yaml', template: 'render/render.yaml', context: { header: headerText(ctx), ...blueprint } },
    ...commonFiles({
      stack,
      ctx,
      platformName: 'Render',
      steps,
      dataMigration: renderDataMigration(model),
      secretsHowTo: 'Render prompts for each variable marked sync: false when you create the Blueprint; change them later under the service\'s Environment tab.',
      warnings: [],
    }),
  ];
  return {
    files,
    warnings: [],
    nextSteps: ['Push the repository with render.yaml.', 'Create a Blueprint from it in the Render Dashboard and enter the secrets.', 'Follow DEPLOY.md for the rest.'],
  };
}
