/**
 * `stackfare generate --platform P`: the same answers and model as `estimate`, rendered into
 * the platform's files and written safely (conflicts stop everything; --dry-run writes nothing).
 */
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { ParsedArgs } from '../args.js';
import type { PlatformId, Tier } from '../core/answers.js';
import { usd } from '../core/number-format.js';
import { type GeneratedFiles, type GenerateOptions, type PlatformDefinition, servesTier } from '../core/platform.js';
import { type EstimateJson, estimateJson, estimateOf, estimatePlatform, stackFor } from '../core/report.js';
import type { Stack } from '../core/stack.js';
import { unifiedDiff } from '../core/text-diff.js';
import { type Warning, warning } from '../core/warnings.js';
import { UsageError, UserError } from '../errors.js';
import { loadTemplates } from '../io/load-templates.js';
import { answersWithoutSecrets, findStale, MANIFEST_FILE_NAME, manifestFile, readManifest, type StaleFile } from '../io/manifest.js';
import { listMountedFolders } from '../io/mount-files.js';
import { type PlannedWrite, planWrites, type RemoveResult, removeWritten, writeFiles } from '../io/write-files.js';
import { getPlatform, PLATFORMS } from '../platforms/index.js';
import { starterConfigFiles } from '../platforms/starter-config.js';
import type { PriceBook } from '../pricing/price-book.js';
import { type RenderedFile, renderFiles } from '../render/render-files.js';
import { escapeControlsInText, wrapWithPrefix } from '../ui/format.js';
import { VERSION } from '../version.js';
import { type AppDeps, type Context, columnsOf, loadContext } from './context.js';

export interface GenerationResult {
  platform: PlatformId;
  files: RenderedFile[];
  warnings: Warning[];
  nextSteps: string[];
  monthlyTotal: number;
  /** The stack the files deploy (what a wiring check holds them against). */
  stack: Stack;
  /**
   * Starter files of the user's project (LiteLLM's config), with paths from the repository root:
   * written only where no file exists, never over one (they are the user's files).
   */
  projectFiles: RenderedFile[];
}

/** Renders a platform's files for a context, in memory (the wizard and tests use this too). */
export async function generateFiles(ctx: Context, platform: PlatformId, given: GenerateOptions, repositoryDir?: string): Promise<GenerationResult> {
  // Every step that reads the compose file again names the one given, from the repository root.
  const named = given.composeFile === undefined && ctx.answers.compose ? { ...given, composeFile: basename(ctx.answers.compose) } : given;
  const stack = stackFor(ctx.answers, ctx.source, ctx.usage);
  // The mounted folders' files, read here at the edge (a ConfigMap holds one key per file).
  const options =
    repositoryDir !== undefined && named.mountFiles === undefined
      ? {
          ...named,
          mountFiles: await listMountedFolders(
            stack.services.flatMap((s) => s.mounts.map((m) => m.source)),
            repositoryDir,
          ),
        }
      : named;
  const { estimate, generated } = await getPlatform(platform).open((def) => estimateAndFiles(def, stack, ctx.book, options));
  const templates = await loadTemplates();
  const files = renderFiles(generated.files, templates);
  const projectFiles = renderFiles(starterConfigFiles(stack), templates);
  const warnings = [...estimate.warnings, ...generated.warnings];
  if (!estimate.fitsTier) {
    // Said as a warning (info notes are not printed): these files do not serve the tier asked for.
    const reason = estimate.warnings.find((w) => w.severity === 'info' && /tier/.test(w.message));
    warnings.unshift(
      warning('tier.does-not-fit', 'warning', `${estimate.name} does not fit the ${stack.tier} tier.${reason ? ` ${reason.message}` : ''}`, {
        fix: '"stackfare estimate" shows the platforms that fit it.',
      }),
    );
  }
  return { platform, files, warnings, nextSteps: generated.nextSteps, monthlyTotal: estimate.monthlyTotal, stack, projectFiles };
}

/** The estimate and the files of one model of the stack (so they cannot disagree); none when it cannot run. */
async function estimateAndFiles<M>(
  def: PlatformDefinition<M>,
  stack: Stack,
  book: PriceBook,
  options: GenerateOptions,
): Promise<{ estimate: EstimateJson; generated: GeneratedFiles }> {
  const model = def.resolve(stack, book);
  const estimate = estimateJson(estimatePlatform(def, stack, book, model), false);
  const blocking = estimate.warnings.filter((w) => w.blocking === true);
  if (blocking.length > 0) throw cannotRun(def.id, blocking, runnablePlatforms(stack, book));
  return { estimate, generated: await def.files(model, { book, estimate, version: VERSION, options }) };
}

