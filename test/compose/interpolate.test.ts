/** Compose-spec interpolation and dotenv parsing, one rule per case. */
import { describe, expect, it } from 'vitest';
import { dotenvMap, parseDotenv } from '../../src/compose/dotenv.js';
import { InterpolationLog, interpolate, interpolateTree } from '../../src/compose/interpolate.js';

const env: Record<string, string> = { SET: 'value', EMPTY: '', TAG: '1.2', NESTED: 'inner' };
const lookup = (n: string) => env[n];
const value = (t: string) => interpolate(t, lookup).value;

describe('interpolate', () => {
  it('replaces $VAR and ${VAR}', () => {
    expect(value('a $SET b')).toBe('a value b');
    expect(value('a ${SET}b')).toBe('a valueb');
    expect(value('$SET$SET')).toBe('valuevalue');
  });

  it('applies :- to unset and empty, - to unset only', () => {
    expect(value('${MISSING:-def}')).toBe('def');
    expect(value('${EMPTY:-def}')).toBe('def');
    expect(value('${EMPTY-def}')).toBe('');
    expect(value('${MISSING-def}')).toBe('def');
    expect(value('${SET:-def}')).toBe('value');
  });

  it('applies :+ and + only when set', () => {
    expect(value('${SET:+alt}')).toBe('alt');
    expect(value('${EMPTY:+alt}')).toBe('');
    expect(value('${EMPTY+alt}')).toBe('alt');
    expect(value('${MISSING+alt}')).toBe('');
  });

  it('resolves nested defaults, as in onyx: ${A:-x:${B:-latest}}', () => {
    expect(value('${IMAGE:-onyx/backend:${MISSING_TAG:-latest}}')).toBe('onyx/backend:latest');
    expect(value('${IMAGE:-onyx/backend:${TAG:-latest}}')).toBe('onyx/backend:1.2');
    expect(value('${PYTHONPATH:+${PYTHONPATH}:}/app')).toBe('/app');
  });

  it('keeps $$ as a literal dollar for the container shell', () => {
    expect(value('pg_isready -U $${POSTGRES_USER}')).toBe('pg_isready -U ${POSTGRES_USER}');
    expect(value('echo $$(date) $$HOME')).toBe('echo $(date) $HOME');
    expect(interpolate('$${X}', lookup).unresolved).toEqual([]);
  });

  it('reports unset variables without failing; a default counts as resolved', () => {
    const r = interpolate('${A}/${B:-b}/$C/${EMPTY}', lookup);
    expect(r.value).toBe('/b//');
    expect(r.unresolved).toEqual(['A', 'C']);
  });

  it('reports ${VAR:?message} with its message, and ${VAR?message} only when unset', () => {
    const r = interpolate('${TOKEN:?TOKEN is required}', lookup);
    expect(r.value).toBe('');
    expect(r.required).toEqual([{ name: 'TOKEN', message: 'TOKEN is required' }]);
    expect(interpolate('${EMPTY?must be set}', lookup).required).toEqual([]);
    expect(interpolate('${EMPTY:?must not be empty}', lookup).required).toEqual([{ name: 'EMPTY', message: 'must not be empty' }]);
    expect(interpolate('${SET:?x}', lookup).value).toBe('value');
  });

  it('keeps invalid syntax literally and reports it', () => {
    const r = interpolate('a ${1BAD} b ${UNCLOSED', lookup);
    expect(r.value).toBe('a ${1BAD} b ${UNCLOSED');
    expect(r.invalid).toEqual(['${1BAD}', '${UNCLOSED']);
    expect(value('cost $5')).toBe('cost $5');
  });

  it('interpolates the values of a tree, not its keys, and can skip a key', () => {
    const log = new InterpolationLog();
    const tree = interpolateTree(
      { image: 'app:${TAG}', '${SET}': 'k', environment: { A: '${SET}' }, list: ['$SET', 3, true] },
      lookup,
      log,
      new Set(['environment']),
    );
    expect(tree).toEqual({ image: 'app:1.2', '${SET}': 'k', environment: { A: '${SET}' }, list: ['value', 3, true] });
  });
});

describe('dotenv', () => {
  it('reads comments, export, quotes, inline comments and bare names', () => {
    const text = [
      '# a comment',
      '',
      'export A=1',
      'B = two words # comment',
      "C='single $A # kept'",
      'D="double\\nline $A"',
      'E="spans',
      'lines"',
      'F=',
      'BARE',
      'not a line',
      'G=url#fragment',
    ].join('\n');
    const r = parseDotenv(text);
    const map = dotenvMap(r);
    expect(map.get('A')).toBe('1');
    expect(map.get('B')).toBe('two words');
    expect(map.get('C')).toBe('single $A # kept');
    expect(map.get('D')).toBe('double\nline 1');
    expect(map.get('E')).toBe('spans\nlines');
    expect(map.get('F')).toBe('');
    expect(map.get('G')).toBe('url#fragment');
    expect(r.entries.find((e) => e.name === 'BARE')?.value).toBeUndefined();
    expect(r.invalidLines).toEqual([11]);
  });

  it('interpolates from earlier lines, then the lookup, and reports what is unset', () => {
    const r = parseDotenv('HOST=db\nURL=postgres://${HOST}/${NAME:-app}\nX=${FROM_ENV}${NOPE}', (n) => (n === 'FROM_ENV' ? 'env' : undefined));
    expect(dotenvMap(r).get('URL')).toBe('postgres://db/app');
    expect(dotenvMap(r).get('X')).toBe('env');
    expect(r.unresolved).toEqual(['NOPE']);
  });
});
