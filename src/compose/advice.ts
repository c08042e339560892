/**
 * What a platform cannot honour in a compose service, each said with a severity and what to
 * do instead: host networking and privileges, the docker socket and other host mounts, port
 * ranges and UDP, unpinned images, build secrets, Postgres extras.
 */
import { basename } from 'node:path';
import { type Warning, warning } from '../core/warnings.js';
import { type ImageRef, isValidImage, parseImage, postgresExtras, unpinnedTag } from './images.js';
import { isSecretName } from './secrets.js';
import { type BuildSpec, isLoopback, isRange, isRecord, type PortSpec, parseVolumes, scalarString, type VolumeSpec } from './syntax.js';

/** Well-known ports that do not speak HTTP, by name. */
export const RAW_TCP: Record<number, string> = {
  21: 'FTP',
  22: 'SSH',
  25: 'SMTP',
  110: 'POP3',
  143: 'IMAP',
  465: 'SMTPS',
  587: 'SMTP submission',
  993: 'IMAPS',
  995: 'POP3S',
  1883: 'MQTT',
  3306: 'MySQL',
  4190: 'ManageSieve',
  5432: 'Postgres',
  5672: 'AMQP',
  6379: 'Redis',
  9092: 'Kafka',
  27017: 'MongoDB',
};

/** Records one warning about the service being mapped. */
export type Warn = (code: string, severity: Warning['severity'], message: string, fix: string) => void;

/** Port ranges, UDP, unreadable and non-HTTP published ports. */
export function portWarnings(name: string, ports: readonly PortSpec[], w: Warn): void {
  const ranges = ports.filter(isRange);
  if (ranges.length > 0) {
    const count = ranges.reduce((n, p) => n + ((p.targetEnd ?? p.target ?? 0) - (p.target ?? 0) + 1), 0);
    w(
      'compose.port-range',
      'warning',
      `${name} publishes port range(s) ${ranges.map((p) => p.raw).join(', ')} (${count} ports); app platforms route one HTTP port per service.`,
      'Use a VM (a droplet or an EC2 instance) for services that need port ranges, such as WebRTC media servers, or a TURN relay in front.',
    );
  }
  const udp = ports.filter((p) => p.protocol === 'udp');
  if (udp.length > 0) {
    w(
      'compose.udp',
      'warning',
      `${name} publishes UDP port(s) ${udp.map((p) => p.raw).join(', ')}; Railway, Render and DigitalOcean App Platform route no UDP (Fly.io does, with a dedicated IPv4).`,
      'Deploy it on Fly.io with a dedicated IP, or on a VM.',
    );
  }
  const invalid = ports.filter((p) => p.target === null);
  if (invalid.length > 0) {
    w(
      'compose.port-invalid',
      'warning',
      `${name}: port entry ${invalid.map((p) => `"${p.raw}"`).join(', ')} has no container port once variables are filled in.`,
      'Set the variables it uses, or write the port number.',
    );
  }
  const raw = [
    ...new Set(ports.filter((p) => p.target !== null && !isLoopback(p.hostIp) && RAW_TCP[p.target] !== undefined && !isRange(p)).map((p) => p.target!)),
  ];
  if (raw.length > 0) {
    w(
      'compose.tcp-port',
      'warning',
      `${name} publishes ${raw.map((p) => `${p} (${RAW_TCP[p]})`).join(', ')}, which ${raw.length === 1 ? 'is' : 'are'} not HTTP; Render and DigitalOcean route only HTTP(S), Railway and Fly.io can expose raw TCP.`,
      'Use a platform with TCP proxying (Fly.io, Railway) for these ports, or a managed service for them (for mail, a mail provider).',
    );
  }
}

const SYSTEM_PATHS = [
  '/lib/modules',
  '/etc/localtime',
  '/etc/timezone',
  '/proc',
  '/sys',
  '/dev',
  '/var/lib/docker',
  '/var/log',
  '/run',
  '/etc/hosts',
  '/etc/resolv.conf',
  '/boot',
  '/usr/src',
];

