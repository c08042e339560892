/** Auth providers, client fees, effort, and the platforms' own worked examples. */
import { describe, expect, it } from 'vitest';
import { type AnswersInput, AnswersSchema } from '../../src/core/answers.js';
import { totalCents } from '../../src/core/estimate.js';
import { authCost, clientFees, effortFor } from '../../src/core/extras.js';
import { buildReport } from '../../src/core/report.js';
import { buildStack } from '../../src/core/stack.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { PLATFORMS } from '../../src/platforms/index.js';

const book = builtinPriceBook();
const stack = (answers: AnswersInput) => buildStack(AnswersSchema.parse(answers));
const authCents = (answers: AnswersInput) => {
  const a = authCost(stack(answers), book);
  return a ? totalCents(a.lineItems) : 0;
};

describe('auth provider cost at a user count', () => {
  it('Clerk: free up to 50,000 MRU; Pro past it with tiered overage', () => {
    expect(authCents({ tier: 'multi-user', auth: 'clerk', users: 50000 })).toBe(0);
    // 120,000 MRU: $25 + 50,000 × $0.02 (50,001–100,000) + 20,000 × $0.018 (100,001–120,000)
    expect(authCents({ tier: 'multi-user', auth: 'clerk', users: 120000 })).toBe(2500 + 50000 * 2 + 20000 * 1.8);
  });
  it('Auth0: free up to 25,000 MAU; Essentials at $35 for 500 MAU + $0.07 a MAU beyond', () => {
    expect(authCents({ tier: 'multi-user', auth: 'auth0', users: 25000 })).toBe(0);
    expect(authCents({ tier: 'multi-user', auth: 'auth0', users: 30000 })).toBe(3500 + (30000 - 500) * 7);
  });
  it("Supabase: Supabase's own worked example, 160,000 MAU on Pro = $220", () => {
    // $25 + (160,000 − 100,000) × $0.00325 = $25 + $195
    expect(authCents({ tier: 'multi-user', auth: 'supabase', users: 160000 })).toBe(22000);
  });
  it('warns that a free Supabase project pauses after 7 days idle', () => {
    const a = authCost(stack({ tier: 'multi-user', auth: 'supabase', users: 1000 }), book)!;
    expect(a.plan).toBe('Free');
    expect(a.warnings[0]!.message).toMatch(/pauses after 7 days/);
  });
  it('no provider, no cost', () => {
    expect(authCost(stack({ auth: 'none' }), book)).toBeNull();
  });
});

describe('client distribution fees', () => {
  it('Mac App Store: $99 a year = $8.25 a month', () => {
    const items = clientFees(stack({ tier: 'multi-user', clients: 'mac-app-store' }), book);
    expect(totalCents(items)).toBe(825);
  });
  it('GitHub Releases costs nothing', () => {
    expect(clientFees(stack({ tier: 'multi-user', clients: 'github-releases' }), book)).toEqual([]);
  });
});

describe('effort', () => {
  it("hosted single-user is 4–8 h (the seed memo), plus Fly's manual setup on Fly", () => {
    expect(effortFor(stack({}), 'railway', true, book)).toMatchObject({ min: 4, max: 8 });
    expect(effortFor(stack({}), 'fly', true, book)).toMatchObject({ min: 5, max: 10 });
  });
  it('multi-user adds auth 2–4 h, isolation 1–2 days, API user context 1–2 days, distribution', () => {
    const e = effortFor(stack({ tier: 'multi-user', auth: 'clerk', clients: 'github-releases' }), 'render', true, book);
    expect(e.min).toBe(4 + 2 + 8 + 8 + 2);
    expect(e.max).toBe(8 + 4 + 16 + 16 + 4);
    expect(e.items.map((i) => i.name)).toEqual([
      'Hosted multi-user',
      'Auth with Clerk',
      'Database user isolation',
      'API user context',
      'Client distribution: github-releases',
    ]);
  });
  it('own auth instead of a provider is 1–2 weeks', () => {
    const e = effortFor(stack({ tier: 'multi-user', auth: 'none' }), 'render', true, book);
    expect(e.items.find((i) => i.name === 'Own auth')).toMatchObject({ min: 40, max: 80 });
  });
  it('local is 1–2 h whatever the tier', () => {
    expect(effortFor(stack({ tier: 'local' }), 'local', false, book)).toMatchObject({ min: 1, max: 2 });
  });
});

