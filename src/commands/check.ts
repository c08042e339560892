/**
 * `stackfare check [DIR]`: reads the deploy files in DIR as they are now (generated, then perhaps
 * edited by hand), rebuilds the stack they were generated from (the manifest generate wrote, else
 * the answers given) and holds the files against it by the platform's own rules: every reference
 * still resolves, nothing private became public, no two apps share a schema, no secret value is
 * written in a file, no setting points at the developer's machine, and every file DEPLOY.md's
 * steps name exists. Exit 0 when all hold, 1 with the findings.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { ParsedArgs } from '../args.js';
import { isSecretName, isSecretValue, parseUrlLoose } from '../compose/secrets.js';
import { type Answers, PLATFORM_IDS, type PlatformId } from '../core/answers.js';
import { buildStack, type Stack } from '../core/stack.js';
import { UsageError, UserError } from '../errors.js';
import { LOCK_FILE_NAME } from '../io/lock.js';
import { MANIFEST_FILE_NAME, type Manifest, readManifest } from '../io/manifest.js';
import { getPlatform, PLATFORMS } from '../platforms/index.js';
import { wiringProblems } from '../platforms/resolvers.js';
import type { DeployedFile } from '../platforms/wiring.js';
import { escapeControlsInText } from '../ui/format.js';
import { type AppDeps, loadContext } from './context.js';

/** One thing that does not hold, naming the file and the problem. */
interface Finding {
  file: string;
  kind: 'wiring' | 'secret' | 'localhost' | 'deploy-step' | 'missing-file' | 'unreadable';
  problem: string;
}

/** Bounds on what is read: generated folders are small; anything larger is not stackfare's. */
const MAX_FILES = 2000;
const MAX_BYTES = 2 * 1024 * 1024;
/** Where each platform's files live, for a folder without a manifest. */
const ROOTS = ['.railway', 'fly', 'render.yaml', '.do', 'k8s', 'db', 'deploy', 'scripts', 'DEPLOY.md', '.env.example', 'Makefile'];

/** A regular file's text, or null when missing, a link, a folder or too large. */
async function textOf(path: string): Promise<string | null> {
  const s = await lstat(path).catch(() => null);
  if (s === null || !s.isFile() || s.size > MAX_BYTES) return null;
  return readFile(path, 'utf8').catch(() => null);
}

/** Relative paths of the regular files under `rel` (a file or folder inside dir), links never followed. */
async function walk(dir: string, rel: string, out: string[]): Promise<void> {
  if (out.length >= MAX_FILES) return;
  const s = await lstat(join(dir, rel)).catch(() => null);
  if (s === null || s.isSymbolicLink()) return;
  if (s.isFile()) {
    out.push(rel.split(sep).join('/'));
    return;
  }
  if (!s.isDirectory()) return;
  for (const name of (await readdir(join(dir, rel))).sort()) await walk(dir, join(rel, name), out);
}

/** The deploy files in DIR: those the manifest records, else those under the platforms' usual places. */
async function readDeployFiles(dir: string, manifest: Manifest | null): Promise<{ files: DeployedFile[]; missing: string[] }> {
  const paths: string[] = [];
  if (manifest) paths.push(...manifest.files.map((f) => f.path).filter((p) => !p.startsWith('/') && !p.split('/').includes('..')));
  else {
    for (const root of ROOTS) await walk(dir, root, paths);
    const top = await readdir(dir).catch(() => [] as string[]);
    paths.push(...top.filter((n) => /^docker-compose\..+\.ya?ml$/.test(n)).sort());
  }
  const files: DeployedFile[] = [];
  const missing: string[] = [];
  for (const path of paths.filter((p) => p !== MANIFEST_FILE_NAME && p !== LOCK_FILE_NAME)) {
    const contents = await textOf(join(dir, path));
    if (contents === null) missing.push(path);
    else files.push({ path, contents });
  }
  return { files, missing };
}

/** The platform the files are for, from the manifest or the files' own names. */
export function detectPlatform(paths: readonly string[], manifest: Manifest | null): PlatformId | null {
  if (manifest && (PLATFORM_IDS as readonly string[]).includes(manifest.platform)) return manifest.platform as PlatformId;
  // Hosted platforms first: a compose file sits in many repositories beside other platforms' files.
  const candidates = [...PLATFORMS.filter((p) => p.capabilities.hosted), ...PLATFORMS.filter((p) => !p.capabilities.hosted)];
  return candidates.find((p) => paths.some((path) => p.capabilities.deployFiles.marker.test(path)))?.id ?? null;
}

