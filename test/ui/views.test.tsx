/** The Ink comparison rendered at fixed widths: rows, figures, charts, warnings, colour. */
import { describe, expect, it, vi } from 'vitest';
import { run, type AppDeps } from '../../src/app.js';
import { AnswersSchema, type AnswersInput } from '../../src/core/answers.js';
import type { Report } from '../../src/core/report.js';
import { PLATFORMS } from '../../src/platforms/index.js';
import { builtinPriceBook } from '../../src/pricing/load-price-book.js';
import { platformLabel, usd } from '../../src/ui/format.js';
import { estimateFor } from '../../src/ui/wizard/run-wizard.js';
import { bar, groupWarnings } from '../../src/ui/views/Comparison.js';
import { renderComparison } from '../../src/ui/views/render.js';

// Before ink (and chalk) load: let chalk colour even off a terminal, so that "no ANSI codes
// with colour off" is the view's doing, not chalk's.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

const ANSI = /\u001b\[/;
const book = builtinPriceBook();

/** The report and scale the wizard would show for these answers. */
function viewOf(input: AnswersInput, columns: number, color = false) {
  const { report, scaling } = estimateFor(AnswersSchema.parse(input), undefined, book, PLATFORMS);
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
    const bars = chart.split('\n').slice(1, 1 + report.estimates.length).map((l) => (l.match(/[█▏▎▍▌▋▊▉]+/)?.[0] ?? '').length);
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
