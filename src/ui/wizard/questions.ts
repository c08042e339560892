/**
 * How the wizard asks each question of the table in src/core/question-table.ts (which gives each
 * its id, answers field, flags and default): the prompt, its options, its validation, when it is
 * asked. The wizard, the "change an answer" list and the replay command all read QUESTIONS, the
 * table's rows joined with these; the answers it collects end in `AnswersSchema.parse` like the
 * flags and the answers file.
 */
import { isDeepStrictEqual } from 'node:util';
import type { $ZodIssue } from 'zod/v4/core';
import {
  type Answers,
  type AnswersInput,
  AnswersSchema,
  AUTH_PROVIDERS,
  CLIENT_DISTRIBUTIONS,
  DB_LAYOUTS,
  REGIONS,
  SERVICE_ROLES,
  ServiceInputSchema,
  type ServiceOverride,
  type ServiceRole,
  TIERS,
} from '../../core/answers.js';
import { serviceNameProblem } from '../../core/names.js';
import { groupThousands as formatUsers } from '../../core/number-format.js';
import { mainFlag, QUESTION_TABLE, type QuestionId, questionRow } from '../../core/question-table.js';
import type { TierSummaryJson } from '../../core/report.js';
import { buildStack, DEFAULT_USERS, type StackSource, sourceFromAnswers } from '../../core/stack.js';
import type { PriceBook } from '../../pricing/price-book.js';
import { describeIssue, onePerField } from '../../schema-errors.js';
import { tierHint } from '../format.js';

/** Answers so far: from flags, the answers file and the prompts. Always valid input to the schema. */
export type Draft = Partial<AnswersInput>;

/** What a question can look at while it is asked. */
export interface AskContext {
  draft: Draft;
  /** The draft through the schema (every default filled in). */
  answers: Answers;
  book: PriceBook;
  /** The stack the draft describes now: built-in, custom or imported from a compose file. */
  source: StackSource;
  /** The tiers compared for this stack (for the tier hints); empty until estimated. */
  tiers: readonly TierSummaryJson[];
}

/** One option of a select question. */
export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

interface QuestionBase {
  /** Stable id, used by tests and the "change an answer" list (from the table). */
  id: string;
  /** The answers field this question sets (from the table). */
  key: keyof AnswersInput;
  /** The flag (from the table, in src/args.ts FLAGS) that sets the same field; `--no-` twins are found by answer. */
  flag: string;
  /** Name in the "change an answer" list (from the table). */
  label: string;
  message(ctx: AskContext): string;
  /** Asked only when this holds; absent: always. */
  when?(ctx: AskContext): boolean;
  /** What leaving the field out means for these answers (the schema's or the tier's default). */
  implicit(ctx: AskContext): unknown;
  /** The current answer in words, for the review list. */
  describe(value: unknown, ctx: AskContext): string;
  /** The current answer when it is not just the draft's field (absent: `draft[key]`, else implicit). */
  current?(ctx: AskContext): unknown;
  /** Writes an answer that spans more than its own field (absent: `draft[key] = value`). */
  set?(draft: Draft, value: unknown, ctx: AskContext): Draft;
}

/** Pick one option. */
export interface SelectQuestion extends QuestionBase {
  kind: 'select';
  options(ctx: AskContext): Choice[];
}

/** Yes or no. */
export interface ConfirmQuestion extends QuestionBase {
  kind: 'confirm';
}

/** One line of text, checked and parsed into the field's value. */
export interface TextQuestion extends QuestionBase {
  kind: 'text';
  /** Shown in the empty field. */
  placeholder(ctx: AskContext): string;
  /** An error message, or undefined when the text is acceptable. */
  validate(text: string, ctx: AskContext): string | undefined;
  /** Text → the field's value (empty text is the implicit value). */
  parse(text: string, ctx: AskContext): unknown;
  /** The field's value → text to edit. */
  format(value: unknown): string;
}

/** Any question of the table. */
export type Question = SelectQuestion | ConfirmQuestion | TextQuestion;

/** What a question adds to its row of the table: how it is asked. */
type QuestionHow = Question extends infer Q ? (Q extends Question ? Omit<Q, keyof TableFields> : never) : never;
type TableFields = Pick<QuestionBase, 'id' | 'key' | 'flag' | 'label'>;

