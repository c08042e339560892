/** Fly.io: one app per service, Managed Postgres clusters. */
import { definePlatform } from '../types.js';
import { priceFly } from './estimate.js';
import { resolveFly, type FlyModel } from './model.js';

export type { FlyModel };
export const fly = definePlatform<FlyModel>({
  id: 'fly',
  resolve: resolveFly,
  price: priceFly,
  // The files' code (templates' models, DEPLOY steps) loads only when files are generated: not on estimate's start-up path.
  files: async (model, stack, ctx) => (await import('./plan.js')).flyFiles(model, stack, ctx),
});
