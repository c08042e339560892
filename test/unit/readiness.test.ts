/**
 * The readiness analysis on hand-made catalog snapshots: what counts as done (NOT NULL through
 * a CHECK, policies judged by what they do), ownership through foreign keys, the effort, and the
 * SQL text helpers (quoting, one-line comments, bounded unique names).
 */
import { describe, expect, it } from 'vitest';
import { analyzeReadiness, readinessEffort, type CatalogTable, type ReadinessTable } from '../../src/core/readiness.js';

describe('readiness analysis', () => {
  const table = (name: string, extra: Partial<CatalogTable>): CatalogTable => ({
    schema: 'public', name, columns: [{ name: 'id', type: 'bigint', nullable: false }], primaryKey: ['id'], rls: false, forceRls: false, policies: [], indexes: [], foreignKeys: [], checks: [], ...extra,
  });

  it('a CHECK (user_id IS NOT NULL) NOT VALID still needs its VALIDATE; a validated one counts as not nullable', () => {
    const col = { name: 'user_id', type: 'uuid', nullable: true };
    const pending = table('a', { columns: [col], checks: [{ name: 'a_uid', definition: 'CHECK ((user_id IS NOT NULL)) NOT VALID', validated: false }] });
    const done = table('b', { columns: [col], checks: [{ name: 'b_uid', definition: 'CHECK ((user_id IS NOT NULL))', validated: true }] });
    const r = analyzeReadiness({ serverVersion: '16.4', database: 'x', tables: [pending, done] }, { userColumn: 'user_id', base: { min: 8, max: 16 }, database: 'x' });
    expect(r.tables[0]).toMatchObject({ nullable: true });
    expect(r.tables[0]!.actions.map((a) => a.kind)).toEqual(['validate-not-null', 'index', 'enable-rls', 'policy']);
    expect(r.tables[0]!.actions[0]!.sql.join('\n')).toContain('VALIDATE CONSTRAINT "a_uid"');
    expect(r.tables[1]).toMatchObject({ nullable: false });
  });

  it('the nearest owner covers a table; a cycle without an owner needs a decision', () => {
    const owner = table('conversations', { columns: [{ name: 'id', type: 'bigint', nullable: false }, { name: 'user_id', type: 'uuid', nullable: false }] });
    const fk = (name: string, ref: string) => ({ name, columns: [`${ref}_id`], refSchema: 'public', refTable: ref, refColumns: ['id'] });
    const a = table('a', { foreignKeys: [fk('a_b', 'b')] });
    const b = table('b', { foreignKeys: [fk('b_a', 'a')] });
    const msg = table('messages', { foreignKeys: [fk('m_c', 'conversations')] });
    const r = analyzeReadiness({ serverVersion: '15', database: 'x', tables: [owner, a, b, msg] }, { userColumn: 'user_id', base: { min: 8, max: 16 }, database: 'x' });
    expect(r.tables.map((t) => [t.name, t.status, t.coveredBy])).toEqual([
      ['conversations', 'owned', null],
      ['a', 'decide', null],
      ['b', 'decide', null],
      ['messages', 'covered', 'public.conversations'],
    ]);
  });

  it('effort: a quarter always remains, three quarters scale with the open checks, each undecided table adds 0.5-1 h', () => {
    const t = (status: ReadinessTable['status'], over: Partial<ReadinessTable> = {}): ReadinessTable => ({
      schema: 'public', name: status, userColumn: null, nullable: null, indexed: null, foreignKey: null, rls: false, policies: [], isolated: false, coveredBy: null, partitionOf: null, status, actions: [], ...over,
    });
    // Owned: 2 of 4 hold (not null, indexed); covered: 0 of 3. 5 of 7 open.
    // min = 8 × (0.25 + 0.75 × 5/7) + 0.5 = 6.286 + 0.5 = 6.79 → 7 (half hours); max = 16 × 0.7857 + 1 = 13.57 → 13.5.
    const { effortHours, reasoning } = readinessEffort([t('owned', { userColumn: 'user_id', nullable: false, indexed: true }), t('covered', { indexed: false }), t('decide')], { min: 8, max: 16 }, 'user_id');
    expect(effortHours).toEqual({ min: 7, max: 13.5 });
    expect(reasoning.join('\n')).toContain('2 of 7 schema checks already hold');
  });
});

