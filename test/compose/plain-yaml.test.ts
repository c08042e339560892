/**
 * The plain-YAML reader gives exactly what the yaml library gives (parseDocument with merge keys,
 * toJS) for every text it accepts, and hands everything else back (undefined) so the library
 * reads it and words its errors. Checked on the bench's generated files, the shared corpus,
 * hand-picked edge cases and random compose-like documents.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { composeOf } from '../../scripts/bench-scale.js';
import { readPlainYaml } from '../../src/compose/plain-yaml.js';
import { CORPUS_DIR, corpusAvailable } from '../helpers/corpus.js';

/** What the importer read before: the yaml library's data, or null when it reports an error. */
function library(text: string): unknown {
  const doc = parseDocument(text, { merge: true, prettyErrors: true, uniqueKeys: false });
  return doc.errors.length > 0 ? null : doc.toJS({ maxAliasCount: 1000 });
}

/** Equal values with keys in the same order (-0, NaN and the infinities compared as written). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? `number:${Object.is(v, -0) ? '-0' : String(v)}` : v,
  );
}

/** The reader either declines or agrees with the library. */
function agrees(text: string): boolean {
  const mine = readPlainYaml(text);
  if (mine === undefined) return true;
  const theirs = library(text);
  return theirs !== null && canonical(mine) === canonical(theirs);
}

