/** No float noise anywhere a person reads: generated files, the table and the Markdown report (JSON keeps exact values). */
import { describe, expect, it } from 'vitest';
import { type AnswersInput, AnswersSchema, PLATFORM_IDS } from '../../src/core/answers.js';
import { buildReport } from '../../src/core/report.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { capabilitiesById, PLATFORMS } from '../../src/platforms/index.js';
import { renderMarkdown } from '../../src/ui/print/markdown.js';
import { renderText } from '../../src/ui/print/table.js';
import { generateFor } from '../helpers/generate.js';

/** A run of digits after a decimal point that no person wrote: 1.6666666666666667, 0.30000000000000004. */
const NOISE = /\d\.\d{5,}/;

// Storage that splits into thirds and sevenths on every layout.
const cases: AnswersInput[] = [
  { db: 'separate', dbStorageGb: 5 },
  { db: 'separate', dbStorageGb: 10, egressGb: 0.1 },
  { db: 'separate', dbStorageGb: 7, phoenix: false, utilization: 0.3 },
];

describe('no float noise', () => {
  for (const answers of cases) {
    it(`files of every platform: ${JSON.stringify(answers)}`, async () => {
      for (const platform of PLATFORM_IDS) {
        const { files } = await generateFor(platform, platform === 'local' ? { ...answers, tier: 'local' } : answers);
        for (const f of files) expect(`${f.path}: ${f.contents.match(new RegExp(`.{0,60}${NOISE.source}.{0,20}`))?.[0] ?? ''}`).toBe(`${f.path}: `);
      }
    });
    it(`the table and the Markdown report: ${JSON.stringify(answers)}`, () => {
      const report = buildReport({ answers: AnswersSchema.parse(answers), book: builtinPriceBook(), platforms: PLATFORMS });
      for (const text of [renderText(report, { columns: 120, color: false, capabilities: capabilitiesById() }), renderMarkdown(report)]) {
        expect(text.match(new RegExp(`.{0,60}${NOISE.source}.{0,20}`))?.[0] ?? '').toBe('');
      }
    });
  }
});
