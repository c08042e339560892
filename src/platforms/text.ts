/**
 * Small readers the platforms share, with no dependencies: a value read as an address (URL,
 * host:port, host), shell words of a command line, and the command lines of a Markdown file.
 */

/** A value that names a host: a URL, `host:port` or a bare host. */
export interface Address {
  scheme?: string;
  host: string;
  port?: number;
}

/** Reads a value as a URL (`scheme://host[:port][/path]`), `host:port` or a bare host name; null for anything else. */
export function parseAddress(value: string): Address | null {
  const url = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?([^/:?#[\]]+|\[[^\]]+\])(?::(\d+))?(?:[/?#].*)?$/i.exec(value);
  if (url) return { scheme: url[1]!.toLowerCase(), host: url[2]!, ...(url[3] ? { port: Number(url[3]) } : {}) };
  const hostPort = /^([a-z0-9][a-z0-9.-]*):(\d+)$/i.exec(value);
  if (hostPort) return { host: hostPort[1]!, port: Number(hostPort[2]) };
  if (/^[a-z0-9][a-z0-9.-]*$/i.test(value)) return { host: value };
  return null;
}

/** The default port of a URL scheme when the URL names none. */
export function defaultPort(scheme: string | undefined): number | undefined {
  if (scheme === 'http' || scheme === 'ws') return 80;
  if (scheme === 'https' || scheme === 'wss') return 443;
  return undefined;
}

/** Shell words of one command line (single and double quotes, `"$VAR"` kept as text); stops at a comment. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      cur += line.slice(i + 1, end < 0 ? undefined : end);
      has = true;
      i = end < 0 ? line.length : end;
    } else if (c === '"') {
      const end = line.indexOf('"', i + 1);
      cur += line.slice(i + 1, end < 0 ? undefined : end);
      has = true;
      i = end < 0 ? line.length : end;
    } else if (c === '#' && !has) {
      break;
    } else if (/\s/.test(c)) {
      if (has) words.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) words.push(cur);
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

