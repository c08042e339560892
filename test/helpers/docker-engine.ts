/**
 * A Docker Engine API stand-in for the tests: a unix-socket HTTP server that answers the
 * operations `stackfare measure` (and `docker stats`) call, for containers whose memory, CPU and
 * traffic the test describes. Every answer is validated, before it is sent, against the Engine
 * API's own OpenAPI schemas (test/fixtures/docker-engine-api.json, extracted from moby/moby's
 * api/swagger.yaml at the commit it names): an answer the real API could not give fails the test.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
const Ajv = require('ajv').default as typeof import('ajv').default;
const addFormats = require('ajv-formats').default as (ajv: unknown) => void;

interface ApiFixture {
  source: string;
  commit: string;
  apiVersion: string;
  paths: Record<
    string,
    Record<
      string,
      { operationId: string; parameters: { name: string; in: string; type: string }[]; responses: Record<string, { schema: unknown; headers: string[] }> }
    >
  >;
  definitions: Record<string, unknown>;
}

/** The extracted OpenAPI part, as the tests read it. */
export const DOCKER_API: ApiFixture = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'docker-engine-api.json'), 'utf8'));

/** One container of the stand-in, described by what it uses. */
export interface FakeContainer {
  id: string;
  name: string;
  project: string;
  service: string;
  /** Memory working set in bytes at a time (seconds since the server started). */
  workingSet: (t: number) => number;
  /** Inactive file cache in bytes (added to usage; the working set excludes it). */
  inactiveFile?: number;
  /** vCPU busy, constant. */
  vcpu: number;
  /** Bytes sent per second. */
  txPerSecond: number;
  cgroup: 'v1' | 'v2';
  /** Seconds after which it stops (no longer listed; stats read as zero). */
  stopAt?: number;
}

export interface FakeEngine {
  socket: string;
  dockerHost: string;
  /** Every request, as "GET /path?query". */
  requests: string[];
  /** Answers that did not match the OpenAPI schema (must stay empty). */
  invalid: string[];
  close(): Promise<void>;
}

const ONLINE_CPUS = 4;
const NS = 1e9;

function validatorFor(): InstanceType<typeof Ajv> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const f of ['int64', 'uint64', 'int32', 'uint32', 'uint16', 'int', 'dateTime', 'ipv4', 'ip-address']) ajv.addFormat(f, true);
  ajv.addSchema({ $id: 'docker', definitions: DOCKER_API.definitions } as object);
  return ajv;
}

/** The OpenAPI path template matching a request path (`/v1.47/containers/abc/stats` → `/containers/{id}/stats`). */
function operationOf(path: string): { template: string; id?: string } | null {
  const p = path.replace(/^\/v\d+\.\d+/, '');
  if (p === '/_ping' || p === '/version' || p === '/info' || p === '/containers/json') return { template: p };
  const m = /^\/containers\/([^/]+)\/(stats|json)$/.exec(p);
  return m ? { template: `/containers/{id}/${m[2]}`, id: decodeURIComponent(m[1]!) } : null;
}

function cpuAt(c: FakeContainer, t: number, base: number): Record<string, unknown> {
  const total = Math.round(c.vcpu * t * NS);
  const cpu: Record<string, unknown> = {
    cpu_usage: { total_usage: total, usage_in_kernelmode: Math.round(total / 4), usage_in_usermode: total - Math.round(total / 4) },
    system_cpu_usage: Math.round(base + ONLINE_CPUS * t * NS),
    online_cpus: ONLINE_CPUS,
    throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
  };
  if (c.cgroup === 'v1') (cpu.cpu_usage as Record<string, unknown>).percpu_usage = [total, 0, 0, 0];
  return cpu;
}

function memoryAt(c: FakeContainer, t: number): Record<string, unknown> {
  const ws = Math.round(c.workingSet(t));
  const inactive = c.inactiveFile ?? 50 * 1024 * 1024;
  const usage = ws + inactive;
  const limit = 8 * 1024 * 1024 * 1024;
  if (c.cgroup === 'v2') return { usage, limit, stats: { inactive_file: inactive, active_file: 1024, anon: ws - 1024, file: inactive + 1024, kernel: 0 } };
  return { usage, max_usage: usage, limit, stats: { total_inactive_file: inactive, cache: inactive, rss: ws, total_rss: ws } };
}

