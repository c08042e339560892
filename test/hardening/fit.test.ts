/** Issue 12, item 3: a platform that cannot size a service or database does not fit, is never cheapest, and generate refuses it. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AnswersInput, AnswersSchema } from '../../src/core/answers.js';
import { buildReport } from '../../src/core/report.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { PLATFORMS } from '../../src/platforms/index.js';
import { defaultPlatform } from '../../src/ui/wizard/run-wizard.js';
import { runCli } from '../helpers/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'stackfare-fit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = (answers: AnswersInput) => buildReport({ answers: AnswersSchema.parse(answers), book: builtinPriceBook(), platforms: PLATFORMS });
const byId = (r: ReturnType<typeof report>, id: string) => r.estimates.find((e) => e.platform === id)!;

describe('impossible means does not fit', () => {
  it('a 39 GB service: DigitalOcean and Render cannot size it, so neither fits nor is cheapest, and the wizard proposes Railway', () => {
    const r = report({ services: [{ name: 'web', role: 'web', memoryMb: 40000 }] });
    for (const id of ['digitalocean', 'render']) {
      expect(byId(r, id)).toMatchObject({ fitsTier: false, cheapest: false });
      expect(byId(r, id).warnings.find((w) => w.blocking)).toMatchObject({ severity: 'error', service: 'web' });
    }
    expect(r.cheapest).toBe('railway');
    expect(byId(r, 'railway')).toMatchObject({ fitsTier: true, cheapest: true });
    expect(defaultPlatform(r)).toBe('railway');
  });

  it('--db-storage-gb 100000 does not fit Railway (every plan is exceeded) nor DigitalOcean', () => {
    const r = report({ dbStorageGb: 100_000 });
    expect(byId(r, 'railway')).toMatchObject({ fitsTier: false, cheapest: false });
    expect(byId(r, 'digitalocean')).toMatchObject({ fitsTier: false, cheapest: false });
    expect(r.cheapest).not.toBe('railway');
    expect(r.cheapest).not.toBe('digitalocean');
  });

  it('the table marks it as unable to run the stack, not as the cheapest', async () => {
    const r = await runCli(['estimate', '--services', 'web:web:40000'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^- DigitalOcean App Platform/m);
    expect(r.stdout).toMatch(/^\* Railway/m);
    expect(r.stdout).toContain('cannot run this stack: a service or database has no size there');
    expect(r.stdout).toContain('cheapest that fits the tier: Railway (Hobby)');
  });

  it('generate for it exits 1 naming the service and where it fits, and writes nothing', async () => {
    const out = join(dir, 'do');
    const r = await runCli(['generate', '--platform', 'digitalocean', '--services', 'web:web:40000', '--out', out], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('digitalocean cannot run this stack, so no files were written');
    expect(r.stderr).toContain('web: No App Platform size has 0.5 vCPU and 39.0625 GB.');
    // Every platform generate can write is named: Kubernetes' nodes hold no such pod either (a blocking warning, not the largest node).
    expect(r.stderr).toContain('It fits on railway, fly: run "stackfare generate --platform railway"');
    const k8s = await runCli(['generate', '--platform', 'kubernetes', '--services', 'web:web:40000', '--out', out], dir);
    expect(k8s.code).toBe(1);
    expect(k8s.stderr).toContain('No node size in the price book holds a pod');
    expect(existsSync(out)).toBe(false);
    const rail = await runCli(['generate', '--platform', 'railway', '--db-storage-gb', '100000', '--out', out], dir);
    expect(rail.code).toBe(1);
    expect(rail.stderr).toContain('railway cannot run this stack');
    expect(existsSync(out)).toBe(false);
  });

  it('a managed Postgres no plan holds blocks Fly, Render, DigitalOcean and Kubernetes alike (one rule: cheapest that fits, else blocking)', async () => {
    const r = await runCli(['estimate', '--platforms', 'fly,render,digitalocean,kubernetes', '--service', 'postgres:memory=262144', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { estimates: { platform: string; fitsTier: boolean; warnings: { code: string; blocking?: boolean }[] }[] };
    for (const e of report.estimates) {
      expect(e.fitsTier, e.platform).toBe(false);
      expect(
        e.warnings.some((w) => w.blocking === true),
        e.platform,
      ).toBe(true);
    }
    expect(report.estimates.find((e) => e.platform === 'fly')!.warnings.find((w) => w.code === 'fly.postgres-too-large')?.blocking).toBe(true);
    expect(report.estimates.find((e) => e.platform === 'render')!.warnings.find((w) => w.code === 'render.postgres-too-large')?.blocking).toBe(true);
  });

  it('generate --platform local --tier multi-user warns that the tier does not fit', async () => {
    const r = await runCli(['generate', '--platform', 'local', '--tier', 'multi-user', '--out', join(dir, 'local')], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('! Local (your machine) does not fit the multi-user tier.');
  });
});