/** The platforms on which every service and database of the stack can be sized. */
function runnablePlatforms(stack: Stack, book: PriceBook): PlatformId[] {
  return PLATFORMS.filter((p) => servesTier(p.capabilities, stack.tier))
    .filter((p) => !estimateOf(p, stack, book).warnings.some((w) => w.blocking === true))
    .map((p) => p.id);
}

/** Why a platform's files are not written: what cannot be sized there, and where it can be. */
function cannotRun(platform: PlatformId, blocking: readonly Warning[], elsewhere: readonly PlatformId[]): UserError {
  const lines = blocking.map((w) => `  ${w.service ? `${w.service}: ` : ''}${w.message}${w.fix ? ` ${w.fix}` : ''}`);
  return new UserError(`${platform} cannot run this stack, so no files were written (they would leave a service out):\n${lines.join('\n')}`, {
    hint:
      elsewhere.length > 0
        ? `It fits on ${elsewhere.join(', ')}: run "stackfare generate --platform ${elsewhere[0]}", or change the sizes named above.`
        : 'No platform can run it as sized: change the sizes named above.',
  });
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

/**
 * The repository root seen from the output folder: the compose file's folder (the stack's paths
 * are relative to it), or the current folder for the built-in stack. Forward slashes, `.` if same.
 */
export function repositoryRoot(composeFile: string | undefined, outDir: string, cwd: string): string {
  const root = composeFile ? dirname(resolve(cwd, composeFile)) : resolve(cwd);
  const rel = relative(resolve(outDir), root).split(sep).join('/');
  return rel === '' ? '.' : rel;
}

/** The repository root, absolute: the compose file's folder, or the current folder for the built-in stack. */
export function repositoryDir(composeFile: string | undefined, cwd: string): string {
  return composeFile ? dirname(resolve(cwd, composeFile)) : resolve(cwd);
}

/** Whether a .gitignore's rules ignore `.env` at its own folder (last matching rule wins, `!` re-includes). */
export function ignoresDotEnv(gitignore: string): boolean {
  let ignored = false;
  for (const raw of gitignore.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/^\//, '');
    // Folder-only rules (trailing /) and rules for other folders cannot match the file .env.
    if (pattern.endsWith('/') || pattern.includes('/')) continue;
    const re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')}$`,
    );
    if (re.test('.env')) ignored = !negated;
  }
  return ignored;
}

/**
 * --write-env puts a fresh API token in `.env`, which must never be committed. The pure plan
 * cannot see the disk, so the command checks the output folder before anything is written:
 * an existing .env is never replaced (it holds the user's secrets, even with --force); without
 * a .gitignore one is added that ignores .env; a .gitignore that does not ignore .env stops
 * the run with the line to add.
 */
