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

/** A chunk as a function: Node's CommonJS wrapper around its code. */
type ChunkFactory = (this: unknown, ...args: unknown[]) => unknown;

/** Compiles `source` with its cached code (when there is some, from `cacheFile`); the script is kept to write the cache at exit when there was none. */
function compileCached(source: string, filename: string, cacheFile: string, lineOffset: number, toWrite: [Script, string][]): Script {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const { Script: VmScript } = process.getBuiltinModule('node:vm') as typeof import('node:vm');
  const script = new VmScript(source, { filename, lineOffset, cachedData });
  if (cachedData === undefined || script.cachedDataRejected === true) toWrite.push([script, cacheFile]);
  return script;
}

/** Runs a chunk's factory as `module`, with the require, __filename and __dirname Node would give it. */
function runFactory(M: ModuleInternals, module: CompilingModule, factory: ChunkFactory, filename: string): void {
  const req = Object.assign((id: string) => module.require(id), {
    resolve: (request: string, options?: unknown) => M._resolveFilename(request, module, false, options),
    extensions: M._extensions,
    cache: M._cache,
  });
  factory.call(module.exports, module.exports, req, module, filename, filename.slice(0, filename.lastIndexOf(sep)));
}

/** The start pack once loaded: its chunks' factories, and its script with its cache file (absent without a pack). */
interface Pack {
  factories: Record<string, ChunkFactory>;
  cache?: [Script, string];
}

/**
 * The start pack (dist/start-pack.js, written by the build): the chunks every run loads before
 * its command starts, one factory each, in one script: one file to read and one code cache for
 * some twenty chunks. No factories when there is none or it cannot be read: the chunks' files serve.
 */
function loadPack(bundleDir: string, dir: string, toWrite: [Script, string][]): Pack {
  const filename = `${bundleDir}${sep}start-pack.js`;
  let source: string;
  try {
    source = readFileSync(filename, 'utf8');
  } catch {
    return { factories: {} };
  }
  const cacheFile = `${dir}${sep}start-pack.js.v8`;
  const script = compileCached(source, filename, cacheFile, 0, toWrite);
  return { factories: script.runInThisContext({ displayErrors: true }) as Record<string, ChunkFactory>, cache: [script, cacheFile] };
}

/**
 * The home folder. node:os is not among the modules a bare `node` start loads: it loads only
 * where HOME is unset, not on every start.
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

/**
 * Creates `dir` (mode 700) and says whether it and the `above` folders above it are the user's
 * own and closed to others.
 */
