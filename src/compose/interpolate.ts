/**
 * Compose-spec variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`, nested defaults and the `$$` escape.
 * Unset variables become empty strings, as Compose does, and are recorded instead of failing:
 * an import should show everything it can, then say what was missing.
 */

/** Reads one variable; undefined means unset (an empty string is set). */
export type Lookup = (name: string) => string | undefined;

/** A `${VAR:?message}` or `${VAR?message}` whose variable was missing. */
export interface RequiredVariable {
  name: string;
  message: string;
}

/** What interpolating one string found. */
export interface Interpolated {
  value: string;
  /** Variables that were unset and had no default, in order of appearance. */
  unresolved: string[];
  required: RequiredVariable[];
  /** Variables read (set or not): lets callers redact secret values they brought in. */
  used: string[];
  /** Text that is not valid interpolation syntax (kept literally). */
  invalid: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Interpolates one string with the compose rules. Pure; never throws. */
export function interpolate(text: string, lookup: Lookup): Interpolated {
  const acc: Interpolated = { value: '', unresolved: [], required: [], used: [], invalid: [] };
  acc.value = expand(text, lookup, acc);
  return acc;
}

function expand(text: string, lookup: Lookup, acc: Interpolated): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '$') {
      out += c;
      i += 1;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      // `$$` is a literal dollar: the container's shell sees `$VAR`, not compose.
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const end = closingBrace(text, i + 2);
      if (end === -1) {
        acc.invalid.push(text.slice(i));
        out += text.slice(i);
        break;
      }
      out += braced(text.slice(i + 2, end), text.slice(i, end + 1), lookup, acc);
      i = end + 1;
      continue;
    }
    const m = NAME.exec(text.slice(i + 1));
    if (m) {
      out += plain(m[0], lookup, acc);
      i += 1 + m[0].length;
      continue;
    }
    // A lone `$` (such as `$1` or a trailing `$`) is kept as written.
    out += '$';
    i += 1;
  }
  return out;
}

/** Index of the `}` that closes a `${` whose body starts at `from`, counting nested `${`. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$') {
      i += 1;
    } else if (text[i] === '$' && text[i + 1] === '{') {
      depth += 1;
      i += 1;
    } else if (text[i] === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function plain(name: string, lookup: Lookup, acc: Interpolated): string {
  acc.used.push(name);
  const value = lookup(name);
  if (value === undefined) {
    acc.unresolved.push(name);
    return '';
  }
  return value;
}

function braced(body: string, whole: string, lookup: Lookup, acc: Interpolated): string {
  const m = NAME.exec(body);
  if (!m) {
    acc.invalid.push(whole);
    return whole;
  }
  const name = m[0];
  const rest = body.slice(name.length);
  if (rest === '') return plain(name, lookup, acc);
  const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[0];
  if (op === undefined) {
    acc.invalid.push(whole);
    return whole;
  }
  const arg = rest.slice(op.length);
  acc.used.push(name);
  const value = lookup(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (op) {
    case ':-':
      return nonEmpty ? value! : expand(arg, lookup, acc);
    case '-':
      return set ? value! : expand(arg, lookup, acc);
    case ':?':
    case '?': {
      const ok = op === ':?' ? nonEmpty : set;
      if (ok) return value!;
      acc.required.push({ name, message: expand(arg, lookup, acc) || `${name} is required` });
      acc.unresolved.push(name);
      return '';
    }
    case ':+':
      return nonEmpty ? expand(arg, lookup, acc) : '';
    default:
      return set ? expand(arg, lookup, acc) : '';
  }
}

/** Collects what interpolation found across many strings of one service or file. */
export class InterpolationLog {
  readonly unresolved = new Set<string>();
  readonly required = new Map<string, string>();
  readonly used = new Set<string>();
  readonly invalid = new Set<string>();

  add(result: Interpolated): void {
    for (const n of result.unresolved) this.unresolved.add(n);
    for (const r of result.required) if (!this.required.has(r.name)) this.required.set(r.name, r.message);
    for (const n of result.used) this.used.add(n);
    for (const t of result.invalid) this.invalid.add(t);
  }

  merge(other: InterpolationLog): void {
    for (const n of other.unresolved) this.unresolved.add(n);
    for (const [k, v] of other.required) if (!this.required.has(k)) this.required.set(k, v);
    for (const n of other.used) this.used.add(n);
    for (const t of other.invalid) this.invalid.add(t);
  }
}

/**
 * Interpolates every string value of a parsed YAML tree (keys are left alone, as Compose
 * does). `skip` names mapping keys at the top level of the tree to leave untouched.
 */
export function interpolateTree(value: unknown, lookup: Lookup, log: InterpolationLog, skip: ReadonlySet<string> = new Set()): unknown {
  if (typeof value === 'string') {
    const r = interpolate(value, lookup);
    log.add(r);
    return r.value;
  }
  if (Array.isArray(value)) return value.map((v) => interpolateTree(v, lookup, log));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = skip.has(k) ? v : interpolateTree(v, lookup, log);
    return out;
  }
  return value;
}
