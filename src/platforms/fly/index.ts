/** Fly.io: one app per service, Managed Postgres clusters. */
import { definePlatform } from '../types.js';
import { priceFly } from './estimate.js';
import { resolveFly, type FlyModel } from './model.js';
import { flyFilesPlan } from './plan.js';

export type { FlyModel };
export const fly = definePlatform<FlyModel>({ id: 'fly', resolve: resolveFly, price: priceFly, files: flyFilesPlan });
