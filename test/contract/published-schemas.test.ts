/** The JSON Schemas we publish match the zod schemas, and what we emit validates against them. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaFiles } from '../../scripts/schemas.js';
import { AnswersSchema } from '../../src/core/answers.js';
import { buildReport } from '../../src/core/report.js';
import { PLATFORMS } from '../../src/platforms/index.js';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const root = join(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

function validate(schemaPath: string, data: unknown): string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const v = ajv.compile(JSON.parse(read(schemaPath)));
  return v(data) ? [] : (v.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`);
}

describe('published JSON Schemas', () => {
  it.each(Object.keys(schemaFiles()))('%s is up to date with its zod schema (run "npm run schemas" after changing one)', (path) => {
    expect(read(path)).toBe(schemaFiles()[path]);
  });

  it('the built-in price book validates against data/pricing.schema.json', () => {
    expect(validate('data/pricing.schema.json', JSON.parse(read('data/pricing.json')))).toEqual([]);
  });

  it('a broken price book does not', () => {
    const book = JSON.parse(read('data/pricing.json'));
    book.platforms.railway.usage.memory.amount = 10;
    expect(validate('data/pricing.schema.json', book).length).toBeGreaterThan(0);
  });

  it('reports validate against data/report.schema.json (single tier, scale and every tier)', async () => {
    const { builtinPriceBook } = await import('../../src/io/load-price-book.js');
    const book = builtinPriceBook();
    for (const [answers, tier] of [
      [{}, undefined],
      [{ tier: 'multi-user', users: [100, 1000, 10000] }, undefined],
      [{}, 'all'],
    ] as const) {
      const report = buildReport({ answers: AnswersSchema.parse(answers), book, platforms: PLATFORMS }, tier);
      expect(validate('data/report.schema.json', JSON.parse(JSON.stringify(report)))).toEqual([]);
    }
  });

  it('an answers file validates against data/answers.schema.json, and a wrong one does not', () => {
    expect(validate('data/answers.schema.json', { tier: 'multi-user', users: [100, 1000], db: 'separate' })).toEqual([]);
    expect(validate('data/answers.schema.json', { tier: 'everyone' }).length).toBeGreaterThan(0);
  });
});
