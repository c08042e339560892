/**
 * `import`, `readiness` and `prices` fit the terminal at 40, 80 and 120 columns: no line wider
 * than the width, except a URL kept whole on a line of its own (the terminal folds it and it
 * stays one link); no escape code under TERM=dumb or when not a terminal.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReadinessText } from '../../src/commands/readiness.js';
import { analyzeReadiness } from '../../src/core/readiness.js';
import type { CatalogTable } from '../../src/core/readiness-types.js';
import { textWidth } from '../../src/ui/format.js';
import { wrapText } from '../../src/ui/print/records.js';
import { requireBuilt } from '../helpers/cli.js';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const seed = join(root, 'test', 'fixtures', 'seed-project', 'docker-compose.personal.yml');
const WIDTHS = [40, 80, 120];
const LONE_URL = /^ *\(?https?:\/\/\S+$/;

/** Lines wider than `width` that are not a URL alone on its line. */
function tooWide(text: string, width: number): string[] {
  return text.split('\n').filter((l) => textWidth(l) > width && !LONE_URL.test(stripVTControlCharacters(l)));
}

function run(args: string[], env: Record<string, string>): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
  return { status: r.status, stdout: r.stdout };
}

describe('widths', () => {
  beforeAll(() => {
    requireBuilt(cli);
  });
  for (const width of WIDTHS) {
    it(`import fits ${width} columns`, () => {
      const r = run(['import', seed], { COLUMNS: String(width) });
      expect(r.status).toBe(0);
      expect(tooWide(r.stdout, width)).toEqual([]);
      // The services table when it fits, else one block per service, every figure whole.
      if (width >= 80) expect(r.stdout).toMatch(/^ {2}NAME +IMAGE \/ BUILD +ACCESS/m);
      else expect(r.stdout).toMatch(/^ {2}reasoning-api\n {4}build \.\/reasoning-api · public ·\n {4}port 8000 · 512 MB · 0\.5 vCPU · ×1$/m);
      // The next command stays pasteable: one line, or shell lines continued with " \".
      const next = r.stdout.slice(r.stdout.indexOf('Next:'));
      const words = spawnSync('bash', ['-c', `set -- ${next.replace(/^Next:\s*/, '')}\nprintf '%s\\n' "$@"`], { encoding: 'utf8' }).stdout;
      expect(words).toBe(`stackfare\nestimate\n--compose\n${seed}\n`);
    });
    it(`prices fits ${width} columns, its source URLs whole`, () => {
      const r = run(['prices'], { COLUMNS: String(width) });
      expect(r.status).toBe(0);
      expect(tooWide(r.stdout, width)).toEqual([]);
      expect(r.stdout).toContain('https://docs.railway.com/pricing/plans');
    });
    it(`readiness fits ${width} columns and POLICIES never runs into STATUS`, () => {
      const text = renderReadinessText(readinessFixture(), width, false);
      expect(tooWide(text, width)).toEqual([]);
      expect(text).toContain('public.messages_with_a_long_name');
      if (width >= 120) expect(text).toMatch(/POLICIES +STATUS/);
      else expect(text).toMatch(/^ {2}public\.messages_with_a_long_name\n {4}user col user_id/m);
    });
  }
  it('TERM=dumb and a pipe get no escape codes', () => {
    for (const args of [['import', seed], ['prices']]) {
      const r = run(args, { TERM: 'dumb', COLUMNS: '40' });
      expect(r.stdout).not.toMatch(/\u001b/);
    }
    expect(renderReadinessText(readinessFixture(), 40, false)).not.toMatch(/\u001b/);
  });
});

describe('wrapText', () => {
  it('keeps a URL too wide for the line whole on its own line and breaks other long words with ↩', () => {
    const url = 'https://example.com/a/very/long/path/that/does/not/fit';
    expect(wrapText(`see ${url} for more`, 20)).toEqual(['see', url, 'for more']);
    expect(wrapText('abcdefghijklmnopqrstuvwxyz', 10)).toEqual(['abcdefghi↩', 'jklmnopqr↩', 'stuvwxyz']);
  });
});

/** A database whose table has a long name, policies and a status, for the readiness view. */
function readinessFixture() {
  const col = { name: 'user_id', type: 'uuid', nullable: true };
  const table: CatalogTable = {
    schema: 'public',
    name: 'messages_with_a_long_name',
    columns: [{ name: 'id', type: 'bigint', nullable: false }, col],
    primaryKey: ['id'],
    rls: true,
    forceRls: false,
    policies: [],
    indexes: [],
    foreignKeys: [],
    checks: [],
  };
  return analyzeReadiness({ serverVersion: '16.4', database: 'app', tables: [table] }, { userColumn: 'user_id', base: { min: 8, max: 16 }, database: 'app' });
}
