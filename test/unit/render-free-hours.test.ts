/**
 * Render's free instances under hours of use (issue 19, item 3): the free instance hours the
 * "Free instances for ..." alternative would use, always on or --active-hours H, against the 750
 * hours a workspace's free web services share each calendar month (render.com/docs/free), on the
 * 30-day month the monthly prices are written for. Hand computations beside each figure.
 */
import { describe, expect, it } from 'vitest';
import { type AnswersInput, AnswersSchema } from '../../src/core/answers.js';
import type { Estimate } from '../../src/core/estimate.js';
import { buildStack } from '../../src/core/stack.js';
import { SECONDS_PER_MONTH } from '../../src/core/usage-sizing.js';
import { priceRender } from '../../src/platforms/render/estimate.js';
import { DAYS_PER_MONTH, formatHours, freeInstanceHours } from '../../src/platforms/render/free-hours.js';
import { resolveRender } from '../../src/platforms/render/model.js';
import { BUILTIN_BOOK } from '../../src/pricing/builtin-book.js';

const RULE = BUILTIN_BOOK.platforms.render.idle.freeInstances!;

/** `n` small public web services (0.1 vCPU, 256 MB, a port, nobody calls them): each fits Render's free instance type. */
function smallSites(n: number): AnswersInput['services'] {
  return Array.from({ length: n }, (_, i) => ({ name: `site${i + 1}`, role: 'web' as const, port: 8080, vcpu: 0.1, memoryMb: 256 }));
}
function render(answers: AnswersInput): Pick<Estimate, 'alternatives' | 'assumptions' | 'lineItems'> & { totalCents: number; candidates: string[] } {
  const stack = buildStack(AnswersSchema.parse({ ...answers, platforms: ['render'] }));
  const model = resolveRender(stack, BUILTIN_BOOK);
  const cost = priceRender(model, stack, BUILTIN_BOOK);
  return { ...cost, totalCents: cost.lineItems.reduce((a, i) => a + i.monthlyCents, 0), candidates: model.freeCandidates };
}
const freeAlt = (e: Pick<Estimate, 'alternatives'>) => e.alternatives.find((a) => a.name.startsWith('Free instances for'));

describe('the figures the worked examples take', () => {
  it('the price book: 15 minutes before a free service spins down, 750 free instance hours, from render.com/docs/free', () => {
    expect(RULE).toMatchObject({ idleMinutes: 15, hoursPerMonth: 750, source: 'https://render.com/docs/free', confidence: 'official' });
  });
  it("the month is the code's 30-day month (SECONDS_PER_MONTH), 720 hours", () => {
    expect(SECONDS_PER_MONTH / 3600).toBe(720);
    expect(DAYS_PER_MONTH).toBe(30);
  });
});

