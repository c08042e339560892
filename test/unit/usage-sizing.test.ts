/**
 * Sizes from measurement (issue 19, part 2, the pure core): the seed stack measured at
 * 260/150/600/420 MB working sets is sized at p95 × 1.25, LiteLLM lands on a 1 GB Fly machine,
 * Railway bills about 0.59 GB for it, and egress is the window's bytes scaled to a month.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswersSchema } from '../../src/core/answers.js';
import { dec } from '../../src/core/money.js';
import { buildStack } from '../../src/core/stack.js';
import type { UsageFile } from '../../src/core/usage.js';
import { UsageFileSchema } from '../../src/core/usage-schema.js';
import {
  applyUsageSizing,
  DEFAULT_HEADROOM,
  formatDuration,
  headroomError,
  monthlyEgressGb,
  roundUpToSize,
  type ServiceSizing,
  sizeFromUsage,
} from '../../src/core/usage-sizing.js';
import { BUILTIN_BOOK } from '../../src/pricing/builtin-book.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'usage', 'seed.usage.json');
/** The fixture, read back through the same schema `--usage` validates with. */
const seedUsage = (): UsageFile => UsageFileSchema.parse(JSON.parse(readFileSync(FIXTURE, 'utf8'))) as UsageFile;
const seedStack = () => buildStack(AnswersSchema.parse({ phoenix: true }));
const NOW = new Date('2026-12-07T00:00:00Z');
const MiB = 1024 * 1024;
const of = (services: readonly ServiceSizing[], slug: string) => services.find((s) => s.service === slug)!;

describe('the seed stack measured at 260/150/600/420 MB', () => {
  const sizing = sizeFromUsage(seedUsage(), seedStack(), { now: NOW });

  it('matches every stack service by name; the Postgres container is listed as a database, nothing is unmatched', () => {
    expect(sizing.services.map((s) => s.service)).toEqual(['reasoning-api', 'tools-api', 'litellm', 'phoenix']);
    expect(sizing.unmeasured).toEqual([]);
    expect(sizing.unmatchedInFile).toEqual([]);
    expect(sizing.databases).toEqual(['postgres']);
    expect(sizing.warnings).toEqual([]);
  });

  it('sizes each at p95 × 1.25 (hand: 260→325, 150→187.5→188, 600→750, 420→525 MB) and its p95 CPU', () => {
    expect(sizing.headroom).toBe(DEFAULT_HEADROOM);
    expect(sizing.services.map((s) => [s.service, s.p95MemoryMb, s.needMb, s.memoryMb, s.vcpu])).toEqual([
      ['reasoning-api', 260, 325, 325, 0.12],
      ['tools-api', 150, 187.5, 188, 0.05],
      ['litellm', 600, 750, 750, 0.25],
      ['phoenix', 420, 525, 525, 0.18],
    ]);
  });

  it('LiteLLM (750 MB need) lands on a 1 GB Fly machine: the cheapest iad preset that holds it, as Fly sizes today', () => {
    const litellm = of(sizing.services, 'litellm');
    const iad = BUILTIN_BOOK.platforms.fly.machines.filter((m) => m.region === 'iad');
    expect(roundUpToSize(litellm.memoryMb, iad)?.memoryMb).toBe(1024);
    // The platforms' rule, "cheapest preset with the vCPU and memory asked for", gives the same machine.
    const fits = iad.filter((m) => m.memoryMb >= litellm.memoryMb && m.vcpus >= litellm.vcpu!);
    const cheapest = fits.reduce((a, m) => (dec(m.monthly.amount).lessThan(a.monthly.amount) ? m : a));
    expect([cheapest.preset, cheapest.memoryMb]).toEqual(['shared-cpu-1x', 1024]);
    // The guess it replaces was 2 GB.
    expect(seedStack().services.find((s) => s.slug === 'litellm')!.memoryMb).toBe(2048);
  });

  it('Railway bills the measured AVERAGE: LiteLLM 599.5 MiB = 0.58544921875 GB (about 0.59), not the 750 MB size', () => {
    const litellm = of(sizing.services, 'litellm');
    expect(litellm.railway.memoryGb.toString()).toBe('0.58544921875');
    expect(litellm.railway.memoryGb.toDecimalPlaces(2).toString()).toBe('0.59');
    expect(litellm.railway.vcpu?.toString()).toBe('0.06');
    expect(litellm.assumption).toContain('Railway bills its measured average, 0.59 GB and 0.06 vCPU');
    expect(litellm.assumption).toContain('p95 working set 600 MB × 1.25 headroom = 750 MB');
  });

  it('egress is the bytes sent scaled from 30 minutes to a 30-day month, in GB (hand: 25 MB × 1440 = 36 GB for LiteLLM)', () => {
    expect(sizing.services.map((s) => [s.service, s.egressGbPerMonth.toString()])).toEqual([
      ['reasoning-api', '17.28'],
      ['tools-api', '2.16'],
      ['litellm', '36'],
      ['phoenix', '0.72'],
    ]);
    // The database's own bytes go to the apps over the private network: not counted.
    expect(sizing.egressGbPerMonth.toString()).toBe('56.16');
  });

  it('assumptions say what was measured, when, for how long, and that egress is an upper bound including private traffic', () => {
    const text = sizing.assumptions.join('\n');
    expect(text).toContain('compose project reasoning-stack from 2026-12-01 10:00 UTC for 30 min (360 samples every 5 s)');
    expect(text).toContain('56.16 GB a month');
    expect(text).toMatch(/upper bound.*private traffic/);
    expect(text).toContain("priced by each platform's database plans: postgres");
  });
});

