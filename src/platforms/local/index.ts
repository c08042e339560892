/** Local personal: docker compose at home, backups by script and cron. */
import { definePlatform } from '../../core/platform.js';
import { priceLocal } from './estimate.js';
import { type LocalModel, resolveLocal } from './model.js';

export type { LocalModel };
export const local = definePlatform<LocalModel>({
  id: 'local',
  capabilities: {
    hosted: false,
    postgresInCluster: false,
    sleeps: false,
    deployFiles: { marker: /^docker-compose\..+\.ya?ml$/, main: /^docker-compose\..+\.ya?ml$/ },
  },
  resolve: resolveLocal,
  price: priceLocal,
  // The files' code (templates' models, DEPLOY steps) loads only when files are generated: not on estimate's start-up path.
  files: async (model, ctx) => (await import('./files.js')).localFiles(model, ctx),
});
