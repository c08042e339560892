/**
 * The layers of src/, top to bottom: a module may import its own layer and the layers below it,
 * never one above. One list, read by .dependency-cruiser.cjs (which turns it into rules) and by
 * test/unit/architecture-doc.test.ts (which checks ARCHITECTURE.md names the same layers in the
 * same order). A path ending in / is a folder; any other path is one file. A file listed in a
 * lower layer wins over its folder.
 */
const LAYERS = [
  {
    name: 'entry',
    paths: ['src/cli.ts', 'src/main.ts', 'src/app.ts', 'src/compile-cache.ts'],
    what: 'the process: argv, exit codes, signals; app.ts dispatches to a command',
  },
  { name: 'commands', paths: ['src/commands/'], what: 'one file per command, standing on commands/context.ts' },
  {
    name: 'edges',
    paths: ['src/ui/', 'src/io/', 'src/db/', 'src/args.ts', 'src/interrupt.ts'],
    what: 'the outside world: terminal (wizard, views, printers), flags, disk, PostgreSQL',
  },
  { name: 'platforms', paths: ['src/platforms/'], what: 'one folder per target: model, estimate, files, wiring' },
  { name: 'stages', paths: ['src/compose/', 'src/render/'], what: 'compose file -> Stack; typed config -> file text' },
  { name: 'core', paths: ['src/core/'], what: 'answers, Stack, money, estimates, report, platform definition and capabilities' },
  { name: 'pricing', paths: ['src/pricing/'], what: 'the price book: schema, built-in prices, overrides' },
  {
    name: 'vocabulary',
    paths: ['src/errors.ts', 'src/version.ts', 'src/answer-values.ts', 'src/schema-errors.ts', 'src/yaml-data.ts'],
    what: 'names everyone shares (platform ids, tiers, regions), error classes and schema-error text, YAML limits, the version',
  },
];

/** The one module of a pure layer allowed to reach the disk layer, and why. */
const DECLARED_UPWARD = [];

/** Platform folders that reuse another platform's module by composition (kompose's OpenShift on Kubernetes). */
const DECLARED_REUSE = [
  { from: 'kubernetes', to: 'src/platforms/digitalocean/managed-db.ts', why: "DigitalOcean's managed Postgres: one plan choice, two targets" },
];

/** Files directly in src/platforms/ that may import every platform folder: the registries. */
const PLATFORM_REGISTRIES = ['src/platforms/index.ts', 'src/platforms/resolvers.ts'];

module.exports = { LAYERS, DECLARED_UPWARD, DECLARED_REUSE, PLATFORM_REGISTRIES };
