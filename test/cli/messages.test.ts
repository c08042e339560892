/** Messages that must not mislead: help per command, hints naming the command that ran, and the like. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/app.js';
import type { AppDeps } from '../../src/commands/context.js';
import { ageText, daysBetween } from '../../src/core/staleness.js';
import { unifiedDiff } from '../../src/core/text-diff.js';
import { readInput } from '../../src/io/read-input.js';
import { runCli } from '../helpers/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'stackfare-messages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('help shows each command its own flags and notes', () => {
  it('prices --help offers only the formats prices prints, and markdown is refused at parse time (exit 2)', async () => {
    const help = await runCli(['prices', '--help'], dir);
    expect(help.stdout).toMatch(/--format table\|json\s/);
    expect(help.stdout).not.toContain('markdown');
    const md = await runCli(['prices', '--format', 'markdown'], dir);
    expect(md.code).toBe(2);
    expect(md.stderr).toContain('table, json');
  });

  it("no command's help carries another command's note", async () => {
    for (const cmd of ['generate', 'estimate', 'prices', 'migrate-data', 'readiness', 'import', 'diff', 'measure', 'wizard']) {
      const help = (await runCli([cmd, '--help'], dir)).stdout;
      for (const other of ['migrate-data', 'prices', 'estimate', 'readiness', 'generate']) {
        if (other === cmd) continue;
        expect(help, `${cmd} --help`).not.toMatch(new RegExp(`\\(${other}:|${other} also|: ${other} `));
      }
    }
    expect((await runCli(['generate', '--help'], dir)).stdout).toMatch(/--force\s+Overwrite existing files\.\n/);
    expect((await runCli(['migrate-data', '--help'], dir)).stdout).toMatch(/--force\s+Empty the target first/);
    expect((await runCli(['estimate', '--help'], dir)).stdout).toContain('"all"');
  });
});

describe('hints name the command that ran', () => {
  it('a bad answer to generate points to "stackfare generate --help"', async () => {
    const r = await runCli(['generate', '--platform', 'fly', '--utilization', '2', '--out', join(dir, 'gen')], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"stackfare generate --help"');
    expect(r.stderr).not.toContain('estimate --help');
  });
});

/** Words of a shell line made of plain and single-quoted words (what shell() prints). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/(?:'[^']*'|\\'|[^\s'\\])+/g)].map((m) => m[0].replace(/'([^']*)'|\\'/g, (_, q: string | undefined) => q ?? "'"));
}

describe("import's Next: reproduces what import showed", () => {
  it('keeps the profiles and the compose path, quoted, and the command runs as printed', async () => {
    const folder = join(dir, "my stack's files");
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, 'docker compose.yml'),
      ['services:', '  web:', '    image: nginx', '    ports: ["80:80"]', '  worker:', '    image: busybox', '    profiles: [jobs]', ''].join('\n'),
    );
    const r = await runCli(['import', "my stack's files/docker compose.yml", '--profile', 'jobs'], dir);
    expect(r.code).toBe(0);
    // One line, or shell lines continued with " \\" on a narrow terminal: joined as the shell joins them.
    const next = r.stdout
      .slice(r.stdout.indexOf('Next:') + 'Next:'.length)
      .replace(/ \\\n\s*/g, ' ')
      .trim();
    expect(next).toBe(`stackfare estimate --compose 'my stack'\\''s files/docker compose.yml' --profile jobs`);
    const words = shellWords(next);
    expect(words).toEqual(['stackfare', 'estimate', '--compose', "my stack's files/docker compose.yml", '--profile', 'jobs']);
    const est = await runCli([...words.slice(1), '--format', 'json'], dir);
    expect(est.code).toBe(0);
    expect(est.stdout).toContain('"worker"');
  });
});

