/**
 * The billing rules of issue 10, each with a worked example in cents. Prices from
 * data/pricing.json (2026-11-25):
 *   Fly: shared-cpu-1x 256 MB $2.19, 512 MB $3.69 (sjc $4.41), 1 GB $6.70 (sjc $7.98),
 *        2 GB $12.70 (sjc $15.14), shared-cpu-2x 4 GB $25.40 (iad only); volume $0.15/GB; snapshots $0.08/GB of data,
 *        10 GB free; Managed Postgres Basic (1 GB) $38, Starter (2 GB) $72, $0.28/GB provisioned,
 *        10 GB by default; egress $0.02/GB.
 *   Railway: RAM $10/GB-month, vCPU $20, volume $0.15/GB used, egress $0.05/GB; Postgres
 *        0.5 GB / 0.5 vCPU; CPU used 10%; Pro caps each replica at 24 GB / 24 vCPU.
 *   Render: Starter (512 MB) $7, Standard (2 GB) $25; Postgres Basic-256mb $6, Basic-4gb $75
 *        (third-party), Pro-8gb $100 (uncertain), storage $0.30/GB; 5 GB bandwidth, then $0.15/GB.
 *   DigitalOcean: apps-s-1vcpu-0.5gb $5, apps-s-1vcpu-2gb $25; db-s-1vcpu-1gb $15.15,
 *        db-s-1vcpu-2gb $30.45 (30 GB included).
 * The built-in stack: reasoning-api and tools-api 512 MB / 0.5 vCPU, LiteLLM and Phoenix 2 GB /
 * 1 vCPU, no volumes (Phoenix keeps its data in Postgres), one shared Postgres. Rules about a
 * service's volume use PRICING_REFERENCE_STACK (test/helpers/fixtures.ts), whose Phoenix has a
 * 1 GB volume at /mnt/data.
 */
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/args.js';
import { type AnswersInput, AnswersSchema } from '../../src/core/answers.js';
import { buildReport, type EstimateJson } from '../../src/core/report.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { capabilitiesById, PLATFORMS } from '../../src/platforms/index.js';
import { renderMarkdown } from '../../src/ui/print/markdown.js';
import { renderText } from '../../src/ui/print/table.js';
import { PRICING_REFERENCE_STACK } from '../helpers/fixtures.js';
import { fileAt, generateFor } from '../helpers/generate.js';

function estimate(platform: string, answers: AnswersInput): EstimateJson {
  const r = buildReport({ answers: AnswersSchema.parse({ ...answers, platforms: [platform] }), book: builtinPriceBook(), platforms: PLATFORMS });
  return r.estimates[0]!;
}
const cents = (e: EstimateJson) => Math.round(e.monthlyTotal * 100);
const lineCents = (e: EstimateJson, name: string) => {
  const l = e.lineItems.find((i) => i.name === name);
  if (!l) throw new Error(`no line "${name}" in ${e.lineItems.map((i) => i.name).join(', ')}`);
  return Math.round(l.monthly * 100);
};
const codes = (e: EstimateJson) => e.warnings.map((w) => w.code);

/** One service with a 20 GB volume that holds 4 GB, and no database. */
const bigVolume: AnswersInput = {
  services: [{ name: 'web', image: 'ghcr.io/acme/web:1', port: 8080, memoryMb: 512, volume: { sizeGb: 20, dataGb: 4, mountPath: '/data' } }],
};

