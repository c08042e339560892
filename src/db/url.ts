/**
 * PostgreSQL connection URLs, parsed with libpq's own rules (user and password before the first
 * `@`, `?user=` / `?password=` / `?host=` / `?port=` / `?dbname=` parameters that override the
 * URL's parts, percent-encoding everywhere) so stackfare connects where pg_dump would. The
 * password is kept apart: messages show `masked`, the tools get a conninfo without it.
 */
import { UsageError } from '../errors.js';

/** A parsed connection URL. `password` is the only secret; every other field may be shown. */
export interface PgUrl {
  host: string;
  port: number;
  database: string;
  user: string;
  /** The decoded password (never print it); undefined when the URL has none. */
  password: string | undefined;
  /** Every other connection parameter (sslmode, application_name, ...), decoded, secrets removed. */
  params: Readonly<Record<string, string>>;
  /** The URL rebuilt with each secret as `***`, every part percent-encoded (no space, no newline). */
  masked: string;
  /** Every form of every secret this URL carries, for redacting tools' messages. */
  secrets: readonly string[];
}

/** libpq parameters that hold secrets: masked in `masked`, never passed on a command line. */
const SECRET_PARAMS = new Set(['password', 'sslpassword']);
/** libpq's URL query parameters (its connection keywords; `ssl=true` is its JDBC-style alias of sslmode=require). */
const KNOWN_PARAMS = new Set([
  'host',
  'hostaddr',
  'port',
  'dbname',
  'user',
  'password',
  'passfile',
  'channel_binding',
  'connect_timeout',
  'client_encoding',
  'options',
  'application_name',
  'fallback_application_name',
  'keepalives',
  'keepalives_idle',
  'keepalives_interval',
  'keepalives_count',
  'tcp_user_timeout',
  'replication',
  'gssencmode',
  'sslmode',
  'sslcompression',
  'sslcert',
  'sslkey',
  'sslpassword',
  'sslrootcert',
  'sslcrl',
  'sslcrldir',
  'sslsni',
  'requirepeer',
  'ssl_min_protocol_version',
  'ssl_max_protocol_version',
  'krbsrvname',
  'gsslib',
  'service',
  'target_session_attrs',
  'load_balance_hosts',
  'ssl',
]);

