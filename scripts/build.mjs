// Bundles the CLI into dist/ with esbuild. The Ink view is a separate chunk loaded
// with a dynamic import, so the non-interactive commands never parse ink or react.
//
// Everything the CLI runs is bundled: package.json has no runtime `dependencies`, so installing
// the package pulls nothing else (test/e2e/pack.e2e.test.ts installs the packed tarball offline
// and runs it). The only modules left outside are optional ones that are never installed and
// never loaded in normal use (the `external` list in scripts/build-options.mjs says which and why).
//
// The built-in price book is validated here, once, and bundled already parsed.
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cliBuildOptions, validatedBuiltinBook } from './build-options.mjs';

let book;
try {
  book = await validatedBuiltinBook();
} catch (error) {
  console.error(`build: ${error.message}`);
  process.exit(1);
}

// STACKFARE_OUTDIR builds elsewhere (tests of one engineer must not pull dist/ from under another).
const outdir = process.env.STACKFARE_OUTDIR ?? 'dist';
rmSync(outdir, { recursive: true, force: true });
await build({
  ...cliBuildOptions(book),
  outdir,
  sourcemap: 'linked',
  minify: true,
  logLevel: 'warning',
  banner: {
    // Bundled CommonJS dependencies (handlebars) call require(); give them one.
    js: "#!/usr/bin/env node\nimport { createRequire as __sfCreateRequire } from 'node:module';\nconst require = __sfCreateRequire(import.meta.url);",
  },
});
// The bin must be executable: `npx stackfare` runs dist/cli.js directly.
chmodSync(join(outdir, 'cli.js'), 0o755);