export async function guardEnvFile(files: readonly RenderedFile[], outDir: string, deps: Pick<AppDeps, 'readFile' | 'cwd'>): Promise<RenderedFile[]> {
  if (!files.some((f) => f.path === '.env')) return [...files];
  const read = async (name: string): Promise<string | null> => {
    try {
      return await deps.readFile(join(outDir, name), 'env');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  };
  const shown = (name: string) => relative(deps.cwd, join(outDir, name)) || name;
  if ((await read('.env')) !== null) {
    throw new UserError(`${shown('.env')} exists; --write-env never replaces it (it holds your secrets). Nothing was written.`, {
      hint: 'Run without --write-env, or move the old .env away first.',
    });
  }
  const gitignore = await read('.gitignore');
  if (gitignore === null) {
    return [...files, { path: '.gitignore', contents: '# Added by stackfare generate --write-env: the API token in .env must never be committed.\n.env\n' }];
  }
  if (!ignoresDotEnv(gitignore)) {
    throw new UserError(`${shown('.gitignore')} does not ignore .env, so --write-env would put an API token where git can commit it. Nothing was written.`, {
      hint: `Add the line ".env" to ${shown('.gitignore')} and run again, or run without --write-env.`,
    });
  }
  return [...files];
}

/**
 * Writes the project's starter files (paths from the repository root `root`) that do not exist;
 * one that exists is the user's and stays as it is, with or without --force. Returns the writes
 * as the summary lists them, paths from the output folder's point of view kept readable from cwd.
 */
export async function writeStarters(files: readonly RenderedFile[], root: string, dryRun: boolean, cwd: string): Promise<PlannedWrite[]> {
  const planned = await planWrites(files, root);
  const missing = planned.filter((p) => p.status === 'new').map((p) => p.file);
  if (!dryRun && missing.length > 0) await writeFiles(missing, root, { force: false, dryRun: false, cwd });
  // Listed by their path from the current folder, since they sit beside the project, not in --out.
  // One the user changed is theirs and not listed; an untouched starter shows as unchanged.
  return planned.filter((p) => p.status !== 'changed').map((p) => ({ ...p, file: { ...p.file, path: relative(cwd, p.target) || p.file.path } }));
}

/** What happened to the files an earlier run wrote that this one does not. */
interface StaleReport {
  stale: readonly StaleFile[];
  /** Set when --force removed them (absent: they were only listed). */
  removal?: RemoveResult;
}

/** The summary lines for stale files: removed, kept (edited since), or listed with the fix. */
function staleLines(report: StaleReport, dryRun: boolean): { label: string; text: string }[] {
  const lines: { label: string; text: string }[] = [];
  const kept = new Set(report.removal?.kept ?? []);
  for (const f of report.stale) {
    if (f.state === 'missing') continue;
    if (report.removal?.removed.includes(f.path)) lines.push({ label: 'removed', text: `${f.path} (this stack no longer has it)` });
    else if (f.state === 'edited' || kept.has(f.path))
      lines.push({
        label: 'kept',
        text: `${f.path} (stale: this stack no longer has it, but it was edited since stackfare wrote it; remove it yourself if unused)`,
      });
    else if (dryRun) lines.push({ label: 'stale', text: `${f.path} (--force would remove it)` });
    else lines.push({ label: 'stale', text: `${f.path} (written by an earlier run; this stack no longer has it: re-run with --force to remove it)` });
  }
  return lines;
}

/** Prints what was (or would be) written, then warnings and next steps. */
export function printWrites(writes: readonly PlannedWrite[], result: GenerationResult, dryRun: boolean, deps: AppDeps, stale?: StaleReport): void {
  const out: string[] = [];
  // On a terminal, wrapped at words to its width, later lines indented under the text; else one line each.
  const width = deps.stdout.isTTY ? columnsOf(deps.stdout, deps.env) : undefined;
  // Paths and warnings carry service names: their control characters are escaped before measuring.
  const line = (lead: string, text: string, indent = lead.length) =>
    width === undefined ? [`${lead}${text}`] : wrapWithPrefix(escapeControlsInText(text), width, lead, ' '.repeat(indent));
  const removed = stale?.removal?.removed.length ?? 0;
  const head = `Wrote the ${result.platform} files (${usd(result.monthlyTotal)} a month as estimated)${removed > 0 ? `; removed ${removed} stale file${removed === 1 ? '' : 's'}` : ''}:`;
  out.push(...line('', dryRun ? 'Dry run: nothing written.' : head));
  for (const w of writes) {
    const label = dryRun ? w.status : w.status === 'unchanged' ? 'unchanged' : w.status === 'new' ? 'created' : 'overwritten';
    out.push(...line(`  ${label.padEnd(11)} `, w.file.path));
    // A dry run shows what a changed file would become, so "--dry-run to see the changes" holds.
    if (dryRun && w.status === 'changed' && w.current !== undefined) out.push(...unifiedDiff(w.current, w.file.contents, w.file.path).map((l) => `      ${l}`));
  }
  // A renamed service is named differently in every file written: said here as estimate says it.
  const renamed = result.warnings.filter((w) => w.code === 'name.normalised');
  if (renamed.length > 0) {
    out.push('', 'Renamed:');
    for (const w of renamed) out.push(...line('  i ', w.message));
  }
  for (const s of stale ? staleLines(stale, dryRun) : []) out.push(...line(`  ${s.label.padEnd(11)} `, s.text));
  const shown = result.warnings.filter((w) => w.severity !== 'info');
  if (shown.length > 0) {
    out.push('', 'Warnings:');
    for (const w of shown) out.push(...line('  ! ', `${w.message}${w.fix ? ` ${w.fix}` : ''}`));
  }
  if (result.nextSteps.length > 0 && !dryRun) {
    out.push('', 'Next steps:');
    result.nextSteps.forEach((s, i) => {
      out.push(...line(`  ${i + 1}. `, s));
    });
  }
  // Paths and warnings carry service names: their control characters are shown, never sent raw.
  deps.stdout.write(escapeControlsInText(`${out.join('\n')}\n`));
}

/**
 * The manifest for this run (what `check` and the next run read) and the stale files of the
 * previous one. Stale files not removed now stay recorded, so a later --force still removes them;
 * edited or missing ones are dropped (they are the user's now).
 */
async function manifestAndStale(result: GenerationResult, ctx: Context, outDir: string, cwd: string, force: boolean, repositoryRoot: string) {
  const previous = await readManifest(outDir);
  const stale = previous ? await findStale(previous, result.files, outDir) : [];
  const answers = answersWithoutSecrets(ctx.answers);
  // The compose file as seen from the output folder: `check DIR` finds it from there.
  if (ctx.answers.compose !== undefined) answers.compose = relative(outDir, resolve(cwd, ctx.answers.compose)).split(sep).join('/');
  const carried = force ? [] : stale.filter((f) => f.state === 'as-written');
  const profiles = (ctx.args.flags.profile as string[] | undefined) ?? [];
  const manifest = manifestFile({ version: VERSION, platform: result.platform, answers, profiles, repositoryRoot, files: result.files, carried });
  return { manifest, stale };
}

/** A conflict stops the run: it names the stale files too, so one --force deals with both. */
function withStale(error: unknown, stale: readonly StaleFile[], outDir: string, cwd: string): unknown {
  const listed = stale.filter((f) => f.state !== 'missing');
  if (!(error instanceof UserError) || listed.length === 0 || !error.message.startsWith('These files exist and differ')) return error;
  const lines = listed.map((f) => `  ${relative(cwd, join(outDir, f.path)) || f.path}${f.state === 'edited' ? ' (edited since; --force keeps it)' : ''}`);
  return new UserError(
    `${error.message}\nStale (written by an earlier run; this stack no longer has them, --force removes those not edited since):\n${lines.join('\n')}`,
    {
      hint: error.hint,
      exitCode: error.exitCode,
      cause: error,
    },
  );
}

export async function generateCommand(args: ParsedArgs, deps: AppDeps): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`generate takes no arguments (got "${args.positionals[0]}").`, 'Choose the platform with --platform.');
  const platform = args.flags.platform as PlatformId | undefined;
  if (!platform) throw new UsageError('generate needs --platform.', 'Choices: railway, fly, render, digitalocean, local. "stackfare estimate" compares them.');
  if (args.flags.tier === 'all') throw new UsageError('generate needs one tier, not "all".', 'Choices: local, single-user, multi-user.');
  if (args.flags['write-env'] === true && getPlatform(platform).capabilities.hosted) {
    throw new UsageError('--write-env is for --platform local.', 'Hosted platforms keep secrets on the platform; DEPLOY.md says how to set them.');
  }
  const ctx = await loadContext(args, deps);
  const tier = ctx.answers.tier as Tier;
  const outDir = resolve(deps.cwd, (args.flags.out as string | undefined) ?? '.');
  const options = { ...generateOptions(args), repositoryRoot: repositoryRoot(ctx.answers.compose, outDir, deps.cwd) };
  const result = await generateFiles({ ...ctx, answers: { ...ctx.answers, tier } }, platform, options, repositoryDir(ctx.answers.compose, deps.cwd));
  const dryRun = args.flags['dry-run'] === true;
  const force = args.flags.force === true;
  result.files = await guardEnvFile(result.files, outDir, deps);
  const { manifest, stale } = await manifestAndStale(result, { ...ctx, answers: { ...ctx.answers, tier } }, outDir, deps.cwd, force, options.repositoryRoot);
  const writeOptions = { force, dryRun, cwd: deps.cwd, owned: [MANIFEST_FILE_NAME] };
  const writes = await writeFiles([...result.files, manifest], outDir, writeOptions).catch((error: unknown) => {
    throw withStale(error, stale, outDir, deps.cwd);
  });
  const toRemove = force ? stale.filter((f) => f.state !== 'missing') : [];
  const removal = force && !dryRun ? await removeWritten(toRemove, outDir, writeOptions) : undefined;
  const root = ctx.answers.compose ? dirname(resolve(deps.cwd, ctx.answers.compose)) : resolve(deps.cwd);
  const starters = await writeStarters(result.projectFiles, root, dryRun, deps.cwd);
  printWrites([...writes, ...starters], result, dryRun, deps, { stale, removal });
  return 0;
}
