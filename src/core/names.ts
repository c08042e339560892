/** Name rules shared by every platform, so one normalised name serves them all. */

/**
 * The strictest service-name rule among the platforms (DigitalOcean components:
 * `^[a-z][a-z0-9-]{0,30}[a-z0-9]$`), shortened by 4 so `-db` style suffixes still fit.
 */
const MAX_SLUG_LENGTH = 28;

/** Lower-case letters, digits and single hyphens; starts with a letter; at most `max` characters. */
export function slugify(input: string, max = MAX_SLUG_LENGTH): string {
  let s = input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(s)) s = `s-${s}`.replace(/-+$/, '');
  if (s.length > max) s = s.slice(0, max).replace(/-+$/, '');
  if (s.length < 2) s = `${s}x`.slice(0, max);
  return s;
}

/**
 * Hands out names unique among those it gave: a taken base gets `-2`, `-3`, ... within `max`.
 * Per base it remembers the suffix to try first (every smaller one was taken, and taken names stay
 * taken), so many names on one base cost one probe each instead of a walk from -2.
 */
export function uniqueNamer(max: number): (base: string) => string {
  const used = new Set<string>();
  const nextSuffix = new Map<string, number>();
  return (base) => {
    let candidate = base;
    if (used.has(candidate)) {
      let n = nextSuffix.get(base) ?? 2;
      for (; ; n += 1) {
        const suffix = `-${n}`;
        candidate = `${base.slice(0, max - suffix.length).replace(/-+$/, '')}${suffix}`;
        if (!used.has(candidate)) break;
      }
      nextSuffix.set(base, n + 1);
    }
    used.add(candidate);
    return candidate;
  };
}

/** Makes every slug unique by adding `-2`, `-3`, ... within the length limit; a name already valid keeps its own. */
export function uniqueSlugs(inputs: readonly string[], max = MAX_SLUG_LENGTH): string[] {
  const claim = uniqueNamer(max);
  const slugs = inputs.map((input) => slugify(input, max));
  const out: (string | undefined)[] = inputs.map(() => undefined);
  // A name that is already a valid slug keeps it: claimed first, so the one that only normalises onto it is renamed.
  inputs.forEach((input, i) => {
    if (slugs[i] === input) out[i] = claim(input);
  });
  return slugs.map((slug, i) => out[i] ?? claim(slug));
}

/** A Postgres identifier (schema or database name) from a slug: `tools-api` → `tools_api`. */
export function sqlIdentifier(slug: string): string {
  const id = slug.replace(/-/g, '_').replace(/[^a-z0-9_]/g, '');
  return /^[a-z_]/.test(id) ? id.slice(0, 63) : `s_${id}`.slice(0, 63);
}

/**
 * The one rule for a service name typed in the wizard or given to --services: what Compose
 * accepts for a service (letters, digits, `.`, `_`, `-`, starting with a letter or digit), at
 * most 63 characters, and not a name already taken. Returns the problem, or undefined.
 */
export function serviceNameProblem(name: string, taken: readonly string[]): string | undefined {
  if (name === '') return 'a name, such as web';
  if (name.length > 63) return `at most 63 characters, not ${name.length}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    return `letters, digits, ".", "_" and "-", starting with a letter or digit, such as ${slugify(name) || 'web'}, not ${JSON.stringify(name)}`;
  }
  if (taken.includes(name)) return `a name not already used, not "${name}" twice`;
  return undefined;
}
