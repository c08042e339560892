/**
 * The import command and `estimate --compose` through run(), with fake streams and files:
 * JSON, text and Markdown output, default file discovery, and a corpus file end to end.
 */
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/app.js';
import type { AppDeps } from '../../src/commands/context.js';
import { CORPUS_DIR, CORPUS_SKIP_MESSAGE, corpusAvailable, memoryReadFile } from '../helpers/corpus.js';

const CWD = '/work/proj';

function fakeDeps(readFileFn: AppDeps['readFile'], cwd = CWD) {
  let out = '';
  const deps: AppDeps = {
    stdout: {
      write: (s: string) => {
        out += s;
        return true;
      },
      isTTY: false,
    },
    stderr: { write: () => true },
    stdin: Readable.from([]) as AppDeps['stdin'],
    env: { COLUMNS: '100' },
    cwd,
    readFile: readFileFn,
  };
  return { deps, output: () => out };
}

const SMALL = `
services:
  api:
    image: ghcr.io/acme/api:2.1.0
    ports: ["8000:8000"]
    environment:
      DATABASE_URL: postgres://app:pw-in-compose-file@db/app
    healthcheck: { test: "curl -f http://localhost:8000/health" }
  worker:
    image: ghcr.io/acme/api:2.1.0
    command: python -m worker
    depends_on: [db, redis]
    cap_add: [NET_ADMIN]
  db: { image: "postgres:16", environment: { POSTGRES_PASSWORD: pw-in-compose-file } }
  redis: { image: "redis:7" }
  tools: { image: "busybox", profiles: [tools] }
`;

