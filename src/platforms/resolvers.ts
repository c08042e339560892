/** Every platform's wiring resolver: reads its deploy files back into who reaches whom (used by `check` and the tests). */
import type { PlatformId } from '../core/answers.js';
import type { Stack } from '../core/stack.js';
import { digitalOceanWiring } from './digitalocean/wiring.js';
import { flyWiring } from './fly/wiring.js';
import { checkKubernetesPolicies, kubernetesWiring } from './kubernetes/wiring.js';
import { localWiring } from './local/wiring.js';
import { railwayWiring } from './railway/wiring.js';
import { renderWiring } from './render/wiring.js';
import { checkWiring, type DeployedFile, type WiringProblem, type WiringResolver } from './wiring.js';

/** The resolver of each platform. */
export const WIRING_RESOLVERS: Record<PlatformId, WiringResolver> = {
  railway: railwayWiring,
  fly: flyWiring,
  render: renderWiring,
  digitalocean: digitalOceanWiring,
  local: localWiring,
  kubernetes: kubernetesWiring,
};

/** Each platform's own rules beyond the wiring every platform shares (Kubernetes: its NetworkPolicies admit what the wiring needs). */
const OWN_RULES: Partial<Record<PlatformId, (stack: Stack, files: readonly DeployedFile[]) => WiringProblem[]>> = {
  kubernetes: checkKubernetesPolicies,
};

/** What does not hold in a platform's deploy files as they are: the shared wiring rules, then the platform's own. */
export function wiringProblems(platform: PlatformId, stack: Stack, files: readonly DeployedFile[]): WiringProblem[] {
  return [...checkWiring(stack, WIRING_RESOLVERS[platform](files, stack)), ...(OWN_RULES[platform]?.(stack, files) ?? [])];
}
