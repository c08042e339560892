/** Issue 12, item 5: every hint suggests a valid value, usage mistakes exit 2, and the wizard words a bad value as the flag does. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FLAGS, parseArgs } from '../../src/args.js';
import { UserError } from '../../src/errors.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { resolveAnswers } from '../../src/io/read-answers.js';
import { askContext, QUESTIONS, type TextQuestion, validateMemory } from '../../src/ui/wizard/questions.js';
import { runCli } from '../helpers/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'stackfare-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error a command line gives: always a usage mistake (exit 2). */
function usageError(argv: string[]): UserError {
  try {
    const args = parseArgs(argv);
    resolveAnswers({ flags: args.answers, answerFlags: args.answerFlags });
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    return error as UserError;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

describe('hints suggest valid values', () => {
  const numeric = FLAGS.filter((f) => f.kind === 'number' || f.kind === 'integer' || f.kind === 'users');
  it.each(numeric.map((f) => f.name))('--%s: the example in the hint for a wrong value is accepted', (name) => {
    for (const bad of ['abc', '50%', '1.5.2']) {
      const e = usageError(['estimate', `--${name}`, bad]);
      const example = /^For example: --\S+ (\S+)$/.exec(e.hint ?? '')?.[1];
      expect(example, `${name} ${bad}: ${e.hint}`).toBeDefined();
      const args = parseArgs(['estimate', `--${name}`, example!]);
      expect(() => resolveAnswers({ flags: args.answers, answerFlags: args.answerFlags })).not.toThrow();
    }
  });

  it('--utilization 50% says what 50% is, and suggests a share within range', () => {
    const e = usageError(['estimate', '--utilization', '50%']);
    expect(e.message).toBe('--utilization expects a number, not "50%" (write a share as a number: 50% is 0.5).');
    expect(e.hint).toBe('For example: --utilization 0.5');
  });

  it('--memory-mb 1e308 names the real limit once; a huge --users gives one limit, not two', () => {
    expect(usageError(['estimate', '--memory-mb', '1e308']).message).toBe('Invalid value:\n  --memory-mb: expected at most 262144, not 1e+308');
    // Past 2^53 the figure is refused as typed, never echoed as the nearby number it would become.
    const users = usageError(['estimate', '--users', '99999999999999999999']).message;
    expect(users).toBe('--users "99999999999999999999" is too large to count exactly (at most 9007199254740991).');
  });

  it('--service keys get an example in their own syntax', () => {
    expect(usageError(['estimate', '--service', 'reasoning-api:memoryMb=lots']).hint).toBe('For example: --service reasoning-api:memoryMb=1024');
  });
});

describe('exit codes: a usage mistake is 2, a fixable runtime error 1', () => {
  it.each([
    [['estimate', '--users', '-5']],
    [['estimate', '--tier', 'foo']],
    [['estimate', '--memory-mb', '0']],
    [['estimate', '--bogus']],
    [['estimate', '--services', 'web:nope:512']],
    [['estimate', '--services', 'web:web']],
  ])('%j exits 2', async (argv) => {
    expect((await runCli(argv, dir)).code).toBe(2);
  });

  it('the same bad value in an answers file exits 1 (the fix is in the file)', async () => {
    writeFileSync(join(dir, 'a.yaml'), 'users: -5\n');
    const r = await runCli(['estimate', '--answers', 'a.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('a.yaml: users: expected at least 1 user, not -5');
  });
});

describe('the wizard re-asks with the message the flag gives', () => {
  it('memory', () => {
    const flag = usageError(['estimate', '--memory-mb', '100']).message.split('--memory-mb: ')[1];
    expect(validateMemory('100')).toBe(flag);
  });

  it('users', () => {
    const flag = usageError(['estimate', '--tier', 'multi-user', '--users', '200000000']).message.split('--users: ')[1];
    const q = QUESTIONS.find((x) => x.id === 'users') as TextQuestion;
    expect(q.validate('200000000', askContext({ tier: 'multi-user' }, builtinPriceBook(), undefined, []))).toBe(flag);
  });
});

describe("the README's exit-code table matches the tool", () => {
  it('each flag example in the usage row exits 2, and the table has 0, 1, 2 and 130', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const rows = readme.split('\n').filter((l) => /^\| (0|1|2|130) \|/.test(l));
    expect(rows.map((r) => r.split('|')[1]!.trim())).toEqual(['0', '1', '2', '130']);
    const examples = [...rows[2]!.matchAll(/`(--[a-z-]+ [^`]+)`/g)].map((m) => m[1]!);
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const example of examples) {
      const r = await runCli(['estimate', ...example.split(' ')], dir);
      expect(r.code, example).toBe(2);
    }
  });
});
