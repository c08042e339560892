/**
 * Command line → command name + raw flag values + partial answers. Flags are declared once
 * as data; help text, parsing and the replay command are all derived from the table.
 */
import { PLATFORM_IDS, POSTGRES_KINDS, SERVICE_ROLES } from './answer-values.js';
import type { AnswersInput } from './core/answers.js';
import { serviceNameProblem } from './core/names.js';
import { QUESTION_TABLE, type QuestionId } from './core/question-table.js';
import { UsageError } from './errors.js';

export const COMMANDS = [
  'estimate',
  'generate',
  'import',
  'diff',
  'prices',
  'migrate-data',
  'readiness',
  'measure',
  'check',
  'wizard',
  'help',
  'version',
] as const;
export type Command = (typeof COMMANDS)[number];

const FORMATS = ['table', 'markdown', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** Formats of `estimate`: the shared ones and the self-contained HTML report. */
const ESTIMATE_FORMATS = [...FORMATS, 'html'] as const;
export type EstimateFormat = (typeof ESTIMATE_FORMATS)[number];

/** Formats `prices` prints. */
export const PRICES_FORMATS = ['table', 'json'] as const;

type FlagKind = 'boolean' | 'string' | 'number' | 'integer' | 'choice' | 'list' | 'names' | 'users' | 'repeat' | 'services';

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  /** Answers field the flag sets. */
  answer?: keyof AnswersInput;
  choices?: readonly string[];
  value?: string;
  help: string;
  /** The help of one command where it differs: each command's help shows only its own notes. */
  helpFor?: Partial<Record<Command, string>>;
  /** Commands that accept it; absent: every command that takes answers. */
  commands?: readonly Command[];
  /** A `--no-NAME` flag sets the answer to false instead of true. */
  negates?: boolean;
}

// migrate-data takes the answers too: they describe the stack whose databases it copies.
// check takes them for a folder without a manifest (and over the manifest's answers when it has one).
const ANSWER_COMMANDS: readonly Command[] = ['estimate', 'generate', 'wizard', 'migrate-data', 'check'];

/** A question's flags (src/core/question-table.ts) as the parser's: each sets the question's field unless it names its own. */
function questionFlags(id: QuestionId): FlagSpec[] {
  const row = QUESTION_TABLE.find((r) => r.id === id)!;
  return row.flags.map((f) => ({
    ...f,
    answer: ('answer' in f ? f.answer : row.key) as keyof AnswersInput,
    ...('commands' in f ? { commands: f.commands as readonly Command[] } : {}),
  }));
}

