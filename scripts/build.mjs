// Bundles the CLI into dist/ with esbuild. The Ink view is a separate chunk loaded
// with a dynamic import, so the non-interactive commands never parse ink or react.
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
  // Native or optional modules stay outside the bundle.
  external: ['react-devtools-core'],
  banner: {
    // Bundled CommonJS dependencies (handlebars) call require(); give them one.
    js: "#!/usr/bin/env node\nimport { createRequire as __sfCreateRequire } from 'node:module';\nconst require = __sfCreateRequire(import.meta.url);",
  },
});
// The bin must be executable: `npx stackfare` runs dist/cli.js directly.
chmodSync(join(outdir, 'cli.js'), 0o755);
