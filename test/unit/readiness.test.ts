/**
 * The readiness analysis on hand-made catalog snapshots: what counts as done (NOT NULL through
 * a CHECK, policies judged by what they do), ownership through foreign keys, the effort, and the
 * SQL text helpers (quoting, one-line comments, bounded unique names).
 */
import { describe, expect, it } from 'vitest';
import { analyzeReadiness, readinessEffort } from '../../src/core/readiness.js';
import { checkForbidsNull, expressionIsolates, judgePolicies, type PolicyFacts } from '../../src/core/readiness-policy.js';
import { comment, ident, literal, NameSpace, truncateBytes } from '../../src/core/readiness-sql.js';
import type { CatalogTable, ReadinessTable } from '../../src/core/readiness-types.js';

describe('readiness analysis', () => {
  const table = (name: string, extra: Partial<CatalogTable>): CatalogTable => ({
    schema: 'public',
    name,
    columns: [{ name: 'id', type: 'bigint', nullable: false }],
    primaryKey: ['id'],
    rls: false,
    forceRls: false,
    policies: [],
    indexes: [],
    foreignKeys: [],
    checks: [],
    ...extra,
  });

  it('a CHECK (user_id IS NOT NULL) NOT VALID still needs its VALIDATE; a validated one counts as not nullable', () => {
    const col = { name: 'user_id', type: 'uuid', nullable: true };
    const pending = table('a', { columns: [col], checks: [{ name: 'a_uid', definition: 'CHECK ((user_id IS NOT NULL)) NOT VALID', validated: false }] });
    const done = table('b', { columns: [col], checks: [{ name: 'b_uid', definition: 'CHECK ((user_id IS NOT NULL))', validated: true }] });
    const r = analyzeReadiness(
      { serverVersion: '16.4', database: 'x', tables: [pending, done] },
      { userColumn: 'user_id', base: { min: 8, max: 16 }, database: 'x' },
    );
    expect(r.tables[0]).toMatchObject({ nullable: true });
    expect(r.tables[0]!.actions.map((a) => a.kind)).toEqual(['validate-not-null', 'index', 'enable-rls', 'policy']);
    expect(r.tables[0]!.actions[0]!.sql.join('\n')).toContain('VALIDATE CONSTRAINT "a_uid"');
    expect(r.tables[1]).toMatchObject({ nullable: false });
  });

  it('the nearest owner covers a table; a cycle without an owner needs a decision', () => {
    const owner = table('conversations', {
      columns: [
        { name: 'id', type: 'bigint', nullable: false },
        { name: 'user_id', type: 'uuid', nullable: false },
      ],
    });
    const fk = (name: string, ref: string) => ({ name, columns: [`${ref}_id`], refSchema: 'public', refTable: ref, refColumns: ['id'] });
    const a = table('a', { foreignKeys: [fk('a_b', 'b')] });
    const b = table('b', { foreignKeys: [fk('b_a', 'a')] });
    const msg = table('messages', { foreignKeys: [fk('m_c', 'conversations')] });
    const r = analyzeReadiness(
      { serverVersion: '15', database: 'x', tables: [owner, a, b, msg] },
      { userColumn: 'user_id', base: { min: 8, max: 16 }, database: 'x' },
    );
    expect(r.tables.map((t) => [t.name, t.status, t.coveredBy])).toEqual([
      ['conversations', 'owned', null],
      ['a', 'decide', null],
      ['b', 'decide', null],
      ['messages', 'covered', 'public.conversations'],
    ]);
  });

  it('effort: a quarter always remains, three quarters scale with the open checks, each undecided table adds 0.5-1 h', () => {
    const t = (status: ReadinessTable['status'], over: Partial<ReadinessTable> = {}): ReadinessTable => ({
      schema: 'public',
      name: status,
      userColumn: null,
      nullable: null,
      indexed: null,
      foreignKey: null,
      rls: false,
      policies: [],
      isolated: false,
      coveredBy: null,
      partitionOf: null,
      status,
      actions: [],
      ...over,
    });
    // Owned: 2 of 4 hold (not null, indexed); covered: 0 of 3. 5 of 7 open.
    // min = 8 × (0.25 + 0.75 × 5/7) + 0.5 = 6.286 + 0.5 = 6.79 → 7 (half hours); max = 16 × 0.7857 + 1 = 13.57 → 13.5.
    const { effortHours, reasoning } = readinessEffort(
      [t('owned', { userColumn: 'user_id', nullable: false, indexed: true }), t('covered', { indexed: false }), t('decide')],
      { min: 8, max: 16 },
      'user_id',
    );
    expect(effortHours).toEqual({ min: 7, max: 13.5 });
    expect(reasoning.join('\n')).toContain('2 of 7 schema checks already hold');
  });
});