/** Every flag, in help order; the wizard's questions bring their own. */
export const FLAGS: readonly FlagSpec[] = [
  ...questionFlags('tier'),
  {
    name: 'platforms',
    kind: 'list',
    answer: 'platforms',
    choices: PLATFORM_IDS,
    value: 'LIST',
    help: 'Platforms to compare, comma-separated.',
    commands: ['estimate', 'wizard'],
  },
  ...questionFlags('phoenix'),
  ...questionFlags('db'),
  {
    name: 'postgres',
    kind: 'choice',
    answer: 'postgres',
    choices: POSTGRES_KINDS,
    help: 'Managed Postgres (default), the cheaper dev option (Fly self-run, DigitalOcean dev database, Render free), or cloudnative-pg: Postgres inside a Kubernetes cluster.',
  },
  { name: 'db-storage-gb', kind: 'number', answer: 'dbStorageGb', value: 'GB', help: 'Database storage in GB (default 5).' },
  { name: 'egress-gb', kind: 'number', answer: 'egressGb', value: 'GB', help: 'Internet egress a month in GB (default 10).' },
  ...questionFlags('users'),
  { name: 'users-per-instance', kind: 'integer', answer: 'usersPerInstance', value: 'N', help: 'Users one API instance serves (default 5000).' },
  ...questionFlags('region'),
  ...questionFlags('auth'),
  ...questionFlags('domain'),
  ...questionFlags('clients'),
  {
    name: 'utilization',
    kind: 'number',
    answer: 'utilization',
    value: 'SHARE',
    help: 'Share of requested memory/CPU really used, 0-1 (Railway bills use; default 1).',
  },
  { name: 'instances', kind: 'integer', answer: 'instances', value: 'N', help: 'Instances of every API service.' },
  { name: 'memory-mb', kind: 'integer', answer: 'memoryMb', value: 'MB', help: 'Memory of every service in MB.' },
  ...questionFlags('alwaysOn'),
  ...questionFlags('exposure'),
  ...questionFlags('release'),
  {
    name: 'usage',
    kind: 'string',
    answer: 'usage',
    value: 'FILE',
    help: 'Usage file from stackfare measure: measured services are sized at p95 × headroom; Railway bills the measured averages.',
    commands: ['estimate', 'generate', 'wizard'],
  },
  {
    name: 'headroom',
    kind: 'number',
    answer: 'headroom',
    value: 'N',
    help: 'Headroom over the measured p95 working set, at least 1 (default 1.25; with --usage).',
    commands: ['estimate', 'generate', 'wizard'],
  },
  ...questionFlags('hours'),
  {
    name: 'measure',
    kind: 'string',
    value: 'TIME',
    help: 'Measure the running compose project for TIME (5m, 90s) and size the estimate from it, as --usage does; "skip" never offers. Default: offered on a terminal when a Docker socket answers and the project runs; --yes skips it.',
    commands: ['wizard'],
  },
  { name: 'name', kind: 'string', answer: 'name', value: 'NAME', help: 'Project name (default reasoning-stack).' },
  ...questionFlags('source'),
  {
    name: 'profile',
    kind: 'repeat',
    value: 'NAME',
    help: 'Compose profile to enable (repeatable).',
    commands: ['estimate', 'generate', 'wizard', 'import', 'diff', 'check'],
  },
  { name: 'answers', kind: 'string', value: 'FILE', help: 'Answers file (JSON or YAML); flags override it.' },
  {
    name: 'pricing',
    kind: 'string',
    value: 'FILE',
    help: 'Figures to change, merged over the built-in price book (JSON or YAML).',
    commands: ['estimate', 'generate', 'wizard', 'prices', 'diff'],
  },
  {
    name: 'format',
    kind: 'choice',
    choices: ESTIMATE_FORMATS,
    help: 'Output format (default table; html: a self-contained report to share).',
    commands: ['estimate'],
  },
  { name: 'format', kind: 'choice', choices: FORMATS, help: 'Output format (default table).', commands: ['import', 'diff', 'readiness'] },
  { name: 'format', kind: 'choice', choices: PRICES_FORMATS, help: 'Output format (default table).', commands: ['prices'] },
  {
    name: 'format',
    kind: 'choice',
    choices: ['table', 'json'],
    help: 'Output format (default table; json: { ok, platform, findings: [{ file, kind, problem }] }).',
    commands: ['check'],
  },
  {
    name: 'output',
    kind: 'string',
    value: 'FILE',
    help: 'Write the output to FILE (atomically; an existing file only with --force).',
    commands: ['estimate', 'diff'],
  },
  { name: 'wide', kind: 'boolean', help: 'Table: never shorten a line-item name, however wide the lines get.', commands: ['estimate'] },
  {
    name: 'platform',
    kind: 'choice',
    choices: PLATFORM_IDS,
    help: 'Platform to generate files for.',
    helpFor: { prices: 'Platform to list (default: every platform).', check: 'The platform of the files, when there is no manifest.' },
    commands: ['generate', 'wizard', 'prices', 'check'],
  },
  { name: 'out', kind: 'string', value: 'DIR', help: 'Folder to write into (default: current folder).', commands: ['generate', 'wizard', 'readiness'] },
  {
    name: 'dry-run',
    kind: 'boolean',
    help: 'List the files as new / changed / unchanged; write nothing.',
    helpFor: { 'migrate-data': 'List what would be copied; copy nothing.' },
    commands: ['generate', 'wizard', 'migrate-data'],
  },
  {
    name: 'force',
    kind: 'boolean',
    help: 'Overwrite existing files.',
    helpFor: { 'migrate-data': 'Empty the target first, after listing what it holds.' },
    commands: ['generate', 'wizard', 'estimate', 'diff', 'readiness', 'migrate-data', 'measure'],
  },
  {
    name: 'database-url',
    kind: 'string',
    value: 'URL',
    help: 'Your database (postgresql://...): its schema is read.',
    helpFor: { estimate: 'Your database (postgresql://...): the multi-user database work is sized from its schema.' },
    commands: ['readiness', 'estimate'],
  },
  { name: 'user-column', kind: 'string', value: 'NAME', help: 'Column that names the owning user (default user_id).', commands: ['readiness', 'estimate'] },
  { name: 'write', kind: 'boolean', help: 'Write the changes as db/multi-user.sql.', commands: ['readiness'] },
  {
    name: 'from-compose',
    kind: 'string',
    value: 'FILE',
    help: 'Copy from the Postgres services of this compose file (through docker compose exec).',
    commands: ['migrate-data'],
  },
  {
    name: 'from',
    kind: 'repeat',
    value: 'NAME=URL',
    help: 'Copy database NAME from this URL (repeatable; or NAME=URL lines in STACKFARE_FROM_URL, which keeps the password out of the process list).',
    commands: ['migrate-data'],
  },
  {
    name: 'to',
    kind: 'repeat',
    value: 'NAME=URL',
    help: 'Copy database NAME to this URL (repeatable; or NAME=URL lines in STACKFARE_TO_URL).',
    commands: ['migrate-data'],
  },
  {
    name: 'verify',
    kind: 'boolean',
    help: 'Only compare the sources with existing copies (no copy); exit 1 naming each table that differs.',
    commands: ['migrate-data'],
  },
  {
    name: 'compose',
    kind: 'string',
    value: 'FILE',
    help: 'The compose file of the running stack: its name: (or folder) names the project (default: compose.yaml, docker-compose.yml... in this folder).',
    commands: ['measure'],
  },
  {
    name: 'project',
    kind: 'string',
    value: 'NAME',
    help: "Compose project to measure (as docker compose -p; default: COMPOSE_PROJECT_NAME, the compose file's name:, or its folder).",
    commands: ['measure'],
  },
  { name: 'duration', kind: 'string', value: 'TIME', help: 'How long to sample: 10m (default), 90s, 1h30m.', commands: ['measure'] },
  { name: 'interval', kind: 'string', value: 'TIME', help: 'Time between samples: 5s (default), at least 0.5s.', commands: ['measure'] },
  {
    name: 'output',
    kind: 'string',
    value: 'FILE',
    help: 'The usage file to write (default stackfare.usage.json; an existing one only with --force).',
    commands: ['measure'],
  },
  { name: 'railway-legacy', kind: 'boolean', help: 'Also write per-service railway.json (deprecated by Railway).', commands: ['generate', 'wizard'] },
  { name: 'write-env', kind: 'boolean', help: 'Local tier: write a git-ignored .env with a fresh API token.', commands: ['generate', 'wizard'] },
  { name: 'yes', kind: 'boolean', help: 'Take every default; never prompt.', commands: COMMANDS },
  { name: 'help', kind: 'boolean', help: 'Show help.', commands: COMMANDS },
  { name: 'version', kind: 'boolean', help: 'Show the version.', commands: COMMANDS },
];

