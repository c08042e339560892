/**
 * Small readers the platforms share, with no dependencies: a value read as an address (URL,
 * host:port, host), shell words of a command line, and the command lines of a Markdown file.
 */

import { parseAddress as parseFullAddress } from './address.js';

/** A value that names a host: a URL, `host:port` or a bare host. */
export interface Address {
  scheme?: string;
  host: string;
  port?: number;
}

/**
 * Reads a value as a URL (`scheme://host[:port][/path]`), `host:port` or a bare host name; null for
 * anything else. The same reader as the Railway and Render resolvers (./address.ts), in the
 * shorter shape the Fly and DigitalOcean resolvers use.
 */
export function parseAddress(value: string): Address | null {
  const a = parseFullAddress(value);
  if (!a) return null;
  // Without a scheme only host:port or a bare host name count (no user, no path).
  if (a.scheme === null && (a.userinfo !== null || a.path !== '' || !/^[a-z0-9][a-z0-9.-]*$/i.test(a.host))) return null;
  return { ...(a.scheme !== null ? { scheme: a.scheme.toLowerCase() } : {}), host: a.host, ...(a.port !== null ? { port: a.port } : {}) };
}

/** Variable names that hold a host. */
const HOST_VARIABLE = /(HOST|HOSTS|HOSTNAME|SERVER|SERVERS|ADDR|ADDRESS|SEEDS|ENDPOINT|URL|URI)$/i;

/**
 * Whether an address should be read as one: a word that is also a service's name is a host only
 * where the value reads as one (a URL, host:port), the variable is host-named, or the stack holds
 * the variable as a reference. `CLICKHOUSE_USER=clickhouse` is a user name, not a host.
 */
export function readsAsHost(addr: Address, variable: string, isReference: boolean): boolean {
  return addr.scheme !== undefined || addr.port !== undefined || HOST_VARIABLE.test(variable) || isReference;
}

/** The default port of a URL scheme when the URL names none. */
export function defaultPort(scheme: string | undefined): number | undefined {
  if (scheme === 'http' || scheme === 'ws') return 80;
  if (scheme === 'https' || scheme === 'wss') return 443;
  return undefined;
}

/**
 * Words of one command line as a POSIX shell splits them (single and double quotes, backslash
 * escapes, no expansion: `"$VAR"` stays text): compose commands, and the commands of DEPLOY.md,
 * where an unquoted `#` at the start of a word begins a comment.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[(i += 1)]!;
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '#' && !inWord) {
      break;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[(i += 1)]!;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The command lines of a Markdown file's fenced code blocks. */
export function codeLines(markdown: string): string[] {
  const out: string[] = [];
  let inBlock = false;
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('```')) {
      inBlock = !inBlock;
      continue;
    }
    if (inBlock && line !== '') out.push(line);
  }
  return out;
}

