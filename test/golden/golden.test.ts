/**
 * Golden files: one folder per scenario (`scenario.json` with the platform, answers and options,
 * and `expected/**` with real file extensions). Regenerate with `npm run golden:update` (the same
 * as `npx vitest run test/golden -u`) and review the diff like code.
 *
 * A test never writes a golden file: without an explicit update a missing expected file fails
 * (vitest's default would write it and pass whenever CI is unset, so a new file was never checked).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCompose } from '../../src/compose/import-compose.js';
import type { AnswersInput, PlatformId } from '../../src/core/answers.js';
import type { GenerateOptions } from '../../src/core/platform.js';
import { VERSION } from '../../src/version.js';
import { CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFile, diskLoader } from '../helpers/corpus.js';
import { generateFor } from '../helpers/generate.js';

interface Scenario {
  platform: PlatformId;
  answers: AnswersInput;
  options?: Partial<GenerateOptions>;
  /** A file of the shared compose corpus (../shared/corpus/compose) to start from. */
  compose?: string;
}

const root = import.meta.dirname;
const scenarios = readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory() && existsSync(join(root, d, 'scenario.json')));

/** Volatile values normalised before comparing: the package version and the random token. */
function normalise(text: string): string {
  return text.split(`stackfare ${VERSION}`).join('stackfare VERSION');
}

/** Whether this run was asked to rewrite the golden files (`-u`, as npm run golden:update runs it). */
function updating(): boolean {
  return expect.getState().snapshotState.snapshotUpdateState === 'all';
}

/** Compares with the expected file; writes it only under an explicit update, and a missing one fails. */
async function expectGolden(contents: string, expectedFile: string): Promise<void> {
  if (!updating() && !existsSync(expectedFile)) {
    expect.fail(`${relative(root, expectedFile)} is missing: it is generated now. Run "npm run golden:update" and review the new file like code.`);
  }
  await expect(contents).toMatchFileSnapshot(expectedFile);
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

describe('golden files', () => {
  it('has scenarios', () => {
    expect(scenarios.length).toBeGreaterThan(0);
  });

  for (const name of scenarios) {
    describe(name, () => {
      const scenario = JSON.parse(readFileSync(join(root, name, 'scenario.json'), 'utf8')) as Scenario;
      const expectedDir = join(root, name, 'expected');

      it.skipIf(scenario.compose !== undefined && !corpusAvailable)(
        `renders every expected file and no other${scenario.compose && !corpusAvailable ? ` (${CORPUS_SKIP_MESSAGE})` : ''}`,
        async () => {
          const source = scenario.compose
            ? (await importCompose({ file: corpusFile(scenario.compose), display: scenario.compose, load: diskLoader, env: {}, profiles: [] })).source
            : undefined;
          const { files } = await generateFor(
            scenario.platform,
            scenario.answers,
            { ...scenario.options, apiToken: scenario.options?.apiToken ?? null },
            source,
          );
          for (const f of files) {
            await expectGolden(normalise(f.contents), join(expectedDir, f.path));
          }
          const stale = listFiles(expectedDir).filter((p) => !files.some((f) => f.path === p));
          expect(stale, 'files in expected/ that are no longer generated').toEqual([]);
        },
      );
    });
  }
});