/** A stats answer at time t (one-shot: no previous reading, as the API documents). */
function statsOf(c: FakeContainer, t: number, oneShot: boolean, base: number): Record<string, unknown> {
  const running = c.stopAt === undefined || t < c.stopAt;
  const zeroTime = '0001-01-01T00:00:00Z';
  if (!running)
    return {
      id: c.id,
      name: `/${c.name}`,
      read: zeroTime,
      preread: zeroTime,
      cpu_stats: { cpu_usage: { total_usage: 0 } },
      precpu_stats: { cpu_usage: { total_usage: 0 } },
      memory_stats: {},
      pids_stats: {},
      blkio_stats: {},
    };
  const now = new Date(Date.now()).toISOString();
  const before = Math.max(0, t - 1);
  return {
    id: c.id,
    name: `/${c.name}`,
    os_type: 'linux',
    read: now,
    preread: oneShot ? zeroTime : new Date(Date.now() - 1000).toISOString(),
    cpu_stats: cpuAt(c, t, base),
    precpu_stats: oneShot
      ? { cpu_usage: { total_usage: 0 }, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } }
      : cpuAt(c, before, base),
    memory_stats: memoryAt(c, t),
    networks: {
      eth0: {
        rx_bytes: 1000,
        rx_packets: 10,
        rx_errors: 0,
        rx_dropped: 0,
        tx_bytes: Math.round(c.txPerSecond * t),
        tx_packets: 10,
        tx_errors: 0,
        tx_dropped: 0,
      },
    },
    pids_stats: { current: 12, limit: 4096 },
    blkio_stats: { io_service_bytes_recursive: [] },
    num_procs: 0,
  };
}

function summaryOf(c: FakeContainer): Record<string, unknown> {
  return {
    Id: c.id,
    Names: [`/${c.name}`],
    Image: `${c.service}:latest`,
    ImageID: `sha256:${'0'.repeat(64)}`,
    Command: 'run',
    Created: 1_765_000_000,
    Ports: [],
    Labels: {
      'com.docker.compose.project': c.project,
      'com.docker.compose.service': c.service,
      'com.docker.compose.container-number': c.name.split('-').at(-1) ?? '1',
    },
    State: 'running',
    Status: 'Up 5 minutes',
    HostConfig: { NetworkMode: `${c.project}_default` },
    NetworkSettings: { Networks: {} },
    Mounts: [],
  };
}

function inspectOf(c: FakeContainer): Record<string, unknown> {
  return {
    Id: c.id,
    Name: `/${c.name}`,
    Created: '2026-12-01T00:00:00Z',
    Path: 'run',
    Args: [],
    State: {
      Status: 'running',
      Running: true,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 42,
      ExitCode: 0,
      Error: '',
      StartedAt: '2026-12-01T00:00:00Z',
      FinishedAt: '0001-01-01T00:00:00Z',
    },
    Image: `sha256:${'0'.repeat(64)}`,
    Config: { Labels: summaryOf(c).Labels },
    Platform: 'linux',
  };
}

/** The containers a `filters={"label":["k=v"]}` query selects. */
function filtered(list: FakeContainer[], query: URLSearchParams): FakeContainer[] {
  const raw = query.get('filters');
  if (!raw) return list;
  const filters = JSON.parse(raw) as Record<string, string[] | Record<string, boolean>>;
  const labels = Array.isArray(filters.label) ? filters.label : Object.keys(filters.label ?? {});
  return list.filter((c) =>
    labels.every((l) => {
      const [k, v] = l.split('=');
      const have = (summaryOf(c).Labels as Record<string, string>)[k!];
      return v === undefined ? have !== undefined : have === v;
    }),
  );
}

