/** The wizard driven through mock streams: defaults, the multi-user questions, flags, cancel, going back, custom stacks, the replay command. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { FLAGS, parseArgs } from '../../src/args.js';
import { type AnswersInput, AnswersSchema, type PlatformId } from '../../src/core/answers.js';
import { buildReport, type Report } from '../../src/core/report.js';
import type { StackSource } from '../../src/core/stack.js';
import { CancelledError, UserError } from '../../src/errors.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { resolveAnswers } from '../../src/io/read-answers.js';
import { DEFAULT_COMPOSE_FILES } from '../../src/io/read-compose.js';
import { PLATFORMS } from '../../src/platforms/index.js';
import { tierHint } from '../../src/ui/format.js';
import { COMPOSE_FILE_NAMES, QUESTIONS, SOURCE_QUESTION } from '../../src/ui/wizard/questions.js';
import { commandLines, replayArgs, replayCommand, resumeArgs } from '../../src/ui/wizard/replay.js';
import {
  defaultPlatform,
  type PlannedFiles,
  runWizard,
  usersAround,
  WizardCancelledError,
  type WizardOptions,
  type WizardProgress,
} from '../../src/ui/wizard/run-wizard.js';
import { KEY, MockTerminal } from './mock-terminal.js';

const book = builtinPriceBook();

function wizard(term: MockTerminal, overrides: Partial<WizardOptions> = {}) {
  const present = vi.fn(async (report: Report) => `VIEW tier=${report.tier} region=${report.stack.region} cheapest=${report.cheapest}\n`);
  const planFiles = vi.fn(
    async (_answers: unknown, _source: StackSource | undefined, platform: PlatformId): Promise<PlannedFiles> => ({
      writes: [{ file: { path: `${platform}.toml`, contents: 'x' }, target: `/nowhere/${platform}.toml`, status: 'new' }],
    }),
  );
  const options: WizardOptions = {
    input: term.input,
    output: term.output,
    preset: {},
    book,
    platforms: PLATFORMS,
    composeFiles: [],
    importCompose: async (file) => {
      throw new UserError(`cannot read ${file}`);
    },
    present,
    planFiles,
    force: false,
    dryRun: false,
    outLabel: 'the current folder',
    animate: false,
    ...overrides,
  };
  return { run: runWizard(options), present, planFiles };
}

/** Enter at every prompt of the single-user path. */
const DEFAULT_SCRIPT = [
  ['What do you want to deploy?', KEY.enter],
  ['Where and for whom will it run?', KEY.enter],
  ['Keep the optional', KEY.enter],
  ['One shared Postgres instance, or one per app?', KEY.enter],
  ['Which services are reachable from the internet?', KEY.enter],
  ['Which region?', KEY.enter],
  ['Custom domain', KEY.enter],
  ['How many hours', KEY.enter],
  ['What next?', KEY.enter],
  ['Which platform?', KEY.enter],
  ['Write 1 file to the current folder?', KEY.enter],
] as const;

