/** Railway: one project, usage-billed containers, Postgres as a service. */
import { definePlatform } from '../../core/platform.js';
import type { Stack } from '../../core/stack.js';
import { priceRailway } from './estimate.js';
import { type RailwayModel, resolveRailway } from './model.js';

export type { RailwayModel };
export const railway = definePlatform<RailwayModel & { stack: Stack }>({
  id: 'railway',
  capabilities: { hosted: true, postgresInCluster: false, sleeps: true, deployFiles: { marker: /^\.railway\/railway\.ts$/, main: /^\.railway\/railway\.ts$/ } },
  resolve: (stack, book) => ({ ...resolveRailway(stack, book), stack }),
  price: (model, book) => priceRailway(model, model.stack, book),
  // The files' code (templates' models, DEPLOY steps) loads only when files are generated: not on estimate's start-up path.
  files: async (model, ctx) => (await import('./files.js')).railwayFiles(model, model.stack, ctx),
});
