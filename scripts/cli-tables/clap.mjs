// Reads a clap-derive command tree (Rust) into the stand-in table's shape: one node per command
// with its flags, aliases and subcommands. Only the declarations are read, never copied.

/** Splits a Rust item body into top-level segments (attributes + field or variant), by commas at depth 0. */
function splitTopLevel(body) {
  const parts = [];
  let depth = 0;
  let cur = '';
  let inStr = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inStr) {
      cur += c;
      if (c === '\\') cur += body[++i] ?? '';
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    if (c === '/' && body[i + 1] === '/') {
      const end = body.indexOf('\n', i);
      i = end < 0 ? body.length : end;
      continue;
    }
    if ('([{<'.includes(c)) depth++;
    if (')]}>'.includes(c) && !(c === '>' && body[i - 1] === '-') && !(c === '>' && body[i - 1] === '=')) depth--;
    if (c === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) parts.push(cur);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** The text between the bracket at `open` and its match. */
function matchingBody(text, open) {
  const pairs = { '{': '}', '(': ')', '[': ']' };
  const close = pairs[text[open]];
  let depth = 0;
  let inStr = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === text[open]) depth++;
    else if (c === close && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** Attributes (`#[clap(...)]`, `#[arg(...)]`, `#[command(...)]`) and the rest of one segment. */
function attributesOf(segment) {
  const attrs = [];
  let rest = segment;
  for (;;) {
    rest = rest.replace(/^\s*(\/\/\/[^\n]*\n\s*)*/, '');
    const m = /^#\[/.exec(rest);
    if (!m) break;
    const inner = matchingBody(rest, 1);
    attrs.push(inner);
    rest = rest.slice(inner.length + 3);
  }
  return { attrs: attrs.join(' '), rest: rest.replace(/^\s*(\/\/\/[^\n]*\n\s*)*/, '').trim() };
}

const kebab = (s) => s.replace(/_/g, '-');
const variantName = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** Aliases declared in attribute text. */
function aliasesIn(attrs) {
  const out = [];
  for (const m of attrs.matchAll(/\b(?:visible_)?alias\s*=\s*"([^"]+)"/g)) out.push(m[1]);
  for (const m of attrs.matchAll(/\b(?:visible_)?aliases\s*=\s*\[([^\]]*)\]/g)) for (const a of m[1].matchAll(/"([^"]+)"/g)) out.push(a[1]);
  return out;
}

/** One struct field as a flag (or positional / subcommand / flatten marker). */
function fieldOf(segment) {
  const { attrs, rest } = attributesOf(segment);
  const m = /^(?:pub(?:\([^)]*\))?\s+)?([a-z_][a-z0-9_]*)\s*:\s*([\s\S]+)$/.exec(rest);
  if (!m) return null;
  const [, name, type] = m;
  if (/\bsubcommand\b/.test(attrs)) return { kind: 'subcommand', type: type.replace(/^Option<|>$/g, '').trim() };
  if (/\bflatten\b/.test(attrs)) return { kind: 'flatten', type: type.trim() };
  const hasLong = /(^|[\s(,])long\b/.test(attrs);
  const hasShort = /(^|[\s(,])short\b/.test(attrs);
  if (!hasLong && !hasShort) return { kind: 'positional', name, trailing: /trailing_var_arg\s*=\s*true|last\s*=\s*true/.test(attrs) };
  const longM = /\blong\s*=\s*"([^"]+)"/.exec(attrs);
  const shortM = /\bshort\s*=\s*'(.)'/.exec(attrs);
  const isBool = /^bool$/.test(type.trim()) || /ArgAction::(SetTrue|SetFalse|Count)/.test(attrs);
  return {
    kind: 'flag',
    flag: {
      name: hasLong ? (longM ? longM[1] : kebab(name)) : null,
      short: hasShort ? (shortM ? shortM[1] : name[0]) : null,
      takesValue: !isBool,
      aliases: aliasesIn(attrs).filter((a) => a.length > 1),
      global: /\bglobal\s*=\s*true/.test(attrs),
    },
  };
}

/** Every struct and enum of a Rust file, by name: struct → its fields, enum → its variants. */
export function rustItems(text) {
  const items = new Map();
  for (const m of text.matchAll(/(?:pub(?:\([^)]*\))?\s+)?(struct|enum)\s+([A-Za-z0-9_]+)(?:<[^>]*>)?\s*\{/g)) {
    const body = matchingBody(text, m.index + m[0].length - 1);
    const segments = splitTopLevel(body);
    items.set(m[2], { kind: m[1], segments });
  }
  return items;
}

/** Builds a command node from a struct (or an inline variant body), resolving types with `lookup`. */
export function nodeFromFields(segments, lookup, inherited = [], depth = 0) {
  const node = { flags: [...inherited], subcommands: {}, positionals: 0, trailing: false };
  const subcommandTypes = [];
  for (const seg of segments) {
    const f = fieldOf(seg);
    if (!f) continue;
    if (f.kind === 'flag') node.flags.push(f.flag);
    else if (f.kind === 'positional') {
      node.positionals++;
      node.trailing ||= f.trailing;
    } else if (f.kind === 'flatten') {
      const item = lookup(f.type);
      if (item) node.flags.push(...nodeFromFields(item.segments, lookup).flags);
    } else if (f.kind === 'subcommand') subcommandTypes.push(f.type);
  }
  // After every field: a `global = true` flag declared below the subcommand field still reaches it.
  const globals = node.flags.filter((x) => x.global);
  for (const type of subcommandTypes) if (depth < 4) Object.assign(node.subcommands, subcommandsOf(type, lookup, globals, depth + 1));
  node.flags = [...new Map(node.flags.map((x) => [`${x.name}/${x.short}`, x])).values()];
  return node;
}

/** The subcommands of a `#[derive(Subcommand)]` enum. */
function subcommandsOf(type, lookup, globals, depth) {
  const item = lookup(type);
  if (item?.kind !== 'enum') return {};
  const out = {};
  for (const seg of item.segments) {
    const { attrs, rest } = attributesOf(seg);
    if (/\bskip\b/.test(attrs)) continue;
    const m = /^([A-Z][A-Za-z0-9]*)\s*([({][\s\S]*)?$/.exec(rest);
    if (!m) continue;
    const nameM = /\bname\s*=\s*"([^"]+)"/.exec(attrs);
    const name = nameM ? nameM[1] : variantName(m[1]);
    let node;
    if (m[2]?.startsWith('{')) node = nodeFromFields(splitTopLevel(matchingBody(m[2], 0)), lookup, globals, depth);
    else if (m[2]?.startsWith('(')) {
      const inner = lookup(matchingBody(m[2], 0).trim());
      node = inner
        ? nodeFromFields(inner.segments, lookup, globals, depth)
        : { flags: [...globals], subcommands: {}, positionals: 0, trailing: false, unresolved: true };
    } else node = { flags: [...globals], subcommands: {}, positionals: 0, trailing: false };
    node.aliases = aliasesIn(attrs);
    out[name] = node;
  }
  return out;
}
