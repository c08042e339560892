/** Issue 12, item 1: every input is bounded and checked before it is read. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pricing from '../../data/pricing.json' with { type: 'json' };
import { UserError } from '../../src/errors.js';
import { parseDataFile } from '../../src/io/data-file.js';
import { loadPriceBook } from '../../src/io/load-price-book.js';
import { readComposeImport } from '../../src/io/read-compose.js';
import { INPUT_LIMITS, invalidUtf8Offset, readInput } from '../../src/io/read-input.js';
import { requireBuilt } from '../helpers/cli.js';

const root = resolve(import.meta.dirname, '..', '..');
const CLI = resolve(root, 'dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'stackfare-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
}

/** The alias bomb: 9^6 copies from a few hundred bytes. */
const BOMB = [
  'a: &a [1,1,1,1,1,1,1,1,1]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  '',
].join('\n');

describe('readInput', () => {
  it('refuses a FIFO at once instead of blocking on it', async () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const e = await failure(readInput(fifo, 'answers'));
    expect(e.message).toBe(`Cannot read the answers file ${fifo}: it is a named pipe (FIFO), not a regular file.`);
  });

  it('refuses a device without reading it', async () => {
    const e = await failure(readInput('/dev/zero', 'compose'));
    expect(e.message).toContain('/dev/zero: it is a device, not a regular file');
  });

  it('fails a folder with EISDIR, as callers expect of a folder', async () => {
    await expect(readInput(dir, 'pricing')).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('has a size limit per kind, named in the message', async () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, 'x'.repeat(INPUT_LIMITS.answers + 1));
    const e = await failure(readInput(big, 'answers'));
    expect(e.message).toContain('at most 256 KB');
    // The same file is within the compose limit.
    expect((await readInput(big, 'compose')).length).toBe(INPUT_LIMITS.answers + 1);
    writeFileSync(big, 'x'.repeat(INPUT_LIMITS.compose + 1));
    expect((await failure(readInput(big, 'compose'))).message).toMatch(/is 2 MB; stackfare reads compose files of at most 2 MB/);
    expect((await failure(readInput(big, 'pricing'))).message).toContain('price books of at most 2 MB');
  });

  it('names the byte offset of invalid UTF-8', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, Buffer.from([0x74, 0x69, 0x65, 0x72, 0x3a, 0x20, 0xc3, 0x28, 0x0a]));
    const e = await failure(readInput(bad, 'answers'));
    expect(e.message).toBe(`The answers file ${bad} is not valid UTF-8: byte offset 6 (0xc3) starts no valid character.`);
  });

  it('reads valid UTF-8 and drops a BOM', async () => {
    const ok = join(dir, 'ok.yaml');
    writeFileSync(ok, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name: café 😀\n')]));
    expect(await readInput(ok, 'answers')).toBe('name: café 😀\n');
  });

  it('validates UTF-8 as the standard does (overlong forms, surrogates, truncation)', () => {
    expect(invalidUtf8Offset(Buffer.from('héllo ✓ 😀'))).toBe(-1);
    expect(invalidUtf8Offset(Uint8Array.from([0x41, 0xc0, 0x80]))).toBe(1); // overlong NUL
    expect(invalidUtf8Offset(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(invalidUtf8Offset(Uint8Array.from([0x41, 0x42, 0xe2, 0x9c]))).toBe(2); // cut short
    expect(invalidUtf8Offset(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // past U+10FFFF
    expect(invalidUtf8Offset(Uint8Array.from([0x80]))).toBe(0);
  });
});

describe('the same YAML and JSON limits for every file', () => {
  const fake = (text: string) => async () => text;

  it('an alias bomb in an answers file or a price book is a user error, as in a compose file', async () => {
    for (const kind of ['answers', 'pricing'] as const) {
      const e = await failure(parseDataFile('bomb.yaml', fake(BOMB), kind));
      expect(e.message).toMatch(/uses too many YAML aliases \(more than 1000/);
    }
    const compose = await failure(
      readComposeImport('compose.yaml', { profiles: [], env: {}, cwd: '/x', readFile: fake(`services:\n  web: { image: nginx }\n${BOMB}`) }),
    );
    expect(compose.message).toMatch(/The compose file compose.yaml uses too many YAML aliases/);
  });

  it('10,000 levels of nesting is a user error, not a stack overflow', async () => {
    const yaml = `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const json = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    expect((await failure(parseDataFile('deep.yaml', fake(yaml), 'answers'))).message).toMatch(/nests too deeply to read|nests more than 64 levels/);
    expect((await failure(parseDataFile('deep.json', fake(json), 'pricing'))).message).toBe('The price book deep.json nests more than 64 levels deep.');
    const composeDeep = `services:\n  web: { image: nginx, labels: ${'['.repeat(10_000)}${']'.repeat(10_000)} }\n`;
    expect((await failure(readComposeImport('compose.yaml', { profiles: [], env: {}, cwd: '/x', readFile: fake(composeDeep) }))).message).toMatch(
      /nests (too deeply|more than 64)/,
    );
  });

  it('price-book amounts with very many digits are refused by the schema', async () => {
    const book = structuredClone(pricing) as typeof pricing;
    (book.platforms.railway.usage.memory as { amount: string }).amount = '35000000000000000000000';
    const e = await failure(loadPriceBook('big.json', fake(JSON.stringify(book))));
    expect(e.message).toContain('platforms.railway.usage.memory.amount: expected a decimal number written as a string, at most 7 digits before the point');
    const huge = structuredClone(pricing) as typeof pricing;
    (huge.platforms.railway.plans[0]!.limits as { volumeGb: number }).volumeGb = 1e308;
    expect((await failure(loadPriceBook('huge.json', fake(JSON.stringify(huge))))).message).toContain('at most 10000000');
  });
});

describe('the built CLI on hostile inputs', () => {
  beforeAll(() => requireBuilt(CLI));
  function cli(args: string[]) {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir }, timeout: 20_000 });
    return { code: r.status, stderr: r.stderr };
  }

  it('FIFOs, devices, bombs and bad bytes exit 1 with a message, never a hang or a stack trace', () => {
    const fifo = join(dir, 'cli-pipe');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(join(dir, 'bomb.yaml'), BOMB);
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.from('tier: caf\xe9\n', 'latin1'));
    for (const args of [
      ['estimate', '--compose', fifo],
      ['estimate', '--answers', fifo],
      ['estimate', '--pricing', fifo],
      ['import', '/dev/zero'],
      ['estimate', '--answers', 'bomb.yaml'],
      ['estimate', '--answers', 'latin1.yaml'],
    ]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).not.toContain('internal error');
      expect(r.stderr).toMatch(/^stackfare: /);
    }
  });
});
