/** The question table is the one source: its flags are the parser's (same help), its fields and defaults the schema's, its rows the wizard's questions. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLAGS, helpText, parseArgs } from '../../src/args.js';
import { AnswersSchema } from '../../src/core/answers.js';
import { QUESTION_TABLE, type QuestionFlag, type QuestionRow } from '../../src/core/question-table.js';
import { QUESTIONS, SOURCE_QUESTION } from '../../src/ui/wizard/questions.js';

const rows: readonly (QuestionRow & { keys?: readonly string[] })[] = QUESTION_TABLE;
const flagsOf = (row: QuestionRow): readonly QuestionFlag[] => row.flags;
const answerOf = (row: QuestionRow, f: QuestionFlag) => f.answer ?? row.key;

/** A value each kind of flag accepts, so the parser can be asked what the flag sets. */
function exampleArgs(f: QuestionFlag): string[] {
  const value = {
    boolean: undefined,
    string: 'api.example.com',
    number: '3',
    choice: f.choices?.[0],
    users: '1000',
    names: 'api',
    repeat: f.name === 'service' ? 'api:alwaysOn=true' : 'api=none',
    services: 'web:web:512',
  }[f.kind];
  return value === undefined ? [`--${f.name}`] : [`--${f.name}`, value];
}

describe('the question table', () => {
  it('every question sets a field of the answers schema, with the schema default the table gives', () => {
    const shape = AnswersSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
    for (const row of rows) {
      for (const key of row.keys ?? [row.key]) expect(Object.keys(shape), `${row.id}: ${key}`).toContain(key);
      const parsed = shape[row.key]!.safeParse(undefined);
      expect(parsed.success ? parsed.data : undefined, row.id).toEqual(row.default);
      for (const f of flagsOf(row)) expect(Object.keys(shape), `--${f.name}`).toContain(answerOf(row, f));
    }
  });

  it("the published answers-file schema has every question's field, with the same default", () => {
    const published = JSON.parse(readFileSync(new URL('../../data/answers.schema.json', import.meta.url), 'utf8')) as {
      properties: Record<string, { default?: unknown }>;
    };
    for (const row of rows) {
      for (const key of row.keys ?? [row.key]) expect(Object.keys(published.properties), `${row.id}: ${key}`).toContain(key);
      expect(published.properties[row.key]!.default, row.id).toEqual(row.default);
    }
  });

  it("every question's flag is in the flag parser, with the same help, and sets the question's field", () => {
    const help = helpText('wizard').split('\n');
    for (const row of rows) {
      for (const f of flagsOf(row)) {
        const specs = FLAGS.filter((s) => s.name === f.name && (s.commands === undefined || s.commands.includes('wizard')));
        expect(specs, `--${f.name}`).toHaveLength(1);
        expect(specs[0]!.help, `--${f.name}`).toBe(f.help);
        expect(specs[0]!.helpFor, `--${f.name}`).toEqual(f.helpFor);
        expect(specs[0]!.answer, `--${f.name}`).toBe(answerOf(row, f));
        // The help the user reads: the flag's line (or the line after a long flag) carries the table's words.
        const at = help.findIndex((l) => l.startsWith(`  --${f.name} `) || l === `  --${f.name}`);
        expect(at, `--${f.name} in the wizard's help`).toBeGreaterThan(-1);
        expect(`${help[at]} ${help[at + 1]}`, `--${f.name}`).toContain(f.help);
        expect(parseArgs(['estimate', ...exampleArgs(f)]).answerFlags[answerOf(row, f)], `--${f.name}`).toBe(`--${f.name}`);
      }
    }
  });

  it("no flag sets a question's field from outside the table", () => {
    const fields = new Set(rows.flatMap((r) => [...(r.keys ?? [r.key]), ...flagsOf(r).map((f) => answerOf(r, f))]));
    const tableFlags = new Set(rows.flatMap((r) => flagsOf(r).map((f) => f.name)));
    for (const spec of FLAGS.filter((s) => s.answer !== undefined && fields.has(s.answer))) expect(tableFlags, `--${spec.name}`).toContain(spec.name);
  });

  it('a flag the table limits to some commands is taken by those and refused by the others, as the parser says', () => {
    for (const row of rows) {
      for (const f of flagsOf(row)) {
        if (f.commands === undefined) continue;
        for (const command of ['estimate', 'generate', 'wizard', 'migrate-data', 'check'] as const) {
          const args = [command, ...exampleArgs(f)];
          if (f.commands.includes(command)) expect(parseArgs(args).answerFlags[answerOf(row, f)], `${command} --${f.name}`).toBe(`--${f.name}`);
          else expect(() => parseArgs(args), `${command} --${f.name}`).toThrow(`"${command}" does not take --${f.name}.`);
        }
      }
    }
  });

  it('the hours of use are a question of the table: --active-hours sets activeHours, asked after the domain, not at home', () => {
    const row = rows.find((r) => r.id === 'hours')!;
    expect(row.key).toBe('activeHours');
    expect(row.default).toBeUndefined();
    expect(flagsOf(row).map((f) => [f.name, f.commands])).toEqual([['active-hours', ['estimate', 'generate', 'wizard']]]);
    expect(parseArgs(['estimate', '--active-hours', '3']).answers).toEqual({ activeHours: 3 });
    const ids = QUESTIONS.map((q) => q.id);
    expect(ids.indexOf('hours')).toBe(ids.indexOf('domain') + 1);
    // Then which services stay on all day: --service NAME:alwaysOn=true, among each service's settings.
    const always = rows.find((r) => r.id === 'alwaysOn')!;
    expect([always.key, always.default, flagsOf(always).map((f) => f.name)]).toEqual(['serviceOverrides', {}, ['service']]);
    expect(ids.indexOf('alwaysOn')).toBe(ids.indexOf('hours') + 1);
    expect(parseArgs(['estimate', '--service', 'litellm:alwaysOn=true']).answers).toEqual({ serviceOverrides: { litellm: { alwaysOn: true } } });
  });

  it("the wizard asks the table's rows, in its order, each named by one of its flags", () => {
    expect([SOURCE_QUESTION.id, ...QUESTIONS.map((q) => q.id)]).toEqual(rows.map((r) => r.id));
    for (const q of QUESTIONS) {
      const row = rows.find((r) => r.id === q.id)!;
      expect([q.key, q.label]).toEqual([row.key, row.label]);
      expect(flagsOf(row).map((f) => f.name)).toContain(q.flag);
    }
    expect(SOURCE_QUESTION.flags).toEqual(['compose', 'services']);
  });
});
