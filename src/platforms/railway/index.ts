/** Railway: one project, usage-billed containers, Postgres as a service. */
import { definePlatform } from '../types.js';
import { priceRailway } from './estimate.js';
import { resolveRailway, type RailwayModel } from './model.js';

export type { RailwayModel };
export const railway = definePlatform<RailwayModel>({
  id: 'railway',
  resolve: resolveRailway,
  price: priceRailway,
  // The files' code (templates' models, DEPLOY steps) loads only when files are generated: not on estimate's start-up path.
  files: async (model, stack, ctx) => (await import('./plan.js')).railwayFiles(model, stack, ctx),
});