describe("the wizard's Line items hint prices the answers just shown", () => {
  it('names an estimate with the answers (quoted), and that estimate prices the same platforms and totals', async () => {
    let out = '';
    const deps: AppDeps = {
      stdout: { write: (s: string) => (out += s), isTTY: true, columns: 400 },
      stderr: { write: () => true },
      stdin: Object.assign(new PassThrough(), { isTTY: false }),
      env: { NO_COLOR: '1' },
      cwd: dir,
      readFile: (p, kind) => readInput(isAbsolute(p) ? p : join(dir, p), kind),
    };
    const argv = ['--yes', '--tier', 'multi-user', '--users', '2000', '--platforms', 'fly,render', '--name', 'my shop', '--dry-run', '--out', join(dir, 'wiz')];
    expect(await run(argv, deps)).toBe(0);
    const hint = /Line items: (stackfare estimate[\s\S]*?)\n\n/.exec(out)?.[1]?.replace(/\s*\n\s*/g, ' ');
    expect(hint).toBe(`stackfare estimate --tier multi-user --platforms 'fly, render' --users 2000 --name 'my shop'`);
    const est = await runCli([...shellWords(hint!).slice(1), '--format', 'json'], dir);
    expect(est.code).toBe(0);
    const report = JSON.parse(est.stdout) as { estimates: { platform: string; monthlyCents?: number; total?: unknown }[] };
    expect(report.estimates.map((e) => e.platform)).toEqual(['fly', 'render']);
    for (const e of report.estimates) expect(out).toContain(e.platform === 'fly' ? 'Fly' : 'Render');
  });
});

/** Runs argv in-process on a given date (the entry passes the clock's). */
async function runOn(argv: string[], today: string): Promise<{ code: number; stdout: string; error?: unknown }> {
  let stdout = '';
  const deps: AppDeps = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false, columns: 140 },
    stderr: { write: () => true },
    stdin: Object.assign(new PassThrough(), { isTTY: false }),
    env: { COLUMNS: '140' },
    cwd: dir,
    readFile: (p, kind) => readInput(isAbsolute(p) ? p : join(dir, p), kind),
    today,
  };
  try {
    return { code: await run(argv, deps), stdout };
  } catch (error) {
    return { code: (error as { exitCode?: number }).exitCode ?? 1, stdout, error };
  }
}

