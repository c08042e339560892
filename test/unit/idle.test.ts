/**
 * Hours of use (issue 19, part 3, the pure core): sleep blockers from the stack graph, each
 * platform's idle rule from the price book, and the month's bill per part in cents, checked
 * against hand computation written beside each figure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnswersSchema, type ServiceInput } from '../../src/core/answers.js';
import {
  activeHoursError,
  billedSecondsPerDay,
  type IdlePlan,
  idleMonthly,
  idlePlan,
  isTelemetryLink,
  type SleepBlocker,
  sleepBlockers,
} from '../../src/core/idle.js';
import { dec } from '../../src/core/money.js';
import { buildStack, type Stack } from '../../src/core/stack.js';
import { BUILTIN_BOOK } from '../../src/pricing/builtin-book.js';
import { schemaErrors } from '../helpers/schemas.js';

const RULES = {
  railway: BUILTIN_BOOK.platforms.railway.idle,
  fly: BUILTIN_BOOK.platforms.fly.idle,
  render: BUILTIN_BOOK.platforms.render.idle,
  digitalocean: BUILTIN_BOOK.platforms.digitalocean.idle,
  kubernetes: BUILTIN_BOOK.platforms.kubernetes.idle,
  local: BUILTIN_BOOK.platforms.local.idle,
};
const seed = () => buildStack(AnswersSchema.parse({ phoenix: true }));
const custom = (services: ServiceInput[]): Stack => buildStack(AnswersSchema.parse({ services }));
const kinds = (b: readonly SleepBlocker[] | undefined) => (b ?? []).map((x) => (x.by ? `${x.kind}:${x.by}` : x.kind));
const part = (plan: IdlePlan, name: string) => plan.parts.find((p) => p.name === name)!;
const base = { role: 'api', vcpu: 0.5, memoryMb: 512, instances: 1 } as const;

/** The price-book figures the hand computations below use: a change of price fails here, by name. */
describe('the figures the worked examples take from the price book', () => {
  it('Fly iad machines, rootfs, Railway usage, Render starter, DigitalOcean and DOKS sizes', () => {
    const fly = BUILTIN_BOOK.platforms.fly;
    const iad = (mb: number) => fly.machines.find((m) => m.region === 'iad' && m.preset === 'shared-cpu-1x' && m.memoryMb === mb)!.monthly.amount;
    expect([iad(256), iad(512), iad(1024)]).toEqual(['2.19', '3.69', '6.70']);
    expect(RULES.fly.stoppedStorage).toMatchObject({ amount: '0.15', unit: 'GB-month' });
    expect([RULES.fly.idleMinutes, RULES.railway.idleMinutes]).toEqual([5, 10]);
    expect([BUILTIN_BOOK.platforms.railway.usage.memory.amount, BUILTIN_BOOK.platforms.railway.usage.vcpu.amount]).toEqual(['10', '20']);
    expect(BUILTIN_BOOK.platforms.render.instanceTypes.find((t) => t.id === 'starter')!.monthly.amount).toBe('7');
    expect(BUILTIN_BOOK.platforms.digitalocean.instanceSizes.find((z) => z.slug === 'apps-s-1vcpu-1gb')!.monthly.amount).toBe('12.00');
    expect(BUILTIN_BOOK.platforms.kubernetes.nodeSizes.find((z) => z.slug === 's-2vcpu-4gb')!.monthly.amount).toBe('24');
  });
});

