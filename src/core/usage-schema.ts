/**
 * The usage file `stackfare measure` writes, as a zod schema from which data/usage.schema.json is
 * generated (drift-tested) and with which `--usage` reads a file back. zod/mini, as the answers
 * schema: `estimate --usage` loads one schema library, not two.
 */
import * as z from 'zod/mini';
import { USAGE_VERSION } from './usage.js';

/** A description that reaches the published JSON Schema. */
const described = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.describe(description)) as T;
const nonnegative = () => z.number().check(z.nonnegative());
const count = (min: 'nonnegative' | 'positive') => z.number().check(z.int(), min === 'positive' ? z.positive() : z.nonnegative());

const Summary = z.object({ min: nonnegative(), avg: nonnegative(), p95: nonnegative(), max: nonnegative() });

const ServiceUsage = z.object({
  replicas: described(z.object({ min: count('nonnegative'), max: count('positive') }), 'Containers of the service seen at once: fewest and most.'),
  samples: described(count('positive'), 'Sampling rounds in which at least one of its containers answered.'),
  memoryBytes: described(Summary, 'Memory working set in bytes (usage less inactive file cache, as docker stats counts it), replicas summed.'),
  cpuVcpu: described(z.nullable(Summary), 'CPU in vCPU (1 = one core busy), replicas summed; null when no two readings could be compared.'),
  networkTx: described(
    z.object({ bytes: count('nonnegative'), bytesPerSecond: nonnegative() }),
    'Bytes sent on every interface during the window (private traffic included), and per second.',
  ),
  stopped: described(z.array(z.string()), 'Containers that stopped during the window; their samples are kept.'),
});

/** The usage file. */
export const UsageFileSchema = z.object({
  version: z.literal(USAGE_VERSION),
  project: described(z.string().check(z.minLength(1)), 'The compose project measured (com.docker.compose.project).'),
  composeFile: z.nullable(z.string()),
  window: z.object({
    start: described(z.string(), 'ISO 8601 time of the first sample.'),
    end: z.string(),
    seconds: nonnegative(),
    intervalSeconds: z.number().check(z.positive()),
  }),
  samples: described(count('nonnegative'), 'Sampling rounds taken.'),
  interrupted: described(z.boolean(), 'True when Ctrl-C ended the window early.'),
  engine: described(
    z.object({ version: z.string(), apiVersion: z.string(), os: z.string() }),
    "The Docker Engine's (or Podman's) version as GET /version reports it.",
  ),
  services: described(z.record(z.string(), ServiceUsage), 'Per compose service (com.docker.compose.service).'),
  notes: z.array(z.string()),
});
