/**
 * Loads a compose project through an injected loader: the file, the `.env` beside it, and the
 * files `extends` points to (recursively, with cycle detection). Interpolates every service
 * except its `environment`, which the mapper interpolates one variable at a time so it knows
 * which values were broken by unset variables. No file system here: `load` returns the text or
 * null for a missing file.
 */
import { dirname, isAbsolute, join, relative } from 'node:path';
import { type Warning, warning } from '../core/warnings.js';
import { dotenvMap, parseDotenv } from './dotenv.js';
import { InterpolationLog, interpolateTree, type Lookup } from './interpolate.js';
import { parseComposeYaml } from './parse.js';
import { projectName } from './project-name.js';
import { isRecord, parseDependsOn, parseEnvironment, parseExtends, scalarString } from './syntax.js';

/** Reads a file: its text, or null when it does not exist. Errors other than "missing" throw. */
export type ComposeLoader = (path: string) => Promise<string | null>;

/** One service after `extends` is merged in. */
export interface ResolvedService {
  name: string;
  /** Interpolated settings; `environment` is still as written. */
  data: Record<string, unknown>;
  /** Variables this service's settings read. */
  log: InterpolationLog;
  /** Folder relative paths of the service are relative to (the compose file's). */
  dir: string;
}

/** A compose project read and resolved, before mapping. */
export interface LoadedProject {
  file: string;
  dir: string;
  name?: string;
  /** Every service in file order (profiles not yet applied). */
  services: ResolvedService[];
  /** The top-level mapping (volumes, secrets, networks, include...). */
  top: Record<string, unknown>;
  lookup: Lookup;
  /** Variables the top level read (name:). */
  log: InterpolationLog;
  /** Values the project environment holds, for redacting secrets that interpolation brought in. */
  variables: Map<string, string>;
  warnings: Warning[];
}

/** Where the project is and how to read it. */
export interface LoadOptions {
  /** Path of the compose file, passed to `load` as is. */
  file: string;
  /** How messages name the file (the path as the user typed it). */
  display: string;
  load: ComposeLoader;
  /** The process environment; it wins over the `.env` beside the file, as in Compose. */
  env: Readonly<Record<string, string | undefined>>;
}

/** Loads and resolves a compose project; throws UserError when the main file is unusable. */
export async function loadProject(options: LoadOptions, text: string): Promise<LoadedProject> {
  const dir = dirname(options.file);
  const top = parseComposeYaml(text, options.display);
  const warnings: Warning[] = [];

  const dotenvPath = join(dir, '.env');
  const dotenvText = await options.load(dotenvPath);
  const processLookup: Lookup = (n) => options.env[n];
  const dotenv = dotenvText === null ? new Map<string, string>() : dotenvMap(parseDotenv(dotenvText, processLookup));
  const lookup: Lookup = (n) => options.env[n] ?? dotenv.get(n);
  const variables = new Map<string, string>(dotenv);
  for (const [k, v] of Object.entries(options.env)) if (v !== undefined) variables.set(k, v);

  const log = new InterpolationLog();
  const written = typeof top.name === 'string' ? (interpolateTree(top.name, lookup, log) as string) : undefined;
  const name = projectName(lookup('COMPOSE_PROJECT_NAME'), written, dir, warnings);

  if (top.include !== undefined) {
    warnings.push(
      warning('compose.include', 'warning', `${options.display} includes other compose files (include:); stackfare reads only this file.`, {
        fix: 'Merge the included services into this file, or import each file on its own.',
      }),
    );
  }

  const resolver = new Resolver(options, lookup, warnings);
  resolver.files.set(options.file, top.services as Record<string, unknown>);
  const services: ResolvedService[] = [];
  for (const svcName of Object.keys(top.services as Record<string, unknown>)) {
    const resolved = await resolver.resolve(options.file, svcName, [], svcName);
    if (resolved) services.push({ name: svcName, data: resolved.data, log: resolved.log, dir });
  }
  resolver.reportMissing(services);
  const project: LoadedProject = { file: options.file, dir, services, top, lookup, log, variables, warnings };
  if (name !== undefined) project.name = name;
  return project;
}

interface ResolvedData {
  data: Record<string, unknown>;
  log: InterpolationLog;
}

