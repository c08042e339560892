/** Adding a platform is adding a folder: the registry test says what the folder must hold. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPlatform } from '../../src/commands/check.js';
import { AnswersSchema, PLATFORM_IDS, type Tier } from '../../src/core/answers.js';
import { totalCents } from '../../src/core/estimate.js';
import { buildStack } from '../../src/core/stack.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { PLATFORMS } from '../../src/platforms/index.js';
import { generateFor } from '../helpers/generate.js';
import { schemaFor } from '../helpers/validate-files.js';

const root = join(import.meta.dirname, '..', '..');
const book = builtinPriceBook();

describe('platform registry', () => {
  it('lists every platform id once, in display order', () => {
    expect(PLATFORMS.map((p) => p.id)).toEqual([...PLATFORM_IDS]);
  });

  for (const p of PLATFORMS) {
    describe(p.id, () => {
      it('is hosted exactly when its own model fits a hosted tier (the local one fits only the local tier)', () => {
        const fits = (tier: Tier) => p.open((def) => def.price(def.resolve(buildStack(AnswersSchema.parse({ tier })), book), book).fitsTier);
        expect(fits('single-user')).toBe(p.capabilities.hosted);
        if (!p.capabilities.hosted) expect(fits('local')).toBe(true);
      });
      it('runs Postgres in its cluster exactly when its files for --postgres cloudnative-pg hold a CloudNativePG Cluster', async () => {
        const { files } = await generateFor(p.id, { tier: p.capabilities.hosted ? 'single-user' : 'local', postgres: 'cloudnative-pg' });
        expect(files.some((f) => /^apiVersion: "?postgresql\.cnpg\.io\/v1"?\nkind: "?Cluster"?$/m.test(f.contents))).toBe(p.capabilities.postgresInCluster);
      });
      it('sleeps exactly when --active-hours lowers its bill for a service nothing keeps awake, its files then carry the knob, and its price-book rule agrees', async () => {
        const web = {
          services: [{ name: 'web', role: 'web' as const, port: 8080, memoryMb: 512 }],
          tier: p.capabilities.hosted ? ('single-user' as const) : ('local' as const),
        };
        const total = (answers: object) => p.open((def) => totalCents(def.price(def.resolve(buildStack(AnswersSchema.parse(answers)), book), book).lineItems));
        expect(total({ ...web, activeHours: 3 }) < total(web)).toBe(p.capabilities.sleeps);
        expect(book.platforms[p.id].idle.sleeps || !p.capabilities.sleeps).toBe(true);
        const { files } = await generateFor(p.id, { ...web, activeHours: 3 });
        expect(files.some((f) => /auto_stop_machines = "stop"|sleepApplication/.test(f.contents))).toBe(p.capabilities.sleeps);
      });
      it('writes its files where its capabilities say: check recognises them, and a service file per service when it declares one', async () => {
        const { files, stack } = await generateFor(p.id, p.capabilities.hosted ? {} : { tier: 'local' });
        const paths = files.map((f) => f.path);
        const layout = p.capabilities.deployFiles;
        expect(detectPlatform(paths, null)).toBe(p.id);
        expect(paths.some((path) => layout.main.test(path))).toBe(true);
        if (layout.serviceFile) for (const s of stack.services) expect(paths).toContain(layout.serviceFile(s.slug));
      });
      it('has a price-book section and templates', () => {
        expect(builtinPriceBook().platforms[p.id]).toBeDefined();
        const dir = join(root, 'templates', p.id);
        expect(readdirSync(dir).some((f) => f.endsWith('.hbs'))).toBe(true);
      });
      it('has golden scenarios', () => {
        const golden = readdirSync(join(root, 'test', 'golden')).filter((d) => d.startsWith(`${p.id}-`));
        expect(golden.length).toBeGreaterThanOrEqual(2);
        for (const g of golden) expect(existsSync(join(root, 'test', 'golden', g, 'scenario.json'))).toBe(true);
      });
      it('writes at least one file that a published schema checks', async () => {
        const { files } = await generateFor(p.id, p.id === 'local' ? { tier: 'local' } : {});
        expect(files.some((f) => schemaFor(f.path) !== undefined || f.path === '.railway/railway.ts')).toBe(true);
      });
    });
  }
});