describe('runWizard', () => {
  it('Enter at every prompt yields the default answers and the cheapest platform', async () => {
    const term = new MockTerminal();
    const { run, present, planFiles } = wizard(term);
    await term.answer(DEFAULT_SCRIPT);
    const result = await run;
    expect(result.answers).toEqual(AnswersSchema.parse({}));
    expect(result.draft).toEqual({});
    expect(result.platform).toBe(result.report.cheapest);
    expect(present).toHaveBeenCalledTimes(1);
    expect(planFiles).toHaveBeenCalledWith(result.answers, undefined, result.platform);
    expect(term.screen()).not.toContain('How many monthly active users');
  });

  it('the tier options carry one line computed from the estimate', async () => {
    const term = new MockTerminal(200);
    const { run } = wizard(term);
    await term.answer([['What do you want to deploy?', KEY.enter]]);
    await term.waitFor('Where and for whom will it run?');
    // The active option shows its hint: one line from the real tier comparison of this stack.
    const single = buildReport({ answers: AnswersSchema.parse({}), book, platforms: PLATFORMS }, 'all').tiers!.find((t) => t.tier === 'single-user')!;
    expect(tierHint(single)).toMatch(/^\$\d+\.\d\d–\$\d+\.\d\d\/mo · \d+–\d+ h · backups: .+ · multi-user: no$/);
    expect(term.screen()).toContain(`Hosted single-user (${tierHint(single)})`);
    term.press(KEY.esc);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });

  it('the multi-user tier asks for users, auth and clients', async () => {
    const term = new MockTerminal();
    const { run, present } = wizard(term);
    await term.answer([
      ['What do you want to deploy?', KEY.enter],
      ['Where and for whom will it run?', KEY.down, KEY.enter],
      ['Keep the optional', KEY.enter],
      ['One shared Postgres instance, or one per app?', KEY.enter],
      ['Which services are reachable from the internet?', KEY.enter],
      ['Which region?', KEY.enter],
      ['Custom domain', KEY.enter],
      ['How many hours', KEY.enter],
      ['How many monthly active users', '5000', KEY.enter],
      ['Which auth provider', KEY.down, KEY.enter],
      ['How do people get the client app?', KEY.enter],
      ['What next?', KEY.enter],
      ['Which platform?', KEY.enter],
      ['Write 1 file', KEY.enter],
    ]);
    const result = await run;
    expect(result.answers).toEqual(AnswersSchema.parse({ tier: 'multi-user', users: 5000, auth: 'auth0' }));
    // The view gets the scale around the answer for its cost-against-users chart.
    const scaling = present.mock.calls[0]![1 as never] as unknown as { users: number }[];
    expect(scaling.map((p) => p.users)).toEqual([500, 5000, 50000]);
  });

  it('Enter through the multi-user questions keeps their defaults implicit', async () => {
    const term = new MockTerminal();
    const { run } = wizard(term, { preset: { tier: 'multi-user' } });
    await term.answer([
      ['What do you want to deploy?', KEY.enter],
      ['Keep the optional', KEY.enter],
      ['One shared Postgres', KEY.enter],
      ['Which services are reachable from the internet?', KEY.enter],
      ['Which region?', KEY.enter],
      ['Custom domain', KEY.enter],
      ['How many hours', KEY.enter],
      ['How many monthly active users', KEY.enter],
      ['Which auth provider', KEY.enter],
      ['How do people get the client app?', KEY.enter],
      ['What next?', KEY.enter],
      ['Which platform?', KEY.enter],
      ['Write 1 file', KEY.enter],
    ]);
    const result = await run;
    expect(result.answers).toEqual(AnswersSchema.parse({ tier: 'multi-user' }));
  });

  it('a list of users compares them', async () => {
    const term = new MockTerminal();
    const { run, present } = wizard(term, {
      preset: { tier: 'multi-user', phoenix: true, db: 'shared', region: 'us-east', domain: null, auth: 'clerk', clients: 'none' },
      platform: 'fly',
    });
    await term.answer([
      ['What do you want to deploy?', KEY.enter],
      ['Which services are reachable from the internet?', KEY.enter],
      ['How many hours', KEY.enter],
      ['How many monthly active users', '1,000', KEY.enter],
      ['a whole number such as 1000', '\u007f'.repeat(5), '100,1000,10_000', KEY.enter],
      ['What next?', KEY.enter],
      ['Write 1 file', KEY.enter],
    ]);
    const result = await run;
    expect(result.answers.users).toEqual([100, 1000, 10000]);
    expect(result.report.scaling?.map((p) => p.users)).toEqual([100, 1000, 10000]);
    expect(present.mock.calls[0]![0].scaling).toBe(result.report.scaling);
  });

  it('answers given by flags are not asked again', async () => {
    const term = new MockTerminal();
    const { run } = wizard(term, { preset: { tier: 'multi-user', region: 'eu-west', users: 2000, phoenix: false }, platform: 'render' });
    await term.answer([
      ['What do you want to deploy?', KEY.enter],
      ['One shared Postgres', KEY.enter],
      ['Which services are reachable from the internet?', KEY.enter],
      ['Custom domain', 'api.example.com', KEY.enter],
      ['How many hours', KEY.enter],
      ['Which auth provider', KEY.enter],
      ['How do people get the client app?', KEY.enter],
      ['What next?', KEY.enter],
      ['Write 1 file', KEY.enter],
    ]);
    const result = await run;
    const screen = term.screen();
    for (const asked of ['Where and for whom', 'Which region?', 'How many monthly active users', 'Keep the optional', 'Which platform?'])
      expect(screen).not.toContain(asked);
    expect(result.platform).toBe('render');
    expect(result.answers).toEqual(AnswersSchema.parse({ tier: 'multi-user', region: 'eu-west', users: 2000, phoenix: false, domain: 'api.example.com' }));
  });

  it('Esc at the first prompt cancels', async () => {
    const term = new MockTerminal();
    const { run, planFiles } = wizard(term);
    await term.waitFor('What do you want to deploy?');
    term.press(KEY.esc);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    await expect(run).rejects.toMatchObject({ progress: { answered: {} } });
    expect(planFiles).not.toHaveBeenCalled();
  });

  it('Ctrl-C at a later prompt cancels', async () => {
    const term = new MockTerminal();
    const { run } = wizard(term);
    await term.answer([
      ['What do you want to deploy?', KEY.enter],
      ['Where and for whom will it run?', KEY.ctrlC],
    ]);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });

  it('Ctrl-C at the final confirm cancels before anything is returned to write', async () => {
    const term = new MockTerminal();
    const { run, planFiles } = wizard(term);
    await term.answer([...DEFAULT_SCRIPT.slice(0, -1), ['Write 1 file', KEY.ctrlC]]);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(planFiles).toHaveBeenCalledTimes(1);
  });

  describe('a cancel keeps the answers given so far', () => {
    async function progressAt(script: readonly (readonly [string, ...string[]])[], overrides: Partial<WizardOptions> = {}): Promise<WizardProgress> {
      const term = new MockTerminal();
      const { run } = wizard(term, overrides);
      await term.answer(script);
      const error = await run.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WizardCancelledError);
      return (error as WizardCancelledError).progress;
    }

    it('each answer by value, a default taken too; the built-in stack replaces --compose or --services', async () => {
      const progress = await progressAt([
        ['What do you want to deploy?', KEY.enter],
        ['Where and for whom will it run?', KEY.down, KEY.enter], // multi-user
        ['Keep the optional', KEY.enter],
        ['One shared Postgres instance, or one per app?', KEY.ctrlC],
      ]);
      expect(progress).toEqual({ answered: { compose: undefined, services: undefined, tier: 'multi-user', phoenix: true } });
    });

    it('the public services, and the ones made private', async () => {
      const progress = await progressAt([
        ...DEFAULT_SCRIPT.slice(0, 4),
        ['Which services are reachable from the internet?', 'tools-api', KEY.enter],
        ['Which region?', KEY.esc],
      ]);
      expect(progress.answered).toMatchObject({ tier: 'single-user', db: 'shared', public: ['tools-api'], private: ['reasoning-api'] });
    });

    it('a custom stack: the services entered before the cancel', async () => {
      const progress = await progressAt([
        ['What do you want to deploy?', KEY.down, KEY.enter],
        ['Service 1: name', 'web', KEY.enter],
        ['What does web do?', KEY.enter],
        ['Memory of web in MB', '256', KEY.enter],
        ['Add another service?', KEY.left, KEY.enter],
        ['Service 2: name', KEY.ctrlC],
      ]);
      expect(progress).toEqual({ answered: { services: [{ name: 'web', role: 'api', memoryMb: 256 }] } });
    });

    it('once the files are planned: the platform, and the answers in full', async () => {
      const progress = await progressAt([...DEFAULT_SCRIPT.slice(0, -1), ['Write 1 file', KEY.ctrlC]]);
      expect(progress.chosen).toEqual({ answers: AnswersSchema.parse({}), platform: 'railway' });
    });

    it('answers given by flags are not answers given so far', async () => {
      const progress = await progressAt([['Where and for whom will it run?', KEY.esc]], {
        preset: { compose: 'compose.yaml' },
        imported: { kind: 'compose', services: [] } as unknown as StackSource,
      });
      expect(progress).toEqual({ answered: {} });
    });
  });

  it('the hours of use: a number from above 0 to 24, shown in the review with its flag, replayed as --active-hours', async () => {
    const term = new MockTerminal(120);
    const { run, present } = wizard(term, { platform: 'fly' });
    await term.answer([
      ...DEFAULT_SCRIPT.slice(0, 7),
      ['How many hours a day is the stack in use? (Enter: all day, priced always on)', 'lots', KEY.enter],
      ['a number of hours a day, such as 3', '\u007f'.repeat(4), '0', KEY.enter],
      ['more than 0 hours a day', '\u007f', '25', KEY.enter],
      ['at most 24 hours a day (got 25)', '\u007f'.repeat(2), '3', KEY.enter],
      // With hours of use, which services stay on all day (--service NAME:alwaysOn=true).
      ['Which services must stay on all day', 'postgress', KEY.enter],
      ['not a service of this stack: postgress', '\u007f'.repeat(9), 'litellm', KEY.enter],
      ['What next?', KEY.down, KEY.enter],
      ['Hours of use: 3 h a day (--active-hours 3)', ''],
      ['Always on: litellm (--service NAME:alwaysOn=true)', KEY.up, KEY.enter], // "← Back, change nothing"
      ['What next?', KEY.enter],
      ['Write 1 file', KEY.enter],
    ]);
    const result = await run;
    expect(result.draft).toEqual({ activeHours: 3, serviceOverrides: { litellm: { alwaysOn: true } } });
    expect(result.answers).toEqual(AnswersSchema.parse({ activeHours: 3, serviceOverrides: { litellm: { alwaysOn: true } } }));
    // The comparison the view draws is priced for 3 hours a day: Fly's total below its always-on one.
    const report = present.mock.calls[0]![0] as Report;
    const fly = report.estimates.find((e) => e.platform === 'fly')!;
    expect(fly.idle?.activeHours).toBe(3);
    expect(fly.idle!.awake.find((a) => a.name === 'litellm')!.why).toContain('you asked for it to stay on (--service litellm:alwaysOn=true)');
    const alwaysOn = buildReport({ answers: AnswersSchema.parse({}), book, platforms: PLATFORMS }).estimates.find((e) => e.platform === 'fly')!;
    expect(Number(fly.monthlyTotal)).toBeLessThan(Number(alwaysOn.monthlyTotal));
    expect(replayArgs({ answers: result.answers, platform: 'fly', base: AnswersSchema.parse({}), flags: {} })).toEqual([
      'generate',
      '--platform',
      'fly',
      '--tier',
      'single-user',
      '--service',
      'litellm:alwaysOn=true',
      '--active-hours',
      '3',
    ]);
  });

  it('Enter or 24 at the hours question is all day: no activeHours, priced always on; the local tier is not asked', async () => {
    const term = new MockTerminal(120);
    const { run } = wizard(term, { platform: 'fly' });
    await term.answer([...DEFAULT_SCRIPT.slice(0, 7), ['How many hours a day', '24', KEY.enter], ['What next?', KEY.enter], ['Write 1 file', KEY.enter]]);
    const result = await run;
    expect(result.draft).toEqual({});
    expect(result.report.estimates.find((e) => e.platform === 'fly')!.idle).toBeUndefined();

    const local = new MockTerminal(120);
    const { run: localRun } = wizard(local, { preset: { tier: 'local' }, platform: 'local' });
    await local.answer([
      ['What do you want to deploy?', KEY.enter],
      ['Keep the optional', KEY.enter],
      ['One shared Postgres', KEY.enter],
      ['Which services are reachable from the internet?', KEY.enter],
      ['Which region?', KEY.enter],
      ['What next?', KEY.enter],
      ['Write 1 file', KEY.enter],
    ]);
    await localRun;
    expect(local.screen()).not.toContain('How many hours');
  });

  it('"Change an answer" re-asks one question and draws the comparison again', async () => {
    const term = new MockTerminal();
    const { run, present } = wizard(term);
    await term.answer([
      ...DEFAULT_SCRIPT.slice(0, 8),
      ['What next?', KEY.down, KEY.enter],
      ['Which answer?', KEY.down, KEY.down, KEY.down, KEY.down, KEY.down, KEY.enter], // what to deploy → tier → optional → databases → public services → region
      ['Which region?', KEY.down, KEY.down, KEY.enter],
      ['region=eu-west', KEY.enter],
      ['Which platform?', KEY.enter],
      ['Write 1 file', KEY.enter],
    ]);
    const result = await run;
    expect(result.answers).toEqual(AnswersSchema.parse({ region: 'eu-west' }));
    expect(present).toHaveBeenCalledTimes(2);
  });

  it('after "Change an answer" the comparison is followed by the change against the previous answers', async () => {
    const term = new MockTerminal(120);
    const { run } = wizard(term);
    await term.answer([
      ...DEFAULT_SCRIPT.slice(0, 2),
      ['Keep the optional', KEY.enter],
      ...DEFAULT_SCRIPT.slice(3, 8), // databases, public services, region, custom domain, hours
      ['What next?', KEY.down, KEY.enter],
      ['Which answer?', KEY.down, KEY.down, KEY.enter], // what to deploy → tier → optional services
      ['Keep the optional', KEY.left, KEY.enter], // No: drop Phoenix
      ['phoenix false', KEY.enter],
      ['Which platform?', KEY.enter],
      ['Write 1 file', KEY.enter],
    ]);
    await run;
    const screen = term.screen();
    expect(screen).toContain('stackfare diff: the previous answers → phoenix false');
    // Railway Hobby with Phoenix, in cents: four services' memory 500 + 500 + 2,000 + 2,000 and CPU
    // 100 + 100 + 200 + 200, postgres 500 + 100 + volume 5 GB × 15 = 75, egress 10 GB × 5 = 50, plan
    // 500 − 500 included = 6,325. Phoenix's memory (2 GB × 1,000 = 2,000) and CPU (1 vCPU × 10% × 2,000
    // = 200) go: 6,325 − 2,200 = 4,125. It has no volume to drop (its data lives in Postgres).
    expect(screen).toMatch(/Railway \(Hobby\)\s+\$63\.25\s+\$41\.25\s+-\$22\.00/);
    expect(screen).toContain('- phoenix: memory');
    expect(screen).toContain('- phoenix: CPU');
    expect(screen).not.toContain('- phoenix: volume');
  });

  it('switching to multi-user in the review asks the questions that tier needs', async () => {
    const term = new MockTerminal();
    const { run } = wizard(term);
    await term.answer([
      ...DEFAULT_SCRIPT.slice(0, 8),
      ['What next?', KEY.down, KEY.enter],
      ['Which answer?', KEY.down, KEY.enter], // the tier
      ['Where and for whom will it run?', KEY.down, KEY.enter],
      ['How many monthly active users', '300', KEY.enter],
      ['Which auth provider', KEY.enter],
      ['How do people get the client app?', KEY.enter],
      ['tier=multi-user', KEY.enter],
      ['Which platform?', KEY.enter],
      ['Write 1 file', KEY.enter],
    ]);
    expect((await run).answers).toEqual(AnswersSchema.parse({ tier: 'multi-user', users: 300 }));
  });

  it('"Back" in the platform list returns to the answers; "No" at the confirm returns to the review', async () => {
    const term = new MockTerminal();
    const { run, present } = wizard(term);
    await term.answer([
      ...DEFAULT_SCRIPT.slice(0, 8),
      ['What next?', KEY.enter],
      ['Which platform?', KEY.up, KEY.enter], // wraps to "← Back to the answers"
      ['Which answer?', KEY.up, KEY.enter], // "← Back, change nothing"
      ['What next?', KEY.enter],
      ['Which platform?', KEY.enter],
      ['Write 1 file', KEY.right, KEY.enter], // No
      ['What next?', KEY.enter],
      ['Which platform?', KEY.enter],
      ['Write 1 file', KEY.enter],
    ]);
    await run;
    expect(present).toHaveBeenCalledTimes(3);
    // Nothing changed, so no diff is drawn.
    expect(term.screen()).not.toContain('stackfare diff');
  });

  it('a custom stack asks name, role and memory for each service', async () => {
    const term = new MockTerminal();
    const { run } = wizard(term);
    await term.answer([
      ['What do you want to deploy?', KEY.down, KEY.enter],
      ['Service 1: name', 'web', KEY.enter],
      ['What does web do?', KEY.down, KEY.down, KEY.down, KEY.enter],
      ['Memory of web in MB', '256', KEY.enter],
      ['Add another service?', KEY.left, KEY.enter],
      ['Service 2: name', 'jobs', KEY.enter],
      ['What does jobs do?', KEY.down, KEY.down, KEY.down, KEY.down, KEY.enter],
      ['Memory of jobs in MB', KEY.enter],
      ['Add another service?', KEY.enter],
      ['Where and for whom will it run?', KEY.enter],
      ['Which region?', KEY.enter],
      ['Custom domain', KEY.enter],
      ['How many hours', KEY.enter],
      ['What next?', KEY.enter],
      ['Which platform?', KEY.enter],
      ['Write 1 file', KEY.enter],
    ]);
    const result = await run;
    expect(result.draft.services).toEqual([
      { name: 'web', role: 'web', memoryMb: 256 },
      { name: 'jobs', role: 'worker', memoryMb: 512 },
    ]);
    expect(result.answers).toEqual(
      AnswersSchema.parse({
        services: [
          { name: 'web', role: 'web', memoryMb: 256 },
          { name: 'jobs', role: 'worker', memoryMb: 512 },
        ],
      }),
    );
    // Nothing optional and no databases: those questions do not apply.
    expect(term.screen()).not.toContain('Keep the optional');
    expect(term.screen()).not.toContain('One shared Postgres');
  });

  it('a service name is checked before moving on', async () => {
    const term = new MockTerminal();
    const { run } = wizard(term);
    await term.answer([
      ['What do you want to deploy?', KEY.down, KEY.enter],
      ['Service 1: name', 'a:b', KEY.enter],
      ['letters, digits, ".", "_" and "-"', KEY.esc],
    ]);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });

  it('a compose file that cannot be read is reported and the first question asked again', async () => {
    const term = new MockTerminal();
    const imported: StackSource = {
      kind: 'compose',
      services: [{ name: 'app', role: 'api', memoryMb: 256, vcpu: 0.5, instances: 1, public: true, env: [], usesDatabase: false, optional: false }],
    };
    let attempts = 0;
    const { run } = wizard(term, {
      composeFiles: ['compose.yaml'],
      importCompose: async (file) => {
        attempts += 1;
        if (attempts === 1) throw new UserError(`${file}: services.app.image is missing`, { hint: 'Give every service an image or a build.' });
        return imported;
      },
    });
    await term.answer([
      // A compose file in the folder is the proposed source, so Enter picks it (and again after the error).
      ['The compose file compose.yaml', KEY.enter],
      ['services.app.image is missing', KEY.enter],
      ['Where and for whom will it run?', KEY.enter],
      ['Which region?', KEY.enter],
      ['Custom domain', KEY.enter],
      ['How many hours', KEY.enter],
      ['What next?', KEY.enter],
      ['Which platform?', KEY.enter],
      ['Write 1 file', KEY.enter],
    ]);
    const result = await run;
    expect(term.screen()).toContain('Give every service an image or a build.');
    expect(result.answers.compose).toBe('compose.yaml');
    expect(result.source).toBe(imported);
    expect(result.report.stack.source).toBe('compose');
  });

  describe('a file conflict at the end never loses the answers', () => {
    const conflicted = (out?: string): PlannedFiles => ({
      writes: [
        { file: { path: 'render.yaml', contents: 'x' }, target: `/${out ?? 'here'}/render.yaml`, status: out ? 'new' : 'changed' },
        { file: { path: 'DEPLOY.md', contents: 'x' }, target: `/${out ?? 'here'}/DEPLOY.md`, status: out ? 'new' : 'unchanged' },
      ],
    });
    const planFiles = async (_a: unknown, _s: unknown, _p: unknown, out?: string) => conflicted(out);

    it('lists new / changed / unchanged, then overwrite sets force', async () => {
      const term = new MockTerminal(120);
      const { run } = wizard(term, { platform: 'render', planFiles });
      await term.answer([...DEFAULT_SCRIPT.slice(0, 9), ['What now?', KEY.enter], ['Write 1 file (overwriting 1) to the current folder?', KEY.enter]]);
      const result = await run;
      expect(term.screen()).toMatch(/changed\s+render\.yaml/);
      expect(term.screen()).toMatch(/unchanged\s+DEPLOY\.md/);
      expect(term.screen()).toContain('1 file exists in the current folder and differs from what stackfare would write. What now?');
      expect(result).toMatchObject({ force: true, cancelled: false, platform: 'render' });
      expect(result.out).toBeUndefined();
    });

    it('another folder plans the files there', async () => {
      const term = new MockTerminal(120);
      const { run } = wizard(term, { platform: 'render', planFiles });
      await term.answer([
        ...DEFAULT_SCRIPT.slice(0, 9),
        ['What now?', KEY.down, KEY.enter],
        ['Which folder?', 'elsewhere', KEY.enter],
        ['Write 2 files to elsewhere?', KEY.enter],
      ]);
      const result = await run;
      expect(result).toMatchObject({ out: 'elsewhere', force: false, cancelled: false });
      expect(result.planned.writes.every((w) => w.status === 'new')).toBe(true);
    });

    it('cancel returns the answers, marked cancelled', async () => {
      const term = new MockTerminal(120);
      const { run } = wizard(term, { platform: 'render', planFiles });
      await term.answer([...DEFAULT_SCRIPT.slice(0, 9), ['What now?', KEY.down, KEY.down, KEY.enter]]);
      const result = await run;
      expect(result).toMatchObject({ cancelled: true, force: false });
      expect(result.answers).toEqual(AnswersSchema.parse({}));
    });
  });

  it('a compose file in the folder is the proposed source', async () => {
    const term = new MockTerminal();
    const imported = { kind: 'compose', services: [] } as unknown as StackSource;
    const { run } = wizard(term, { composeFiles: ['compose.yaml'], importCompose: async () => imported, platform: 'render' });
    await term.answer([['What do you want to deploy?', KEY.enter]]);
    await term.waitFor('Where and for whom will it run?');
    term.press(KEY.ctrlC);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(term.screen()).toMatch(/◇\s+What do you want to deploy\?\s+│\s+The compose file compose\.yaml/);
  });
});

