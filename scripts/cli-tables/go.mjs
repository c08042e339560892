// Reads flag declarations of Go CLIs (cobra/pflag, flyctl's flag package, doctl's builders) from
// source text into the stand-in table's flag shape. Only names and arities are read.

/** The body of `func NAME(` or `func (recv) NAME(` in `text`, or '' when absent. */
export function goFunc(text, name) {
  const re = new RegExp(`\\nfunc\\s+(?:\\([^)]*\\)\\s*)?${name}\\s*\\(`);
  const m = re.exec(text);
  if (!m) return '';
  const open = text.indexOf('{\n', m.index);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

/** Splits a call's argument text at top-level commas. */
export function args(text) {
  const out = [];
  let depth = 0;
  let cur = '';
  let q = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      cur += c;
      if (c === '\\' && q !== '`') cur += text[++i];
      else if (c === q) q = null;
      continue;
    }
    if (c === '"' || c === '`' || c === "'") q = c;
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) {
      if (depth === 0) break;
      depth--;
    }
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur.trim());
  return out;
}

const str = (s) => (/^"(.*)"$/.exec(s ?? '') ?? [])[1];
const NO_VALUE = new Set(['Bool', 'Count', 'BoolFunc']);

/** Flags declared with pflag calls (`Flags().StringVarP(&v, "name", "n", ...)`, `flags.Bool("x", ...)`). */
export function pflagFlags(region, resolve = str) {
  const flags = [];
  const re = /(?:Flags\(\)|\bflags|\bfs|\bf)\.([A-Z][A-Za-z0-9]*?)(Var)?(P)?\(/g;
  for (const m of region.matchAll(re)) {
    const [, kind, isVar, isP] = m;
    if (
      [
        'Lookup',
        'Set',
        'MarkHidden',
        'MarkDeprecated',
        'SetAnnotation',
        'AddFlagSet',
        'SortFlags',
        'Changed',
        'SetInterspersed',
        'SetOutput',
        'VisitAll',
        'Parse',
        'GetString',
        'GetBool',
        'MarkShorthandDeprecated',
        'SetNormalizeFunc',
        'AddGoFlagSet',
        'HasFlags',
        'Args',
      ].includes(kind + (isVar ?? '') + (isP ?? ''))
    )
      continue;
    if (/^Get/.test(kind)) continue;
    const a = args(region.slice(m.index + m[0].length));
    const first = isVar || kind === 'Var' ? 1 : 0;
    const name = resolve(a[first]);
    if (!name) continue;
    const short = isP ? resolve(a[first + 1]) || null : null;
    flags.push({ name, short, takesValue: !NO_VALUE.has(kind) });
  }
  for (const m of region.matchAll(/Lookup\(\s*"([\w-]+)"\s*\)\.NoOptDefVal\s*=/g)) {
    const f = flags.find((x) => x.name === m[1]);
    if (f) f.optionalValue = true;
  }
  return flags;
}

/** The `{...}` literal that opens at `open` in `text`. */
function braced(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

/** The flag name in a flyctl literal: `Name: "x"` or `Name: flagnames.X`. */
function flyName(body, names) {
  const m = /Name:\s*(?:"([\w-]+)"|(?:flagnames\.)?(\w+))/.exec(body);
  return m ? (m[1] ?? names.get(m[2])) : undefined;
}

/** Flags in flyctl's `flag.String{Name: ..., Shorthand: ...}` literals and `flag.Helper()` calls. */
export function flyFlags(region, helpers, names = new Map()) {
  const flags = [];
  // Inside the flag package the literals have no `flag.` prefix.
  for (const m of region.matchAll(/(?<![\w\]])(?:flag\.)?(String|Bool|Int|Float64|Duration|StringSlice|StringArray|StringMap)\{/g)) {
    const body = braced(region, m.index + m[0].length - 1);
    const name = flyName(body, names);
    if (!name) continue;
    const short = /Shorthand:\s*"(\w)"/.exec(body)?.[1] ?? null;
    const noOpt = /NoOptDefVal:/.test(body);
    flags.push({ name, short, takesValue: m[1] !== 'Bool', ...(noOpt ? { optionalValue: true } : {}) });
  }
  for (const m of region.matchAll(/\bflag\.([A-Z][A-Za-z0-9]*)\([^()]*\)/g)) {
    const h = helpers.get(m[1]);
    if (h) flags.push(...h);
  }
  // Sets the flag package declares as variables (flag.VMSizeFlags).
  for (const m of region.matchAll(/\bflag\.([A-Z]\w*)\b(?![({\w])/g)) {
    const h = helpers.get(`var:${m[1]}`);
    if (h) flags.push(...h);
  }
  return flags;
}

/** flyctl's helper constructors (`func Org() String { return String{Name: "org", ...} }`) by name. */
export function flyHelpers(sources, names) {
  const helpers = new Map();
  for (const text of sources) {
    for (const m of text.matchAll(/\nfunc\s+([A-Z]\w*)\([^)]*\)\s+(String|Bool|Int|StringSlice|StringArray|Duration|Set|Float64)\s*\{/g)) {
      const body = goFunc(text, m[1]);
      const inner = flyFlags(body, new Map(), names);
      if (m[2] !== 'Set' && inner.length === 0) {
        const name = flyName(body, names);
        if (name) inner.push({ name, short: /Shorthand:\s*"(\w)"/.exec(body)?.[1] ?? null, takesValue: m[2] !== 'Bool' });
      }
      if (inner.length) helpers.set(m[1], m[2] === 'Set' ? inner : inner.slice(0, 1));
    }
    for (const m of text.matchAll(/\nvar\s+([A-Z]\w*)\s*=\s*Set\{/g)) {
      const body = text.slice(m.index, text.indexOf('\n}\n', m.index));
      helpers.set(`var:${m[1]}`, flyFlags(body, helpers, names));
    }
  }
  return helpers;
}

/** Reads Go string constants (`ArgX = "x"`) into a map for doctl's `doctl.ArgX` references. */
export function goConstants(text) {
  const out = new Map();
  for (const m of text.matchAll(/\n\s*(?:const\s+)?([A-Za-z_]\w*)\s*(?:string\s*)?=\s*"([^"]*)"/g)) out.set(m[1], m[2]);
  return out;
}

/** doctl flags added to the command held in `variable` (AddStringFlag(cmd, doctl.ArgX, doctl.ArgShortX, ...)). */
export function doctlFlags(region, variable, constants) {
  const flags = [];
  const re = new RegExp(`Add(String|Bool|Int|StringSlice|IntSlice|Float|Duration)Flag\\(\\s*${variable}\\s*,`, 'g');
  const val = (s) => str(s) ?? constants.get((/^doctl\.(\w+)$/.exec(s ?? '') ?? [])[1]);
  for (const m of region.matchAll(re)) {
    const a = args(region.slice(m.index + m[0].length));
    const name = val(a[0]);
    if (!name) continue;
    flags.push({ name, short: val(a[1]) || null, takesValue: m[1] !== 'Bool' });
  }
  return flags;
}
