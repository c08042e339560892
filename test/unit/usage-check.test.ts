// The usage file's check without a schema library (src/core/usage-check.ts) against the zod schema
// data/usage.schema.json is generated from (src/core/usage-schema.ts) and against that published
// JSON Schema itself: every field of a real usage file, replaced by each kind of wrong value or
// removed, must be refused by all three at the same place, and the file itself accepted by all.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkUsageFile } from '../../src/core/usage-check.js';
import { UsageFileSchema } from '../../src/core/usage-schema.js';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default as typeof import('ajv').default;
const root = join(import.meta.dirname, '..', '..');
const seed = JSON.parse(readFileSync(join(root, 'test/fixtures/usage/seed.usage.json'), 'utf8')) as Record<string, unknown>;
const published = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(join(root, 'data/usage.schema.json'), 'utf8')));

type Path = (string | number)[];

/** Every path to a value in the file (objects and lists included). */
function pathsOf(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [path];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [path, ...entries.flatMap(([k, v]) => pathsOf(v, [...path, k]))];
}

/** A copy of `data` with the value at `path` replaced (or removed when `value` is `REMOVE`). */
const REMOVE = Symbol('remove');
function withValue(data: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(data) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (value === REMOVE) {
    if (Array.isArray(at)) at.splice(last as number, 1);
    else delete at[last];
  } else at[last] = value;
  return copy;
}

const WRONG: unknown[] = [REMOVE, null, 'x', '', -1, 0, 1.5, 2, 1e300, true, [], {}, [1], { a: 1 }];

/** The places each checker refuses, as text (zod may say two things of one place: one place). */
function zodPlaces(data: unknown): string[] {
  const r = UsageFileSchema.safeParse(data);
  return r.success ? [] : [...new Set(r.error.issues.map((i) => JSON.stringify(i.path)))].sort();
}
function ownPlaces(data: unknown): string[] {
  const r = checkUsageFile(data);
  return r.ok ? [] : [...new Set(r.issues.map((i) => JSON.stringify(i.path)))].sort();
}

describe('the usage file check without zod', () => {
  it('accepts the real file, with the very values zod keeps', () => {
    const own = checkUsageFile(seed);
    expect(own.ok).toBe(true);
    expect(own.ok && own.value).toEqual(UsageFileSchema.parse(seed));
    expect(published(seed)).toBe(true);
  });

  const cases = pathsOf(seed).flatMap((path) => WRONG.map((value) => ({ path, value })));
  it(`refuses what zod refuses, at the same places, over ${cases.length} mutations of every field`, () => {
    let refused = 0;
    for (const { path, value } of cases) {
      const data = withValue(seed, path, value);
      const label = `${JSON.stringify(path)} = ${value === REMOVE ? '(removed)' : JSON.stringify(value)}`;
      const zod = zodPlaces(data);
      expect(ownPlaces(data), label).toEqual(zod);
      if (zod.length > 0) refused++;
      // The published schema refuses the same files (it also refuses unknown fields, which no mutation adds).
      expect(published(data), `${label}: the published schema`).toBe(zod.length === 0);
    }
    // The mutations are not all harmless: most of them must be refused, or the test proves nothing.
    expect(refused).toBeGreaterThan(cases.length / 2);
  });

  it('drops fields it does not know, as zod does, and says where and what is wrong', () => {
    const extra = { ...seed, extra: 1, window: { ...(seed.window as object), other: 'x' } };
    const own = checkUsageFile(extra);
    expect(own.ok && own.value).toEqual(UsageFileSchema.parse(extra));
    const bad = checkUsageFile(withValue(withValue(seed, ['samples'], -1), ['services', 'litellm', 'memoryBytes', 'p95'], 'big'));
    expect(bad.ok ? [] : bad.issues).toEqual([
      { path: ['samples'], text: 'expected at least 0, not -1' },
      { path: ['services', 'litellm', 'memoryBytes', 'p95'], text: 'expected a number, not "big"' },
    ]);
    const missing = checkUsageFile(withValue(seed, ['version'], REMOVE));
    expect(missing.ok ? [] : missing.issues).toEqual([{ path: ['version'], text: 'expected one of 1' }]);
  });
});
