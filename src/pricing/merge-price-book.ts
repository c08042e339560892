/**
 * A partial price book merged over the built-in one: objects merge key by key, lists of named
 * entries (plans by id, sizes by slug, Fly machines by preset, memory and region) merge entry by
 * entry, anything else is replaced. A price whose amount changes drops the built-in source, date
 * and confidence, so the override must give its own: the old ones describe the old figure.
 * Pure: it reports where each merged value came from in the override, for error messages.
 */

type Path = readonly PropertyKey[];

/** The merged data, and the override path a merged path came from (null: built-in). */
interface MergedPriceBook {
  data: unknown;
  overridePath(mergedPath: Path): PropertyKey[] | null;
}

/** An override entry of a named list that names nothing, so it can neither replace nor add. */
export class UnnamedEntryError extends Error {
  constructor(
    readonly path: PropertyKey[],
    readonly keys: string,
  ) {
    super(`an entry of this list must give ${keys}, to replace the built-in entry of that name or add a new one`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields that name an entry of a list, by what the built-in entries carry. */
function identityOf(entry: Record<string, unknown>): string[] | null {
  if (typeof entry.id === 'string') return ['id'];
  if (typeof entry.slug === 'string') return ['slug'];
  if (typeof entry.preset === 'string' && 'memoryMb' in entry && 'region' in entry) return ['preset', 'memoryMb', 'region'];
  return null;
}

const PROVENANCE = ['source', 'asOf', 'confidence', 'note'] as const;

function isPrice(v: Record<string, unknown>): boolean {
  return typeof v.amount === 'string' && typeof v.unit === 'string' && 'source' in v;
}

const keyOf = (path: Path) => JSON.stringify(path.map(String));

/** Merges `override` over `base` (the built-in book's raw data). Throws UnnamedEntryError. */
export function mergePriceBook(base: unknown, override: unknown): MergedPriceBook {
  const origins = new Map<string, PropertyKey[] | null>();

  const merge = (b: unknown, o: unknown, at: PropertyKey[], from: PropertyKey[]): unknown => {
    origins.set(keyOf(at), from);
    if (isObject(b) && isObject(o)) {
      const out: Record<string, unknown> = { ...b };
      if (isPrice(b) && 'amount' in o && o.amount !== b.amount) for (const k of PROVENANCE) delete out[k];
      for (const [k, v] of Object.entries(o)) out[k] = k in b ? merge(b[k], v, [...at, k], [...from, k]) : place(v, [...at, k], [...from, k]);
      return out;
    }
    if (Array.isArray(b) && Array.isArray(o) && b.length > 0 && b.every((e) => isObject(e) && identityOf(e) !== null)) {
      const fields = identityOf(b[0] as Record<string, unknown>)!;
      const out = [...b];
      // Built-in entries keep their indexes, which say nothing about the override.
      out.forEach((_, i) => {
        origins.set(keyOf([...at, i]), null);
      });
      o.forEach((entry, j) => {
        if (!isObject(entry) || !fields.every((f) => f in entry)) throw new UnnamedEntryError([...from, j], fields.join(', '));
        const i = out.findIndex((e) => fields.every((f) => (e as Record<string, unknown>)[f] === entry[f]));
        if (i >= 0) out[i] = merge(out[i], entry, [...at, i], [...from, j]);
        else out.push(place(entry, [...at, out.length], [...from, j]));
      });
      return out;
    }
    return o;
  };
  // A value taken whole from the override: its own path is its origin (sub-paths follow by prefix).
  const place = (v: unknown, at: PropertyKey[], from: PropertyKey[]): unknown => {
    origins.set(keyOf(at), from);
    return v;
  };

  const data = merge(base, override, [], []);
  return {
    data,
    overridePath(mergedPath) {
      for (let n = mergedPath.length; n >= 1; n -= 1) {
        const from = origins.get(keyOf(mergedPath.slice(0, n)));
        if (from === null) return null;
        if (from) return [...from, ...mergedPath.slice(n)];
      }
      return mergedPath.length === 0 ? [] : null;
    },
  };
}
