/** The wizard as a state machine: each step fired with keys returns the next state; what a cancel keeps (progressOf) is read from a state alone. */
import { describe, expect, it } from 'vitest';
import { AnswersSchema, type PlatformId } from '../../src/core/answers.js';
import { buildReport } from '../../src/core/report.js';
import type { Measurement } from '../../src/core/usage-sizing.js';
import { UserError } from '../../src/errors.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { PLATFORMS } from '../../src/platforms/index.js';
import type { MeasureEffects } from '../../src/ui/wizard/measure-offer.js';
import { initialMachine, type Machine, type PlannedFiles, progressOf, type StepEnv, type WizardOptions, wizardStep } from '../../src/ui/wizard/run-wizard.js';
import { KEY, MockTerminal } from './mock-terminal.js';

const book = builtinPriceBook();

function setup(overrides: Partial<WizardOptions> = {}, status: 'new' | 'changed' = 'new') {
  const term = new MockTerminal();
  const o: WizardOptions = {
    input: term.input,
    output: term.output,
    preset: {},
    book,
    platforms: PLATFORMS,
    composeFiles: [],
    importCompose: async (file) => {
      throw new UserError(`cannot read ${file}`);
    },
    present: async () => 'VIEW\n',
    planFiles: async (_a, _s, platform: PlatformId, out?: string): Promise<PlannedFiles> => ({
      writes: [{ file: { path: `${platform}.toml`, contents: 'x' }, target: `/${out ?? 'here'}/${platform}.toml`, status: out ? 'new' : status }],
    }),
    force: false,
    dryRun: false,
    outLabel: 'the current folder',
    animate: false,
    ...overrides,
  };
  const env: StepEnv = { o, io: { input: term.input, output: term.output } };
  /** Runs one step: the keys are pressed once `prompt` is drawn. */
  const fire = async (m: Machine, prompt: string, ...keys: string[]): Promise<Machine> => {
    const next = wizardStep(m, env);
    await term.waitFor(prompt);
    term.press(...keys);
    return next;
  };
  return { term, o, env, fire };
}

describe('the wizard state machine', () => {
  it('starts at "what to deploy", or at the tier comparison when a flag chose the stack', () => {
    expect(initialMachine(setup().o).step).toEqual({ at: 'source' });
    expect(initialMachine(setup({ preset: { services: [{ name: 'web', memoryMb: 256 }] } }).o).step).toEqual({ at: 'measure' });
  });

  it('a step returns the next state; the comparison of tiers needs no prompt and returns at once', async () => {
    const { env, fire } = setup();
    let m = await fire(initialMachine(env.o), 'What do you want to deploy?', KEY.enter);
    expect(m.step).toEqual({ at: 'measure' });
    expect(m.state.sourceAnswered).toBe(true);
    // No offer to measure without the effects: no prompt, the tiers next.
    const measure = wizardStep(m, env);
    expect(measure).not.toBeInstanceOf(Promise);
    m = measure as Machine;
    expect(m.step).toEqual({ at: 'tiers' });
    // No prompt: the next machine comes back synchronously, not as a promise.
    const tiers = wizardStep(m, env);
    expect(tiers).not.toBeInstanceOf(Promise);
    m = tiers as Machine;
    expect(m.step).toEqual({ at: 'questions', from: 0 });
    expect(m.state.tiers.map((t) => t.tier)).toEqual(['local', 'single-user', 'multi-user']);
    m = await fire(m, 'Where and for whom will it run?', KEY.down, KEY.enter);
    expect(m.step).toEqual({ at: 'questions', from: 1 });
    expect(m.state.draft).toEqual({ tier: 'multi-user' });
    expect([...m.state.asked]).toEqual(['tier']);
    expect(progressOf(m.state)).toEqual({ answered: { compose: undefined, services: undefined, tier: 'multi-user' } });
  });

  it('the questions step skips what flags gave and asks the next that applies', async () => {
    const { env, fire } = setup({ preset: { tier: 'local', phoenix: false, db: 'separate' } });
    let m: Machine = { ...initialMachine(env.o), step: { at: 'questions', from: 0 } };
    m = await fire(m, 'Which services are reachable from the internet?', KEY.enter);
    expect(m.step).toEqual({ at: 'questions', from: 4 });
    m = await fire(m, 'Which region?', KEY.down, KEY.enter);
    expect(m.state.draft).toMatchObject({ tier: 'local', phoenix: false, db: 'separate', region: 'us-west' });
    // Local asks no domain and none of the multi-user questions: the comparison comes next.
    const next = await wizardStep(m, env);
    expect(next.step).toEqual({ at: 'compare' });
  });

  it('a custom stack is entered one service per step; a cancel keeps the services entered', async () => {
    const { env, fire, term } = setup();
    let m = await fire(initialMachine(env.o), 'What do you want to deploy?', KEY.down, KEY.enter);
    expect(m.step).toEqual({ at: 'service', index: 0, previous: undefined, services: [] });
    const next = wizardStep(m, env);
    await term.answer([
      ['Service 1: name', 'web', KEY.enter],
      ['What does web do?', KEY.enter],
      ['Memory of web in MB', '256', KEY.enter],
      ['Add another service?', KEY.left, KEY.enter],
    ]);
    m = await next;
    expect(m.step).toMatchObject({ at: 'service', index: 1 });
    expect(progressOf(m.state)).toEqual({ answered: { services: [{ name: 'web', role: 'api', memoryMb: 256 }] } });
    expect(m.state.draft).toEqual({});
  });

  it('progressOf is a function of the state alone', () => {
    const { o } = setup();
    const { state } = initialMachine(o);
    expect(progressOf(state)).toEqual({ answered: {} });
    const answers = AnswersSchema.parse({});
    const s = {
      ...state,
      draft: { region: 'eu-west' as const },
      asked: new Set(['region']),
      sourceAnswered: true,
      chosen: { answers, platform: 'fly' as const },
    };
    expect(progressOf(s)).toEqual({ answered: { compose: undefined, services: undefined, region: 'eu-west' }, chosen: { answers, platform: 'fly' } });
    // A default taken at a prompt is named too, so a resumed run does not ask it again.
    expect(progressOf({ ...state, asked: new Set(['tier']) }).answered).toEqual({ tier: 'single-user' });
  });

  it('files that differ: overwrite leads to the confirm with force; another folder is planned and chosen', async () => {
    const { env, fire, term } = setup({}, 'changed');
    const answers = AnswersSchema.parse({});
    const report = buildReport({ answers, book, platforms: PLATFORMS });
    const start = initialMachine(env.o);
    const files = await wizardStep({ ...start, step: { at: 'files', answers, report, platform: 'fly' } }, env);
    expect(files.step.at).toBe('conflict');
    expect(progressOf(files.state).chosen).toEqual({ answers, platform: 'fly' });
    const overwrite = await fire(files, 'What now?', KEY.enter);
    expect(overwrite.step).toMatchObject({ at: 'confirm', plan: { force: true, platform: 'fly' } });
    const next = wizardStep(files, env);
    await term.answer([
      ['What now?', KEY.down, KEY.enter],
      ['Which folder?', 'deploy', KEY.enter],
    ]);
    const folder = await next;
    expect(folder.step).toMatchObject({ at: 'confirm', plan: { out: 'deploy', outLabel: 'deploy', force: false } });
    expect(progressOf(folder.state).chosen).toEqual({ answers, platform: 'fly', out: 'deploy' });
  });
});

