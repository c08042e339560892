/**
 * PostgreSQL connection URLs: parsed for the messages (host, port, database) and shown with
 * the password masked, everywhere, errors included.
 */
import { UsageError } from '../errors.js';

/** The parts of a connection URL the messages need. */
export interface PgUrl {
  /** The URL as given (holds the password: never print it). */
  raw: string;
  host: string;
  port: number;
  database: string;
  user: string;
  /** The URL with the password replaced by ***. */
  masked: string;
}

/** The URL with any password replaced by `***` (also inside a longer text). */
export function maskUrl(text: string): string {
  // Any scheme: a mistyped mysql:// or http:// URL carries a password just the same.
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@\s]*)(@)/gi, (_m, a: string, pw: string, b: string) => (pw === '' ? `${a}${b}` : `${a}***${b}`));
}

/** Parses a postgres:// URL; `flag` names where it came from in the error. */
export function parsePgUrl(raw: string, flag: string): PgUrl {
  const example = `For example: ${flag} postgresql://USER:PASSWORD@HOST:5432/DATABASE`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${flag}: "${maskUrl(raw)}" is not a URL.`, example);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new UsageError(`${flag}: "${maskUrl(raw)}" is not a PostgreSQL URL (it starts with ${url.protocol}//).`, example);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!url.hostname) throw new UsageError(`${flag}: "${maskUrl(raw)}" names no host.`, example);
  if (!database) throw new UsageError(`${flag}: "${maskUrl(raw)}" names no database (the part after the last /).`, example);
  return {
    raw,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 5432,
    database,
    user: decodeURIComponent(url.username) || 'postgres',
    masked: maskUrl(raw),
  };
}
