/** DigitalOcean App Platform: one app spec, fixed sizes, managed PostgreSQL. */
import { definePlatform } from '../types.js';
import { priceDigitalOcean } from './estimate.js';
import { resolveDigitalOcean, type DoModel } from './model.js';
import { digitalOceanFilesPlan } from './plan.js';

export type { DoModel };
export const digitalocean = definePlatform<DoModel>({ id: 'digitalocean', resolve: resolveDigitalOcean, price: priceDigitalOcean, files: digitalOceanFilesPlan });
