/** The JSON Schemas stackfare publishes, generated from its zod schemas (drift-tested). */

import type { $ZodType } from 'zod/v4/core';
import { toJSONSchema } from 'zod/v4/core';
import { ImageTableSchema } from '../src/compose/image-table.js';
import { AnswersSchema } from '../src/core/answers.js';
import { ReadinessSchema } from '../src/core/readiness-schema.js';
import { ReportSchema } from '../src/core/report-schema.js';
import { UsageFileSchema } from '../src/core/usage-schema.js';
import { PriceBookSchema } from '../src/pricing/price-book.js';

function schema(s: $ZodType, title: string, io: 'input' | 'output'): string {
  const json = toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return `${JSON.stringify({ title, ...json }, null, 2)}\n`;
}

/** File path (relative to the package root) → contents. */
export function schemaFiles(): Record<string, string> {
  return {
    'data/pricing.schema.json': schema(PriceBookSchema, 'stackfare price book', 'input'),
    'data/answers.schema.json': schema(AnswersSchema, 'stackfare answers file', 'input'),
    'data/report.schema.json': schema(ReportSchema, 'stackfare estimate --format json (version 1)', 'output'),
    'data/images.schema.json': schema(ImageTableSchema, 'stackfare image sizes and entrypoints', 'input'),
    'data/readiness.schema.json': schema(ReadinessSchema, 'stackfare readiness --format json (version 1)', 'output'),
    'data/usage.schema.json': schema(UsageFileSchema, 'stackfare measure usage file (version 1)', 'output'),
  };
}
