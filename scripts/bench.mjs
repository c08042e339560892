// `npm run bench`: start-up of the built CLI next to a bare `node` start (and the ratio the
// targets are set in: estimate, with and without a usage file, within 1.5x; the wizard's first prompt within 2x), the time to
// estimate stacks of 10, 100 and 1,000 services, and compose files of 100, 1,000 and 5,000
// services imported, estimated and rendered for all five platforms in one process (1,000 under
// 1 s, linear). Wall-clock medians over several runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const cli = resolve(root, process.env.STACKFARE_CLI ?? 'dist/cli.js');
const runs = Number(process.env.BENCH_RUNS ?? 15);
if (!existsSync(cli)) {
  console.error(`${cli} is missing: run "npm run build" first.`);
  process.exit(1);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

function timeCommand(args, options = {}) {
  return timeCommands([args], options)[0];
}

/**
 * Medians of several commands run in turn (a, b, c, a, b, c, ...), so that a slow spell of the
 * machine falls on all of them alike and their ratios hold.
 */
function timeCommands(list, options = {}) {
  const times = list.map(() => []);
  for (let i = 0; i < runs + 2; i++) {
    for (const [j, args] of list.entries()) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { encoding: 'utf8', ...options });
      const t = performance.now() - t0;
      if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      if (i >= 2) times[j].push(t); // two warm-up runs fill the file cache (and stackfare's compile cache)
    }
  }
  return times.map(median);
}

const rows = [];
// A usage file as stackfare measure writes it (the seed stack measured): sized from measurement.
const usageFile = resolve(root, 'test/fixtures/usage/seed.usage.json');
const [bare, estimate, table, measured] = timeCommands([
  ['-e', ''],
  [cli, 'estimate', '--format', 'json'],
  [cli, 'estimate'],
  [cli, 'estimate', '--format', 'json', '--usage', usageFile],
]);
rows.push(['`node -e ""` (bare start)', ms(bare), '']);
rows.push(['`stackfare estimate --format json`', ms(estimate), `+${ms(estimate - bare)} over bare node: ${(estimate / bare).toFixed(2)}× (target 1.5×)`]);
rows.push([
  '`stackfare estimate --format json --usage FILE`',
  ms(measured),
  `+${ms(measured - bare)} over bare node: ${(measured / bare).toFixed(2)}× (target 1.5×)`,
]);
rows.push(['`stackfare estimate` (table)', ms(table), `+${ms(table - bare)} over bare node`]);
// What a first run costs (nothing in the compile cache yet), measured with the cache turned off.
const [bare2, uncached] = timeCommands(
  [
    ['-e', ''],
    [cli, 'estimate', '--format', 'json'],
  ],
  { env: { ...process.env, STACKFARE_NO_COMPILE_CACHE: '1' } },
);
rows.push([
  '`stackfare estimate --format json`, compile cache off (a first run)',
  ms(uncached),
  `+${ms(uncached - bare2)} over bare node: ${(uncached / bare2).toFixed(2)}×`,
]);

