/**
 * Expected monthly totals on every platform, with the arithmetic written out in cents.
 * Prices come from data/pricing.json (price book of 2026-11-25):
 *   Railway: RAM $10/GB-month, vCPU $20/month, volume $0.15/GB-month, egress $0.05/GB;
 *            Postgres container 0.5 GB / 0.5 vCPU; CPU used = 10% of requested vCPU.
 *   Fly (iad): shared-cpu-1x 512 MB $3.69, 1 GB $6.70, 2 GB $12.70; volume $0.15/GB;
 *            Managed Postgres Basic (1 GB) $38, Starter (2 GB) $72, + $0.28/GB provisioned (at
 *            least the 10 GB fly mpg create makes); egress $0.02/GB.
 *   Render: Starter (512 MB) $7, Standard (2 GB) $25; disk $0.25/GB; Postgres Basic-256mb $6
 *            + $0.30/GB (1 GB or multiples of 5); Hobby workspace 5 GB bandwidth, then $0.15/GB.
 *   DigitalOcean: apps-s-1vcpu-0.5gb $5 (one instance only), -1gb-fixed $10 (one instance
 *            only), -1gb $12, -2gb $25; managed PG db-s-1vcpu-1gb $15.15 with 10 GB, up to 30 GB,
 *            extra $0.215/GB; Phoenix keeps its data in Postgres (no volumes).
 */
import { describe, expect, it } from 'vitest';
import { type AnswersInput, AnswersSchema } from '../../src/core/answers.js';
import { buildReport, type Report } from '../../src/core/report.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { PLATFORMS } from '../../src/platforms/index.js';
import { PRICING_REFERENCE_STACK } from '../helpers/fixtures.js';

/** The report for the pricing reference stack (unless the answers name other services). */
function report(answers: AnswersInput): Report {
  return buildReport({ answers: AnswersSchema.parse({ services: PRICING_REFERENCE_STACK, ...answers }), book: builtinPriceBook(), platforms: PLATFORMS });
}

/** Monthly totals in cents by platform. */
function totals(answers: AnswersInput): Record<string, number> {
  return Object.fromEntries(report(answers).estimates.map((e) => [e.platform, Math.round(e.monthlyTotal * 100)]));
}

describe('the pricing reference stack (single-user, shared Postgres 5 GB, 10 GB egress, US East)', () => {
  const t = totals({});
  it('Railway: usage $41.40 on Hobby (bill = max($5 fee, usage))', () => {
    const memory = (0.5 + 0.5 + 1 + 1 + 0.5) * 1000; // 3.5 GB × $10 = $35.00
    const cpu = 5 * 0.05 * 2000; // 5 containers × 0.5 vCPU × 10% = 0.25 vCPU × $20 = $5.00
    const volumes = 5 * 15 + 1 * 15; // Postgres 5 GB + Phoenix 1 GB at $0.15
    const egress = 10 * 5; // 10 GB × $0.05
    expect(t.railway).toBe(memory + cpu + volumes + egress); // 4140
  });
  it('Fly.io: $61.93 (Managed Postgres storage billed on the 10 GB default volume, not the 5 GB of data)', () => {
    expect(t.fly).toBe(2 * 369 + 2 * 670 + 15 + 3800 + 10 * 28 + 10 * 2);
  });
  it('Render: $72.50 (1 GB services need Standard: Render has no 1 GB size)', () => {
    expect(t.render).toBe(2 * 700 + 2 * 2500 + 25 + 600 + 5 * 30 + (10 - 5) * 15);
  });
  it('DigitalOcean: $45.15', () => {
    expect(t.digitalocean).toBe(2 * 500 + 2 * 1000 + 1515);
  });
  it('Local: $0', () => {
    expect(t.local).toBe(0);
  });
  it('marks Railway cheapest among platforms that fit the tier (local does not)', () => {
    const r = report({});
    expect(r.cheapest).toBe('railway');
    expect(r.estimates.find((e) => e.platform === 'local')!.fitsTier).toBe(false);
  });
});

