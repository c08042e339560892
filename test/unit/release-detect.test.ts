import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectBuilds } from '../../src/compose/build-context.js';
import { runnerPrefix } from '../../src/compose/release-detect.js';
import type { ServiceInput } from '../../src/core/answers.js';
import { buildProbe } from '../../src/io/read-compose.js';
import { readInput } from '../../src/io/read-input.js';

const CONTEXTS = join(import.meta.dirname, '..', 'fixtures', 'release', 'contexts');

/** The release a fixture build context shows, read from disk as the CLI reads it. */
async function detect(name: string, extra: Partial<ServiceInput> = {}) {
  const service = { name, build: { context: `./${name}` }, ...extra } as ServiceInput;
  const facts = await inspectBuilds([service], CONTEXTS, buildProbe(readInput));
  return facts.get(name)?.release ?? null;
}

describe('release-command detection', () => {
  it.each([
    ['django', 'Django', 'python manage.py migrate --noinput'],
    ['rails', 'Rails', 'bin/rails db:migrate'],
    ['prisma', 'Prisma', 'npx prisma migrate deploy'],
    ['knex', 'Knex', 'npx knex migrate:latest'],
    ['alembic-poetry', 'alembic', 'poetry run alembic upgrade head'],
    ['sequelize', 'Sequelize', 'npx sequelize-cli db:migrate'],
    ['drizzle', 'Drizzle', 'npx drizzle-kit migrate'],
    ['laravel', 'Laravel', 'php artisan migrate --force'],
  ])('%s → %s: %s', async (name, tool, command) => {
    expect(await detect(name)).toMatchObject({ tool, command });
  });

  it('runs alembic the way the image runs its program (uv run) with the seed-like Dockerfile', async () => {
    const facts = await inspectBuilds(
      [{ name: 'reasoning-api', build: { context: './reasoning-api' } } as ServiceInput],
      join(CONTEXTS, '..', 'seed'),
      buildProbe(readInput),
    );
    const release = facts.get('reasoning-api')!.release!;
    expect(release.command).toBe('uv run alembic -c alembic.ini upgrade head');
    expect(release.evidence).toContain('alembic.ini in ./reasoning-api, copied into the image');
    expect(facts.get('reasoning-api')!.dockerfile!.user).toBe('app');
  });

  it('detects nothing when the marker is not copied into the image, or there is none', async () => {
    expect(await detect('alembic-uncopied')).toBeNull();
    expect(await detect('none')).toBeNull();
    expect(await detect('missing-folder')).toBeNull();
  });

  it("a compose command replaces the image's CMD when choosing the runner", async () => {
    expect(await detect('django', { command: 'uv run gunicorn site.wsgi' })).toMatchObject({ command: 'uv run python manage.py migrate --noinput' });
    expect(runnerPrefix(['/usr/local/bin/uv', 'run', 'x'])).toBe('uv run ');
    expect(runnerPrefix(['python', '-m', 'uv'])).toBe('');
  });
});
