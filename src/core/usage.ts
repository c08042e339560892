/**
 * What a running compose stack really uses, from the Docker Engine API's container stats: the
 * memory working set, CPU in vCPU and bytes sent, per service, summarised over a sampling window
 * (min / avg / p95 / max). Pure: the samples, their times and the window arrive as arguments.
 */

/** The usage file's format version. */
export const USAGE_VERSION = 1;

/** The memory part of a stats answer, as the Engine API names it (cgroup v1 and v2). */
interface MemoryStats {
  usage?: number | undefined;
  stats?: Record<string, number> | undefined;
}

/** The CPU part of a stats answer. */
interface CpuStats {
  cpu_usage?: { total_usage?: number | undefined; percpu_usage?: number[] | null | undefined } | undefined;
  system_cpu_usage?: number | undefined;
  online_cpus?: number | undefined;
}

/** The fields of `GET /containers/{id}/stats` that the measurement reads. */
export interface StatsAnswer {
  read?: string | undefined;
  memory_stats?: MemoryStats | undefined;
  cpu_stats?: CpuStats | undefined;
  precpu_stats?: CpuStats | undefined;
  networks?: Record<string, { tx_bytes?: number | undefined }> | undefined;
}

/** min / avg / p95 / max of one figure over the samples. */
export interface Summary {
  min: number;
  avg: number;
  p95: number;
  max: number;
}

/** One service's figures in the usage file. */
export interface ServiceUsage {
  /** Containers (replicas) seen at once: fewest and most. */
  replicas: { min: number; max: number };
  /** Sampling rounds in which at least one of its containers answered. */
  samples: number;
  /** Memory working set (usage less inactive file cache, as `docker stats` counts it), bytes, replicas summed. */
  memoryBytes: Summary;
  /** CPU in vCPU (1 = one core busy), replicas summed; null when no round had two readings to compare. */
  cpuVcpu: Summary | null;
  /** Bytes sent on every interface (private traffic included) during the window, and per second. */
  networkTx: { bytes: number; bytesPerSecond: number };
  /** Containers that stopped during the window: their samples are kept. */
  stopped: string[];
}

/** The file `stackfare measure` writes (data/usage.schema.json). */
export interface UsageFile {
  version: typeof USAGE_VERSION;
  project: string;
  composeFile: string | null;
  window: { start: string; end: string; seconds: number; intervalSeconds: number };
  samples: number;
  interrupted: boolean;
  engine: { version: string; apiVersion: string; os: string };
  services: Record<string, ServiceUsage>;
  notes: string[];
}

/**
 * The memory working set of one container: usage less the inactive file cache, which the kernel
 * can drop at any time. `docker stats` and the kubelet count it so: cgroup v1 names the cache
 * `total_inactive_file`, cgroup v2 `inactive_file`.
 */
export function workingSetBytes(memory: MemoryStats | undefined): number | null {
  const usage = memory?.usage;
  if (usage === undefined || !Number.isFinite(usage)) return null;
  const stats = memory?.stats ?? {};
  const v1 = stats.total_inactive_file;
  if (v1 !== undefined && v1 < usage) return usage - v1;
  const v2 = stats.inactive_file;
  if (v2 !== undefined && v2 < usage) return usage - v2;
  return usage;
}

/** CPUs the host shows the container: `online_cpus`, else the per-CPU list's length (cgroup v1). */
function onlineCpus(cpu: CpuStats): number {
  return cpu.online_cpus || cpu.cpu_usage?.percpu_usage?.length || 1;
}

/**
 * CPU used between two readings, in vCPU: the container's CPU time over the host's, times the
 * host's CPUs (what `docker stats` shows as a percentage, divided by 100). Null without a
 * usable pair (a first reading, a restart that reset the counters).
 */
export function cpuVcpus(now: CpuStats | undefined, before: CpuStats | undefined): number | null {
  const used = (now?.cpu_usage?.total_usage ?? 0) - (before?.cpu_usage?.total_usage ?? 0);
  const system = (now?.system_cpu_usage ?? 0) - (before?.system_cpu_usage ?? 0);
  if (!now || !before?.system_cpu_usage || system <= 0 || used < 0) return null;
  return (used / system) * onlineCpus(now);
}

/** Bytes sent so far on every interface of one container. */
function txBytes(answer: StatsAnswer): number {
  return Object.values(answer.networks ?? {}).reduce((sum, n) => sum + (n.tx_bytes ?? 0), 0);
}