// In-process estimate time for large stacks: bundle the core from src and call it directly.
const out = await build({
  stdin: {
    contents: `
      export { AnswersSchema } from './src/core/answers.ts';
      export { buildReport } from './src/core/report.ts';
      export { PLATFORMS } from './src/platforms/index.ts';
      export { builtinPriceBook } from './src/io/load-price-book.ts';
      export { composeOf, runScale } from './scripts/bench-scale.ts';
      export { loadTemplates } from './src/io/load-templates.ts';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'error',
  // Bundled CommonJS dependencies (yaml, handlebars) call require(), as in scripts/build.mjs.
  banner: { js: "import { createRequire as __sfCreateRequire } from 'node:module'; const require = __sfCreateRequire(import.meta.url);" },
});
const dir = mkdtempSync(join(tmpdir(), 'stackfare-bench-'));
const modPath = join(dir, 'core.mjs');
writeFileSync(modPath, out.outputFiles[0].text);
const core = await import(modPath);
const book = core.builtinPriceBook();
for (const n of [10, 100, 1000]) {
  const services = Array.from({ length: n }, (_, i) => ({
    name: `svc-${i}`,
    role: i % 3 === 0 ? 'api' : 'worker',
    image: 'example/app:1.0',
    port: 8000,
    memoryMb: [256, 512, 1024, 2048][i % 4],
    usesDatabase: i % 2 === 0,
  }));
  const answers = core.AnswersSchema.parse({ services, db: 'separate' });
  const times = [];
  for (let i = 0; i < Math.max(5, Math.floor(runs / 3)); i++) {
    const t0 = performance.now();
    core.buildReport({ answers, book, platforms: core.PLATFORMS });
    times.push(performance.now() - t0);
  }
  rows.push([`estimate ${n.toLocaleString('en-US')} services (every platform, in process)`, ms(median(times)), `${ms(median(times) / n)} per service`]);

  const file = join(dir, `answers-${n}.json`);
  writeFileSync(file, JSON.stringify({ services, db: 'separate' }));
  const wall = timeCommand([cli, 'estimate', '--answers', file, '--format', 'json'], { maxBuffer: 1 << 30 });
  rows.push([`\`stackfare estimate --answers\` with ${n.toLocaleString('en-US')} services`, ms(wall), 'whole CLI run']);
}
rmSync(dir, { recursive: true, force: true });

// Compose import → estimate → render every platform's files, in one process. The first run pays
// for compiling the templates; it is shown on its own, then the median of the runs after it
// (as many for 5,000 services as for the others: the growth ratio rests on both medians).
const templates = await core.loadTemplates(join(root, 'templates'));
const scaleRuns = Math.max(3, Math.floor(runs / 5));
let perService1000;
for (const n of [100, 1000, 5000]) {
  const text = core.composeOf(n);
  const all = [];
  for (let i = 0; i < scaleRuns + 1; i++) all.push(await core.runScale(text, templates, () => performance.now()));
  const [first, ...rest] = all;
  if (first.services !== n || first.platforms !== 5)
    throw new Error(`scale case of ${n}: imported ${first.services} services, priced ${first.platforms} platforms`);
  const med = (k) => median(rest.map((r) => r.ms[k]));
  const label = `compose of ${n.toLocaleString('en-US')} services: import, estimate, render all platforms (in process)`;
  if (n === 100) rows.push([`${label}, first run`, ms(first.ms.total), 'includes compiling the templates']);
  const target = n === 1000 ? `; target under 1 s: ${med('total') < 1000 ? 'met' : 'not met'}` : '';
  rows.push([
    label,
    ms(med('total')),
    `${ms(med('total') / n)} per service (import ${ms(med('import'))}, estimate ${ms(med('estimate'))}, render ${ms(med('render'))}; ${first.files.toLocaleString('en-US')} files${target})`,
  ]);
  if (n === 1000) perService1000 = med('total') / n;
  if (n === 5000)
    rows.push([
      'growth from 1,000 to 5,000 services',
      `${(med('total') / n / perService1000).toFixed(2)}×`,
      'time per service at 5,000 over that at 1,000 (1.00 = linear)',
    ]);
}

// Time to the wizard's first prompt, measured in a pseudo-terminal when that script is present.
const firstPrompt = join(root, 'scripts', 'bench-first-prompt.mjs');
if (existsSync(firstPrompt)) {
  const r = spawnSync(process.execPath, [firstPrompt], {
    encoding: 'utf8',
    env: { ...process.env, STACKFARE_CLI: cli, BENCH_RUNS: String(runs), BENCH_TSV: '1' },
  });
  if (r.status === 0) {
    for (const line of r.stdout.trim().split('\n')) {
      const [name, value, note] = line.split('\t');
      if (name && value) rows.push([name, value, note ?? '']);
    }
  } else console.error(`first-prompt benchmark failed: ${r.stderr}`);
}

console.log(`Node ${process.version}, ${runs} runs each, medians.\n`);
console.log('| Measure | Median | Note |\n| --- | ---: | --- |');
for (const [a, b, c] of rows) console.log(`| ${a} | ${b} | ${c} |`);