describe('a usage file for another stack, stale or short', () => {
  it("lists the names on either side that do not match, and warns that the file may be another stack's", () => {
    const usage = seedUsage();
    usage.services = { litellm: usage.services.litellm!, grafana: usage.services.phoenix!, 'tools-api': usage.services['tools-api']! };
    const sizing = sizeFromUsage(usage, seedStack(), { now: NOW });
    expect(sizing.services.map((s) => s.service)).toEqual(['tools-api', 'litellm']);
    expect(sizing.unmeasured).toEqual(['reasoning-api', 'phoenix']);
    expect(sizing.unmatchedInFile).toEqual(['grafana']);
    expect(sizing.warnings.map((w) => w.code)).toEqual(['usage.unmatched']);
    expect(sizing.warnings[0]!.message).toContain('grafana');
    expect(sizing.assumptions.join('\n')).toContain('Not in the usage file, so sized by default: reasoning-api, phoenix.');
  });

  it('matches a stack service by its slug when the compose name differs from the name given', () => {
    const usage = seedUsage();
    const stack = { services: [{ name: 'Reasoning API', slug: 'reasoning-api' }] };
    const sizing = sizeFromUsage(usage, stack, { now: NOW });
    expect(sizing.services.map((s) => [s.service, s.measuredAs])).toEqual([['reasoning-api', 'reasoning-api']]);
    expect(sizing.unmatchedInFile).toEqual(['litellm', 'phoenix', 'postgres', 'tools-api']);
  });

  it('warns when the file is older than 30 days (31 days here) and not at exactly 30', () => {
    const usage = seedUsage();
    const at = (iso: string) => sizeFromUsage(usage, seedStack(), { now: new Date(iso) }).warnings.map((w) => w.code);
    expect(at('2026-12-31T10:30:00Z')).toEqual([]);
    expect(at('2027-01-01T10:30:00Z')).toEqual(['usage.stale']);
    expect(sizeFromUsage(usage, seedStack(), { now: new Date('2027-01-01T10:30:00Z') }).warnings[0]!.message).toContain('31 days ago');
  });

  it('warns when the window is shorter than 5 minutes (4 min 59 s), not at 5 minutes', () => {
    const usage = seedUsage();
    usage.window = { ...usage.window, seconds: 299 };
    expect(sizeFromUsage(usage, seedStack(), { now: NOW }).warnings.map((w) => w.code)).toEqual(['usage.short']);
    usage.window = { ...usage.window, seconds: 300 };
    expect(sizeFromUsage(usage, seedStack(), { now: NOW }).warnings).toEqual([]);
  });
});

