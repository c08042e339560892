/** Compose byte strings and CPU counts → the stack's megabytes and vCPU. */

const UNIT_BYTES: Record<string, number> = {
  b: 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
};

/**
 * Megabytes from a compose byte value: a number of bytes, or `512m`, `512M`, `512mb`, `2g`,
 * `1.5GB`, `2Gi`, `1024k`. Docker reads these units as powers of 1024 (1g = 1024 MB).
 * Returns null when the value is not a size.
 */
export function parseMemoryMb(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value / UNIT_BYTES.m! : null;
  if (typeof value !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)(?:i?b?)?\s*$/i.exec(value);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] || 'b').toLowerCase();
  const bytes = n * UNIT_BYTES[unit]!;
  return bytes > 0 ? bytes / UNIT_BYTES.m! : null;
}

/** vCPU from `cpus: "0.5"`, `cpus: 1` or `1.5`; null when not a positive number. */
export function parseCpus(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** A whole number from a number or numeric string (replicas, ports); null otherwise. */
export function parseInteger(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return null;
}
