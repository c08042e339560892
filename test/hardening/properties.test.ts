/**
 * Issue 12, item 7: property tests at the edges, with fixed seeds and bounded runs so CI stays
 * fast and reproducible. Any run exits 0, 1 or 2 with no internal error, whatever the flags,
 * the file contents or the --out layout; nothing is ever written outside --out.
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FLAGS } from '../../src/args.js';
import { PLATFORM_IDS } from '../../src/core/answers.js';
import { type RunResult, runCli } from '../helpers/in-process.js';

const base = mkdtempSync(join(tmpdir(), 'stackfare-props-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);

function wellBehaved(r: RunResult, what: string): void {
  expect(r.internal, `${what}\n${r.stderr}`).toBeUndefined();
  expect([0, 1, 2], `${what}\n${r.stderr}`).toContain(r.code);
  if (r.code !== 0) expect(r.stderr, what).toMatch(/stackfare: \S/);
}

describe("the CLI's flags and values", () => {
  const value = fc.oneof(
    fc.constantFrom(
      '0',
      '-1',
      '1',
      '1.5',
      '1e308',
      '-0',
      'NaN',
      'Infinity',
      '50%',
      '',
      ' ',
      '1,2,3',
      '1,,2',
      '99999999999999999999',
      '0x10',
      'all',
      'local',
      'fly',
      'web:web:512',
      'a:b:c',
      'reasoning-api:instances=2',
      'x:memoryMb=1e9',
      '\u001b[31m',
      '../../etc/passwd',
    ),
    fc.string({ maxLength: 12 }),
    fc.integer({ min: -10, max: 1_000_000 }).map(String),
  );
  const flag = fc.constantFrom(
    ...FLAGS.filter((f) => !['help', 'version', 'out', 'force', 'answers', 'pricing', 'compose', 'write-env'].includes(f.name)).map((f) => f),
  );
  const arg = fc
    .tuple(flag, value, fc.boolean())
    .map(([f, v, joined]) => (f.kind === 'boolean' ? [`--${f.name}`] : joined ? [`--${f.name}=${v}`] : [`--${f.name}`, v]));
  const argv = fc
    .tuple(fc.constantFrom('estimate', 'generate', 'import', 'bogus'), fc.array(arg, { maxLength: 5 }))
    .map(([cmd, args]) => [cmd, ...args.flat()]);

  it('every run exits 0, 1 or 2, never with an internal error', async () => {
    const cwd = join(base, 'flags');
    mkdirSync(cwd);
    await fc.assert(
      fc.asyncProperty(argv, async (a) => {
        // generate only plans here: the --out property below covers writing.
        const args = a[0] === 'generate' ? [...a, '--dry-run'] : a;
        wellBehaved(await runCli(args, cwd), args.join(' '));
      }),
      { numRuns: RUNS * 2, seed: 1212 },
    );
  });
});

describe('file contents', () => {
  const yamlish = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      fc.string({ maxLength: 8 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(fc.string({ maxLength: 6 }), tie('node'), { maxKeys: 4 }),
    ),
  })).node;
  const deep = fc.integer({ min: 1, max: 5000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`);
  const aliases = fc.integer({ min: 1, max: 8 }).map((levels) => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 8 }, () => `*a${i - 1}`).join(', ')}]`);
    return `${lines.join('\n')}\n`;
  });
  const contents = fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
    yamlish.map((v) => Buffer.from(JSON.stringify(v))),
    yamlish.map((v) => Buffer.from(`services:\n  web:\n    image: nginx:1.27\n    labels: ${JSON.stringify(v)}\n`)),
    deep.map((d) => Buffer.from(`users: ${d}\n`)),
    aliases.map((t) => Buffer.from(t)),
    aliases.map((t) => Buffer.from(`services:\n  web: { image: nginx }\n${t}`)),
    fc.constantFrom(Buffer.from('tier: caf\xe9\n', 'latin1'), Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), Buffer.alloc(3 * 1024 * 1024, 0x61)),
  );

  it('as an answers file, a price book or a compose file: exit 0, 1 or 2, never an internal error', async () => {
    const cwd = join(base, 'files');
    mkdirSync(cwd);
    let i = 0;
    await fc.assert(
      fc.asyncProperty(contents, fc.constantFrom('--answers', '--pricing', '--compose'), fc.constantFrom('yaml', 'json'), async (bytes, flag, ext) => {
        const name = `f${i++}.${ext}`;
        writeFileSync(join(cwd, name), bytes);
        wellBehaved(await runCli(['estimate', flag, name, '--format', 'json'], cwd), `${flag} ${name}`);
      }),
      { numRuns: RUNS, seed: 4242 },
    );
  });
});

/** Every path under `dir` with what it is: the file's text, a link's target, or a folder. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const r = `${rel}${name}`;
      const s = lstatSync(p);
      if (s.isSymbolicLink()) out[r] = `-> ${readlinkSync(p)}`;
      else if (s.isDirectory()) {
        out[r] = 'dir';
        walk(p, `${r}/`);
      } else out[r] = readFileSync(p, 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

describe('--out layouts with symlinks', () => {
  // Paths a generator writes, so links sit where files and folders go.
  const spots = [
    'fly',
    'fly/reasoning-api',
    'render.yaml',
    '.do',
    '.railway',
    'db',
    'scripts',
    'DEPLOY.md',
    '.env.example',
    'docker-compose.prod.yml',
    'Makefile',
  ];
  const entry = fc.record({
    at: fc.constantFrom(...spots),
    kind: fc.constantFrom('link-dir', 'link-file', 'link-missing', 'dir', 'file'),
  });

  it('nothing is ever written outside --out, and every run exits 0 or 1', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(entry, { selector: (e) => e.at, maxLength: 4 }),
        fc.constantFrom(...PLATFORM_IDS),
        fc.boolean(),
        async (layout, platform, force) => {
          const root = join(base, `out-${n++}`);
          const out = join(root, 'out');
          const outside = join(root, 'outside');
          mkdirSync(join(outside, 'reasoning-api'), { recursive: true });
          writeFileSync(join(outside, 'target.txt'), 'mine\n');
          writeFileSync(join(outside, 'reasoning-api', 'fly.toml'), 'mine\n');
          mkdirSync(out);
          // Shallow entries first; none inside a link or a file (that would be set up through the link).
          const placed = [...layout]
            .sort((a, b) => a.at.split('/').length - b.at.split('/').length)
            .filter((e, _i, all) => !all.some((o) => o.kind !== 'dir' && e.at.startsWith(`${o.at}/`)));
          for (const e of placed) {
            const p = join(out, e.at);
            mkdirSync(join(p, '..'), { recursive: true });
            if (e.kind === 'link-dir') symlinkSync(outside, p);
            else if (e.kind === 'link-file') symlinkSync(join(outside, 'target.txt'), p);
            else if (e.kind === 'link-missing') symlinkSync(join(outside, 'new-file'), p);
            else if (e.kind === 'dir') mkdirSync(p, { recursive: true });
            else writeFileSync(p, 'old\n');
          }
          const before = snapshot(outside);
          const r = await runCli(['generate', '--platform', platform, '--out', out, ...(force ? ['--force'] : [])], root);
          expect(r.internal, r.stderr).toBeUndefined();
          expect([0, 1], r.stderr).toContain(r.code);
          expect(snapshot(outside)).toEqual(before);
          // Besides --out, only the project's own starter LiteLLM config, in the repository root (the
          // current folder for the built-in stack), written because the project had none.
          expect(
            readdirSync(root)
              .filter((x) => x !== 'config')
              .sort(),
          ).toEqual(['out', 'outside']);
          if (readdirSync(root).includes('config')) expect(readdirSync(join(root, 'config'))).toEqual(['litellm_config.yaml']);
          // No temporary file is left anywhere in --out.
          expect(Object.keys(snapshot(out)).filter((p) => p.includes('.stackfare-tmp-'))).toEqual([]);
        },
      ),
      { numRuns: RUNS, seed: 777 },
    );
  });
});
