/**
 * `stackfare generate --platform P`: the same answers and model as `estimate`, rendered into
 * the platform's files and written safely (conflicts stop everything; --dry-run writes nothing).
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { ParsedArgs } from '../args.js';
import { loadContext, type AppDeps, type Context } from '../app.js';
import type { PlatformId, Tier } from '../core/answers.js';
import { estimateJson, estimatePlatform } from '../core/report.js';
import { buildStack } from '../core/stack.js';
import type { Warning } from '../core/warnings.js';
import { UsageError } from '../errors.js';
import { loadTemplates } from '../io/load-templates.js';
import { writeFiles, type PlannedWrite } from '../io/write-files.js';
import { getPlatform } from '../platforms/index.js';
import type { GenerateOptions } from '../platforms/types.js';
import { renderFiles, type RenderedFile } from '../render/render-files.js';
import { usd } from '../ui/format.js';
import { VERSION } from '../version.js';

export interface GenerationResult {
  platform: PlatformId;
  files: RenderedFile[];
  warnings: Warning[];
  nextSteps: string[];
  monthlyTotal: number;
}

/** Renders a platform's files for a context, in memory (the wizard and tests use this too). */
export async function generateFiles(ctx: Context, platform: PlatformId, options: GenerateOptions): Promise<GenerationResult> {
  const def = getPlatform(platform);
  if (!def.files) throw new UsageError(`Generating files for ${platform} is not available.`);
  const stack = buildStack(ctx.answers, ctx.source);
  const model = def.resolve(stack, ctx.book);
  const estimate = estimateJson(estimatePlatform(def, stack, ctx.book, model), false);
  const plan = def.files(model, stack, { book: ctx.book, estimate, version: VERSION, options });
  const files = renderFiles(plan.files, await loadTemplates());
  return { platform, files, warnings: [...estimate.warnings, ...plan.warnings], nextSteps: plan.nextSteps, monthlyTotal: estimate.monthlyTotal };
}

/** Generation options from the flags; the token is made here, at the edge. */
export function generateOptions(args: ParsedArgs): GenerateOptions {
  const writeEnv = args.flags['write-env'] === true;
  return {
    railwayLegacy: args.flags['railway-legacy'] === true,
    writeEnv,
    apiToken: writeEnv ? randomBytes(32).toString('base64url') : null,
  };
}

/** Prints what was (or would be) written, then warnings and next steps. */
export function printWrites(writes: readonly PlannedWrite[], result: GenerationResult, dryRun: boolean, deps: AppDeps): void {
  const out: string[] = [];
  out.push(dryRun ? 'Dry run: nothing written.' : `Wrote the ${result.platform} files (${usd(result.monthlyTotal)} a month as estimated):`);
  for (const w of writes) {
    const label = dryRun ? w.status : w.status === 'unchanged' ? 'unchanged' : w.status === 'new' ? 'created' : 'overwritten';
    out.push(`  ${label.padEnd(11)} ${w.file.path}`);
  }
  const shown = result.warnings.filter((w) => w.severity !== 'info');
  if (shown.length > 0) {
    out.push('', 'Warnings:');
    for (const w of shown) out.push(`  ! ${w.message}${w.fix ? ` ${w.fix}` : ''}`);
  }
  if (result.nextSteps.length > 0 && !dryRun) {
    out.push('', 'Next steps:');
    result.nextSteps.forEach((s, i) => out.push(`  ${i + 1}. ${s}`));
  }
  deps.stdout.write(`${out.join('\n')}\n`);
}

export async function generateCommand(args: ParsedArgs, deps: AppDeps): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`generate takes no arguments (got "${args.positionals[0]}").`, 'Choose the platform with --platform.');
  const platform = args.flags.platform as PlatformId | undefined;
  if (!platform) throw new UsageError('generate needs --platform.', 'Choices: railway, fly, render, digitalocean, local. "stackfare estimate" compares them.');
  if (args.flags.tier === 'all') throw new UsageError('generate needs one tier, not "all".', 'Choices: local, single-user, multi-user.');
  const ctx = await loadContext(args, deps);
  const tier = ctx.answers.tier as Tier;
  const result = await generateFiles({ ...ctx, answers: { ...ctx.answers, tier } }, platform, generateOptions(args));
  const outDir = resolve(deps.cwd, (args.flags.out as string | undefined) ?? '.');
  const dryRun = args.flags['dry-run'] === true;
  const writes = await writeFiles(result.files, outDir, { force: args.flags.force === true, dryRun, cwd: deps.cwd });
  printWrites(writes, result, dryRun, deps);
  return 0;
}