/** Starts the stand-in; `clock()` is seconds since start (tests may shift it). */
export async function startFakeEngine(containers: FakeContainer[], options: { apiVersion?: string; clockOffset?: () => number } = {}): Promise<FakeEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'stackfare-docker-'));
  const socket = join(dir, 'docker.sock');
  const ajv = validatorFor();
  const started = Date.now();
  const base = 1e15;
  const clock = () => (Date.now() - started) / 1000 + (options.clockOffset?.() ?? 0);
  const apiVersion = options.apiVersion ?? DOCKER_API.apiVersion;
  const requests: string[] = [];
  const invalid: string[] = [];
  const compiled = new Map<string, ValidateFunction>();

  const send = (res: ServerResponse, template: string, method: string, status: number, body: unknown, raw = false) => {
    const op = DOCKER_API.paths[template]?.[method];
    if (status === 200 && op) {
      const validate = compiled.get(template) ?? ajv.compile(rewriteRefs(op.responses['200']!.schema));
      compiled.set(template, validate);
      if (!validate(body)) invalid.push(`${method.toUpperCase()} ${template}: ${ajv.errorsText(validate.errors)}`);
    }
    const headers: Record<string, string> = { 'Api-Version': apiVersion, 'Docker-Experimental': 'false', Ostype: 'linux', Server: 'Docker/28.2.2 (linux)' };
    if (raw) {
      res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(String(body));
    } else {
      res.writeHead(status, { ...headers, 'Content-Type': 'application/json' });
      res.end(`${JSON.stringify(body)}\n`);
    }
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://docker');
    const method = (req.method ?? 'GET').toLowerCase();
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const op = operationOf(url.pathname);
    if (!op || (method !== 'get' && method !== 'head')) return send(res, '', method, 404, { message: `page not found: ${url.pathname}` });
    const t = clock();
    const running = containers.filter((c) => c.stopAt === undefined || t < c.stopAt);
    switch (op.template) {
      case '/_ping':
        return send(res, op.template, 'get', 200, 'OK', true);
      case '/version':
        return send(res, op.template, 'get', 200, {
          Platform: { Name: 'Docker Engine - Community' },
          Version: '28.2.2',
          ApiVersion: apiVersion,
          MinAPIVersion: '1.24',
          Os: 'linux',
          Arch: 'amd64',
          KernelVersion: '6.1.0',
          GitCommit: 'e6534b4',
          GoVersion: 'go1.24.3',
          BuildTime: '2026-05-30T12:00:00.000000000+00:00',
        });
      case '/info':
        return send(res, op.template, 'get', 200, {
          ID: 'stand-in',
          Containers: containers.length,
          ContainersRunning: running.length,
          OSType: 'linux',
          OperatingSystem: 'Debian GNU/Linux 12',
          NCPU: ONLINE_CPUS,
          MemTotal: 8 * 1024 ** 3,
          ServerVersion: '28.2.2',
          CgroupVersion: containers[0]?.cgroup === 'v1' ? '1' : '2',
          CgroupDriver: 'systemd',
        });
      case '/containers/json': {
        const all = url.searchParams.get('all') === 'true' || url.searchParams.get('all') === '1';
        return send(res, op.template, 'get', 200, filtered(all ? containers : running, url.searchParams).map(summaryOf));
      }
      default: {
        const c = containers.find((x) => x.id === op.id || x.id.startsWith(op.id!) || x.name === op.id);
        if (!c) return send(res, op.template, 'get', 404, { message: `No such container: ${op.id}` });
        if (op.template === '/containers/{id}/json') return send(res, op.template, 'get', 200, inspectOf(c));
        const oneShot = url.searchParams.get('one-shot') === 'true' || url.searchParams.get('one-shot') === '1';
        return send(res, op.template, 'get', 200, statsOf(c, t, oneShot, base));
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    socket,
    dockerHost: `unix://${socket}`,
    requests,
    invalid,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

/** `#/definitions/X` → `docker#/definitions/X`, so a response schema resolves against the fixture. */
function rewriteRefs(node: unknown): Record<string, unknown> {
  const walk = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(walk);
    if (n === null || typeof n !== 'object') return n;
    return Object.fromEntries(
      Object.entries(n).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace('#/definitions/', 'docker#/definitions/') : walk(v)]),
    );
  };
  const out = walk(node) as Record<string, unknown>;
  return out;
}
