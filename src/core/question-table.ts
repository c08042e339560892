/**
 * The wizard's questions as data, one row each: its id, the answers field it sets, its name in
 * the "change an answer" list, the default the answers schema gives that field, and the flags
 * that set the same field without a prompt, with their help. The flag parser (src/args.ts) takes
 * these flags from here, the answers schema (src/core/answers.ts) these defaults, and the wizard
 * (src/ui/wizard/questions.ts) adds to each row how it is asked (prompt, options, validation,
 * when). No zod here: the flag parser is on the start-up path.
 */
import { AUTH_PROVIDERS, CLIENT_DISTRIBUTIONS, DB_LAYOUTS, REGIONS, TIERS } from '../answer-values.js';

/** The flag kinds a question's flags use (a subset of the parser's). */
export type QuestionFlagKind = 'boolean' | 'string' | 'number' | 'choice' | 'users' | 'names' | 'repeat' | 'services';

/** A flag that sets a question's field (or, with `answer`, a field beside it). */
export interface QuestionFlag {
  name: string;
  kind: QuestionFlagKind;
  /** The answers field, when it is not the question's own (`--private` beside `--public`). */
  answer?: string;
  choices?: readonly string[];
  value?: string;
  help: string;
  /** The help of one command where it differs. */
  helpFor?: Readonly<Record<string, string>>;
  /** `--no-NAME`: sets the field to false. */
  negates?: boolean;
  /** The commands that take it (the parser's command names); absent: every command that takes answers. */
  commands?: readonly string[];
}

/** One question of the table. */
export interface QuestionRow {
  id: string;
  /** The answers field it sets (the source question sets one of two: `keys`). */
  key: string;
  label: string;
  /** The schema's default for the field; absent: the field has none (or it depends on the stack). */
  default?: unknown;
  /** The flags that set the field, in help order; the first that does not negate is named in the review. */
  flags: readonly QuestionFlag[];
}

/** Every question, "what to deploy" first, then in the order asked. */
export const QUESTION_TABLE = [
  {
    id: 'source',
    key: 'compose',
    keys: ['compose', 'services'],
    label: 'What to deploy',
    flags: [
      {
        name: 'services',
        kind: 'services',
        answer: 'services',
        value: 'NAME:ROLE:MB,...',
        help: 'A custom stack instead of the built-in one: web:web:512,jobs:worker:256 (roles: api, proxy, observability, web, worker, other).',
      },
      { name: 'compose', kind: 'string', value: 'FILE', help: 'Start from this docker-compose file.' },
    ],
  },
  {
    id: 'tier',
    key: 'tier',
    label: 'Tier',
    default: 'single-user',
    flags: [
      {
        name: 'tier',
        kind: 'choice',
        choices: [...TIERS, 'all'],
        help: 'Deployment tier.',
        helpFor: { estimate: 'Deployment tier, or "all": compare the tiers.' },
      },
    ],
  },
  {
    id: 'phoenix',
    key: 'phoenix',
    label: 'Optional services',
    default: true,
    flags: [
      { name: 'no-phoenix', kind: 'boolean', negates: true, help: 'Leave out the optional Arize Phoenix service.' },
      { name: 'phoenix', kind: 'boolean', help: 'Keep the optional Arize Phoenix service (default).' },
    ],
  },
  {
    id: 'db',
    key: 'db',
    label: 'Databases',
    default: 'shared',
    flags: [{ name: 'db', kind: 'choice', choices: DB_LAYOUTS, help: 'One shared Postgres, or one per service that uses one.' }],
  },
  {
    id: 'exposure',
    key: 'public',
    label: 'Public services',
    default: [],
    flags: [
      {
        name: 'public',
        kind: 'names',
        value: 'NAME[,NAME]',
        help: 'Make these services public (default: those with a port that no other service calls; repeatable).',
      },
      {
        name: 'private',
        kind: 'names',
        answer: 'private',
        value: 'NAME[,NAME]',
        help: 'Keep these services private, reachable only by the other services (repeatable).',
      },
    ],
  },
  {
    id: 'release',
    key: 'release',
    label: 'Release commands',
    flags: [
      {
        name: 'release',
        kind: 'repeat',
        value: 'NAME=CMD',
        help: 'Run CMD once per deploy before NAME\'s new version takes traffic (migrations), such as --release api="alembic upgrade head"; NAME=none turns a detected one off (repeatable).',
      },
    ],
  },
  {
    id: 'region',
    key: 'region',
    label: 'Region',
    default: 'us-east',
    flags: [{ name: 'region', kind: 'choice', choices: REGIONS, help: 'Region (default us-east).' }],
  },
  {
    id: 'domain',
    key: 'domain',
    label: 'Custom domain',
    default: null,
    flags: [{ name: 'domain', kind: 'string', value: 'HOST', help: 'Custom domain, such as api.example.com.' }],
  },
  {
    id: 'hours',
    key: 'activeHours',
    label: 'Hours of use',
    flags: [
      {
        name: 'active-hours',
        kind: 'number',
        value: 'H',
        help: "Hours a day the stack is in use (0 < H <= 24): priced with each platform's idle rule; --service NAME:alwaysOn=true keeps one on.",
        commands: ['estimate', 'generate', 'wizard'],
      },
    ],
  },
  {
    id: 'alwaysOn',
    key: 'serviceOverrides',
    label: 'Always on',
    default: {},
    flags: [
      {
        name: 'service',
        kind: 'repeat',
        value: 'NAME:KEY=V,...',
        help: 'Resize one service: reasoning-api:instances=2,memoryMb=1024,vcpu=1, phoenix:dataGb=0.5, litellm:alwaysOn=true (with --active-hours); the database: postgres:memory=2048 (repeatable).',
      },
    ],
  },
  {
    id: 'users',
    key: 'users',
    label: 'Expected users',
    flags: [{ name: 'users', kind: 'users', value: 'N[,N...]', help: 'Monthly active users; a list prints the cost at each scale.' }],
  },
  {
    id: 'auth',
    key: 'auth',
    label: 'Auth provider',
    flags: [{ name: 'auth', kind: 'choice', choices: AUTH_PROVIDERS, help: 'Auth provider (multi-user default: clerk).' }],
  },
  {
    id: 'clients',
    key: 'clients',
    label: 'Client apps',
    default: 'none',
    flags: [{ name: 'clients', kind: 'choice', choices: CLIENT_DISTRIBUTIONS, help: 'Client distribution (multi-user).' }],
  },
] as const satisfies readonly (QuestionRow & { keys?: readonly string[] })[];

/** A row of the table. */
export type QuestionTableRow = (typeof QUESTION_TABLE)[number];
/** A question's id. */
export type QuestionId = QuestionTableRow['id'];

/** The row of a question. */
export function questionRow<I extends QuestionId>(id: I): Extract<QuestionTableRow, { id: I }> {
  return QUESTION_TABLE.find((r) => r.id === id) as Extract<QuestionTableRow, { id: I }>;
}

/** The default of a question's field, by id. */
type DefaultOf<I extends QuestionId> = Extract<QuestionTableRow, { id: I }> extends { default: infer D } ? D : never;

/** The default the table gives a question's field (the answers schema's default for it). */
export function questionDefault<I extends QuestionId>(id: I): DefaultOf<I> {
  return (questionRow(id) as { default?: unknown }).default as DefaultOf<I>;
}

/** The flag named in the review ("set by --phoenix"): the first that does not negate and sets the question's own field. */
export function mainFlag(row: QuestionRow): string {
  return row.flags.find((f: QuestionFlag) => !f.negates && f.answer === undefined)?.name ?? row.flags[0]!.name;
}