describe('questions as data', () => {
  it('every question names an answers field and a flag that sets it', () => {
    for (const q of QUESTIONS) {
      const flag = FLAGS.find((f) => f.name === q.flag);
      expect(flag, q.id).toBeDefined();
      expect(flag!.answer).toBe(q.key);
      expect(Object.keys(AnswersSchema.shape)).toContain(q.key);
    }
    SOURCE_QUESTION.flags.forEach((name, i) => {
      expect(FLAGS.find((f) => f.name === name)?.answer).toBe(SOURCE_QUESTION.keys[i]);
    });
  });

  it('looks for the same compose file names as the compose reader', () => {
    expect(COMPOSE_FILE_NAMES).toEqual(DEFAULT_COMPOSE_FILES);
  });
});

describe('defaults for the platform and the scale', () => {
  it('proposes the cheapest platform that fits the tier', () => {
    const report = {
      cheapest: 'railway',
      estimates: [
        { platform: 'railway', monthlyTotal: 10, fitsTier: true, warnings: [] },
        { platform: 'fly', monthlyTotal: 20, fitsTier: true, warnings: [] },
        { platform: 'render', monthlyTotal: 15, fitsTier: true, warnings: [] },
        { platform: 'local', monthlyTotal: 0, fitsTier: false, warnings: [] },
      ],
    } as unknown as Report;
    expect(defaultPlatform(report)).toBe('railway');
    expect(defaultPlatform({ ...report, cheapest: null } as Report)).toBe(report.estimates[0]!.platform);
    // Nothing fits: the first platform that can run the stack, never one that cannot size a service.
    const blocked = { code: 'x.no-size', severity: 'error', message: 'no size', blocking: true };
    const none = {
      cheapest: null,
      estimates: report.estimates.map((e, i) => ({ ...e, fitsTier: false, warnings: i < 2 ? [blocked] : [] })),
    } as unknown as Report;
    expect(defaultPlatform(none)).toBe('render');
  });

  it('scales users by ten each way', () => {
    expect(usersAround(1000)).toEqual([100, 1000, 10000]);
    expect(usersAround(1)).toEqual([1, 10]);
  });
});

