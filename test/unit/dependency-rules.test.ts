/**
 * The dependency rules fail when they should: test/fixtures/layers/src breaks each rule once
 * (an upward import, a type-only cycle, a folder cycle, node:fs reached two imports away from
 * compose/, one platform importing another, shared platform code naming a platform, an undeclared
 * reuse) and keeps each allowed exception (the declared reuse, the vocabulary imported from
 * below, a reader inside io/, the registry). The real src/ is checked by npm run lint.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const fixture = join(root, 'test', 'fixtures', 'layers');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

describe('dependency rules (.dependency-cruiser.cjs)', () => {
  const depcruise = (outputType: string) =>
    spawnSync(
      process.execPath,
      [
        join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs'),
        'src',
        '--config',
        join(root, '.dependency-cruiser.cjs'),
        '--output-type',
        outputType,
      ],
      { cwd: fixture, encoding: 'utf8', timeout: 60_000 },
    );
  const run = depcruise('json');

  it('fail on each kind of violation, and on nothing the rules allow', () => {
    expect(run.stderr).toBe('');
    const violations = (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
    const found = violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
    expect(found).toEqual(
      [
        'declared-reuse-1: src/platforms/fly/db.ts -> src/platforms/digitalocean/managed-db.ts',
        'layer-core: src/core/upward.ts -> src/platforms/fly/name.ts',
        'layer-pricing: src/pricing/book.ts -> src/io/data.ts',
        'layer-stages: src/compose/parse.ts -> src/io/data.ts',
        'no-cycle: src/core/cycle-a.ts -> src/core/cycle-b.ts',
        'no-folder-cycle: src/compose -> src/io',
        'no-folder-cycle: src/io -> src/compose',
        'platform-shared-code-is-neutral: src/platforms/wiring.ts -> src/platforms/fly/name.ts',
        'platforms-apart: src/platforms/fly/name.ts -> src/platforms/railway/name.ts',
        'pure-no-io-at-any-depth: src/compose/parse.ts -> fs',
      ].sort(),
    );
  });

  it('exit non-zero with the output npm run lint uses', () => {
    const err = depcruise('err');
    expect(err.stdout).toContain('layer-core: src/core/upward.ts');
    expect(err.status).not.toBe(0);
  });
});
