/**
 * The platforms' schemas in test/fixtures/schemas are the published files as recorded in
 * SOURCES.json (URL, date, SHA-256): a copy edited by hand, or refreshed without updating its
 * record, fails here.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMAS_DIR, schemaErrors } from '../helpers/schemas.js';

const sources = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'SOURCES.json'), 'utf8')) as Record<
  string,
  { url: string; date: string; sha256: string; license: string }
>;

describe('the schema fixtures', () => {
  it('every schema file has a record and every record a file', () => {
    const files = readdirSync(SCHEMAS_DIR)
      .filter((f) => f.endsWith('.schema.json'))
      .sort();
    expect(Object.keys(sources).sort()).toEqual(files);
    expect(files).toHaveLength(5);
  });

  it.each(Object.entries(sources))('%s: source URL, a real date, a license and the recorded checksum', (file, s) => {
    expect(s.url).toMatch(/^https:\/\//);
    expect(new Date(`${s.date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(s.date);
    expect(s.license.length).toBeGreaterThan(0);
    expect(
      createHash('sha256')
        .update(readFileSync(join(SCHEMAS_DIR, file)))
        .digest('hex'),
    ).toBe(s.sha256);
  });

  it('they are what the tests validate against: a bad file is rejected', () => {
    expect(schemaErrors('render', { services: [{ type: 'webservice', name: 'x' }] }).length).toBeGreaterThan(0);
    expect(schemaErrors('compose-spec', { services: { web: { image: 'x', ports: 8080 } } }).length).toBeGreaterThan(0);
  });
});