describe('the offer to measure', () => {
  const usage = { file: { project: 'shop' }, now: new Date(0) } as unknown as Measurement;
  function effects(running: boolean, measureFor?: number | 'skip') {
    const calls = { find: 0, measured: [] as number[] };
    const e: MeasureEffects = {
      measureFor,
      findRunning: async () => {
        calls.find += 1;
        return running ? { project: 'shop', containers: 2, endpoint: 'unix:///run/docker.sock' } : undefined;
      },
      measure: async (_running, _draft, seconds, progress) => {
        calls.measured.push(seconds);
        progress('[#-] 50%');
        return { file: 'stackfare.usage.json', usage, summary: 'Measured shop: 3 samples' };
      },
    };
    return { e, calls };
  }
  const atMeasure = (o: WizardOptions): Machine => ({ ...initialMachine(o), step: { at: 'measure' } });

  it('a running project is offered; a duration samples it, sizes from it and names the file for the replay and a resume', async () => {
    const { e, calls } = effects(true);
    const { env, fire, term } = setup({ measure: e });
    const m = await fire(atMeasure(env.o), 'The compose project shop is running (2 containers', KEY.down, KEY.enter);
    expect(calls.measured).toEqual([300]);
    expect(m.step).toEqual({ at: 'tiers' });
    expect(m.state.usage).toBe(usage);
    expect(m.state.draft.usage).toBe('stackfare.usage.json');
    expect(progressOf(m.state)).toEqual({ answered: { usage: 'stackfare.usage.json' }, measured: 'stackfare.usage.json' });
    expect(term.screen()).toContain('Measured shop: 3 samples');
    // Offered once: a second pass (a new source from the review) asks nothing.
    expect(wizardStep({ ...m, step: { at: 'measure' } }, env)).not.toBeInstanceOf(Promise);
  });

  it('Enter skips (the default): nothing sampled, nothing sized, not offered again', async () => {
    const { e, calls } = effects(true);
    const { env, fire } = setup({ measure: e });
    const m = await fire(atMeasure(env.o), 'Measure what it really uses', KEY.enter);
    expect(calls.measured).toEqual([]);
    expect(m.state.usage).toBeUndefined();
    expect(m.state.draft.usage).toBeUndefined();
    expect(m.state.measureOffered).toBe(true);
    expect(wizardStep({ ...m, step: { at: 'measure' } }, env)).not.toBeInstanceOf(Promise);
  });

  it('not offered when a usage file is given, when nothing runs, or with --measure skip; --measure TIME samples without asking', async () => {
    const given = effects(true);
    const withUsage = setup({ measure: given.e, preset: { usage: 'mine.usage.json' } });
    expect(wizardStep(atMeasure(withUsage.o), withUsage.env)).toEqual({ state: expect.anything(), step: { at: 'tiers' } });
    expect(given.calls.find).toBe(0);

    const idle = effects(false);
    const none = setup({ measure: idle.e });
    const m = await wizardStep(atMeasure(none.o), none.env);
    expect([m.step, m.state.usage, idle.calls.find, idle.calls.measured]).toEqual([{ at: 'tiers' }, undefined, 1, []]);
    expect(none.term.screen()).not.toContain('Measure');

    const skip = effects(true, 'skip');
    const skipped = setup({ measure: skip.e });
    await wizardStep(atMeasure(skipped.o), skipped.env);
    expect(skip.calls.find).toBe(0);

    const timed = effects(true, 3);
    const flag = setup({ measure: timed.e });
    const measured = await wizardStep(atMeasure(flag.o), flag.env);
    expect(timed.calls.measured).toEqual([3]);
    expect(measured.state.draft.usage).toBe('stackfare.usage.json');
    expect(flag.term.screen()).not.toContain('Measure what it really uses');
  });
});
