/**
 * The scale case of `npm run bench`: a compose file of N services imported, estimated and
 * rendered for all five platforms in one process. Bundled from the sources by scripts/bench.mjs;
 * also run (small) by a test so the harness itself cannot rot.
 */

import { importCompose } from '../src/compose/import-compose.js';
import { AnswersSchema } from '../src/core/answers.js';
import { buildReport, estimateJson, estimatePlatform } from '../src/core/report.js';
import { buildStack } from '../src/core/stack.js';
import { builtinPriceBook } from '../src/io/load-price-book.js';
import { PLATFORMS } from '../src/platforms/index.js';
import type { TemplateSources } from '../src/render/handlebars.js';
import { renderFiles } from '../src/render/render-files.js';

/** A compose file of `n` services: APIs with ports, workers, a few with volumes, one Postgres. */
export function composeOf(n: number): string {
  const lines = ['services:', '  db:', '    image: postgres:16', '    volumes: [pgdata:/var/lib/postgresql/data]'];
  for (let i = 0; i < n; i++) {
    const api = i % 3 === 0;
    lines.push(`  svc-${i}:`, `    image: ghcr.io/acme/svc-${i}:1.${i % 10}`);
    if (api) lines.push(`    ports: ["${8000 + (i % 1000)}:8000"]`);
    lines.push(`    environment:`, `      DATABASE_URL: postgres://app:pw@db:5432/app`, `      MODE: prod`);
    lines.push(`    deploy: { resources: { limits: { memory: ${[256, 512, 1024, 2048][i % 4]}M } } }`);
    if (i % 10 === 5) lines.push(`    volumes: [data-${i}:/data]`);
    lines.push('    depends_on: [db]');
  }
  lines.push('volumes:', '  pgdata: {}');
  for (let i = 5; i < n; i += 10) lines.push(`  data-${i}: {}`);
  return `${lines.join('\n')}\n`;
}

/** What one run did, for checks. */
export interface ScaleRun {
  services: number;
  platforms: number;
  files: number;
  ms: { import: number; estimate: number; render: number; total: number };
}

/** Imports, estimates and renders every platform's files for a compose text, timing each step. */
export async function runScale(text: string, templates: TemplateSources, now: () => number): Promise<ScaleRun> {
  const book = builtinPriceBook();
  const t0 = now();
  const imported = await importCompose({ file: 'compose.yaml', load: async (p) => (p === 'compose.yaml' ? text : null), env: {} });
  const t1 = now();
  const answers = AnswersSchema.parse({ compose: 'compose.yaml' });
  const report = buildReport({ answers, book, platforms: PLATFORMS, source: imported.source });
  const t2 = now();
  let files = 0;
  const stack = buildStack(answers, imported.source);
  for (const platform of PLATFORMS) {
    const generated = await platform.open(async (def) => {
      const model = def.resolve(stack, book);
      const estimate = estimateJson(estimatePlatform(def, stack, book, model), false);
      return def.files(model, { book, estimate, version: 'bench', options: { railwayLegacy: false, writeEnv: false, apiToken: null } });
    });
    files += renderFiles(generated.files, templates).length;
  }
  const t3 = now();
  return {
    services: imported.source.services.length,
    platforms: report.estimates.length,
    files,
    ms: { import: t1 - t0, estimate: t2 - t1, render: t3 - t2, total: t3 - t0 },
  };
}
