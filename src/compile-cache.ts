/**
 * V8 code cache for the bundled CLI: a start-up cost, not a feature. Compiling the bundle's
 * JavaScript is a large share of every run, so the first run keeps V8's compiled code and the next
 * runs load it instead of compiling again.
 *
 * - The bundle's own CommonJS chunks (and only those: files in the folder of the bundle) are
 *   loaded by stackfare's own `.js` loader: read into Node's CommonJS wrapper in one piece and
 *   compiled through `vm.Script` with `cachedData`, as v8-compile-cache does for other CLIs. The
 *   cache is written at the end of the first run, so it holds every function that run compiled.
 * - Node 22.1+'s own cache (`module.enableCompileCache`, which keeps code as compiled before it
 *   runs) serves the rest, the Ink view's ES modules: turned on when the view is about to load.
 *
 * The cache lives in the user's cache folder (`$XDG_CACHE_HOME/stackfare`, else `~/.cache/stackfare`),
 * in a folder named after this build's content hash, Node's version and the CPU: V8 rejects data
 * from another V8 or other flags by itself, but checks only the source's length, so a build is
 * never served another build's code. The folder must be the user's own and not writable by others,
 * else nothing is read or written. Files are written whole (temporary name, then rename), so a run
 * that stops half-way or a run beside it never reads half a file. `STACKFARE_NO_COMPILE_CACHE=1`
 * turns it off. Any failure only means compiling as usual: it never changes what the CLI does.
 */

import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import Module from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { Script } from 'node:vm';

/** Replaced by the build with the hash of the bundle's content; absent when run from the sources. */
declare const STACKFARE_BUILD_ID: string | undefined;

type Env = Readonly<Record<string, string | undefined>>;

interface CompilingModule {
  exports: unknown;
  require(id: string): unknown;
}
type LoadExtension = (this: unknown, module: CompilingModule, filename: string) => unknown;
interface ModuleInternals {
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _extensions: Record<string, LoadExtension>;
  _cache: unknown;
  enableCompileCache?: (dir?: string) => unknown;
}

/** Node's own CommonJS wrapper, the head on a line of its own so line and column numbers stay the file's. */
const WRAP_HEAD = '(function (exports, require, module, __filename, __dirname) {\n';
const WRAP_TAIL = '\n})';

/**
 * A chunk's source inside the CommonJS wrapper, read straight into one buffer and decoded once:
 * one string per chunk, where reading the file and then wrapping it makes two (the file's, then
 * the wrapped copy), which on a scripted start is enough to cost a young-generation collection.
 * (Only the entry, which Node loads itself, starts with a `#!` line.)
 */
function readWrapped(filename: string): string {
  const fd = openSync(filename, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.allocUnsafe(WRAP_HEAD.length + size + WRAP_TAIL.length);
    buffer.write(WRAP_HEAD, 0, 'latin1');
    let read = 0;
    for (let n = 1; read < size && n > 0; read += n) n = readSync(fd, buffer, WRAP_HEAD.length + read, size - read, read);
    const end = WRAP_HEAD.length + read;
    buffer.write(WRAP_TAIL, end, 'latin1');
    return buffer.toString('utf8', 0, end + WRAP_TAIL.length);
  } finally {
    closeSync(fd);
  }
}

/** Compiles a wrapped chunk with its cached code (when there is some) and runs it as `module`. */
function runChunk(M: ModuleInternals, module: CompilingModule, source: string, filename: string, cachedData: Buffer | undefined): Script {
  const { Script: VmScript } = process.getBuiltinModule('node:vm') as typeof import('node:vm');
  const script = new VmScript(source, { filename, lineOffset: -1, cachedData });
  const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
  const req = Object.assign((id: string) => module.require(id), {
    resolve: (request: string, options?: unknown) => M._resolveFilename(request, module, false, options),
    extensions: M._extensions,
    cache: M._cache,
  });
  fn.call(module.exports, module.exports, req, module, filename, filename.slice(0, filename.lastIndexOf(sep)));
  return script;
}

/**
 * The home folder. node:os and node:vm are not among the modules a bare `node` start loads: they
 * load only when used (os only where HOME is unset, vm only on Node 20), not on every start.
 */
function homeDir(): string {
  // What os.homedir() returns on POSIX when HOME is set, without loading it.
  if (process.platform !== 'win32' && process.env.HOME) return process.env.HOME;
  return (process.getBuiltinModule('node:os') as typeof import('node:os')).homedir();
}

/** The folder this build's cache goes in, or undefined when there is none to use. */
function compileCacheDir(env: Env, buildId: string, home: () => string = homeDir): string | undefined {
  if (env.STACKFARE_NO_COMPILE_CACHE !== undefined && env.STACKFARE_NO_COMPILE_CACHE !== '' && env.STACKFARE_NO_COMPILE_CACHE !== '0') return undefined;
  let base = env.XDG_CACHE_HOME;
  if (!base?.startsWith('/')) {
    if (process.platform === 'win32') base = env.LOCALAPPDATA;
    else {
      try {
        base = join(home(), '.cache');
      } catch {
        return undefined;
      }
    }
  }
  if (!base) return undefined;
  return join(base, 'stackfare', `compile-${buildId}-${process.version}-${process.arch}`);
}