/** The docker socket, host system paths, and host files or folders mounted into the container. */
export function mountWarnings(name: string, volumes: readonly VolumeSpec[], w: Warn): void {
  const files: VolumeSpec[] = [];
  const folders: VolumeSpec[] = [];
  for (const v of volumes) {
    if (v.type !== 'bind') continue;
    const source = v.source ?? '';
    if (/docker\.sock$/.test(source) || /docker\.sock$/.test(v.target)) {
      w(
        'compose.docker-socket',
        'error',
        `${name} mounts the Docker socket (${source || 'from an unset variable'} → ${v.target}); no app platform gives a container the host's Docker.`,
        'Drop the mount: run the jobs it starts as their own services, use the platform API instead, or run this part on a VM you control.',
      );
      continue;
    }
    const system = SYSTEM_PATHS.find((p) => source === p || source.startsWith(`${p}/`));
    if (system) {
      const tz = source === '/etc/localtime' || source === '/etc/timezone';
      w(
        'compose.host-path',
        tz ? 'info' : 'warning',
        `${name} mounts the host path ${source} → ${v.target}; platform containers cannot see the host.`,
        tz
          ? 'Drop the mount and set the TZ variable instead (such as TZ=Europe/Paris).'
          : 'Drop the mount; if the service needs the host kernel or devices, run it on a VM.',
      );
      continue;
    }
    const base = basename(source);
    const ext = /\.([A-Za-z0-9]{1,8})$/.exec(base)?.[1];
    const knownFile = /^(Caddyfile|Corefile|Procfile|Dockerfile|Makefile|crontab|htpasswd)$/i.test(base);
    if (source !== '' && !source.endsWith('/') && ((ext !== undefined && ext !== 'd') || knownFile)) files.push(v);
    else folders.push(v);
  }
  const list = (vs: VolumeSpec[]) => vs.map((v) => `${v.source || '(unset variable)'} → ${v.target}`).join(', ');
  if (files.length > 0) {
    const example = files[0]!;
    w(
      'compose.bind-mount',
      'warning',
      `${name} mounts ${files.length === 1 ? 'a file' : `${files.length} files`} from the host (${list(files)}); the platform runs the image without your files beside it.`,
      `Bake ${files.length === 1 ? 'it' : 'them'} into the image (such as COPY ${example.source} ${example.target} in the Dockerfile) or set the values as variables.`,
    );
  }
  if (folders.length > 0) {
    w(
      'compose.bind-mount',
      'warning',
      `${name} mounts ${folders.length === 1 ? 'a host folder' : `${folders.length} host folders`} (${list(folders)}); a platform has no host folders.`,
      'A folder that holds data becomes a named volume (a platform volume); one that holds configuration or code is baked into the image (COPY) or set as variables.',
    );
  }
}

/** An image that unset variables emptied, an invalid reference, or a tag that pins nothing. */
export function imageWarnings(name: string, image: string, ref: ImageRef | null, w: Warn): void {
  if (image.trim() !== '' && !ref) {
    w(
      'compose.image-unresolved',
      'warning',
      `${name}: its image "${image}" is empty once variables are filled in.`,
      'Set the variables it uses (see the unresolved-variable warning), or write the image name.',
    );
  } else if (ref && !isValidImage(ref)) {
    w('compose.image-invalid', 'warning', `${name}: "${image}" is not a valid image reference.`, 'Write a real image and tag, such as apache/airflow:2.10.4.');
  } else if (ref) {
    const why = unpinnedTag(ref);
    if (why)
      w(
        'compose.latest-tag',
        'warning',
        `${name}: image ${image} ${why}: each deploy may run a different version.`,
        `Pin a version tag (${ref.repository}:1.2.3) or a digest.`,
      );
  }
}

/** Build secrets and secrets passed as build args. */
export function buildWarnings(name: string, build: BuildSpec | null, w: Warn): void {
  if (!build) return;
  if (build.secrets.length > 0) {
    w(
      'compose.build-secrets',
      'warning',
      `${name} passes build secrets (${build.secrets.join(', ')}); platforms do not read compose build secrets.`,
      'Give the value to the platform as a build-time secret variable (Railway, Render and Fly.io support them), or fetch it at runtime.',
    );
  }
  const secretArgs = build.args.filter(([k]) => isSecretName(k)).map(([k]) => k);
  if (secretArgs.length > 0) {
    w(
      'compose.build-arg-secret',
      'warning',
      `${name} passes secret(s) as build args (${secretArgs.join(', ')}); build args are stored in the image history.`,
      'Pass them at runtime as environment variables, or as build secrets (RUN --mount=type=secret).',
    );
  }
}

