/** The Ink comparison rendered at fixed widths: rows, figures, charts, warnings, colour. */
import { describe, expect, it, vi } from 'vitest';
import { run } from '../../src/app.js';
import type { AppDeps } from '../../src/commands/context.js';
import { type AnswersInput, AnswersSchema } from '../../src/core/answers.js';
import { usd } from '../../src/core/number-format.js';
import { platformLabel, type Report } from '../../src/core/report.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { PLATFORMS } from '../../src/platforms/index.js';
import { textWidth } from '../../src/ui/format.js';
import { bar, groupWarnings } from '../../src/ui/views/Comparison.js';
import { renderComparison } from '../../src/ui/views/render.js';
import { estimateFor } from '../../src/ui/wizard/run-wizard.js';

// Before ink (and chalk) load: let chalk colour even off a terminal, so that "no ANSI codes
// with colour off" is the view's doing, not chalk's.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

const ANSI = /\u001b\[/;
const book = builtinPriceBook();

/** The report and scale the wizard would show for these answers. */
function viewOf(input: AnswersInput, columns: number, color = false, priceBook = book) {
  const { report, scaling } = estimateFor(AnswersSchema.parse(input), undefined, priceBook, PLATFORMS);
  return { report, text: renderComparison(report, { columns, color, scaling }) };
}

/** `stackfare estimate --format json` for the same answers, run in-process. */
async function jsonReport(argv: string[]): Promise<Report> {
  let out = '';
  const deps: AppDeps = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: () => true },
    stdin: process.stdin,
    env: {},
    cwd: process.cwd(),
    readFile: async () => '',
  };
  expect(await run(['estimate', '--format', 'json', ...argv], deps)).toBe(0);
  return JSON.parse(out) as Report;
}

describe.each([60, 80, 120])('the comparison at %i columns', (columns) => {
  it('has a row per option with the same dollars as the JSON report, the cheapest marked', async () => {
    const { text } = viewOf({}, columns);
    const json = await jsonReport([]);
    const lines = text.split('\n');
    for (const e of json.estimates) {
      const row = lines.find((l) => l.slice(2).startsWith(platformLabel(e)));
      expect(row, e.platform).toBeDefined();
      expect(row).toContain(usd(e.monthlyTotal));
      expect(row!.startsWith('* ')).toBe(e.cheapest);
    }
    expect(json.cheapest).toBe('railway');
  });

  it('fits the width', () => {
    for (const tier of ['local', 'single-user', 'multi-user'] as const) {
      const { text } = viewOf({ tier }, columns);
      for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(columns);
    }
  });

  it('draws a bar per platform, longest for the dearest', () => {
    const { report, text } = viewOf({}, columns);
    const chart = text.slice(text.indexOf('Monthly cost by platform'));
    const dearest = report.estimates.reduce((a, e) => (e.monthlyTotal > a.monthlyTotal ? e : a));
    const bars = chart
      .split('\n')
      .slice(1, 1 + report.estimates.length)
      .map((l) => (l.match(/[█▏▎▍▌▋▊▉]+/)?.[0] ?? '').length);
    expect(Math.max(...bars)).toBe(bars[report.estimates.indexOf(dearest)]);
    expect(chart).toContain(usd(dearest.monthlyTotal));
  });

  it('shows the warnings and the price book date', () => {
    const { report, text } = viewOf({}, columns);
    expect(text).toContain('Warnings');
    expect(text.replace(/\s+/g, ' ')).toContain(`price book of ${report.pricingAsOf}`);
  });

  it('for multi-user, charts cost against users', async () => {
    const { text } = viewOf({ tier: 'multi-user' }, columns);
    expect(text).toContain('Cost by monthly active users');
    for (const users of ['100', '1,000', '10,000']) expect(text).toMatch(new RegExp(`^ *${users}  `, 'm'));
    // The same figures as the JSON of a scale report for those users.
    const json = await jsonReport(['--tier', 'multi-user', '--users', '100,1000,10000']);
    for (const point of json.scaling!) {
      const best = point.estimates.filter((e) => e.fitsTier).reduce((a, e) => (e.monthlyTotal < a.monthlyTotal ? e : a));
      expect(text).toContain(usd(best.monthlyTotal));
    }
  });
});

