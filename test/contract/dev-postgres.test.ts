/** `--postgres dev`: the files follow the cheaper option the estimate priced, and still validate. */
import { describe, expect, it } from 'vitest';
import { fileAt, generateFor, parseGenerated } from '../helpers/generate.js';
import { fileErrors } from '../helpers/validate-files.js';

describe('--postgres dev', () => {
  it('DigitalOcean: a dev database (production: false, no cluster) in .do/app.yaml', async () => {
    const { files } = await generateFor('digitalocean', { postgres: 'dev', dbStorageGb: 0.5, phoenix: false });
    expect(fileErrors(files)).toEqual([]);
    const spec = parseGenerated(fileAt(files, '.do/app.yaml')) as { databases: Record<string, unknown>[] };
    // One dev database per app database (reasoning-api and litellm without Phoenix).
    expect(spec.databases).toEqual([
      { name: 'postgres-reasoning-api', engine: 'PG', version: '17', production: false },
      { name: 'postgres-litellm', engine: 'PG', version: '17', production: false },
    ]);
    expect(fileAt(files, 'DEPLOY.md').contents).not.toContain('doctl databases create');
  });

  it('Render: the free plan, without a disk size', async () => {
    const { files } = await generateFor('render', { postgres: 'dev', dbStorageGb: 1 });
    expect(fileErrors(files)).toEqual([]);
    const bp = parseGenerated(fileAt(files, 'render.yaml')) as { databases: Record<string, unknown>[] };
    expect(bp.databases[0]).toMatchObject({ plan: 'free' });
    expect(bp.databases[0]).not.toHaveProperty('diskSizeGB');
  });

  it('Fly: the self-run Postgres app, created and attached by flyctl', async () => {
    const { files } = await generateFor('fly', { postgres: 'dev' });
    expect(fileErrors(files)).toEqual([]);
    const guide = fileAt(files, 'DEPLOY.md').contents;
    expect(guide).toContain(
      'fly postgres create --name reasoning-stack-postgres --region iad --initial-cluster-size 1 --vm-size shared-cpu-1x --volume-size 5',
    );
    expect(guide).toContain(
      'fly postgres attach reasoning-stack-postgres --app reasoning-stack-litellm --database-name litellm --variable-name DATABASE_URL --yes',
    );
    expect(guide).toContain(
      'fly postgres attach reasoning-stack-postgres --app reasoning-stack-phoenix --database-name phoenix --variable-name PHOENIX_SQL_DATABASE_URL --yes',
    );
    expect(guide).not.toContain('fly mpg create');
  });

  it('managed stays the default', async () => {
    const { files } = await generateFor('fly');
    expect(fileAt(files, 'DEPLOY.md').contents).toContain('fly mpg create');
  });
});