describe('Phoenix dropped', () => {
  const t = totals({ phoenix: false });
  it('Railway: (0.5 + 0.5 + 1 + 0.5) GB × $10 + 4 × 0.05 vCPU × $20 + 5 GB × $0.15 + $0.50', () => {
    expect(t.railway).toBe(2500 + 400 + 75 + 50); // 3025
  });
  it('Fly.io: 2 × $3.69 + $6.70 + $38 + 10 × $0.28 + 10 × $0.02', () => {
    expect(t.fly).toBe(2 * 369 + 670 + 3800 + 280 + 20); // 5508
  });
  it('Render: 2 × $7 + $25 + $6 + 5 × $0.30 + 5 × $0.15', () => {
    expect(t.render).toBe(1400 + 2500 + 600 + 150 + 75); // 4725
  });
  it('DigitalOcean: 2 × $5 + $10 + $15.15', () => {
    expect(t.digitalocean).toBe(1000 + 1000 + 1515); // 3515
  });
});

describe('separate databases (one Postgres per service that uses one: 3 × 5/3 GB)', () => {
  const t = totals({ db: 'separate' });
  it('Railway: 3 Postgres containers', () => {
    const memory = (0.5 + 0.5 + 1 + 1 + 3 * 0.5) * 1000; // 4.5 GB × $10
    const cpu = 7 * 0.05 * 2000; // 7 containers × 0.05 vCPU × $20
    const volumes = 3 * 25 + 15; // 3 × (5/3 GB × $0.15 = $0.25) + Phoenix $0.15
    expect(t.railway).toBe(memory + cpu + volumes + 50); // 5340
  });
  it('Fly.io: 3 Managed Postgres clusters, 5/3 GB of data each on the 10 GB default volume', () => {
    expect(t.fly).toBe(2 * 369 + 2 * 670 + 15 + 3 * (3800 + 10 * 28) + 20); // 14353
  });
  it('Render: 3 Postgres instances, storage rounded up to 5 GB each', () => {
    expect(t.render).toBe(2 * 700 + 2 * 2500 + 25 + 3 * (600 + 5 * 30) + 75); // 8750
  });
  it('DigitalOcean: 4 clusters (Phoenix moves into its own Postgres on App Platform)', () => {
    expect(t.digitalocean).toBe(2 * 500 + 2 * 1000 + 4 * 1515); // 9060
  });
});

describe('multi-user: 2 instances of each API service, 50 GB egress, 5,000 users', () => {
  for (const auth of ['clerk', 'auth0', 'supabase'] as const) {
    describe(`with ${auth}`, () => {
      const r = report({ tier: 'multi-user', instances: 2, egressGb: 50, users: 5000, auth });
      const t = Object.fromEntries(r.estimates.map((e) => [e.platform, Math.round(e.monthlyTotal * 100)]));
      it('prices the auth provider at $0: 5,000 users fit every free plan (Clerk 50,000 MRU, Auth0 25,000 MAU, Supabase 50,000 MAU)', () => {
        const railway = r.estimates.find((e) => e.platform === 'railway')!;
        const authLines = railway.lineItems.filter((l) => /Clerk|Auth0|Supabase/.test(l.name));
        expect(authLines.length).toBe(1);
        expect(authLines[0]!.monthly).toBe(0);
      });
      it('Railway: 2 replicas of each API on Hobby', () => {
        const memory = (2 * 0.5 + 2 * 0.5 + 1 + 1 + 0.5) * 1000; // 4.5 GB × $10
        const cpu = (2 * 0.05 + 2 * 0.05 + 0.05 + 0.05 + 0.05) * 2000; // 0.35 vCPU × $20
        expect(t.railway).toBe(memory + cpu + 75 + 15 + 50 * 5); // 5540
      });
      it('Fly.io: 4 API machines', () => {
        expect(t.fly).toBe(4 * 369 + 2 * 670 + 15 + 3800 + 280 + 50 * 2); // 7011
      });
      it('Render: 4 Starter instances; Hobby workspace stays cheaper than Pro at 50 GB', () => {
        // Hobby: (50 − 5) × $0.15 = $6.75; Pro: $25 + (50 − 25) × $0.15 = $28.75.
        expect(t.render).toBe(4 * 700 + 2 * 2500 + 25 + 600 + 150 + 45 * 15); // 9250
      });
      it('DigitalOcean: APIs move to the $12 size, since the $5 size cannot run 2 instances', () => {
        expect(t.digitalocean).toBe(4 * 1200 + 2 * 1000 + 1515); // 8315
      });
    });
  }
});

