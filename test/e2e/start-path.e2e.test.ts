/**
 * What the built CLI loads for a scripted estimate, the start-up-bound path: `estimate --format
 * json` with a usage file or with choice flags loads no schema library (zod, the answers schema,
 * the usage file's zod schema) and none of the Node modules a bare start does not load for one
 * small file read (fs/promises, which brings readline and the streams; os) or for writing to a
 * pipe (net and the streams, which process.stdout and process.stderr load). A flag whose value
 * the schema must check (--headroom) does load the answers schema: the check sees what it claims to.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuilt } from '../helpers/cli.js';
import { cliPath } from '../helpers/pty.js';

const USAGE = join(import.meta.dirname, '..', 'fixtures', 'usage', 'seed.usage.json');
let dir: string;

/** Records, at exit, the files the run required and the Node modules it loaded. */
const RECORDER = `
const { writeFileSync } = require('node:fs');
process.on('exit', () => writeFileSync(process.env.LOAD_RECORD, JSON.stringify({ files: Object.keys(require('node:module')._cache), builtins: process.moduleLoadList })));
`;

interface Loaded {
  status: number | null;
  /** The original sources of every bundle chunk the run required (from their source maps). */
  sources: string[];
  builtins: string[];
}

function run(args: string[]): Loaded {
  const record = join(dir, `load-${Math.random().toString(36).slice(2)}.json`);
  const r = spawnSync(process.execPath, ['--require', join(dir, 'recorder.cjs'), cliPath(), ...args], {
    encoding: 'utf8',
    env: { ...process.env, LOAD_RECORD: record, NO_COLOR: '1' },
  });
  const { files, builtins } = JSON.parse(readFileSync(record, 'utf8')) as { files: string[]; builtins: string[] };
  const sources = files
    .filter((f) => f.endsWith('.js') && !f.endsWith('recorder.cjs'))
    .flatMap((f) => (JSON.parse(readFileSync(`${f}.map`, 'utf8')) as { sources: string[] }).sources);
  return { status: r.status, sources, builtins };
}

const SCHEMA_SOURCES = [/node_modules\/zod\//, /src\/core\/answers\.ts$/, /src\/core\/usage-schema\.ts$/];
// vm is not among them: the code cache compiles the chunks through vm.Script (src/compile-cache.ts).
// net and stream: what creating process.stdout or process.stderr loads when they are pipes (the
// output is written to the descriptor directly: src/io/output.ts directOutput).
const HEAVY_BUILTINS = ['NativeModule fs/promises', 'NativeModule readline', 'NativeModule os', 'NativeModule net', 'NativeModule stream'];

describe('the scripted estimate path', () => {
  beforeAll(() => {
    requireBuilt(cliPath());
    dir = mkdtempSync(join(tmpdir(), 'stackfare-start-'));
    writeFileSync(join(dir, 'recorder.cjs'), RECORDER);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const args of [
    ['estimate', '--format', 'json', '--usage', USAGE],
    ['estimate', '--format', 'json', '--tier', 'multi-user', '--platforms', 'fly,render'],
  ]) {
    it(`${args.slice(1).join(' ').replace(USAGE, 'FILE')}: no schema library, no fs/promises, readline, os, net or stream`, () => {
      const loaded = run(args);
      expect(loaded.status).toBe(0);
      expect(loaded.sources.some((s) => s.endsWith('src/commands/estimate.ts'))).toBe(true);
      for (const pattern of SCHEMA_SOURCES) expect(loaded.sources.filter((s) => pattern.test(s))).toEqual([]);
      for (const builtin of HEAVY_BUILTINS) expect(loaded.builtins).not.toContain(builtin);
    });
  }

  it('a value the schema must check (--headroom) loads the answers schema: the check above can see it', () => {
    const loaded = run(['estimate', '--format', 'json', '--usage', USAGE, '--headroom', '1.5']);
    expect(loaded.status).toBe(0);
    expect(loaded.sources.some((s) => /src\/core\/answers\.ts$/.test(s))).toBe(true);
    expect(loaded.sources.some((s) => /node_modules\/zod\//.test(s))).toBe(true);
  });
});
