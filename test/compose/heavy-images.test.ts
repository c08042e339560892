/**
 * Better defaults where nothing is measured: the stateful and heavy images of the corpus
 * (ClickHouse, MinIO, OpenSearch, Elasticsearch) and Keycloak get at least the memory their
 * vendors document when the compose file sets no limit, on every platform, and a limit below
 * that floor is kept but warned about. Figures from data/images.json (read 2026-12-07):
 *   ClickHouse 2 GB minimum (clickhouse.com/docs/operations/tips), 8 GiB given (Langfuse's minimum);
 *   MinIO 1 GiB preallocated on one node, 2 GiB given; OpenSearch and Elasticsearch 1 GB (heap of
 *   512 MB at most half the memory), 4 GB given; Keycloak 1250 MB, 1357 MB given.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/app.js';
import type { AppDeps } from '../../src/commands/context.js';
import { imageRow, imageTable } from '../../src/compose/image-table.js';
import { importCompose } from '../../src/compose/import-compose.js';
import { CORPUS_DIR, CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFile, diskLoader, memoryLoader, memoryReadFile } from '../helpers/corpus.js';
import { runCli } from '../helpers/in-process.js';

/** Every profile a compose text names, so that services behind a profile are imported too. */
function profilesIn(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/^\s*profiles:\s*\[([^\]]*)\]/gm)) for (const p of m[1]!.split(',')) names.add(p.trim().replace(/^["']|["']$/g, ''));
  for (const m of text.matchAll(/^(\s*)profiles:\s*\n((?:\1\s+-\s*.+\n)+)/gm))
    for (const line of m[2]!.split('\n'))
      if (line.trim())
        names.add(
          line
            .replace(/^\s*-\s*/, '')
            .trim()
            .replace(/^["']|["']$/g, ''),
        );
  return [...names].filter(Boolean);
}

/** The memory a sizing line shows: `shared-cpu-4x 8 GB`, `Pro (4 GB)`, `apps-d-2vcpu-8gb`, `2000m CPU, 8 GB`. */
function sizedMb(size: string): number {
  const m = /(\d+(?:\.\d+)?)\s*(GB|MB)\b/i.exec(size) ?? /-(\d+(?:\.\d+)?)(gb|mb)$/i.exec(size);
  if (!m) throw new Error(`no memory in the size "${size}"`);
  return Math.round(Number(m[1]) * (m[2]!.toLowerCase() === 'gb' ? 1024 : 1));
}

function fakeDeps(files: Record<string, string>, cwd = '/work/proj') {
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
    readFile: memoryReadFile(files),
  };
  return { deps, output: () => out };
}

const CLICKHOUSE_ONLY = `
services:
  clickhouse:
    image: clickhouse/clickhouse-server:25.12
    ports: ["8123:8123"]
    volumes: ["ch-data:/var/lib/clickhouse"]
volumes:
  ch-data: {}
`;

describe('data/images.json: the heavy and stateful images', () => {
  it('has a row with a documented minimum, a source and a date for each', () => {
    for (const id of ['clickhouse', 'minio', 'opensearch', 'elasticsearch', 'keycloak']) {
      const row = imageTable().images.find((r) => r.id === id);
      expect(row, id).toBeDefined();
      expect(row!.memory.minimumMb, id).toBeGreaterThan(512); // today's default, which would not start them
      expect(row!.memory.recommendedMb, id).toBeGreaterThanOrEqual(row!.memory.minimumMb!);
      expect(row!.source, id).toMatch(/^https:\/\//);
      expect(row!.asOf, id).toBe('2026-12-07');
    }
    // References as compose files write them, tags and registries included.
    expect(imageRow('docker.io/clickhouse/clickhouse-server:25.12')?.id).toBe('clickhouse');
    expect(imageRow('cgr.dev/chainguard/minio')?.id).toBe('minio');
    expect(imageRow('docker.io/opensearchproject/opensearch:3.6.0')?.id).toBe('opensearch');
    expect(imageRow('elasticsearch:')?.id).toBe('elasticsearch');
    expect(imageRow('quay.io/keycloak/keycloak:26.0')?.id).toBe('keycloak');
  });

  it('a Keycloak with no limit gets 1357 MB, one with 512 MB keeps it with a warning naming the floor', async () => {
    const file = '/p/compose.yaml';
    const text = (limit: string) => `services:\n  auth:\n    image: quay.io/keycloak/keycloak:26.0\n    ports: ["8080:8080"]\n${limit}`;
    const imp = (t: string) => importCompose({ file, display: 'compose.yaml', load: memoryLoader({ [file]: t }), env: {}, profiles: [] });
    const open = await imp(text(''));
    expect(open.services.find((s) => s.name === 'auth')!.memoryMb).toBe(1357);
    expect(open.warnings.some((w) => w.code === 'compose.below-minimum')).toBe(false);
    const tight = await imp(text('    mem_limit: 512m\n'));
    expect(tight.services.find((s) => s.name === 'auth')!.memoryMb).toBe(512);
    const w = tight.warnings.find((x) => x.code === 'compose.below-minimum')!;
    expect(w.message).toBe(
      'auth is limited to 512 MB in the compose file, below the 1250 MB Keycloak needs (https://www.keycloak.org/high-availability/concepts-memory-and-cpu-sizing); it may not start.',
    );
  });
});

describe('a ClickHouse with no limit, on every platform', () => {
  it("is sized at least at the documented minimum (2 GB) and at the table's 8 GiB, never the 512 MB default", async () => {
    const row = imageRow('clickhouse/clickhouse-server')!;
    const { deps, output } = fakeDeps({ '/work/proj/compose.yaml': CLICKHOUSE_ONLY });
    expect(
      await run(['estimate', '--compose', 'compose.yaml', '--format', 'json', '--platforms', 'railway,fly,render,digitalocean,kubernetes,local'], deps),
    ).toBe(0);
    const report = JSON.parse(output());
    expect(report.stack.services.find((s: { name: string }) => s.name === 'clickhouse')).toMatchObject({ memoryMb: row.memory.recommendedMb, vcpu: 2 });
    const platforms = report.estimates.map((e: { platform: string }) => e.platform);
    expect([...platforms].sort()).toEqual(['digitalocean', 'fly', 'kubernetes', 'local', 'railway', 'render']);
    for (const e of report.estimates as { platform: string; sizing: { service: string; size: string }[]; assumptions: string[] }[]) {
      const sizing = e.sizing.find((s) => s.service === 'clickhouse');
      expect(sizing, e.platform).toBeDefined();
      const mb = sizedMb(sizing!.size);
      expect(mb, `${e.platform}: ${sizing!.size}`).toBeGreaterThanOrEqual(row.memory.minimumMb!);
      expect(mb, `${e.platform}: ${sizing!.size}`).toBeGreaterThanOrEqual(row.memory.recommendedMb);
    }
    // The assumption says where the figure comes from.
    expect(output()).toContain('clickhouse: no memory limit in the compose file; 8192 MB, what ClickHouse needs (under production load: 32768 MB).');
    expect(output()).toContain('Source: https://clickhouse.com/docs/operations/tips (2026-12-07)');
  });
});

describe.skipIf(!corpusAvailable)(`the corpus's heavy images (${corpusAvailable ? CORPUS_DIR : CORPUS_SKIP_MESSAGE})`, () => {
  it('each gets at least its documented minimum; the table covers ClickHouse, MinIO, OpenSearch and Elasticsearch', async () => {
    const seen = new Map<string, string[]>();
    for (const name of readdirSync(CORPUS_DIR).filter((f) => /\.ya?ml$/.test(f))) {
      const text = readFileSync(corpusFile(name), 'utf8');
      let r: Awaited<ReturnType<typeof importCompose>>;
      try {
        r = await importCompose({ file: corpusFile(name), display: name, load: diskLoader, env: {}, profiles: profilesIn(text) });
      } catch {
        continue; // files that need what the corpus lacks (posthog's base file) are covered elsewhere
      }
      for (const s of r.services) {
        const row = imageRow(s.image);
        if (!row?.memory.minimumMb) continue;
        seen.set(row.id, [...(seen.get(row.id) ?? []), `${name}:${s.name}`]);
        const limited = r.warnings.some((w) => w.code === 'compose.below-minimum' && w.service === s.name);
        if (limited) continue; // the file's own limit, kept and warned about
        expect(s.memoryMb, `${name}: ${s.name} (${s.image})`).toBeGreaterThanOrEqual(row.memory.minimumMb);
      }
    }
    expect([...seen.keys()].sort()).toEqual(expect.arrayContaining(['clickhouse', 'elasticsearch', 'minio', 'opensearch']));
    expect(seen.get('clickhouse')).toContain('langfuse__docker-compose.yml:clickhouse');
    expect(seen.get('opensearch')).toContain('onyx__docker-compose.yml:opensearch');
    expect(seen.get('minio')).toEqual(expect.arrayContaining(['langfuse__docker-compose.yml:minio', 'onyx__docker-compose.yml:minio']));
  });

  it('langfuse end to end: ClickHouse and MinIO are priced at their table sizes on every platform', async () => {
    const r = await runCli(['estimate', '--compose', 'langfuse__docker-compose.yml', '--format', 'json'], CORPUS_DIR, { columns: 100 });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    for (const e of report.estimates as { platform: string; sizing: { service: string; size: string }[] }[]) {
      for (const [service, id] of [
        ['clickhouse', 'clickhouse'],
        ['minio', 'minio'],
      ] as const) {
        const sizing = e.sizing.find((s) => s.service === service);
        if (!sizing) continue; // a platform that runs it another way says so in its own tests
        const row = imageTable().images.find((r) => r.id === id)!;
        expect(sizedMb(sizing.size), `${e.platform} ${service}: ${sizing.size}`).toBeGreaterThanOrEqual(row.memory.minimumMb!);
      }
    }
  });
});