describe('2 GB per service with 20 GB of data (--memory-mb sizes Postgres too)', () => {
  const r = report({ memoryMb: 2048, dbStorageGb: 20 });
  const t = Object.fromEntries(r.estimates.map((e) => [e.platform, Math.round(e.monthlyTotal * 100)]));
  it('Railway needs Pro: the 20 GB Postgres volume exceeds the Hobby cap of 5 GB', () => {
    const railway = r.estimates.find((e) => e.platform === 'railway')!;
    expect(railway.plan).toBe('Pro');
    expect(railway.warnings.map((w) => w.code)).toContain('railway.plan-upgrade');
    const memory = (4 * 2 + 2) * 1000; // 4 services + Postgres at 2 GB = 10 GB × $10
    const cpu = 5 * 0.05 * 2000;
    expect(t.railway).toBe(memory + cpu + 20 * 15 + 15 + 50); // 10865 ≥ the $20 Pro fee
  });
  it('Fly.io: shared-cpu-1x 2 GB × 4; Managed Postgres Starter (2 GB) $72 + 20 GB', () => {
    expect(t.fly).toBe(4 * 1270 + 15 + 7200 + 20 * 28 + 20); // 12875
  });
  it('Render: Standard × 4; Postgres Basic-4gb (the cheapest with 2 GB) $75, 20 GB of storage', () => {
    expect(t.render).toBe(4 * 2500 + 25 + 7500 + 20 * 30 + 75); // 18200
  });
  it('DigitalOcean: apps-s-1vcpu-2gb × 4; db-s-1vcpu-2gb $30.45 holds the 21 GB (20 + Phoenix 1) in its 30 included', () => {
    expect(t.digitalocean).toBe(4 * 2500 + 3045); // 13045
  });
});

describe('line items add up to the total shown', () => {
  it.each([{}, { db: 'separate' as const }, { tier: 'multi-user' as const, users: 120000, auth: 'clerk' as const, clients: 'mac-app-store' as const }])(
    '%o',
    (answers) => {
      for (const e of report(answers).estimates) {
        const sum = e.lineItems.reduce((a, l) => a + Math.round(l.monthly * 100), 0);
        expect(sum).toBe(Math.round(e.monthlyTotal * 100));
      }
    },
  );
});