const one = (answers: AnswersInput, platform: string) =>
  buildReport({ answers: AnswersSchema.parse(answers), book, platforms: PLATFORMS }).estimates.find((e) => e.platform === platform)!;

describe("worked examples from the platforms' own pages", () => {
  const service = (name: string, memoryMb: number) => ({ name, memoryMb, image: 'example/app:1' });
  it('Fly pricing page: 3 × shared-cpu-1x 1 GB always on in sjc = 3 × $7.98 = $23.94', () => {
    // The cost-management page's example still says $20.37 (3 × $6.79, the rates before Fly's
    // increase); the pricing page's rates ($6.70 in iad × sjc's 1.1923 markup) give $7.98 each.
    const e = one({ services: [service('a', 1024), service('b', 1024), service('c', 1024)], region: 'us-west', egressGb: 0 }, 'fly');
    expect(e.monthlyTotal).toBe(23.94);
  });
  it('Railway "understanding your bill": the bill is the larger of the Hobby fee and usage', () => {
    const svc = (memoryMb: number) => [{ name: 'svc', memoryMb, vcpu: 0.1, image: 'x/y:1' }];
    // 128 MB at 50%: 0.0625 GB × $10 + 0.005 vCPU × $20 = $0.73, within the Free plan's $1 credit
    const free = one({ services: svc(128), egressGb: 0, utilization: 0.5 }, 'railway');
    expect(free.plan).toBe('Free');
    expect(free.monthlyTotal).toBe(0);
    // 128 MB at 100%: $1.25 + $0.20 = $1.45, past the $1 credit: Hobby, billed the $5 fee
    const small = one({ services: svc(128), egressGb: 0 }, 'railway');
    expect(small.plan).toBe('Hobby');
    expect(small.monthlyTotal).toBe(5);
    // 768 MB: 0.75 GB × $10 + 0.01 vCPU × $20 = $7.70 ≥ $5: the bill is the usage
    const big = one({ services: svc(768), egressGb: 0 }, 'railway');
    expect(big.monthlyTotal).toBe(7.7);
  });
  it('--utilization scales what Railway bills', () => {
    const full = one({}, 'railway').monthlyTotal;
    const half = one({ utilization: 0.5 }, 'railway').monthlyTotal;
    // memory and CPU halve ($55 + $7 → $31), the volume and egress ($1.25) do not
    expect(full - half).toBeCloseTo(31, 10);
  });
});

describe('scaling with users', () => {
  it('reports cost at each scale; API instances and auth cost grow with users', () => {
    const r = buildReport({
      answers: AnswersSchema.parse({ tier: 'multi-user', users: [100, 1000, 10000, 100000], auth: 'clerk' }),
      book,
      platforms: PLATFORMS,
    });
    expect(r.scaling!.map((p) => p.users)).toEqual([100, 1000, 10000, 100000]);
    const render = r.scaling!.map((p) => p.estimates.find((e) => e.platform === 'render')!);
    // ⌈users ÷ 5,000⌉ instances of each of the 2 APIs
    expect(render.map((e) => e.apiInstances)).toEqual([2, 2, 4, 40]);
    // Clerk: free to 50,000; at 100,000: $25 + 50,000 × $0.02 = $1,025
    expect(render.map((e) => e.authMonthly)).toEqual([0, 0, 0, 1025]);
    const totalsRender = render.map((e) => e.monthlyTotal);
    expect([...totalsRender].sort((a, b) => a - b)).toEqual(totalsRender);
  });
});
