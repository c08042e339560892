/**
 * A service's public URL on Kubernetes: the entry's host (the custom domain, with TLS) and the
 * path the entry routes to the service. Without a domain the entry's address exists only once the
 * load balancer does: pods read it from a ConfigMap DEPLOY.md creates then (the kubelet expands
 * `$(STACKFARE_PUBLIC_HOST)`, and waits for the ConfigMap before starting the container).
 */
import { pathRoutes, publicRefValue, type ResolvedRef, refValue, type Stack } from '../../core/stack.js';
import { shell } from '../../render/serialize.js';

/** The variable pods read the entry's address from, when there is no domain. */
export const PUBLIC_HOST_VAR = 'STACKFARE_PUBLIC_HOST';

/** The ConfigMap that holds the entry's address (key `host`). */
export function publicHostConfigMap(namespace: string): string {
  return `${namespace}-public-host`;
}

/** The path the entry serves a service under ('/' for the primary one). */
export function publicPrefix(stack: Stack, slug: string): string {
  return pathRoutes(stack).find((r) => r.slug === slug)?.prefix ?? '/';
}

/** The env value of a public reference: the domain's https URL, else the address from the ConfigMap (plain http: no certificate without a domain). */
export function publicUrlValue(ref: ResolvedRef, stack: Stack): { value: string; needsHost: boolean } {
  const prefix = publicPrefix(stack, ref.service);
  if (stack.domain) return { value: publicRefValue(ref, stack.domain, prefix), needsHost: false };
  // Only the host is expanded by the kubelet; a `$` anywhere else is doubled to stay literal.
  const host = `$(${PUBLIC_HOST_VAR})`;
  const literal = (text: string) => text.replace(/\$/g, '$$$$');
  if (ref.form !== 'url') return { value: refValue(ref, host, 80), needsHost: true };
  return { value: `${literal(`${ref.scheme ?? 'http'}://`)}${host}${literal(`${prefix === '/' ? '' : prefix}${ref.path ?? ''}`)}`, needsHost: true };
}

/** Whether any service names a public URL while the entry has no domain (DEPLOY.md then records the address). */
export function needsPublicHost(stack: Stack): boolean {
  return !stack.domain && stack.services.some((s) => s.env.some((e) => e.ref?.public));
}

/** The DEPLOY.md commands that record the entry's address once the load balancer has one. */
export function publicHostCommands(namespace: string): string[] {
  const ns = shell(namespace);
  return [
    `until kubectl -n ${ns} get gateway ${ns} -o jsonpath='{.status.addresses[0].value}' | grep -q .; do sleep 5; done`,
    `kubectl -n ${ns} create configmap ${shell(publicHostConfigMap(namespace))} --from-literal=host="$(kubectl -n ${ns} get gateway ${ns} -o jsonpath='{.status.addresses[0].value}')"`,
  ];
}