describe('--postgres dev: the cheaper unmanaged or dev option instead of managed Postgres', () => {
  const r = report({ postgres: 'dev' });
  const t = Object.fromEntries(r.estimates.map((e) => [e.platform, Math.round(e.monthlyTotal * 100)]));
  const codes = (p: string) => r.estimates.find((e) => e.platform === p)!.warnings.map((w) => w.code);
  it('Railway: unchanged (its Postgres is a container either way)', () => {
    expect(t.railway).toBe(4140);
    expect(codes('railway')).toContain('railway.postgres-container');
  });
  it('Fly.io: a self-run shared-cpu-1x 256 MB app ($2.19) and a 5 GB volume instead of Managed Postgres', () => {
    // Snapshots: 5 GB (Postgres) + 1 GB (Phoenix) of data, within the free 10 GB.
    expect(t.fly).toBe(2 * 369 + 2 * 670 + 15 + 219 + 5 * 15 + 20); // 2407
    expect(codes('fly')).toContain('fly.self-run-postgres');
    const alt = r.estimates.find((e) => e.platform === 'fly')!.alternatives[0]!;
    expect(alt.monthlyDelta).toBe((3800 + 280 - 219 - 75) / 100); // back to managed: +$37.86
  });
  it('Render: the free plan ($0), which cannot hold 5 GB', () => {
    expect(t.render).toBe(2 * 700 + 2 * 2500 + 25 + 0 + 75); // 6500
    expect(codes('render')).toEqual(expect.arrayContaining(['render.free-postgres', 'render.free-postgres-full']));
  });
  it('DigitalOcean: a $7 dev database per app database, which cannot hold 6 GB', () => {
    // A dev database holds one database: reasoning_api, tools_api, litellm and Phoenix's (moved
    // into Postgres: App Platform has no volumes) are 4 dev databases.
    expect(t.digitalocean).toBe(2 * 500 + 2 * 1000 + 4 * 700); // 5800
    expect(codes('digitalocean')).toEqual(expect.arrayContaining(['digitalocean.dev-database', 'digitalocean.dev-database-full']));
  });
});

describe('the local tier', () => {
  it('only local fits it; hosted platforms are shown for comparison', () => {
    const r = report({ tier: 'local' });
    expect(r.cheapest).toBe('local');
    expect(r.estimates.filter((e) => e.fitsTier).map((e) => e.platform)).toEqual(['local']);
  });
});

describe("the built-in stack: the seed's (LiteLLM and Phoenix at 2 GB / 1 vCPU, tools-api without a database, one Postgres with three databases)", () => {
  const builtin = (answers: AnswersInput) =>
    Object.fromEntries(
      buildReport({ answers: AnswersSchema.parse(answers), book: builtinPriceBook(), platforms: PLATFORMS }).estimates.map((e) => [
        e.platform,
        Math.round(e.monthlyTotal * 100),
      ]),
    );
  const t = builtin({});
  it('Railway: 5.5 GB × $10 + 3.5 vCPU × 10% × $20 + 5 GB × $0.15 + 10 GB × $0.05 = $63.25', () => {
    const memory = (0.5 + 0.5 + 2 + 2 + 0.5) * 1000; // APIs, LiteLLM, Phoenix, the Postgres container
    const cpu = (0.5 + 0.5 + 1 + 1 + 0.5) * 0.1 * 2000; // 0.35 vCPU used × $20
    expect(t.railway).toBe(memory + cpu + 5 * 15 + 10 * 5); // 6325
  });
  it('Fly.io: 2 × $3.69 + 2 × $12.70 + $38 + 10 × $0.28 (the 10 GB default volume holds the 5 GB) + 10 × $0.02 = $73.78', () => {
    expect(t.fly).toBe(2 * 369 + 2 * 1270 + 3800 + 10 * 28 + 10 * 2); // 7378
  });
  it('Render: 2 × $7 + 2 × $25 (private services on the same plans) + $6 + 5 × $0.30 + 5 × $0.15 = $72.25', () => {
    expect(t.render).toBe(2 * 700 + 2 * 2500 + 600 + 5 * 30 + 5 * 15); // 7225
  });
  it('DigitalOcean: 2 × $5 + 2 × $25 + $15.15 = $75.15', () => {
    expect(t.digitalocean).toBe(2 * 500 + 2 * 2500 + 1515); // 7515
  });
  it('separate: three instances, one per app (reasoning-api, litellm, phoenix), tools-api has none', () => {
    const s = builtin({ db: 'separate' });
    expect(s.digitalocean).toBe(2 * 500 + 2 * 2500 + 3 * 1515); // 10545
    expect(s.render).toBe(2 * 700 + 2 * 2500 + 3 * (600 + 5 * 30) + 5 * 15); // 8725
  });
});
