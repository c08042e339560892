/** Kubernetes (priced on DigitalOcean Kubernetes): kustomize manifests, managed or CloudNativePG Postgres. */
import { definePlatform } from '../../core/platform.js';
import { priceKubernetes } from './estimate.js';
import { type K8sModel, resolveKubernetes } from './model.js';

export type { K8sModel };
export const kubernetes = definePlatform<K8sModel>({
  id: 'kubernetes',
  capabilities: {
    hosted: true,
    postgresInCluster: true,
    sleeps: false,
    deployFiles: { marker: /^k8s\/kustomization\.yaml$/, main: /^k8s\/kustomization\.yaml$/, serviceFile: (service) => `k8s/${service}.yaml` },
  },
  resolve: resolveKubernetes,
  price: priceKubernetes,
  // The files' code (templates' models, DEPLOY steps) loads only when files are generated: not on estimate's start-up path.
  files: async (model, ctx) => (await import('./files.js')).kubernetesFiles(model, ctx),
});
