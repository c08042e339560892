/** DigitalOcean App Platform: one app spec, fixed sizes, managed PostgreSQL. */
import { definePlatform } from '../../core/platform.js';
import { priceDigitalOcean } from './estimate.js';
import { type DoModel, resolveDigitalOcean } from './model.js';

export type { DoModel };
export const digitalocean = definePlatform<DoModel>({
  id: 'digitalocean',
  capabilities: { hosted: true, postgresInCluster: false, sleeps: false, deployFiles: { marker: /^\.do\/app\.yaml$/, main: /^\.do\/app\.yaml$/ } },
  resolve: resolveDigitalOcean,
  price: priceDigitalOcean,
  // The files' code (templates' models, DEPLOY steps) loads only when files are generated: not on estimate's start-up path.
  files: async (model, ctx) => (await import('./files.js')).digitalOceanFiles(model, ctx),
});