/** The schema's default for a field (undefined when it has none). */
export function schemaDefault(key: keyof AnswersInput): unknown {
  const result = AnswersSchema.shape[key].safeParse(undefined);
  return result.success ? result.data : undefined;
}

/** A question's current value: the draft's, else what leaving it out means. */
export function currentValue(q: Question, ctx: AskContext): unknown {
  if (q.current) return q.current(ctx);
  const v = ctx.draft[q.key];
  return v === undefined ? q.implicit(ctx) : v;
}

/**
 * Sets a question's answer on a draft. An answer equal to what leaving the field out means is
 * left out, so the answers (and the replay command) hold only real choices.
 */
export function setAnswer(draft: Draft, q: Question, value: unknown, ctx: AskContext): Draft {
  if (q.set) return q.set(draft, value, ctx);
  const next: Draft = { ...draft };
  if (isDeepStrictEqual(value, q.implicit(ctx))) delete next[q.key];
  else (next as Record<string, unknown>)[q.key] = value;
  return next;
}

/** The first message of a schema error, for a prompt's validation line. */
/** The first problem, worded as the flag's error words it ("expected at least 128 MB, not 100"). */
function firstIssue(result: { success: boolean; error?: { issues: $ZodIssue[] } }): string | undefined {
  if (result.success) return undefined;
  const issue = onePerField(result.error?.issues ?? [])[0];
  return issue ? describeIssue(issue) : 'not a valid value';
}

const choiceLabel = (options: Choice[], value: unknown) => options.find((o) => o.value === value)?.label ?? String(value);

const REGION_HINTS: Record<(typeof REGIONS)[number], string> = {
  'us-east': 'closest to most of North America',
  'us-west': 'Pacific coast',
  'eu-west': 'UK and western Europe',
  'eu-central': 'central Europe',
};

const CLIENT_LABELS: Record<(typeof CLIENT_DISTRIBUTIONS)[number], [string, string]> = {
  none: ['No client apps', 'people call the API directly'],
  'github-releases': ['GitHub Releases', 'downloads from your repository; free'],
  'auto-update': ['Auto-updating desktop app', 'an update server to run'],
  web: ['Web app', 'served beside the API'],
  'mac-app-store': ['Mac App Store', 'Apple Developer Program fee'],
};

/** Services that keep a database, after optional ones are dropped. */
function databaseUsers(ctx: AskContext): number {
  return ctx.source.services.filter((s) => (ctx.answers.phoenix || !s.optional) && s.usesDatabase === true).length;
}

const optionalServices = (ctx: AskContext) => ctx.source.services.filter((s) => s.optional);

/** The stack's services with a port, public ones first, by the graph rule alone or with the overrides. */
function exposure(ctx: AskContext, overrides: boolean): { name: string; public: boolean }[] {
  const answers = overrides ? ctx.answers : { ...ctx.answers, public: [], private: [] };
  return buildStack(answers, ctx.source)
    .services.filter((s) => s.port !== undefined)
    .map((s) => ({ name: s.name, public: s.public }));
}

/** Release commands detected in the kept services' build contexts that the answers do not replace, by service name. */
function detectedReleases(ctx: AskContext): [string, { command: string; tool: string }][] {
  const kept = new Set(ctx.source.services.filter((s) => ctx.answers.phoenix || !s.optional).map((s) => s.name));
  return Object.entries(ctx.source.releases ?? {}).filter(([name]) => {
    const own = ctx.draft.release?.[name];
    return kept.has(name) && (own === undefined || own.trim().toLowerCase() === 'none');
  });
}

