import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/args.js';
import { AnswersSchema } from '../../src/core/answers.js';
import type { StackSource } from '../../src/core/stack.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { resolveAnswers } from '../../src/io/read-answers.js';
import { readComposeImport } from '../../src/io/read-compose.js';
import { readInput } from '../../src/io/read-input.js';
import { type AskContext, currentValue, type Draft, QUESTIONS, setAnswer } from '../../src/ui/wizard/questions.js';
import { replayArgs } from '../../src/ui/wizard/replay.js';

const SEED = join(import.meta.dirname, '..', 'fixtures', 'release', 'seed');
let source: StackSource;
beforeAll(async () => {
  source = (await readComposeImport('docker-compose.personal.yml', { profiles: [], env: {}, cwd: SEED, readFile: (p, kind) => readInput(p, kind) })).source;
});
const question = QUESTIONS.find((q) => q.id === 'release')!;
const ctxOf = (draft: Draft, src: StackSource = source): AskContext => ({
  draft,
  answers: AnswersSchema.parse(draft),
  book: builtinPriceBook(),
  source: src,
  tiers: [],
});

describe('the release-command question', () => {
  it('is asked when a release command was detected, naming it', () => {
    const ctx = ctxOf({ compose: 'docker-compose.personal.yml' });
    expect(question.when!(ctx)).toBe(true);
    expect(question.message(ctx)).toBe(
      "Run reasoning-api's alembic migrations (uv run alembic -c alembic.ini upgrade head) once per deploy, before the new version takes traffic?",
    );
    expect(currentValue(question, ctx)).toBe(true);
    expect(question.when!(ctxOf({}, { kind: 'builtin', services: [] }))).toBe(false);
    // An explicit command replaces the detection: nothing left to ask.
    expect(question.when!(ctxOf({ release: { 'reasoning-api': 'make migrate' } }))).toBe(false);
  });

  it('no turns it off as --release NAME=none, yes turns it back on; the replay command says the same', () => {
    const ctx = ctxOf({ compose: 'docker-compose.personal.yml' });
    const off = setAnswer(ctx.draft, question, false, ctx);
    expect(off.release).toEqual({ 'reasoning-api': 'none' });
    expect(currentValue(question, ctxOf(off))).toBe(false);
    const args = replayArgs({ answers: AnswersSchema.parse(off), platform: 'fly', base: AnswersSchema.parse({}), flags: {} });
    expect(args.join(' ')).toContain('--release reasoning-api=none');
    const parsed = parseArgs(args);
    expect(resolveAnswers({ flags: parsed.answers, answerFlags: parsed.answerFlags }).release).toEqual({ 'reasoning-api': 'none' });
    const on = setAnswer(off, question, true, ctxOf(off));
    expect(on.release).toBeUndefined();
  });

  it('the replay keeps a command with spaces and = as one --release value', () => {
    const answers = AnswersSchema.parse({ release: { api: 'env A=1 alembic upgrade head' } });
    const args = replayArgs({ answers, platform: 'fly', base: AnswersSchema.parse({}), flags: {} });
    expect(parseArgs(args).answers.release).toEqual({ api: 'env A=1 alembic upgrade head' });
  });
});
