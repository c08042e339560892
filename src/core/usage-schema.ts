/**
 * The usage file `stackfare measure` writes, as a zod schema from which data/usage.schema.json is
 * generated (drift-tested) and with which `--usage` reads a file back.
 */
import { z } from 'zod';
import { USAGE_VERSION } from './usage.js';

const Summary = z.object({ min: z.number().nonnegative(), avg: z.number().nonnegative(), p95: z.number().nonnegative(), max: z.number().nonnegative() });

const ServiceUsage = z.object({
  replicas: z.object({ min: z.number().int().nonnegative(), max: z.number().int().positive() }).describe('Containers of the service seen at once: fewest and most.'),
  samples: z.number().int().positive().describe('Sampling rounds in which at least one of its containers answered.'),
  memoryBytes: Summary.describe('Memory working set in bytes (usage less inactive file cache, as docker stats counts it), replicas summed.'),
  cpuVcpu: Summary.nullable().describe('CPU in vCPU (1 = one core busy), replicas summed; null when no two readings could be compared.'),
  networkTx: z.object({ bytes: z.number().int().nonnegative(), bytesPerSecond: z.number().nonnegative() }).describe('Bytes sent on every interface during the window (private traffic included), and per second.'),
  stopped: z.array(z.string()).describe('Containers that stopped during the window; their samples are kept.'),
});

/** The usage file. */
export const UsageFileSchema = z.object({
  version: z.literal(USAGE_VERSION),
  project: z.string().min(1).describe('The compose project measured (com.docker.compose.project).'),
  composeFile: z.string().nullable(),
  window: z.object({
    start: z.string().describe('ISO 8601 time of the first sample.'),
    end: z.string(),
    seconds: z.number().nonnegative(),
    intervalSeconds: z.number().positive(),
  }),
  samples: z.number().int().nonnegative().describe('Sampling rounds taken.'),
  interrupted: z.boolean().describe('True when Ctrl-C ended the window early.'),
  engine: z.object({ version: z.string(), apiVersion: z.string(), os: z.string() }).describe("The Docker Engine's (or Podman's) version as GET /version reports it."),
  services: z.record(z.string(), ServiceUsage).describe('Per compose service (com.docker.compose.service).'),
  notes: z.array(z.string()),
});