describe('Fly snapshots are billed on the data stored, self-run Postgres included', () => {
  it('a 20 GB volume holding 4 GB: the volume bills 20 GB, its 4 GB of snapshots are free', () => {
    const e = estimate('fly', bigVolume);
    expect(lineCents(e, 'web: volume')).toBe(20 * 15); // provisioned: 20 × $0.15
    expect(e.lineItems.some((i) => i.name === 'Volume snapshots')).toBe(false); // 4 GB < 10 GB free (was (20 − 10) × $0.08 = $0.80)
    expect(cents(e)).toBe(369 + 20 * 15 + 10 * 2); // 689
    expect(e.assumptions.join('\n')).toContain('4 GB of volume data (web 4 GB), within the free 10 GB');
  });
  it('--postgres dev with 20 GB: the self-run volume is snapshotted too, with every other volume: 20 + 1 (Phoenix) − 10 = 11 GB × $0.08', () => {
    // The reference stack: its Phoenix has a 1 GB volume (the built-in Phoenix keeps its data in Postgres).
    const e = estimate('fly', { services: PRICING_REFERENCE_STACK, postgres: 'dev', dbStorageGb: 20 });
    expect(lineCents(e, 'Volume snapshots')).toBe(88);
    expect(e.lineItems.find((i) => i.name === 'Volume snapshots')!.note).toContain('phoenix 1 GB, postgres 20 GB');
    expect(cents(e)).toBe(2 * 369 + 2 * 670 + 15 + 219 + 20 * 15 + 88 + 10 * 2); // 2720
  });
  it('the built-in stack with --postgres dev and 20 GB: only the self-run volume, 20 − 10 = 10 GB × $0.08', () => {
    const e = estimate('fly', { postgres: 'dev', dbStorageGb: 20 });
    expect(lineCents(e, 'Volume snapshots')).toBe(80);
    expect(e.lineItems.find((i) => i.name === 'Volume snapshots')!.note).toBe('20 GB of volume data (postgres 20 GB) − 10 GB free');
    // 2 × 512 MB + 2 × 2 GB machines, the 256 MB Postgres app, its 20 GB volume, snapshots, egress
    expect(cents(e)).toBe(2 * 369 + 2 * 1270 + 219 + 20 * 15 + 80 + 10 * 2); // 3897
  });
});

describe('Fly Managed Postgres: its 10 GB default volume is priced when the data is smaller', () => {
  it('5 GB of data bills 10 GB × $0.28 = $2.80', () => {
    const e = estimate('fly', {});
    expect(lineCents(e, 'postgres: Managed Postgres storage')).toBe(280);
  });
  it('12.3 GB of data bills 13 GB × $0.28 = $3.64', () => {
    expect(lineCents(estimate('fly', { dbStorageGb: 12.3 }), 'postgres: Managed Postgres storage')).toBe(364);
  });
});

describe('Fly regions: a size the region lacks is priced at iad, visibly', () => {
  it('sjc sizes in the book are priced at sjc, with no warning', () => {
    const e = estimate('fly', { region: 'us-west' });
    expect(cents(e)).toBe(2 * 441 + 2 * 1514 + 3800 + 280 + 10 * 2); // 8010: 2 × 512 MB + 2 × 2 GB at sjc, Basic, 10 GB, egress
    expect(codes(e)).not.toContain('fly.region-price-missing');
  });
  it('a 4 GB service in sjc: iad shared-cpu-2x 4 GB ($25.40), marked uncertain, with a warning that says so', () => {
    const e = estimate('fly', { region: 'us-west', serviceOverrides: { 'reasoning-api': { memoryMb: 4096 } } });
    const line = e.lineItems.find((i) => i.name === 'reasoning-api: shared-cpu-2x 4 GB')!;
    expect(Math.round(line.monthly * 100)).toBe(2540);
    expect(line.confidence).toBe('uncertain');
    expect(line.note).toContain('sjc price missing from the price book, priced at iad');
    const w = e.warnings.find((x) => x.code === 'fly.region-price-missing')!;
    expect(w.message).toContain('priced at the iad price');
    expect(w.message).toContain('sjc costs about 19% more'); // mean of $2.62/$2.19, $4.41/$3.69, $7.98/$6.70, $15.14/$12.70, $39.35/$33
    expect(
      renderMarkdown(
        buildReport({
          answers: AnswersSchema.parse({ platforms: ['fly'], region: 'us-west', serviceOverrides: { 'reasoning-api': { memoryMb: 4096 } } }),
          book: builtinPriceBook(),
          platforms: PLATFORMS,
        }),
      ),
    ).toContain('| $25.40 ? |');
  });
});

