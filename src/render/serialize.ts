/**
 * Value serialisers for every format stackfare writes. Templates never paste a raw value:
 * each goes through one of these, so quotes, newlines, `{{`, `$` or unicode in a name,
 * command or variable cannot break the file or inject into it.
 */

const hex4 = (c: number) => `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;

/** Printable ASCII other than the double quote and the backslash: characters no format here escapes. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** A double-quoted string with backslash escapes, escaping `extra` characters as \uXXXX. */
function quoted(s: string, escapeChar: (code: number) => boolean): string {
  // Every escapeChar here escapes only control, surrogate and format characters: plain ASCII passes through as is.
  if (PLAIN_ASCII.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code <= 0xffff && escapeChar(code)) out += hex4(code);
    else out += ch;
  }
  return `${out}"`;
}

const isControl = (c: number) => c < 0x20 || (c >= 0x7f && c <= 0x9f);
const isSurrogate = (c: number) => c >= 0xd800 && c <= 0xdfff;

/** A TOML value: basic string, number, boolean or inline array. */
export function toml(value: unknown): string {
  if (typeof value === 'string') return quoted(value, (c) => isControl(c) || isSurrogate(c));
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} to TOML`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(toml).join(', ')}]`;
  throw new Error(`cannot write ${typeof value} as a TOML value`);
}

/** A YAML scalar: always double-quoted for strings (YAML 1.2 escapes), plain for numbers. */
export function yaml(value: unknown): string {
  if (typeof value === 'string') {
    return quoted(value, (c) => isControl(c) || isSurrogate(c) || c === 0x2028 || c === 0x2029 || c === 0xfeff);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} to YAML`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(yaml).join(', ')}]`;
  throw new Error(`cannot write ${typeof value} as a YAML scalar`);
}

/** A JSON value (also a valid TypeScript expression). */
export function json(value: unknown): string {
  const text = JSON.stringify(value);
  if (text !== undefined && !LINE_SEPARATORS.test(text)) return text;
  return text.replace(/[\u2028\u2029]/g, (c) => hex4(c.charCodeAt(0)));
}

const LINE_SEPARATORS = /[\u2028\u2029]/;

/** A TypeScript string literal. */
export function tsString(value: string): string {
  return json(String(value));
}

/** A POSIX shell word, single-quoted. */
export function shell(value: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A Postgres identifier, double-quoted. */
export function sqlIdent(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** A SQL string literal: `'it''s'`. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Text safe inside a one-line comment of any format (no line breaks, no comment closers). */
export function commentText(value: string): string {
  if (!COMMENT_UNSAFE.test(value)) return value;
  return value
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/-->/g, '-- >')
    .replace(/\*\//g, '* /');
}

/** What commentText rewrites: line breaks and comment closers. */
const COMMENT_UNSAFE = /[\r\n\u2028\u2029]|-->|\*\//;

/** Text safe in Markdown prose: no HTML, no accidental formatting, one line. */
export function md(value: string): string {
  const text = commentText(value);
  if (!MD_SPECIAL.test(text)) return text;
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

/** Characters md escapes. */
const MD_SPECIAL = /[\\`*_[\]<>|#]/;

/** Inline Markdown code, with a fence longer than any backtick run inside. */
export function mdCode(value: string): string {
  const v = commentText(value);
  const longest = Math.max(0, ...(v.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return v.startsWith('`') || v.endsWith('`') ? `${fence} ${v} ${fence}` : `${fence}${v}${fence}`;
}

/** A Makefile-safe shell word: shell-quoted, with `$` doubled for make. */
export function make(value: string): string {
  return shell(value).replace(/\$/g, '$$$$');
}

/**
 * A whole YAML document in block style: mappings and sequences nested by indentation, every
 * scalar through `yaml()` (strings double-quoted), keys written plainly when they are safe.
 * Undefined values are left out, so a model can carry optional fields.
 */
export function yamlBlock(value: unknown, indent = 0): string {
  const out: string[] = [];
  writeBlock(value, indent, ' '.repeat(indent), out);
  return out.join('');
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const RESERVED_KEY = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

function yamlKey(k: string): string {
  return PLAIN_KEY.test(k) && !RESERVED_KEY.test(k) ? k : yaml(k);
}

/** A mapping or sequence with no entries to write (a mapping whose values are all undefined). */
function isEmptyBlock(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (!isPlainObject(v)) return false;
  for (const k in v) if (Object.hasOwn(v, k) && v[k] !== undefined) return false;
  return true;
}

/**
 * Writes `value` at `indent` into `out`; `lead` stands in for the indentation of the first line
 * only (a sequence item's `- ` in front of its first entry). Appending to one list keeps a deep
 * document linear: no level copies what the levels below it wrote.
 */
function writeBlock(value: unknown, indent: number, lead: string, out: string[]): void {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push(`${lead}[]\n`);
      return;
    }
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const prefix = `${i === 0 ? lead : pad}- `;
      if ((Array.isArray(item) || isPlainObject(item)) && !isEmptyBlock(item)) writeBlock(item, indent + 2, prefix, out);
      else out.push(`${prefix}${scalarOrEmpty(item)}\n`);
    }
    return;
  }
  if (isPlainObject(value)) {
    let first = true;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const start = first ? lead : pad;
      first = false;
      if ((Array.isArray(v) || isPlainObject(v)) && !isEmptyBlock(v)) {
        out.push(`${start}${yamlKey(k)}:\n`);
        writeBlock(v, indent + 2, ' '.repeat(indent + 2), out);
      } else out.push(`${start}${yamlKey(k)}: ${scalarOrEmpty(v)}\n`);
    }
    if (first) out.push(`${lead}{}\n`);
    return;
  }
  out.push(`${lead}${yaml(value)}\n`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalarOrEmpty(v: unknown): string {
  if (Array.isArray(v)) return '[]';
  if (isPlainObject(v)) return '{}';
  return yaml(v);
}
