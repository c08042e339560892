// Parses a command line against a CLI table (test/fixtures/cli-tables/<cli>.json) the way the real
// CLI's parser does: subcommands by name or alias, long/short flags, `--flag=value`, `--`.

/** The node's child named `word` (by name or alias), or undefined. */
function child(node, word) {
  for (const [name, sub] of Object.entries(node.subcommands ?? {})) if (name === word || (sub.aliases ?? []).includes(word)) return [name, sub];
  return undefined;
}

/** Formats one of the table's error templates. */
export function errorText(table, kind, fields) {
  const tpl = table.errors[kind] ?? table.errors.unknownFlag;
  return { stderr: tpl.stderr.replace(/\{(\w+)\}/g, (_, k) => fields[k] ?? ''), exitCode: tpl.exitCode };
}

/** Finds a flag among the command's and the global flags. */
function findFlag(flags, long, short) {
  return flags.find((f) => (long != null && (f.name === long || (f.aliases ?? []).includes(long))) || (short != null && f.short === short));
}

/** Resolves the command path: the first words that name subcommands (flags may come before them). */
function resolvePath(table, argv) {
  let node = table.root;
  const path = [];
  const known = () => [...table.globalFlags, ...node.flags];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a.startsWith('-') && a !== '-') {
      const long = a.startsWith('--') ? a.slice(2).split('=')[0] : null;
      const f = findFlag(known(), long, long == null ? a[1] : null);
      if (f?.takesValue && !a.includes('=') && !(long == null && a.length > 2)) i++;
      continue;
    }
    if (Object.keys(node.subcommands ?? {}).length === 0) break;
    const next = child(node, a);
    if (!next) {
      if (node.runnable || node.positionals > 0) break;
      return { node, path, unknown: a };
    }
    path.push(next[0]);
    node = next[1];
  }
  return { node, path };
}

/**
 * Parses argv for `table`. Returns { path, flags: {name: [values]}, positionals } or { error: {stderr, exitCode}, notModelled? }.
 */
export function parseArgv(table, argv) {
  const program = table.programs[0];
  const { node, path, unknown } = resolvePath(table, argv);
  const pathText = [program, ...path].join(' ');
  if (unknown !== undefined) {
    if (node.partial) return { notModelled: `${pathText} ${unknown}` };
    return { error: errorText(table, 'unknownCommand', { name: unknown, path: pathText }) };
  }
  if (node.partial && Object.keys(node.subcommands).length > 0 && !node.runnable && node.flags.length === 0) {
    return { notModelled: pathText };
  }
  const flags = {};
  const positionals = [];
  const allowed = [...table.globalFlags, ...node.flags];
  let words = 0;
  let onlyPositional = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (onlyPositional || !a.startsWith('-') || a === '-') {
      // The first non-flag words are the subcommand path resolvePath found.
      if (!onlyPositional && words < path.length) {
        words++;
        continue;
      }
      positionals.push(a);
      if (node.trailing || node.interspersed === false) onlyPositional = true;
      continue;
    }
    if (a === '--') {
      onlyPositional = true;
      positionals.push('--');
      continue;
    }
    const parsed = parseFlag(table, allowed, argv, i, pathText);
    if (parsed.error) return parsed;
    flags[parsed.name] ??= [];
    flags[parsed.name].push(parsed.value);
    i = parsed.next;
  }
  const dd = positionals.indexOf('--');
  return {
    path,
    flags,
    positionals: dd < 0 ? positionals : [...positionals.slice(0, dd), ...positionals.slice(dd + 1)],
    afterDashDash: dd < 0 ? null : positionals.slice(dd + 1),
  };
}

/** Parses the flag at argv[i] (and its value); returns its canonical name, value and the next index. */
function parseFlag(table, allowed, argv, i, pathText) {
  const a = argv[i];
  if (a.startsWith('--')) {
    const [long, ...rest] = a.slice(2).split('=');
    const f = findFlag(allowed, long, null);
    if (!f) return { error: errorText(table, 'unknownFlag', { flag: `--${long}`, path: pathText }) };
    if (rest.length) return { name: f.name ?? f.short, value: rest.join('='), next: i };
    if (!f.takesValue || f.optionalValue) return { name: f.name ?? f.short, value: true, next: i };
    if (i + 1 >= argv.length) return { error: errorText(table, 'missingValue', { flag: `--${long}`, path: pathText }) };
    return { name: f.name ?? f.short, value: argv[i + 1], next: i + 1 };
  }
  const short = a[1];
  const f = findFlag(allowed, null, short);
  if (!f) return { error: errorText(table, table.errors.unknownShorthand ? 'unknownShorthand' : 'unknownFlag', { short, flag: a, path: pathText }) };
  const attached = a.slice(2).replace(/^=/, '');
  if (!f.takesValue) {
    // A cluster of boolean shorthands (-it): every letter must be a known flag.
    for (const c of attached)
      if (!findFlag(allowed, null, c))
        return { error: errorText(table, table.errors.unknownShorthand ? 'unknownShorthand' : 'unknownFlag', { short: c, flag: `-${c}`, path: pathText }) };
    return { name: f.name ?? f.short, value: true, next: i };
  }
  if (attached) return { name: f.name ?? f.short, value: attached, next: i };
  if (i + 1 >= argv.length) return { error: errorText(table, 'missingValue', { flag: a, path: pathText }) };
  return { name: f.name ?? f.short, value: argv[i + 1], next: i + 1 };
}
