/**
 * Settings that point at the developer's own machine (`http://localhost:3000`,
 * `http://host.docker.internal:9090`) are the address a browser used on that machine: the host
 * port a container publishes. This phase follows the published port to the service behind it and
 * turns the value into a reference to that service's public URL, which every platform renders in
 * its own form (and which makes the service public). A value no published port explains is an
 * error: deployed as written, it would send users to their own computer.
 * A container's own healthcheck (`curl http://localhost:8080/health` inside it) is no setting
 * and is never read here.
 */
import type { ServiceInput } from '../core/answers.js';
import type { Notes } from '../core/notes.js';
import type { ResolvedService } from './load.js';
import { parsePorts } from './syntax.js';

/** One host port a container publishes, and the container port behind it. */
export interface PublishedPort {
  /** Compose service name. */
  service: string;
  published: number;
  target: number;
}

/** A value's address on the developer's machine: `http://localhost:3000/api`. */
export interface HostUrl {
  scheme: string;
  port: number;
  path: string;
}

const HOST_URL = /^([a-z][a-z0-9+.-]*):\/\/(localhost|127(?:\.\d{1,3}){3}|\[::1\]|host\.docker\.internal)(?::(\d{1,5}))?([/?#]\S*)?$/i;
const HOST_URL_INSIDE = /\b[a-z][a-z0-9+.-]*:\/\/(localhost|127(?:\.\d{1,3}){3}|\[::1\]|host\.docker\.internal)\b/i;
const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443 };

/** The address a value names on the developer's machine, or null when it names none. */
export function hostUrl(value: string): HostUrl | null {
  const m = HOST_URL.exec(value.trim());
  if (!m) return null;
  const scheme = m[1]!.toLowerCase();
  const port = m[3] !== undefined ? Number(m[3]) : DEFAULT_PORTS[scheme];
  if (port === undefined || port < 1 || port > 65535) return null;
  return { scheme, port, path: m[4] ?? '' };
}

/** Every host port the kept containers publish (single ports and ranges, any host address). */
export function publishedPorts(containers: readonly ResolvedService[]): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const c of containers) {
    for (const p of parsePorts(c.data.ports)) {
      const range = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(p.published ?? '');
      if (!range || p.target === null || p.protocol !== 'tcp') continue;
      const first = Number(range[1]);
      const last = range[2] !== undefined ? Number(range[2]) : first;
      for (let port = first; port <= last && port - first <= (p.targetEnd ?? p.target) - p.target; port += 1) {
        out.push({ service: c.name, published: port, target: p.target + (port - first) });
      }
    }
  }
  return out;
}

/**
 * Returns `services` with every non-secret value that names the developer's machine rewritten:
 * into a public reference when a deployed service publishes that port, else (an error) into a
 * value the user sets on the platform. `display` names the compose file in messages.
 */
export function resolveHostUrls(services: readonly ServiceInput[], published: readonly PublishedPort[], display: string, notes: Notes): ServiceInput[] {
  const deployed = new Set(services.map((s) => s.name));
  const byPort = new Map<number, PublishedPort>();
  for (const p of published) if (!byPort.has(p.published)) byPort.set(p.published, p);
  return services.map((svc) => {
    const env = svc.env.map((e): ServiceInput['env'][number] => {
      if (e.secret || e.ref || e.from || e.value === undefined) return e;
      const url = hostUrl(e.value);
      if (!url) {
        if (HOST_URL_INSIDE.test(e.value)) unresolved(svc.name, e.name, e.value, 'part of it is an address on your computer', display, notes);
        return HOST_URL_INSIDE.test(e.value) ? withoutValue(e) : e;
      }
      const behind = byPort.get(url.port);
      if (!behind || !deployed.has(behind.service)) {
        const why = behind
          ? `port ${url.port} is ${behind.service}'s, which is not deployed as a service a browser can reach`
          : `no service of ${display} publishes port ${url.port}`;
        unresolved(svc.name, e.name, e.value, why, display, notes);
        return withoutValue(e);
      }
      notes.assume(
        `${svc.name}: ${e.name} (${e.value}) is host port ${url.port}, which ${behind.service} publishes for its port ${behind.target}: it becomes ${behind.service}'s public URL on each platform.`,
      );
      return {
        ...e,
        ref: { service: behind.service, port: behind.target, form: 'url', scheme: url.scheme, ...(url.path ? { path: url.path } : {}), public: true },
      };
    });
    return { ...svc, env };
  });
}

/** The variable without its laptop value: the platforms ask for it; the local compose file keeps it as written. */
function withoutValue(e: ServiceInput['env'][number]): ServiceInput['env'][number] {
  const { value, ...rest } = e;
  // The description names no URL: it is written into the platforms' files.
  return {
    ...rest,
    template: e.template ?? value!,
    description: e.description ?? 'Pointed at an address on your own computer in the compose file: set the deployed URL',
  };
}

function unresolved(service: string, variable: string, value: string, why: string, display: string, notes: Notes): void {
  notes.warn(
    'compose.host-url',
    'error',
    `${service}: ${variable} is ${value}, an address on your own computer, and ${why}; deployed as written it would send users to their own machine.`,
    {
      service,
      blocksHosted: true,
      fix: `Publish the port of the service it means in ${display}, or leave the value out of the file (${variable}: \${${variable}}) and set ${variable} on the platform to that service's deployed URL.`,
    },
  );
}
