/**
 * The dependency rules of src/ (npm run lint runs `depcruise src`): no import cycle, file or folder;
 * no import of a higher layer (scripts/layers.cjs lists them, ARCHITECTURE.md explains them); the
 * pure folders reach no disk, process or terminal module at any depth; platform folders reuse each
 * other only where declared. Type-only imports count everywhere: a type cycle is still a knot.
 */
const { LAYERS, DECLARED_UPWARD, DECLARED_REUSE, PLATFORM_REGISTRIES } = require('./scripts/layers.cjs');

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A path of layers.cjs as a regular expression: a folder matches everything under it. */
const pattern = (p) => `^${esc(p)}${p.endsWith('/') ? '' : '$'}`;
const filesOf = (layer) => layer.paths.filter((p) => !p.endsWith('/'));

/** `from` of layer i: its paths, minus single files that a lower layer claims out of its folders. */
function fromOf(i) {
  const claimedBelow = LAYERS.slice(i + 1).flatMap(filesOf);
  return { path: LAYERS[i].paths.map(pattern), pathNot: claimedBelow.map(pattern) };
}

/** One rule per layer: nothing in it imports a layer above it (declared exceptions aside). */
const layerRules = LAYERS.slice(1).map((layer, k) => {
  const i = k + 1;
  const above = LAYERS.slice(0, i);
  const from = fromOf(i);
  const allowed = DECLARED_UPWARD.filter((d) => from.path.some((re) => new RegExp(re).test(d.from)));
  return {
    name: `layer-${layer.name}`,
    comment: `${layer.name} (${layer.paths.join(', ')}) imports only its own layer and the ones below: not ${above.map((l) => l.name).join(', ')}.`,
    severity: 'error',
    from: allowed.length > 0 ? { ...from, pathNot: [...from.pathNot, ...allowed.map((d) => pattern(d.from))] } : from,
    // A file a lower layer claims out of a higher folder (core/answer-values.ts) is not "above".
    to: { path: above.flatMap((l) => l.paths).map(pattern), pathNot: LAYERS.slice(i).flatMap(filesOf).map(pattern) },
  };
});

/** The declared exceptions still may not go above the layer they are allowed into. */
const exceptionRules = DECLARED_UPWARD.map((d, n) => {
  const target = LAYERS.findIndex((l) => l.paths.some((p) => d.to.startsWith(p)));
  return {
    name: `declared-upward-${n + 1}`,
    comment: `${d.from} may import ${d.to} (${d.why}), nothing higher.`,
    severity: 'error',
    from: { path: pattern(d.from) },
    to: {
      path: LAYERS.slice(0, target)
        .flatMap((l) => l.paths)
        .map(pattern),
    },
  };
});

const NODE_IO = '^(node:)?(fs|fs/promises|child_process|os|net|http|https|readline|readline/promises|tty|worker_threads|cluster|dgram|dns|process|v8|vm)$';
const UI_PACKAGES = '^node_modules/(ink|react|@clack/prompts)/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'No import cycle between files; type-only imports count (a type that both sides need lives in the lower one).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      comment: 'No cycle between folders either (compose <-> io, render <-> ui): a folder is a unit one can read on its own.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...layerRules,
    ...exceptionRules,
    {
      name: 'pure-no-io-at-any-depth',
      comment:
        'core/, compose/, render/ and platforms/ never reach the disk, the process or a terminal module, not even through a helper: ' +
        'those arrive as arguments (a reachability rule, so a module two imports away counts).',
      severity: 'error',
      from: { path: '^src/(core|compose|render|platforms)/' },
      to: { path: [NODE_IO, UI_PACKAGES], reachable: true },
    },
    {
      name: 'platforms-apart',
      comment: 'A platform folder does not import another platform folder, except the reuse declared in scripts/layers.cjs.',
      severity: 'error',
      from: { path: '^src/platforms/([^/]+)/' },
      to: {
        path: '^src/platforms/[^/]+/',
        pathNot: ['^src/platforms/$1/', ...DECLARED_REUSE.map((d) => pattern(d.to))],
      },
    },
    ...DECLARED_REUSE.map((d, n) => ({
      name: `declared-reuse-${n + 1}`,
      comment: `Only ${d.from} reuses ${d.to} (${d.why}).`,
      severity: 'error',
      from: { path: '^src/platforms/[^/]+/', pathNot: `^src/platforms/(${esc(d.from)}|${esc(d.to.split('/')[2])})/` },
      to: { path: pattern(d.to) },
    })),
    {
      name: 'platform-shared-code-is-neutral',
      comment: 'The files shared by every platform (src/platforms/*.ts) know no particular platform; only the registries list them.',
      severity: 'error',
      from: { path: '^src/platforms/[^/]+\\.ts$', pathNot: PLATFORM_REGISTRIES.map(pattern) },
      to: { path: '^src/platforms/[^/]+/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|test/golden/.*/expected)/' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
