/**
 * Dotenv parsing as Compose reads `.env` and `env_file`: comments, `export` prefixes, single
 * quotes (literal), double quotes (escapes, may span lines), inline ` #` comments on unquoted
 * values, and `${VAR}` interpolation from earlier lines and then the environment.
 */
import { interpolate, type Lookup } from './interpolate.js';

/** One `NAME=value` line (or `NAME` alone: the value comes from the environment). */
export interface DotenvEntry {
  name: string;
  /** Undefined for a bare `NAME` line. */
  value: string | undefined;
  line: number;
}

/** A parsed dotenv file. */
export interface DotenvResult {
  entries: DotenvEntry[];
  /** Variables referenced but unset. */
  unresolved: string[];
  /** Lines that are not `NAME=value`, by line number. */
  invalidLines: number[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Parses dotenv text; `lookup` resolves `${VAR}` not defined earlier in the file. */
export function parseDotenv(text: string, lookup: Lookup = () => undefined): DotenvResult {
  const entries: DotenvEntry[] = [];
  const unresolved: string[] = [];
  const invalidLines: number[] = [];
  const own = new Map<string, string>();
  const resolve: Lookup = (n) => (own.has(n) ? own.get(n) : lookup(n));
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (/^export\s+/.test(line)) line = line.replace(/^export\s+/, '');
    const eq = line.indexOf('=');
    if (eq === -1) {
      if (KEY.test(line)) entries.push({ name: line, value: undefined, line: lineNo });
      else invalidLines.push(lineNo);
      continue;
    }
    const name = line.slice(0, eq).trim();
    if (!KEY.test(name)) {
      invalidLines.push(lineNo);
      continue;
    }
    let raw = line.slice(eq + 1).trimStart();
    let value: string;
    if (raw.startsWith("'") || raw.startsWith('"')) {
      const quote = raw[0]!;
      // A quoted value may continue on the following lines until its closing quote.
      let body = raw.slice(1);
      let close = findClose(body, quote);
      while (close === -1 && i + 1 < lines.length) {
        i += 1;
        body += `\n${lines[i]!}`;
        close = findClose(body, quote);
      }
      if (close === -1) {
        invalidLines.push(lineNo);
        continue;
      }
      const inner = body.slice(0, close);
      if (quote === "'") {
        value = inner;
      } else {
        const r = interpolate(unescapeDouble(inner), resolve);
        unresolved.push(...r.unresolved);
        value = r.value;
      }
    } else {
      const hash = raw.search(/\s#/);
      if (hash !== -1) raw = raw.slice(0, hash);
      const r = interpolate(raw.trim(), resolve);
      unresolved.push(...r.unresolved);
      value = r.value;
    }
    own.set(name, value);
    entries.push({ name, value, line: lineNo });
  }
  return { entries, unresolved: [...new Set(unresolved)], invalidLines };
}

function findClose(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    if (quote === '"' && body[i] === '\\') {
      i += 1;
      continue;
    }
    if (body[i] === quote) return i;
  }
  return -1;
}

function unescapeDouble(s: string): string {
  return s.replace(/\\([nrt"\\$])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c === '$' ? '$$' : c));
}

/** The entries as a map (later lines win), skipping bare names. */
export function dotenvMap(result: DotenvResult): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of result.entries) if (e.value !== undefined) map.set(e.name, e.value);
  return map;
}
