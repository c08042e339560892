/**
 * shellcheck passes on every shell script stackfare generates, for every platform, for the built-in
 * stack and the seed-like fixture (the DEPLOY.md blocks are checked by test/e2e/rehearsal.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlatformId } from '../../src/core/answers.js';
import { cleanup, prepare } from '../helpers/rehearsal/harness.js';
import { IN_CI, SHELLCHECK, shellcheckFile, shellcheckNotice } from '../helpers/shellcheck.js';

const PLATFORMS: PlatformId[] = ['railway', 'fly', 'render', 'digitalocean', 'local', 'kubernetes'];

/** Files the generator wrote into the project copy (the fixture itself is committed there). */
function generatedFiles(project: string): string[] {
  const r = spawnSync('git', ['status', '--porcelain', '-uall'], { cwd: project, encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(3));
}

describe('shellcheck on the generated scripts', () => {
  shellcheckNotice();
  it.runIf(IN_CI && !SHELLCHECK)('shellcheck is installed in CI', () => {
    expect.fail('shellcheck is missing: CI must install it (apt-get install -y shellcheck)');
  });
  for (const stack of ['builtin', 'seed'] as const) {
    it.skipIf(!SHELLCHECK).each(PLATFORMS)(`%s (${stack}): every generated shell script passes`, (platform) => {
      const r = prepare(platform, stack);
      try {
        const scripts = generatedFiles(r.project).filter(
          (f) => f.endsWith('.sh') || /^#!.*\b(ba)?sh\b/.test(readFileSync(join(r.project, f), 'utf8').split('\n')[0] ?? ''),
        );
        if (platform === 'local') expect(scripts.length, 'backup.sh and restore.sh').toBeGreaterThanOrEqual(2);
        const findings = scripts.map((f) => [f, shellcheckFile(join(r.project, f))]).filter(([, out]) => out);
        expect(findings).toEqual([]);
      } finally {
        cleanup(r);
      }
    });
  }
});