function ownPrivateDir(dir: string, above = 1): boolean {
  try {
    makeFolders(dir);
    if (process.platform === 'win32') return true;
    const uid = process.getuid?.();
    for (let d = dir, i = 0; i <= above; i++, d = dirname(d)) {
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

/** The commands, as src/args.ts lists them (test/unit/compile-cache-key.test.ts keeps the two equal). */
const COMMAND_NAMES: readonly string[] = [
  'estimate',
  'generate',
  'import',
  'diff',
  'prices',
  'migrate-data',
  'readiness',
  'measure',
  'check',
  'wizard',
  'help',
  'version',
];

/**
 * The cache a run reads and writes: one per command. A chunk's cache holds the functions the run
 * that wrote it compiled, so a cache written by `stackfare --help` would serve `estimate` little
 * more than the top level of each chunk, and `estimate` would compile the rest on every run.
 * The command is the first argument when it names one (as src/args.ts reads it); --help or
 * --version anywhere is `help`; no command is the wizard; anything else is `other` (an unknown
 * command ends in an error, and is never a folder name).
 */
export function cacheKeyOf(argv: readonly string[]): string {
  if (argv.some((a) => a === '--help' || a === '-h' || a === '--version')) return 'help';
  const first = argv[0];
  if (first === undefined || first.startsWith('-')) return 'wizard';
  return COMMAND_NAMES.includes(first) ? first : 'other';
}

/** Makes the cache folders (this command's, the build's); false when they cannot be used. */
function prepareCacheDir(buildDir: string, dir: string): boolean {
  const isNew = !existsSync(buildDir);
  // One attempt to make the folder; on failure the run goes on without a cache (never a retry loop).
  // This command's folder, the build's and stackfare's must be the user's own.
  if (!ownPrivateDir(dir, 2)) return false;
  if (isNew) {
    try {
      pruneOldCaches(buildDir, Date.now());
    } catch {
      // Pruning is housekeeping only.
    }
  }
  return true;
}

/**
 * Node's own cache (22.1+), for what the loader leaves to Node: the chunk that import()s the Ink
 * view, and the view's ES modules. Turned on when that chunk loads, not at every start (turning
 * it on costs 1-2 ms, and only the wizard's comparison on a terminal loads the view). It keeps
 * code as compiled before the module runs, so most functions, compiled lazily while running, are
 * compiled again on every run; stackfare's loader keeps them (a tenth of an `estimate --usage` start).
 */
function nodeCacheEnabler(M: ModuleInternals, buildDir: string): () => void {
  let tried = false;
  return () => {
    if (tried || typeof M.enableCompileCache !== 'function') return;
    tried = true;
    try {
      const own = join(buildDir, 'node');
      if (ownPrivateDir(own)) M.enableCompileCache(own);
    } catch {
      // Node's cache is an extra: without it the view compiles as usual.
    }
  };
}

/** Writes each script's cache whole (temporary file, then rename); a failure only means compiling next time. */
function writeCaches(toWrite: readonly [Script, string][]): void {
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
}

/**
 * Turns the code cache on for the modules of `bundleDir` (the folder of the running bundle), in
 * the cache of the command `argv` runs. Returns what it did, for tests: 'hook' or 'off'.
 */
export function installCompileCache(env: Env, bundleDir: string, argv: readonly string[]): 'hook' | 'off' {
  if (typeof STACKFARE_BUILD_ID !== 'string') return 'off';
  const buildDir = compileCacheDir(env, STACKFARE_BUILD_ID);
  if (!buildDir) return 'off';
  const dir = join(buildDir, cacheKeyOf(argv));
  if (!prepareCacheDir(buildDir, dir)) return 'off';
  const M = Module as unknown as ModuleInternals;
  const enableNodeCache = nodeCacheEnabler(M, buildDir);
  const prefix = bundleDir + sep;
  const toWrite: [Script, string][] = [];
  const loadJs = M._extensions['.js']!;
  let pack: Pack | undefined;
  // The bundle's own chunks: loaded here (Node has resolved them and made their module), from the
  // start pack when it holds them, else from their file; the rest as Node does. A chunk that
  // import()s an ES module (the Ink view) is left to Node: code that V8 reads back from a cache
  // loses the callback import() needs (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING).
  M._extensions['.js'] = function loadChunk(this: unknown, module: CompilingModule, filename: string) {
    if (!filename.startsWith(prefix)) return loadJs.call(this, module, filename);
    const name = filename.slice(prefix.length);
    pack ??= loadPack(bundleDir, dir, toWrite);
    if (Object.hasOwn(pack.factories, name)) return runFactory(M, module, pack.factories[name]!, filename);
    const source = readWrapped(filename);
    if (source.includes('import(')) {
      enableNodeCache();
      return loadJs.call(this, module, filename);
    }
    // Plain concatenation: both parts are already normal (path.join normalises the whole path
    // again on every call, and this runs once per chunk on every start).
    const script = compileCached(source, filename, `${dir}${sep}${name.replaceAll(sep, '_')}.v8`, -1, toWrite);
    runFactory(M, module, script.runInThisContext({ displayErrors: true }) as ChunkFactory, filename);
  };

  // At exit the scripts hold every function this run compiled: keep that for the next run.
  // A cancelled or signalled run (128+n) writes nothing anywhere.
  process.once('exit', (code) => {
    if (code > 128) return;
    // A run that loaded a chunk no earlier run of this command had (a new path: --usage after a
    // plain estimate) ran new functions of the packed chunks too: the pack's cache is written
    // again, holding what it held and what this run compiled.
    const packCache = pack?.cache;
    if (packCache && toWrite.length > 0 && !toWrite.some(([script]) => script === packCache[0])) toWrite.push(packCache);
    writeCaches(toWrite);
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
