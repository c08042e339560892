// Answers from flags without the schema (src/core/quick-answers.ts) must be exactly the schema's
// answers: for every value each of its fields takes, alone and two by two, through the real flag
// parser; and anything the schema would refuse or the path does not know goes to the schema.
import { describe, expect, it } from 'vitest';
import { AUTH_PROVIDERS, CLIENT_DISTRIBUTIONS, DB_LAYOUTS, PLATFORM_IDS, POSTGRES_KINDS, REGIONS, TIERS } from '../../src/answer-values.js';
import { parseArgs } from '../../src/args.js';
import { AnswersSchema } from '../../src/core/answers.js';
import { DEFAULT_ANSWERS } from '../../src/core/default-answers.js';
import { QUICK_ANSWER_FIELDS, quickAnswers } from '../../src/core/quick-answers.js';
import { resolveAnswers } from '../../src/io/read-answers.js';

/** Command lines that set each field, with every value it takes (and edge lengths of texts). */
const FLAG_VALUES: Record<string, string[][]> = {
  tier: TIERS.map((t) => ['--tier', t]),
  platforms: [...PLATFORM_IDS.map((p) => ['--platforms', p]), ['--platforms', PLATFORM_IDS.join(',')], ['--platforms', 'fly,fly']],
  phoenix: [['--no-phoenix']],
  db: DB_LAYOUTS.map((d) => ['--db', d]),
  postgres: POSTGRES_KINDS.map((p) => ['--postgres', p]),
  region: REGIONS.map((r) => ['--region', r]),
  auth: AUTH_PROVIDERS.map((a) => ['--auth', a]),
  clients: CLIENT_DISTRIBUTIONS.map((c) => ['--clients', c]),
  name: [
    ['--name', 'x'],
    ['--name', 'n'.repeat(200)],
  ],
  usage: [
    ['--usage', 'stackfare.usage.json'],
    ['--usage', 'u'.repeat(10_000)],
  ],
};

function bothWays(argv: string[]) {
  const args = parseArgs(['estimate', ...argv]);
  return {
    quick: quickAnswers(args.answers, DEFAULT_ANSWERS),
    schema: resolveAnswers({ flags: args.answers, answerFlags: args.answerFlags, command: 'estimate' }),
  };
}

describe('answers from flags without the schema', () => {
  it('has a command line for every field it takes, and the defaults are the schema’s', () => {
    expect(Object.keys(FLAG_VALUES).sort()).toEqual([...QUICK_ANSWER_FIELDS].sort());
    expect(quickAnswers({}, DEFAULT_ANSWERS)).toEqual(AnswersSchema.parse({}));
  });

  const lines = Object.values(FLAG_VALUES).flat();
  it(`gives the schema's answers for each of ${lines.length} values alone`, () => {
    for (const argv of lines) {
      const { quick, schema } = bothWays(argv);
      expect(quick, argv.join(' ')).toBeDefined();
      expect(quick, argv.join(' ')).toEqual(schema);
    }
  });

  it('gives the schema’s answers for every pair of fields', () => {
    const fields = Object.keys(FLAG_VALUES);
    let pairs = 0;
    for (const [i, a] of fields.entries()) {
      for (const b of fields.slice(i + 1)) {
        for (const x of FLAG_VALUES[a]!) {
          const argv = [...x, ...FLAG_VALUES[b]!.at(-1)!];
          const { quick, schema } = bothWays(argv);
          expect(quick, argv.join(' ')).toEqual(schema);
          pairs++;
        }
      }
    }
    expect(pairs).toBeGreaterThan(100);
  });

  it('leaves to the schema what it must check or word: numbers, lists of services, out-of-range texts, unknown fields', () => {
    for (const argv of [
      ['--headroom', '1.5'],
      ['--active-hours', '3'],
      ['--egress-gb', '20'],
      ['--service', 'litellm:memoryMb=1024'],
      ['--public', 'tools-api'],
      ['--usage', 'x', '--headroom', '2'],
    ]) {
      expect(quickAnswers(parseArgs(['estimate', ...argv]).answers, DEFAULT_ANSWERS), argv.join(' ')).toBeUndefined();
    }
    for (const flags of [
      { usage: '' },
      { usage: 'u'.repeat(10_001) },
      { name: 'n'.repeat(201) },
      { tier: 'team' },
      { platforms: [] },
      { platforms: ['heroku'] },
    ]) {
      expect(quickAnswers(flags, DEFAULT_ANSWERS), JSON.stringify(flags).slice(0, 60)).toBeUndefined();
      expect(AnswersSchema.safeParse(flags).success, JSON.stringify(flags).slice(0, 60)).toBe(false);
    }
    expect(quickAnswers(JSON.parse('{"__proto__": {"tier": "local"}}'), DEFAULT_ANSWERS)).toBeUndefined();
  });

  it('never shares or changes the defaults it starts from', () => {
    const before = structuredClone(DEFAULT_ANSWERS);
    const a = quickAnswers({ platforms: ['fly'] }, DEFAULT_ANSWERS)!;
    a.public.push('x');
    (a.serviceOverrides as Record<string, unknown>).y = {};
    expect(DEFAULT_ANSWERS).toEqual(before);
  });
});
