// The esbuild options of the CLI bundle, shared by scripts/build.mjs and the tests that check the
// bundle's chunk graph, so the two cannot drift apart.
import { build } from 'esbuild';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/**
 * Validates data/pricing.json with the CLI's own validator (bundled for the occasion) and returns
 * the parsed book; throws with every invalid field named when it is not valid.
 */
export async function validatedBuiltinBook() {
  const out = await build({
    absWorkingDir: root,
    entryPoints: ['src/pricing/builtin-book.ts'],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0].text;
  const mod = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  return mod.BUILTIN_BOOK;
}

/**
 * Replaces src/pricing/builtin-book.ts with the book validated at build time: the CLI then
 * neither loads the price-book schema nor validates the whole book on every start. (JSON.parse
 * of a string is faster for V8 than an object literal of this size.)
 */
export function validatedBookPlugin(book) {
  return {
    name: 'validated-price-book',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]pricing[\\/]builtin-book\.ts$/ }, () => ({
        contents: `export const BUILTIN_BOOK = JSON.parse(${JSON.stringify(JSON.stringify(book))});`,
        loader: 'js',
      }));
    },
  };
}

/** The options of the CLI bundle (outdir aside). */
export function cliBuildOptions(book) {
  return {
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Optional modules, left out on purpose (not dependencies, never installed with stackfare):
    // - react-devtools-core: ink imports it only when DEV=true, and then says how to install it;
    // - pg-native: node-postgres loads its native binding only when asked for `pg.native`, which
    //   stackfare never does (it needs a compiler and libpq at install time).
    external: ['react-devtools-core', 'pg-native'],
    plugins: [validatedBookPlugin(book)],
  };
}