/**
 * Creates `dir` and its missing parents one level at a time, one attempt each: a recursive mkdir
 * spins forever where the file system refuses new folders but says the parent is missing
 * (XDG_CACHE_HOME=/proc/self). Bounded by the path's depth; throws on the first refusal.
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    if (dirname(d) === d) throw new Error(`no existing folder above ${dir}`);
    missing.unshift(d);
  }
  for (const d of missing) mkdirSync(d, { mode: 0o700 });
}

/** Creates `dir` (mode 700) and says whether it and its parent are the user's own and closed to others. */
function ownPrivateDir(dir: string): boolean {
  try {
    makeFolders(dir);
    if (process.platform === 'win32') return true;
    const uid = process.getuid?.();
    for (const d of [dir, dirname(dir)]) {
      const st = statSync(d);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** Removes other builds' caches that nobody used for 30 days (run once, when this build's is new). */
function pruneOldCaches(dir: string, now: number): void {
  const parent = dirname(dir);
  for (const name of readdirSync(parent)) {
    const path = join(parent, name);
    if (path === dir || !name.startsWith('compile-')) continue;
    try {
      if (now - statSync(path).mtimeMs > 30 * 24 * 3600 * 1000) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another run removed it, or it is not ours to remove: leave it.
    }
  }
}

/**
 * Turns the code cache on for the modules of `bundleDir` (the folder of the running bundle).
 * Returns what it did, for tests: 'hook' or 'off'.
 */
export function installCompileCache(env: Env, bundleDir: string): 'hook' | 'off' {
  if (typeof STACKFARE_BUILD_ID !== 'string') return 'off';
  const dir = compileCacheDir(env, STACKFARE_BUILD_ID);
  if (!dir) return 'off';
  const M = Module as unknown as ModuleInternals;
  const isNew = !existsSync(dir);
  // One attempt to make the folder; on failure the run goes on without a cache (never a retry loop).
  if (!ownPrivateDir(dir)) return 'off';
  if (isNew) {
    try {
      pruneOldCaches(dir, Date.now());
    } catch {
      // Pruning is housekeeping only.
    }
  }

  // Node's own cache (22.1+) for what the hook leaves to Node: the chunk that import()s the Ink
  // view, and the view's ES modules. Turned on when that chunk loads, not at every start (turning
  // it on costs 1-2 ms, and only the wizard's comparison on a terminal loads the view). It keeps
  // code as compiled before the module runs, so most functions, compiled lazily while running,
  // are compiled again on every run; the hook keeps them (a tenth of an `estimate --usage` start).
  let nodeCacheTried = false;
  const enableNodeCache = () => {
    if (nodeCacheTried || typeof M.enableCompileCache !== 'function') return;
    nodeCacheTried = true;
    try {
      const own = join(dir, 'node');
      if (ownPrivateDir(own)) M.enableCompileCache(own);
    } catch {
      // Node's cache is an extra: without it the view compiles as usual.
    }
  };
  const prefix = bundleDir + sep;
  const toWrite: [Script, string][] = [];
  const loadJs = M._extensions['.js']!;
  // The bundle's own chunks: loaded here (Node has resolved them and made their module), the
  // rest as Node does. A chunk that import()s an ES module (the Ink view) is left to Node: code
  // that V8 reads back from a cache loses the callback import() needs (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING).
  M._extensions['.js'] = function loadChunk(this: unknown, module: CompilingModule, filename: string) {
    if (!filename.startsWith(prefix)) return loadJs.call(this, module, filename);
    const source = readWrapped(filename);
    if (source.includes('import(')) {
      enableNodeCache();
      return loadJs.call(this, module, filename);
    }
    // Plain concatenation: both parts are already normal (path.join normalises the whole path
    // again on every call, and this runs once per chunk on every start).
    const file = `${dir}${sep}${filename.slice(prefix.length).replaceAll(sep, '_')}.v8`;
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = runChunk(M, module, source, filename, cachedData);
    if (cachedData === undefined || script.cachedDataRejected === true) toWrite.push([script, file]);
  };

  // At exit the scripts hold every function this run compiled: keep that for the next run.
  // A cancelled or signalled run (128+n) writes nothing anywhere.
  process.once('exit', (code) => {
    if (code > 128) return;
    for (const [script, file] of toWrite) {
      const temp = `${file}.${process.pid}.tmp`;
      try {
        writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
        renameSync(temp, file);
      } catch {
        try {
          rmSync(temp, { force: true });
        } catch {
          // Nothing more to do: the next run compiles as usual.
        }
      }
    }
  });
  return 'hook';
}

/**
 * The bundle's chunks require each other as `./chunk-X.js`, siblings in one folder. Node resolves
 * each such request with a stat and a real-path walk, and a run loads some thirty chunks: here a
 * chunk's request for a sibling chunk goes straight to the file (a missing one still fails, on
 * reading it). Everything else, and any run from the sources, resolves as Node does.
 */
export function resolveChunksDirectly(bundleDir: string): boolean {
  if (typeof STACKFARE_BUILD_ID !== 'string') return false;
  const M = Module as unknown as ModuleInternals;
  const original = M._resolveFilename;
  const prefix = bundleDir + sep;
  M._resolveFilename = function resolveChunk(this: unknown, request: string, parent: unknown, isMain: boolean, options?: unknown): string {
    const from = (parent as { filename?: unknown } | undefined)?.filename;
    if (typeof from === 'string' && from.startsWith(prefix) && !from.includes(sep, prefix.length) && /^\.\/[\w-]+\.js$/.test(request)) {
      return prefix + request.slice(2);
    }
    return original.call(this, request, parent, isMain, options);
  };
  return true;
}