export interface ParsedArgs {
  command: Command;
  /** True when the user typed no command: the wizard (which needs a terminal or --yes). */
  implicitCommand: boolean;
  positionals: string[];
  /** Raw values by flag name (after type conversion). */
  flags: Record<string, unknown>;
  /** Answer fields the flags set. */
  answers: Partial<AnswersInput>;
  /** Flag name that set each answer field (for error messages). */
  answerFlags: Record<string, string>;
}

function acceptedBy(spec: FlagSpec, command: Command): boolean {
  return (spec.commands ?? ANSWER_COMMANDS).includes(command);
}

/** Closest candidate by edit distance, for "did you mean". */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(input, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** Parses argv (without node and script). Every mistake on the command line is a UsageError (exit 2). */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const args = [...argv];
  let command: Command = 'wizard';
  let implicitCommand = true;
  const first = args[0];
  if (first !== undefined && !first.startsWith('-')) {
    if (!(COMMANDS as readonly string[]).includes(first)) {
      const guess = closest(first, COMMANDS);
      throw new UsageError(
        `Unknown command "${first}".`,
        `${guess ? `Did you mean "${guess}"? ` : ''}Commands: ${COMMANDS.filter((c) => c !== 'wizard').join(', ')} (no command starts the wizard).`,
      );
    }
    command = first as Command;
    implicitCommand = false;
    args.shift();
  }

  const flags: Record<string, unknown> = {};
  const answers: Record<string, unknown> = {};
  const answerFlags: Record<string, string> = {};
  const positionals: string[] = [];
  const valid = FLAGS.filter((f) => acceptedBy(f, command));

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
        if (arg === '-y') {
          flags.yes = true;
          continue;
        }
        if (arg === '-h') {
          flags.help = true;
          continue;
        }
        throw new UsageError(`Unknown flag "${arg}".`, `Run "stackfare ${command} --help" for the flags.`);
      }
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = valid.find((f) => f.name === name);
    if (!spec) {
      const elsewhere = FLAGS.find((f) => f.name === name);
      if (elsewhere) throw new UsageError(`"${command}" does not take --${name}.`, `Run "stackfare ${command} --help" for the flags.`);
      const guess = closest(
        name,
        valid.map((f) => f.name),
      );
      throw new UsageError(
        `Unknown flag "--${name}".`,
        `${guess ? `Did you mean "--${guess}"? ` : ''}Flags of ${command}: ${valid.map((f) => `--${f.name}`).join(', ')}.`,
      );
    }
    let raw: string | undefined;
    if (spec.kind === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value.`);
    } else if (eq !== -1) {
      raw = arg.slice(eq + 1);
    } else {
      raw = args[i + 1];
      if (raw === undefined || (raw.startsWith('--') && raw.length > 2)) {
        throw new UsageError(`--${name} needs a value${spec.value ? ` (${spec.value})` : spec.choices ? `: one of ${spec.choices.join(', ')}` : ''}.`);
      }
      i += 1;
    }
    const value = convert(spec, raw);
    if (spec.kind === 'repeat') {
      const list = (flags[spec.name] as unknown[] | undefined) ?? [];
      list.push(value);
      flags[spec.name] = list;
    } else {
      flags[spec.name] = value;
    }
    if (spec.answer) {
      answerFlags[spec.answer] = `--${spec.name}`;
      if (spec.kind === 'repeat') {
        answers[spec.answer] = { ...((answers[spec.answer] as object | undefined) ?? {}), ...(value as object) };
      } else if (spec.kind === 'names') {
        answers[spec.answer] = [...new Set([...((answers[spec.answer] as string[] | undefined) ?? []), ...(value as string[])])];
      } else if (spec.name === 'tier' && value === 'all') {
        // "all" is a report mode, not an answer.
      } else {
        answers[spec.answer] = spec.negates ? !(value as boolean) : value;
      }
    }
  }
  if (flags.help) {
    // `stackfare --help` is the overview; `stackfare COMMAND --help` lists that command's flags.
    const topic = implicitCommand ? [] : [command];
    return { command: 'help', implicitCommand, positionals: topic, flags, answers: answers as Partial<AnswersInput>, answerFlags };
  }
  if (flags.version) command = 'version';
  return { command, implicitCommand, positionals, flags, answers: answers as Partial<AnswersInput>, answerFlags };
}

function convert(spec: FlagSpec, raw: string | undefined): unknown {
  const flag = `--${spec.name}`;
  switch (spec.kind) {
    case 'boolean':
      return true;
    case 'string':
      return raw!;
    case 'number':
    case 'integer': {
      const n = parseNumber(raw!, flag, spec.kind === 'integer');
      return n;
    }
    case 'choice': {
      if (!spec.choices!.includes(raw!)) {
        const guess = closest(raw!, spec.choices!);
        throw new UsageError(`${flag} does not take "${raw}".`, `${guess ? `Did you mean "${guess}"? ` : ''}Choices: ${spec.choices!.join(', ')}.`);
      }
      return raw!;
    }
    case 'list': {
      const items = raw!
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (items.length === 0) throw new UsageError(`${flag} needs at least one value: ${spec.choices!.join(', ')}.`);
      for (const item of items) {
        if (!spec.choices!.includes(item)) {
          const guess = closest(item, spec.choices!);
          throw new UsageError(`Unknown platform "${item}" in ${flag}.`, `${guess ? `Did you mean "${guess}"? ` : ''}Choices: ${spec.choices!.join(', ')}.`);
        }
      }
      return [...new Set(items)];
    }
    case 'names': {
      const items = raw!
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (items.length === 0) throw new UsageError(`${flag} needs at least one service name, such as ${flag} litellm.`);
      return [...new Set(items)];
    }
    case 'users': {
      const parts = raw!.split(',').map((s) => s.trim());
      // "1,000" is one thousand with a thousands separator, not the list 1 and 0.
      if (parts.length > 1 && parts.slice(1).some((p) => /^0\d*$/.test(p))) {
        throw new UsageError(
          `${flag} "${raw}": a comma separates users figures (${flag} 100,1000), so this reads as ${parts.join(' and ')}.`,
          `For one thousand write ${flag} ${parts.join('')}.`,
        );
      }
      const values = parts.map((p) => parseNumber(p.replace(/_/g, ''), flag, true));
      return values.length === 1 ? values[0] : values;
    }
    case 'repeat':
      return spec.name === 'service' ? parseServiceFlag(raw!) : spec.name === 'release' ? parseReleaseFlag(raw!) : raw!;
    case 'services':
      return parseServicesFlag(raw!);
  }
}

/** A valid value for each number flag (and --service key), so every hint can be copied as is. */
const EXAMPLES: Record<string, string> = {
  'db-storage-gb': '20',
  'egress-gb': '50',
  users: '1000',
  'users-per-instance': '5000',
  utilization: '0.5',
  instances: '2',
  'memory-mb': '1024',
  memoryMb: '1024',
  vcpu: '1',
  services: 'web:web:512',
  headroom: '1.25',
  'active-hours': '3',
};

/** "For example: --memory-mb 1024", from the flag's name (`--service web:memoryMb` → its key). */
function exampleHint(flag: string): string {
  const key = flag.replace(/^--/, '').split(/[ :]/).at(-1)!;
  const example = EXAMPLES[key] ?? EXAMPLES[flag.replace(/^--/, '').split(' ')[0]!] ?? '2';
  if (flag.startsWith('--service ')) return `For example: --service ${flag.slice('--service '.length).replace(/:.*/, '')}:${key}=${example}`;
  if (flag.startsWith('--services ')) return 'For example: --services web:web:512,jobs:worker:256';
  return `For example: ${flag} ${example}`;
}

function parseNumber(raw: string, flag: string, integer: boolean): number {
  // Plain and scientific notation (1e3); a percent sign or units are not numbers.
  if (!/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(raw.trim())) {
    const percent = /^(\d+(\.\d+)?)\s*%$/.exec(raw.trim());
    const why = percent ? ` (write a share as a number: ${raw.trim()} is ${Number(percent[1]) / 100})` : '';
    throw new UsageError(`${flag} expects ${integer ? 'a whole number' : 'a number'}, not "${raw}"${why}.`, exampleHint(flag));
  }
  const n = Number(raw);
  if (integer && !Number.isInteger(n)) throw new UsageError(`${flag} expects a whole number, not "${raw}".`, exampleHint(flag));
  // Past 2^53 a number is stored as a nearby one: refuse it rather than echo another figure.
  if (/^\d+$/.test(raw.trim()) && !Number.isSafeInteger(n))
    throw new UsageError(`${flag} "${raw}" is too large to count exactly (at most ${Number.MAX_SAFE_INTEGER}).`, exampleHint(flag));
  return n;
}

const SERVICE_KEYS = { instances: 'integer', memoryMb: 'integer', vcpu: 'number', dataGb: 'number', alwaysOn: 'boolean' } as const;
/** Short forms --service accepts: `postgres:memory=2048`. */
const SERVICE_KEY_ALIASES: Record<string, keyof typeof SERVICE_KEYS> = { memory: 'memoryMb' };

/** `reasoning-api:instances=2,memoryMb=1024` → `{ "reasoning-api": { instances: 2, memoryMb: 1024 } }`. */
function parseServiceFlag(raw: string): Record<string, Record<string, number | boolean>> {
  const colon = raw.lastIndexOf(':');
  const example = 'For example: --service reasoning-api:instances=2,memoryMb=1024';
  if (colon <= 0) throw new UsageError(`--service expects NAME:KEY=VALUE,..., not "${raw}".`, example);
  const name = raw.slice(0, colon);
  const settings: Record<string, number | boolean> = {};
  for (const pair of raw.slice(colon + 1).split(',')) {
    const [given, value] = pair.split('=');
    const key = given === undefined ? undefined : (SERVICE_KEY_ALIASES[given] ?? given);
    if (!key || value === undefined || !(key in SERVICE_KEYS)) {
      throw new UsageError(
        `--service: "${pair}" is not KEY=VALUE with KEY one of ${Object.keys(SERVICE_KEYS).join(', ')} (memory for memoryMb).`,
        `${example}; the database: --service postgres:memory=2048`,
      );
    }
    const kind = SERVICE_KEYS[key as keyof typeof SERVICE_KEYS];
    settings[key] = kind === 'boolean' ? parseBoolean(value, `--service ${name}:${key}`) : parseNumber(value, `--service ${name}:${key}`, kind === 'integer');
  }
  return { [name]: settings };
}

/** `true` / `false` of a --service key (alwaysOn=true). */
function parseBoolean(raw: string, flag: string): boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new UsageError(`${flag} expects true or false, not "${raw}".`, `For example: ${flag}=true`);
}

/** `api=alembic upgrade head` → `{ api: 'alembic upgrade head' }`; the command may itself hold `=`. */
function parseReleaseFlag(raw: string): Record<string, string> {
  const eq = raw.indexOf('=');
  const example = 'For example: --release reasoning-api="alembic upgrade head", or --release reasoning-api=none to turn a detected one off.';
  const name = eq === -1 ? '' : raw.slice(0, eq).trim();
  const command = eq === -1 ? '' : raw.slice(eq + 1).trim();
  if (!name || !command) throw new UsageError(`--release expects NAME=COMMAND, not ${JSON.stringify(raw)}.`, example);
  return { [name]: command };
}

/** `web:web:512,jobs:worker:256` → `[{ name: 'web', role: 'web', memoryMb: 512 }, ...]` (the schema adds the defaults). */
function parseServicesFlag(raw: string): { name: string; role: string; memoryMb: number }[] {
  const example = 'For example: --services web:web:512,jobs:worker:256';
  const taken: string[] = [];
  return raw.split(',').map((item) => {
    const parts = item.split(':').map((p) => p.trim());
    if (parts.length !== 3 || !parts[0]) throw new UsageError(`--services: "${item}" is not NAME:ROLE:MEMORY_MB.`, example);
    const [name, role, memory] = parts as [string, string, string];
    // The wizard's rule for names, so both accept and refuse the same ones.
    const problem = serviceNameProblem(name, taken);
    if (problem) throw new UsageError(`--services: the service name should be ${problem}.`, example);
    taken.push(name);
    if (!(SERVICE_ROLES as readonly string[]).includes(role)) {
      const guess = closest(role, SERVICE_ROLES);
      throw new UsageError(`--services: unknown role "${role}" for ${name}.`, `${guess ? `Did you mean "${guess}"? ` : ''}Roles: ${SERVICE_ROLES.join(', ')}.`);
    }
    return { name, role, memoryMb: parseNumber(memory, `--services ${name}`, true) };
  });
}

/** Help text for a command, from the flag table. */
export function helpText(command: Command | undefined): string {
  const lines: string[] = [];
  const cmd = command && command !== 'help' && command !== 'version' ? command : undefined;
  if (!cmd) {
    lines.push(
      'stackfare: price your stack on Railway, Fly.io, Render, DigitalOcean and at home, then generate the files.',
      '',
      'Usage:',
      '  stackfare                      interactive wizard (on a terminal)',
      '  stackfare estimate [flags]     compare monthly cost and effort on every platform',
      '  stackfare generate --platform P [flags]   write the deployment files',
      '  stackfare import [FILE]        show how a docker-compose file maps to the stack',
      '  stackfare prices [--platform P]   every price with its source, date, confidence and age',
      '  stackfare migrate-data --to NAME=URL ... (--from NAME=URL ... | --from-compose FILE)',
      '                                 copy each database to the platform, then compare every table',
      '  stackfare readiness --database-url URL   how far your schema is from multi-user',
      '  stackfare diff A B             how the cost changes between two setups (answers, compose or saved JSON reports)',
      '  stackfare measure [--duration 10m]   sample the running compose stack (Docker Engine API) into stackfare.usage.json',
      '  stackfare check [DIR]          hold the deploy files in DIR (edited by hand or not) against the stack they were generated from',
      '',
      'Run "stackfare COMMAND --help" for its flags ("stackfare wizard --help" for the wizard\'s).',
      'Exit codes: 0 ok, 1 error, 2 usage, 130 cancelled. NO_COLOR turns colour off.',
    );
    return lines.join('\n');
  }
  const operands = cmd === 'import' ? ' [FILE]' : cmd === 'diff' ? ' BEFORE AFTER' : cmd === 'check' ? ' [DIR]' : '';
  lines.push(`Usage: stackfare ${cmd === 'wizard' ? '' : `${cmd} `}[flags]${operands}`, '', 'Flags:');
  for (const f of FLAGS.filter((s) => acceptedBy(s, cmd))) {
    const value = f.kind === 'boolean' ? '' : ` ${f.value ?? (f.choices ? f.choices.join('|') : 'VALUE')}`;
    const flag = `  --${f.name}${value}`;
    // Long flag forms get their description on the next line, so the two never run together.
    const help = f.helpFor?.[cmd] ?? f.help;
    if (flag.length >= 30) lines.push(flag, `${' '.repeat(30)}${help}`);
    else lines.push(flag.padEnd(30) + help);
  }
  return lines.join('\n');
}
