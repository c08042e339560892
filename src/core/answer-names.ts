/**
 * The service names an answer gives (`public`, `private`, `serviceOverrides`) checked against the
 * stack before anything is priced: a name the stack does not have, or one service named both
 * public and private, is a mistake to fix, never a warning among the line items.
 */
import type { Answers } from './answers.js';
import type { StackSource } from './stack.js';

/** One name that does not fit the stack. */
interface NameProblem {
  field: 'public' | 'private' | 'serviceOverrides' | 'release';
  name: string;
  /** What is wrong, without saying where the name came from (a flag or a file). */
  problem: string;
  /** The names that would be accepted. */
  valid: string[];
}

/** Every problem with the names the answers give, in field order. */
export function nameProblems(answers: Answers, source: StackSource): NameProblem[] {
  const kept = source.services.filter((s) => answers.phoenix || !s.optional);
  const names = kept.map((s) => s.name);
  const leftOut = new Set(source.services.filter((s) => !kept.includes(s)).map((s) => s.name));
  const databases = ['postgres', ...(source.postgres ?? []).map((p) => p.name)];
  const problems: NameProblem[] = [];
  const check = (field: NameProblem['field'], list: readonly string[], valid: string[]) => {
    for (const name of list) {
      if (valid.includes(name)) continue;
      const problem = leftOut.has(name)
        ? `names "${name}", which is left out of this stack (--no-phoenix)`
        : `names "${name}", which is not a service of this stack`;
      problems.push({ field, name, problem, valid });
    }
  };
  check('public', answers.public, names);
  check('private', answers.private, names);
  check('serviceOverrides', Object.keys(answers.serviceOverrides), [...names, ...databases.filter((d) => !names.includes(d))]);
  check('release', Object.keys(answers.release ?? {}), names);
  for (const name of answers.public.filter((n) => answers.private.includes(n) && names.includes(n))) {
    problems.push({ field: 'private', name, problem: `names "${name}", which public also names: a service is either public or private`, valid: names });
  }
  return problems;
}