/** min / avg / p95 (nearest rank) / max of a non-empty list. */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  const rank = Math.max(1, Math.ceil(0.95 * sorted.length));
  return { min: sorted[0]!, avg: sum / sorted.length, p95: sorted[rank - 1]!, max: sorted.at(-1)! };
}

/** One container's answer in one sampling round. */
export interface ContainerReading {
  id: string;
  service: string;
  answer: StatsAnswer;
}

interface ContainerState {
  service: string;
  cpu: CpuStats | undefined;
  tx: number;
}

interface ServiceSeries {
  memory: number[];
  cpu: number[];
  replicas: number[];
  txBytes: number;
  stopped: string[];
}

/**
 * Accumulates sampling rounds. A round's figures are summed over each service's replicas; CPU
 * comes from the answer's own `precpu_stats` when the daemon filled it, else from the same
 * container's previous reading; bytes sent are counted from the first reading on, and a counter
 * that went backwards (a restarted container) starts again from its new value.
 */
export class UsageRecorder {
  private readonly containers = new Map<string, ContainerState>();
  private readonly series = new Map<string, ServiceSeries>();
  rounds = 0;

  /** Adds one round of readings (every container that answered). */
  record(readings: readonly ContainerReading[]): void {
    this.rounds += 1;
    const round = new Map<string, { memory: number; cpu: number | null; replicas: number }>();
    for (const r of readings) {
      const memory = workingSetBytes(r.answer.memory_stats);
      const cpu = this.readCpu(r);
      const entry = round.get(r.service) ?? { memory: 0, cpu: null, replicas: 0 };
      entry.memory += memory ?? 0;
      entry.cpu = cpu === null ? entry.cpu : (entry.cpu ?? 0) + cpu;
      entry.replicas += 1;
      round.set(r.service, entry);
      this.seriesOf(r.service).txBytes += this.readTx(r);
    }
    for (const [service, e] of round) {
      const s = this.seriesOf(service);
      s.memory.push(e.memory);
      s.replicas.push(e.replicas);
      if (e.cpu !== null) s.cpu.push(e.cpu);
    }
  }

  /** Notes that a container stopped (its readings so far are kept). */
  stopped(service: string, note: string): void {
    this.seriesOf(service).stopped.push(note);
  }

  /** Services seen so far. */
  services(): string[] {
    return [...this.series.keys()].sort();
  }

  /** The per-service figures over a window of `seconds`. */
  summary(seconds: number): Record<string, ServiceUsage> {
    const out: Record<string, ServiceUsage> = {};
    for (const service of this.services()) {
      const s = this.series.get(service)!;
      if (s.memory.length === 0) continue;
      const memory = summarize(s.memory);
      out[service] = {
        replicas: { min: Math.min(...s.replicas), max: Math.max(...s.replicas) },
        samples: s.memory.length,
        memoryBytes: { min: memory.min, avg: Math.round(memory.avg), p95: memory.p95, max: memory.max },
        cpuVcpu: s.cpu.length === 0 ? null : roundSummary(summarize(s.cpu), 4),
        networkTx: { bytes: s.txBytes, bytesPerSecond: seconds > 0 ? Math.round(s.txBytes / seconds) : 0 },
        stopped: s.stopped,
      };
    }
    return out;
  }

  private seriesOf(service: string): ServiceSeries {
    let s = this.series.get(service);
    if (!s) {
      s = { memory: [], cpu: [], replicas: [], txBytes: 0, stopped: [] };
      this.series.set(service, s);
    }
    return s;
  }

  private readCpu(r: ContainerReading): number | null {
    const before = this.containers.get(r.id)?.cpu;
    const own = cpuVcpus(r.answer.cpu_stats, r.answer.precpu_stats);
    const cpu = own ?? cpuVcpus(r.answer.cpu_stats, before);
    const state = this.containers.get(r.id) ?? { service: r.service, cpu: undefined, tx: txBytes(r.answer) };
    state.cpu = r.answer.cpu_stats;
    this.containers.set(r.id, state);
    return cpu;
  }

  private readTx(r: ContainerReading): number {
    const state = this.containers.get(r.id)!;
    const now = txBytes(r.answer);
    const sent = now >= state.tx ? now - state.tx : now;
    state.tx = now;
    return sent;
  }
}

function roundSummary(s: Summary, digits: number): Summary {
  const f = 10 ** digits;
  const r = (v: number) => Math.round(v * f) / f;
  return { min: r(s.min), avg: r(s.avg), p95: r(s.p95), max: r(s.max) };
}
