/** Adding a platform is adding a folder: the registry test says what the folder must hold. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLATFORM_IDS } from '../../src/core/answers.js';
import { PLATFORMS } from '../../src/platforms/index.js';
import { builtinPriceBook } from '../../src/pricing/load-price-book.js';
import { generateFor } from '../helpers/generate.js';
import { schemaFor } from '../helpers/validate-files.js';

const root = join(import.meta.dirname, '..', '..');

describe('platform registry', () => {
  it('lists every platform id once, in display order', () => {
    expect(PLATFORMS.map((p) => p.id)).toEqual([...PLATFORM_IDS]);
  });

  for (const p of PLATFORMS) {
    describe(p.id, () => {
      it('has an estimator, a model and a file planner', () => {
        expect(typeof p.resolve).toBe('function');
        expect(typeof p.price).toBe('function');
        expect(typeof p.files).toBe('function');
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
