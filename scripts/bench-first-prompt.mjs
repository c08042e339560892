// Time from starting `stackfare` (no command) in a pseudo-terminal until its first prompt is on
// screen, next to a bare `node -e ""` start in the same harness. Wall-clock medians.
// STACKFARE_CLI picks the build (default dist/cli.js); BENCH_RUNS the number of runs.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stripVTControlCharacters } from 'node:util';
import pty from '@lydell/node-pty';

const root = resolve(import.meta.dirname, '..');
const cli = resolve(root, process.env.STACKFARE_CLI ?? 'dist/cli.js');
const runs = Number(process.env.BENCH_RUNS ?? 15);
const FIRST_PROMPT = 'What do you want to deploy?';
if (!existsSync(cli)) {
  console.error(`${cli} is missing: run "npm run build" first.`);
  process.exit(1);
}

const cwd = mkdtempSync(join(tmpdir(), 'stackfare-bench-'));
const env = { ...process.env, CI: 'false', TERM: 'xterm-256color' };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

/** Starts `node ...args` in a pty; resolves with the ms until `text` shows (or, without text, until exit). */
function timeOnce(args, text) {
  return new Promise((resolveTime, reject) => {
    const t0 = performance.now();
    const child = pty.spawn(process.execPath, args, { name: 'xterm-256color', cols: 100, rows: 40, cwd, env });
    let screen = '';
    let done = false;
    const timer = setTimeout(() => finish(new Error(`no "${text}" after 20 s:\n${stripVTControlCharacters(screen)}`)), 20_000);
    const finish = (error, t) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill();
      error ? reject(error) : resolveTime(t);
    };
    child.onData((d) => {
      screen += d;
      if (text && stripVTControlCharacters(screen).includes(text)) finish(undefined, performance.now() - t0);
    });
    child.onExit(() => (text ? finish(new Error(`exited before "${text}":\n${stripVTControlCharacters(screen)}`)) : finish(undefined, performance.now() - t0)));
  });
}

/** Medians of a bare start and of the CLI to its first prompt, run in turn so a slow spell hits both. */
async function measurePair() {
  const bareTimes = [];
  const firstTimes = [];
  for (let i = 0; i < runs + 2; i++) {
    const b = await timeOnce(['-e', '']);
    const f = await timeOnce([cli], FIRST_PROMPT);
    // Two warm-up runs fill the file cache (and stackfare's compile cache).
    if (i >= 2) {
      bareTimes.push(b);
      firstTimes.push(f);
    }
  }
  return [median(bareTimes), median(firstTimes)];
}

try {
  const [bare, first] = await measurePair();
  if (process.env.BENCH_TSV) {
    // Rows for scripts/bench.mjs: measure, median, note.
    console.log(`\`node -e ""\` in a pseudo-terminal (bare start)\t${ms(bare)}\t`);
    console.log(
      `\`stackfare\` to its first prompt (pseudo-terminal)\t${ms(first)}\t+${ms(first - bare)} over bare node: ${(first / bare).toFixed(2)}× (target 2×)`,
    );
  } else {
    console.log(`Median of ${runs} runs in a pseudo-terminal (${cli.replace(`${root}/`, '')}):`);
    console.log(`  node -e "" (bare start, to exit)      ${ms(bare)}`);
    console.log(`  stackfare, to its first prompt         ${ms(first)}  (+${ms(first - bare)} over bare node)`);
  }
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
