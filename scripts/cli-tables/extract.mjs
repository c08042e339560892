#!/usr/bin/env node
// Regenerates a stand-in table (test/fixtures/cli-tables/<cli>.json) from a checkout of the CLI's
// source: node scripts/cli-tables/extract.mjs <cli> <git-dir> [<second git-dir>] > table.json
// The git dir may be bare (read with `git show HEAD:path`). Only command names, aliases and flag
// names/arities are read; no source is copied.
import { execFileSync } from 'node:child_process';
import { nodeFromFields, rustItems } from './clap.mjs';
import { args as callArgs, doctlFlags, flyFlags, flyHelpers, goConstants, goFunc, pflagFlags } from './go.mjs';

const git = (dir, ...a) => execFileSync('git', ['-C', dir, ...a], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
const show = (dir, path) => {
  try {
    return git(dir, 'show', `HEAD:${path}`);
  } catch {
    return '';
  }
};
const ls = (dir, path) =>
  git(dir, 'ls-tree', '-r', '--name-only', 'HEAD', path)
    .split('\n')
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
const origin = (dir, fallback) => ({
  repository: fallback,
  commit: git(dir, 'rev-parse', 'HEAD').trim(),
  committed: git(dir, 'log', '-1', '--format=%cI').trim(),
});
const leaf = (flags, extra = {}) => ({ flags, subcommands: {}, ...extra });
const dedupe = (flags) => [...new Map(flags.map((f) => [`${f.name}/${f.short}`, f])).values()];

// Error shapes: clap's (railway) and cobra/pflag's, as the libraries print them.
const CLAP = {
  unknownCommand: {
    stderr: "error: unrecognized subcommand '{name}'\n\nUsage: {path} [OPTIONS] <COMMAND>\n\nFor more information, try '--help'.",
    exitCode: 2,
  },
  unknownFlag: { stderr: "error: unexpected argument '{flag}' found\n\nUsage: {path} [OPTIONS]\n\nFor more information, try '--help'.", exitCode: 2 },
  missingValue: { stderr: "error: a value is required for '{flag} <VALUE>' but none was supplied\n\nFor more information, try '--help'.", exitCode: 2 },
  library: 'clap (clap_builder/src/error/format.rs); exit 2 in railway src/main.rs',
};
const cobra = (prefix, exitCode, suffix = '') => ({
  unknownCommand: { stderr: `${prefix}unknown command "{name}" for "{path}"${suffix}`, exitCode },
  unknownFlag: { stderr: `${prefix}unknown flag: {flag}${suffix}`, exitCode },
  unknownShorthand: { stderr: `${prefix}unknown shorthand flag: '{short}' in -{short}${suffix}`, exitCode },
  missingValue: { stderr: `${prefix}flag needs an argument: {flag}${suffix}`, exitCode },
  library: 'spf13/cobra command.go and spf13/pflag flag.go messages',
});

/** railway: the whole clap tree from src/main.rs's commands! list. */
function railway(dir) {
  const main = show(dir, 'src/main.rs');
  const list = /commands!\(([\s\S]*?)\);/.exec(main)[1];
  const root = leaf([], { partial: false });
  const extraAliases = {
    list: ['ls'],
    delete: ['rm', 'remove'],
    project: ['projects'],
    bucket: ['buckets'],
    volume: ['volumes'],
    deployment: ['deployments'],
    templates: ['template'],
    check_updates: ['check-updates'],
  };
  for (const m of list.matchAll(/([a-z_]+)(?:\s+as\s+"([^"]+)")?(?:\(([^)]*)\))?/g)) {
    const [, mod, asName, aliases] = m;
    const file = show(dir, `src/commands/${mod}.rs`) || show(dir, `src/commands/${mod}/mod.rs`);
    const siblings = git(dir, 'ls-tree', '--name-only', 'HEAD', `src/commands/${mod}/`)
      .split('\n')
      .filter((f) => f.endsWith('.rs'))
      .map((f) => show(dir, f));
    const items = new Map([...siblings.flatMap((t) => [...rustItems(t)]), ...rustItems(file)]);
    const lookup = (type) => items.get(type.replace(/^.*::/, '').trim());
    const args = items.get('Args');
    const node = args ? nodeFromFields(args.segments, lookup) : leaf([]);
    node.aliases = [...(aliases ? aliases.split(',').map((a) => a.trim()) : []), ...(extraAliases[mod] ?? [])];
    root.subcommands[asName ?? mod] = node;
  }
  return {
    cli: 'railway',
    programs: ['railway'],
    style: 'clap',
    errors: CLAP,
    globalFlags: [
      { name: 'help', short: 'h', takesValue: false },
      { name: 'version', short: 'V', takesValue: false },
    ],
    root,
  };
}

/** doctl: every command reachable from commands/doit.go addCommands(). */
function doctl(dir) {
  const files = ls(dir, 'commands').map((f) => show(dir, f));
  const all = files.join('\n');
  const constants = goConstants(show(dir, 'args.go'));
  const fns = new Map();
  for (const m of all.matchAll(/\nfunc\s+(?:\([^)]*\)\s*)?([A-Za-z]\w*)\(\)\s+\*Command\s*\{/g)) fns.set(m[1], goFunc(all, m[1]));
  const val = (s) => (/^"(.*)"$/.exec(s ?? '') ?? [])[1] ?? constants.get((/^doctl\.(\w+)$/.exec(s ?? '') ?? [])[1]);
  const build = (name, seen = new Set()) => {
    const body = fns.get(name) ?? '';
    const node = leaf([]);
    node.aliases = [...((/Aliases:\s*\[\]string\{([^}]*)\}/.exec(body) ?? [])[1] ?? '').matchAll(/"([^"]+)"/g)].map((x) => x[1]);
    for (const m of body.matchAll(/(?:(\w+)\s*:?=\s*)?(?:CmdBuilder|cmdBuilderWithInit)\(/g)) {
      // CmdBuilder(parent, runner, "use ...", short, long, out, options...)
      const a = callArgs(body.slice(m.index + m[0].length));
      const cli = /^"([^"\s]+)/.exec(a[2] ?? '')?.[1];
      if (!cli) continue;
      const call = a.slice(6).join(',');
      const child = leaf(m[1] ? doctlFlags(body, m[1], constants) : []);
      child.aliases = [...call.matchAll(/aliasOpt\(([^)]*)\)/g)].flatMap((a) => [...a[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]));
      if (/displayerType\(/.test(call))
        child.flags.push({ name: 'format', short: null, takesValue: true }, { name: 'no-header', short: null, takesValue: false });
      child.flags = dedupe(child.flags);
      node.subcommands[cli] = child;
    }
    for (const m of body.matchAll(/\.AddCommand\(\s*(?:\w+\.)?([A-Za-z]\w*)\(\)\s*\)/g)) {
      if (seen.has(m[1]) || !fns.has(m[1])) continue;
      const use = /Use:\s*"([^"\s]+)/.exec(fns.get(m[1]))?.[1];
      if (use) node.subcommands[use] = build(m[1], new Set([...seen, m[1]]));
    }
    return node;
  };
  const root = leaf([]);
  for (const m of goFunc(all, 'addCommands').matchAll(/DoitCmd\.AddCommand\(\s*([A-Za-z]\w*)\(\)/g)) {
    const use = /Use:\s*"([^"\s]+)/.exec(fns.get(m[1]) ?? '')?.[1];
    if (use) root.subcommands[use] = build(m[1], new Set([m[1]]));
  }
  const globalFlags = pflagFlags(show(dir, 'commands/doit.go').replace(/rootPFlagSet\./g, 'flags.'), val);
  return { cli: 'doctl', programs: ['doctl'], style: 'cobra', errors: cobra('Error: ', 1), globalFlags, root };
}

