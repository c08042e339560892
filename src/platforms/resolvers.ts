/** Every platform's wiring resolver: reads its deploy files back into who reaches whom (used by `check` and the tests). */
import type { PlatformId } from '../core/answers.js';
import { digitalOceanWiring } from './digitalocean/wiring.js';
import { flyWiring } from './fly/wiring.js';
import { kubernetesWiring } from './kubernetes/wiring.js';
import { localWiring } from './local/wiring.js';
import { railwayWiring } from './railway/wiring.js';
import { renderWiring } from './render/wiring.js';
import type { WiringResolver } from './wiring.js';

/** The resolver of each platform. */
export const WIRING_RESOLVERS: Record<PlatformId, WiringResolver> = {
  railway: railwayWiring,
  fly: flyWiring,
  render: renderWiring,
  digitalocean: digitalOceanWiring,
  local: localWiring,
  kubernetes: kubernetesWiring,
};
