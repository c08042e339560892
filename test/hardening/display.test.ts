/** Issue 12, item 4: text wraps at words at every width from 40 columns; money and names are never cut. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pricing from '../../data/pricing.json' with { type: 'json' };
import { usd } from '../../src/core/number-format.js';
import { runCli } from '../helpers/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'stackfare-display-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tooLong = (text: string, width: number) => text.split('\n').filter((l) => [...l].length > width);

describe('the plain table at every width from 40 columns', () => {
  const cases = [['estimate'], ['estimate', '--tier', 'multi-user', '--users', '100,1000,100000'], ['estimate', '--tier', 'all']];
  it.each([40, 47, 59, 60, 72, 80, 100, 120])('%i columns: no line is wider than the terminal, nothing is cut with …', async (columns) => {
    for (const args of cases) {
      const r = await runCli(args, dir, { columns });
      expect(r.code).toBe(0);
      expect(tooLong(r.stdout, columns), `${args.join(' ')} at ${columns}`).toEqual([]);
      expect(r.stdout).not.toContain('…');
    }
  });

  it('words are never split across lines', async () => {
    const r = await runCli(['estimate'], dir, { columns: 40 });
    // "predictable pricing; less flexible (no volumes)" wraps between words only.
    expect(r.stdout).toMatch(/predictable pricing; less flexible\n\s+\(no volumes\)/);
  });

  it('a long line-item name is shown in full (its own line), not "shared-cpu-1x 51…"', async () => {
    const r = await runCli(['estimate', '--platforms', 'fly'], dir, { columns: 80 });
    expect(r.stdout).toMatch(/reasoning-api: shared-cpu-1x 512\s?MB/);
  });

  it('--wide keeps each line item on one line with its full name', async () => {
    const r = await runCli(['estimate', '--platforms', 'fly', '--wide'], dir, { columns: 60 });
    const line = r.stdout.split('\n').find((l) => l.includes('reasoning-api: shared-cpu-1x'))!;
    expect(line).toMatch(/\$\d+\.\d\d\s*$/);
  });
});

describe('money is never cut', () => {
  it('totals in the millions print in full in every table', async () => {
    const book = structuredClone(pricing) as typeof pricing;
    (book.platforms.railway.usage.memory as { amount: string }).amount = '9999999';
    writeFileSync(join(dir, 'dear.json'), JSON.stringify(book));
    const json = JSON.parse((await runCli(['estimate', '--pricing', 'dear.json', '--format', 'json', '--platforms', 'railway'], dir)).stdout);
    const total = usd(json.estimates[0].monthlyTotal);
    expect(total.length).toBeGreaterThan(12);
    for (const columns of [40, 80, 120]) {
      const r = await runCli(['estimate', '--pricing', 'dear.json', '--platforms', 'railway,fly', '--tier', 'multi-user', '--users', '10,100'], dir, {
        columns,
      });
      expect(r.stdout).toContain(total);
      expect(r.stdout).not.toContain('…');
    }
  });
});
