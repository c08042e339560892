/** Answers file + flags → validated Answers. The file may be JSON or YAML; flags win. */
import { type Answers, type AnswersInput, AnswersSchema } from '../core/answers.js';
import { UserError } from '../errors.js';
import { formatPath, schemaError } from '../schema-errors.js';
import { parseDataFile } from './data-file.js';
import type { ReadFile } from './files.js';

interface AnswerSources {
  /** Answer fields set by flags. */
  flags: Partial<AnswersInput>;
  /** The flag that set each field. */
  answerFlags: Record<string, string>;
  /** Answers file path, if given. */
  file?: string | undefined;
  /** The command that runs, named in the hint: its --help lists the flags it takes (default estimate). */
  command?: string | undefined;
}

export async function readAnswersFile(path: string, readFile: ReadFile): Promise<Record<string, unknown>> {
  const data = await parseDataFile(path, readFile, 'answers');
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${path}: an answers file must be an object of answers, such as { "tier": "single-user" }.`);
  }
  return data as Record<string, unknown>;
}

/** Merges the answers file's contents (already read) and flags, validates once with the one schema. */
export function resolveAnswers(sources: AnswerSources, fromFile: Record<string, unknown> = {}): Answers {
  const merged: Record<string, unknown> = { ...fromFile, ...sources.flags };
  if (sources.flags.serviceOverrides && fromFile.serviceOverrides && typeof fromFile.serviceOverrides === 'object') {
    merged.serviceOverrides = { ...(fromFile.serviceOverrides as object), ...sources.flags.serviceOverrides };
  }
  if (sources.flags.release && fromFile.release && typeof fromFile.release === 'object') {
    merged.release = { ...(fromFile.release as object), ...sources.flags.release };
  }
  const result = AnswersSchema.safeParse(merged, { reportInput: true });
  if (result.success) return result.data;
  // A bad value typed on the command line is a usage mistake (2); one in the file is fixed in the file (1).
  const allFromFlags = result.error.issues.every((issue) => sources.answerFlags[String(issue.path[0] ?? '')] !== undefined);
  throw schemaError(
    sources.file ? `Invalid answers (${sources.file} and flags):` : 'Invalid value:',
    result.error,
    (path) => {
      const key = String(path[0] ?? '');
      const flag = sources.answerFlags[key];
      if (flag) return path.length > 1 ? `${flag} ${formatPath(path.slice(1))}` : flag;
      return sources.file ? `${sources.file}: ${formatPath(path) || '(top level)'}` : formatPath(path);
    },
    `Fix the value named above; "stackfare ${sources.command ?? 'estimate'} --help" lists the flags and their values.`,
    allFromFlags ? 2 : 1,
  );
}
