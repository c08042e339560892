/**
 * Prices you can audit: `stackfare prices`, the 90-day stale-book warning by the run's date, and
 * --pricing as a partial override merged over the built-in book, with errors at the file's path.
 * Everything runs through run() with fake streams, files and date.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/app.js';
import type { AppDeps } from '../../src/commands/context.js';
import { AnswersSchema } from '../../src/core/answers.js';
import { priceList } from '../../src/core/price-list.js';
import { buildReport } from '../../src/core/report.js';
import { daysBetween, stalenessWarning } from '../../src/core/staleness.js';
import { UsageError, UserError } from '../../src/errors.js';
import { builtinPriceBook, loadPriceBook } from '../../src/io/load-price-book.js';
import { PLATFORMS } from '../../src/platforms/index.js';
import { mergePriceBook } from '../../src/pricing/merge-price-book.js';
import { memoryReadFile } from '../helpers/corpus.js';

function deps(files: Record<string, string> = {}, today?: string) {
  let out = '';
  const d: AppDeps = {
    stdout: {
      write: (s: string) => {
        out += s;
        return true;
      },
      isTTY: false,
    },
    stderr: { write: () => true },
    stdin: Readable.from([]) as AppDeps['stdin'],
    env: { COLUMNS: '100' },
    cwd: '/p',
    readFile: memoryReadFile(files),
    ...(today ? { today } : {}),
  };
  return { d, out: () => out };
}

async function json(argv: string[], files: Record<string, string> = {}, today?: string) {
  const { d, out } = deps(files, today);
  expect(await run(argv, d)).toBe(0);
  return JSON.parse(out());
}

async function failure(argv: string[], files: Record<string, string>): Promise<UserError> {
  const { d } = deps(files);
  return run(argv, d).then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as UserError,
  );
}

describe('stackfare prices', () => {
  it('lists every figure with unit, source, date, confidence and age on the run date', async () => {
    const list = await json(['prices', '--format', 'json'], {}, '2026-12-02');
    expect(list).toMatchObject({ version: 1, currency: 'USD', asOf: '2026-11-25', today: '2026-12-02', bookAgeDays: 7, staleAfterDays: 90 });
    const volume = list.figures.find((f: { path: string }) => f.path === 'platforms.fly.volume');
    expect(volume).toEqual({
      section: 'fly',
      path: 'platforms.fly.volume',
      name: 'fly › volume',
      amount: '0.15',
      unit: 'GB-month',
      source: 'https://fly.io/docs/about/pricing/',
      asOf: '2026-08-05',
      confidence: 'official',
      ageDays: 119, // 2026-08-05 → 2026-12-02
      note: 'Provisioned size, billed even when the machine is stopped',
    });
    // Every price of the book is listed: count them independently of the lister.
    const raw = JSON.stringify(builtinPriceBook());
    const sourced = raw.match(/"source":"https:/g)!.length;
    expect(list.figures.length).toBe(sourced);
    expect(list.figures.every((f: { source: string; asOf: string }) => f.source.startsWith('https://') && /^\d{4}-\d{2}-\d{2}$/.test(f.asOf))).toBe(true);
    expect(new Set(list.figures.map((f: { section: string }) => f.section))).toEqual(
      new Set(['railway', 'fly', 'render', 'digitalocean', 'local', 'kubernetes', 'auth', 'clientFees']),
    );
  });

  it('--platform lists one platform; the table shows the age and marks doubtful and old figures', async () => {
    const list = await json(['prices', '--platform', 'render', '--format', 'json'], {}, '2026-12-02');
    expect(new Set(list.figures.map((f: { section: string }) => f.section))).toEqual(new Set(['render']));
    const { d, out } = deps({}, '2027-06-01');
    expect(await run(['prices', '--platform', 'fly'], d)).toBe(0);
    expect(out()).toContain('Price book of 2026-11-25, 188 days before 2027-06-01 (USD)');
    expect(out()).toContain('    $0.15 / GB-month · official · 2026-08-05 · 300 days old');
    expect(out()).toContain('platforms.fly.volume: https://fly.io/docs/about/pricing/');
  });

  it('counts the figures by confidence, in the JSON and on the table, as the book marks them', async () => {
    const list = await json(['prices', '--format', 'json'], {}, '2026-12-07');
    // Counted independently of the lister: every confidence written in the book.
    const raw = JSON.stringify(builtinPriceBook());
    const count = (c: string) => raw.split(`"confidence":"${c}"`).length - 1;
    const expected = {
      official: count('official'),
      'official-copy': count('official-copy'),
      'third-party': count('third-party'),
      uncertain: count('uncertain'),
    };
    expect(list.confidenceCounts).toEqual(expected);
    expect(Object.keys(list.confidenceCounts)).toEqual(['official', 'official-copy', 'third-party', 'uncertain']);
    expect(Object.values(expected).reduce((a, b) => a + b, 0)).toBe(list.figures.length);
    const { d, out } = deps({}, '2026-12-07');
    expect(await run(['prices'], d)).toBe(0);
    const line = `By confidence: official ${expected.official}, official-copy ${expected['official-copy']}, third-party ${expected['third-party']} ~, uncertain ${expected.uncertain} ?.`;
    expect(out().split('\n')[1]).toBe(line);
    // One platform's counts are that platform's only; an override moves a figure between counts.
    const flyBefore = await json(['prices', '--platform', 'fly', '--format', 'json']);
    const fly = await json(['prices', '--platform', 'fly', '--format', 'json', '--pricing', 'p.yaml'], {
      'p.yaml': 'platforms:\n  fly:\n    volume: { amount: "0.20", source: "https://example.com/fly", asOf: "2027-01-10", confidence: uncertain }\n',
    });
    expect(fly.confidenceCounts.uncertain).toBe(flyBefore.confidenceCounts.uncertain + 1);
    expect(fly.confidenceCounts.official).toBe(flyBefore.confidenceCounts.official - 1);
  });

  it('Fly machine prices come from the vendor page; a figure left doubtful says why', async () => {
    const list = await json(['prices', '--format', 'json'], {}, '2026-12-07');
    type Row = { path: string; source: string; confidence: string; asOf: string; note?: string; amount: string; section: string };
    const machines = list.figures.filter((f: Row) => f.path.startsWith('platforms.fly.machines['));
    expect(machines).toHaveLength(46);
    for (const m of machines) expect(m).toMatchObject({ source: 'https://fly.io/docs/about/pricing/', confidence: 'official', asOf: '2026-12-07' });
    // The page's typed rows (Ashburn) and its Frankfurt example, read 2026-12-07.
    const price = (name: string) => list.figures.find((f: { name: string }) => f.name === `fly › machines › ${name} › monthly`)?.amount;
    expect([price('shared-cpu-1x 256 MB iad'), price('shared-cpu-1x 512 MB iad'), price('shared-cpu-1x 1 GB iad'), price('shared-cpu-2x 2 GB iad')]).toEqual([
      '2.19',
      '3.69',
      '6.70',
      '13.39',
    ]);
    expect([price('performance-1x 2 GB iad'), price('performance-2x 4 GB iad'), price('shared-cpu-1x 1 GB fra')]).toEqual(['33.00', '66.00', '7.73']);
    const doubtful = list.figures.filter((f: Row) => f.confidence === 'third-party' || f.confidence === 'uncertain');
    expect(doubtful.length).toBeGreaterThan(0);
    // Every doubtful figure says why; the priced ones the vendor pages did not confirm say what was searched.
    for (const f of doubtful) expect(f.note?.length ?? 0, f.path).toBeGreaterThan(20);
    const priced = doubtful.filter((f: Row) => !/\.idle(\.|$)/.test(f.path));
    for (const f of priced) expect(f.note, f.path).toMatch(/Kept marked: on 2026-12-07 the search tool found/);
    const bySection = (s: string) => priced.filter((f: Row) => f.section === s || (s === 'auth0' && f.path.startsWith('auth.auth0'))).length;
    expect({ digitalocean: bySection('digitalocean') + bySection('kubernetes'), render: bySection('render'), auth0: bySection('auth0') }).toEqual({
      digitalocean: 28,
      render: 3,
      auth0: 1,
    });
  });

  it('--format markdown is a usage error (exit 2)', async () => {
    const { d } = deps();
    await expect(run(['prices', '--format', 'markdown'], d)).rejects.toBeInstanceOf(UsageError);
  });

  it('lists an override merged over the built-in book', async () => {
    const list = await json(['prices', '--platform', 'fly', '--format', 'json', '--pricing', 'p.yaml'], {
      'p.yaml': 'platforms:\n  fly:\n    volume: { amount: "0.20", source: "https://example.com/fly", asOf: "2027-01-10", confidence: official }\n',
    });
    expect(list.figures.find((f: { path: string }) => f.path === 'platforms.fly.volume')).toMatchObject({
      amount: '0.20',
      asOf: '2027-01-10',
      source: 'https://example.com/fly',
    });
    expect(list.figures.find((f: { path: string }) => f.path === 'platforms.fly.volume').note).toBeUndefined();
  });
});

describe('the stale price-book warning, by the run date', () => {
  it('counts whole days between dates', () => {
    expect(daysBetween('2026-11-25', '2027-02-23')).toBe(90);
    expect(daysBetween('2026-11-25', '2027-02-24')).toBe(91);
  });

  it('no warning up to 90 days after the book was checked; one on every estimate after', () => {
    const estimate = (today: string) => buildReport({ answers: AnswersSchema.parse({}), book: builtinPriceBook(), platforms: PLATFORMS, today }).estimates;
    expect(
      estimate('2027-02-23')
        .flatMap((e) => e.warnings)
        .filter((w) => w.code === 'pricing.stale'),
    ).toEqual([]);
    const late = estimate('2027-02-24');
    for (const e of late) expect(e.warnings.filter((w) => w.code === 'pricing.stale').length, e.platform).toBe(1);
    const fly = late.find((e) => e.platform === 'fly')!.warnings.find((w) => w.code === 'pricing.stale')!;
    expect(fly.message).toBe(
      'The price book was last checked on 2026-11-25, 91 days before today (2027-02-24), more than 90 days; the oldest figures this estimate uses: ' +
        // The machine prices were re-read from Fly's page on 2026-12-07, so the database's are the oldest now.
        'postgres: Managed Postgres Basic (2025-12-15, 436 days old); postgres: Managed Postgres storage (2025-12-15, 436 days old); Egress (2026-08-05, 203 days old).',
    );
  });

  it('the CLI passes the run date: a book checked 2026-11-25 is stale in the JSON of 2027-03-01, not of 2026-12-02', async () => {
    const stale = (r: { estimates: { warnings: { code: string }[] }[] }) => r.estimates.some((e) => e.warnings.some((w) => w.code === 'pricing.stale'));
    expect(stale(await json(['estimate', '--format', 'json'], {}, '2027-03-01'))).toBe(true);
    expect(stale(await json(['estimate', '--format', 'json'], {}, '2026-12-02'))).toBe(false);
  });

  it('names nothing when no dated figure is used, but still warns', () => {
    const w = stalenessWarning('2026-01-01', [], '2026-06-01');
    expect(w?.message).toBe('The price book was last checked on 2026-01-01, 151 days before today (2026-06-01), more than 90 days.');
  });
});

describe('--pricing FILE: a partial override merged over the built-in book', () => {
  const fly = (r: { estimates: { platform: string; monthlyTotal: number; lineItems: { name: string; source?: string; asOf?: string }[] }[] }) =>
    r.estimates.find((e) => e.platform === 'fly')!;

  it('changes only the figures given: egress $0.02 → $1 adds 10 × $0.98 = $9.80 to Fly', async () => {
    const base = fly(await json(['estimate', '--format', 'json']));
    const file = JSON.stringify({
      platforms: {
        fly: { egressGroups: { 'north-america-europe': { amount: '1', source: 'https://example.com/egress', asOf: '2027-01-01', confidence: 'third-party' } } },
      },
    });
    const r = await json(['estimate', '--format', 'json', '--pricing', 'o.json'], { 'o.json': file });
    expect(Math.round(fly(r).monthlyTotal * 100)).toBe(Math.round(base.monthlyTotal * 100) + 980);
    expect(fly(r).lineItems.find((i) => i.name === 'Egress')).toMatchObject({
      source: 'https://example.com/egress',
      asOf: '2027-01-01',
      confidence: 'third-party',
    });
    expect(r.pricingAsOf).toBe('2026-11-25');
  });

  it('merges list entries by their name: one Fly machine by preset, memory and region; a Render plan by id', () => {
    const book = builtinPriceBook();
    const merged = mergePriceBook(book, {
      platforms: {
        fly: {
          machines: [
            {
              preset: 'shared-cpu-1x',
              memoryMb: 512,
              region: 'iad',
              monthly: { amount: '4.00', source: 'https://example.com/m', asOf: '2027-01-01', confidence: 'official' },
            },
          ],
        },
        render: {
          postgresPlans: [{ id: 'basic-1gb', name: 'Basic-1gb', vcpu: 0.5, memoryMb: 1024, monthly: { ...book.platforms.render.postgresPlans[2]!.monthly } }],
        },
      },
    }).data as typeof book;
    expect(merged.platforms.fly.machines.length).toBe(book.platforms.fly.machines.length);
    expect(merged.platforms.fly.machines[1]!.monthly.amount).toBe('4.00');
    expect(merged.platforms.fly.machines[0]).toEqual(book.platforms.fly.machines[0]);
    expect(merged.platforms.render.postgresPlans.length).toBe(book.platforms.render.postgresPlans.length);
  });

  it('a new entry is added: a DigitalOcean 4 GB cluster lets a 4 GB database fit', async () => {
    const file = JSON.stringify({
      platforms: {
        digitalocean: {
          managedPostgres: [
            {
              slug: 'db-s-2vcpu-4gb',
              vcpu: 2,
              memoryMb: 4096,
              includedStorageGb: 60,
              maxStorageGb: 120,
              monthly: { amount: '60.90', unit: 'month', source: 'https://example.com/do', asOf: '2027-01-01', confidence: 'third-party' },
            },
          ],
        },
      },
    });
    const r = await json(['estimate', '--format', 'json', '--platforms', 'digitalocean', '--service', 'postgres:memory=4096', '--pricing', 'do.json'], {
      'do.json': file,
    });
    expect(r.estimates[0].lineItems.map((i: { name: string }) => i.name)).toContain('postgres: managed PostgreSQL db-s-2vcpu-4gb');
    expect(r.estimates[0].warnings.map((w: { code: string }) => w.code)).not.toContain('digitalocean.db-memory');
  });

  it('a changed amount without its own source and date is an error at the path in the file', async () => {
    const e = await failure(['estimate', '--pricing', 'o.yaml'], { 'o.yaml': 'platforms:\n  fly:\n    volume:\n      amount: "0.20"\n' });
    expect(e).toBeInstanceOf(UserError);
    expect(e.exitCode).toBe(1);
    expect(e.message).toContain('o.yaml: platforms.fly.volume.source: missing');
    expect(e.message).toContain('o.yaml: platforms.fly.volume.asOf: missing');
    expect(e.hint).toContain('needs its own source, asOf and confidence');
  });

  it('errors inside a list entry name the entry as the file numbers it', async () => {
    const file = JSON.stringify({ platforms: { render: { postgresPlans: [{ id: 'basic-1gb' }, { id: 'pro-8gb', memoryMb: 'lots' }] } } });
    const e = await failure(['estimate', '--pricing', 'o.json'], { 'o.json': file });
    expect(e.message).toContain('o.json: platforms.render.postgresPlans[1].memoryMb: expected a number, not "lots"');
  });

  it('an unknown field and an entry that names nothing are errors naming the path', async () => {
    const unknown = await failure(['estimate', '--pricing', 'o.json'], { 'o.json': JSON.stringify({ platforms: { fly: { volumes: {} } } }) });
    expect(unknown.message).toContain('o.json: platforms.fly: unknown field(s) "volumes"');
    const unnamed = await failure(['estimate', '--pricing', 'o.json'], {
      'o.json': JSON.stringify({ platforms: { fly: { machines: [{ monthly: { amount: '1' } }] } } }),
    });
    expect(unnamed.message).toContain('o.json: platforms.fly.machines[0]: an entry of this list must give preset, memoryMb, region');
    const notObject = await failure(['estimate', '--pricing', 'o.json'], { 'o.json': '[1, 2]' });
    expect(notObject.message).toBe('The price book o.json must be an object holding the figures to change.');
  });

  it('a whole price book still works as an override of everything', async () => {
    const book = structuredClone(builtinPriceBook());
    book.asOf = '2030-01-01';
    const loaded = await loadPriceBook('full.json', memoryReadFile({ 'full.json': JSON.stringify(book) }));
    expect(loaded.asOf).toBe('2030-01-01');
    expect(priceList(loaded).figures.length).toBe(priceList(builtinPriceBook()).figures.length);
  });
});
