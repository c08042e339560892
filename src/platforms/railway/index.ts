/** Railway: one project, usage-billed containers, Postgres as a service. */
import { definePlatform } from '../types.js';
import { priceRailway } from './estimate.js';
import { resolveRailway, type RailwayModel } from './model.js';
import { railwayFilesPlan } from './plan.js';

export type { RailwayModel };
export const railway = definePlatform<RailwayModel>({
  id: 'railway',
  resolve: resolveRailway,
  price: priceRailway,
  files: railwayFilesPlan,
});