/** The stack the files came from: the manifest's answers (its compose file read again), else the flags and answers file. */
async function rebuildStack(manifest: Manifest | null, dir: string, args: ParsedArgs, deps: AppDeps, platform: PlatformId): Promise<Stack> {
  if (manifest === null) {
    const ctx = await loadContext(args, deps);
    // Files of the platform on the user's machine are of the local tier unless the flags say otherwise.
    const tier = !getPlatform(platform).capabilities.hosted && args.answers.tier === undefined ? 'local' : ctx.answers.tier;
    return buildStack({ ...ctx.answers, tier }, ctx.source);
  }
  const { resolveAnswers } = await import('../io/read-answers.js');
  const where = relative(deps.cwd, join(dir, MANIFEST_FILE_NAME)) || MANIFEST_FILE_NAME;
  const answers: Answers = resolveAnswers({ flags: args.answers, answerFlags: args.answerFlags, file: where }, manifest.answers);
  if (answers.compose === undefined) return buildStack(answers);
  const compose = resolve(dir, answers.compose);
  const { readComposeSource } = await import('../io/read-compose.js');
  const source = await readComposeSource(compose, { profiles: manifest.profiles ?? [], env: deps.env, cwd: deps.cwd, readFile: deps.readFile }).catch(
    (error: unknown) => {
      throw new UserError(`${where} says the files came from ${compose}, which cannot be read: ${(error as Error).message}`, {
        hint: 'Run check where generate ran, or generate the files again.',
      });
    },
  );
  return buildStack({ ...answers, compose }, source);
}

/** The file that holds a service's settings on this platform (its own file when it has one). */
function fileOf(service: string, files: readonly DeployedFile[], platform: PlatformId): string {
  const own = files.find(
    (f) =>
      f.path.split('/').slice(0, -1).includes(service) ||
      f.path
        .split('/')
        .pop()
        ?.replace(/\.[^.]+$/, '') === service,
  );
  if (own && !/DEPLOY\.md$/.test(own.path)) return own.path;
  const layout = getPlatform(platform).capabilities.deployFiles;
  // A service with a file of its own whose file is gone: name the file it should have.
  if (layout.serviceFile) return layout.serviceFile(service);
  return files.find((f) => layout.main.test(f.path))?.path ?? '(the deploy files)';
}

/** The platform's wiring rules against the files as they are now. */
function wiringFindings(stack: Stack, files: readonly DeployedFile[], platform: PlatformId): Finding[] {
  try {
    return wiringProblems(platform, stack, files).map((p) => ({
      file: fileOf(p.service, files, platform),
      kind: 'wiring' as const,
      problem: `${p.service}${p.variable ? ` ${p.variable}` : ''} ${p.message}`,
    }));
  } catch (error) {
    return [
      {
        file: '(the deploy files)',
        kind: 'unreadable',
        problem: `the ${platform} files cannot be read as ${platform} reads them: ${(error as Error).message}`,
      },
    ];
  }
}

/** A setting's value that is a literal (not a reference, placeholder, flag or name). */
function isLiteral(value: string): boolean {
  if (value.length < 8 || /[$<>{}%]|\.\.\.|…/.test(value)) return false;
  if (/^[A-Z][A-Z0-9_]*$/.test(value) || /^(true|false|null|none|yes|no)$/i.test(value) || /^[\d.]+$/.test(value)) return false;
  return !value.startsWith('/') && !value.startsWith('./');
}

/** A secret-looking value, unless it is a URL whose password is a placeholder (`user:PASSWORD@`, `:$PW@`). */
function secretValue(value: string): boolean {
  const url = parseUrlLoose(value);
  if (url !== null && url.password !== '' && /^([A-Z][A-Z0-9_]*|\*+|x+|<.*>|\$.*)$/.test(url.password)) return false;
  return isSecretValue(value);
}

