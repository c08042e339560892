/** Every platform's wiring resolver, for the cross-platform wiring tests. */
import type { PlatformId } from '../../src/core/answers.js';
import { digitalOceanWiring } from '../../src/platforms/digitalocean/wiring.js';
import { flyWiring } from '../../src/platforms/fly/wiring.js';
import { kubernetesWiring } from '../../src/platforms/kubernetes/wiring.js';
import { localWiring } from '../../src/platforms/local/wiring.js';
import { railwayWiring } from '../../src/platforms/railway/wiring.js';
import { renderWiring } from '../../src/platforms/render/wiring.js';
import type { WiringResolver } from '../../src/platforms/wiring.js';

/** The resolver of every platform (the wiring test requires one for each). */
export const RESOLVERS: Partial<Record<PlatformId, WiringResolver>> = {
  railway: railwayWiring,
  fly: flyWiring,
  render: renderWiring,
  digitalocean: digitalOceanWiring,
  local: localWiring,
  kubernetes: kubernetesWiring,
};