describe('price book dates', () => {
  const volume = (asOf: string) => ({
    platforms: { fly: { volume: { amount: '0.2', unit: 'GB-month', source: 'https://fly.io/docs/about/pricing/', asOf, confidence: 'official' } } },
  });

  it('refuses a date that is not on the calendar (2026-02-30), naming the file and field', async () => {
    writeFileSync(join(dir, 'feb30.json'), JSON.stringify(volume('2026-02-30')));
    const r = await runCli(['prices', '--pricing', 'feb30.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/feb30\.json: platforms\.fly\.volume\.asOf/);
    expect(r.stderr).toContain('a day of the calendar');
  });

  it('a date after the run says it is in the future, never a negative age', async () => {
    writeFileSync(join(dir, 'future.json'), JSON.stringify({ asOf: '2100-01-01', ...volume('2100-01-01') }));
    const r = await runOn(['prices', '--pricing', 'future.json', '--platform', 'fly'], '2026-12-06');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/-\d+ days/);
    expect(r.stdout).toContain('Price book of 2100-01-01, dated in the future (today is 2026-12-06)');
    expect(r.stdout).toMatch(/2100-01-01\s+future/);
  });

  it('the stale-book warning names a future-dated figure as such', () => {
    expect(ageText(daysBetween('2100-01-01', '2026-12-06'))).toBe('dated in the future');
    expect(ageText(daysBetween('2025-12-15', '2027-03-01'))).toBe('441 days old');
  });
});

describe('Markdown output escapes what the compose file names', () => {
  it('raw HTML and backticks in a service name stay text in estimate and import Markdown', async () => {
    const folder = join(dir, 'html-names');
    mkdirSync(folder, { recursive: true });
    // Keys are quoted YAML strings; the names are odd but valid keys of a compose file.
    writeFileSync(
      join(folder, 'compose.yaml'),
      ['services:', '  "web<img src=x onerror=alert(1)>":', '    image: "nginx`whoami`"', '    ports: ["80:80"]', ''].join('\n'),
    );
    for (const argv of [
      ['estimate', '--compose', 'html-names/compose.yaml', '--format', 'markdown'],
      ['import', 'html-names/compose.yaml', '--format', 'markdown'],
    ]) {
      const r = await runCli(argv, dir);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
      // No tag opens and no code span starts from the file's text.
      expect(r.stdout, argv[0]).not.toMatch(/(^|[^\\])<img/);
      expect(r.stdout, argv[0]).not.toMatch(/(^|[^\\])`whoami/);
    }
    const imp = (await runCli(['import', 'html-names/compose.yaml', '--format', 'markdown'], dir)).stdout;
    expect(imp).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(imp).toContain('nginx\\`whoami\\`');
  });
});

describe('a stateful service is described as it will be generated', () => {
  it('a mysql service without a volume is not said to run "with a volume"; one with a volume is', async () => {
    const folder = join(dir, 'mysql');
    mkdirSync(folder, { recursive: true });
    const base = ['services:', '  web:', '    image: nginx', '    ports: ["80:80"]', '  db:', '    image: mysql:8'];
    writeFileSync(join(folder, 'none.yaml'), [...base, ''].join('\n'));
    writeFileSync(join(folder, 'kept.yaml'), [...base, '    volumes: ["data:/var/lib/mysql"]', 'volumes:', '  data: {}', ''].join('\n'));
    const warningOf = async (file: string) => {
      const r = await runCli(['import', `mysql/${file}`, '--format', 'json'], dir);
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout) as { services: { name: string; volume?: unknown }[]; warnings: { code: string; message: string }[] };
      return { volume: json.services.find((s) => s.name === 'db')?.volume, message: json.warnings.find((w) => w.code === 'compose.stateful-service')!.message };
    };
    const none = await warningOf('none.yaml');
    expect(none.volume).toBeUndefined();
    expect(none.message).not.toContain('with a volume');
    expect(none.message).toContain('no volume');
    const kept = await warningOf('kept.yaml');
    expect(kept.volume).toBeDefined();
    expect(kept.message).toContain('with a volume');
  });
});

describe('migrate-data --from-compose without the compose plugin', () => {
  it('says to install the Compose plugin, not "Is the stack running?"', async () => {
    const folder = join(dir, 'no-plugin');
    mkdirSync(join(folder, 'bin'), { recursive: true });
    // A docker without the compose plugin answers every "docker compose ..." this way.
    writeFileSync(join(folder, 'bin', 'docker'), `#!/bin/sh\necho "docker: 'compose' is not a docker command." >&2\necho "See 'docker --help'" >&2\nexit 1\n`, {
      mode: 0o755,
    });
    writeFileSync(
      join(folder, 'compose.yaml'),
      [
        'services:',
        '  api:',
        '    image: nginx',
        '    ports: ["80:80"]',
        '    environment:',
        '      DATABASE_URL: postgresql://postgres:pw@db:5432/app',
        '  db:',
        '    image: postgres:16',
        '    environment:',
        '      POSTGRES_DB: app',
        '',
      ].join('\n'),
    );
    const r = await runCli(
      [
        'migrate-data',
        '--compose',
        'no-plugin/compose.yaml',
        '--from-compose',
        'no-plugin/compose.yaml',
        '--to',
        'app=postgresql://u:secret@127.0.0.1:1/app',
        '--dry-run',
        '--yes',
      ],
      dir,
      { env: { PATH: `${join(folder, 'bin')}:/usr/bin:/bin` } },
    );
    expect(r.stderr).toContain('Compose plugin');
    expect(r.stderr).toContain("'compose' is not a docker command");
    expect(r.stderr).not.toContain('Is the stack running');
    expect(r.code).toBe(1);
  });
});

describe('a warning every platform shares is said once', () => {
  it('the single-user --users warning appears once in the table, and still on every platform in JSON', async () => {
    const r = await runCli(['estimate', '--tier', 'single-user', '--users', '500'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/serves one user, so the users figure/g)).toHaveLength(1);
    expect(r.stdout).toContain('Warnings for every platform:');
    const json = JSON.parse((await runCli(['estimate', '--tier', 'single-user', '--users', '500', '--format', 'json'], dir)).stdout) as {
      estimates: { warnings: { code: string }[] }[];
    };
    for (const e of json.estimates) expect(e.warnings.map((w) => w.code)).toContain('users.ignored');
  });
});

describe('renamed services', () => {
  it('an already-valid name keeps it; the one that normalises onto it is renamed, and generate reports it as estimate does', async () => {
    const folder = join(dir, 'renames');
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, 'compose.yaml'),
      ['services:', '  My_API:', '    image: nginx', '    ports: ["8080:80"]', '  my-api:', '    image: nginx', '    ports: ["80:80"]', ''].join('\n'),
    );
    const est = await runCli(['estimate', '--compose', 'renames/compose.yaml'], dir);
    expect(est.code).toBe(0);
    expect(est.stdout).toContain('Service "My_API" is named "my-api-2" on the platforms');
    expect(est.stdout).not.toContain('Service "my-api" is named');
    const gen = await runCli(['generate', '--platform', 'render', '--compose', 'renames/compose.yaml', '--out', join(folder, 'out'), '--dry-run'], dir);
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.stdout).toMatch(/Renamed:\n {2}i Service "My_API" is named "my-api-2" on the platforms/);
  });
});

