/**
 * Value serialisers for every format stackfare writes. Templates never paste a raw value:
 * each goes through one of these, so quotes, newlines, `{{`, `$` or unicode in a name,
 * command or variable cannot break the file or inject into it.
 */

const hex4 = (c: number) => `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;

/** A double-quoted string with backslash escapes, escaping `extra` characters as \uXXXX. */
function quoted(s: string, escapeChar: (code: number) => boolean): string {
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
  return JSON.stringify(value).replace(/[\u2028\u2029]/g, (c) => hex4(c.charCodeAt(0)));
}

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
  return value.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/-->/g, '-- >').replace(/\*\//g, '* /');
}

/** Text safe in Markdown prose: no HTML, no accidental formatting, one line. */
export function md(value: string): string {
  return commentText(value).replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

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
  const pad = ' '.repeat(indent);
  const key = (k: string) => (/^[A-Za-z_][A-Za-z0-9_./-]*$/.test(k) && !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(k) ? k : yaml(k));
  const isEmpty = (v: unknown) => (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.values(v).every((x) => x === undefined));
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}[]\n`;
    return value
      .map((item) => {
        if ((Array.isArray(item) || isPlainObject(item)) && !isEmpty(item)) {
          const inner = yamlBlock(item, indent + 2);
          return `${pad}- ${inner.slice(indent + 2)}`;
        }
        return `${pad}- ${scalarOrEmpty(item)}\n`;
      })
      .join('');
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return `${pad}{}\n`;
    return entries
      .map(([k, v]) => ((Array.isArray(v) || isPlainObject(v)) && !isEmpty(v) ? `${pad}${key(k)}:\n${yamlBlock(v, indent + 2)}` : `${pad}${key(k)}: ${scalarOrEmpty(v)}\n`))
      .join('');
  }
  return `${pad}${yaml(value)}\n`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalarOrEmpty(v: unknown): string {
  if (Array.isArray(v)) return '[]';
  if (isPlainObject(v)) return '{}';
  return yaml(v);
}
