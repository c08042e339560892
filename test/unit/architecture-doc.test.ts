/**
 * ARCHITECTURE.md and the dependency rules describe the same house: the layer table on the page is
 * the list .dependency-cruiser.cjs enforces (scripts/layers.cjs), in the same order, and every
 * declared exception the config allows is named on the page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

interface Layer {
  name: string;
  paths: string[];
  what: string;
}
const { LAYERS, DECLARED_UPWARD, DECLARED_REUSE, PLATFORM_REGISTRIES } = require(join(root, 'scripts/layers.cjs')) as {
  LAYERS: Layer[];
  DECLARED_UPWARD: { from: string; to: string }[];
  DECLARED_REUSE: { from: string; to: string }[];
  PLATFORM_REGISTRIES: string[];
};
const config = require(join(root, '.dependency-cruiser.cjs')) as {
  forbidden: { name: string; from: { path?: string | string[] }; to: { path?: string | string[] } }[];
};
const page = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');

/** The rows of the page's layer table: name, paths, description. */
function layersOnPage(text: string): Layer[] {
  const table = text.split('<!-- layers:')[1]?.split('<!-- /layers -->')[0] ?? '';
  return table
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Layer') && !line.startsWith('| ---'))
    .map((line) => {
      const [name, paths, what] = line.slice(2, -2).split(' | ');
      return { name: name!, paths: [...paths!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!), what: what! };
    });
}

describe('ARCHITECTURE.md and the dependency rules agree', () => {
  it('the page lists the layers the rules enforce, in order, with the same paths', () => {
    expect(LAYERS.length).toBeGreaterThan(5);
    expect(layersOnPage(page)).toEqual(LAYERS);
  });

  it('the table reader finds a difference (a layer out of order fails)', () => {
    const swapped = page.replace('| core |', '| CORE |');
    expect(layersOnPage(swapped)).not.toEqual(LAYERS);
  });

  it('the config has a no-upward-import rule for every layer below the top, built from the same list', () => {
    const names = config.forbidden.map((r) => r.name);
    for (const layer of LAYERS.slice(1)) expect(names).toContain(`layer-${layer.name}`);
    const core = config.forbidden.find((r) => r.name === 'layer-core')!;
    // Core may not import platforms, the stages, the edges, commands or the entry.
    expect(core.to.path).toEqual(
      expect.arrayContaining(['^src/platforms/', '^src/compose/', '^src/render/', '^src/ui/', '^src/io/', '^src/commands/', '^src/cli\\.ts$']),
    );
    expect(core.to.path).not.toContain('^src/pricing/');
  });

  it('the rules that are not about layers are there too', () => {
    const names = config.forbidden.map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining(['no-cycle', 'no-folder-cycle', 'pure-no-io-at-any-depth', 'platforms-apart', 'platform-shared-code-is-neutral']),
    );
  });

  it('every declared exception and registry is named on the page', () => {
    for (const d of DECLARED_UPWARD) expect(page).toContain(d.from.replace(/^src\//, ''));
    for (const d of DECLARED_REUSE) {
      expect(page).toContain(`\`${d.from}\``);
      expect(page).toContain(d.to.replace(/^src\/platforms\//, ''));
    }
    for (const r of PLATFORM_REGISTRIES) expect(page).toContain(r.replace(/^src\//, ''));
  });
});