/** Settings that need the host: network mode, privileges, devices, sysctls, fixed IPs, logging drivers... */
export function hostWarnings(name: string, d: Record<string, unknown>, w: Warn): void {
  isolationWarnings(name, d, w);
  runtimeWarnings(name, d, w);
}

/** What breaks a platform container's isolation: the host's network, privileges, capabilities, devices, kernel settings. */
function isolationWarnings(name: string, d: Record<string, unknown>, w: Warn): void {
  const mode = scalarString(d.network_mode);
  if (mode === 'host') {
    w(
      'compose.host-network',
      'error',
      `${name} uses network_mode: host; platform containers never share the host's network.`,
      'Remove network_mode and publish the ports it listens on (ports:); reach other services by name. If it must manage the host network, run it on a VM.',
    );
  } else if (mode && /^(service|container):/.test(mode)) {
    w(
      'compose.network-mode',
      'warning',
      `${name} shares another container's network (network_mode: ${mode}); platform services each have their own.`,
      'Reach the other service by its name and port instead.',
    );
  }
  if (d.privileged === true) {
    w(
      'compose.privileged',
      'error',
      `${name} runs privileged; no app platform allows privileged containers.`,
      'Remove privileged: true; grant nothing extra. A service that needs it (firewall, kernel modules) belongs on a VM.',
    );
  }
  if (Array.isArray(d.cap_add) && d.cap_add.length > 0) {
    const caps = d.cap_add.map((c) => scalarString(c) ?? '').filter(Boolean);
    const bindOnly = caps.every((c) => /NET_BIND_SERVICE$/.test(c));
    w(
      'compose.cap-add',
      'warning',
      `${name} adds Linux capabilities (${caps.join(', ')}); platforms run containers with the default set only.`,
      bindOnly
        ? 'Listen on a port above 1024 inside the container instead of needing NET_BIND_SERVICE.'
        : 'Remove cap_add; if the service cannot work without it, run it on a VM.',
    );
  }
  if (Array.isArray(d.devices) && d.devices.length > 0) {
    w(
      'compose.devices',
      'error',
      `${name} maps host devices (${d.devices.map((x) => (isRecord(x) ? scalarString(x.source) : scalarString(x)) ?? '').join(', ')}); platform containers get no host devices.`,
      'Remove the devices; features that need /dev/fuse or a GPU need a VM (or a platform GPU machine).',
    );
  }
  if (Array.isArray(d.security_opt) && d.security_opt.length > 0) {
    w(
      'compose.security-opt',
      'info',
      `${name} sets security_opt (${d.security_opt.map((s) => scalarString(s)).join(', ')}); platforms ignore it and apply their own profile.`,
      'Remove it; check the service still starts under the default profile.',
    );
  }
  if ((isRecord(d.sysctls) && Object.keys(d.sysctls).length > 0) || (Array.isArray(d.sysctls) && d.sysctls.length > 0)) {
    w(
      'compose.sysctls',
      'warning',
      `${name} sets kernel parameters (sysctls); platforms do not let containers change them.`,
      'Remove sysctls; tune the application instead (the defaults usually work).',
    );
  }
}

