/**
 * Redis containers from a compose file are priced as each platform's key-value store.
 * Price book of 2026-11-25:
 *   Render Key Value: Starter 256 MB $10, Standard 1 GB $32 (read through copies of render.com/pricing).
 *   DigitalOcean Managed Valkey: 1 GB single node $15 (third-party figure).
 *   Railway: Redis runs as a container, billed per GB-month of memory ($10) like any service.
 *   Fly.io: no key-value store in the price book (a warning says so).
 */
import { describe, expect, it } from 'vitest';
import { AnswersSchema } from '../../src/core/answers.js';
import { buildReport } from '../../src/core/report.js';
import type { StackSource } from '../../src/core/stack.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { PLATFORMS } from '../../src/platforms/index.js';

function source(stores: { name: string; memoryMb: number }[]): StackSource {
  return {
    kind: 'compose',
    services: [
      {
        name: 'app',
        role: 'api',
        image: 'app:1',
        port: 8000,
        public: true,
        vcpu: 0.5,
        memoryMb: 512,
        instances: 1,
        env: [],
        usesDatabase: false,
        optional: false,
      },
    ],
    keyValue: stores.map((s) => ({ ...s, usedBy: ['app'] })),
  };
}

function estimates(stores: { name: string; memoryMb: number }[]) {
  const report = buildReport({ answers: AnswersSchema.parse({}), book: builtinPriceBook(), platforms: PLATFORMS, source: source(stores) });
  return Object.fromEntries(report.estimates.map((e) => [e.platform, e]));
}

const items = (e: { lineItems: { service?: string; name: string; monthly: number }[] }, service: string) => e.lineItems.filter((i) => i.service === service);

describe('key-value stores in the estimates', () => {
  it('Render: the cheapest Key Value plan with enough memory, one line per store', () => {
    const { render } = estimates([
      { name: 'cache', memoryMb: 256 },
      { name: 'queue', memoryMb: 512 },
    ]);
    expect(items(render!, 'cache')).toEqual([expect.objectContaining({ name: 'cache: Key Value Starter', monthly: 10 })]);
    // 512 MB does not fit Starter's 256 MB: Standard (1 GB) at $32.
    expect(items(render!, 'queue')).toEqual([expect.objectContaining({ name: 'queue: Key Value Standard', monthly: 32 })]);
  });

  it('DigitalOcean: Managed Valkey at $15 for up to 1 GB', () => {
    const { digitalocean } = estimates([{ name: 'cache', memoryMb: 256 }]);
    expect(items(digitalocean!, 'cache')).toEqual([expect.objectContaining({ name: 'cache: Managed Valkey 1 GB single node', monthly: 15 })]);
  });

  it('a store larger than every plan is not priced, and the warning says so', () => {
    const { render, digitalocean } = estimates([{ name: 'big', memoryMb: 4096 }]);
    expect(items(render!, 'big')).toEqual([]);
    expect(render!.warnings.find((w: { code: string }) => w.code === 'render.no-key-value')).toMatchObject({ service: 'big' });
    expect(items(digitalocean!, 'big')).toEqual([]);
    expect(digitalocean!.warnings.find((w: { code: string }) => w.code === 'digitalocean.no-key-value')).toMatchObject({ service: 'big' });
  });

  it('Railway bills the Redis container as usage; Fly.io warns that it has none', () => {
    const { railway, fly } = estimates([{ name: 'cache', memoryMb: 256 }]);
    // 256 MB = 0.25 GB × $10 = $2.50 of memory, plus its CPU share.
    expect(items(railway!, 'cache').find((i) => i.name === 'cache: memory')).toMatchObject({ monthly: 2.5 });
    expect(fly!.warnings.map((w: { code: string }) => w.code)).toContain('fly.no-key-value');
    expect(items(fly!, 'cache')).toEqual([]);
  });

  it('every key-value price in the book has a source, a date and a confidence', () => {
    const book = builtinPriceBook();
    const plans = [...(book.platforms.render.keyValue?.plans ?? []), ...(book.platforms.digitalocean.keyValue?.plans ?? [])];
    expect(plans.length).toBe(3);
    for (const p of plans) {
      expect(p.monthly.source).toMatch(/^https:\/\//);
      expect(p.monthly.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['official', 'official-copy', 'third-party', 'uncertain']).toContain(p.monthly.confidence);
    }
    expect(book.platforms.railway.keyValue).toMatchObject({ kind: 'container', plans: [] });
  });
});
