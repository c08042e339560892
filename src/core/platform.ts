/**
 * The contract every platform folder fulfils, and what the rest of the program may know of a
 * platform: its id (for names and lookups), its capabilities, and its model only through the
 * platform's own functions. Code outside `platforms/` asks a capability, never an id.
 */

import type { PriceBook } from '../pricing/price-book.js';
import type { PlatformId, Tier } from './answers.js';
import type { PlatformCost } from './estimate.js';
import type { EstimateJson } from './report-schema.js';
import type { Stack } from './stack.js';
import type { Warning } from './warnings.js';

/** What a target is, declared by its platform folder, so that callers need not know which one it is. */
export interface PlatformCapabilities {
  /**
   * Runs on a provider's machines: it serves the hosted tiers (single- and multi-user), and the
   * auth provider and client fees are billed beside it. A platform that is not hosted runs on
   * the user's own machine and serves the local tier.
   */
  hosted: boolean;
  /** Runs Postgres inside its own cluster (CloudNativePG); the others price their managed Postgres instead. */
  postgresInCluster: boolean;
  /**
   * Its deploy files can let an idle service sleep (Fly auto-stop, Railway Serverless), so with
   * --active-hours a service nothing keeps awake is billed only while it runs. The others bill all month.
   */
  sleeps: boolean;
  /** Where its deploy files live, for `check` to recognise a folder and name a service's file. */
  deployFiles: DeployFileLayout;
}

/** The paths a platform's deploy files take (relative to the output folder, forward slashes). */
export interface DeployFileLayout {
  /** A path whose presence says a folder holds this platform's files. */
  marker: RegExp;
  /** The file that holds every service's settings (when a service has no file of its own). */
  main: RegExp;
  /** The file a service has of its own, for platforms that write one per service. */
  serviceFile?: (service: string) => string;
}

/**
 * What a platform folder writes: how it sizes the stack into its own model `M`, prices that model
 * and renders it into files. The estimate and the files read the same model, so they cannot disagree.
 */
export interface PlatformDefinition<M> {
  id: PlatformId;
  capabilities: PlatformCapabilities;
  /** Sizes, plans and limits for this stack on this platform (the model holds the stack it sized). */
  resolve(stack: Stack, book: PriceBook): M;
  /** Prices a resolved model, line item by line item. */
  price(model: M, book: PriceBook): PlatformCost;
  /** The deployment files for the same model the estimate priced (loaded on demand, hence async). */
  files(model: M, ctx: GenerateContext): Promise<GeneratedFiles>;
}

/**
 * A platform whose model type stays inside it: the registry holds these. `open` hands the typed
 * definition to a function generic in the model, so a model made by one platform can only ever
 * reach that platform's own `price` and `files` (an existential type, without `any`).
 */
export interface Platform {
  readonly id: PlatformId;
  readonly capabilities: PlatformCapabilities;
  open<R>(use: <M>(definition: PlatformDefinition<M>) => R): R;
}

/** A platform folder's definition, typed by its model and usable wherever a `Platform` is. */
export type DefinedPlatform<M> = PlatformDefinition<M> & Platform;

/** Makes a platform of its definition; the model type is checked against the platform's functions. */
export function definePlatform<M>(definition: PlatformDefinition<M>): DefinedPlatform<M> {
  return { ...definition, open: (use) => use(definition) };
}

/** Whether a platform serves a tier: the one on the user's machine the local tier, hosted ones the others. */
export function servesTier(capabilities: PlatformCapabilities, tier: Tier): boolean {
  return capabilities.hosted === (tier !== 'local');
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
