/**
 * Railway's own contracts for a generated `.railway/railway.ts`: a strict type-check against the
 * `railway/iac` types, evaluation the way the Railway CLI evaluates it, and compilation to the
 * graph that the package's `validateGraph` checks.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RailwayGraph, ResourceNode } from 'railway/iac';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** Inside the project, so `railway/iac` resolves from node_modules; a dot folder, so tsc's globs skip it. */
const TMP_ROOT = join(ROOT, 'test', '.tmp-railway');
let tmp = '';
let counter = 0;

function tempDir(): string {
  if (!tmp) {
    mkdirSync(TMP_ROOT, { recursive: true });
    tmp = mkdtempSync(join(TMP_ROOT, 'run-'));
  }
  return tmp;
}

/** Removes this run's temporary files (call from afterAll). */
export function disposeRailwayTemp(): void {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = '';
  try {
    if (readdirSync(TMP_ROOT).length === 0) rmSync(TMP_ROOT, { recursive: true, force: true });
  } catch {
    // Another run removed it first.
  }
}

function writeTemp(source: string): string {
  counter += 1;
  const dir = join(tempDir(), `case-${counter}`, '.railway');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'railway.ts');
  writeFileSync(file, source);
  return file;
}

/** Strict options, plus the rules Node's type stripping (which the Railway CLI uses) imposes. */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2023.d.ts'],
  types: [],
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitReturns: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noPropertyAccessFromIndexSignature: true,
  erasableSyntaxOnly: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  skipLibCheck: false,
};

/** Type-checks one generated railway.ts as its own program; returns readable diagnostics. */
export function typeCheck(source: string): string[] {
  return typeCheckMany([source])[0]!;
}

/** Type-checks many generated railway.ts files in one program (one diagnostics list each). */
export function typeCheckMany(sources: readonly string[]): string[][] {
  const files = sources.map(writeTemp);
  const program = ts.createProgram(files, COMPILER_OPTIONS);
  const byFile = new Map(files.map((f) => [f, [] as string[]]));
  const general: string[] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const list = d.file ? byFile.get(d.file.fileName) : undefined;
    if (!d.file || d.start === undefined || !list) {
      general.push(d.file ? `${d.file.fileName}: ${text}` : text);
      continue;
    }
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    list.push(`railway.ts:${line + 1}:${character + 1} ${text}`);
  }
  return files.map((f) => [...general, ...byFile.get(f)!]);
}

const NODE_MAJOR_MINOR = process.versions.node.split('.').map(Number) as [number, number, number];
/** Node 22.6 added --experimental-strip-types, which the Railway CLI uses to load the file. */
export const HAS_STRIP_TYPES = NODE_MAJOR_MINOR[0] > 22 || (NODE_MAJOR_MINOR[0] === 22 && NODE_MAJOR_MINOR[1] >= 6);

/**
 * Evaluates a railway.ts as the Railway CLI does (src/iac/eval.rs in railwayapp/cli): import the
 * module, call its default export with a context from `createRailwayContext` and the `project`
 * factory, print the project definition as JSON. The CLI runs Node with
 * --experimental-strip-types; on Node 20 tsx strips the types instead.
 */
export function evaluate(source: string): unknown {
  const file = writeTemp(source);
  const script = [
    'import { pathToFileURL } from "node:url";',
    'import { createRailwayContext, project } from "railway/iac";',
    'const mod = await import(pathToFileURL(process.argv[1]).href);',
    'const ctx = createRailwayContext({ command: "plan", environment: "production" });',
    'const definition = typeof mod.default === "function" ? await mod.default(ctx, project) : mod.default;',
    'process.stdout.write(JSON.stringify({ project: definition }));',
  ].join('\n');
  const loader = HAS_STRIP_TYPES ? ['--experimental-strip-types', '--disable-warning=ExperimentalWarning'] : ['--import', 'tsx'];
  const out = execFileSync(process.execPath, [...loader, '--input-type=module', '-e', script, '--', file], { cwd: ROOT, encoding: 'utf8' });
  return (JSON.parse(out) as { project: unknown }).project;
}

export type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The project definition compiled to a RailwayGraph, as the Railway CLI's compiler does it
 * (`project_definition_to_graph` in railwayapp/cli src/iac/compiler.rs; the `railway` npm package
 * ships only the graph types and `validateGraph`): flatten the resources, add volumes that are
 * only attached, and draw a `mount` edge per attachment and a `variable` edge per reference.
 */
export function compileGraph(definition: unknown): RailwayGraph {
  if (!isObject(definition)) throw new Error('the program returned no project definition');
  const flatten = (v: unknown): Json[] => (Array.isArray(v) ? v.flatMap(flatten) : isObject(v) ? [v] : []);
  const resources = flatten(definition.resources ?? definition.services ?? []);
  const seen = new Set(resources.map((r) => String(r.address)));
  const withAttachments = (r: Json) => (r.type === 'service' || r.type === 'database') && isObject(r.volumeAttachments);
  for (const r of [...resources]) {
    if (!withAttachments(r)) continue;
    for (const a of Object.values(r.volumeAttachments as Json)) {
      if (!isObject(a) || typeof a.volume !== 'string' || seen.has(a.volume)) continue;
      resources.push({
        address: a.volume,
        type: 'volume',
        name: a.volume.split('.').slice(1).join('.'),
        ...(a.volumeConfig ? { config: a.volumeConfig } : {}),
      });
      seen.add(a.volume);
    }
  }
  const edges: RailwayGraph['edges'] = [];
  for (const r of resources) {
    if (r.type !== 'service' && r.type !== 'database') continue;
    const from = r.address as RailwayGraph['edges'][number]['from'];
    for (const a of Object.values(isObject(r.volumeAttachments) ? r.volumeAttachments : {})) {
      if (isObject(a) && typeof a.volume === 'string' && typeof a.mountPath === 'string') {
        edges.push({ from, to: a.volume as typeof from, type: 'mount', key: a.mountPath });
      }
    }
    for (const [key, v] of Object.entries(isObject(r.variables) ? r.variables : {})) {
      if (isObject(v) && v.type === 'reference' && typeof v.resource === 'string') edges.push({ from, to: v.resource as typeof from, type: 'variable', key });
    }
  }
  const stripped = resources.map((r) => {
    if (!isObject(r.volumeAttachments)) return r;
    const attachments = Object.fromEntries(
      Object.entries(r.volumeAttachments).map(([k, a]) => {
        const { volumeConfig: _dropped, ...rest } = a as Json;
        return [k, rest];
      }),
    );
    return { ...r, volumeAttachments: attachments };
  });
  return {
    version: 1,
    project: { name: typeof definition.name === 'string' ? definition.name : 'imported-project' },
    environments: (Array.isArray(definition.environments) ? definition.environments : []).map((name) => ({ name: String(name) })),
    resources: stripped as unknown as ResourceNode[],
    edges,
  };
}
