/**
 * Checks every object of generated k8s/ manifests against the Kubernetes API schemas that
 * kubernetes-models carries (its validators are compiled from the OpenAPI schemas), and the
 * CloudNativePG objects against test/fixtures/cloudnative-pg.schema.json (from the CRDs). Also
 * the name rules the API server applies (RFC 1123 names, label values, port names). Gateway API
 * objects (GatewayClass, Gateway, HTTPRoute) against test/fixtures/gateway-api.schema.json (from
 * the CRDs). Every k8s/ file is either in the kustomization or the cluster-wide GatewayClass file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Service } from 'kubernetes-models/v1/Service';
import YAML from 'yaml';
import { readManifests } from '../../src/platforms/kubernetes/wiring.js';
import type { RenderedFile } from '../../src/render/render-files.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv').default as typeof import('ajv').default;

/** A class per apiVersion/kind whose instances validate themselves (throwing on errors). */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

const cnpgSchema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'cloudnative-pg.schema.json'), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(cnpgSchema, 'cnpg');
const CNPG: Record<string, ValidateFunction> = {
  Cluster: ajv.compile({ $ref: 'cnpg#/definitions/Cluster' }),
  Database: ajv.compile({ $ref: 'cnpg#/definitions/Database' }),
  ScheduledBackup: ajv.compile({ $ref: 'cnpg#/definitions/ScheduledBackup' }),
};

const gatewaySchema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'gateway-api.schema.json'), 'utf8'));
ajv.addSchema(gatewaySchema, 'gateway');
const GATEWAY: Record<string, ValidateFunction> = {
  GatewayClass: ajv.compile({ $ref: 'gateway#/definitions/GatewayClass' }),
  Gateway: ajv.compile({ $ref: 'gateway#/definitions/Gateway' }),
  HTTPRoute: ajv.compile({ $ref: 'gateway#/definitions/HTTPRoute' }),
};

/** The cluster-wide file DEPLOY.md applies on its own (a namespaced kustomization would stamp a namespace on it). */
export const CLUSTER_WIDE_FILES = ['k8s/gateway-class.yaml'];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Errors of one object (empty when the API server would accept it). */
export function objectErrors(o: any): string[] {
  const id = `${o?.kind ?? '?'} ${o?.metadata?.name ?? '?'}`;
  const errors: string[] = [];
  const name: string = o?.metadata?.name ?? '';
  // Namespaces, Services and Deployments' names are DNS labels; the others subdomains.
  const labelNamed = ['Namespace', 'Service', 'Deployment'].includes(o?.kind);
  if (!(labelNamed ? DNS_LABEL.test(name) && name.length <= 63 : DNS_SUBDOMAIN.test(name) && name.length <= 253)) errors.push(`${id}: invalid name`);
  for (const [k, v] of Object.entries<string>(o?.metadata?.labels ?? {}))
    if (!LABEL_VALUE.test(v) || v.length > 63) errors.push(`${id}: label ${k}=${v} is not a valid label value`);
  if (o?.apiVersion === 'gateway.networking.k8s.io/v1') {
    const v = GATEWAY[o.kind];
    if (!v) return [...errors, `${id}: no schema for ${o.kind}`];
    if (!v(o)) errors.push(...(v.errors ?? []).map((e) => `${id}: ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
    return errors;
  }
  if (o?.apiVersion === 'postgresql.cnpg.io/v1') {
    const v = CNPG[o.kind];
    if (!v) return [...errors, `${id}: no schema for ${o.kind}`];
    if (!v(o)) errors.push(...(v.errors ?? []).map((e) => `${id}: ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
    return errors;
  }
  const Model = MODELS[`${o?.apiVersion}/${o?.kind}`];
  if (!Model) return [...errors, `${id}: no Kubernetes schema for ${o?.apiVersion} ${o?.kind}`];
  try {
    new Model(o).validate();
  } catch (error) {
    errors.push(`${id}: ${(error as Error).message}`);
  }
  const containers: any[] = o?.spec?.template?.spec?.containers ?? [];
  for (const c of containers)
    for (const p of c.ports ?? []) if (p.name && (p.name.length > 15 || !/[a-z]/.test(p.name))) errors.push(`${id}: port name ${p.name}`);
  for (const p of o?.kind === 'Service' ? (o.spec?.ports ?? []) : []) if (p.name && p.name.length > 15) errors.push(`${id}: port name ${p.name}`);
  return errors;
}

/** Every error of the generated k8s/ files: parse, kustomization resources, each object. */
export function kubernetesErrors(files: readonly RenderedFile[]): string[] {
  const errors: string[] = [];
  const k8s = files.filter((f) => f.path.startsWith('k8s/'));
  for (const f of k8s) {
    try {
      for (const doc of YAML.parseAllDocuments(f.contents)) if (doc.errors.length > 0) errors.push(`${f.path}: ${doc.errors.map((e) => e.message).join('; ')}`);
    } catch (error) {
      errors.push(`${f.path}: ${(error as Error).message}`);
    }
  }
  const kust = files.find((f) => f.path === 'k8s/kustomization.yaml');
  if (!kust) return [...errors, 'no k8s/kustomization.yaml'];
  // Checks reach into any field of any kind: the parsed YAML read untyped.
  const { objects, kustomization }: { objects: any[]; kustomization: any } = readManifests(files);
  for (const r of kustomization.resources as string[])
    if (!files.some((f) => f.path === `k8s/${r}`)) errors.push(`kustomization lists ${r}, which is not generated`);
  for (const f of k8s.filter((x) => x.path !== 'k8s/kustomization.yaml' && !CLUSTER_WIDE_FILES.includes(x.path))) {
    if (!(kustomization.resources as string[]).includes(f.path.slice('k8s/'.length))) errors.push(`${f.path} is not in the kustomization`);
  }
  for (const f of k8s.filter((x) => CLUSTER_WIDE_FILES.includes(x.path))) {
    for (const doc of YAML.parseAllDocuments(f.contents)) errors.push(...objectErrors(doc.toJS()));
  }
  const seen = new Set<string>();
  for (const o of objects) {
    const key = `${o.kind}/${o.metadata?.name}`;
    if (seen.has(key)) errors.push(`${key} is defined twice`);
    seen.add(key);
    errors.push(...objectErrors(o));
  }
  return errors;
}
