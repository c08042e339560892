/**
 * Release commands on Kubernetes: one Job per service with a release command, in a file of its
 * own that the kustomization does not list, run and waited for before `kubectl apply -k` rolls the
 * Deployments. A Job rather than an init container: an init container runs in every replica at
 * every pod start (restarts and scale-ups too), so migrations would run concurrently and
 * outside deploys; a Job runs once. It stays out of the kustomization because a Job's pod template
 * is immutable: applying a changed image to the same Job fails, so each deploy deletes and re-creates it.
 */
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { indexFirst } from '../../core/collections.js';
import { shell } from '../../render/serialize.js';
import type { DeployStep } from '../../render/stack-files.js';
import { shellWords } from '../command-lines.js';
import { type K8sObject, NAME_LABEL, PART_OF_LABEL, serviceObjects } from './manifests.js';
import type { K8sModel } from './model.js';

/** The file of the release Jobs, beside k8s/ rather than in it: kustomize applies everything in k8s/, and these must not be (see above). */
export const RELEASE_FILE = 'k8s-release.yaml';

/** The Job of a service's release command. */
export const releaseJobName = (slug: string) => `${slug}-release`;

/**
 * The release Jobs: each one the service's own pod (image, variables, secrets, security context)
 * running the release command as its arguments (the image's entrypoint stays, as on Fly), without
 * ports, probes or mounted volumes, and with its own labels so no Service routes to it.
 */
export function releaseJobs(model: K8sModel): K8sObject[] {
  const bySlug = indexFirst(model.stack.services, (s) => s.slug);
  return model.workloads.flatMap((w) => {
    const s = bySlug.get(w.slug);
    if (!s?.release) return [];
    const deployment = serviceObjects(s, w, model).find((o) => o.kind === 'Deployment') as { spec: { template: { spec: IPodSpec } } } | undefined;
    if (!deployment) return [];
    const pod = structuredClone(deployment.spec.template.spec);
    const [main] = pod.containers;
    const container: IContainer = { ...main!, args: shellWords(s.release.command) };
    for (const key of ['ports', 'readinessProbe', 'livenessProbe', 'startupProbe'] as const) delete container[key];
    // Scratch folders (emptyDir: a cache the program writes) come along; a ReadWriteOnce volume
    // is the running pod's, and a generated ConfigMap's hashed name resolves only inside the kustomization.
    const scratch = (pod.volumes ?? []).filter((v) => v.emptyDir !== undefined);
    const mounts = (container.volumeMounts ?? []).filter((m) => scratch.some((v) => v.name === m.name));
    container.volumeMounts = mounts.length > 0 ? mounts : undefined;
    const labels = { [NAME_LABEL]: releaseJobName(s.slug), [PART_OF_LABEL]: model.namespace };
    const job: IJob = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: releaseJobName(s.slug), namespace: model.namespace, labels },
      spec: {
        // A failed migration is looked at, not retried blindly.
        backoffLimit: 0,
        activeDeadlineSeconds: 1800,
        ttlSecondsAfterFinished: 86400,
        template: {
          metadata: { labels },
          spec: { ...pod, containers: [container], volumes: scratch.length > 0 ? scratch : undefined, restartPolicy: 'Never' },
        },
      },
    };
    return [job as K8sObject];
  });
}

/** The DEPLOY.md step that runs the release Jobs and waits for them, before the manifests are applied. */
export function releaseStep(model: K8sModel, dir: string): DeployStep | null {
  const jobs = releaseJobs(model).map((j) => j.metadata.name);
  if (jobs.length === 0) return null;
  const ns = shell(model.namespace);
  const cnpg = model.postgres.some((p) => p.kind === 'cloudnative-pg');
  return {
    title: 'Run the release commands (migrations)',
    text:
      `Each Job in ${RELEASE_FILE} runs a service's release command once, from the image the Deployment will run, before the new version rolls out; repeat this step before every apply. ` +
      'A Job cannot be changed once created, so the old one is deleted first.' +
      (cnpg ? ' The CloudNativePG cluster must exist and be ready first.' : ''),
    commands: [
      ...(cnpg
        ? [
            `kubectl -n ${ns} apply -f ${dir}/postgres.yaml`,
            ...model.postgres
              .filter((p) => p.kind === 'cloudnative-pg')
              .map((p) => `kubectl -n ${ns} wait --for=condition=Ready cluster/${shell(p.name)} --timeout=10m`),
          ]
        : []),
      ...jobs.map((j) => `kubectl -n ${ns} delete job ${shell(j)} --ignore-not-found`),
      `kubectl apply -f ${RELEASE_FILE}`,
      ...jobs.map((j) => `kubectl -n ${ns} wait --for=condition=complete job/${shell(j)} --timeout=30m`),
    ],
  };
}
