/** Kubernetes (priced on DigitalOcean Kubernetes): kustomize manifests, managed or CloudNativePG Postgres. */
import { definePlatform } from '../types.js';
import { priceKubernetes } from './estimate.js';
import { resolveKubernetes, type K8sModel } from './model.js';
import { kubernetesFilesPlan } from './plan.js';

export type { K8sModel };
export const kubernetes = definePlatform<K8sModel>({ id: 'kubernetes', resolve: resolveKubernetes, price: priceKubernetes, files: kubernetesFilesPlan });
