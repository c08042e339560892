/** One sizing rule for every platform: the cheapest size that fits, else a blocking warning. */
import { describe, expect, it } from 'vitest';
import { type AnswersInput, AnswersSchema } from '../../src/core/answers.js';
import { buildReport } from '../../src/core/report.js';
import type { Warning } from '../../src/core/warnings.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { PLATFORMS } from '../../src/platforms/index.js';
import { orBlocking, pickSize } from '../../src/platforms/sizes.js';

const sizes = [
  { name: 'small', memoryMb: 512, monthly: { amount: '5', unit: 'month' } },
  { name: 'large', memoryMb: 2048, monthly: { amount: '20', unit: 'month' } },
  { name: 'medium', memoryMb: 1024, monthly: { amount: '10', unit: 'month' } },
];
const unfit = { code: 'x.no-size', message: 'No size has it.', service: 'api', fix: 'Lower it.' };

describe('pickSize', () => {
  it('picks the cheapest that fits (1,000 MB → medium at $10, not large at $20) and warns of nothing', () => {
    const warnings: Warning[] = [];
    expect(
      pickSize(
        sizes,
        (z) => z.memoryMb >= 1000,
        (z) => z.monthly as never,
        warnings,
        unfit,
      )?.name,
    ).toBe('medium');
    expect(warnings).toEqual([]);
  });
  it('when nothing fits: undefined and one blocking error naming the service', () => {
    const warnings: Warning[] = [];
    expect(
      pickSize(
        sizes,
        (z) => z.memoryMb >= 4096,
        (z) => z.monthly as never,
        warnings,
        unfit,
      ),
    ).toBeUndefined();
    expect(warnings).toEqual([{ code: 'x.no-size', severity: 'error', message: 'No size has it.', service: 'api', fix: 'Lower it.', blocking: true }]);
    expect(orBlocking(undefined, warnings, unfit)).toBeUndefined();
    expect(warnings).toHaveLength(2);
  });

  const huge: AnswersInput = { platforms: ['fly', 'render', 'digitalocean'], serviceOverrides: { 'reasoning-api': { memoryMb: 262144 } } } as AnswersInput;
  it('a service no size holds blocks every platform that sizes it by service', () => {
    const report = buildReport({ answers: AnswersSchema.parse(huge), book: builtinPriceBook(), platforms: PLATFORMS });
    const codes: Record<string, string> = { fly: 'fly.no-machine', render: 'render.no-instance', digitalocean: 'digitalocean.no-size' };
    expect(report.estimates.map((e) => e.platform)).toEqual(['fly', 'render', 'digitalocean']);
    for (const e of report.estimates) {
      expect(
        e.warnings.find((w) => w.code === codes[e.platform]),
        e.platform,
      ).toMatchObject({ severity: 'error', blocking: true });
      expect(e.fitsTier, e.platform).toBe(false);
    }
    expect(report.cheapest).toBeNull();
  });
});
