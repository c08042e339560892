/**
 * Judges existing row-level security by what it does, from the expressions PostgreSQL deparses
 * (pg_get_expr, pg_get_constraintdef). Conservative: only shapes that provably filter on the
 * user column count; anything else (`true`, an OR branch, a policy that never names the column,
 * a permissive policy beside a permissive `true` one) is reported as not isolating.
 */

interface Token {
  kind: 'word' | 'quoted' | 'string' | 'number' | 'op' | '(' | ')' | ',' | '.' | '[' | ']';
  /** Words lower-cased, quoted identifiers unescaped, strings unescaped. */
  value: string;
}

const WORD = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y;
const NUMBER = /[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?/y;
const OP = /[+\-*/<>=~!@#%^&|`?:]+/y;

/** Splits a deparsed expression into tokens (strings, quoted names and comments handled). */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const at = (re: RegExp) => {
    re.lastIndex = i;
    const m = re.exec(sql);
    return m ? m[0] : null;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) i += 1;
    else if (c === "'" || ((c === 'E' || c === 'e') && sql[i + 1] === "'")) i = readString(sql, i, out);
    else if (c === '"') i = readQuoted(sql, i, out);
    else if ('(),.[]'.includes(c)) {
      out.push({ kind: c as Token['kind'], value: c });
      i += 1;
    } else {
      const m = at(WORD) ?? at(NUMBER) ?? at(OP);
      if (!m) throw new Error(`cannot read the expression at ${i}`);
      out.push({
        kind: /^[0-9]/.test(m) ? 'number' : /^[+\-*/<>=~!@#%^&|`?:]/.test(m) ? 'op' : 'word',
        value: /^[+\-*/<>=~!@#%^&|`?:]/.test(m) ? m : m.toLowerCase(),
      });
      i += m.length;
    }
  }
  return out;
}

function readString(sql: string, start: number, out: Token[]): number {
  const escapes = sql[start] !== "'";
  let i = start + (escapes ? 2 : 1);
  let value = '';
  for (;;) {
    if (i >= sql.length) throw new Error('unterminated string');
    const c = sql[i]!;
    if (escapes && c === '\\') {
      value += sql[i + 1] ?? '';
      i += 2;
    } else if (c === "'" && sql[i + 1] === "'") {
      value += "'";
      i += 2;
    } else if (c === "'") break;
    else {
      value += c;
      i += 1;
    }
  }
  out.push({ kind: 'string', value });
  return i + 1;
}

function readQuoted(sql: string, start: number, out: Token[]): number {
  let i = start + 1;
  let value = '';
  for (;;) {
    if (i >= sql.length) throw new Error('unterminated identifier');
    if (sql[i] === '"' && sql[i + 1] === '"') {
      value += '"';
      i += 2;
    } else if (sql[i] === '"') break;
    else {
      value += sql[i];
      i += 1;
    }
  }
  out.push({ kind: 'quoted', value });
  return i + 1;
}

/** Index of the parenthesis closing the one at `open`. */
function closing(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    const k = tokens[i]!.kind;
    if (k === '(' || k === '[') depth += 1;
    else if (k === ')' || k === ']') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Drops parentheses wrapping the whole expression, and a trailing `::type` cast. */
function strip(tokens: Token[]): Token[] {
  let t = tokens;
  for (;;) {
    if (t.length >= 2 && t[0]!.kind === '(' && closing(t, 0) === t.length - 1) t = t.slice(1, -1);
    else return t;
  }
}

/** Splits at the word (and / or) outside every parenthesis. */
function splitTop(tokens: Token[], word: 'and' | 'or'): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const tok of tokens) {
    if (tok.kind === '(' || tok.kind === '[') depth += 1;
    if (tok.kind === ')' || tok.kind === ']') depth -= 1;
    if (depth === 0 && tok.kind === 'word' && tok.value === word) parts.push([]);
    else parts.at(-1)!.push(tok);
  }
  return parts;
}

/** A reference to the column: `col`, `"col"`, or qualified by its table (`t.col`, `s.t.col`). */
function isColumn(tokens: Token[], column: string): boolean {
  const t = strip(tokens);
  const last = t.at(-1);
  if (!last || (last.kind !== 'word' && last.kind !== 'quoted') || last.value !== column) return false;
  // Only name.name.column shapes before it.
  return t.every((tok, n) => (n % 2 === 1 ? tok.kind === '.' : tok.kind === 'word' || tok.kind === 'quoted'));
}

/** Whether the tokens name the column anywhere (quoted or not). */
function mentions(tokens: Token[], name: string): boolean {
  return tokens.some((t) => (t.kind === 'word' || t.kind === 'quoted') && t.value === name);
}

/**
 * A value that comes from the session and not from the row: it calls a function
 * (current_setting, auth.uid()...) or reads current_user / session_user, and never names the
 * user column (`coalesce(setting, user_id)` would match every row).
 */
function isSessionValue(tokens: Token[], column: string): boolean {
  if (mentions(tokens, column)) return false;
  const calls = tokens.some((t, n) => t.kind === 'word' && tokens[n + 1]?.kind === '(');
  const session = tokens.some((t) => t.kind === 'word' && (t.value === 'current_user' || t.value === 'session_user'));
  return calls || session;
}

/** `col = <session value>` (either side), with no OR inside. */
function isUserEquality(tokens: Token[], column: string): boolean {
  const t = strip(tokens);
  if (t.some((tok) => tok.kind === 'word' && tok.value === 'or')) return false;
  let depth = 0;
  for (let n = 0; n < t.length; n += 1) {
    const k = t[n]!.kind;
    if (k === '(' || k === '[') depth += 1;
    if (k === ')' || k === ']') depth -= 1;
    if (depth === 0 && k === 'op' && t[n]!.value === '=') {
      const left = t.slice(0, n);
      const right = t.slice(n + 1);
      return (isColumn(left, column) && isSessionValue(right, column)) || (isColumn(right, column) && isSessionValue(left, column));
    }
  }
  return false;
}

/** `EXISTS (SELECT ... parent ... fk ...)` or `fk IN (SELECT ... parent ...)` with no OR anywhere. */
function isParentLookup(tokens: Token[], via: { parent: string; columns: string[] }): boolean {
  const t = strip(tokens);
  if (t.some((tok) => tok.kind === 'word' && tok.value === 'or')) return false;
  if (!mentions(t, via.parent) || !via.columns.every((c) => mentions(t, c))) return false;
  const exists = t[0]?.kind === 'word' && t[0].value === 'exists' && t[1]?.kind === '(' && closing(t, 1) === t.length - 1;
  const inIdx = t.findIndex((tok) => tok.kind === 'word' && tok.value === 'in');
  const inSub = inIdx > 0 && t[inIdx + 1]?.kind === '(' && t[inIdx + 2]?.value === 'select' && closing(t, inIdx + 1) === t.length - 1;
  return exists || inSub;
}

/** What makes a row the session user's: the user column, or the foreign key to an owned parent. */
export type Ownership = { column: string } | { parent: string; columns: string[] };

/** Whether an expression only lets through the session user's rows: one AND branch does, no OR branch escapes. */
export function expressionIsolates(expr: string | null, owner: Ownership): boolean {
  if (expr === null) return false;
  let tokens: Token[];
  try {
    tokens = strip(tokenize(expr));
  } catch {
    return false;
  }
  if (splitTop(tokens, 'or').length > 1) return false;
  return splitTop(tokens, 'and').some((part) => ('column' in owner ? isUserEquality(part, owner.column) : isParentLookup(part, owner)));
}

/** A CHECK constraint's definition that forbids NULL in the column: an AND branch is `col IS NOT NULL`, no OR around it. */
export function checkForbidsNull(definition: string, column: string): boolean {
  let tokens: Token[];
  try {
    tokens = tokenize(definition);
  } catch {
    return false;
  }
  if (tokens[0]?.value !== 'check' || tokens[1]?.kind !== '(') return false;
  const body = strip(tokens.slice(1, closing(tokens, 1) + 1));
  if (splitTop(body, 'or').length > 1) return false;
  return splitTop(body, 'and').some((part) => {
    const p = strip(part);
    const tail = p
      .slice(-3)
      .map((x) => x.value)
      .join(' ');
    return tail === 'is not null' && isColumn(p.slice(0, -3), column);
  });
}

/** One policy as the catalog gives it. */
export interface PolicyFacts {
  name: string;
  command: string;
  permissive?: boolean;
  roles?: string[];
  using: string | null;
  withCheck: string | null;
}

const COMMANDS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;

/** The expressions a policy applies to a command (INSERT checks new rows, UPDATE both). */
function expressionsFor(p: PolicyFacts, command: (typeof COMMANDS)[number]): (string | null)[] {
  const check = p.withCheck ?? p.using;
  if (command === 'INSERT') return [check];
  if (command === 'UPDATE') return [p.using, check];
  return [p.using];
}

/** The verdict on a table's policies. */
interface PolicyVerdict {
  /** Every command filtered to the session user's rows. */
  isolated: boolean;
  /** Permissive policies that let other rows through, with why. */
  leaking: { name: string; why: string }[];
}

/**
 * Permissive policies are OR-ed: one that lets every row through opens the table whatever the
 * others say. A restrictive policy for every role that isolates closes it again. A command with
 * no permissive policy shows nothing (safe, though not working).
 */
export function judgePolicies(policies: readonly PolicyFacts[], owner: Ownership): PolicyVerdict {
  const leaking: PolicyVerdict['leaking'] = [];
  let isolated = true;
  for (const command of COMMANDS) {
    const applies = policies.filter((p) => p.command === 'ALL' || p.command === command);
    const permissive = applies.filter((p) => p.permissive !== false);
    const restrictiveCloses = applies.some(
      (p) => p.permissive === false && (p.roles ?? ['public']).includes('public') && expressionsFor(p, command).every((e) => expressionIsolates(e, owner)),
    );
    const open = permissive.filter((p) => !expressionsFor(p, command).every((e) => expressionIsolates(e, owner)));
    if (permissive.length === 0 || (open.length > 0 && !restrictiveCloses)) isolated = false;
    if (!restrictiveCloses) {
      for (const p of open) {
        if (!leaking.some((l) => l.name === p.name)) leaking.push({ name: p.name, why: leakReason(p, command) });
      }
    }
  }
  return { isolated, leaking };
}

function leakReason(p: PolicyFacts, command: string): string {
  const expr = expressionsFor(p, command as (typeof COMMANDS)[number]).find((e) => e !== null) ?? null;
  const roles = (p.roles ?? ['public']).join(', ');
  return `${p.command} ${expr === null ? 'without an expression' : `(${expr})`} for ${roles} is permissive and does not limit ${command} to the session user's rows`;
}
