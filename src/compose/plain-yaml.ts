/**
 * The plain subset of YAML most compose files are written in, read without the yaml library
 * (whose parser cost about 0.2 ms per service, most of an import): block mappings and
 * sequences laid out by indentation, one-line scalars (plain, single-quoted, double-quoted
 * without escapes), one-line flow collections, comments and blank lines.
 *
 * What it returns is what `parseDocument(text, { merge: true, uniqueKeys: false }).toJS()`
 * returns for the same text, scalars resolved by the same YAML 1.2 core schema rules. Anything
 * outside the subset (anchors, aliases, tags, merge keys, block scalars, multi-line scalars and
 * flow collections, escapes, tabs, duplicate keys, document markers, top-level sequences...)
 * returns undefined, and the caller reads the text with the yaml library, which also words
 * every error: this reader never decides that a text is invalid.
 */

/** Thrown inside the reader when the text leaves the subset; never escapes it. */
const UNSUPPORTED = { unsupported: true };
function unsupported(): never {
  throw UNSUPPORTED;
}

/** Characters outside the subset anywhere in the text: controls (tab, CR...), C1, BOM, line separators, surrogates. */
const OUTSIDE = /[^\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;
/** Plain keys: names, dotted labels, paths. Not null or booleans (keys that are not strings). */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const NON_STRING_KEY = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
/** YAML's limit on an implicit key's length. */
const MAX_KEY = 1024;
/** First characters of a plain scalar (besides `-` followed by a non-space); indicators are left to the yaml library. */
const PLAIN_START = /[A-Za-z0-9_./~$+(^\\\u00a0-\uffff]/;
/** Flow collections nested deeper than this are left to the yaml library. */
const MAX_FLOW_DEPTH = 16;

/** The core schema's scalar rules, in its order (yaml/dist/schema/core): null, bool, int (octal, decimal, hex), float. */
export function resolvePlainScalar(s: string): unknown {
  if (/^(?:~|[Nn]ull|NULL)?$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s)) return s[0] === 't' || s[0] === 'T';
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) {
    return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}

/** A mapping or sequence being filled, and the column its entries start at. */
interface Frame {
  indent: number;
  map: Record<string, unknown> | null;
  keys: Set<string> | null;
  seq: unknown[] | null;
  /** A sequence at its parent key's own column (`ports:` then `- 80` below it, not indented). */
  sameIndent: boolean;
}

/** A key written with no value on its line: the next lines decide (a nested block, or null). */
interface Pending {
  indent: number;
  frame: Frame;
  key: string;
}

/** Reads the text if it is within the subset; undefined otherwise (then use the yaml library). */
export function readPlainYaml(text: string): Record<string, unknown> | undefined {
  if (OUTSIDE.test(text)) return undefined;
  try {
    return readLines(text);
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  }
}

function readLines(text: string): Record<string, unknown> | undefined {
  const stack: Frame[] = [];
  let root: Record<string, unknown> | undefined;
  let pending: Pending | null = null;
  for (const line of text.split('\n')) {
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent += 1;
    if (indent === line.length || line[indent] === '#') continue;
    // Document markers and directives.
    if (indent === 0 && (line.startsWith('---') || line.startsWith('...') || line[0] === '%')) unsupported();
    const item = line[indent] === '-' && (indent + 1 === line.length || line[indent + 1] === ' ');

    if (pending) {
      const { frame, key } = pending;
      if (indent > pending.indent) {
        const nested = item ? seqFrame(indent, false) : mapFrame(indent);
        setKey(frame, key, nested.map ?? nested.seq);
        stack.push(nested);
      } else if (indent === pending.indent && item) {
        const nested = seqFrame(indent, true);
        setKey(frame, key, nested.seq);
        stack.push(nested);
      } else {
        setKey(frame, key, null);
      }
      pending = null;
    }
    if (root === undefined) {
      if (indent !== 0 || item) unsupported();
      const frame = mapFrame(0);
      root = frame.map!;
      stack.push(frame);
    }

    let top = stack[stack.length - 1];
    while (top && (top.indent > indent || (top.sameIndent && top.indent === indent && !item))) {
      stack.pop();
      top = stack[stack.length - 1];
    }
    if (!top || top.indent !== indent) unsupported();
    if (top.map) {
      if (item) unsupported();
      pending = entry(top, line, indent);
    } else {
      if (!item) unsupported();
      pending = sequenceItem(top, line, indent, stack);
    }
  }
  if (pending) setKey(pending.frame, pending.key, null);
  return root;
}

function mapFrame(indent: number): Frame {
  return { indent, map: {}, keys: new Set(), seq: null, sameIndent: false };
}

function seqFrame(indent: number, sameIndent: boolean): Frame {
  return { indent, map: null, keys: null, seq: [], sameIndent };
}

/** Sets a key as the yaml library's toJS does (an inherited name such as `constructor` becomes an own property). */
function setKey(frame: Frame, key: string, value: unknown): void {
  const map = frame.map!;
  if (key in map) Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
}

/** Claims a key of a mapping: a duplicate, `__proto__` or an over-long key leaves the subset. */
function claimKey(keys: Set<string>, key: string): void {
  if (keys.has(key) || key === '__proto__' || key.length > MAX_KEY) unsupported();
  keys.add(key);
}

/** A key at `at` (quoted, or plain up to its colon) and the position just after it. */
function readKey(line: string, at: number): [string, number] {
  if (line[at] === '"' || line[at] === "'") return quoted(line, at);
  const colon = line.indexOf(':', at);
  if (colon < 0) unsupported();
  const key = line.slice(at, colon);
  if (!PLAIN_KEY.test(key) || NON_STRING_KEY.test(key)) unsupported();
  return [key, colon];
}

/** `key: value` or `key:` at `col`; returns the pending key when the value is on the next lines. */
function entry(frame: Frame, line: string, col: number): Pending | null {
  const [key, colon] = readKey(line, col);
  if (line[colon] !== ':') unsupported();
  if (colon + 1 < line.length && line[colon + 1] !== ' ') unsupported();
  claimKey(frame.keys!, key);
  const p = skipSpaces(line, colon + 1);
  if (p === line.length || line[p] === '#') return { indent: col, frame, key };
  setKey(frame, key, inlineValue(line, p));
  return null;
}

/** `- value` or `- key: value` (a mapping whose entries start at the key's column). */
function sequenceItem(frame: Frame, line: string, col: number, stack: Frame[]): Pending | null {
  const p = skipSpaces(line, col + 1);
  // `-` alone (a nested block or null) and `- - x` are left to the yaml library.
  if (p === line.length || line[p] === '#' || (line[p] === '-' && (p + 1 === line.length || line[p + 1] === ' '))) unsupported();
  if (isKeyLine(line, p)) {
    const map = mapFrame(p);
    frame.seq!.push(map.map);
    stack.push(map);
    return entry(map, line, p);
  }
  frame.seq!.push(inlineValue(line, p));
  return null;
}

/** Whether the text at `p` starts with a key and its `:` indicator. */
function isKeyLine(line: string, p: number): boolean {
  if (line[p] === '"' || line[p] === "'") {
    const end = quotedEnd(line, p);
    return end !== -1 && line[end] === ':' && (end + 1 === line.length || line[end + 1] === ' ');
  }
  const colon = line.indexOf(':', p);
  return colon !== -1 && PLAIN_KEY.test(line.slice(p, colon)) && (colon + 1 === line.length || line[colon + 1] === ' ');
}

/** A value written on the line from `p`: a flow collection, a quoted or a plain scalar. */
function inlineValue(line: string, p: number): unknown {
  const c = line[p];
  if (c === '[' || c === '{') {
    const [value, end] = flow(line, p, 0);
    lineEnd(line, end);
    return value;
  }
  if (c === '"' || c === "'") {
    const [value, end] = quoted(line, p);
    lineEnd(line, end);
    return value;
  }
  if (!plainStart(line, p)) unsupported();
  const hash = line.indexOf(' #', p);
  const s = trimEnd(line.slice(p, hash === -1 ? line.length : hash));
  // `a: b: c` is an error, and `b:` at the end a mapping indicator: the yaml library says so.
  if (s.includes(': ') || s.endsWith(':')) unsupported();
  return resolvePlainScalar(s);
}

/** Only spaces, then a comment or the end of the line, may follow a value. */
function lineEnd(line: string, p: number): void {
  const q = skipSpaces(line, p);
  if (q === line.length) return;
  if (line[q] === '#' && q > p) return;
  unsupported();
}

/** A one-line flow sequence or mapping from `p`; returns it and the position after it. */
function flow(line: string, p: number, depth: number): [unknown, number] {
  if (depth > MAX_FLOW_DEPTH) unsupported();
  const close = line[p] === '[' ? ']' : '}';
  let q = skipSpaces(line, p + 1);
  if (close === ']') {
    const seq: unknown[] = [];
    if (line[q] === ']') return [seq, q + 1];
    for (;;) {
      const [value, end] = flowItem(line, q, depth);
      seq.push(value);
      q = skipSpaces(line, end);
      if (line[q] === ']') return [seq, q + 1];
      if (line[q] !== ',') unsupported();
      q = skipSpaces(line, q + 1);
      if (line[q] === ']') unsupported();
    }
  }
  const frame = mapFrame(-1);
  if (line[q] === '}') return [frame.map, q + 1];
  for (;;) {
    let key: string;
    [key, q] = readKey(line, q);
    if (line[q] !== ':' || line[q + 1] !== ' ') unsupported();
    claimKey(frame.keys!, key);
    q = skipSpaces(line, q + 1);
    if (line[q] === ',' || line[q] === '}') unsupported();
    const [value, end] = flowItem(line, q, depth);
    setKey(frame, key, value);
    q = skipSpaces(line, end);
    if (line[q] === '}') return [frame.map, q + 1];
    if (line[q] !== ',') unsupported();
    q = skipSpaces(line, q + 1);
    if (line[q] === '}') unsupported();
  }
}

/** One entry of a flow collection: a nested collection, a quoted or a plain scalar. */
function flowItem(line: string, p: number, depth: number): [unknown, number] {
  const c = line[p];
  if (c === '[' || c === '{') return flow(line, p, depth + 1);
  if (c === '"' || c === "'") return quoted(line, p);
  if (!plainStart(line, p)) unsupported();
  let end = p;
  while (end < line.length && !',[]{}'.includes(line[end]!)) end += 1;
  if (end === line.length || line[end] === '[' || line[end] === '{') unsupported();
  const s = trimEnd(line.slice(p, end));
  if (s.includes(': ') || s.endsWith(':') || s.includes(' #')) unsupported();
  return [resolvePlainScalar(s), end];
}

/** Whether a plain scalar may start at `p` (indicators other than a `-` before a non-space are left out). */
function plainStart(line: string, p: number): boolean {
  const c = line[p];
  if (c === undefined) return false;
  if (c === '-') return p + 1 < line.length && line[p + 1] !== ' ';
  return PLAIN_START.test(c);
}

/** A single- or double-quoted scalar on one line (double-quoted without escapes); the text and the position after it. */
function quoted(line: string, p: number): [string, number] {
  const end = quotedEnd(line, p);
  if (end === -1) unsupported();
  const body = line.slice(p + 1, end - 1);
  return [line[p] === "'" ? body.replace(/''/g, "'") : body, end];
}

/** The position after a quoted scalar's closing quote, or -1 when it does not close on the line or has an escape. */
function quotedEnd(line: string, p: number): number {
  const q = line[p];
  if (q === '"') {
    const close = line.indexOf('"', p + 1);
    if (close === -1 || line.lastIndexOf('\\', close) > p) return -1;
    return close + 1;
  }
  let i = p + 1;
  for (;;) {
    const close = line.indexOf("'", i);
    if (close === -1) return -1;
    if (line[close + 1] !== "'") return close + 1;
    i = close + 2;
  }
}

function skipSpaces(line: string, p: number): number {
  while (line.charCodeAt(p) === 32) p += 1;
  return p;
}

/** Trailing spaces off (only spaces: other white space is content in YAML). */
function trimEnd(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 32) end -= 1;
  return s.slice(0, end);
}