describe('readPlainYaml', () => {
  it("reads the bench's generated compose files, as the yaml library does", () => {
    for (const n of [1, 7, 250]) {
      const text = composeOf(n);
      expect(readPlainYaml(text)).toBeDefined();
      expect(canonical(readPlainYaml(text))).toBe(canonical(library(text)));
    }
  });

  it.skipIf(!corpusAvailable)('agrees with the yaml library on every file of the shared corpus it accepts', () => {
    for (const name of readdirSync(CORPUS_DIR).filter((f) => /\.ya?ml$/.test(f))) {
      expect(agrees(readFileSync(`${CORPUS_DIR}/${name}`, 'utf8')), name).toBe(true);
    }
  });

  it('resolves scalars by the YAML 1.2 core schema, as the library does', () => {
    const scalars = [
      '1',
      '-0',
      '+7',
      '007',
      '0o17',
      '0x1F',
      '0xg',
      '1.5',
      '1.',
      '.5',
      '1e3',
      '-.5E-2',
      '.inf',
      '-.Inf',
      '.nan',
      '1_000',
      '0b11',
      '12345678901234567890',
      'true',
      'True',
      'TRUE',
      'tRue',
      'yes',
      'off',
      'null',
      'Null',
      '~',
      '2001-12-14',
      '1:20',
      '8000:8000',
      'a #c',
      'a#b',
      'a :b',
      '...',
      '--flag',
      '"x y"',
      "'it''s'",
      '""',
      '[1, .5, x, "y", ~]',
      '{ a: 1, b: { c: [] } }',
      '[pgdata:/data]',
      '{}',
    ];
    for (const s of scalars) {
      const text = `services:\n  web:\n    value: ${s}\n    list:\n    - ${s}\n`;
      expect(readPlainYaml(text), s).toBeDefined();
      expect(agrees(text), s).toBe(true);
    }
  });

  it("reads the layouts compose files use: sequences at their key's column, mappings in sequences, comments anywhere, empty values", () => {
    const text = [
      '# a stack',
      'name: demo',
      'services:',
      '  web:',
      '    ports:',
      '    - "80:80"   # public',
      '    -   8443:443',
      '      # a comment at another column',
      '    volumes:',
      '      - type: bind',
      '        source: ./conf',
      '        target: /etc/conf',
      '      - ports:',
      '        - 1',
      '        other: x',
      '    environment:',
      '      EMPTY:',
      "      QUOTED: 'a: b'",
      '      constructor: c',
      '    command:',
      'volumes:',
      '  data:',
    ].join('\n');
    expect(readPlainYaml(text)).toBeDefined();
    expect(agrees(text)).toBe(true);
  });

  it('declines what is outside the subset, so the yaml library reads it (or reports the error)', () => {
    const outside = [
      'x-base: &base\n  image: a\nservices:\n  web:\n    <<: *base\n',
      'services:\n  web:\n    command: |\n      echo hi\n',
      'services:\n  web:\n    command: echo\n      hi\n',
      'services:\n  web:\n    image: "a\\tb"\n',
      'services:\n\tweb: {}\n',
      'services:\n  web: {}\n  web: {}\n',
      '---\nservices: {}\n',
      'services:\n  web:\n    ports: [80,\n      443]\n',
      'services:\n  web:\n    image: a: b\n',
      'services:\n  web:\n   image: a\n    ports: []\n',
      'services:\r\n  web: {}\r\n',
      '- services\n',
      '# only a comment\n',
      'services:\n  web:\n    tags: !!set { a }\n',
      '__proto__: {}\n',
    ];
    for (const text of outside) expect(readPlainYaml(text), JSON.stringify(text)).toBeUndefined();
  });

  it('agrees with the yaml library on random compose-like documents', () => {
    // Mostly values within the subset, some outside it, some random text.
    const scalar = fc.oneof(
      {
        weight: 40,
        arbitrary: fc.constantFrom(
          'a',
          'nginx:1.27',
          '8000:8000',
          '"8000:8000"',
          "'it''s'",
          '1',
          '-1',
          '0x1F',
          '1.5',
          '.inf',
          'true',
          'no',
          'null',
          '~',
          'postgres://u:p@db:5432/x',
          'a #c',
          'a#b',
          '[a, b]',
          '{ a: 1 }',
          'é',
          '${X:-y}',
          '--flag',
          '...',
          '[pgdata:/data]',
          '{}',
        ),
      },
      { weight: 2, arbitrary: fc.constantFrom('a: b', 'a:', '- x', '-', '&a', '*a', '|', '"a', '[a,', '{a: }', '[a: b]', '"a"#c', 'a\u00a0', '\u00a0a') },
      { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    );
    const key = fc.oneof(
      { weight: 40, arbitrary: fc.constantFrom('image', 'ports', 'a', 'com.example.x', 'a/b', '"quoted"', "'q'", 'constructor') },
      { weight: 1, arbitrary: fc.constantFrom('true', 'null', '<<', '8080', '__proto__', 'k y', 'k:x') },
    );
    type Node =
      | { kind: 'scalar'; value: string }
      | { kind: 'map'; entries: [string, Node][]; indent: number }
      | { kind: 'seq'; items: Node[]; indent: number; same: boolean };
    const { node } = fc.letrec<{ node: Node }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.record({ kind: fc.constant('scalar' as const), value: scalar }),
        fc.record({
          kind: fc.constant('map' as const),
          entries: fc.array(fc.tuple(key, tie('node')), { minLength: 1, maxLength: 4 }),
          indent: fc.constantFrom(2, 4, 1, 3),
        }),
        fc.record({
          kind: fc.constant('seq' as const),
          items: fc.array(tie('node'), { minLength: 1, maxLength: 4 }),
          indent: fc.constantFrom(2, 4),
          same: fc.boolean(),
        }),
      ),
    }));
    const write = (n: Node, col: number, out: string[], lead: string): void => {
      if (n.kind === 'scalar') {
        out.push(`${lead}${n.value}`);
        return;
      }
      if (n.kind === 'map') {
        n.entries.forEach(([k, v], i) => {
          const prefix = i === 0 ? lead : ' '.repeat(col);
          if (v.kind === 'scalar') out.push(`${prefix}${k}: ${v.value}`);
          else {
            out.push(`${prefix}${k}:`);
            write(v, v.kind === 'seq' && v.same ? col : col + v.indent, out, ' '.repeat(v.kind === 'seq' && v.same ? col : col + v.indent));
          }
        });
        return;
      }
      n.items.forEach((item, i) => {
        const prefix = `${i === 0 ? lead : ' '.repeat(col)}- `;
        if (item.kind === 'scalar') out.push(`${prefix}${item.value}`);
        else if (item.kind === 'map') write(item, col + 2, out, prefix);
        else {
          out.push(`${prefix.trimEnd()}`);
          write(item, col + item.indent, out, ' '.repeat(col + item.indent));
        }
      });
    };
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(key, node), { minLength: 1, maxLength: 4 }), (entries) => {
        const out: string[] = [];
        write({ kind: 'map', entries, indent: 2 }, 0, out, '');
        const text = `${out.join('\n')}\n`;
        if (readPlainYaml(text) !== undefined) accepted += 1;
        return agrees(text);
      }),
      { numRuns: 5000 },
    );
    // Not a vacuous check: a good share of the documents is within the subset.
    expect(accepted).toBeGreaterThan(500);
  });
});
