/** DigitalOcean App Platform: one app spec, fixed sizes, managed PostgreSQL. */
import { definePlatform } from '../types.js';
import { priceDigitalOcean } from './estimate.js';
import { resolveDigitalOcean, type DoModel } from './model.js';

export type { DoModel };
export const digitalocean = definePlatform<DoModel>({
  id: 'digitalocean',
  resolve: resolveDigitalOcean,
  price: priceDigitalOcean,
  // The files' code (templates' models, DEPLOY steps) loads only when files are generated: not on estimate's start-up path.
  files: async (model, stack, ctx) => (await import('./files.js')).digitalOceanFiles(model, stack, ctx),
});
