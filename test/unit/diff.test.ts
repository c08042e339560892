/** diffReports: totals before, after and the change in cents, and line items matched, added, removed or changed. */
import { describe, expect, it } from 'vitest';
import { AnswersSchema } from '../../src/core/answers.js';
import { diffLineItems, diffReports, hasChanges } from '../../src/core/diff.js';
import { buildReport, type EstimateJson, type Report } from '../../src/core/report.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { PLATFORMS } from '../../src/platforms/index.js';

type Line = EstimateJson['lineItems'][number];
const line = (name: string, quantity: number, unitPrice: number, monthly: number, unit = 'GB-month'): Line => ({ name, quantity, unit, unitPrice, monthly });
const labels = { before: { label: 'a.yaml', kind: 'answers' as const }, after: { label: 'b.yaml', kind: 'answers' as const } };
const report = (answers: Record<string, unknown>): Report =>
  buildReport({ answers: AnswersSchema.parse(answers), book: builtinPriceBook(), platforms: PLATFORMS });

describe('diffLineItems', () => {
  it('matches lines by name and tells added, removed and changed apart', () => {
    const before = [line('api: memory', 0.5, 10, 5), line('api: CPU', 0.05, 20, 1, 'vCPU-month'), line('phoenix: memory', 1, 10, 10)];
    const after = [line('api: memory', 1, 10, 10), line('api: CPU', 0.05, 20, 1, 'vCPU-month'), line('worker: memory', 0.25, 10, 2.5)];
    const { changes, unchanged } = diffLineItems(before, after);
    expect(unchanged).toBe(1);
    expect(changes.map((c) => [c.kind, c.name, c.change])).toEqual([
      ['changed', 'api: memory', 5], // 0.5 → 1 GB-month at $10: $5.00 → $10.00
      ['added', 'worker: memory', 2.5],
      ['removed', 'phoenix: memory', -10],
    ]);
    expect(changes[0]!.fields).toEqual(['quantity', 'monthly']);
  });

  it('a price change alone is a changed line with the unit price named', () => {
    const { changes } = diffLineItems([line('db: storage', 5, 0.28, 1.4)], [line('db: storage', 5, 0.3, 1.5)]);
    expect(changes).toEqual([expect.objectContaining({ kind: 'changed', fields: ['unitPrice', 'monthly'], change: 0.1 })]);
  });

  it('a service moved to another size is one changed line (same service and unit), not a removal and an addition', () => {
    const before = [{ ...line('api: Starter (512 MB)', 1, 7, 7, 'month'), service: 'api' }];
    const after = [{ ...line('api: Standard (2 GB)', 2, 25, 50, 'month'), service: 'api' }];
    const { changes } = diffLineItems(before, after);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      kind: 'changed',
      name: 'api: Standard (2 GB)',
      previousName: 'api: Starter (512 MB)',
      change: 43,
      fields: ['name', 'quantity', 'unitPrice', 'monthly'],
    });
  });

  it('pairs nothing when the match is ambiguous', () => {
    const before = [line('api: a', 1, 1, 1, 'month'), line('api: b', 1, 2, 2, 'month')];
    const after = [line('api: c', 1, 3, 3, 'month')];
    expect(diffLineItems(before, after).changes.map((c) => c.kind)).toEqual(['added', 'removed', 'removed']);
  });

  it('a name that repeats is matched occurrence by occurrence', () => {
    const { changes, unchanged } = diffLineItems([line('x', 1, 1, 1), line('x', 2, 1, 2)], [line('x', 1, 1, 1), line('x', 3, 1, 3)]);
    expect(unchanged).toBe(1);
    expect(changes).toEqual([expect.objectContaining({ kind: 'changed', change: 1 })]);
  });
});

describe('diffReports', () => {
  it('prices each platform before and after, with the change in whole cents', () => {
    const a = report({});
    const b = report({ phoenix: false });
    const d = diffReports(a, b, labels);
    expect(d.platforms.map((p) => p.platform)).toEqual(['railway', 'fly', 'render', 'digitalocean', 'local']);
    const railway = d.platforms[0]!;
    // The built-in stack on Railway Hobby is $63.25; Phoenix costs 2 GB × $10 + 0.1 vCPU × $20 = $22.00 (no volume:
    // its data is in Postgres, whose 5 GB stay): 6325 − 2200 = 4125 cents; −2200 / 6325 = −0.348.
    expect(railway).toMatchObject({ before: 63.25, after: 41.25, change: -22, changeShare: -0.348 });
    expect(railway.lineItems.map((l) => [l.kind, l.name, Math.round(l.change * 100)])).toEqual([
      ['removed', 'phoenix: memory', -2000],
      ['removed', 'phoenix: CPU', -200],
    ]);
    for (const p of d.platforms) {
      const before = a.estimates.find((e) => e.platform === p.platform)!.monthlyTotal;
      const after = b.estimates.find((e) => e.platform === p.platform)!.monthlyTotal;
      expect([p.before, p.after]).toEqual([before, after]);
      expect(Math.round(p.change * 100)).toBe(Math.round(after * 100) - Math.round(before * 100));
      // The line changes add up to the change of the total, to the cent.
      expect(p.lineItems.reduce((s, l) => s + Math.round(l.change * 100), 0)).toBe(Math.round(p.change * 100));
    }
    expect(d.platforms.find((p) => p.platform === 'local')).toMatchObject({ change: 0, lineItems: [] });
    expect(hasChanges(d)).toBe(true);
  });

  it('two equal setups have no change', () => {
    const d = diffReports(report({}), report({}), labels);
    expect(d.platforms.every((p) => p.change === 0 && p.lineItems.length === 0)).toBe(true);
    expect(d.notes).toEqual([]);
    expect(hasChanges(d)).toBe(false);
  });

  it('a platform on one side only is new or gone; different price books and tiers are noted', () => {
    const a = report({ platforms: ['railway', 'fly'] });
    const b = { ...report({ platforms: ['fly', 'render'], tier: 'multi-user' }), pricingAsOf: '2027-01-01' };
    const d = diffReports(a, b, labels);
    expect(d.platforms.map((p) => [p.platform, p.before === null, p.after === null])).toEqual([
      ['fly', false, false],
      ['render', true, false],
      ['railway', false, true],
    ]);
    const railway = d.platforms.find((p) => p.platform === 'railway')!;
    expect(railway.change).toBe(-63.25); // the built-in stack's $63.25 on Railway, gone
    expect(railway.lineItems.every((l) => l.kind === 'removed')).toBe(true);
    expect(d.notes.join(' ')).toMatch(/different price books \(2026-11-25 and 2027-01-01\)/);
    expect(d.notes.join(' ')).toMatch(/tier changes from single-user to multi-user/);
  });
});