/** `NAME = value`, `NAME: value`, `NAME=value`, `"NAME": "value"` on one line; k8s `- name: N` then `value: V`. */
const ASSIGNMENT = /^\s*(?:-\s*)?(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[:=]\s*["']?([^"'\s#,]+)["']?\s*,?\s*(?:#.*)?$/;

/** Secret values written into a file: a secret-named setting holding a literal, or a value that looks secret anywhere. */
function secretFindings(files: readonly DeployedFile[]): Finding[] {
  const found: Finding[] = [];
  for (const f of files) {
    let lastName: string | undefined;
    f.contents.split('\n').forEach((line, i) => {
      const m = ASSIGNMENT.exec(line);
      if (!m) return;
      let [, key, value] = m as unknown as [string, string, string];
      if (key === 'name') lastName = value;
      if (key === 'value' && lastName) key = lastName;
      const named = isSecretName(key) && key !== 'key' && isLiteral(value);
      if (named || (!value.includes('$') && secretValue(value))) {
        found.push({
          file: f.path,
          kind: 'secret',
          problem: `line ${i + 1}: ${key} holds a secret value written into the file; set it on the platform as a secret instead`,
        });
      }
    });
  }
  return found;
}

/** A URL that leads to the developer's own machine. */
const LOCAL_URL = /\b[a-z][a-z0-9+.-]*:\/\/(?:[^@\s/]*@)?(localhost|127\.0\.0\.1|0\.0\.0\.0|host\.docker\.internal|\[::1\])(?=[:/"'\s]|$)/i;
/** A container's own check of itself (`curl http://localhost:PORT/health` inside it) is right where it is. */
const SELF_CHECK = /curl|wget|health|probe|test\s*[:=]|CMD/i;

/** Settings that point at localhost (not for a platform on the user's machine, where localhost is the right place). */
function localhostFindings(files: readonly DeployedFile[], platform: PlatformId): Finding[] {
  if (!getPlatform(platform).capabilities.hosted) return [];
  const found: Finding[] = [];
  for (const f of files.filter((x) => !/\.md$/.test(x.path))) {
    f.contents.split('\n').forEach((line, i) => {
      const m = LOCAL_URL.exec(line);
      if (m && !SELF_CHECK.test(line)) {
        found.push({ file: f.path, kind: 'localhost', problem: `line ${i + 1}: points at ${m[1]}, the developer's own machine: ${line.trim().slice(0, 160)}` });
      }
    });
  }
  return found;
}

/** Words of a shell line, quotes removed, with `"$PWD"/` prefixes dropped. */
function words(line: string): string[] {
  return line
    .replace(/"\$PWD"\/|\$PWD\/|\$\{PWD\}\//g, '')
    .split(/\s+/)
    .map((w) => w.replace(/^["']|["';)]+$/g, ''))
    .filter((w) => w !== '');
}

/** A word that names a file: a relative path ending in a file's extension (or a Dockerfile, a Makefile). */
function fileWord(word: string): string | null {
  const w = word.includes('=') && word.startsWith('-') ? word.slice(word.indexOf('=') + 1) : word;
  if (w.startsWith('-') || w.startsWith('/') || w.startsWith('~') || /[$*?<>`{}]|:\/\//.test(w)) return null;
  const name = w.split('/').pop() ?? '';
  if (!/\.(toml|ya?ml|json|ts|js|sh|sql|ini|txt|example|conf|cfg|py)$/.test(name) && !/^(Dockerfile|Makefile)$|\.Dockerfile$/.test(name)) return null;
  return w.replace(/^\.\//, '');
}

/** Files a step creates (cp/mv targets, redirections, -o): later steps may name them. */
function createdBy(ws: readonly string[]): string[] {
  const made: string[] = [];
  if ((ws[0] === 'cp' || ws[0] === 'mv' || ws[0] === 'ln') && ws.length >= 3) made.push(ws[ws.length - 1]!);
  ws.forEach((w, i) => {
    if (['>', '>>', '-o', '--output', 'tee', '--out'].includes(w) && ws[i + 1]) made.push(ws[i + 1]!);
    const redirect = /^>>?(.+)$/.exec(w);
    if (redirect) made.push(redirect[1]!);
  });
  return made.map((m) => m.replace(/^\.\//, ''));
}

/** The command lines of DEPLOY.md's fenced blocks (heredoc bodies left out: they are file contents). */
function commandLines(markdown: string): string[] {
  const lines: string[] = [];
  let inBlock = false;
  let heredoc: string | null = null;
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    if (heredoc !== null) {
      if (line === heredoc) heredoc = null;
      continue;
    }
    if (line.startsWith('```')) {
      inBlock = !inBlock;
      continue;
    }
    if (!inBlock || line.startsWith('#')) continue;
    const h = /<<-?\s*['"]?([A-Za-z_]+)['"]?/.exec(line);
    if (h) heredoc = h[1]!;
    lines.push(line);
  }
  return lines;
}

/** Files DEPLOY.md's steps name that exist neither in DIR nor in the repository root (and no earlier step creates). */
async function deployStepFindings(files: readonly DeployedFile[], dir: string, repoRoot: string): Promise<Finding[]> {
  const deploy = files.find((f) => f.path === 'DEPLOY.md');
  if (!deploy) return [];
  const created = new Set<string>();
  const reported = new Set<string>();
  const found: Finding[] = [];
  for (const line of commandLines(deploy.contents)) {
    for (const part of line.split(/&&|\|\||;|\|/)) {
      const ws = words(part.trim());
      const made = createdBy(ws);
      for (const w of ws) {
        const path = fileWord(w);
        if (path === null || made.includes(path) || created.has(path) || reported.has(path)) continue;
        const exists = (await lstat(resolve(dir, path)).catch(() => null)) ?? (await lstat(resolve(repoRoot, path)).catch(() => null));
        if (exists === null) {
          reported.add(path);
          found.push({
            file: 'DEPLOY.md',
            kind: 'deploy-step',
            problem: `a step names ${path}, which does not exist (looked in ${relative(dir, repoRoot) || '.'} and the deploy folder): ${part.trim().slice(0, 160)}`,
          });
        }
      }
      for (const m of made) created.add(m);
    }
  }
  return found;
}

/** Every finding for the files in `dir`. */
async function checkFolder(dir: string, args: ParsedArgs, deps: AppDeps): Promise<{ platform: PlatformId; manifest: boolean; findings: Finding[] }> {
  const s = await lstat(dir).catch(() => null);
  if (s === null || !s.isDirectory())
    throw new UserError(`${relative(deps.cwd, dir) || dir} is not a folder.`, { hint: 'Give the folder generate wrote into: stackfare check DIR.' });
  const manifest = await readManifest(dir);
  const { files, missing } = await readDeployFiles(dir, manifest);
  const given = args.flags.platform as PlatformId | undefined;
  const platform =
    given ??
    detectPlatform(
      files.map((f) => f.path),
      manifest,
    );
  if (platform === null) {
    throw new UserError(
      `No deploy files found in ${relative(deps.cwd, dir) || '.'} (no ${MANIFEST_FILE_NAME}, .railway/railway.ts, fly/*/fly.toml, render.yaml, .do/app.yaml, k8s/kustomization.yaml or docker-compose.*.yml).`,
      {
        hint: 'Give the folder "stackfare generate" wrote into, or name the platform with --platform.',
      },
    );
  }
  const stack = await rebuildStack(manifest, dir, args, deps, platform);
  const repoRoot = resolve(dir, manifest?.repositoryRoot ?? '.');
  const findings: Finding[] = [
    ...missing.map((path) => ({ file: path, kind: 'missing-file' as const, problem: 'generate wrote it, and it is missing' })),
    ...wiringFindings(stack, files, platform),
    ...secretFindings(files),
    ...localhostFindings(files, platform),
    ...(await deployStepFindings(files, dir, repoRoot)),
  ];
  return { platform, manifest: manifest !== null, findings };
}

export async function checkCommand(args: ParsedArgs, deps: AppDeps): Promise<number> {
  if (args.positionals.length > 1) throw new UsageError(`check takes one folder (got ${args.positionals.length}).`, 'Usage: stackfare check [DIR]');
  const format = (args.flags.format as string | undefined) ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`check --format takes table or json (got "${format}").`, 'Choices: table, json.');
  const dir = resolve(deps.cwd, args.positionals[0] ?? '.');
  const { platform, manifest, findings } = await checkFolder(dir, args, deps);
  if (format === 'json') {
    deps.stdout.write(`${JSON.stringify({ folder: dir, platform, manifest, ok: findings.length === 0, findings }, null, 2)}\n`);
    return findings.length === 0 ? 0 : 1;
  }
  const shown = relative(deps.cwd, dir) || '.';
  const source = manifest
    ? `the stack recorded in ${MANIFEST_FILE_NAME}`
    : 'the stack the flags describe (no manifest: the built-in stack unless --answers or --compose says otherwise)';
  const out: string[] = [];
  if (findings.length === 0) out.push(`${shown}: the ${platform} files hold against ${source}.`);
  else {
    out.push(`${shown}: ${findings.length} problem${findings.length === 1 ? '' : 's'} in the ${platform} files (checked against ${source}):`);
    for (const f of findings) out.push(`  ${f.file}: ${f.problem}`);
  }
  deps.stdout.write(escapeControlsInText(`${out.join('\n')}\n`));
  return findings.length === 0 ? 0 : 1;
}