describe('headroom, replicas, CPU and the smallest size', () => {
  it('headroom must be a number of at least 1 (flags come as strings)', () => {
    expect(headroomError(1)).toBeNull();
    expect(headroomError('1.5')).toBeNull();
    expect(headroomError(0.9)).toMatch(/at least 1/);
    expect(headroomError('abc')).toMatch(/a number such as 1.25/);
    expect(headroomError('')).toMatch(/a number/);
    expect(headroomError(Number.NaN)).toMatch(/a number/);
    expect(() => sizeFromUsage(seedUsage(), seedStack(), { now: NOW, headroom: 0.5 })).toThrow(RangeError);
  });

  it('a headroom of 1.5 sizes LiteLLM at 900 MB; of 1 at exactly its p95', () => {
    const need = (headroom: number) => of(sizeFromUsage(seedUsage(), seedStack(), { now: NOW, headroom }).services, 'litellm').memoryMb;
    expect(need(1.5)).toBe(900);
    expect(need(1)).toBe(600);
  });

  it('replicas: the summed figures are split per instance (2 × 300 MB summed to 600 → 300 each, 375 need)', () => {
    const usage = seedUsage();
    usage.services.litellm = { ...usage.services.litellm!, replicas: { min: 2, max: 2 } };
    const litellm = of(sizeFromUsage(usage, seedStack(), { now: NOW }).services, 'litellm');
    expect([litellm.replicas, litellm.p95MemoryMb, litellm.memoryMb, litellm.vcpu]).toEqual([2, 300, 375, 0.13]);
    // Railway bills what all replicas used together.
    expect(litellm.railway.memoryGb.toString()).toBe('0.58544921875');
    expect(litellm.assumption).toContain('per instance (2 replicas measured)');
  });

  it('replicas that varied (1 to 3) divide by the fewest: the safe, larger share per instance', () => {
    const usage = seedUsage();
    usage.services.litellm = { ...usage.services.litellm!, replicas: { min: 1, max: 3 } };
    expect(of(sizeFromUsage(usage, seedStack(), { now: NOW }).services, 'litellm').memoryMb).toBe(750);
  });

  it('a tiny service is raised to the 128 MB minimum, and no CPU figures keep the default (vcpu null)', () => {
    const usage = seedUsage();
    usage.services['tools-api'] = {
      ...usage.services['tools-api']!,
      memoryBytes: { min: 30 * MiB, avg: 40 * MiB, p95: 50 * MiB, max: 60 * MiB },
      cpuVcpu: null,
    };
    const tools = of(sizeFromUsage(usage, seedStack(), { now: NOW }).services, 'tools-api');
    expect([tools.needMb, tools.memoryMb, tools.vcpu, tools.railway.vcpu]).toEqual([62.5, 128, null, null]);
    expect(tools.assumption).toContain('raised to the 128 MB minimum');
    expect(tools.assumption).toContain('CPU not measured (default kept)');
  });

  it('CPU rounds up to 0.01 vCPU and never to 0', () => {
    const usage = seedUsage();
    usage.services.phoenix = { ...usage.services.phoenix!, cpuVcpu: { min: 0, avg: 0.001, p95: 0.1234, max: 0.2 } };
    usage.services['tools-api'] = { ...usage.services['tools-api']!, cpuVcpu: { min: 0, avg: 0, p95: 0, max: 0 } };
    const s = sizeFromUsage(usage, seedStack(), { now: NOW }).services;
    expect(of(s, 'phoenix').vcpu).toBe(0.13);
    expect(of(s, 'tools-api').vcpu).toBe(0.01);
  });

  it('monthlyEgressGb: hand-computed cases, and 0 for an empty window', () => {
    expect(monthlyEgressGb(1_000_000_000, 2_592_000).toString()).toBe('1'); // a whole month sending 1 GB
    expect(monthlyEgressGb(1_000_000, 60).toString()).toBe('43.2'); // 1 MB a minute × 43,200 minutes
    expect(monthlyEgressGb(5, 0).toString()).toBe('0');
  });

  it('roundUpToSize: the smallest size that holds the need, the first of equals, null when none does', () => {
    const sizes = [
      { id: 'b', memoryMb: 1024 },
      { id: 'a', memoryMb: 512 },
      { id: 'c', memoryMb: 2048 },
      { id: 'd', memoryMb: 1024 },
    ];
    expect(roundUpToSize(750, sizes)?.id).toBe('b');
    expect(roundUpToSize(512, sizes)?.id).toBe('a');
    expect(roundUpToSize(100, sizes)?.id).toBe('a');
    expect(roundUpToSize(2049, sizes)).toBeNull();
    expect(roundUpToSize(1, [])).toBeNull();
  });

  it('formatDuration', () => {
    expect([formatDuration(45), formatDuration(600), formatDuration(7500), formatDuration(7200)]).toEqual(['45 s', '10 min', '2 h 5 min', '2 h']);
  });
});

describe('applyUsageSizing: a new stack sized from measurement', () => {
  it('measured services take the measured memory and CPU, the rest keep their defaults; egress is the measured bound; nothing changes in place', () => {
    const stack = seedStack();
    const before = JSON.stringify(stack);
    const usage = seedUsage();
    delete usage.services['tools-api'];
    const sizing = sizeFromUsage(usage, stack, { now: NOW });
    const sized = applyUsageSizing(stack, sizing);
    expect(sized.services.map((s) => [s.slug, s.memoryMb, s.vcpu])).toEqual([
      ['reasoning-api', 325, 0.12],
      ['tools-api', 512, 0.5], // not measured: the built-in default
      ['litellm', 750, 0.25],
      ['phoenix', 525, 0.18],
    ]);
    expect(sized.egressGb).toBe(54); // 17.28 + 36 + 0.72
    expect(sized.assumptions.join('\n')).toContain('litellm sized from measurement (litellm)');
    expect(sized.assumptions.join('\n')).toContain('Not in the usage file, so sized by default: tools-api.');
    expect(JSON.stringify(stack)).toBe(before);
  });

  it('a file without CPU figures keeps the default vCPU; no measured service keeps the egress guess', () => {
    const stack = seedStack();
    const usage = seedUsage();
    usage.services.litellm = { ...usage.services.litellm!, cpuVcpu: null };
    expect(applyUsageSizing(stack, sizeFromUsage(usage, stack, { now: NOW })).services.find((s) => s.slug === 'litellm')!.vcpu).toBe(1);
    usage.services = {};
    const none = applyUsageSizing(stack, sizeFromUsage(usage, stack, { now: NOW }));
    expect(none.egressGb).toBe(stack.egressGb);
    expect(none.services).toEqual(stack.services);
  });

  it('egress rounds UP to the hundredth (an upper bound stays one)', () => {
    const stack = seedStack();
    const usage = seedUsage();
    usage.services = { litellm: { ...usage.services.litellm!, networkTx: { bytes: 1_000_001, bytesPerSecond: 556 } } };
    // 1,000,001 B × 1,440 = 1.44000144 GB → 1.45
    expect(applyUsageSizing(stack, sizeFromUsage(usage, stack, { now: NOW })).egressGb).toBe(1.45);
  });
});
