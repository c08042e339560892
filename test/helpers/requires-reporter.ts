/**
 * Says once, loudly, which machine requirements are missing (and what to install), and at the end
 * how many tests were skipped for each; also the one notice for the absent ../shared corpus.
 * Added beside vitest's default reporter in vitest.config.ts.
 */
import type { Reporter, TestModule } from 'vitest/node';
import { CORPUS_SKIP_MESSAGE, corpusAvailable } from './corpus.js';
import { has, IN_CI, NEEDS, type Requirement, skipMark } from './requires.js';

const ALL = Object.keys(NEEDS) as Requirement[];

function missingLine(r: Requirement, skipped?: number): string {
  const { what, install } = NEEDS[r];
  if (IN_CI) return `!! ${what} is missing: its tests FAIL in CI (CI=true). Install it: ${install}`;
  const count = skipped === undefined ? 'its tests are skipped' : `${skipped} test${skipped === 1 ? '' : 's'} skipped`;
  return `!! ${what} is missing: ${count}. Install it to run them: ${install}`;
}

/** The reporter (see the file's summary). */
export default class RequiresReporter implements Reporter {
  private readonly missing = ALL.filter((r) => !has(r));

  onInit(): void {
    for (const r of this.missing) process.stderr.write(`${missingLine(r)}\n`);
    if (!corpusAvailable) process.stderr.write(`compose corpus tests ${CORPUS_SKIP_MESSAGE}\n`);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    if (this.missing.length === 0) return;
    const counts = new Map<Requirement, number>(this.missing.map((r) => [r, 0]));
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        if (t.result().state !== 'skipped') continue;
        for (const r of this.missing) if (t.fullName.includes(skipMark(r))) counts.set(r, counts.get(r)! + 1);
      }
    }
    for (const r of this.missing) process.stderr.write(`${missingLine(r, IN_CI ? undefined : counts.get(r))}\n`);
  }
}
