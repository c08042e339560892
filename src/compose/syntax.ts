/**
 * Short and long Compose syntax → one shape each: ports, volumes, depends_on, healthchecks,
 * environment, env_file, build, extends and commands. Pure readers of already-interpolated
 * values; they never throw on odd input, they return what they could read.
 */

/** A `ports:` entry. */
export interface PortSpec {
  /** Container port (the first of a range); null when unreadable. */
  target: number | null;
  /** Last container port of a range (`40000-40100`). */
  targetEnd?: number;
  /** Host port or range as written; absent when Compose picks the host port. */
  published?: string;
  hostIp?: string;
  protocol: string;
  /** As written, for messages. */
  raw: string;
}

/** A `volumes:` entry of a service. */
export interface VolumeSpec {
  type: 'volume' | 'bind' | 'tmpfs' | 'other';
  /** Volume name, host path, or undefined for an anonymous volume. Empty when a variable was unset. */
  source?: string;
  target: string;
  readOnly: boolean;
  raw: string;
}

/** One `depends_on` entry. */
export interface DependsOn {
  condition: string;
  required: boolean;
}

/** One `env_file` entry. */
export interface EnvFileSpec {
  path: string;
  required: boolean;
}

/** A `build` section. */
export interface BuildSpec {
  context: string;
  dockerfile?: string;
  target?: string;
  args: [string, string | null][];
  secrets: string[];
}

/** An `extends` section. */
export interface ExtendsSpec {
  service: string;
  file?: string;
}

/** Whether a parsed YAML value is a mapping. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Scalars as compose sees them in string positions (`true` → "true", `3` → "3"). */
export function scalarString(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return null;
}

function portNumber(s: string | undefined): number | null {
  if (s === undefined || !/^\d+$/.test(s.trim())) return null;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : null;
}

/** Reads `ports:` in short (`[IP:][HOST:]CONTAINER[/PROTO]`) and long syntax. */
export function parsePorts(value: unknown): PortSpec[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry) => (isRecord(entry) ? longPort(entry) : shortPort(scalarString(entry) ?? '')));
}

function shortPort(raw: string): PortSpec {
  let text = raw.trim();
  let protocol = 'tcp';
  const proto = /\/(tcp|udp|sctp)$/i.exec(text);
  if (proto) {
    protocol = proto[1]!.toLowerCase();
    text = text.slice(0, -proto[0].length);
  }
  let hostIp: string | undefined;
  let rest = text;
  const v6 = /^\[([^\]]*)\]:(.*)$/.exec(text);
  if (v6) {
    hostIp = v6[1];
    rest = v6[2]!;
  }
  const parts = rest.split(':');
  const container = parts.pop();
  const published = parts.length > 0 ? parts.pop() : undefined;
  if (parts.length > 0 && hostIp === undefined) hostIp = parts.join(':');
  const spec: PortSpec = { target: null, protocol, raw };
  const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(container ?? '');
  if (range) {
    spec.target = portNumber(range[1]);
    const end = portNumber(range[2]);
    if (end !== null) spec.targetEnd = end;
  } else {
    spec.target = portNumber(container);
  }
  if (published !== undefined && published.trim() !== '') spec.published = published.trim();
  if (hostIp !== undefined && hostIp !== '') spec.hostIp = hostIp;
  return spec;
}

function longPort(entry: Record<string, unknown>): PortSpec {
  const targetText = scalarString(entry.target) ?? '';
  const spec: PortSpec = { target: null, protocol: (scalarString(entry.protocol) ?? 'tcp').toLowerCase(), raw: JSON.stringify(entry) };
  const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(targetText);
  if (range) {
    spec.target = portNumber(range[1]);
    const end = portNumber(range[2]);
    if (end !== null) spec.targetEnd = end;
  } else {
    spec.target = portNumber(targetText);
  }
  const published = scalarString(entry.published);
  if (published) spec.published = published;
  const ip = scalarString(entry.host_ip);
  if (ip) spec.hostIp = ip;
  return spec;
}

/** Whether a published port is bound to the loopback interface only (reachable from the host alone). */
export function isLoopback(hostIp: string | undefined): boolean {
  if (!hostIp) return false;
  const ip = hostIp.replace(/^\[|\]$/g, '');
  return ip === 'localhost' || ip === '::1' || /^127\./.test(ip);
}

/** Whether a port entry covers more than one port. */
export function isRange(p: PortSpec): boolean {
  return (p.targetEnd !== undefined && p.targetEnd !== p.target) || /\d\s*-\s*\d/.test(p.published ?? '');
}

/** Reads a service's `volumes:` in short (`SRC:TARGET[:MODE]`) and long syntax. */
export function parseVolumes(value: unknown): VolumeSpec[] {
  if (!Array.isArray(value)) return [];
  const out: VolumeSpec[] = [];
  for (const entry of value) {
    if (isRecord(entry)) {
      const type = scalarString(entry.type) ?? 'volume';
      const target = scalarString(entry.target) ?? '';
      const source = scalarString(entry.source) ?? undefined;
      const spec: VolumeSpec = {
        type: type === 'volume' || type === 'bind' || type === 'tmpfs' ? type : 'other',
        target,
        readOnly: entry.read_only === true,
        raw: JSON.stringify(entry),
      };
      if (source !== undefined) spec.source = source;
      out.push(spec);
      continue;
    }
    const raw = scalarString(entry);
    if (raw === null) continue;
    out.push(shortVolume(raw));
  }
  return out;
}