describe("each platform's idle rule is data with a source and date", () => {
  it.each(Object.entries(RULES))('%s', (_id, rule) => {
    expect(rule.source).toMatch(/^https:\/\//);
    expect(rule.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const c of rule.wakeCaveats) expect(c.source).toMatch(/^https:\/\//);
    if (rule.sleeps) {
      expect(rule.idleMinutes).toBeGreaterThan(0);
      expect(rule.coldStartSeconds).not.toBeNull();
    } else {
      expect([rule.idleMinutes, rule.idleSignal, rule.coldStartSeconds]).toEqual([null, null, null]);
    }
  });
  it('Fly and Railway sleep; Render (paid), DigitalOcean, Kubernetes and local run all month', () => {
    expect(
      Object.entries(RULES)
        .filter(([, r]) => r.sleeps)
        .map(([id]) => id),
    ).toEqual(['railway', 'fly']);
    expect(RULES.railway.idleSignal).toBe('outbound-packets');
    expect(RULES.fly.idleSignal).toBe('inbound-requests');
    expect(RULES.render.freeInstances).toMatchObject({ idleMinutes: 15, hoursPerMonth: 750 });
    expect(RULES.railway.wakeCaveats.map((c) => c.text).join('\n')).toMatch(/private network refuses the first connection/);
    expect(RULES.fly.knobs).toMatch(/auto_stop_machines.*min_machines_running = 0/);
    expect(RULES.railway.knobs).toContain('sleepApplication');
  });
});

describe('--active-hours', () => {
  it('is a number of hours, 0 < H ≤ 24', () => {
    expect([activeHoursError(3), activeHoursError('3'), activeHoursError(24), activeHoursError(0.5)]).toEqual([null, null, null, null]);
    expect(activeHoursError(0)).toMatch(/above 0 and at most 24/);
    expect(activeHoursError(-1)).toMatch(/above 0/);
    expect(activeHoursError(24.5)).toMatch(/at most 24/);
    expect(activeHoursError('three')).toMatch(/a number of hours/);
    expect(activeHoursError('')).toMatch(/a number of hours/);
    expect(() => billedSecondsPerDay({ hours: 0 }, RULES.fly, true)).toThrow(RangeError);
  });

  it('billed seconds a day: hours + idle wait per stretch; all day when it cannot sleep or the platform never sleeps', () => {
    expect(billedSecondsPerDay({ hours: 3 }, RULES.fly, true).toString()).toBe('11100'); // 3 × 3600 + 5 × 60
    expect(billedSecondsPerDay({ hours: 3 }, RULES.railway, true).toString()).toBe('11400'); // 3 × 3600 + 10 × 60
    expect(billedSecondsPerDay({ hours: 3, sessionsPerDay: 2 }, RULES.railway, true).toString()).toBe('12000'); // + 2 × 600
    expect(billedSecondsPerDay({ hours: 2.5 }, RULES.fly, true).toString()).toBe('9300');
    expect(billedSecondsPerDay({ hours: 24 }, RULES.fly, true).toString()).toBe('86400'); // capped at a day
    expect(billedSecondsPerDay({ hours: 3 }, RULES.fly, false).toString()).toBe('86400');
    expect(billedSecondsPerDay({ hours: 3 }, RULES.digitalocean, true).toString()).toBe('86400');
  });
});

describe('worked examples in cents, 3 h a day (hand computation beside each)', () => {
  it('Fly, LiteLLM on shared-cpu-1x 1 GB ($6.70): sleeping 99 cents, kept awake 670', () => {
    const awake = billedSecondsPerDay({ hours: 3 }, RULES.fly, true);
    const m = idleMonthly(dec('6.70'), awake, { gb: 1, price: RULES.fly.stoppedStorage! });
    // Hand: running 670¢ × 11,100 / 86,400 = 86.08¢; rootfs 15¢ × 1 GB × 75,300 / 86,400 = 13.07¢;
    // (7,437,000 + 1,129,500) / 86,400 = 99.15¢ → 99.
    expect(m.running.times(100).toDecimalPlaces(4).toString()).toBe('86.0764');
    expect(m.stopped.times(100).toDecimalPlaces(4).toString()).toBe('13.0729');
    expect(m.cents).toBe(99);
    expect(m.note).toBe('$6.70 a month always on × 3.08 h of 24 a day + 1 GB root file system at $0.15/GB-month while stopped');
    // Blocked (awake all day): the always-on price, and no stopped storage.
    const all = idleMonthly(dec('6.70'), billedSecondsPerDay({ hours: 3 }, RULES.fly, false), { gb: 1, price: RULES.fly.stoppedStorage! });
    expect([all.cents, all.stopped.toString()]).toEqual([670, '0']);
  });

  it('Railway, a service of 0.5 GB and 0.05 vCPU average ($5 + $1 = $6.00 always on): sleeping 79 cents', () => {
    const alwaysOn = dec('0.5').times(10).plus(dec('0.05').times(20));
    expect(alwaysOn.toString()).toBe('6');
    const m = idleMonthly(alwaysOn, billedSecondsPerDay({ hours: 3 }, RULES.railway, true));
    // Hand: 600¢ × 11,400 / 86,400 = 79.17¢ → 79; Railway bills nothing while asleep.
    expect([m.cents, m.stopped.toString()]).toEqual([79, '0']);
    expect(idleMonthly(alwaysOn, billedSecondsPerDay({ hours: 3 }, RULES.railway, false)).cents).toBe(600);
  });

  it('Railway, LiteLLM at its measured 0.58544921875 GB and 0.06 vCPU: blocked by its own pool and exporter, 705 cents', () => {
    const plan = idlePlan(seed(), RULES.railway, { hours: 3 });
    const litellm = part(plan, 'litellm');
    expect(litellm.sleeps).toBe(false);
    const alwaysOn = dec('0.58544921875').times(10).plus(dec('0.06').times(20)); // 5.8544921875 + 1.2
    // Hand: 705.449…¢ × 86,400 / 86,400 → 705.
    expect(idleMonthly(alwaysOn, litellm.awakeSecondsPerDay).cents).toBe(705);
  });

  it('Render starter ($7), DigitalOcean apps-s-1vcpu-1gb ($12), a DOKS s-2vcpu-4gb node ($24): the same at 3 h as at 24 h', () => {
    for (const [rule, amount, cents] of [
      [RULES.render, '7', 700],
      [RULES.digitalocean, '12.00', 1200],
      [RULES.kubernetes, '24', 2400],
    ] as const) {
      const plan = idlePlan(seed(), rule, { hours: 3 });
      expect(plan.parts.every((p) => !p.sleeps && kinds(p.blockers).join() === 'platform')).toBe(true);
      expect(idleMonthly(dec(amount), part(plan, 'litellm').awakeSecondsPerDay).cents).toBe(cents);
    }
  });

  it('the seed stack sized from measurement on Fly: 1,928 cents always on; 299 at 3 h a day; blockers bring parts back', () => {
    // reasoning-api 325 MB → 512 MB $3.69, tools-api 188 → 256 MB $2.19, LiteLLM 750 → 1 GB $6.70, Phoenix 525 → 1 GB $6.70.
    const monthly: Record<string, string> = { 'reasoning-api': '3.69', 'tools-api': '2.19', litellm: '6.70', phoenix: '6.70' };
    const total = (plan: IdlePlan) =>
      plan.parts
        .filter((p) => p.kind === 'service')
        .reduce((sum, p) => sum + idleMonthly(dec(monthly[p.name]!), p.awakeSecondsPerDay, { gb: 1, price: RULES.fly.stoppedStorage! }).cents, 0);
    // Hand, per part (¢ × 11,100 + 15¢ × 75,300) / 86,400: reasoning-api (4,095,900 + 1,129,500) / 86,400 = 60.48 → 60;
    // tools-api (2,430,900 + 1,129,500) / 86,400 = 41.21 → 41; LiteLLM and Phoenix 99 each: 60 + 41 + 99 + 99 = 299.
    const idle = idlePlan(seed(), RULES.fly, { hours: 3 });
    expect(idle.parts.filter((p) => p.kind === 'service').every((p) => p.sleeps)).toBe(true);
    expect(total(idle)).toBe(299);
    expect(total(idlePlan(seed(), RULES.fly, { hours: 24 }))).toBe(1928); // 369 + 219 + 670 + 670
    // LiteLLM kept on: it exports telemetry to Phoenix, so Phoenix stays too: 670 + 670 + 60 + 41 = 1,441.
    expect(total(idlePlan(seed(), RULES.fly, { hours: 3, alwaysOn: ['litellm'] }))).toBe(1441);
    // reasoning-api kept on: it calls tools-api and LiteLLM and exports to Phoenix: all four all day.
    expect(total(idlePlan(seed(), RULES.fly, { hours: 3, alwaysOn: ['reasoning-api'] }))).toBe(1928);
  });
});

describe('sleep blockers, each named with why', () => {
  it("Fly (requests through the proxy wake it): the seed's services all sleep; its managed Postgres runs all month", () => {
    const b = sleepBlockers(seed(), RULES.fly);
    expect(Object.fromEntries([...b].map(([k, v]) => [k, kinds(v)]))).toEqual({
      'reasoning-api': [],
      'tools-api': [],
      litellm: [],
      phoenix: [],
      postgres: ['platform'],
    });
  });

  it('Railway (outbound packets keep it awake): pools and exporters keep the seed awake, and what they call with them', () => {
    const b = sleepBlockers(seed(), RULES.railway);
    expect(Object.fromEntries([...b].map(([k, v]) => [k, kinds(v)]))).toEqual({
      'reasoning-api': ['outbound-traffic', 'outbound-traffic'],
      'tools-api': ['private-caller:reasoning-api'],
      litellm: ['outbound-traffic', 'outbound-traffic', 'private-caller:reasoning-api'],
      phoenix: ['outbound-traffic', 'telemetry:reasoning-api', 'telemetry:litellm'],
      postgres: ['database-pool:reasoning-api', 'database-pool:litellm', 'database-pool:phoenix'],
    });
    const why = b.get('litellm')!.map((x) => x.why);
    expect(why[0]).toBe('its connection pool to postgres keeps sending packets, and the platform sleeps only a service that sent none for 10 minutes');
    expect(why[1]).toContain('it exports telemetry to phoenix (OTEL_EXPORTER_OTLP_ENDPOINT)');
    expect(b.get('tools-api')![0]!.why).toBe('reasoning-api runs all day and calls it over the private network (TOOLS_API_URL): a call at any hour wakes it');
  });

  it('the plan names every part that cannot sleep and why, and states the wake-up costs with sources', () => {
    const plan = idlePlan(seed(), RULES.railway, { hours: 3 });
    const text = plan.assumptions.join('\n');
    expect(text).toContain('Active 3 h a day: With Serverless enabled, Railway puts a service to sleep');
    for (const name of ['reasoning-api', 'tools-api', 'litellm', 'phoenix', 'postgres']) expect(text).toContain(`${name} stays awake all day: `);
    expect(plan.wakeCosts[0]).toMatch(/^Waking a sleeping part: the first request waits about 2–10 s \(https:\/\//);
    expect(plan.wakeCosts.join('\n')).toContain('refuses the first connection');
    expect(part(plan, 'litellm').calledBy).toEqual(['reasoning-api']);
    const fly = idlePlan(seed(), RULES.fly, { hours: 3 });
    expect(fly.assumptions.join('\n')).toContain(
      'Billed while awake: reasoning-api, tools-api, litellm, phoenix — 3 h of use in 1 stretch a day, each followed by the 5 idle minutes before it sleeps: 3.08 h a day.',
    );
    expect(fly.wakeCosts.join('\n')).toContain('.internal');
    expect(idlePlan(seed(), RULES.digitalocean, { hours: 3 }).assumptions).toEqual([
      expect.stringMatching(/^Active 3 h a day: App Platform components run and are billed all month.*Every part is billed all month\.$/),
    ]);
    expect(idlePlan(seed(), RULES.digitalocean, { hours: 3 }).wakeCosts).toEqual([]);
  });

  it('workers and scheduled services stay awake, and keep the database and the services they call awake', () => {
    const stack = custom([
      { ...base, name: 'api', port: 8000, usesDatabase: true },
      { ...base, name: 'worker', role: 'worker', usesDatabase: true, env: [{ name: 'API_URL', ref: { service: 'api', port: 8000 } }] },
      { ...base, name: 'beat', role: 'other', command: 'celery -A app beat', port: 9000 },
    ] as ServiceInput[]);
    const b = sleepBlockers(stack, RULES.fly);
    expect(kinds(b.get('worker'))).toEqual(['worker']);
    expect(kinds(b.get('api'))).toEqual(['private-caller:worker']);
    expect(kinds(b.get('beat'))).toEqual(['scheduled']);
    expect(b.get('beat')![0]!.why).toBe('it runs on a schedule ("beat" in "celery -A app beat"): nothing wakes a sleeping service when its time comes');
    // Where databases can sleep (Railway), the worker's pool keeps Postgres up.
    const r = sleepBlockers(stack, RULES.railway);
    expect(kinds(r.get(stack.postgres.instances[0]!.name))).toEqual(['database-pool:api', 'database-pool:worker']);
  });

  it('a healthcheck from an awake service keeps its target awake; a service with no port cannot be woken', () => {
    const stack = custom([
      { ...base, name: 'api', port: 8000 },
      { ...base, name: 'monitor', port: 3000, healthcheck: { test: ['CMD', 'curl', '-f', 'http://api:8000/health'] } },
      { ...base, name: 'sidecar', role: 'other' },
    ] as ServiceInput[]);
    expect(kinds(sleepBlockers(stack, RULES.fly).get('api'))).toEqual([]);
    const b = sleepBlockers(stack, RULES.fly, ['monitor']);
    expect(kinds(b.get('monitor'))).toEqual(['always-on']);
    expect(b.get('monitor')![0]!.why).toBe('you asked for it to stay on (--service monitor:alwaysOn=true)');
    expect(kinds(b.get('api'))).toEqual(['healthcheck:monitor']);
    expect(kinds(b.get('sidecar'))).toEqual(['no-port']);
  });

  it('a sleeping caller keeps nothing awake; the chain stops where the awake parts stop', () => {
    const stack = custom([
      { ...base, name: 'web', port: 3000, env: [{ name: 'API_URL', ref: { service: 'api', port: 8000 } }] },
      { ...base, name: 'api', port: 8000, env: [{ name: 'SEARCH_URL', ref: { service: 'search', port: 9200 } }] },
      { ...base, name: 'search', port: 9200 },
    ] as ServiceInput[]);
    expect([...sleepBlockers(stack, RULES.fly).values()].every((v) => v.length === 0)).toBe(true);
    const b = sleepBlockers(stack, RULES.fly, ['api']);
    expect([kinds(b.get('web')), kinds(b.get('api')), kinds(b.get('search'))]).toEqual([[], ['always-on'], ['private-caller:api']]);
  });

  it('telemetry links are told by the variable or the OTLP port', () => {
    expect(isTelemetryLink({ variable: 'PHOENIX_COLLECTOR_ENDPOINT', port: 6006 })).toBe(true);
    expect(isTelemetryLink({ variable: 'EXPORT_URL', port: 4318 })).toBe(true);
    expect(isTelemetryLink({ variable: 'LITELLM_BASE_URL', port: 4000 })).toBe(false);
  });
});

describe('properties of the bill (random prices and hours)', () => {
  const cents = fc.integer({ min: 0, max: 1_000_000 }).map((c) => dec(c).dividedBy(100));
  const hours = fc.integer({ min: 1, max: 2400 }).map((h) => h / 100); // 0.01 … 24 h
  const rules = fc.constantFrom(RULES.fly, RULES.railway, RULES.render, RULES.digitalocean, RULES.kubernetes);

  it('never more than always on (plus stopped storage), never less than the active share; all day = the always-on cents', () => {
    fc.assert(
      fc.property(cents, hours, rules, fc.boolean(), (monthly, h, rule, canSleep) => {
        const awake = billedSecondsPerDay({ hours: h }, rule, canSleep);
        const storage = rule.stoppedStorage ? { gb: 1, price: rule.stoppedStorage } : undefined;
        const m = idleMonthly(monthly, awake, storage);
        expect(m.running.lessThanOrEqualTo(monthly)).toBe(true);
        expect(m.running.greaterThanOrEqualTo(monthly.times(h).dividedBy(24).minus('1e-15'))).toBe(true);
        expect(m.total.equals(m.running.plus(m.stopped))).toBe(true);
        if (!rule.sleeps || !canSleep) expect([m.cents, m.stopped.isZero()]).toEqual([monthly.times(100).toDecimalPlaces(0, 4).toNumber(), true]);
      }),
      { numRuns: 300 },
    );
  });

  it('more hours never cost less', () => {
    fc.assert(
      fc.property(cents, hours, hours, rules, (monthly, a, b, rule) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const bill = (h: number) => idleMonthly(monthly, billedSecondsPerDay({ hours: h }, rule, true)).running;
        expect(bill(lo).lessThanOrEqualTo(bill(hi))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the knobs the rules name exist in the platforms' own config schemas", () => {
  it('fly.toml: auto_stop_machines stop or suspend, auto_start_machines, min_machines_running = 0', () => {
    for (const mode of ['stop', 'suspend']) {
      const toml = { app: 'litellm', http_service: { internal_port: 4000, auto_stop_machines: mode, auto_start_machines: true, min_machines_running: 0 } };
      expect(schemaErrors('fly', toml)).toEqual([]);
    }
    // The schema is strict about the value: a typo fails, so the check above can fail.
    expect(schemaErrors('fly', { app: 'x', http_service: { internal_port: 1, auto_stop_machines: 'sleep' } }).length).toBeGreaterThan(0);
  });
  it('railway.json: deploy.sleepApplication', () => {
    expect(schemaErrors('railway', { deploy: { sleepApplication: true } })).toEqual([]);
    expect(schemaErrors('railway', { deploy: { sleepApplication: 'yes' } }).length).toBeGreaterThan(0);
  });
});
