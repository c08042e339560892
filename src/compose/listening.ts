/**
 * Where a compose service listens and the names that reach it: its published, loopback-only and
 * exposed ports, its healthcheck's port and path, and, without any of those, its traefik label.
 */
import { RAW_TCP } from './advice.js';
import type { ResolvedService } from './load.js';
import { healthcheckTest, healthcheckUrl, isLoopback, isRange, isRecord, type PortSpec, parsePorts, scalarString } from './syntax.js';

/** Host names other containers use to reach this one. */
export function hostsOf(svc: ResolvedService): string[] {
  const hosts = [svc.name];
  const d = svc.data;
  for (const key of ['container_name', 'hostname']) {
    const v = scalarString(d[key]);
    if (v) hosts.push(v);
  }
  if (isRecord(d.networks)) {
    for (const net of Object.values(d.networks)) {
      if (isRecord(net) && Array.isArray(net.aliases)) for (const a of net.aliases) if (typeof a === 'string') hosts.push(a);
    }
  }
  return [...new Set(hosts)];
}

function exposedPorts(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  const out: number[] = [];
  for (const v of value) {
    const m = /^\s*(\d+)(?:-\d+)?(?:\/tcp)?\s*$/.exec(scalarString(v) ?? '');
    const n = m ? Number(m[1]) : NaN;
    if (n >= 1 && n <= 65535) out.push(n);
  }
  return out;
}

/** The port to route: the healthcheck's if listed, else the first that speaks HTTP, else the first. */
function choosePort(candidates: number[], healthPort: number | undefined): number | undefined {
  if (healthPort !== undefined && candidates.includes(healthPort)) return healthPort;
  // Platforms terminate TLS themselves, so a plain HTTP port beats 443.
  return candidates.find((p) => RAW_TCP[p] === undefined && p !== 443) ?? candidates.find((p) => RAW_TCP[p] === undefined) ?? candidates[0];
}

function traefikPort(labels: unknown): number | null {
  const entries: [string, string][] = Array.isArray(labels)
    ? labels.map((l) => scalarString(l) ?? '').map((l) => [l.split('=')[0]!, l.slice(l.indexOf('=') + 1)])
    : isRecord(labels)
      ? Object.entries(labels).map(([k, v]) => [k, scalarString(v) ?? ''])
      : [];
  for (const [k, v] of entries) {
    if (/^traefik\.http\.services\.[^.]+\.loadbalancer\.server\.port$/.test(k) && /^\d+$/.test(v)) return Number(v);
  }
  return null;
}

/** Where a service listens: its routed port, the others, and whether it publishes beyond the host. */
export interface Listening {
  port: number | undefined;
  /** Every usable port, routed one included. */
  candidates: number[];
  isPublic: boolean;
  specs: PortSpec[];
  health: { port?: number; path: string } | null;
  note?: string;
}

/** Where one service listens, from its ports, expose, healthcheck and labels. */
export function listeningOf(svc: ResolvedService): Listening {
  const d = svc.data;
  const ports = parsePorts(d.ports);
  const expose = exposedPorts(d.expose);
  const test = healthcheckTest(d.healthcheck);
  const health = test ? healthcheckUrl(test, hostsOf(svc)) : null;
  const outside = ports.filter((p) => !isLoopback(p.hostIp));
  const isPublic = outside.length > 0;
  const single = (list: PortSpec[]) => list.filter((p) => p.target !== null && !isRange(p) && p.protocol === 'tcp').map((p) => p.target!);
  // Private networks carry every port: published, loopback-only and exposed ones all count.
  let candidates = [...single(isPublic ? outside : ports), ...single(ports), ...expose];
  let note: string | undefined;
  const which = isPublic ? 'its port' : 'its private port';
  // No usable port in ports:/expose: the healthcheck or a traefik label still tells where it listens.
  if (candidates.length === 0 && health) {
    const hp = health.port ?? 80;
    candidates = [hp];
    note = `${svc.name} has no usable port in the compose file; its healthcheck calls port ${hp}, used as ${which}.`;
  }
  if (candidates.length === 0) {
    const labelPort = traefikPort(d.labels);
    if (labelPort !== null) {
      candidates = [labelPort];
      note = `${svc.name} has no usable port in the compose file; its traefik label routes port ${labelPort}, used as ${which}.`;
    }
  }
  const unique = [...new Set(candidates)];
  const port = choosePort(isPublic ? [...new Set(single(outside).length > 0 ? single(outside) : unique)] : unique, health?.port);
  const out: Listening = { port, candidates: unique, isPublic, specs: ports, health };
  if (note) out.note = note;
  return out;
}