describe('Railway volumes are billed on the storage used', () => {
  it('Phoenix holding 0.2 GB of its 1 GB volume: 0.2 × $0.15 = $0.03, the size shown beside it', () => {
    // The reference stack (its Phoenix has a 1 GB volume), $41.40 on Railway with the volume full.
    const e = estimate('railway', { services: PRICING_REFERENCE_STACK, serviceOverrides: { phoenix: { dataGb: 0.2 } } });
    expect(lineCents(e, 'phoenix: volume')).toBe(3);
    expect(e.lineItems.find((i) => i.name === 'phoenix: volume')!.note).toBe('0.2 GB used of a 1 GB volume, mounted at /mnt/data');
    expect(cents(e)).toBe(4140 - 15 + 3); // 4128
  });
  it('a 20 GB volume holding 4 GB fits Hobby (5 GB cap on the data) and bills 4 × $0.15', () => {
    const e = estimate('railway', bigVolume);
    expect(e.plan).toBe('Hobby');
    expect(lineCents(e, 'web: volume')).toBe(60);
  });
  it('Postgres bills --db-storage-gb: 20 GB × $0.15 = $3.00, and that data forces Pro, naming the rule', () => {
    const e = estimate('railway', { dbStorageGb: 20 });
    expect(lineCents(e, 'postgres: volume')).toBe(300);
    expect(e.lineItems.find((i) => i.name === 'postgres: volume')!.note).toBe(
      '20 GB used of a volume that may grow to 1024 GB on Pro, mounted at /var/lib/postgresql/data',
    );
    expect(e.plan).toBe('Pro');
    expect(e.warnings.find((w) => w.code === 'railway.plan-upgrade')!.message).toContain('Hobby volumes stop at 5 GB (volume size)');
  });
});

describe('Railway per-replica limits', () => {
  it('on Pro a 32 GB service is split into 2 replicas of 16 GB (each replica ≤ 24 GB), at the same cost', () => {
    const e = estimate('railway', { dbStorageGb: 20, serviceOverrides: { 'reasoning-api': { memoryMb: 32768 } } });
    expect(e.plan).toBe('Pro');
    const sizing = e.sizing.find((s) => s.service === 'reasoning-api')!;
    expect(sizing.instances).toBe(2);
    expect(sizing.size).toBe('16 GB / 0.25 vCPU (usage-billed)');
    expect(sizing.reason).toContain('Pro caps each replica at 24 GB / 24 vCPU (per-replica limit)');
    expect(codes(e)).toContain('railway.replica-split');
    const memory = (32 + 0.5 + 2 + 2 + 0.5) * 1000; // 37 GB × $10
    const cpu = (0.5 + 0.5 + 1 + 1 + 0.5) * 0.1 * 2000; // unchanged by the split: 2 × 0.25 vCPU is the 0.5 asked; 0.35 vCPU used × $20
    expect(cents(e)).toBe(memory + cpu + 20 * 15 + 50); // 37000 + 700 + 300 + 50 = 38050
  });
  it('Hobby documents totals only: the same 32 GB service stays one replica within its 48 GB, and says so', () => {
    const e = estimate('railway', { serviceOverrides: { 'reasoning-api': { memoryMb: 32768 } } });
    expect(e.plan).toBe('Hobby');
    expect(e.sizing.find((s) => s.service === 'reasoning-api')!.instances).toBe(1);
    expect(e.assumptions.join('\n')).toContain('Hobby documents per-service totals only');
  });
  it('a database over the per-replica limit cannot be split: an error naming the rule', () => {
    const e = estimate('railway', { dbStorageGb: 20, serviceOverrides: { postgres: { memoryMb: 32768 } } });
    const w = e.warnings.find((x) => x.code === 'railway.over-limits')!;
    expect(w.severity).toBe('error');
    expect(w.message).toContain('allows 24 GB / 24 vCPU per replica (per-replica limit), and a database cannot be split');
  });
});

