/**
 * docker-compose file → StackSource + warnings. Pure apart from the injected loader: the
 * caller hands in how to read files and the environment, so tests run it on inline texts.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { warning } from '../core/warnings.js';
import { UserError } from '../errors.js';
import { applyBuildFacts, type BuildFacts, type BuildProbe, inspectBuilds } from './build-context.js';
import { parseDotenv } from './dotenv.js';
import { judgeEntry } from './entry-guess.js';
import { type ComposeLoader, loadProject } from './load.js';
import { type ComposeImport, type LoadedEnvFile, mapProject } from './map.js';
import { parseEnvFiles } from './syntax.js';

/** What the importer needs: the file, how to read files, the environment and the profiles. */
export interface ImportComposeOptions {
  /** Path of the compose file as `load` understands it (resolved by the caller). */
  file: string;
  /** How messages name the file; defaults to `file`. */
  display?: string;
  /** Reads a file: its text, or null when missing. */
  load: ComposeLoader;
  /** The environment compose would run in; it wins over the `.env` beside the file. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Enabled profiles (`--profile NAME`). */
  profiles?: readonly string[];
  /** Reaches the build contexts (Dockerfiles, migration files); without it they are not read. */
  probe?: BuildProbe;
}

/** Imports a compose file. Throws UserError for a missing, empty, invalid or non-compose file. */
export async function importCompose(options: ImportComposeOptions): Promise<ComposeImport> {
  const display = options.display ?? options.file;
  const env = options.env ?? {};
  const text = await options.load(options.file);
  if (text === null) {
    throw new UserError(`Cannot read the compose file ${display}: no such file.`, {
      hint: 'Check the path, or run stackfare import in the folder that holds compose.yaml.',
    });
  }
  const project = await loadProject({ file: options.file, display, load: options.load, env }, text);

  // env_file entries are read here (they need the loader); missing required ones are reported.
  const envFiles = new Map<string, LoadedEnvFile[]>();
  const missing = new Map<string, string[]>();
  const cache = new Map<string, string | null>();
  for (const svc of project.services) {
    const files: LoadedEnvFile[] = [];
    for (const spec of parseEnvFiles(svc.data.env_file)) {
      const path = isAbsolute(spec.path) ? spec.path : join(svc.dir, spec.path);
      if (!cache.has(path)) cache.set(path, await options.load(path));
      const content = cache.get(path)!;
      if (content === null) {
        files.push({ path: spec.path, required: spec.required, entries: null, unresolved: [] });
        if (spec.required) {
          const users = missing.get(spec.path);
          if (users) users.push(svc.name);
          else missing.set(spec.path, [svc.name]);
        }
        continue;
      }
      const parsed = parseDotenv(content, (n) => env[n] ?? project.lookup(n));
      files.push({
        path: spec.path,
        required: spec.required,
        entries: parsed.entries.map((e) => ({ name: e.name, value: e.value })),
        unresolved: parsed.unresolved,
      });
    }
    envFiles.set(svc.name, files);
  }

  const result = mapProject(project, { display, profiles: options.profiles ?? [], envFiles });
  const entry = judgeEntry(result.services, result.links, display);
  result.assumptions.push(...entry.assumptions);
  result.warnings.push(...entry.warnings);
  const facts: Map<string, BuildFacts> = options.probe ? await inspectBuilds(result.source.services, dirname(options.file), options.probe) : new Map();
  result.assumptions.push(...applyBuildFacts(result.source, facts));
  const skippedNames = new Set(result.skipped.map((s) => s.name));
  for (const [file, services] of missing) {
    const kept = services.filter((s) => !skippedNames.has(s));
    if (kept.length === 0) continue;
    result.warnings.push(
      warning(
        'compose.env-file-missing',
        'warning',
        `env_file ${file} is missing; ${kept.join(', ')} ${kept.length === 1 ? 'lacks' : 'lack'} the variables it would set.`,
        {
          fix: `Create ${file} beside the compose file (or mark it required: false), or set those variables on the platform.`,
        },
      ),
    );
  }
  return result;
}
