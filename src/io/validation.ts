/** Turns schema failures into one clear user error: which file or flag, which field, what is expected. */
import type { z } from 'zod';
import { UserError } from '../errors.js';

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** Words a zod issue for a person: the expected value, and what was found where zod says. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return `missing; expected ${issue.expected}`;
  const m = issue.message.replace(/^Invalid input: /, '');
  if (issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'invalid_format' || issue.code === 'custom') {
    return /^(expected|must)/i.test(m) ? m : `expected ${m}`;
  }
  return m;
}

/**
 * A UserError listing every issue (first five). `origin` names each field's source: a flag
 * (`--egress-gb`) or a file (`answers.yaml: egressGb`).
 */
export function schemaError(
  what: string,
  error: z.ZodError,
  origin: (path: readonly PropertyKey[]) => string,
  hint?: string,
): UserError {
  const lines = error.issues.slice(0, 5).map((issue) => `  ${origin(issue.path)}: ${describeIssue(issue)}`);
  if (error.issues.length > 5) lines.push(`  (${error.issues.length - 5} more)`);
  return new UserError(`${what}\n${lines.join('\n')}`, hint === undefined ? {} : { hint });
}