describe('the command that resumes a cancelled wizard', () => {
  it('names every answer given, carries the flags of the run, and parses back to the same answers', () => {
    const answers: AnswersInput = { tier: 'multi-user', phoenix: false, db: 'shared', public: ['reasoning-api'], users: [100, 1000], region: 'us-east' };
    const args = resumeArgs({ answers, flags: { out: 'deploy', platform: 'render', 'dry-run': true, yes: false, tier: 'multi-user' } });
    expect(args).toEqual([
      '--tier',
      'multi-user',
      '--no-phoenix',
      '--db',
      'shared',
      '--users',
      '100,1000',
      '--region',
      'us-east',
      '--public',
      'reasoning-api',
      '--platform',
      'render',
      '--out',
      'deploy',
      '--dry-run',
    ]);
    const parsed = parseArgs(args);
    expect(parsed.command).toBe('wizard');
    expect(parsed.answers).toEqual(answers);
  });

  it('leaves out what no flag can say', () => {
    expect(resumeArgs({ answers: { compose: undefined, services: undefined, domain: null, tier: 'single-user' }, flags: {} })).toEqual([
      '--tier',
      'single-user',
    ]);
  });
});

describe('a command on a narrow terminal', () => {
  /** The words a POSIX shell reads from the lines. */
  const shellWords = (lines: readonly string[]) => {
    const r = spawnSync('sh', ['-c', `for w in ${lines.join('\n').trimStart()}; do printf '%s\\0' "$w"; done`], { encoding: 'utf8' });
    return r.stdout.split('\0').slice(0, -1);
  };

  it('stays one line where it fits', () => {
    expect(commandLines(['stackfare', 'generate', '--platform', 'fly'], 80)).toEqual(['  stackfare generate --platform fly']);
  });

  it.each([40, 47, 60])('at %i columns: lines that fit, continued with \\, a flag beside its value, the same words for the shell', (width) => {
    const words = [
      'stackfare',
      'generate',
      '--platform',
      'railway',
      '--tier',
      'single-user',
      '--name',
      "Bob's stack",
      '--region',
      'eu-west',
      '--out',
      'deploy dir',
    ];
    const lines = commandLines(words, width);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(width);
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/ \\$/);
    expect(lines.join('\n')).toMatch(/--platform railway/);
    expect(shellWords(lines)).toEqual(words);
  });

  it('a word wider than any line is split into quoted parts the shell joins again', () => {
    const long = `web:web:512,${Array.from({ length: 8 }, (_, i) => `svc-${i}:worker:256`).join(',')}`;
    const words = ['stackfare', '--services', long, '--out', "it's here"];
    const lines = commandLines(words, 40);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(40);
    expect(shellWords(lines)).toEqual(words);
  });
});

