/** Messages that must not mislead: help per command, hints naming the command that ran, and the like. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { run, type AppDeps } from '../../src/app.js';
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
    const next = /Next: (.*)/.exec(r.stdout)![1]!;
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
    const hint = /Line items: (stackfare estimate[^]*?)\n\n/.exec(out)?.[1]?.replace(/\s*\n\s*/g, " ");
    expect(hint).toBe(`stackfare estimate --tier multi-user --platforms 'fly,render' --users 2000 --name 'my shop'`);
    const est = await runCli([...shellWords(hint!).slice(1), '--format', 'json'], dir);
    expect(est.code).toBe(0);
    const report = JSON.parse(est.stdout) as { estimates: { platform: string; monthlyCents?: number; total?: unknown }[] };
    expect(report.estimates.map((e) => e.platform)).toEqual(['fly', 'render']);
    for (const e of report.estimates) expect(out).toContain(e.platform === 'fly' ? 'Fly' : 'Render');
  });
});
