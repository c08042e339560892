/** Local personal: docker compose at home, backups by script and cron. */
import { definePlatform } from '../types.js';
import { priceLocal } from './estimate.js';
import { resolveLocal, type LocalModel } from './model.js';
import { localFilesPlan } from './plan.js';

export type { LocalModel };
export const local = definePlatform<LocalModel>({ id: 'local', resolve: resolveLocal, price: priceLocal, files: localFilesPlan });
