/**
 * Which variables hold secrets, by name and by the shape of the value. A secret's literal
 * value is never carried into the stack: generated files must not contain it.
 */

/** Words that make a name secret wherever they appear (unless a descriptor follows). */
const STRONG = ['PASSWORD', 'PASSWD', 'SECRET', 'TOKEN', 'CREDENTIAL', 'PRIVATE', 'APIKEY', 'PASSPHRASE'];
/**
 * Short words that make a name secret only at its end (or before ID): `DB_PASS`, `ACCESS_KEY_ID`.
 * Never AUTH: `REQUIRE_AUTH`, `PHOENIX_ENABLE_AUTH` are settings, and emptying them breaks the program.
 */
const WEAK = new Set(['KEY', 'KEYS', 'PASS', 'PWD', 'DSN', 'SALT', 'CERT', 'COOKIE', 'SIGNATURE', 'HASH']);
/** A segment after the secret word that makes the variable describe it rather than hold it. */
const DESCRIPTORS = new Set([
  'FILE',
  'PATH',
  'DIR',
  'ENABLED',
  'ENABLE',
  'DISABLED',
  'LENGTH',
  'LEN',
  'TTL',
  'EXPIRY',
  'EXPIRE',
  'EXPIRES',
  'EXPIRATION',
  'TYPE',
  'HEADER',
  'ALGORITHM',
  'ALG',
  'SIZE',
  'COUNT',
  'LIMIT',
  'MODE',
  'PROVIDER',
  'MINUTES',
  'SECONDS',
  'HOURS',
  'DAYS',
  'NAME',
  'PREFIX',
  'FORMAT',
  'POLICY',
  'ISSUER',
  'AUDIENCE',
  'URL',
  'ENDPOINT',
  'REQUIRED',
  'MIN',
  'MAX',
]);
/** Segments before the word that make it a setting: `MAX_TOKENS`, `MIN_PASSWORD_LENGTH`. */
const QUANTIFIERS = new Set(['MAX', 'MIN', 'NUM', 'COUNT', 'LIMIT']);

/** Whether a variable name says it holds a secret (PASSWORD, SECRET, TOKEN, KEY, DSN...). */
export function isSecretName(name: string): boolean {
  const segments = name.toUpperCase().split(/_+/).filter(Boolean);
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const after = segments.slice(i + 1);
    const before = segments[i - 1];
    const strong = STRONG.some((w) => seg.includes(w)) && !/^TOKENI[SZ]/.test(seg);
    const weak =
      (WEAK.has(seg) && (after.length === 0 || (after.length === 1 && (after[0] === 'ID' || after[0] === 'BASE')))) ||
      // Run-together names such as DBPASS, REDISPASS, MYSQLPWD.
      (after.length === 0 && /.(PASS|PWD)$/.test(seg) && seg !== 'BYPASS');
    if (!strong && !weak) continue;
    if (after.some((a) => DESCRIPTORS.has(a))) continue;
    if (before !== undefined && QUANTIFIERS.has(before)) continue;
    return true;
  }
  return false;
}

/** A URL with a password in it: `postgres://user:pass@host/db`, `redis://:pass@redis:6379`. */
export function hasUrlCredentials(value: string): boolean {
  const u = parseUrlLoose(value);
  return u !== null && u.password !== '';
}

/** Whether a value looks secret on its own: credentials in a URL, a JWT, a PEM key, a provider key. */
export function isSecretValue(value: string): boolean {
  if (hasUrlCredentials(value)) return true;
  if (/^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./.test(value)) return true;
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value)) return true;
  if (/^(sk|rk|pk)-[A-Za-z0-9_-]{16,}$/.test(value) || /^(ghp|gho|ghs|github_pat|xox[abp])_[A-Za-z0-9_]{16,}$/.test(value)) return true;
  return isRandomString(value);
}

/**
 * A long random string: 32+ hex digits (`openssl rand -hex 32`), or 32+ characters of base64 /
 * base64url that mix upper case, lower case and digits. Words, paths, URLs and UUIDs are not.
 */
export function isRandomString(value: string): boolean {
  const v = value.trim();
  if (/^[0-9a-f]{32,}$/i.test(v) && /\d/.test(v) && /[a-f]/i.test(v)) return true;
  if (v.length >= 32 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && /[A-Z]/.test(v) && /[a-z]/.test(v) && /\d/.test(v) && !/[_-]{2}/.test(v)) {
    // Identifiers (snake_case or kebab-case words) mix classes too; random text has no long lower-case runs of words.
    const words = v.split(/[_-]/).filter((w) => /^[a-z]+$/i.test(w) && w.length >= 4);
    return words.length < 3;
  }
  return false;
}

/** The parts of a `scheme://user:pass@host:port/path` URL, read leniently (empty parts allowed). */
export interface LooseUrl {
  scheme: string;
  user: string;
  password: string;
  host: string;
  port: string;
  path: string;
}

/**
 * Parses a connection URL without the WHATWG URL class, which rejects the empty hosts and
 * ports that unset variables leave behind (`postgres://u:@:/db`).
 */
export function parseUrlLoose(value: string): LooseUrl | null {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?(\[[^\]]*\]|[^:/?#,]*)(?::(\d*))?([/?#].*)?$/.exec(value.trim());
  if (!m) return null;
  return { scheme: m[1]!.toLowerCase(), user: m[2] ?? '', password: m[3] ?? '', host: m[4] ?? '', port: m[5] ?? '', path: m[6] ?? '' };
}

/** Replaces known secret values inside free text (commands) with a `${NAME}` reference. */
export function redactSecrets(text: string, secrets: ReadonlyMap<string, string>): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  const values = [...secrets.keys()].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
  for (const v of values) if (out.includes(v)) out = out.split(v).join(`\${${secrets.get(v)!}}`);
  return out;
}
