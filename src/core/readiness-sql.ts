/**
 * SQL text that stays what it says whatever the catalog holds: identifiers always quoted,
 * literals that read the same under either standard_conforming_strings, comments that no
 * character of a name can end, and generated names unique and within PostgreSQL's 63 bytes.
 */

/** PostgreSQL's NAMEDATALEN - 1: longer names are cut by the server, so two could become one. */
const MAX_NAME_BYTES = 63;

/** SQL identifier, always quoted: no list of reserved words to keep up to date (`case`, `user`...). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** schema.name, both quoted. */
export function qualified(t: { schema: string; name: string }): string {
  return `${ident(t.schema)}.${ident(t.name)}`;
}

/**
 * String literal that reads the same whatever standard_conforming_strings says: '...' when the
 * text holds no backslash, otherwise E'...' with backslashes doubled.
 */
export function literal(s: string): string {
  const quoted = s.replace(/'/g, "''");
  return s.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/**
 * Text made safe for one `--` comment line and for a terminal: a newline, carriage return, any
 * other control character or line separator becomes a visible escape, and `*∕` cannot close a
 * block comment an editor or tool might wrap it in.
 */
export function oneLine(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`)
    .replace(/\*\//g, '*\\/');
}

/** One `--` comment line. */
export function comment(text: string): string {
  return `-- ${oneLine(text)}`;
}

/** A name cut to at most `max` UTF-8 bytes, never inside a character. */
export function truncateBytes(name: string, max = MAX_NAME_BYTES): string {
  let out = '';
  let bytes = 0;
  for (const ch of name) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (bytes + b > max) break;
    out += ch;
    bytes += b;
  }
  return out;
}

/**
 * Allocates names in one namespace (a schema's relations, a table's policies or constraints):
 * the base when free, otherwise the base cut to leave room for `_2`, `_3`... Each name handed
 * out is taken, so two tables whose names differ only in case or past byte 63 still get two.
 */
export class NameSpace {
  private readonly taken: Set<string>;

  constructor(taken: Iterable<string>) {
    this.taken = new Set(taken);
  }

  /** A free name from the parts joined by `_`, control characters replaced, at most 63 bytes. */
  take(...parts: string[]): string {
    // eslint-disable-next-line no-control-regex
    const base = truncateBytes(parts.join('_').replace(/[\u0000-\u001f\u007f-\u009f]/g, '_'));
    let name = base;
    for (let n = 2; this.taken.has(name); n += 1) {
      const suffix = `_${n}`;
      name = truncateBytes(base, MAX_NAME_BYTES - suffix.length) + suffix;
    }
    this.taken.add(name);
    return name;
  }

  /** Marks a name as in use (an existing object this file reuses). */
  use(name: string): void {
    this.taken.add(name);
  }
}

/**
 * A DO block as one statement, its body dollar-quoted with a tag the body does not contain (the
 * body holds names, and a name could hold `$$`).
 */
export function doBlock(body: string): string {
  let tag = '$stackfare$';
  for (let n = 2; body.includes(tag); n += 1) tag = `$stackfare${n}$`;
  return `DO ${tag} ${body} ${tag};`;
}
