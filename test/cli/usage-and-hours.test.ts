/**
 * Issue 19, parts 2 and 3 wired into the commands: `--usage FILE` / `--headroom N` size the stack
 * every platform prices from measurement (Railway bills the measured averages), and
 * `--active-hours H` / `--service NAME:alwaysOn=true` price each platform's idle rule, name what
 * cannot sleep and why, and `generate` writes the platform's knobs. Through the command line, in-process.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { idleMonthly } from '../../src/core/idle.js';
import { dec } from '../../src/core/money.js';
import { BUILTIN_BOOK } from '../../src/pricing/builtin-book.js';
import { runCli } from '../helpers/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'stackfare-usage-hours-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
copyFileSync(join(import.meta.dirname, '..', 'fixtures', 'usage', 'seed.usage.json'), join(dir, 'seed.usage.json'));

interface Json {
  estimates: {
    platform: string;
    monthlyTotal: number;
    alwaysOnMonthlyTotal?: number;
    sizing: { service: string; size: string; sizedFrom?: string }[];
    lineItems: { name: string; service?: string; quantity: number; monthly: number; note?: string }[];
    assumptions: string[];
    idle?: { activeHours: number; platformSleeps: boolean; sleeping: string[]; awake: { name: string; why: string[] }[]; wakeCosts: string[] };
  }[];
}

async function estimate(...args: string[]): Promise<Json> {
  const r = await runCli(['estimate', '--format', 'json', ...args], dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Json;
}
const on = (report: Json, platform: string) => report.estimates.find((e) => e.platform === platform)!;
const size = (report: Json, platform: string, service: string) => on(report, platform).sizing.find((z) => z.service === service)!;
const item = (report: Json, platform: string, name: string) => on(report, platform).lineItems.find((i) => i.name === name)!;

async function generate(platform: string, out: string, ...args: string[]): Promise<string> {
  const r = await runCli(['generate', '--platform', platform, '--out', out, ...args], dir);
  expect(r.code, r.stderr).toBe(0);
  return join(dir, out);
}

describe('--usage: the seed stack measured at 260/150/600/420 MB', () => {
  it('Fly sizes LiteLLM at 1 GB (2 GB guessed without the file) and Railway bills about 0.59 GB for it, its measured average', async () => {
    const guessed = await estimate('--platforms', 'railway,fly');
    const measured = await estimate('--platforms', 'railway,fly', '--usage', 'seed.usage.json');
    expect(size(guessed, 'fly', 'litellm').size).toBe('shared-cpu-1x 2 GB');
    expect(size(measured, 'fly', 'litellm').size).toBe('shared-cpu-1x 1 GB');
    expect(item(guessed, 'railway', 'litellm: memory').quantity).toBe(2);
    const railway = item(measured, 'railway', 'litellm: memory');
    // The fixture's average working set, 628,621,312 bytes / 2^30 = 0.5854 GB (Railway's GB).
    expect(railway.quantity).toBeCloseTo(0.585449, 5);
    expect(railway.note).toContain('measured average 0.59 GB');
    // CPU too: the measured average, not requested × 10 % × utilization.
    expect(item(measured, 'railway', 'litellm: CPU').note).toContain('measured average');
    expect(on(measured, 'railway').monthlyTotal).toBeLessThan(on(guessed, 'railway').monthlyTotal);
  });

  it('every sizing line says where its size came from, only with a usage file', async () => {
    const measured = await estimate('--usage', 'seed.usage.json');
    for (const e of measured.estimates.filter((x) => x.sizing.length > 0)) {
      for (const z of e.sizing)
        expect(z.sizedFrom, `${e.platform} ${z.service}`).toBe(
          ['reasoning-api', 'tools-api', 'litellm', 'phoenix'].includes(z.service) ? 'measured' : 'guessed',
        );
    }
    expect(size(measured, 'railway', 'postgres').sizedFrom).toBe('guessed');
    const guessed = await estimate();
    for (const e of guessed.estimates) for (const z of e.sizing) expect(z).not.toHaveProperty('sizedFrom');
  });

  it('the egress is the bytes sent scaled to a month, said to be an upper bound', async () => {
    const measured = await estimate('--platforms', 'fly', '--usage', 'seed.usage.json');
    expect(item(measured, 'fly', 'Egress').quantity).not.toBe(10);
    expect(on(measured, 'fly').assumptions.join('\n')).toMatch(/Egress from measurement: [\d.]+ GB a month.*An upper bound/);
  });

  it('the Markdown, HTML and text reports show "sized from measurement" beside each measured size', async () => {
    for (const format of ['markdown', 'html', 'table']) {
      const r = await runCli(['estimate', '--format', format, '--platforms', 'fly', '--usage', 'seed.usage.json'], dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/litellm(<\/strong>)?: shared-cpu-1x 1 GB \(sized from measurement\)/);
      const plain = await runCli(['estimate', '--format', format, '--platforms', 'fly'], dir);
      expect(plain.stdout).not.toContain('sized from measurement');
    }
  });

  it('--headroom raises the sizes; the answers file takes usage and headroom the same way', async () => {
    const roomy = await estimate('--platforms', 'fly', '--usage', 'seed.usage.json', '--headroom', '2');
    expect(size(roomy, 'fly', 'litellm').size).toBe('shared-cpu-1x 2 GB');
    writeFileSync(join(dir, 'answers.json'), JSON.stringify({ usage: 'seed.usage.json', headroom: 2, platforms: ['fly'] }));
    const fromFile = await estimate('--answers', 'answers.json');
    expect(size(fromFile, 'fly', 'litellm').size).toBe('shared-cpu-1x 2 GB');
    expect(fromFile.estimates[0]!.assumptions.join('\n')).toContain('× 2 headroom');
  });

  it('generate writes the measured sizes into the files (Fly: LiteLLM on a 1 GB machine)', async () => {
    const measured = await generate('fly', 'fly-measured', '--usage', 'seed.usage.json');
    expect(readFileSync(join(measured, 'fly', 'litellm', 'fly.toml'), 'utf8')).toMatch(/\[\[vm\]\][^[]*memory = "1gb"/);
    const guessed = await generate('fly', 'fly-guessed');
    expect(readFileSync(join(guessed, 'fly', 'litellm', 'fly.toml'), 'utf8')).toMatch(/\[\[vm\]\][^[]*memory = "2gb"/);
  });

  it('stackfare diff of a guessed and a measured answers file shows what the guess cost', async () => {
    writeFileSync(join(dir, 'guessed.json'), JSON.stringify({ platforms: ['railway'] }));
    writeFileSync(join(dir, 'measured.json'), JSON.stringify({ platforms: ['railway'], usage: 'seed.usage.json' }));
    const r = await runCli(['diff', 'guessed.json', 'measured.json', '--format', 'json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const diff = JSON.parse(r.stdout) as {
      platforms: {
        platform: string;
        before: number;
        after: number;
        lineItems: { name: string; before?: { quantity: number }; after?: { quantity: number } }[];
      }[];
    };
    const railway = diff.platforms.find((p) => p.platform === 'railway')!;
    expect(railway.after).toBeLessThan(railway.before);
    const litellm = railway.lineItems.find((i) => i.name === 'litellm: memory')!;
    expect(litellm.before?.quantity).toBe(2);
    expect(litellm.after?.quantity).toBeCloseTo(0.5854, 4);
  });

  it('the wizard (--yes) compares and writes from the measurement too, and its replay command carries --usage', async () => {
    const r = await runCli(['--yes', '--platform', 'fly', '--platforms', 'fly,railway', '--usage', 'seed.usage.json', '--out', 'wiz'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/litellm: shared-cpu-1x 1 GB \(sized from measurement\)/);
    expect(r.stdout).toContain('--usage seed.usage.json');
    expect(readFileSync(join(dir, 'wiz', 'fly', 'litellm', 'fly.toml'), 'utf8')).toMatch(/\[\[vm\]\][^[]*memory = "1gb"/);
  });

  it('a bad usage file is refused naming the file and the field (exit 1); a bad flag exits 2', async () => {
    const seed = JSON.parse(readFileSync(join(dir, 'seed.usage.json'), 'utf8'));
    delete seed.services.litellm.memoryBytes.p95;
    writeFileSync(join(dir, 'bad.usage.json'), JSON.stringify(seed));
    const bad = await runCli(['estimate', '--usage', 'bad.usage.json'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bad.usage.json: services.litellm.memoryBytes.p95: missing');
    const missing = await runCli(['estimate', '--usage', 'nowhere.usage.json'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nowhere.usage.json');
    for (const value of ['0.5', 'lots']) {
      const r = await runCli(['estimate', '--usage', 'seed.usage.json', '--headroom', value], dir);
      expect(r.code, value).toBe(2);
      expect(r.stderr).toContain('--headroom');
    }
    writeFileSync(join(dir, 'low.json'), JSON.stringify({ usage: 'seed.usage.json', headroom: 0.5 }));
    const fromFile = await runCli(['estimate', '--answers', 'low.json'], dir);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toContain('low.json: headroom');
  });
});

describe('--active-hours 3', () => {
  it("lowers Fly's total by auto-stop while DigitalOcean's stays the same, naming every part that cannot sleep and why", async () => {
    const always = await estimate('--platforms', 'fly,digitalocean,render,railway');
    const three = await estimate('--platforms', 'fly,digitalocean,render,railway', '--active-hours', '3');
    expect(on(three, 'fly').monthlyTotal).toBeLessThan(on(always, 'fly').monthlyTotal);
    for (const p of ['digitalocean', 'render']) {
      expect(on(three, p).monthlyTotal, p).toBe(on(always, p).monthlyTotal);
      expect(on(three, p).idle?.platformSleeps).toBe(false);
      expect(on(three, p).idle?.awake.map((a) => a.name)).toEqual(['reasoning-api', 'tools-api', 'litellm', 'phoenix', 'postgres']);
      expect(on(three, p).assumptions.join('\n')).toContain('Every part is billed all month');
    }
    const fly = on(three, 'fly').idle!;
    expect(fly.sleeping).toEqual(['reasoning-api', 'tools-api', 'litellm', 'phoenix']);
    expect(fly.awake).toEqual([{ name: 'postgres', kind: 'postgres', why: ['the platform runs its databases all month'] }]);
    expect(on(three, 'fly').assumptions.join('\n')).toContain('postgres stays awake all day: the platform runs its databases all month.');
    // On Railway every service of the seed stack keeps itself awake (its pool, its telemetry): each named with why.
    const railway = on(three, 'railway').idle!;
    expect(railway.sleeping).toEqual([]);
    expect(railway.awake.find((a) => a.name === 'litellm')!.why.join(' ')).toMatch(/connection pool to postgres/);
    expect(on(three, 'railway').monthlyTotal).toBe(on(always, 'railway').monthlyTotal);
    expect(always.estimates.every((e) => e.idle === undefined)).toBe(true);
  });

  it("Fly's machines are billed for the seconds they run plus the stopped root file system, checked by hand", async () => {
    writeFileSync(
      join(dir, 'web.json'),
      JSON.stringify({ services: [{ name: 'web', role: 'web', port: 8080, memoryMb: 512 }], platforms: ['fly'], egressGb: 0 }),
    );
    const three = await estimate('--answers', 'web.json', '--active-hours', '3');
    // 3 h + Fly's 5 idle minutes = 11,100 s a day of 86,400: $3.69 × 11,100 / 86,400 = $0.474 → $0.47;
    // stopped 75,300 s: 1 GB × $0.15 × 75,300 / 86,400 = $0.1307 → $0.13. Total $0.60.
    expect(item(three, 'fly', 'web: shared-cpu-1x 512 MB')).toMatchObject({ monthly: 0.47 });
    expect(item(three, 'fly', 'web: stopped machine root file system')).toMatchObject({ monthly: 0.13 });
    expect(on(three, 'fly').monthlyTotal).toBe(0.6);
    const fb = BUILTIN_BOOK.platforms.fly;
    const byRule = idleMonthly(dec('3.69'), dec(11_100), { gb: 1, price: fb.idle.stoppedStorage! });
    expect(byRule.total.toDecimalPlaces(2).toNumber()).toBe(0.6);
  });

  it('--service NAME:alwaysOn=true keeps a service on, named with why, and costs more than letting it sleep', async () => {
    const three = await estimate('--platforms', 'fly', '--active-hours', '3');
    const kept = await estimate('--platforms', 'fly', '--active-hours', '3', '--service', 'litellm:alwaysOn=true');
    const fly = on(kept, 'fly').idle!;
    expect(fly.sleeping).not.toContain('litellm');
    expect(fly.awake.find((a) => a.name === 'litellm')!.why[0]).toContain('you asked for it to stay on');
    expect(on(kept, 'fly').monthlyTotal).toBeGreaterThan(on(three, 'fly').monthlyTotal);
    writeFileSync(join(dir, 'hours.json'), JSON.stringify({ activeHours: 3, serviceOverrides: { litellm: { alwaysOn: true } }, platforms: ['fly'] }));
    expect(on(await estimate('--answers', 'hours.json'), 'fly').monthlyTotal).toBe(on(kept, 'fly').monthlyTotal);
  });

  it("shows the always-on figure beside each one the hours change, and with --tier all each tier's ranges side by side", async () => {
    const always = await estimate('--platforms', 'fly,digitalocean');
    const three = await estimate('--platforms', 'fly,digitalocean', '--active-hours', '3');
    expect(on(three, 'fly').alwaysOnMonthlyTotal).toBe(on(always, 'fly').monthlyTotal);
    expect(on(three, 'digitalocean').alwaysOnMonthlyTotal).toBe(on(always, 'digitalocean').monthlyTotal);
    for (const e of always.estimates) expect(e).not.toHaveProperty('alwaysOnMonthlyTotal');
    const text = (await runCli(['estimate', '--platforms', 'fly,digitalocean', '--active-hours', '3'], dir)).stdout;
    expect(text).toContain(`(always on $${on(always, 'fly').monthlyTotal.toFixed(2)})`);
    const tiers = JSON.parse((await runCli(['estimate', '--tier', 'all', '--format', 'json', '--active-hours', '3'], dir)).stdout) as {
      tiers: { tier: string; monthlyRange: { min: number }; alwaysOnMonthlyRange?: { min: number } }[];
    };
    const hosted = tiers.tiers.find((t) => t.tier === 'single-user')!;
    expect(hosted.monthlyRange.min).toBeLessThan(hosted.alwaysOnMonthlyRange!.min);
    const table = (await runCli(['estimate', '--tier', 'all', '--active-hours', '3'], dir)).stdout;
    expect(table).toMatch(/Hosted single-user\s+\$[\d.]+–\$[\d.]+ \(always on \$[\d.]+–\$[\d.]+\)/);
  });

  it('a headroom without a usage file, or alwaysOn without hours of use, says it changes nothing', async () => {
    const r = await runCli(['estimate', '--platforms', 'fly', '--headroom', '2', '--service', 'litellm:alwaysOn=true'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('A headroom of 2 changes nothing without a usage file');
    expect(r.stdout).toContain('alwaysOn (litellm) changes nothing without hours of use');
    const used = await runCli(
      ['estimate', '--platforms', 'fly', '--usage', 'seed.usage.json', '--headroom', '2', '--active-hours', '3', '--service', 'litellm:alwaysOn=true'],
      dir,
    );
    expect(used.stdout).not.toContain('changes nothing');
  });

  it('bad values exit 2', async () => {
    for (const args of [
      ['--active-hours', '0'],
      ['--active-hours', '25'],
      ['--active-hours', 'some'],
      ['--service', 'litellm:alwaysOn=maybe'],
    ]) {
      const r = await runCli(['estimate', ...args], dir);
      expect(r.code, args.join(' ')).toBe(2);
    }
  });

  it('generate writes the knobs: Fly auto_stop_machines = "stop", min_machines_running = 0 for services that sleep, always on for those kept on', async () => {
    const out = await generate('fly', 'fly-hours', '--active-hours', '3', '--service', 'litellm:alwaysOn=true');
    const toml = (s: string) => readFileSync(join(out, 'fly', s, 'fly.toml'), 'utf8');
    expect(toml('reasoning-api')).toMatch(/\[http_service\][^[]*auto_stop_machines = "stop"\n\s*auto_start_machines = true\n\s*min_machines_running = 0/);
    expect(toml('tools-api')).toMatch(/\[\[services\]\][^[]*auto_stop_machines = "stop"\n\s*auto_start_machines = true\n\s*min_machines_running = 0/);
    expect(toml('litellm')).toMatch(/auto_stop_machines = "off"\n\s*min_machines_running = 1/);
    expect(toml('litellm')).not.toContain('"stop"');
    const always = await generate('fly', 'fly-always');
    expect(readFileSync(join(always, 'fly', 'reasoning-api', 'fly.toml'), 'utf8')).not.toContain('auto_stop_machines = "stop"');
  });

  it("generate writes Railway's sleepApplication for a service that can sleep, and nothing for one kept awake", async () => {
    writeFileSync(join(dir, 'web-rw.json'), JSON.stringify({ services: [{ name: 'web', role: 'web', port: 8080, memoryMb: 512 }] }));
    const out = await generate('railway', 'rw-hours', '--answers', 'web-rw.json', '--active-hours', '3', '--railway-legacy');
    expect(readFileSync(join(out, '.railway', 'railway.ts'), 'utf8')).toContain('deploy: { sleepApplication: true },');
    expect(JSON.parse(readFileSync(join(out, 'config-as-code', 'web', 'railway.json'), 'utf8')).deploy.sleepApplication).toBe(true);
    const kept = await generate('railway', 'rw-kept', '--answers', 'web-rw.json', '--active-hours', '3', '--service', 'web:alwaysOn=true');
    expect(readFileSync(join(kept, '.railway', 'railway.ts'), 'utf8')).not.toContain('sleepApplication');
    const r = await estimate('--answers', 'web-rw.json', '--platforms', 'railway', '--active-hours', '3');
    // 0.5 GB × $10 × 11,400 / 86,400 s awake (3 h + 10 idle minutes) = $0.6597 → $0.66.
    expect(item(r, 'railway', 'web: memory')).toMatchObject({ monthly: 0.66 });
    expect(item(r, 'railway', 'web: memory').note).toContain('awake 3.17 h of 24 a day');
  });
});
