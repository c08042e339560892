/**
 * Answers from flags alone, without the answers schema, for the flags whose values need no more
 * checking than a choice, a yes/no or a text of a given length: `estimate --usage FILE` or
 * `--tier multi-user` then start as fast as a run with no flag (loading and building the zod
 * schema costs more than the whole estimate). Anything else (a number, a list of services, an
 * answers file, a value out of range) returns undefined and goes through the schema, which words
 * the errors. test/unit/quick-answers.test.ts checks that every value these fields take gives
 * exactly what the schema gives, alone and two by two.
 */
import { AUTH_PROVIDERS, CLIENT_DISTRIBUTIONS, DB_LAYOUTS, PLATFORM_IDS, POSTGRES_KINDS, REGIONS, TIERS } from '../answer-values.js';
import type { Answers } from './answers.js';

type FieldCheck = (value: unknown) => boolean;

const oneOf =
  (values: readonly string[]): FieldCheck =>
  (v) =>
    typeof v === 'string' && values.includes(v);
const text =
  (max: number): FieldCheck =>
  (v) =>
    typeof v === 'string' && v.length >= 1 && v.length <= max;

/** The fields, each with the whole of the schema's check on it (src/core/answers.ts). */
const QUICK_FIELDS: Readonly<Record<string, FieldCheck>> = {
  tier: oneOf(TIERS),
  platforms: (v) => Array.isArray(v) && v.length > 0 && v.every(oneOf(PLATFORM_IDS)),
  phoenix: (v) => typeof v === 'boolean',
  db: oneOf(DB_LAYOUTS),
  postgres: oneOf(POSTGRES_KINDS),
  region: oneOf(REGIONS),
  auth: oneOf(AUTH_PROVIDERS),
  clients: oneOf(CLIENT_DISTRIBUTIONS),
  name: text(200),
  usage: text(10_000),
};

/** The field names this path takes (for the test). */
export const QUICK_ANSWER_FIELDS: readonly string[] = Object.keys(QUICK_FIELDS);

/**
 * The defaults with these flag values over them, or undefined when any value needs the schema.
 * `defaults` is the schema's answer to `{}` (computed at build time), copied, never changed.
 */
export function quickAnswers(flags: Readonly<Record<string, unknown>>, defaults: Answers): Answers | undefined {
  for (const [key, value] of Object.entries(flags)) {
    if (!Object.hasOwn(QUICK_FIELDS, key) || !QUICK_FIELDS[key]!(value)) return undefined;
  }
  return { ...structuredClone(defaults), ...structuredClone(flags) } as Answers;
}
