/** Kubernetes (priced on DigitalOcean Kubernetes): kustomize manifests, managed or CloudNativePG Postgres. */
import { definePlatform } from '../types.js';
import { priceKubernetes } from './estimate.js';
import { resolveKubernetes, type K8sModel } from './model.js';

export type { K8sModel };
export const kubernetes = definePlatform<K8sModel>({
  id: 'kubernetes',
  resolve: resolveKubernetes,
  price: priceKubernetes,
  // The files' code (templates' models, DEPLOY steps) loads only when files are generated: not on estimate's start-up path.
  files: async (model, stack, ctx) => (await import('./files.js')).kubernetesFiles(model, stack, ctx),
});