/** What the Docker host provides that a platform does not: fixed IPs, log drivers, secrets and configs files, host entries and namespaces, GPUs, DNS. */
function runtimeWarnings(name: string, d: Record<string, unknown>, w: Warn): void {
  if (isRecord(d.networks)) {
    const statics = Object.values(d.networks)
      .filter((n) => isRecord(n) && (n.ipv4_address !== undefined || n.ipv6_address !== undefined))
      .map((n) => scalarString((n as Record<string, unknown>).ipv4_address) ?? scalarString((n as Record<string, unknown>).ipv6_address));
    if (statics.length > 0) {
      w(
        'compose.static-ip',
        'warning',
        `${name} asks for a fixed IP (${statics.join(', ')}); platform services get addresses the platform chooses.`,
        'Reach it by its service name (private DNS) instead of an IP address.',
      );
    }
  }
  const driver = isRecord(d.logging) ? scalarString(d.logging.driver) : null;
  if (driver && !['json-file', 'local', 'none'].includes(driver)) {
    w(
      'compose.logging-driver',
      'warning',
      `${name} sends logs through the ${driver} logging driver; platforms collect stdout and stderr themselves.`,
      "Remove the logging block and forward logs with the platform's log drains or an agent.",
    );
  }
  if (Array.isArray(d.secrets) && d.secrets.length > 0) {
    const names = d.secrets.map((s) => (isRecord(s) ? scalarString(s.source) : scalarString(s)) ?? '').join(', ');
    w(
      'compose.secrets',
      'warning',
      `${name} reads compose secrets (${names}) from files under /run/secrets; platforms do not mount them.`,
      'Set each secret as a secret environment variable on the platform (and read it from the variable instead of the file).',
    );
  }
  if (Array.isArray(d.configs) && d.configs.length > 0) {
    w(
      'compose.configs',
      'warning',
      `${name} mounts compose configs; platforms do not provide them.`,
      'Bake the files into the image (COPY) or set their values as variables.',
    );
  }
  if (Array.isArray(d.extra_hosts) ? d.extra_hosts.length > 0 : isRecord(d.extra_hosts)) {
    w(
      'compose.extra-hosts',
      'info',
      `${name} adds host entries (extra_hosts, such as host.docker.internal); on a platform there is no Docker host to reach.`,
      'Point those names at real services or public addresses through variables.',
    );
  }
  if (d.pid === 'host' || d.ipc === 'host') {
    w(
      'compose.host-namespace',
      'error',
      `${name} shares the host's ${d.pid === 'host' ? 'process' : 'IPC'} namespace; platforms isolate every container.`,
      'Remove pid/ipc: host, or run it on a VM.',
    );
  }
  const reservations = isRecord(d.deploy) && isRecord(d.deploy.resources) && isRecord(d.deploy.resources.reservations) ? d.deploy.resources.reservations : {};
  if (d.gpus !== undefined || (Array.isArray(reservations.devices) && reservations.devices.length > 0) || /nvidia/.test(scalarString(d.runtime) ?? '')) {
    w(
      'compose.gpu',
      'error',
      `${name} asks for a GPU; Railway, Render and DigitalOcean App Platform offer none.`,
      'Use Fly.io GPU machines or a GPU cloud for this service, or run the model on CPU.',
    );
  }
  if (Array.isArray(d.dns) && d.dns.length > 0) {
    w(
      'compose.dns',
      'info',
      `${name} sets its own DNS servers; platforms use their own resolvers.`,
      "Remove dns:; services find each other through the platform's private DNS.",
    );
  }
}

/** A Postgres container's extensions and init scripts, which a managed Postgres does not carry over. */
export function postgresWarnings(name: string, image: string, volumes: unknown, warnings: Warning[]): void {
  const ref = parseImage(image);
  const extras = ref ? postgresExtras(ref) : null;
  if (extras) {
    warnings.push(
      warning('compose.postgres-extensions', 'warning', `${name}: ${extras}; a managed Postgres offers only its own list of extensions.`, {
        service: name,
        fix: "Check that the platform's Postgres has the extensions the app needs (pgvector is common; vectorchord, timescaledb and Supabase's are often not), or keep this database in a container with a volume.",
      }),
    );
  }
  const init = parseVolumes(volumes).filter((v) => v.target.startsWith('/docker-entrypoint-initdb.d'));
  if (init.length > 0) {
    warnings.push(
      warning(
        'compose.postgres-init',
        'warning',
        `${name} runs ${init.length} init script(s) from docker-entrypoint-initdb.d (${init.map((v) => v.source ?? v.target).join(', ')}); a managed Postgres never runs them.`,
        {
          service: name,
          fix: 'Run the scripts once against the platform database (psql "$DATABASE_URL" -f script.sql), or turn them into app migrations.',
        },
      ),
    );
  }
}
