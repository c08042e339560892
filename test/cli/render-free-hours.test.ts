/**
 * Render's free instances under hours of use, through the command line: `estimate --format json`
 * of a compose stack whose small public services fit Render's free instance type, with and
 * without --active-hours. The alternatives field carries the free instance hours against the
 * 750 a workspace shares a month (render.com/docs/free); paid instances are priced all month.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'stackfare-render-free-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A compose file of `n` nginx sites, each published, limited to 0.1 CPU and 256 MB: Render's free size. */
function sites(file: string, n: number): string {
  const services = Array.from(
    { length: n },
    (_, i) =>
      `  site${i + 1}:\n    image: nginx:1.27\n    ports: ["${8080 + i}:80"]\n    deploy:\n      resources:\n        limits: { cpus: "0.1", memory: 256M }\n`,
  );
  writeFileSync(join(dir, file), `name: tiny\nservices:\n${services.join('')}`);
  return file;
}
const one = sites('one.yml', 1);
const three = sites('three.yml', 3);

interface RenderJson {
  monthlyTotal: number;
  alternatives: { name: string; monthlyDelta: number; caveat: string }[];
}
async function render(...args: string[]): Promise<RenderJson> {
  const r = await runCli(['estimate', '--platforms', 'render', '--format', 'json', ...args], dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { estimates: RenderJson[] }).estimates[0]!;
}
const free = (e: RenderJson) => e.alternatives.find((a) => a.name.startsWith('Free instances for'))!;

describe('estimate --format json: the free-instances alternative and its hours', () => {
  it('--active-hours 3, one free candidate: 3.25 h × 30 days = 97.5 h of the 750 free instance hours, fits', async () => {
    const e = await render('--compose', one, '--active-hours', '3');
    expect(free(e)).toMatchObject({ name: 'Free instances for site1', monthlyDelta: -7 });
    expect(free(e).caveat).toContain('Used 3 h a day (assumed in one stretch), each free service is awake that plus the 15 minutes before it spins down');
    expect(free(e).caveat).toContain('3.25 h × 30 days = 97.5 h a month, against the 750 free instance hours');
    expect(free(e).caveat).toContain('(100.75 h in a 31-day month; https://render.com/docs/free, 2026-12-07): fits');
    // The table and the Markdown report show the hours beside the alternative's figure (lines unwrapped).
    for (const format of ['table', 'markdown']) {
      const r = await runCli(['estimate', '--platforms', 'render', '--format', format, '--compose', one, '--active-hours', '3'], dir);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.replace(/\s+/g, ' '), format).toMatch(
        /Free instances for site1: .*7\.00 a month\. Free web services spin down after 15 minutes.*= 97\.5 h a month/,
      );
    }
  });

  it('three free candidates always on: 3 × 24 h × 30 days = 2,160 h, does not fit, suspended once the hours run out', async () => {
    const e = await render('--compose', three);
    expect(free(e)).toMatchObject({ name: 'Free instances for site1, site2, site3', monthlyDelta: -21 });
    expect(free(e).caveat).toContain('3 × 24 h × 30 days = 2,160 h a month');
    expect(free(e).caveat).toContain('does not fit. The hours run out after about 10.4 days of each month');
    expect(free(e).caveat).toContain('automatically suspended and can no longer serve traffic');
  });

  it('--service site2:alwaysOn=true takes it out of the free instances; paid instances cost the same at 3 h as always on', async () => {
    const kept = await render('--compose', three, '--active-hours', '3', '--service', 'site2:alwaysOn=true');
    expect(free(kept).name).toBe('Free instances for site1, site3');
    expect(free(kept).caveat).toContain('2 × 3.25 h × 30 days = 195 h a month');
    const always = await render('--compose', three);
    // 3 × Starter $7 + (10 − 5) GB × $0.15 = $21.75, at 3 h a day as always on: Render's paid instances never sleep.
    expect(always.monthlyTotal).toBe(21.75);
    expect(kept.monthlyTotal).toBe(21.75);
  });
});