/** Anything that could carry a password: `scheme://user:secret@`, `password=secret`. Used on free text (tools' messages). */
export function maskUrl(text: string): string {
  // Greedy to the token's last @: an unencoded @ inside the password is masked with the rest of it.
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)(\S*)@/gi, (_m, a: string, pw: string) => (pw === '' ? `${a}@` : `${a}***@`))
    .replace(/\b((?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'|[^&\s]+)/gi, '$1***');
}

/** `text` with every secret of `urls` (decoded and as written) replaced by `***`, then {@link maskUrl}. */
export function redact(text: string, urls: readonly PgUrl[]): string {
  let out = text;
  const secrets = urls
    .flatMap((u) => u.secrets)
    .filter((s) => s.length > 0)
    .sort((a, b) => b.length - a.length);
  for (const s of secrets) out = out.split(s).join('***');
  return maskUrl(out);
}

/** Decodes %XX as libpq does: a bad escape or %00 is an error naming its position (never its text). */
function decode(part: string, offset: number, fail: (why: string, fix?: string) => never): string {
  if (!part.includes('%')) return part;
  const bytes: number[] = [];
  for (let i = 0; i < part.length; i += 1) {
    const ch = part[i]!;
    if (ch !== '%') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const hex = part.slice(i + 1, i + 3);
    if (!/^[0-9a-f]{2}$/i.test(hex)) fail(`a "%" at character ${offset + i + 1} is not followed by two hex digits`, 'Write a literal % as %25.');
    if (hex === '00') fail(`"%00" at character ${offset + i + 1} is not allowed`);
    bytes.push(parseInt(hex, 16));
    i += 2;
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The URL's parts as libpq splits them, with the character offset of each (for errors). */
interface RawParts {
  user?: [string, number];
  password?: [string, number];
  host: [string, number];
  port?: [string, number];
  database?: [string, number];
  query?: [string, number];
}

/** Splits after the scheme exactly as libpq's conninfo_uri_parse_options does. */
function split(raw: string, start: number, fail: (why: string, fix?: string) => never): RawParts {
  const parts: Partial<RawParts> = {};
  let p = start;
  const at = raw.slice(start).search(/[@/]/);
  if (at >= 0 && raw[start + at] === '@') {
    const userspec = raw.slice(start, start + at);
    const colon = userspec.indexOf(':');
    parts.user = [colon < 0 ? userspec : userspec.slice(0, colon), start];
    if (colon >= 0) parts.password = [userspec.slice(colon + 1), start + colon + 1];
    p = start + at + 1;
  }
  const hostEnd = raw.slice(p).search(/[/?]/);
  const hostspec = hostEnd < 0 ? raw.slice(p) : raw.slice(p, p + hostEnd);
  // libpq would take what follows a second @ as the host name, and print it: a password's tail.
  const second = hostspec.indexOf('@');
  if (second >= 0)
    fail(
      `an unencoded "@" at characters ${p} and ${p + second + 1}: a URL has one @, between the password and the host`,
      'Write each @ inside the user name or password as %40 (and : as %3A, / as %2F).',
    );
  const hostStart = p;
  p += hostspec.length;
  let host = hostspec;
  let port: string | undefined;
  const bracket = hostspec.startsWith('[') ? hostspec.indexOf(']') : -1;
  const colon = hostspec.indexOf(':', bracket + 1);
  if (colon >= 0) {
    host = hostspec.slice(0, colon);
    port = hostspec.slice(colon + 1);
    parts.port = [port, hostStart + colon + 1];
  }
  parts.host = [host.replace(/^\[(.*)\]$/, '$1'), hostStart];
  if (raw[p] === '/') {
    const q = raw.indexOf('?', p);
    parts.database = [q < 0 ? raw.slice(p + 1) : raw.slice(p + 1, q), p + 1];
    p = q < 0 ? raw.length : q;
  }
  if (raw[p] === '?') parts.query = [raw.slice(p + 1), p + 1];
  // A / inside an unencoded password makes libpq read the password's tail as the database: an @ there is that tail.
  const dbAt = parts.database?.[0].indexOf('@') ?? -1;
  if (dbAt >= 0 && !parts.user)
    fail(
      `an unencoded "@" at character ${parts.database![1] + dbAt + 1}, after a "/": the password seems to hold a / or @`,
      'Write / inside the password as %2F and @ as %40.',
    );
  return parts as RawParts;
}

/** The query's key=value pairs, decoded; an unknown key is an error (libpq refuses it too). */
function queryParams(query: [string, number] | undefined, fail: (why: string, fix?: string) => never): Map<string, [string, number]> {
  const out = new Map<string, [string, number]>();
  if (!query || query[0] === '') return out;
  let offset = query[1];
  for (const pair of query[0].split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) fail(`the parameter at character ${offset + 1} has no "name=value" form`);
    const key = decode(pair.slice(0, eq), offset, fail);
    const shownKey = /^[a-z_]{1,40}$/i.test(key) ? `"${key}"` : `at character ${offset + 1}`;
    if (!KNOWN_PARAMS.has(key))
      fail(`unknown parameter ${shownKey} (libpq does not know it)`, 'Check its spelling: see "Parameter Key Words" in the PostgreSQL documentation.');
    const value = decode(pair.slice(eq + 1), offset + eq + 1, fail);
    // libpq's JDBC-style alias: ssl=true is sslmode=require.
    if (key === 'ssl') {
      if (value !== 'true') fail('"ssl" takes only "true" (libpq\'s alias of sslmode=require)');
      out.set('sslmode', ['require', offset + eq + 1]);
    } else out.set(key, [value, offset + eq + 1]);
    offset += pair.length + 1;
  }
  return out;
}

/** Percent-encodes a part for `masked`: printable, one line, and parsable again. */
function enc(s: string): string {
  return encodeURIComponent(s).replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

/** Parses a postgres:// URL with libpq's rules; `flag` names where it came from in the error. Errors never hold the URL's text. */
export function parsePgUrl(raw: string, flag: string): PgUrl {
  const example = `For example: ${flag} postgresql://USER:PASSWORD@HOST:5432/DATABASE`;
  const fail = (why: string, fix?: string): never => {
    throw new UsageError(`${flag}: the URL is not valid: ${why}.`, fix ? `${fix} ${example}` : example);
  };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  if (!scheme) fail('it does not start with postgresql://');
  if (!/^postgres(ql)?$/i.test(scheme![1]!)) fail(`it is not a PostgreSQL URL (it starts with ${scheme![1]!.slice(0, 20)}://)`);
  const parts = split(raw, scheme![0].length, fail);
  const params = queryParams(parts.query, fail);
  const pick = (key: string, part: [string, number] | undefined) => {
    const fromQuery = params.get(key);
    if (fromQuery) return fromQuery[0];
    return part ? decode(part[0], part[1], fail) : undefined;
  };
  const password = pick('password', parts.password);
  const host = pick('host', parts.host) ?? '';
  const portText = pick('port', parts.port) || '5432';
  const database = pick('dbname', parts.database) ?? '';
  const user = pick('user', parts.user) || 'postgres';
  if (/,/.test(host) || /,/.test(portText)) fail('it names several hosts; migrate-data and readiness read one server', 'Give the URL of the primary server.');
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535)
    fail(
      `the port${parts.port && !params.has('port') ? ` at character ${parts.port[1] + 1}` : ''} is not a number from 1 to 65535`,
      'If the password holds a : / @ ? or #, percent-encode it (%3A %2F %40 %3F %23).',
    );
  if (!host) fail('it names no host');
  if (!database) fail('it names no database (the part after the last /)');
  const rest: Record<string, string> = {};
  for (const [k, [v]] of params) if (!SECRET_PARAMS.has(k) && !['host', 'port', 'dbname', 'user'].includes(k)) rest[k] = v;
  const secrets = [...params].filter(([k]) => SECRET_PARAMS.has(k)).flatMap(([, [v]]) => [v, encodeURIComponent(v)]);
  if (password !== undefined) secrets.push(password, encodeURIComponent(password), parts.password?.[0] ?? '');
  const hostShown = host.startsWith('/') ? '' : host.includes(':') ? `[${host}]` : enc(host);
  const query = [
    ...(host.startsWith('/') ? [`host=${enc(host)}`] : []),
    ...Object.entries(rest).map(([k, v]) => `${k}=${enc(v)}`),
    ...[...params.keys()].filter((k) => SECRET_PARAMS.has(k)).map((k) => `${k}=***`),
  ];
  const masked = `postgresql://${enc(user)}${password !== undefined ? ':***' : ''}@${hostShown}:${portText}/${enc(database)}${query.length > 0 ? `?${query.join('&')}` : ''}`;
  return { host, port: Number(portText), database, user, password, params: rest, masked, secrets: [...new Set(secrets.filter(Boolean))] };
}

/** A libpq keyword=value conninfo for the tools' --dbname: every parameter but the secrets. */
export function conninfo(url: PgUrl): string {
  const q = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const pairs: [string, string][] = [
    ['host', url.host],
    ['port', String(url.port)],
    ['dbname', url.database],
    ['user', url.user],
    ...Object.entries(url.params),
  ];
  return pairs.map(([k, v]) => `${k}=${q(v)}`).join(' ');
}
