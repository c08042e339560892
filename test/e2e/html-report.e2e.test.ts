/**
 * The HTML report in a real headless Chromium (Debian's `chromium`, driven by playwright-core),
 * scripts off and the network blocked: at desktop, phone and print widths nothing overflows the
 * page and every platform's total is on screen with the figure of the JSON report. Screenshots
 * go to test/.tmp-html/ (git-ignored) to look at.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usd } from '../../src/core/number-format.js';
import { assertPresent, findChromium, requires } from '../helpers/requires.js';

/** Needs Chromium: skipped outside CI when missing (one loud line says what to install), failing in CI. */
const browser = requires('chromium');

const root = resolve(import.meta.dirname, '..', '..');
const CLI = resolve(root, process.env.STACKFARE_CLI ?? 'dist/cli.js');
const shots = join(root, 'test', '.tmp-html');

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 375, height: 740 },
] as const;

const SCENARIOS = [
  { name: 'single-user', args: [] as string[] },
  { name: 'multi-user', args: ['--tier', 'multi-user', '--users', '100,1000,10000', '--auth', 'auth0'] },
  { name: 'tiers', args: ['--tier', 'all'] },
];

interface Estimate {
  platform: string;
  tier: string;
  monthlyTotal: number;
  lineItems: { source?: string; confidence?: string }[];
}

const work = mkdtempSync(join(tmpdir(), 'stackfare-html-'));
let context: BrowserContext;
const requests: string[] = [];

function estimate(args: string[]): { html: string; report: { estimates: Estimate[]; scaling?: unknown[]; pricingAsOf: string } } {
  const run = (extra: string[]) => {
    const r = spawnSync(process.execPath, [CLI, 'estimate', ...args, ...extra], {
      cwd: work,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: work },
    });
    if (r.status !== 0) throw new Error(`estimate ${[...args, ...extra].join(' ')} exited ${r.status}: ${r.stderr}`);
    return r.stdout;
  };
  return { html: run(['--format', 'html']), report: JSON.parse(run(['--format', 'json'])) };
}

/** Elements whose box sticks out of the viewport on the right (or left), by selector path. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const w = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > w + 1 || r.left < -1) out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
    }
    return out.slice(0, 10);
  })()`);
}

describe.skipIf(!browser.run)(browser.name('the HTML report in headless Chromium'), () => {
  beforeAll(async () => {
    assertPresent('chromium');
    const executablePath = findChromium()!;
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first.`);
    rmSync(shots, { recursive: true, force: true });
    mkdirSync(shots, { recursive: true });
    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath,
      headless: true,
      javaScriptEnabled: false,
      offline: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    // Record (and refuse) anything but the file itself: the report must need no network.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    rmSync(work, { recursive: true, force: true });
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: no overflow at desktop, phone and print widths; every platform total visible`, async () => {
      const { html, report } = estimate(scenario.args);
      const file = join(work, `${scenario.name}.html`);
      const w = spawnSync(process.execPath, [CLI, 'estimate', ...scenario.args, '--format', 'html', '--output', file], { cwd: work, encoding: 'utf8' });
      expect(w.status, w.stderr).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(html);
      expect(html).not.toMatch(/<script|<link\b|src="http|url\(http/i);

      const page = await context.newPage();
      for (const vp of VIEWPORTS) {
        await page.setViewportSize({ width: vp.width, height: vp.height });
        await page.goto(pathToFileURL(file).href);
        const widths = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as [number, number];
        expect(widths[0], `${vp.name}: page wider than the screen`).toBeLessThanOrEqual(widths[1]);
        expect(await overflowing(page), vp.name).toEqual([]);

        // Every platform's total in the comparison: scrolled to, inside the screen, the topmost thing
        // at its centre (not covered or clipped), and equal to the JSON's figure.
        const totals = (await page.evaluate(`[...document.querySelectorAll('.comparison .total')].map((el) => {
          el.scrollIntoView({ block: 'center' });
          const r = el.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          const style = getComputedStyle(el);
          return { platform: el.dataset.platform, text: el.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height,
                   onTop: hit === el || el.contains(hit), shown: style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0 };
        })`)) as {
          platform: string;
          text: string;
          left: number;
          right: number;
          top: number;
          bottom: number;
          width: number;
          height: number;
          onTop: boolean;
          shown: boolean;
        }[];
        expect(
          totals.map((t) => [t.platform, t.text]),
          vp.name,
        ).toEqual(report.estimates.map((e) => [e.platform, usd(e.monthlyTotal)]));
        for (const t of totals) {
          expect(t.shown && t.onTop, `${vp.name}: ${t.platform} total hidden or covered`).toBe(true);
          expect(t.left).toBeGreaterThanOrEqual(0);
          expect(t.right).toBeLessThanOrEqual(vp.width);
          expect(t.top).toBeGreaterThanOrEqual(0);
          expect(t.bottom).toBeLessThanOrEqual(vp.height);
          expect(t.height).toBeGreaterThan(8);
        }
        // Each platform has its own section.
        for (const e of report.estimates) expect(await page.locator(`#p-${e.tier}-${e.platform}`).count()).toBe(1);
        await page.screenshot({ path: join(shots, `${scenario.name}-${vp.name}.png`), fullPage: true });
        // The first screen on its own, small enough to look at.
        await page.evaluate('window.scrollTo(0, 0)');
        await page.screenshot({ path: join(shots, `${scenario.name}-${vp.name}-top.png`) });
      }

      // Each line item with its source link and confidence; a bar chart of the totals and one per platform.
      const links = await page.locator('table.items a[href^="https://"]').count();
      expect(links).toBe(report.estimates.flatMap((e) => e.lineItems).filter((i) => i.source).length);
      const confidences = await page.locator('table.items .conf').count();
      expect(confidences).toBe(report.estimates.flatMap((e) => e.lineItems).filter((i) => i.confidence).length);
      const charts = await page.locator('figure.bars').count();
      expect(charts).toBeGreaterThanOrEqual(report.estimates.length + 1);
      expect(await page.locator('figure.bars rect').first().isVisible()).toBe(true);
      expect(await page.getByText(`price book of ${report.pricingAsOf}`).first().isVisible()).toBe(true);
      if (report.scaling) {
        // Cost against users: one line per platform in an SVG.
        expect(await page.locator('figure.chart svg path').count()).toBe(report.estimates.length);
        expect(await page.locator('figure.chart svg').isVisible()).toBe(true);
      }

      // Printed on A4 (about 794 CSS pixels wide): nothing overflows either.
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 794, height: 1123 });
      const printed = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as [number, number];
      expect(printed[0]).toBeLessThanOrEqual(printed[1]);
      expect(await overflowing(page), 'print').toEqual([]);
      await page.emulateMedia({ media: 'screen' });
      await page.close();
    }, 60_000);
  }

  it('asked for nothing over the network', () => {
    expect(requests).toEqual([]);
  });
});