describe('--dry-run shows the changes the conflict message points to', () => {
  it('a changed file is listed with a unified diff of what it would become', async () => {
    const out = join(dir, 'dry');
    expect((await runCli(['generate', '--platform', 'render', '--out', out], dir)).code).toBe(0);
    const file = join(out, 'render.yaml');
    const original = readFileSync(file, 'utf8');
    const lines = original.split('\n');
    const at = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
    lines[at] = `${lines[at]} # edited by hand`;
    writeFileSync(file, lines.join('\n'));
    const conflict = await runCli(['generate', '--platform', 'render', '--out', out], dir);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('--dry-run to see the changes');
    const dry = await runCli(['generate', '--platform', 'render', '--out', out, '--dry-run'], dir);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/changed\s+render\.yaml/);
    expect(dry.stdout).toContain('--- render.yaml (now)');
    expect(dry.stdout).toContain(`-${lines[at]}`);
    expect(dry.stdout).toContain(`+${original.split('\n')[at]}`);
    expect(dry.stdout).toMatch(new RegExp(`@@ -${Math.max(1, at + 1 - 3)},\\d+ \\+${Math.max(1, at + 1 - 3)},\\d+ @@`));
    expect(readFileSync(file, 'utf8')).toBe(lines.join('\n'));
  });

  it('unifiedDiff: hunks with context, line numbers, and a cap', () => {
    const a = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const b = [...a];
    b[9] = 'line ten';
    b.splice(20, 1);
    expect(unifiedDiff(a.join('\n'), b.join('\n'), 'f')).toEqual([
      '--- f (now)',
      '+++ f (after)',
      '@@ -7,7 +7,7 @@',
      ...['line 7', 'line 8', 'line 9'].map((l) => ` ${l}`),
      '-line 10',
      '+line ten',
      ...['line 11', 'line 12', 'line 13'].map((l) => ` ${l}`),
      '@@ -18,7 +18,6 @@',
      ...['line 18', 'line 19', 'line 20'].map((l) => ` ${l}`),
      '-line 21',
      ...['line 22', 'line 23', 'line 24'].map((l) => ` ${l}`),
    ]);
    expect(unifiedDiff(a.join('\n'), b.join('\n'), 'f', 10).at(-1)).toBe('... 1 more changed line (the whole file: f)');
  });
});

describe('migrate-data examples carry their =', () => {
  it('the same database on both sides names the flags as they are written, NAME=URL', async () => {
    const url = 'postgresql://u:secret@127.0.0.1:1/reasoning_api';
    const r = await runCli(['migrate-data', '--from', `reasoning_api=${url}`, '--to', `reasoning_api=${url}`, '--yes'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--from reasoning_api=URL and --to reasoning_api=URL name the same database');
    expect(r.stderr).not.toContain('secret');
  });
});