describe('stackfare import', () => {
  it('--format json prints the versioned import object', async () => {
    const { deps, output } = fakeDeps(memoryReadFile({ [`${CWD}/stack.yml`]: SMALL }));
    expect(await run(['import', 'stack.yml', '--format', 'json'], deps)).toBe(0);
    const json = JSON.parse(output());
    // The project name docker compose would give it: the folder's, as the file has no name:.
    expect(Object.keys(json)).toEqual([
      'version',
      'file',
      'name',
      'services',
      'links',
      'databases',
      'keyValue',
      'skipped',
      'warnings',
      'assumptions',
      'unresolvedVariables',
    ]);
    expect(json.version).toBe(1);
    expect(json.file).toBe('stack.yml');
    expect(json.name).toBe('proj');
    expect(json.services.map((s: { name: string; database: string | null; keyValue: string | null }) => [s.name, s.database, s.keyValue])).toEqual([
      ['api', 'db', null],
      ['worker', 'db', 'redis'],
    ]);
    expect(json.services[0]).toMatchObject({ public: true, port: 8000, healthPath: '/health', memoryMb: 512, vcpu: 0.5, instances: 1 });
    expect(json.databases).toEqual([{ name: 'db', image: 'postgres:16', usedBy: ['api', 'worker'], databases: expect.any(Object) }]);
    expect(json.keyValue).toEqual([{ name: 'redis', image: 'redis:7', memoryMb: 256, usedBy: ['worker'] }]);
    expect(json.skipped).toEqual([{ name: 'tools', reason: 'profile tools not enabled' }]);
    expect(output()).not.toContain('pw-in-compose-file');
  });

  it('--profile includes a profile service', async () => {
    const { deps, output } = fakeDeps(memoryReadFile({ [`${CWD}/stack.yml`]: SMALL }));
    await run(['import', 'stack.yml', '--profile', 'tools', '--format', 'json'], deps);
    expect(JSON.parse(output()).services.map((s: { name: string }) => s.name)).toEqual(['api', 'worker', 'tools']);
  });

  it('lists the service graph in the table, the Markdown and the JSON', async () => {
    const { SEED_COMPOSE } = await import('../helpers/seed-compose.js');
    const files = { [`${CWD}/docker-compose.yml`]: SEED_COMPOSE };
    const table = fakeDeps(memoryReadFile(files));
    await run(['import', 'docker-compose.yml'], table.deps);
    expect(table.output()).toContain('reasoning-api → litellm:4000, tools-api:8001, phoenix:4317');
    expect(table.output()).toMatch(/litellm\s+ghcr\.io\/berriai\/litellm:main-stable\s+private\s+4000/);
    const md = fakeDeps(memoryReadFile(files));
    await run(['import', 'docker-compose.yml', '--format', 'markdown'], md.deps);
    expect(md.output()).toContain('## Wiring\n\n- reasoning-api → litellm:4000, tools-api:8001, phoenix:4317\n- litellm → phoenix:4317');
    const json = fakeDeps(memoryReadFile(files));
    await run(['import', 'docker-compose.yml', '--format', 'json'], json.deps);
    const parsed = JSON.parse(json.output());
    expect(parsed.links).toContainEqual({ from: 'reasoning-api', variable: 'PHOENIX_COLLECTOR_ENDPOINT', to: 'phoenix', port: 4317 });
    expect(parsed.services.find((s: { name: string }) => s.name === 'phoenix')).toMatchObject({ public: false, ports: [6006, 4317] });
  });

  it('prints a plain table: services, databases, key-value stores, warnings by service, assumptions', async () => {
    const { deps, output } = fakeDeps(memoryReadFile({ [`${CWD}/stack.yml`]: SMALL }));
    await run(['import', 'stack.yml'], deps);
    const text = output();
    expect(text).toContain('stackfare import: stack.yml');
    expect(text).toContain('2 services, 1 Postgres database, 1 key-value store');
    expect(text).toMatch(/api\s+ghcr\.io\/acme\/api:2\.1\.0\s+public\s+8000\s+512 MB\s+0\.5\s+1/);
    expect(text).toContain('database db · health /health');
    expect(text).toContain('db (postgres:16), used by api, worker');
    expect(text).toContain('redis (redis:7), 256 MB, used by worker');
    expect(text).toContain('Left out (1)');
    expect(text).toMatch(/whole file\n\s+info\s+Left out 1 service/);
    expect(text).toMatch(/ worker\n\s+warning\s+worker adds Linux capabilities \(NET_ADMIN\)/);
    expect(text).toContain('(compose.cap-add)');
    expect(text).toContain('Assumptions');
    expect(text).not.toMatch(/\u001b\[/);
    expect(text).not.toContain('pw-in-compose-file');
  });

  it('prints Markdown tables', async () => {
    const { deps, output } = fakeDeps(memoryReadFile({ [`${CWD}/stack.yml`]: SMALL }));
    await run(['import', 'stack.yml', '--format', 'markdown'], deps);
    expect(output()).toContain('| Service | Image / build | Access |');
    expect(output()).toContain('| db | managed Postgres | postgres:16 | - | api, worker |');
  });

  it('finds compose.yaml before docker-compose.yml in the current folder', async () => {
    const both = fakeDeps(
      memoryReadFile({
        [`${CWD}/compose.yaml`]: 'services:\n  first: { image: "a:1" }\n',
        [`${CWD}/docker-compose.yml`]: 'services:\n  second: { image: "b:1" }\n',
      }),
    );
    await run(['import', '--format', 'json'], both.deps);
    expect(JSON.parse(both.output())).toMatchObject({ file: 'compose.yaml', services: [{ name: 'first' }] });
    const legacy = fakeDeps(memoryReadFile({ [`${CWD}/docker-compose.yml`]: 'services:\n  second: { image: "b:1" }\n' }));
    await run(['import', '--format', 'json'], legacy.deps);
    expect(JSON.parse(legacy.output())).toMatchObject({ file: 'docker-compose.yml' });
  });
});

describe('stackfare estimate --compose', () => {
  it('estimates the services of the compose file', async () => {
    const { deps, output } = fakeDeps(memoryReadFile({ [`${CWD}/stack.yml`]: SMALL }));
    expect(await run(['estimate', '--compose', 'stack.yml', '--format', 'json'], deps)).toBe(0);
    const report = JSON.parse(output());
    expect(report.stack.source).toBe('compose');
    expect(report.stack.services.map((s: { name: string }) => s.name)).toEqual(['api', 'worker']);
    expect(report.stack.postgres.instances).toBe(1);
    expect(output()).not.toContain('pw-in-compose-file');
  });
});

describe.skipIf(!corpusAvailable)(`a corpus file end to end (${corpusAvailable ? 'langfuse' : CORPUS_SKIP_MESSAGE})`, () => {
  const diskRead = (p: string) => readFile(p, 'utf8');

  it('import --format json', async () => {
    const { deps, output } = fakeDeps(diskRead, CORPUS_DIR);
    expect(await run(['import', 'langfuse__docker-compose.yml', '--format', 'json'], deps)).toBe(0);
    const json = JSON.parse(output());
    expect(json.services.map((s: { name: string }) => s.name)).toEqual(['langfuse-worker', 'langfuse-web', 'clickhouse', 'minio']);
    expect(json.databases.map((d: { name: string }) => d.name)).toEqual(['postgres']);
    expect(json.keyValue.map((k: { name: string }) => k.name)).toEqual(['redis']);
  });

  it('estimate --compose --format json: the report lists the compose services, priced on every platform', async () => {
    const { deps, output } = fakeDeps(diskRead, CORPUS_DIR);
    expect(await run(['estimate', '--compose', 'langfuse__docker-compose.yml', '--format', 'json'], deps)).toBe(0);
    const report = JSON.parse(output());
    expect(report.stack.source).toBe('compose');
    expect(report.stack.services.map((s: { name: string }) => s.name)).toEqual(['langfuse-worker', 'langfuse-web', 'clickhouse', 'minio']);
    const render = report.estimates.find((e: { platform: string }) => e.platform === 'render');
    // The Redis container is priced as Render Key Value Starter ($10, 256 MB).
    expect(render.lineItems.find((i: { name: string }) => i.name === 'redis: Key Value Starter')).toMatchObject({ monthly: 10, service: 'redis' });
    const digitalocean = report.estimates.find((e: { platform: string }) => e.platform === 'digitalocean');
    expect(digitalocean.lineItems.find((i: { service?: string }) => i.service === 'redis')).toMatchObject({ monthly: 15 });
    const fly = report.estimates.find((e: { platform: string }) => e.platform === 'fly');
    expect(fly.warnings.map((w: { code: string }) => w.code)).toContain('fly.no-key-value');
    for (const secret of ['miniosecret', 'myredissecret', 'mysalt', 'mysecret']) expect(output()).not.toContain(secret);
  });
});
