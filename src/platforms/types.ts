/** The contract every platform folder fulfils; the registry lists them in display order. */
import type { PlatformId } from '../core/answers.js';
import type { PlatformCost } from '../core/estimate.js';
import type { Stack } from '../core/stack.js';
import type { PriceBook } from '../pricing/price-book.js';
import type { EstimateJson } from '../core/report.js';
import type { Warning } from '../core/warnings.js';

export interface PlatformDefinition<M = unknown> {
  id: PlatformId;
  /**
   * Sizes, plans and limits for this stack on this platform: the one model that both the
   * estimate and the generated files read, so they cannot disagree.
   */
  resolve(stack: Stack, book: PriceBook): M;
  /** Prices a resolved model, line item by line item. */
  price(model: M, stack: Stack, book: PriceBook): PlatformCost;
  /** The deployment files for the same model the estimate priced (loaded on demand, hence async). */
  files(model: M, stack: Stack, ctx: GenerateContext): Promise<GeneratedFiles>;
}

/** Identity helper that keeps each platform's model type checked against its functions. */
export function definePlatform<M>(definition: PlatformDefinition<M>): PlatformDefinition<M> {
  return definition;
}

/** One file to render: a template name under templates/ and the context it reads. */
export interface FileToRender {
  /** Path relative to the output folder, with forward slashes. */
  path: string;
  /** Template name without `.hbs`, such as `fly/fly.toml` or `_common/DEPLOY.md`. */
  template: string;
  context: object;
  /** File mode, such as 0o755 for scripts. */
  mode?: number;
}

/** Options the user chose for generation. */
export interface GenerateOptions {
  railwayLegacy: boolean;
  /** Local tier: also write a git-ignored .env holding `apiToken`. */
  writeEnv: boolean;
  /** A fresh random token, made by the command (the core never makes randomness). */
  apiToken: string | null;
  /**
   * The repository root (the compose file's folder) seen from the output folder, with forward
   * slashes: `.` when they are the same, `..` for `--out deploy`. Paths of the stack (build
   * contexts, config files) are relative to the repository root; local compose files rebase them.
   */
  repositoryRoot?: string;
  /**
   * The files under each mounted folder of the repository, by the folder's repository path
   * (`config` → [`app.yaml`, `prompts/a.txt`]), read by the command: Kubernetes' ConfigMaps hold
   * one key per file. A mount not named here is a file, or a folder that could not be read.
   */
  mountFiles?: Readonly<Record<string, readonly string[]>>;
  /** The compose file the stack was read from, relative to the repository root (`docker-compose.personal.yml`). */
  composeFile?: string;
}

/** What a platform's files() receives besides its model. */
export interface GenerateContext {
  book: PriceBook;
  /** The estimate of this platform for the same answers, as the report prints it. */
  estimate: EstimateJson;
  version: string;
  options: GenerateOptions;
}

/** A platform's files, the warnings generation adds, and what to do next. */
export interface GeneratedFiles {
  files: FileToRender[];
  warnings: Warning[];
  nextSteps: string[];
}