function shortVolume(raw: string): VolumeSpec {
  // A Windows drive letter (`C:\data:/data`) is part of the source, not a separator.
  const drive = /^[A-Za-z]:[\\/]/.test(raw) ? raw.slice(0, 2) : '';
  const parts = raw.slice(drive.length).split(':');
  if (drive) parts[0] = drive + parts[0]!;
  if (parts.length === 1) return { type: 'volume', target: parts[0]!, readOnly: false, raw };
  const [source, target = '', mode = ''] = parts as [string, string?, string?];
  const readOnly = mode.split(',').includes('ro');
  const bind = source === '' || /^[./~]/.test(source) || source.includes('/') || source.includes('\\');
  return { type: bind ? 'bind' : 'volume', source, target, readOnly, raw };
}

/** `depends_on` as a list or a map → service name → condition. */
export function parseDependsOn(value: unknown): Map<string, DependsOn> {
  const out = new Map<string, DependsOn>();
  if (Array.isArray(value)) {
    for (const v of value) {
      const name = scalarString(v);
      if (name) out.set(name, { condition: 'service_started', required: true });
    }
  } else if (isRecord(value)) {
    for (const [name, v] of Object.entries(value)) {
      const cond = isRecord(v) ? scalarString(v.condition) : null;
      out.set(name, { condition: cond ?? 'service_started', required: !(isRecord(v) && v.required === false) });
    }
  }
  return out;
}

/** A healthcheck's test as one string, or null when absent or disabled. */
export function healthcheckTest(value: unknown): string | null {
  if (!isRecord(value)) return null;
  if (value.disable === true) return null;
  const test = value.test;
  if (typeof test === 'string') return test;
  if (Array.isArray(test)) {
    const parts = test.map((t) => scalarString(t) ?? '');
    if (parts[0] === 'NONE') return null;
    if (parts[0] === 'CMD' || parts[0] === 'CMD-SHELL') parts.shift();
    return parts.join(' ');
  }
  return null;
}

/** The first HTTP URL a healthcheck requests of its own container, if any. */
export function healthcheckUrl(test: string, ownHosts: readonly string[]): { port?: number; path: string } | null {
  const local = ['localhost', '127.0.0.1', '0.0.0.0', '[::1]', '::1', ...ownHosts].map((h) => h.toLowerCase());
  for (const m of test.matchAll(/https?:\/\/(\[[^\]]+\]|[A-Za-z0-9_.-]+)(?::(\d+))?(\/[^\s'"`)\\]*)?/g)) {
    if (!local.includes(m[1]!.toLowerCase())) continue;
    const path = (m[3] ?? '/').replace(/[?#].*$/, '') || '/';
    const result: { port?: number; path: string } = { path };
    const port = portNumber(m[2]);
    if (port !== null) result.port = port;
    return result;
  }
  return null;
}

/** `environment` as a list (`A=1`, `B`) or a map → ordered pairs; null means "from the shell". */
export function parseEnvironment(value: unknown): [string, string | null][] {
  const out: [string, string | null][] = [];
  if (Array.isArray(value)) {
    for (const v of value) {
      const s = scalarString(v);
      if (s === null) continue;
      const eq = s.indexOf('=');
      out.push(eq === -1 ? [s.trim(), null] : [s.slice(0, eq).trim(), s.slice(eq + 1)]);
    }
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) out.push([k, v === null || v === undefined ? null : (scalarString(v) ?? JSON.stringify(v))]);
  }
  return out;
}

/** `env_file` as a string, a list of strings, or a list of `{ path, required }`. */
export function parseEnvFiles(value: unknown): EnvFileSpec[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const out: EnvFileSpec[] = [];
  for (const v of list) {
    if (isRecord(v)) {
      const path = scalarString(v.path);
      if (path) out.push({ path, required: v.required !== false && v.required !== 'false' });
    } else {
      const path = scalarString(v);
      if (path) out.push({ path, required: true });
    }
  }
  return out;
}

/** `build` as a context string or a mapping. */
export function parseBuild(value: unknown): BuildSpec | null {
  if (typeof value === 'string') return { context: value, args: [], secrets: [] };
  if (!isRecord(value)) return null;
  const spec: BuildSpec = { context: scalarString(value.context) ?? '.', args: parseEnvironment(value.args), secrets: [] };
  const dockerfile = scalarString(value.dockerfile);
  if (dockerfile) spec.dockerfile = dockerfile;
  const target = scalarString(value.target);
  if (target) spec.target = target;
  if (Array.isArray(value.secrets)) {
    for (const s of value.secrets) {
      const name = isRecord(s) ? scalarString(s.source) : scalarString(s);
      if (name) spec.secrets.push(name);
    }
  }
  return spec;
}

/** `extends: base` or `extends: { service, file }`. */
export function parseExtends(value: unknown): ExtendsSpec | null {
  if (typeof value === 'string') return { service: value };
  if (!isRecord(value)) return null;
  const service = scalarString(value.service);
  if (!service) return null;
  const file = scalarString(value.file);
  return file ? { service, file } : { service };
}

/** A command or entrypoint as one shell-readable string (a list is quoted where needed). */
export function commandString(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (Array.isArray(value)) {
    const parts = value.map((v) => scalarString(v) ?? '');
    return parts.length === 0 ? null : parts.map(shellQuote).join(' ');
  }
  return null;
}

function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