describe('the replay command', () => {
  /** Parses the replay's arguments back the way the CLI does. */
  async function replayed(input: AnswersInput, platform: PlatformId = 'render') {
    const answers = AnswersSchema.parse(input);
    const args = replayArgs({ answers, platform, base: AnswersSchema.parse({}), flags: {} });
    const parsed = parseArgs(args);
    expect(parsed.command).toBe('generate');
    expect(parsed.flags.platform).toBe(platform);
    const back = await resolveAnswers({ flags: parsed.answers, answerFlags: parsed.answerFlags });
    return { answers, back, args };
  }

  it.each<[string, AnswersInput]>([
    ['the defaults', {}],
    ['the multi-user defaults', { tier: 'multi-user' }],
    [
      'every question answered',
      {
        tier: 'multi-user',
        phoenix: false,
        db: 'separate',
        region: 'eu-central',
        domain: 'api.example.com',
        users: [100, 1000, 10000],
        auth: 'supabase',
        clients: 'mac-app-store',
      },
    ],
    [
      'a custom stack',
      {
        services: [
          { name: 'web', role: 'web', memoryMb: 256 },
          { name: 'jobs', role: 'worker', memoryMb: 1024 },
        ],
      },
    ],
    [
      'other flags',
      {
        name: 'my stack',
        serviceOverrides: { 'reasoning-api': { instances: 2, memoryMb: 1024 } },
        egressGb: 50,
        dbStorageGb: 20,
        utilization: 0.5,
        instances: 2,
        memoryMb: 768,
        compose: 'compose.yaml',
      },
    ],
    ['the local tier', { tier: 'local', phoenix: false }],
  ])('reproduces %s', async (_name, input) => {
    const { answers, back } = await replayed(input);
    expect(back).toEqual(answers);
  });

  it("leaves out the platforms compared: generate writes one platform's files", async () => {
    const { args } = await replayed({ platforms: ['fly', 'render'] }, 'fly');
    expect(args).toEqual(['generate', '--platform', 'fly', '--tier', 'single-user']);
  });

  it('names only answers that differ from the defaults', async () => {
    expect((await replayed({})).args).toEqual(['generate', '--platform', 'render', '--tier', 'single-user']);
    expect((await replayed({ tier: 'multi-user', region: 'eu-west', phoenix: false })).args).toEqual([
      'generate',
      '--platform',
      'render',
      '--tier',
      'multi-user',
      '--no-phoenix',
      '--region',
      'eu-west',
    ]);
  });

  it('is one shell line with values quoted', () => {
    const line = replayCommand({
      answers: AnswersSchema.parse({ name: "Bob's stack" }),
      platform: 'fly',
      base: AnswersSchema.parse({}),
      flags: { out: 'deploy dir', force: true },
    });
    expect(line).toBe(`stackfare generate --platform fly --tier single-user --name 'Bob'\\''s stack' --out 'deploy dir'`);
  });

  it('starts from an answers file and overrides only what changed', async () => {
    const file = { tier: 'multi-user', region: 'eu-west', users: 500 } as const;
    const answers = AnswersSchema.parse({ ...file, region: 'us-east' });
    const args = replayArgs({ answers, platform: 'render', base: AnswersSchema.parse(file), flags: { answers: 'answers.yaml' } });
    expect(args).toEqual(['generate', '--platform', 'render', '--tier', 'multi-user', '--region', 'us-east', '--answers', 'answers.yaml']);
    const parsed = parseArgs(args);
    const back = await resolveAnswers({ flags: parsed.answers, answerFlags: parsed.answerFlags, file: 'answers.yaml' }, file);
    expect(back).toEqual(answers);
  });
});