describe('database sizing follows memory', () => {
  const sized: AnswersInput = { serviceOverrides: { postgres: { memoryMb: 2048 } } };
  it('--service postgres:memory=2048 is the postgres override', () => {
    expect(parseArgs(['estimate', '--service', 'postgres:memory=2048']).answers.serviceOverrides).toEqual({ postgres: { memoryMb: 2048 } });
  });
  it('Fly: Managed Postgres Starter (2 GB) $72 instead of Basic $38', () => {
    const e = estimate('fly', sized);
    expect(lineCents(e, 'postgres: Managed Postgres Starter')).toBe(7200);
    expect(cents(e)).toBe(2 * 369 + 2 * 1270 + 7200 + 280 + 20); // 10778
  });
  it('Render: Basic-4gb $75, the cheapest with 2 GB, marked third-party', () => {
    const e = estimate('render', sized);
    expect(lineCents(e, 'postgres: Postgres Basic-4gb')).toBe(7500);
    expect(cents(e)).toBe(2 * 700 + 2 * 2500 + 7500 + 5 * 30 + 5 * 15); // 14125
    expect(e.lineItems.find((i) => i.name === 'postgres: Postgres Basic-4gb')!.confidence).toBe('third-party');
  });
  it('DigitalOcean: db-s-1vcpu-2gb $30.45', () => {
    expect(cents(estimate('digitalocean', sized))).toBe(2 * 500 + 2 * 2500 + 3045); // 9045
  });
  it('Railway: the Postgres container asks 2 GB: (0.5 + 0.5 + 2 + 2 + 2) GB × $10', () => {
    const memory = (0.5 + 0.5 + 2 + 2 + 2) * 1000; // 7 GB × $10
    const cpu = (0.5 + 0.5 + 1 + 1 + 0.5) * 0.1 * 2000; // 0.35 vCPU used × $20
    expect(cents(estimate('railway', sized))).toBe(memory + cpu + 5 * 15 + 10 * 5); // 7000 + 700 + 75 + 50 = 7825
  });
  it('--memory-mb sizes the database too; a Postgres instance is named by its own name in the separate layout', () => {
    const e = estimate('fly', { db: 'separate', serviceOverrides: { 'reasoning-api-db': { memoryMb: 2048 } } });
    expect(e.lineItems.filter((i) => /Managed Postgres (Basic|Starter)$/.test(i.name)).map((i) => i.name)).toEqual([
      'reasoning-api-db: Managed Postgres Starter',
      'litellm-db: Managed Postgres Basic',
      'phoenix-db: Managed Postgres Basic',
    ]);
    expect(codes(e)).not.toContain('override.unknown-service');
  });
  it('Render Pro-8gb is marked uncertain where it is used', () => {
    const text = renderText(
      buildReport({
        answers: AnswersSchema.parse({ platforms: ['render'], serviceOverrides: { postgres: { memoryMb: 8192 } } }),
        book: builtinPriceBook(),
        platforms: PLATFORMS,
      }),
      { columns: 100, color: false, capabilities: capabilitiesById() },
    );
    expect(text).toMatch(/postgres: Postgres Pro-8gb .*\$100\.00 \?/);
    expect(text).toContain('? uncertain figure');
  });
});

