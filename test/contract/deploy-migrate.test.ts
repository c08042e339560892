/**
 * Every hosted platform's DEPLOY.md has the data-copy step, and its command is exact: run
 * through bash with the URL variables its setup lines define, it parses as a migrate-data run
 * whose names are the stack's databases and whose URLs are PostgreSQL URLs of those databases.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/args.js';
import { type AnswersInput, AnswersSchema } from '../../src/core/answers.js';
import { pairDatabases, splitNamedUrl } from '../../src/core/migration.js';
import { buildStack } from '../../src/core/stack.js';
import { parsePgUrl } from '../../src/db/url.js';
import { PLATFORMS } from '../../src/platforms/index.js';
import { urlVar } from '../../src/render/stack-files.js';
import { generateFor, parseGenerated } from '../helpers/generate.js';

/** What each platform's setup line would put in the variable (a URL of the shape the platform gives). */
const SAMPLE: Record<string, string> = {
  railway: 'postgresql://postgres:pw@shortline.proxy.rlwy.net:41234/railway',
  fly: 'postgresql://fly-user:pw@localhost:16380',
  render: 'postgresql://app:pw@dpg-abc-a.oregon-postgres.render.com/reasoning_stack',
  digitalocean: 'postgresql://doadmin:pw@db-postgresql-nyc3-1.ondigitalocean.com:25060/defaultdb?sslmode=require',
  // The default --postgres managed: a DigitalOcean managed cluster outside the Kubernetes cluster.
  kubernetes: 'postgresql://doadmin:pw@db-postgresql-nyc3-1.ondigitalocean.com:25060/defaultdb?sslmode=require',
};

const hosted = PLATFORMS.filter((p) => p.id !== 'local');

describe.each(hosted.map((p) => p.id))('DEPLOY.md on %s: copy the data', (platform) => {
  it.each<[string, AnswersInput]>([
    ['shared', {}],
    ['separate, no Phoenix', { db: 'separate', phoenix: false }],
  ])('%s layout: the exact migrate-data command for its URLs', async (_label, answers) => {
    const { files } = await generateFor(platform, answers);
    const deploy = files.find((f) => f.path === 'DEPLOY.md')!.contents;
    expect(deploy).toContain('**Copy your data to the new databases**');
    const block = deploy.slice(deploy.indexOf('**Copy your data to the new databases**'));
    const lines = block.split('\n').map((l) => l.trim());
    const commands = lines.filter((l) => l.startsWith('stackfare migrate-data'));
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(/ --dry-run$/);
    expect(commands[1]).toBe(commands[0]!.replace(/ --dry-run$/, ''));
    // The variables the setup lines export, given the platform's kind of URL.
    // Set by the setup lines (export X=, X=) or exported by the user first (a ${X:?...} check).
    const vars = [
      ...new Set([...block.matchAll(/(?:^|\s)(?:export )?([A-Z][A-Z0-9_]*)=/gm), ...block.matchAll(/\$\{([A-Z][A-Z0-9_]*):\?/g)].map((m) => m[1]!)),
    ];
    expect(vars.length).toBeGreaterThan(0);
    const sample = (v: string): string => {
      if (v === 'LOCAL_POSTGRES_URL') return 'postgresql://postgres:pw@localhost:5432';
      // A managed cluster's parts, as doctl prints them (the data copy connects as each app's user).
      if (/_HOST$/.test(v)) return 'db-postgresql-nyc3-1.ondigitalocean.com';
      if (/_PORT$/.test(v)) return '25060';
      if (/_PASSWORD$/.test(v)) return 'pw';
      if (/_ID$/.test(v)) return 'c1';
      return SAMPLE[platform]!;
    };
    const env: Record<string, string> = Object.fromEntries(vars.map((v) => [v, sample(v)]));
    if (platform === 'render') {
      // Render's URL names the database it created for that entry of render.yaml.
      const blueprint = parseGenerated(files.find((f) => f.path === 'render.yaml')!) as { databases: { name: string; databaseName: string }[] };
      for (const d of blueprint.databases) env[urlVar(d.name)] = `postgresql://app:pw@dpg-abc-a.oregon-postgres.render.com/${d.databaseName}`;
    }
    const argv = execFileSync('bash', ['-c', `set -- ${commands[1]!.replace(/^stackfare /, '')}; printf '%s\\0' "$@"`], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    })
      .split('\0')
      .filter(Boolean);
    const args = parseArgs(argv);
    expect(args.command).toBe('migrate-data');
    const stack = buildStack(AnswersSchema.parse({ ...answers, ...args.answers }));
    const expected = buildStack(AnswersSchema.parse(answers)).postgres.instances.flatMap((p) => p.databases);
    // The flags rebuild the same stack, so migrate-data sees the same names.
    expect(stack.postgres.instances.flatMap((p) => p.databases)).toEqual(expected);
    const froms = (args.flags.from as string[]).map((r) => splitNamedUrl(r)!);
    const tos = (args.flags.to as string[]).map((r) => splitNamedUrl(r)!);
    expect(
      pairDatabases(
        expected,
        froms.map((f) => f.name),
        tos.map((t) => t.name),
      ),
    ).toEqual({ pairs: expected, problems: [] });
    for (const t of tos) {
      const url = parsePgUrl(t.url, `--to ${t.name}`);
      // Railway's separate layout uses the "railway" database each Postgres service creates; its shared
      // layout keeps each app's own database beside it (db/databases.sql), as every other platform does.
      expect(url.database, t.url).toBe(platform === 'railway' && answers.db === 'separate' ? 'railway' : t.name);
      if (platform === 'render' || platform === 'digitalocean' || platform === 'kubernetes') expect(t.url).toContain('sslmode=require');
    }
  });
});

describe('the local platform', () => {
  it('has no copy step: the data is already there', async () => {
    const { files } = await generateFor('local', { tier: 'local' });
    expect(files.find((f) => f.path === 'DEPLOY.md')!.contents).not.toContain('migrate-data');
  });
});
