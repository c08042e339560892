// Bundles the CLI into dist/ with esbuild. The Ink view is a separate chunk loaded
// with a dynamic import, so the non-interactive commands never parse ink or react.
//
// Everything the CLI runs is bundled: package.json has no runtime `dependencies`, so installing
// the package pulls nothing else (test/e2e/pack.e2e.test.ts installs the packed tarball offline
// and runs it). The only modules left outside are optional ones that are never installed and
// never loaded in normal use (see `external` below).
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// STACKFARE_OUTDIR builds elsewhere (tests of one engineer must not pull dist/ from under another).
const outdir = process.env.STACKFARE_OUTDIR ?? 'dist';
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minify: true,
  logLevel: 'warning',
  // Optional modules, left out on purpose (not dependencies, never installed with stackfare):
  // - react-devtools-core: ink imports it only when DEV=true, and then says how to install it;
  // - pg-native: node-postgres loads its native binding only when asked for `pg.native`, which
  //   stackfare never does (it needs a compiler and libpq at install time).
  external: ['react-devtools-core', 'pg-native'],
  banner: {
    // Bundled CommonJS dependencies (handlebars) call require(); give them one.
    js: "#!/usr/bin/env node\nimport { createRequire as __sfCreateRequire } from 'node:module';\nconst require = __sfCreateRequire(import.meta.url);",
  },
});
// The bin must be executable: `npx stackfare` runs dist/cli.js directly.
chmodSync(join(outdir, 'cli.js'), 0o755);