describe('freeInstanceHours: worked examples', () => {
  it('1 service at 3 h a day: (3 + 0.25) h × 30 = 97.5 h (31 days: 100.75 h) of 750: fits every month', () => {
    const h = freeInstanceHours(1, 3, RULE);
    expect(h.hoursPerDay.toString()).toBe('3.25');
    expect(h.hoursPerMonth.toString()).toBe('97.5');
    expect(h.hoursLongestMonth.toString()).toBe('100.75');
    expect(h.fits).toBe('every-month');
    expect(h.runsOutAfterDays).toBeNull();
    expect(h.text).toContain('3.25 h × 30 days = 97.5 h a month, against the 750 free instance hours');
    expect(h.text).toContain('(assumed in one stretch)');
    expect(h.text).toContain('fits');
    expect(h.text).not.toContain('does not fit');
  });

  it('3 services always on: 3 × 24 h × 30 = 2,160 h > 750: does not fit, the hours run out after 750 / 72 = 10.4 days, 1 of them would fit', () => {
    const h = freeInstanceHours(3, undefined, RULE);
    expect(h.hoursPerDay.toString()).toBe('24');
    expect(h.hoursPerMonth.toString()).toBe('2160');
    expect(h.hoursLongestMonth.toString()).toBe('2232');
    expect(h.fits).toBe('no');
    expect(h.runsOutAfterDays!.toFixed(4)).toBe('10.4167'); // 750 / 72
    expect(h.servicesThatFit).toBe(1); // 744 h in 31 days ≤ 750; two would be 1,488
    expect(h.text).toContain('3 × 24 h × 30 days = 2,160 h a month');
    expect(h.text).toContain('does not fit. The hours run out after about 10.4 days of each month');
    // What render.com/docs/free says happens then, quoted as the page words it.
    expect(h.text).toContain(
      'free services in your account are automatically suspended and can no longer serve traffic until they are upgraded to a paid instance type or when free usage is reset at the end of the calendar month, whichever is sooner',
    );
    expect(h.text).toContain('1 of them would fit.');
  });

  it('1 service always on: 24 × 30 = 720 h, 744 h in a 31-day month, both within 750', () => {
    const h = freeInstanceHours(1, undefined, RULE);
    expect([h.hoursPerMonth.toString(), h.hoursLongestMonth.toString(), h.fits]).toEqual(['720', '744', 'every-month']);
  });

  it('2 services always on: 1,440 h: does not fit (the hours run out after 750 / 48 = 15.6 days)', () => {
    const h = freeInstanceHours(2, undefined, RULE);
    expect(h.hoursPerMonth.toString()).toBe('1440');
    expect(h.fits).toBe('no');
    expect(h.runsOutAfterDays!.toFixed(4)).toBe('15.6250');
  });

  it('2 services at 12 h: 2 × 12.25 × 30 = 735 h fits a 30-day month, 759.5 h in 31 days does not (out after 750 / 24.5 = 30.6 days)', () => {
    const h = freeInstanceHours(2, 12, RULE);
    expect([h.hoursPerMonth.toString(), h.hoursLongestMonth.toString(), h.fits]).toEqual(['735', '759.5', 'short-months']);
    expect(h.runsOutAfterDays!.toFixed(4)).toBe('30.6122');
    expect(h.text).toContain('fits a 30-day month but not a 31-day one, when the hours run out after 30.6 days');
  });

  it('the spin-down wait never makes a day longer than 24 h: 24 h of use is 24 h', () => {
    expect(freeInstanceHours(1, 24, RULE).hoursPerDay.toString()).toBe('24');
    expect(freeInstanceHours(1, 23.9, RULE).hoursPerDay.toString()).toBe('24');
    expect(freeInstanceHours(1, 23.5, RULE).hoursPerDay.toString()).toBe('23.75');
  });

  it('hours are exact (no float noise) and grouped: 0.1 h → 0.35 h × 30 = 10.5 h; 2,160', () => {
    expect(freeInstanceHours(1, 0.1, RULE).hoursPerMonth.toString()).toBe('10.5');
    expect(formatHours(freeInstanceHours(3, undefined, RULE).hoursPerMonth)).toBe('2,160');
    expect(formatHours(freeInstanceHours(3, 12, RULE).hoursPerMonth)).toBe('1,102.5');
  });
});

describe('the Render estimate: the free-instances alternative says its hours', () => {
  it('1 candidate at --active-hours 3: 97.5 h of 750, fits; the alternative saves its Starter ($7)', () => {
    const e = render({ services: smallSites(1), activeHours: 3 });
    const alt = freeAlt(e)!;
    expect(alt.name).toBe('Free instances for site1');
    expect(alt.monthlyDeltaCents).toBe(-700);
    expect(alt.caveat).toContain('3.25 h × 30 days = 97.5 h a month, against the 750 free instance hours');
    expect(alt.caveat).toMatch(/: fits, /);
    expect(alt.caveat).toContain('Used 3 h a day (assumed in one stretch)');
  });

  it('3 candidates always on: 2,160 h > 750, does not fit, suspended when the hours run out', () => {
    const e = render({ services: smallSites(3) });
    const alt = freeAlt(e)!;
    expect(alt.name).toBe('Free instances for site1, site2, site3');
    expect(alt.monthlyDeltaCents).toBe(-2100);
    expect(alt.caveat).toContain('Always on, the 3 free services run 3 × 24 h × 30 days = 2,160 h a month');
    expect(alt.caveat).toContain('does not fit');
    expect(alt.caveat).toContain('automatically suspended');
  });

  it('a service kept on (alwaysOn=true) is no free candidate: the others are, and the hours count only them', () => {
    const e = render({ services: smallSites(3), activeHours: 3, serviceOverrides: { site2: { alwaysOn: true } } });
    expect(e.candidates).toEqual(['site1', 'site3']);
    const alt = freeAlt(e)!;
    expect(alt.name).toBe('Free instances for site1, site3');
    expect(alt.caveat).toContain('2 × 3.25 h × 30 days = 195 h a month');
    const all = render({ services: smallSites(1), activeHours: 3, serviceOverrides: { site1: { alwaysOn: true } } });
    expect(all.candidates).toEqual([]);
    expect(freeAlt(all)).toBeUndefined();
  });

  it('a service of 2 instances is no free candidate: free services cannot scale past one instance', () => {
    const e = render({ services: [{ ...smallSites(1)![0]!, instances: 2 }] });
    expect(e.candidates).toEqual([]);
  });

  it('paid instances stay priced all month whatever the active hours: the same total at 3 h, 12 h and always on', () => {
    const always = render({ services: smallSites(3) });
    for (const hours of [3, 12]) expect(render({ services: smallSites(3), activeHours: hours }).totalCents).toBe(always.totalCents);
    // 3 × Starter $7 + bandwidth (10 − 5 GB) × $0.15 = $21.75: nothing is billed by the hour.
    expect(always.totalCents).toBe(3 * 700 + 5 * 15);
  });
});
