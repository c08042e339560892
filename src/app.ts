/**
 * run(argv, deps): the dispatcher. It parses the command line and hands it to the command's
 * module; everything from the outside world arrives in `deps`, so tests run the whole CLI
 * in-process with fake streams and files. What commands share lives in commands/context.ts.
 */
import { type Command, helpText, type ParsedArgs, parseArgs } from './args.js';
import type { AppDeps } from './commands/context.js';
import { estimateCommand } from './commands/estimate.js';
import { VERSION } from './version.js';

// What the run (src/main.ts) needs beside run(): loaded, as it is, only after the compile cache is on.
export { readInput } from './io/read-input.js';
export { escapeControlsInText } from './ui/format.js';

/** A command: the parsed command line and the outside world in, the exit code out. */
type CommandRun = (args: ParsedArgs, deps: AppDeps) => Promise<number>;

/**
 * Each command's module, loaded when it runs: a command's code (and what it alone needs) costs
 * nothing to the others' start. `estimate` is bound at once: it is the start-up the bench measures.
 */
const COMMAND_TABLE: Record<Command, () => Promise<CommandRun>> = {
  help: async () => async (args, deps) => {
    deps.stdout.write(`${helpText(args.positionals[0] as Command | undefined)}\n`);
    return 0;
  },
  version: async () => async (_args, deps) => {
    deps.stdout.write(`${VERSION}\n`);
    return 0;
  },
  estimate: async () => estimateCommand,
  generate: async () => (await import('./commands/generate.js')).generateCommand,
  import: async () => (await import('./commands/import.js')).importCommand,
  prices: async () => (await import('./commands/prices.js')).pricesCommand,
  readiness: async () => (await import('./commands/readiness.js')).readinessCommand,
  'migrate-data': async () => (await import('./commands/migrate-data.js')).migrateDataCommand,
  check: async () => (await import('./commands/check.js')).checkCommand,
  measure: async () => (await import('./commands/measure.js')).measureCommand,
  diff: async () => (await import('./commands/diff.js')).diffCommand,
  wizard: async () => (await import('./commands/wizard.js')).wizardCommand,
};

/** Runs the CLI; returns the exit code. Errors propagate to the entry, which words them. */
export async function run(argv: readonly string[], deps: AppDeps): Promise<number> {
  const args = parseArgs(argv);
  const command = await COMMAND_TABLE[args.command]();
  return command(args, deps);
}
