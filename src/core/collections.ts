/**
 * Indexes built once per list, so a lookup per service costs the same for 10 services as for
 * 5,000 (a `find` or `filter` over every service, once per service, grows with the square).
 */

/** Items by key; the first item of each key is kept, as a `find` from the start would return it. */
export function indexFirst<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T> {
  const out = new Map<K, T>();
  for (const item of items) {
    const k = key(item);
    if (!out.has(k)) out.set(k, item);
  }
  return out;
}

/** Items grouped by key, each group in the list's order (as a `filter` by that key returns it). */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}