describe.each([40, 41, 47, 52, 59])('the comparison on a narrow terminal, %i columns', (columns) => {
  const tiers = ['local', 'single-user', 'multi-user'] as const;
  /** The platforms the wizard compares, Kubernetes too (the longest names). */
  const all: AnswersInput = { platforms: ['railway', 'fly', 'render', 'digitalocean', 'local', 'kubernetes'] };

  it('fits the width and cuts nothing', () => {
    for (const tier of tiers) {
      const { text } = viewOf({ tier, ...all }, columns);
      for (const line of text.split('\n')) expect(textWidth(line), line).toBeLessThanOrEqual(columns);
      expect(text).not.toContain('…');
    }
  });

  it('gives each platform its name, then its whole amount, effort and backups below it', () => {
    const { report, text } = viewOf(all, columns);
    const lines = text.split('\n');
    for (const e of report.estimates) {
      const at = lines.findIndex((l) => l.slice(2) === platformLabel(e));
      expect(at, e.platform).toBeGreaterThan(-1);
      expect(lines[at]!.startsWith('* ')).toBe(e.cheapest);
      expect(lines[at + 1]).toMatch(new RegExp(`^ {4}${usd(e.monthlyTotal).replace(/[$.]/g, '\\$&')} a month · `));
      const below = lines
        .slice(at + 1, at + 4)
        .join(' ')
        .replace(/\s+/g, ' ');
      expect(below).toContain(`backups: ${e.backupsShort}`);
    }
  });

  it('charts each platform: name and amount on one line, the bar below, longest for the dearest', () => {
    const { report, text } = viewOf(all, columns);
    const chart = text.slice(text.indexOf('Monthly cost by platform')).split('\n');
    const bars: number[] = [];
    for (const e of report.estimates) {
      const at = chart.findIndex((l) => l.endsWith(usd(e.monthlyTotal)) && l.startsWith(e.name.replace(/ App Platform$| \(your machine\)$/, '')));
      expect(at, e.platform).toBeGreaterThan(0);
      bars.push(chart[at + 1]!.match(/[█▏▎▍▌▋▊▉]+/)?.[0].length ?? 0);
    }
    const dearest = report.estimates.reduce((a, e) => (e.monthlyTotal > a.monthlyTotal ? e : a));
    expect(Math.max(...bars)).toBe(bars[report.estimates.indexOf(dearest)]);
  });

  it('for multi-user, charts cost against users with the amounts whole', () => {
    const { text } = viewOf({ tier: 'multi-user', ...all }, columns);
    const chart = text.slice(text.indexOf('Cost by monthly active users'));
    for (const users of ['100', '1,000', '10,000']) expect(chart).toMatch(new RegExp(`^${users} users +\\$[0-9,]+\\.[0-9]{2} \\S`, 'm'));
  });

  it('wraps the header, the warnings and the footer at words', () => {
    const { report, text } = viewOf(all, columns);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(`${report.stack.name}: hosted single-user, ${report.stack.regionLabel}`);
    expect(flat).toContain(`Prices in USD a month before tax, from the price book of ${report.pricingAsOf}. Line items: stackfare estimate`);
    const warning = report.estimates.flatMap((e) => e.warnings).find((w) => w.severity !== 'info')!;
    expect(flat).toContain(warning.message);
  });

  it('keeps amounts in the millions whole', () => {
    const dear = structuredClone(book);
    (dear.platforms.railway.usage.memory as { amount: string }).amount = '9999999';
    const { report, text } = viewOf({ tier: 'multi-user', users: [10, 100], ...all }, columns, false, dear);
    const railway = report.estimates.find((e) => e.platform === 'railway')!;
    expect(usd(railway.monthlyTotal).length).toBeGreaterThan(12);
    for (const e of report.estimates) expect(text).toContain(usd(e.monthlyTotal));
    for (const line of text.split('\n')) expect(textWidth(line), line).toBeLessThanOrEqual(columns);
    expect(text).not.toContain('…');
  });
});

describe('the comparison never cuts an amount at any width', () => {
  it.each([60, 64, 72, 80, 100, 120])('%i columns, amounts in the millions', (columns) => {
    const dear = structuredClone(book);
    (dear.platforms.railway.usage.memory as { amount: string }).amount = '9999999';
    const { report, text } = viewOf(
      { tier: 'multi-user', users: [10, 100], platforms: ['railway', 'fly', 'render', 'digitalocean', 'local', 'kubernetes'] },
      columns,
      false,
      dear,
    );
    for (const e of report.estimates) expect(text).toContain(usd(e.monthlyTotal));
    for (const line of text.split('\n')) expect(textWidth(line), line).toBeLessThanOrEqual(columns);
    expect(text).not.toContain('…');
  });
});

describe('colour', () => {
  it('uses ANSI styles when colour is on', () => {
    expect(viewOf({}, 80, true).text).toMatch(ANSI);
  });

  it('has no ANSI codes at all when colour is off (NO_COLOR)', () => {
    for (const tier of ['single-user', 'multi-user'] as const) expect(viewOf({ tier }, 80, false).text).not.toMatch(ANSI);
  });
});

describe('parts', () => {
  it('bars are in eighths of a cell, with a sliver for any cost', () => {
    expect(bar(10, 10, 4)).toBe('████');
    expect(bar(5, 10, 3)).toBe('█▌');
    expect(bar(0.01, 100, 10)).toBe('▏');
    expect(bar(0, 10, 10)).toBe('');
  });

  it('groups a warning every platform shares', () => {
    const w = { code: 'x', severity: 'warning' as const, message: 'Shared.' };
    const e = (name: string, warnings = [w]) => ({ name, warnings }) as unknown as Report['estimates'][number];
    expect(groupWarnings([e('Railway'), e('Fly.io')])).toEqual([{ severity: 'warning', text: 'Shared.', platforms: ['all'] }]);
    expect(groupWarnings([e('Railway'), e('Fly.io', [])])).toEqual([{ severity: 'warning', text: 'Shared.', platforms: ['Railway'] }]);
  });
});

describe('the Ink view with a usage file and hours of use', () => {
  it('says which services were sized from measurement, and shows the always-on figure beside one the hours lower', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { UsageFileSchema } = await import('../../src/core/usage-schema.js');
    const file = UsageFileSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'usage', 'seed.usage.json'), 'utf8')));
    const usage = { file, now: new Date('2026-12-07T00:00:00Z') };
    const answers = AnswersSchema.parse({ platforms: ['fly', 'digitalocean'], activeHours: 3 });
    const { report, scaling } = estimateFor(answers, undefined, book, PLATFORMS, undefined, usage);
    const text = renderComparison(report, { columns: 120, color: false, scaling });
    expect(text).toContain('sized from measurement: reasoning-api, tools-api, litellm, phoenix');
    const fly = report.estimates.find((e) => e.platform === 'fly')!;
    expect(text).toContain(`${usd(fly.monthlyTotal)} (always on ${usd(fly.alwaysOnMonthlyTotal!)})`);
    const plain = viewOf({ platforms: ['fly', 'digitalocean'] }, 120).text;
    expect(plain).not.toContain('sized from measurement');
    expect(plain).not.toContain('always on');
  });
});