describe('policies and checks judged by what they do', () => {
  const iso = "(user_id = (NULLIF(current_setting('app.user_id'::text, true), ''::text))::uuid)";
  const own = { column: 'user_id' };
  const p = (name: string, using: string | null, over: Partial<PolicyFacts> = {}): PolicyFacts => ({
    name,
    command: 'ALL',
    permissive: true,
    roles: ['public'],
    using,
    withCheck: null,
    ...over,
  });

  it.each([
    ['true', 'true', false],
    ['an OR branch', `(${iso} OR shared)`, false],
    ['no user column', '(id > 0)', false],
    ['a fixed user', "(user_id = 'aaaaaaaa-0000-0000-0000-000000000001'::uuid)", false],
    ['coalesce back to the column', "(user_id = COALESCE((current_setting('app.user_id'::text, true))::uuid, user_id))", false],
    ['the session setting', iso, true],
    ['an extra AND condition', `(${iso} AND (NOT deleted))`, true],
    ['auth.uid() (Supabase)', '(auth.uid() = user_id)', true],
    ['current_user', '(owner = CURRENT_USER)', false],
  ])('%s', (_what, expr, isolates) => {
    expect(expressionIsolates(expr, own)).toBe(isolates);
  });

  it('a permissive true policy beside an isolating one opens the table; a restrictive isolating one closes it again', () => {
    expect(judgePolicies([p('good', iso)], own)).toEqual({ isolated: true, leaking: [] });
    const beside = judgePolicies([p('good', iso), p('open', 'true', { command: 'SELECT' })], own);
    expect(beside.isolated).toBe(false);
    expect(beside.leaking.map((l) => l.name)).toEqual(['open']);
    expect(judgePolicies([p('open', 'true'), p('closed', iso, { permissive: false })], own).isolated).toBe(true);
    // A restrictive policy for one role only does not close the table for the others.
    expect(judgePolicies([p('open', 'true'), p('closed', iso, { permissive: false, roles: ['api'] })], own).isolated).toBe(false);
    // Only SELECT covered: inserting, updating and deleting see no permissive policy.
    expect(judgePolicies([p('read', iso, { command: 'SELECT' })], own).isolated).toBe(false);
  });

  it('a CHECK forbids NULL only when an AND branch is "col IS NOT NULL"', () => {
    expect(checkForbidsNull('CHECK ((user_id IS NOT NULL))', 'user_id')).toBe(true);
    expect(checkForbidsNull('CHECK (((user_id IS NOT NULL) AND (id > 0)))', 'user_id')).toBe(true);
    expect(checkForbidsNull('CHECK (((user_id IS NOT NULL) OR shared))', 'user_id')).toBe(false);
    expect(checkForbidsNull('CHECK ((other_user_id IS NOT NULL))', 'user_id')).toBe(false);
    expect(checkForbidsNull('CHECK (("User Id" IS NOT NULL)) NOT VALID', 'User Id')).toBe(true);
  });
});

describe('SQL text helpers', () => {
  it('identifiers are always quoted; comments stay one line', () => {
    expect(ident('case')).toBe('"case"');
    expect(ident('a"b')).toBe('"a""b"');
    expect(comment('x\nDROP TABLE t; */\r\u2028\u0007')).toBe('-- x\\nDROP TABLE t; *\\/\\r\\u{2028}\\u{7}');
    expect(literal("it's")).toBe("'it''s'");
    expect(literal('a\\b')).toBe("E'a\\\\b'");
  });

  it('names are unique per namespace and cut to 63 bytes on a character boundary', () => {
    const names = new NameSpace(['idx_notes_user_id']);
    expect(names.take('idx', 'notes', 'user_id')).toBe('idx_notes_user_id_2');
    expect(names.take('idx', 'Notes', 'user_id')).toBe('idx_Notes_user_id');
    const wide = names.take('idx', 'é'.repeat(40));
    expect(Buffer.byteLength(wide)).toBeLessThanOrEqual(63);
    expect(wide).toBe(`idx_${'é'.repeat(29)}`);
    const again = names.take('idx', 'é'.repeat(40));
    expect(again).toBe(`idx_${'é'.repeat(28)}_2`);
    expect(truncateBytes('日本語', 7)).toBe('日本');
  });
});

describe('views over owned rows', () => {
  const owner: CatalogTable = {
    schema: 'public',
    name: 'conversations',
    columns: [
      { name: 'id', type: 'int', nullable: false },
      { name: 'user_id', type: 'uuid', nullable: false },
    ],
    primaryKey: ['id'],
    rls: false,
    forceRls: false,
    policies: [],
    indexes: [],
    foreignKeys: [],
    checks: [],
  };
  const views = [
    { schema: 'public', name: 'recent', kind: 'view' as const, securityInvoker: false, reads: [{ schema: 'public', name: 'conversations' }] },
    { schema: 'public', name: 'safe', kind: 'view' as const, securityInvoker: true, reads: [{ schema: 'public', name: 'conversations' }] },
    { schema: 'public', name: 'on_top', kind: 'view' as const, securityInvoker: false, reads: [{ schema: 'public', name: 'recent' }] },
    { schema: 'public', name: 'other', kind: 'view' as const, securityInvoker: false, reads: [{ schema: 'public', name: 'prices' }] },
  ];
  const run = (major: number) =>
    analyzeReadiness(
      { serverVersion: `${major}.1`, serverMajor: major, database: 'x', tables: [owner], views },
      { userColumn: 'user_id', base: { min: 8, max: 16 }, database: 'x' },
    );

  it('PostgreSQL 15+: security_invoker in the transaction; before 15: a decision', () => {
    expect(run(15).views.map((v) => [v.name, v.status])).toEqual([
      ['recent', 'fix'],
      ['safe', 'isolated'],
      ['on_top', 'fix'],
    ]);
    expect(run(15).sql).toContain('ALTER VIEW "public"."on_top" SET (security_invoker = true);');
    expect(run(14).views.map((v) => v.status)).toEqual(['decide', 'isolated', 'decide']);
    expect(run(14).sql).not.toContain('security_invoker = true);');
  });
});