/** `a, b` → ['a', 'b'] (trimmed, no empties, no repeats). */
/** Names for a prompt line: the first few, then how many more (a stack of 3,000 services must not fill the screen). */
export function someNames(names: readonly string[], max = 8): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${(names.length - max).toLocaleString('en-US')} more`;
}

function nameList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}

/** How each question of the table (src/core/question-table.ts) is asked: one entry per row, by id. */
const HOW: { [I in Exclude<QuestionId, 'source'>]: QuestionHow } = {
  tier: {
    kind: 'select',
    message: () => 'Where and for whom will it run?',
    implicit: () => schemaDefault('tier'),
    options: (ctx) =>
      TIERS.map((t) => {
        const summary = ctx.tiers.find((s) => s.tier === t);
        return { value: t, label: ctx.book.tiers[t].label, hint: summary ? tierHint(summary) : ctx.book.tiers[t].summary };
      }),
    describe: (v, ctx) => ctx.book.tiers[v as (typeof TIERS)[number]]?.label ?? String(v),
  },
  phoenix: {
    kind: 'confirm',
    message: (ctx) =>
      `Keep the optional ${optionalServices(ctx)
        .map((s) => s.description ?? s.name)
        .join(', ')}?`,
    when: (ctx) => optionalServices(ctx).length > 0,
    implicit: () => schemaDefault('phoenix'),
    describe: (v) => (v ? 'kept' : 'left out'),
  },
  db: {
    kind: 'select',
    message: () => 'One shared Postgres instance, or one per app?',
    when: (ctx) => databaseUsers(ctx) >= 2,
    implicit: () => schemaDefault('db'),
    options: () =>
      DB_LAYOUTS.map((d) =>
        d === 'shared'
          ? { value: d, label: 'One shared Postgres', hint: 'a database per app in one instance; cheapest' }
          : { value: d, label: 'One Postgres per app', hint: 'isolated instances; costs more' },
      ),
    describe: (v) => (v === 'separate' ? 'one per service' : 'shared'),
  },
  exposure: {
    kind: 'text',
    message: (ctx) => {
      const all = exposure(ctx, false);
      const priv = all.filter((s) => !s.public).map((s) => s.name);
      return `Which services are reachable from the internet? (comma-separated; Enter keeps the default${priv.length > 0 ? `, with ${someNames(priv)} private: other services call them` : ''})`;
    },
    when: (ctx) => exposure(ctx, false).length > 0,
    implicit: (ctx) =>
      exposure(ctx, false)
        .filter((s) => s.public)
        .map((s) => s.name),
    current: (ctx) =>
      exposure(ctx, true)
        .filter((s) => s.public)
        .map((s) => s.name),
    placeholder: (ctx) =>
      someNames(
        exposure(ctx, false)
          .filter((s) => s.public)
          .map((s) => s.name),
      ) || 'none',
    validate: (text, ctx) => {
      const names = exposure(ctx, false).map((s) => s.name);
      const unknown = nameList(text).filter((n) => n !== 'none' && !names.includes(n));
      return unknown.length > 0 ? `not a service with a port: ${someNames(unknown)} (choose from ${someNames(names)}, or none)` : undefined;
    },
    parse: (text, ctx) => {
      if (text.trim() === '')
        return exposure(ctx, false)
          .filter((s) => s.public)
          .map((s) => s.name);
      return nameList(text).filter((n) => n !== 'none');
    },
    format: (v) => (Array.isArray(v) ? v.join(', ') : ''),
    describe: (v) => (Array.isArray(v) && v.length > 0 ? someNames(v) : 'none'),
    set: (draft, value, ctx) => {
      // The overrides are the differences from the default: --public for the additions, --private for the rest.
      const wanted = new Set(value as string[]);
      const byDefault = exposure(ctx, false);
      const next: Draft = { ...draft };
      const pub = byDefault.filter((s) => !s.public && wanted.has(s.name)).map((s) => s.name);
      const priv = byDefault.filter((s) => s.public && !wanted.has(s.name)).map((s) => s.name);
      if (pub.length > 0) next.public = pub;
      else delete next.public;
      if (priv.length > 0) next.private = priv;
      else delete next.private;
      return next;
    },
  },
  release: {
    kind: 'confirm',
    message: (ctx) =>
      `Run ${detectedReleases(ctx)
        .map(([name, r]) => `${name}'s ${r.tool} migrations (${r.command})`)
        .join(' and ')} once per deploy, before the new version takes traffic?`,
    when: (ctx) => detectedReleases(ctx).length > 0,
    implicit: () => true,
    // On unless the answers turn every detected one off (--release NAME=none).
    current: (ctx) => detectedReleases(ctx).some(([name]) => ctx.draft.release?.[name]?.trim().toLowerCase() !== 'none'),
    describe: (v) => (v ? 'run on every deploy' : 'off'),
    set: (draft, value, ctx) => {
      const next: Draft = { ...draft };
      const own = { ...draft.release };
      for (const [name] of detectedReleases(ctx)) {
        if (value) {
          if (own[name]?.trim().toLowerCase() === 'none') delete own[name];
        } else own[name] = 'none';
      }
      if (Object.keys(own).length > 0) next.release = own;
      else delete next.release;
      return next;
    },
  },
  region: {
    kind: 'select',
    message: () => 'Which region?',
    implicit: () => schemaDefault('region'),
    options: (ctx) => REGIONS.map((r) => ({ value: r, label: ctx.book.regions[r].label, hint: REGION_HINTS[r] })),
    describe: (v, ctx) => ctx.book.regions[v as (typeof REGIONS)[number]]?.label ?? String(v),
  },
  domain: {
    kind: 'text',
    message: () => 'Custom domain for the API? (Enter for none)',
    when: (ctx) => ctx.answers.tier !== 'local',
    implicit: () => schemaDefault('domain'),
    placeholder: () => 'none, or a host such as api.example.com',
    validate: (text) => (text.trim() === '' ? undefined : firstIssue(AnswersSchema.shape.domain.safeParse(text.trim(), { reportInput: true }))),
    parse: (text) => (text.trim() === '' ? null : text.trim().toLowerCase()),
    format: (v) => (typeof v === 'string' ? v : ''),
    describe: (v) => (typeof v === 'string' ? v : 'none'),
  },
  hours: {
    kind: 'text',
    message: () => 'How many hours a day is the stack in use? (Enter: all day, priced always on)',
    // At home nothing is billed by the hour: the question has no figure to change there.
    when: (ctx) => ctx.answers.tier !== 'local',
    implicit: () => schemaDefault('activeHours'),
    placeholder: () => `${ALL_DAY}, or hours such as 3`,
    validate: hoursProblem,
    parse: parseHours,
    format: (v) => (typeof v === 'number' ? String(v) : ''),
    describe: (v) => (typeof v === 'number' ? `${v} h a day (--active-hours ${v})` : ALL_DAY),
  },
  alwaysOn: {
    kind: 'text',
    message: () => 'Which services must stay on all day, whatever the hours of use? (comma-separated; Enter: none)',
    when: (ctx) => ctx.answers.tier !== 'local' && ctx.answers.activeHours !== undefined && keptServices(ctx).length > 0,
    implicit: () => [],
    current: (ctx) => alwaysOnNames(ctx.answers.serviceOverrides),
    placeholder: () => "none: each platform's idle rule decides",
    validate: (text, ctx) => {
      const names = keptServices(ctx);
      const unknown = nameList(text).filter((n) => n !== 'none' && !names.includes(n));
      return unknown.length > 0 ? `not a service of this stack: ${someNames(unknown)} (choose from ${someNames(names)}, or none)` : undefined;
    },
    parse: (text) => nameList(text).filter((n) => n !== 'none'),
    format: (v) => (Array.isArray(v) ? v.join(', ') : ''),
    describe: (v) => (Array.isArray(v) && v.length > 0 ? `${someNames(v)} (--service NAME:alwaysOn=true)` : 'none'),
    set: (draft, value) => {
      // alwaysOn beside the other per-service settings (--service NAME:alwaysOn=true), which stay as they are.
      const wanted = new Set(value as string[]);
      const overrides: Record<string, ServiceOverride> = {};
      for (const [name, o] of Object.entries(draft.serviceOverrides ?? {})) {
        const { alwaysOn: _was, ...rest } = o;
        if (Object.keys(rest).length > 0) overrides[name] = rest;
      }
      for (const name of wanted) overrides[name] = { ...overrides[name], alwaysOn: true };
      const next: Draft = { ...draft };
      if (Object.keys(overrides).length > 0) next.serviceOverrides = overrides;
      else delete next.serviceOverrides;
      return next;
    },
  },
  users: {
    kind: 'text',
    message: () => 'How many monthly active users? (or a list: 100,1000,10000)',
    when: (ctx) => ctx.answers.tier === 'multi-user',
    implicit: (ctx) => DEFAULT_USERS[ctx.answers.tier],
    placeholder: (ctx) => String(DEFAULT_USERS[ctx.answers.tier]),
    validate: (text) => {
      if (text.trim() === '') return undefined;
      const parts = text.split(',').map((p) => p.trim().replace(/_/g, ''));
      if (!parts.every((p) => /^\d+$/.test(p))) return 'a whole number such as 1000, or a list such as 100,1000,10000';
      // "1,000" would be the list 1 and 0: commas only separate a list here.
      if (parts.some((p) => /^0/.test(p))) return 'a whole number such as 1000 (commas separate a list such as 100,1000,10000)';
      return firstIssue(AnswersSchema.shape.users.safeParse(parseUsers(text), { reportInput: true }));
    },
    parse: (text, ctx) => (text.trim() === '' ? DEFAULT_USERS[ctx.answers.tier] : parseUsers(text)),
    format: (v) => (Array.isArray(v) ? v.join(',') : v === undefined ? '' : String(v)),
    describe: (v) => (Array.isArray(v) ? v.map((n) => formatUsers(n)).join(', ') : formatUsers(Number(v))),
  },
  auth: {
    kind: 'select',
    message: () => 'Which auth provider signs users in?',
    when: (ctx) => ctx.answers.tier === 'multi-user',
    // What the stack picks when the answers name none (clerk on multi-user).
    implicit: (ctx) => buildStack({ ...ctx.answers, auth: undefined }, ctx.source).auth,
    options: (ctx) =>
      AUTH_PROVIDERS.map((a) => {
        if (a === 'none') return { value: a, label: 'None', hint: 'API tokens only; not multi-user ready' };
        const info = ctx.book.auth[a];
        const free = info.plans.find((p) => p.fee.amount === '0' && p.includedUsers);
        return {
          value: a,
          label: info.name,
          hint: free ? `free up to ${formatUsers(free.includedUsers!)} ${info.userMetric.split(' ')[0]}` : 'paid plans only',
        };
      }),
    describe: (v, ctx) => choiceLabel((QUESTIONS.find((q) => q.id === 'auth') as SelectQuestion).options(ctx), v),
  },
  clients: {
    kind: 'select',
    message: () => 'How do people get the client app?',
    when: (ctx) => ctx.answers.tier === 'multi-user',
    implicit: () => schemaDefault('clients'),
    options: () => CLIENT_DISTRIBUTIONS.map((c) => ({ value: c, label: CLIENT_LABELS[c][0], hint: CLIENT_LABELS[c][1] })),
    describe: (v) => CLIENT_LABELS[v as (typeof CLIENT_DISTRIBUTIONS)[number]]?.[0] ?? String(v),
  },
};

/** Every question after "what to deploy", in the order asked: the table's rows with how each is asked. */
export const QUESTIONS: readonly Question[] = QUESTION_TABLE.filter((r) => r.id !== 'source').map(
  (row) =>
    ({ ...HOW[row.id as Exclude<QuestionId, 'source'>], id: row.id, key: row.key as keyof AnswersInput, flag: mainFlag(row), label: row.label }) as Question,
);

/** The services the stack keeps (optional ones only when kept), by name: those alwaysOn can name. */
function keptServices(ctx: AskContext): string[] {
  return ctx.source.services.filter((s) => ctx.answers.phoenix || !s.optional).map((s) => s.name);
}

/** The services an answer keeps on all day. */
function alwaysOnNames(overrides: Answers['serviceOverrides']): string[] {
  return Object.entries(overrides)
    .filter(([, o]) => o.alwaysOn === true)
    .map(([name]) => name);
}

/** The hours question's default in words: no --active-hours, every service priced 24 hours a day. */
const ALL_DAY = 'all day (24 h, priced always on)';

/** "3", "3.5", "3h", "3 h" → the number of hours; '' → null. */
function hoursNumber(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*h?$/i.exec(t);
  return m ? Number(m[1]) : undefined;
}

/** Why a typed number of hours is refused, or undefined (0 < H <= 24, or empty for all day). */
function hoursProblem(text: string): string | undefined {
  const n = hoursNumber(text);
  if (n === null) return undefined;
  if (n === undefined) return 'a number of hours a day, such as 3 (Enter: all day, priced always on)';
  if (n <= 0) return 'more than 0 hours a day, such as 3 (Enter: all day, priced always on)';
  if (n > 24) return `at most 24 hours a day (got ${n}); Enter: all day, priced always on`;
  return undefined;
}

/** Typed hours → activeHours; empty or 24 is all day: priced always on, as without --active-hours. */
function parseHours(text: string): number | undefined {
  const n = hoursNumber(text);
  return n === null || n === undefined || n >= 24 ? undefined : n;
}

function parseUsers(text: string): number | number[] {
  const values = text.split(',').map((p) => Number(p.trim().replace(/_/g, '')));
  return values.length === 1 ? values[0]! : values;
}

// ---- The first question: what to deploy ---------------------------------------------------

/**
 * Compose file names looked for in the current folder, in the order docker compose prefers.
 * The same list as `DEFAULT_COMPOSE_FILES` in src/io/read-compose.ts (a test keeps them equal),
 * kept here so the wizard does not load the compose importer before its first prompt.
 */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;

const SOURCE_ROW = questionRow('source');

/** "What to deploy" sets one of two fields, each with its flag (the table's source row). */
export const SOURCE_QUESTION = {
  id: SOURCE_ROW.id,
  label: SOURCE_ROW.label,
  keys: SOURCE_ROW.keys,
  flags: SOURCE_ROW.keys.map((k) => SOURCE_ROW.flags.find((f) => ('answer' in f ? f.answer : SOURCE_ROW.key) === k)!.name),
  message: 'What do you want to deploy?',
} as const;

/** A value of the source question: the built-in stack, a custom list or `compose:FILE`. */
export type SourceChoice = 'builtin' | 'custom' | 'path' | `compose:${string}`;

/** The options of "what to deploy" for the compose files found in the folder. */
export function sourceOptions(composeFiles: readonly string[], typed = false): (Choice & { value: SourceChoice })[] {
  return [
    { value: 'builtin' as const, label: 'The built-in reasoning stack', hint: 'two APIs, a LiteLLM proxy, Phoenix and Postgres' },
    ...composeFiles.map((f) => ({ value: `compose:${f}` as const, label: `The compose file ${f}`, hint: 'its services, sizes and databases' })),
    ...(typed ? [{ value: 'path' as const, label: 'Another compose file', hint: 'type its path; Tab completes' }] : []),
    { value: 'custom' as const, label: 'A custom list of services', hint: 'name, role and memory of each' },
  ];
}

/** The source choice a draft stands for. */
export function sourceChoiceOf(draft: Draft): SourceChoice {
  if (draft.compose) return `compose:${draft.compose}`;
  if (draft.services) return 'custom';
  return 'builtin';
}

/** The source choice in words. */
export function describeSource(draft: Draft): string {
  if (draft.compose) return `compose file ${draft.compose}`;
  if (draft.services) return `custom: ${draft.services.map((s) => s.name).join(', ')}`;
  return 'built-in reasoning stack';
}

/** Roles of a custom service, with what each means. */
export const ROLE_CHOICES: readonly { value: ServiceRole; label: string; hint: string }[] = SERVICE_ROLES.map((r) => ({
  value: r,
  label: r,
  hint: {
    api: 'serves requests; scales with users',
    proxy: 'sits in front of other services',
    observability: 'traces, metrics, logs',
    web: 'a website or web app',
    worker: 'background jobs; not public',
    other: 'anything else',
  }[r],
}));

/** Memory of a custom service unless the user says otherwise. */
export const DEFAULT_SERVICE_MEMORY_MB = 512;

/** Checks one custom service name against the schema and the names taken so far. */
export function validateServiceName(name: string, taken: readonly string[]): string | undefined {
  // The same rule as --services, so a name the wizard takes replays as a flag.
  const n = name.trim();
  return serviceNameProblem(n, taken) ?? firstIssue(ServiceInputSchema.shape.name.safeParse(n, { reportInput: true }));
}

/** Checks a memory figure in MB against the schema. */
export function validateMemory(text: string): string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (!/^\d+$/.test(t)) return 'a whole number of MB, such as 512';
  return firstIssue(ServiceInputSchema.shape.memoryMb.safeParse(Number(t), { reportInput: true }));
}

/** The context for a draft: the answers it means and the stack it describes. */
export function askContext(draft: Draft, book: PriceBook, imported: StackSource | undefined, tiers: readonly TierSummaryJson[]): AskContext {
  const answers = AnswersSchema.parse(draft);
  return { draft, answers, book, source: sourceFromAnswers(answers, draft.compose ? imported : undefined), tiers };
}
