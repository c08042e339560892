/**
 * One DigitalOcean managed-Postgres choice for both DigitalOcean-hosted targets: App Platform and
 * DigitalOcean Kubernetes pick the same plan for the same memory and storage, block generation with
 * the same warning when no plan fits, and create clusters with the same doctl steps (one version,
 * the GRANT on public for each app's user).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AnswersInput, AnswersSchema } from '../../src/core/answers.js';
import { buildStack } from '../../src/core/stack.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { DO_PG_VERSION, pickManagedPostgres } from '../../src/platforms/digitalocean/managed-db.js';
import { resolveDigitalOcean } from '../../src/platforms/digitalocean/model.js';
import { resolveKubernetes } from '../../src/platforms/kubernetes/model.js';
import { fileAt, generateFor } from '../helpers/generate.js';

const book = builtinPriceBook();
const plans = book.platforms.digitalocean.managedPostgres;

/** The plan slugs and blocking warning messages each target gives the stack's Postgres instances. */
function choices(answers: AnswersInput) {
  const stack = buildStack(AnswersSchema.parse(answers));
  const dOcean = resolveDigitalOcean(stack, book);
  const k8s = resolveKubernetes(stack, book);
  return {
    digitalocean: { plans: dOcean.databases.map((d) => d.plan.slug), blocking: dOcean.warnings.filter((w) => w.blocking).map((w) => w.message) },
    kubernetes: { plans: k8s.postgres.map((p) => p.plan?.slug), blocking: k8s.warnings.filter((w) => w.blocking).map((w) => w.message) },
  };
}

describe('the shared managed-Postgres choice', () => {
  it('picks the cheapest plan with the memory asked for and room for the data (worked examples)', () => {
    // Price book: db-s-1vcpu-1gb (1 GB, 30 GB max, $15.15), db-s-1vcpu-2gb (2 GB, 60 GB max, $30.45).
    expect(pickManagedPostgres({ name: 'pg', storageGb: 10, memoryMb: null }, plans, 'x').plan.slug).toBe('db-s-1vcpu-1gb');
    expect(pickManagedPostgres({ name: 'pg', storageGb: 10, memoryMb: 2048 }, plans, 'x').plan.slug).toBe('db-s-1vcpu-2gb');
    const big = pickManagedPostgres({ name: 'pg', storageGb: 40, memoryMb: null }, plans, 'x');
    expect([big.plan.slug, big.extraGb, big.warnings]).toEqual(['db-s-1vcpu-2gb', 10, []]);
    const none = pickManagedPostgres({ name: 'pg', storageGb: 100, memoryMb: 4096 }, plans, 'kubernetes');
    expect(none.warnings.map((w) => [w.code, w.blocking])).toEqual([
      ['kubernetes.db-memory', true],
      ['kubernetes.db-storage', true],
    ]);
  });

  const needs: [string, AnswersInput][] = [
    ['the defaults', {}],
    ['postgres:memory=2048', { serviceOverrides: { postgres: { memoryMb: 2048 } } } as AnswersInput],
    ['40 GB of data', { dbStorageGb: 40 }],
    ['separate instances, 90 GB', { db: 'separate', dbStorageGb: 90 }],
    ['postgres:memory=8192', { serviceOverrides: { postgres: { memoryMb: 8192 } } } as AnswersInput],
    ['100 GB in one instance', { dbStorageGb: 100 }],
  ];
  for (const [label, answers] of needs) {
    it(`both targets choose the same plan and the same blocking warning: ${label}`, () => {
      const c = choices(answers);
      expect(c.kubernetes).toEqual(c.digitalocean);
    });
  }

  it('postgres:memory=2048 gives db-s-1vcpu-2gb on both (Kubernetes used to pick by storage alone)', () => {
    const c = choices({ serviceOverrides: { postgres: { memoryMb: 2048 } } } as AnswersInput);
    expect(c.kubernetes.plans).toEqual(['db-s-1vcpu-2gb']);
  });

  it('Kubernetes creates each cluster with the same doctl steps: one version, and the GRANT on public for every app user', async () => {
    const { files } = await generateFor('kubernetes', {});
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    expect(deploy).toContain(`--engine pg --version ${DO_PG_VERSION} `);
    for (const db of ['reasoning_api', 'litellm', 'phoenix']) expect(deploy).toContain(`psql -d ${db} -c 'GRANT ALL ON SCHEMA public TO "${db}"'`);
    // The GRANTs run from this machine before the firewall admits only the cluster; no password on a command line.
    expect(deploy.indexOf('GRANT ALL ON SCHEMA public')).toBeLessThan(deploy.indexOf('doctl databases firewalls append'));
    expect(deploy).toContain('--from-file=password=<(printf %s "$(doctl databases user get "$CLUSTER_ID" litellm --format Password --no-header)")');
    expect(deploy).not.toMatch(/--from-literal=password=/);
  });
});

describe('one set of doctl steps', () => {
  /** DEPLOY.md's cluster-creating commands, from doctl databases create to the unset after the GRANTs. */
  const clusterSteps = async (platform: 'digitalocean' | 'kubernetes', answers: AnswersInput) => {
    const lines = fileAt((await generateFor(platform, answers)).files, 'DEPLOY.md')
      .contents.split('\n')
      .map((l) => l.trim());
    const from = lines.findIndex((l) => l.startsWith('doctl databases create ') && l.includes('--engine pg'));
    const to = lines.findIndex((l, i) => i > from && l.startsWith('unset PGHOST'));
    expect(from).toBeGreaterThanOrEqual(0);
    // The datacenter is each target's own (App Platform's database datacenter, the cluster's region).
    return lines.slice(from, to + 1).map((l) => l.replace(/--region \S+/, '--region R'));
  };
  for (const [label, answers] of [
    ['the defaults', {}],
    ['postgres:memory=2048', { serviceOverrides: { postgres: { memoryMb: 2048 } } }],
  ] as [string, AnswersInput][]) {
    it(`App Platform and Kubernetes create the managed cluster with the same commands: ${label}`, async () => {
      const dOcean = await clusterSteps('digitalocean', answers);
      expect(dOcean.some((l) => l.includes('GRANT ALL ON SCHEMA public'))).toBe(true);
      expect(await clusterSteps('kubernetes', answers)).toEqual(dOcean);
    });
  }
});

describe('generate exits 1 on both targets when no plan fits', () => {
  const cli = resolve(import.meta.dirname, '..', '..', 'dist', 'cli.js');
  const dir = mkdtempSync(join(tmpdir(), 'stackfare-managed-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 20_000 });

  for (const flags of [
    ['--service', 'postgres:memory=8192'],
    ['--db-storage-gb', '100'],
  ]) {
    it(`${flags.join(' ')}: exit 1 and no files on digitalocean and kubernetes; memory=2048 generates on both`, () => {
      for (const platform of ['digitalocean', 'kubernetes']) {
        const r = run(['generate', '--platform', platform, ...flags, '--out', platform]);
        expect(r.status, r.stderr).toBe(1);
        expect(r.stderr).toContain(`${platform} cannot run this stack, so no files were written`);
        expect(r.stderr).toMatch(/postgres (asks for 8 GB|needs 100 GB)/);
        expect(existsSync(join(dir, platform))).toBe(false);
      }
      for (const platform of ['digitalocean', 'kubernetes']) {
        const r = run(['generate', '--platform', platform, '--service', 'postgres:memory=2048', '--out', `${platform}-ok`, '--force']);
        expect(r.status, r.stderr).toBe(0);
      }
    });
  }
});