/** Resolves `extends` chains, loading other files once each. */
class Resolver {
  /** File path → its services mapping (null: missing). */
  readonly files = new Map<string, Record<string, unknown> | null>();
  /** Missing file → top-level services that needed it. */
  private readonly missingFiles = new Map<string, Set<string>>();

  constructor(
    private readonly options: LoadOptions,
    private readonly lookup: Lookup,
    private readonly warnings: Warning[],
  ) {}

  private async servicesOf(path: string): Promise<Record<string, unknown> | null> {
    if (this.files.has(path)) return this.files.get(path)!;
    const text = await this.options.load(path);
    const services = text === null ? null : (parseComposeYaml(text, this.displayOf(path)).services as Record<string, unknown>);
    this.files.set(path, services);
    return services;
  }

  private displayOf(path: string): string {
    const rel = relative(dirname(this.options.file), path);
    return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
  }

  /** One service of one file with its `extends` merged in; null when it is not a mapping. */
  async resolve(file: string, name: string, chain: string[], root: string): Promise<ResolvedData | null> {
    const services = (await this.servicesOf(file))!;
    const raw = services[name];
    const key = `${file}#${name}`;
    if (raw !== null && raw !== undefined && !isRecord(raw)) {
      this.warnings.push(
        warning('compose.invalid-service', 'warning', `Service "${name}" in ${this.displayOf(file)} is not a mapping of settings; it was skipped.`, {
          service: root,
          fix: 'Write the service as a mapping, such as  image: nginx:1.27',
        }),
      );
      return null;
    }
    const log = new InterpolationLog();
    // Environment is left as written; the mapper interpolates each variable on its own.
    const data = interpolateTree(raw ?? {}, this.lookup, log, new Set(['environment'])) as Record<string, unknown>;
    const ext = parseExtends(data.extends);
    delete data.extends;
    if (!ext) return { data, log };

    const baseFile = ext.file ? (isAbsolute(ext.file) ? ext.file : join(dirname(file), ext.file)) : file;
    const baseKey = `${baseFile}#${ext.service}`;
    if (chain.includes(baseKey) || baseKey === key) {
      this.warnings.push(
        warning(
          'compose.extends-cycle',
          'error',
          `Service "${root}" extends itself through ${[...chain, key, baseKey].map((k) => k.split('#')[1]).join(' → ')}; the loop was cut.`,
          {
            service: root,
            fix: 'Remove one of the extends: so the chain ends in a service without extends.',
          },
        ),
      );
      return { data, log };
    }
    const baseServices = await this.servicesOf(baseFile);
    if (baseServices === null) {
      const set = this.missingFiles.get(baseFile) ?? new Set<string>();
      set.add(root);
      this.missingFiles.set(baseFile, set);
      return { data, log };
    }
    if (!(ext.service in baseServices)) {
      this.warnings.push(
        warning(
          'compose.extends-missing',
          'warning',
          `Service "${root}" extends "${ext.service}", which ${this.displayOf(baseFile)} does not define; its settings are missing.`,
          {
            service: root,
            fix: `Add "${ext.service}" to ${this.displayOf(baseFile)}, or copy its settings (image, ports...) into "${root}".`,
          },
        ),
      );
      return { data, log };
    }
    const base = await this.resolve(baseFile, ext.service, [...chain, key], root);
    if (!base) return { data, log };
    const rebased = baseFile === file ? base.data : rebase(base.data, dirname(baseFile), dirname(file));
    log.merge(base.log);
    return { data: mergeService(rebased, data), log };
  }

  /** One warning per missing file, naming the services that lost their base and those left without image or build. */
  reportMissing(services: readonly ResolvedService[]): void {
    for (const [file, roots] of this.missingFiles) {
      const names = [...roots];
      const bare = services.filter((s) => roots.has(s.name) && s.data.image === undefined && s.data.build === undefined).map((s) => s.name);
      const bareText = bare.length > 0 ? ` ${bare.length} of them now ${bare.length === 1 ? 'has' : 'have'} neither image nor build: ${bare.join(', ')}.` : '';
      this.warnings.push(
        warning(
          'compose.extends-missing',
          'warning',
          `${this.displayOf(file)} is missing: ${names.length} service(s) extend it and lack whatever it defines (image, build, ports, environment...): ${names.join(', ')}.${bareText}`,
          {
            fix: `Put ${this.displayOf(file)} beside the compose file and import again, or copy the base settings into each service.`,
          },
        ),
      );
    }
  }
}

