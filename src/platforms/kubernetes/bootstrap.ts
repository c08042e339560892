/**
 * Kubernetes' way of running the bootstrap steps of well-known images (data/images.json): kubectl
 * exec runs the program in the service's Deployment, the value is merged into the service's
 * Secret from stdin (never in a command line), and a rollout restart makes the pods read it.
 */
import type { Stack } from '../../core/stack.js';
import { shell } from '../../render/serialize.js';
import type { DeployStep } from '../../render/stack-files.js';
import { bootstrapSteps } from '../bootstrap.js';
import { secretsName } from './manifests.js';

/** DEPLOY.md's bootstrap steps for the stack in namespace `ns`. */
export function kubernetesBootstrapSteps(stack: Stack, ns: string): DeployStep[] {
  const kubectl = `kubectl -n ${shell(ns)}`;
  return bootstrapSteps(stack, {
    exec: (slug) => ({ argv: (words) => `${kubectl} exec deploy/${shell(slug)} -- ${words.map(shell).join(' ')}` }),
    setSecret: (slug, name, from) => [
      `printf '{"stringData":{"%s":"%s"}}' ${shell(name)} "$${from}" | ${kubectl} patch secret ${shell(secretsName(slug))} --type merge --patch-file /dev/stdin`,
    ],
    apply: (slugs) => [...new Set(slugs)].map((slug) => `${kubectl} rollout restart deployment/${shell(slug)}`),
    address: (slug) =>
      stack.services.find((s) => s.slug === slug)?.public ? (stack.domain ? `https://${stack.domain}` : 'the ingress address (kubectl get ingress)') : null,
  });
}
