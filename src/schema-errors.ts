/** Turns schema failures into one clear user error: which file or flag, which field, what is expected. */
import type { $ZodError, $ZodIssue } from 'zod/v4/core';
import { UserError } from './errors.js';

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** "a number", "an object": the article a type name takes. */
function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** ", not 3": what was found, after what was expected (empty when nothing was: the input is absent). */
export function found(input: unknown): string {
  if (input === undefined) return '';
  if (input === null) return ', not null';
  if (Array.isArray(input)) return ', not a list';
  if (typeof input === 'string') return `, not ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)}`;
  if (typeof input === 'object') return ', not an object';
  return `, not ${String(input)}`;
}

/**
 * Words a zod issue for a person: what is expected, and what was found. Schemas give their own
 * wording for ranges and formats ("at least 128 MB"); the rest is built from the issue's fields.
 */
export function describeIssue(issue: $ZodIssue): string {
  const own = issue.message && issue.message !== 'Invalid input' ? issue.message : undefined;
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${found(input)}`;
    case 'invalid_type':
      return input === undefined && 'input' in issue ? `missing; expected ${article(issue.expected)}` : `expected ${article(issue.expected)}${found(input)}`;
    case 'too_small':
      return `expected ${own ?? `${issue.inclusive === false ? 'above' : 'at least'} ${String(issue.minimum)}`}${found(input)}`;
    case 'too_big':
      return `expected ${own ?? `at most ${String(issue.maximum)}`}${found(input)}`;
    case 'invalid_format':
      return `expected ${own ?? `a value matching ${issue.pattern ?? issue.format}`}${found(input)}`;
    case 'invalid_union':
      return `expected one of the allowed forms${found(input)}`;
    default:
      return own ?? 'an invalid value';
  }
}

/**
 * A UserError listing every issue (first five). `origin` names each field's source: a flag
 * (`--egress-gb`) or a file (`answers.yaml: egressGb`).
 */
export function schemaError(what: string, error: $ZodError, origin: (path: readonly PropertyKey[]) => string, hint?: string, exitCode: 1 | 2 = 1): UserError {
  const worded = onePerField(error.issues).map((issue) => ({ path: issue.path, text: describeIssue(issue) }));
  return wordedError(what, worded, origin, hint, exitCode);
}

/** The same error from issues already worded (a check written without a schema library). */
export function wordedError(
  what: string,
  issues: readonly { path: readonly PropertyKey[]; text: string }[],
  origin: (path: readonly PropertyKey[]) => string,
  hint?: string,
  exitCode: 1 | 2 = 1,
): UserError {
  const lines = issues.slice(0, 5).map((issue) => `  ${origin(issue.path)}: ${issue.text}`);
  if (issues.length > 5) lines.push(`  (${issues.length - 5} more)`);
  return new UserError(`${what}\n${lines.join('\n')}`, { exitCode, ...(hint === undefined ? {} : { hint }) });
}

/**
 * One issue per field: a huge number fails both the safe-integer check and the schema's own
 * limit, and two limits for one value read as a contradiction. The schema's own wording wins.
 */
export function onePerField(issues: readonly $ZodIssue[]): $ZodIssue[] {
  const byPath = new Map<string, $ZodIssue>();
  for (const issue of issues) {
    const key = JSON.stringify(issue.path.map(String));
    const seen = byPath.get(key);
    const own = issue.message !== '' && issue.message !== 'Invalid input' && !/^(Too|Invalid)/.test(issue.message);
    if (!seen || (own && /^(Too|Invalid)/.test(seen.message))) byPath.set(key, issue);
  }
  return [...byPath.values()];
}
