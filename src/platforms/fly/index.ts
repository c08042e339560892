/** Fly.io: one app per service, Managed Postgres clusters. */
import { definePlatform } from '../../core/platform.js';
import type { Stack } from '../../core/stack.js';
import { priceFly } from './estimate.js';
import { type FlyModel, resolveFly } from './model.js';

export type { FlyModel };
export const fly = definePlatform<FlyModel & { stack: Stack }>({
  id: 'fly',
  capabilities: {
    hosted: true,
    postgresInCluster: false,
    sleeps: true,
    deployFiles: { marker: /^fly\/[^/]+\/fly\.toml$/, main: /^fly\/.*fly\.toml$/, serviceFile: (service) => `fly/${service}/fly.toml` },
  },
  resolve: (stack, book) => ({ ...resolveFly(stack, book), stack }),
  price: (model, book) => priceFly(model, model.stack, book),
  // The files' code (templates' models, DEPLOY steps) loads only when files are generated: not on estimate's start-up path.
  files: async (model, ctx) => (await import('./files.js')).flyFiles(model, model.stack, ctx),
});