describe('remaining uncertain figures are marked where used', () => {
  it('Auth0 beyond 500 MAU: the $0.07 slope carries ? in Markdown, with the legend', () => {
    const md = renderMarkdown(
      buildReport({
        answers: AnswersSchema.parse({ platforms: ['railway'], tier: 'multi-user', users: 30000, auth: 'auth0' }),
        book: builtinPriceBook(),
        platforms: PLATFORMS,
      }),
    );
    expect(md).toContain('| Auth0 Essentials (B2C): users 501–30,000 | 29,500 | MAU | $0.07 | $2,065.00 ? |'); // beyond the free 25,000 MAU
    expect(md).toContain('? uncertain figure');
  });
  it('DigitalOcean extra storage and bandwidth allowances beyond the smallest sizes', () => {
    const e = estimate('digitalocean', { dbStorageGb: 20 });
    expect(e.lineItems.find((i) => i.name === 'postgres: extra storage')!.confidence).toBe('uncertain');
    // The built-in stack: LiteLLM and Phoenix on apps-s-1vcpu-2gb, whose 200 GB allowance is uncertain.
    expect(e.assumptions.join('\n')).toMatch(/Bandwidth allowance for this app: 500 GB a month \(uncertain figure: the allowance of apps-s-1vcpu-2gb/);
    const over = estimate('digitalocean', { egressGb: 600 });
    const line = over.lineItems.find((i) => i.name === 'Bandwidth beyond the allowance')!;
    expect(Math.round(line.monthly * 100)).toBe((600 - 500) * 2); // $0.02/GB over the pooled 2 × 50 + 2 × 200 GB
    expect(line.confidence).toBe('uncertain');
    // At 1 GB, LiteLLM and Phoenix run on apps-s-1vcpu-1gb-fixed, whose 100 GB allowance is third-party.
    const small = { litellm: { memoryMb: 1024 }, phoenix: { memoryMb: 1024 } };
    expect(estimate('digitalocean', { serviceOverrides: small }).assumptions.join('\n')).toMatch(
      /Bandwidth allowance for this app: 300 GB a month \(third-party figure: the allowance of apps-s-1vcpu-1gb-fixed/,
    );
    const smallOver = estimate('digitalocean', { egressGb: 400, serviceOverrides: small }).lineItems.find((i) => i.name === 'Bandwidth beyond the allowance')!;
    expect(Math.round(smallOver.monthly * 100)).toBe((400 - 300) * 2); // $0.02/GB over the pooled 2 × 50 + 2 × 100 GB
    expect(smallOver.confidence).toBe('third-party');
  });
});

describe('the generated files follow the sizes priced', () => {
  it('Fly: fly mpg create with the plan the memory needs and the 10 GB volume priced', async () => {
    const { files } = await generateFor('fly', { serviceOverrides: { postgres: { memoryMb: 2048 } } });
    expect(fileAt(files, 'DEPLOY.md').contents).toContain('fly mpg create --name reasoning-stack-postgres --region iad --plan starter --volume-size 10');
  });
  it('Fly self-run: the machine preset, then the memory priced (fly postgres create has no memory flag)', async () => {
    const { files } = await generateFor('fly', { postgres: 'dev', serviceOverrides: { postgres: { memoryMb: 1024 } } });
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    expect(deploy).toContain(
      'fly postgres create --name reasoning-stack-postgres --region iad --initial-cluster-size 1 --vm-size shared-cpu-1x --volume-size 5',
    );
    expect(deploy).toContain('fly scale memory 1024 --app reasoning-stack-postgres');
  });
  it('Railway: the split replicas in railway.ts', async () => {
    const { files } = await generateFor('railway', { dbStorageGb: 20, serviceOverrides: { 'reasoning-api': { memoryMb: 32768 } } });
    expect(fileAt(files, '.railway/railway.ts').contents).toContain('Priced at 16 GB and 0.25 vCPU per replica, 2 replicas');
  });
});

describe("the stack's needs size the database: a compose file's Postgres memory limit", () => {
  const compose = [
    'services:',
    '  api: { image: "ghcr.io/acme/api:1", ports: ["8000:8000"], environment: { DATABASE_URL: "postgres://u:p@db/app" }, depends_on: [db] }',
    '  db: { image: "postgres:16", deploy: { resources: { limits: { memory: 2g } } } }',
    '',
  ].join('\n');
  it('a 2 GB limit on the Postgres container picks Fly Starter and DigitalOcean db-s-1vcpu-2gb; a flag still wins', async () => {
    const { readComposeSource } = await import('../../src/io/read-compose.js');
    const source = await readComposeSource('/p/compose.yaml', { profiles: [], env: {}, cwd: '/p', readFile: async () => compose });
    expect(source.postgres).toEqual([{ name: 'db', usedBy: ['api'], databases: { api: 'app' }, version: '16', memoryMb: 2048 }]);
    const report = (answers: AnswersInput) => buildReport({ answers: AnswersSchema.parse(answers), book: builtinPriceBook(), platforms: PLATFORMS, source });
    const names = (answers: AnswersInput, platform: string) =>
      report(answers)
        .estimates.find((e) => e.platform === platform)!
        .lineItems.map((i) => i.name);
    expect(names({}, 'fly')).toContain('postgres: Managed Postgres Starter');
    expect(names({}, 'digitalocean')).toContain('postgres: managed PostgreSQL db-s-1vcpu-2gb');
    expect(report({}).estimates[0]!.assumptions.join('\n')).toContain("Postgres sized for postgres 2 GB of memory (the compose file's memory limit)");
    expect(names({ serviceOverrides: { postgres: { memoryMb: 1024 } } }, 'fly')).toContain('postgres: Managed Postgres Basic');
  });
});