/** Builds a partial tree from [path, flags] pairs: only the listed commands are modelled. */
function tree(entries) {
  const root = leaf([], { partial: true });
  for (const [path, flags, extra] of entries) {
    let node = root;
    for (const part of path.split(' ')) node = node.subcommands[part] ??= leaf([], { partial: true });
    Object.assign(node, { flags: dedupe(flags), ...extra });
  }
  return root;
}

/** flyctl: the commands a deploy guide uses, from their constructors in internal/command. */
function fly(dir) {
  const flagSrc = ls(dir, 'internal/flag').map((f) => show(dir, f));
  const names = goConstants(flagSrc.join('\n'));
  const helpers = flyHelpers(flagSrc, names);
  const region = (file, fn) => {
    const text = show(dir, `internal/command/${file}`);
    const pkg = ls(dir, `internal/command/${file.replace(/\/[^/]+$/, '')}`)
      .filter((f) => !f.includes('/v1/') && f.split('/').length === 4)
      .map((f) => show(dir, f))
      .join('\n');
    const sets = new Map();
    for (const m of pkg.matchAll(/\nvar\s+(\w+)\s*=\s*flag\.Set\{/g)) sets.set(m[1], pkg.slice(m.index, pkg.indexOf('\n}\n', m.index)));
    let body = goFunc(text, fn);
    for (const [name, setBody] of sets) if (new RegExp(`\\b${name}\\b(?!\\s*=)`).test(body)) body += setBody;
    return flyFlags(body, helpers, names);
  };
  const entries = [
    ['auth login', region('auth/login.go', 'newLogin')],
    ['apps create', region('apps/create.go', 'newCreate')],
    ['apps list', region('apps/list.go', 'newList')],
    ['apps restart', region('apps/restart.go', 'newRestart')],
    ['secrets set', region('secrets/set.go', 'newSet')],
    ['secrets import', region('secrets/import.go', 'newImport')],
    ['secrets list', region('secrets/list.go', 'newList')],
    ['secrets deploy', region('secrets/deploy.go', 'newDeploy')],
    ['ips allocate-v6', region('ips/allocate.go', 'newAllocatev6')],
    ['ips allocate-v4', region('ips/allocate.go', 'newAllocatev4')],
    ['ips private', region('ips/private.go', 'newPrivate')],
    ['ips list', region('ips/list.go', 'newList')],
    ['deploy', region('deploy/deploy.go', 'New')],
    ['status', region('status/status.go', 'New')],
    ['logs', region('logs/logs.go', 'New')],
    ['ssh console', region('ssh/console.go', 'stdArgsSSH')],
    ['mpg create', region('mpg/create.go', 'newCreate')],
    ['mpg list', region('mpg/list.go', 'newList')],
    ['mpg status', region('mpg/status.go', 'newStatus')],
    ['mpg databases create', region('mpg/databases.go', 'newDatabasesCreate')],
    ['mpg databases list', region('mpg/databases.go', 'newDatabasesList')],
    ['mpg attach', region('mpg/attach.go', 'newAttach')],
    ['mpg proxy', region('mpg/proxy.go', 'newProxy')],
    ['mpg connect', region('mpg/connect.go', 'newConnect')],
    ['postgres create', region('postgres/create.go', 'newCreate')],
    ['postgres attach', region('postgres/attach.go', 'newAttach')],
    ['postgres connect', region('postgres/connect.go', 'newConnect')],
    ['proxy', region('proxy/proxy.go', 'New')],
  ];
  const root = tree(entries);
  const globalFlags = pflagFlags(
    goFunc(show(dir, 'internal/command/root/root.go'), 'New').replace(/\bfs\./g, 'flags.'),
    (s) => (/^"(.*)"$/.exec(s ?? '') ?? [])[1] ?? names.get((/^flagnames\.(\w+)$/.exec(s ?? '') ?? [])[1]),
  );
  return {
    cli: 'fly',
    programs: ['fly', 'flyctl'],
    style: 'cobra',
    errors: cobra('Error: ', 1),
    globalFlags: [...globalFlags, { name: 'help', short: 'h', takesValue: false }],
    root,
  };
}

/** render: the commands a deploy guide uses, from cmd/*.go. */
function render(dir) {
  const file = (name) => show(dir, `cmd/${name}.go`);
  const init = (name) => goFunc(file(name), 'init');
  const entries = [
    ['login', pflagFlags(init('login'))],
    ['blueprints validate', pflagFlags(init('blueprintvalidate'))],
    ['deploys create', pflagFlags(init('deploycreate'))],
    ['deploys list', pflagFlags(init('deploylist'))],
    ['services', pflagFlags(init('services') || file('services'))],
    ['restart', pflagFlags(init('restart'))],
    ['psql', pflagFlags(init('psql'))],
    ['workspace set', pflagFlags(init('workspaceset'))],
  ];
  // root.go names --confirm by a constant of pkg/command (command.ConfirmFlag = "confirm").
  const consts = goConstants(
    ls(dir, 'pkg/command')
      .map((f) => show(dir, f))
      .join('\n'),
  );
  const resolve = (s) => (/^"(.*)"$/.exec(s ?? '') ?? [])[1] ?? consts.get((/^command\.(\w+)$/.exec(s ?? '') ?? [])[1]);
  const globalFlags = pflagFlags(file('root').replace(/(rootCmd|root)\.PersistentFlags\(\)/g, 'Flags()'), resolve);
  return {
    cli: 'render',
    programs: ['render'],
    style: 'cobra',
    errors: cobra('Error: ', 1),
    globalFlags: [...globalFlags, { name: 'help', short: 'h', takesValue: false }],
    root: tree(entries),
  };
}

/** Indexes Go funcs and AddFlags methods of some folders, to follow kubectl's flag helpers. */
function goIndex(dirs) {
  const index = new Map();
  const consts = new Map();
  for (const [dir, folders] of dirs) {
    for (const folder of folders) {
      for (const f of ls(dir, folder)) {
        const text = show(dir, f);
        for (const [k, v] of goConstants(text)) consts.set(k, v);
        for (const m of text.matchAll(/\nfunc\s+(?:\(\w+\s+\*?(\w+)\)\s+)?(\w+)\s*\(/g)) {
          const key = m[1] ? `${m[1]}.${m[2]}` : m[2];
          if (!index.has(key)) index.set(key, goFunc(text, m[2] === 'AddFlags' ? `\\(\\w+ \\*?${m[1]}\\) AddFlags` : m[2]));
        }
      }
    }
  }
  return { index, consts };
}

/** Flags of a kubectl region, following cmdutil.AddX(cmd) helpers and X.AddFlags(cmd) methods. */
function kubeFlags(region, idx, depth = 0) {
  const val = (s) => (/^"(.*)"$/.exec(s ?? '') ?? [])[1] ?? idx.consts.get(s);
  const flags = pflagFlags(region, val);
  if (depth > 3) return flags;
  for (const m of region.matchAll(/cmdutil\.(Add\w+)\(/g)) flags.push(...kubeFlags(idx.index.get(m[1]) ?? '', idx, depth + 1));
  for (const m of region.matchAll(/\.(\w+)\.AddFlags\(/g)) flags.push(...kubeFlags(idx.index.get(`${m[1]}.AddFlags`) ?? '', idx, depth + 1));
  return dedupe(flags);
}

/** kubectl: the commands a deploy guide uses; global flags from cli-runtime's ConfigFlags. */
function kubectl(dir, runtimeDir) {
  const idx = goIndex([
    [
      dir,
      [
        'pkg/cmd/util',
        'pkg/cmd/delete',
        'pkg/cmd/apply',
        'pkg/cmd/get',
        'pkg/cmd/create',
        'pkg/cmd/rollout',
        'pkg/cmd/wait',
        'pkg/cmd/exec',
        'pkg/cmd/logs',
        'pkg/cmd/portforward',
        'pkg/cmd/run',
        'pkg/cmd/kustomize',
        'pkg/cmd/version',
        'pkg/cmd/top',
        'pkg/cmd/config',
        'pkg/cmd/apiresources',
        'pkg/cmd/patch',
      ],
    ],
    [runtimeDir, ['pkg/genericclioptions']],
  ]);
  const at = (file, fn) => kubeFlags(goFunc(show(dir, `pkg/cmd/${file}`), fn), idx);
  const applyFlags = kubeFlags(idx.index.get('ApplyFlags.AddFlags') ?? '', idx);
  const entries = [
    ['apply', applyFlags],
    ['create', at('create/create.go', 'NewCmdCreate'), { runnable: true }],
    ['create secret generic', at('create/create_secret.go', 'NewCmdCreateSecretGeneric')],
    ['create namespace', at('create/create_namespace.go', 'NewCmdCreateNamespace'), { aliases: ['ns'] }],
    ['create job', at('create/create_job.go', 'NewCmdCreateJob')],
    ['get', at('get/get.go', 'NewCmdGet')],
    ['rollout status', at('rollout/rollout_status.go', 'NewCmdRolloutStatus')],
    ['rollout restart', at('rollout/rollout_restart.go', 'NewCmdRolloutRestart')],
    // NewCmdWait calls flags.AddFlags(cmd), a method of WaitFlags (--for, --timeout, ...).
    ['wait', kubeFlags(`${goFunc(show(dir, 'pkg/cmd/wait/wait.go'), 'NewCmdWait')}\n${idx.index.get('WaitFlags.AddFlags') ?? ''}`, idx)],
    ['delete', kubeFlags(`${goFunc(show(dir, 'pkg/cmd/delete/delete.go'), 'NewCmdDelete')}\n${idx.index.get('DeleteFlags.AddFlags') ?? ''}`, idx)],
    ['patch', at('patch/patch.go', 'NewCmdPatch')],
    ['exec', at('exec/exec.go', 'NewCmdExec')],
    ['logs', at('logs/logs.go', 'NewCmdLogs'), { aliases: ['log'] }],
    ['port-forward', at('portforward/portforward.go', 'NewCmdPortForward')],
    ['run', at('run/run.go', 'NewCmdRun')],
    ['kustomize', at('kustomize/kustomize.go', 'NewCmdKustomize')],
    ['version', at('version/version.go', 'NewCmdVersion')],
    ['top node', at('top/top_node.go', 'NewCmdTopNode'), { aliases: ['nodes', 'no'] }],
    ['api-resources', at('apiresources/apiresources.go', 'NewCmdAPIResources')],
  ];
  const configFlags = kubeFlags(idx.index.get('ConfigFlags.AddFlags') ?? '', idx);
  const rootFlags = pflagFlags(goFunc(show(dir, 'pkg/cmd/cmd.go'), 'NewKubectlCommand'));
  return {
    cli: 'kubectl',
    programs: ['kubectl'],
    style: 'cobra',
    errors: {
      ...cobra('error: ', 1, "\nSee '{path} --help' for usage."),
      unknownCommand: { stderr: 'error: unknown command "{name}" for "{path}"', exitCode: 1 },
    },
    globalFlags: dedupe([...configFlags, ...rootFlags, { name: 'help', short: 'h', takesValue: false }]),
    root: tree(entries),
  };
}

/** docker: build/push/login from docker/cli; compose's commands and project flags from docker/compose. */
function docker(cliDir, composeDir) {
  const cliAt = (file, fn) => pflagFlags(goFunc(show(cliDir, file), fn));
  const compose = (name, fn) => pflagFlags(goFunc(show(composeDir, `cmd/compose/${name}.go`), fn));
  const projectFlags = pflagFlags(goFunc(show(composeDir, 'cmd/compose/compose.go'), 'addProjectFlags'));
  const rootFlags = pflagFlags(goFunc(show(composeDir, 'cmd/compose/compose.go'), 'RootCommand'));
  const entries = [
    ['build', cliAt('cli/command/image/build.go', 'newBuildCommand')],
    ['push', cliAt('cli/command/image/push.go', 'newPushCommand')],
    ['login', cliAt('cli/command/registry/login.go', 'newLoginCommand')],
    ['compose', [...projectFlags, ...rootFlags]],
    ['compose version', compose('version', 'versionCommand')],
    ['compose up', compose('up', 'upCommand')],
    ['compose down', compose('down', 'downCommand')],
    ['compose ps', compose('ps', 'psCommand')],
    ['compose logs', compose('logs', 'logsCommand')],
    ['compose exec', compose('exec', 'execCommand'), { interspersed: false }],
    ['compose run', compose('run', 'runCommand'), { interspersed: false }],
    ['compose build', compose('build', 'buildCommand')],
    ['compose config', compose('config', 'configCommand')],
  ];
  const root = tree(entries);
  // compose's project flags are persistent: every compose subcommand takes them.
  for (const child of Object.values(root.subcommands.compose.subcommands)) child.flags = dedupe([...child.flags, ...root.subcommands.compose.flags]);
  return {
    cli: 'docker',
    programs: ['docker'],
    style: 'cobra',
    errors: {
      ...cobra('', 125, "\n\nUsage:  {path} [OPTIONS]\n\nRun '{path} --help' for more information"),
      unknownCommand: { stderr: "docker: unknown command: {path} {name}\n\nRun 'docker --help' for more information", exitCode: 1 },
    },
    globalFlags: [{ name: 'help', short: 'h', takesValue: false }, ...pflagFlags(goFunc(show(cliDir, 'cli/flags/options.go'), 'InstallFlags'))],
    root,
  };
}

/** helm: `install` (the Gateway controller's install step) and `version`, from pkg/cmd + pkg/cli (Helm 4). */
function helm(dir) {
  const cmd = (name) => show(dir, `pkg/cmd/${name}.go`);
  const consts = goConstants(cmd('flags'));
  const resolve = (s) => (/^"(.*)"$/.exec(s ?? '') ?? [])[1] ?? consts.get(s);
  const at = (file, fn) => pflagFlags(goFunc(cmd(file), fn), resolve);
  const install = [
    ...at('install', 'newInstallCmd'),
    ...at('install', 'addInstallFlags'),
    ...at('flags', 'addValueOptionsFlags'),
    ...at('flags', 'addChartPathOptionsFlags'),
    ...at('flags', 'AddWaitFlag'),
    ...at('helpers', 'addDryRunFlag'),
    ...at('flags', 'bindOutputFlag'),
    ...at('flags', 'bindPostRenderFlag'),
  ];
  const root = tree([
    ['install', dedupe(install)],
    ['version', at('version', 'newVersionCmd')],
  ]);
  // Persistent flags of root.go: EnvSettings.AddFlags (klog's flags are added hidden and are not modelled).
  const globalFlags = pflagFlags(goFunc(show(dir, 'pkg/cli/environment.go'), '\\(s \\*EnvSettings\\) AddFlags'), resolve);
  return {
    cli: 'helm',
    programs: ['helm'],
    style: 'cobra',
    errors: cobra('Error: ', 1),
    globalFlags: [...globalFlags, { name: 'help', short: 'h', takesValue: false }],
    root,
  };
}

const [cli, dir, second] = process.argv.slice(2);
const builders = {
  railway: () => ({ ...railway(dir), source: origin(dir, 'railwayapp/cli') }),
  doctl: () => ({ ...doctl(dir), source: origin(dir, 'digitalocean/doctl') }),
  fly: () => ({ ...fly(dir), source: origin(dir, 'superfly/flyctl') }),
  render: () => ({ ...render(dir), source: origin(dir, 'render-oss/cli') }),
  kubectl: () => ({ ...kubectl(dir, second), source: origin(dir, 'kubernetes/kubectl'), source2: origin(second, 'kubernetes/cli-runtime') }),
  docker: () => ({ ...docker(dir, second), source: origin(dir, 'docker/cli'), source2: origin(second, 'docker/compose') }),
  helm: () => ({ ...helm(dir), source: origin(dir, 'helm/helm') }),
};
if (!builders[cli] || !dir) {
  process.stderr.write(`usage: extract.mjs <${Object.keys(builders).join('|')}> <git-dir> [<second git-dir>]\n`);
  process.exit(2);
}
// One line: the railway tree alone is large, and every stand-in call parses its table.
process.stdout.write(`${JSON.stringify({ generatedBy: `scripts/cli-tables/extract.mjs ${cli}`, ...builders[cli]() })}\n`);
