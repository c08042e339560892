// Bundles the CLI into dist/ with esbuild. The Ink view is a separate chunk loaded
// with a dynamic import, so the non-interactive commands never parse ink or react.
//
// Everything the CLI runs is bundled: package.json has no runtime `dependencies`, so installing
// the package pulls nothing else (test/e2e/pack.e2e.test.ts installs the packed tarball offline
// and runs it). The only modules left outside are optional ones that are never installed and
// never loaded in normal use (the `external` list in scripts/build-options.mjs says which and why).
//
// The built-in price book is validated here, once, and bundled already parsed.

import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { builtinDefaultAnswers, cliBuildOptions, commonJsStage, ESM_BANNER, validatedBuiltinBook } from './build-options.mjs';

let book;
let defaultAnswers;
try {
  book = await validatedBuiltinBook();
  defaultAnswers = await builtinDefaultAnswers();
} catch (error) {
  console.error(`build: ${error.message}`);
  process.exit(1);
}

// STACKFARE_OUTDIR builds elsewhere (tests of one engineer must not pull dist/ from under another).
const outdir = process.env.STACKFARE_OUTDIR ?? 'dist';
rmSync(outdir, { recursive: true, force: true });
// Stage 1: ES-module chunks (esbuild splits only ES modules), in a folder of their own.
const stageDir = mkdtempSync(join(tmpdir(), 'stackfare-build-'));
try {
  const first = await build({
    ...cliBuildOptions(book, defaultAnswers),
    outdir: stageDir,
    sourcemap: 'linked',
    minify: true,
    metafile: true,
    logLevel: 'warning',
    banner: { js: `#!/usr/bin/env node\n${ESM_BANNER}` },
  });
  // Stage 2: the same chunks as CommonJS (the Ink view aside), for a faster start (see commonJsStage).
  await commonJsStage({ stageDir, outdir, metafile: first.metafile });
} finally {
  rmSync(stageDir, { recursive: true, force: true });
}
// The bin must be executable: `npx stackfare` runs dist/cli.js directly.
chmodSync(join(outdir, 'cli.js'), 0o755);