/** Keys whose lists are merged by the container path they name. */
const BY_TARGET = new Set(['volumes', 'devices']);
/** Keys whose lists are concatenated without duplicates. */
const CONCAT = new Set([
  'ports',
  'expose',
  'dns',
  'dns_search',
  'cap_add',
  'cap_drop',
  'env_file',
  'tmpfs',
  'security_opt',
  'external_links',
  'links',
  'profiles',
  'extra_hosts',
  'secrets',
  'configs',
  'group_add',
]);
/** Keys that are normalised to mappings and merged key by key. */
const AS_MAP = new Set(['environment', 'labels', 'depends_on', 'sysctls', 'annotations']);
/** Keys the override replaces whole. */
const REPLACE = new Set(['command', 'entrypoint', 'image', 'build']);

/** Merges a base service (from extends) with the service that extends it, Compose-style. */
export function mergeService(base: Record<string, unknown>, local: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(local)) {
    const prev = out[key];
    if (prev === undefined || value === undefined) {
      out[key] = value ?? prev;
    } else if (AS_MAP.has(key)) {
      out[key] = { ...asMap(key, prev), ...asMap(key, value) };
    } else if (BY_TARGET.has(key) && Array.isArray(prev) && Array.isArray(value)) {
      const targetOf = (v: unknown) => (isRecord(v) ? scalarString(v.target) : (scalarString(v)?.split(':')[1] ?? scalarString(v))) ?? JSON.stringify(v);
      const overridden = new Set(value.map(targetOf));
      out[key] = [...prev.filter((v) => !overridden.has(targetOf(v))), ...value];
    } else if (CONCAT.has(key) && Array.isArray(prev) && Array.isArray(value)) {
      const seen = new Set(prev.map((v) => JSON.stringify(v)));
      out[key] = [...prev, ...value.filter((v) => !seen.has(JSON.stringify(v)))];
    } else if (key === 'build' && isRecord(prev) && isRecord(value)) {
      out[key] = { ...prev, ...value };
    } else if (REPLACE.has(key)) {
      out[key] = value;
    } else if (isRecord(prev) && isRecord(value)) {
      out[key] = mergeDeep(prev, value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function mergeDeep(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    // A healthcheck's test is replaced, never merged.
    out[k] = isRecord(prev) && isRecord(v) && k !== 'test' ? mergeDeep(prev, v) : v;
  }
  return out;
}

function asMap(key: string, value: unknown): Record<string, unknown> {
  if (key === 'depends_on') {
    const out: Record<string, unknown> = {};
    for (const [name, dep] of parseDependsOn(value)) out[name] = { condition: dep.condition, required: dep.required };
    return out;
  }
  if (isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of parseEnvironment(value)) out[k] = v;
  return out;
}

/** Rewrites a base service's relative paths so they stay right from the extending file's folder. */
function rebase(data: Record<string, unknown>, fromDir: string, toDir: string): Record<string, unknown> {
  const prefix = relative(toDir, fromDir);
  if (prefix === '') return data;
  const fix = (p: string) => (p.startsWith('.') || (!isAbsolute(p) && !p.includes(':') && p !== '') ? join(prefix, p) : p);
  const out: Record<string, unknown> = { ...data };
  if (typeof out.build === 'string') out.build = fix(out.build);
  else if (isRecord(out.build) && typeof out.build.context === 'string') out.build = { ...out.build, context: fix(out.build.context) };
  if (out.env_file !== undefined) {
    const list = Array.isArray(out.env_file) ? out.env_file : [out.env_file];
    out.env_file = list.map((e) => (typeof e === 'string' ? fix(e) : isRecord(e) && typeof e.path === 'string' ? { ...e, path: fix(e.path) } : e));
  }
  if (Array.isArray(out.volumes)) {
    out.volumes = out.volumes.map((v) => {
      if (typeof v === 'string' && v.startsWith('.') && v.includes(':')) return fix(v.split(':')[0]!) + v.slice(v.indexOf(':'));
      if (isRecord(v) && v.type === 'bind' && typeof v.source === 'string' && v.source.startsWith('.')) return { ...v, source: fix(v.source) };
      return v;
    });
  }
  return out;
}
