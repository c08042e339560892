/** Every serialiser round-trips any string through its format's real parser. */

import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { commentText, json, md, mdCode, shell, sqlIdent, toml, tsString, yaml } from '../../src/render/serialize.js';

const anyString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('{{name}}', '${HOME}', '$(rm -rf /)', "it's", 'say "hi"', 'a\nb\r\nc', '\u2028\u2029', '\u0000\u007f', '# not a comment', '--> */', 'é🚀中'),
);
/** Well-formed strings only (formats cannot hold lone surrogates). */
const wellFormed = anyString.filter((s) => {
  try {
    encodeURIComponent(s); // throws on a lone surrogate
    return true;
  } catch {
    return false;
  }
});

describe('serialisers', () => {
  it('toml: any string round-trips', () => {
    fc.assert(
      fc.property(wellFormed, (s) => {
        expect(parseToml(`v = ${toml(s)}`).v).toBe(s);
      }),
    );
  });
  it('toml: numbers, booleans and arrays', () => {
    expect(parseToml(`v = ${toml(['a"b', 'c'])}\nn = ${toml(1.5)}\nb = ${toml(true)}`)).toEqual({ v: ['a"b', 'c'], n: 1.5, b: true });
  });
  it('yaml: any string round-trips as a value and as a key', () => {
    fc.assert(
      fc.property(wellFormed, (s) => {
        expect(YAML.parse(`v: ${yaml(s)}`).v).toBe(s);
        expect(YAML.parse(`list:\n  - ${yaml(s)}\n`).list[0]).toBe(s);
        expect(Object.keys(YAML.parse(`${yaml(s)}: 1`))[0]).toBe(s);
      }),
    );
  });
  it('json and TypeScript string literals: any string round-trips', () => {
    fc.assert(
      fc.property(wellFormed, (s) => {
        expect(JSON.parse(json(s))).toBe(s);
        // eslint-disable-next-line no-new-func
        expect(new Function(`return ${tsString(s)};`)()).toBe(s);
      }),
    );
  });
  it('shell: any string is one word that echoes back unchanged', () => {
    const samples = fc.sample(
      wellFormed.filter((s) => !s.includes('\u0000')),
      60,
    );
    const script = samples.map((s) => `printf '%s\\0' ${shell(s)}`).join('\n');
    const out = spawnSync('sh', ['-c', script], { encoding: 'utf8' }).stdout.split('\u0000').slice(0, -1);
    expect(out).toEqual(samples);
  });
  it('sql identifiers double their quotes', () => {
    expect(sqlIdent('a"b')).toBe('"a""b"');
  });
  it('comments and Markdown stay on one line and cannot close a comment', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        expect(commentText(s)).not.toMatch(/[\r\n\u2028\u2029]/);
        expect(commentText(s)).not.toContain('-->');
        expect(md(s)).not.toMatch(/[\r\n]/);
        expect(mdCode(s)).not.toMatch(/[\r\n]/);
      }),
    );
  });
});
