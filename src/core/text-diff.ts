/**
 * A short unified diff of two texts (line by line, three lines of context), for `--dry-run`
 * to show what a changed file would become. Pure: no disk, no terminal.
 */

/** Lines compared with a table of common-subsequence lengths at most this large; past it, only a count. */
const MAX_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; text: string; a: number; b: number };

/** The line operations turning `a` into `b` (longest common subsequence), or null when too large to compare. */
function lineOps(a: readonly string[], b: readonly string[]): Op[] | null {
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS) return null;
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ kind: ' ', text: a[i++]!, a: i, b: ++j });
    else if (i < a.length && (j === b.length || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) ops.push({ kind: '-', text: a[i++]!, a: i, b: j });
    else ops.push({ kind: '+', text: b[j++]!, a: i, b: j });
  }
  return ops;
}

/**
 * `--- path` / `+++ path` and `@@ -a,n +b,m @@` hunks with three lines of context, at most
 * `maxLines` lines of hunks (then a line saying how many more differ).
 */
export function unifiedDiff(before: string, after: string, path: string, maxLines = 40): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const ops = lineOps(a, b);
  if (ops === null) return [`${path}: ${a.length} lines now, ${b.length} after (too long to compare line by line)`];
  const changed = ops.flatMap((op, k) => (op.kind === ' ' ? [] : [k]));
  const out = [`--- ${path} (now)`, `+++ ${path} (after)`];
  let k = 0;
  let shown = 0;
  while (k < changed.length) {
    // One hunk: changes closer than 7 lines apart share their context.
    const start = Math.max(0, changed[k]! - 3);
    let end = changed[k]!;
    while (k + 1 < changed.length && changed[k + 1]! - end <= 7) end = changed[++k]!;
    k += 1;
    const last = Math.min(ops.length - 1, end + 3);
    const hunk = ops.slice(start, last + 1);
    const aStart = hunk[0]!.a - (hunk[0]!.kind === '+' ? 0 : 1) + 1;
    const bStart = hunk[0]!.b - (hunk[0]!.kind === '-' ? 0 : 1) + 1;
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    const lines = [`@@ -${aStart},${aCount} +${bStart},${bCount} @@`, ...hunk.map((o) => `${o.kind}${o.text}`)];
    if (shown + lines.length > maxLines) {
      const left = changed.length - changed.findIndex((c) => c >= start);
      out.push(`... ${left} more changed line${left === 1 ? '' : 's'} (the whole file: ${path})`);
      break;
    }
    out.push(...lines);
    shown += lines.length;
  }
  return out;
}
