/**
 * Entry. Turns the code cache on, then loads the run (src/main.ts): only this file and the
 * compile cache load before the cache is on, so every other module, the run's own included,
 * comes from the cache when there is one (and resolves as a sibling chunk, without a search).
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installCompileCache, resolveChunksDirectly } from './compile-cache.js';

const bundleDir = dirname(fileURLToPath(import.meta.url));
installCompileCache(process.env, bundleDir, process.argv.slice(2));
resolveChunksDirectly(bundleDir);
void import('./main.js');
