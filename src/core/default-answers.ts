/**
 * The answers when none are given: `{}` through the one schema. In the built CLI
 * scripts/build.mjs replaces this module with the value it computed at build time (as it does the
 * price book), so a run without answers never loads the schema; from the sources it is computed
 * here, on first import.
 */
import { type Answers, AnswersSchema } from './answers.js';

export const DEFAULT_ANSWERS: Answers = AnswersSchema.parse({});
