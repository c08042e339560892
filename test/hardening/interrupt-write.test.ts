/** Issue 12, item 2: an interrupt during a large write removes the folders it created and its temporary files. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { CancelledError } from '../../src/errors.js';
import { cleanupPendingWrites, writeFiles } from '../../src/io/write-files.js';

const base = mkdtempSync(join(tmpdir(), 'stackfare-interrupt-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

// Its own file: after an interrupt the writer refuses every later write in the process, as the CLI exits.
it('leaves no new folder and no .stackfare-tmp-* file behind, and keeps folders that were there', async () => {
  mkdirSync(join(base, 'out', 'kept'), { recursive: true });
  const files = Array.from({ length: 400 }, (_, i) => ({ path: `svc-${i}/deep/config-${i}.toml`, contents: `n = ${i}\n` }));
  files.push({ path: 'kept/file.txt', contents: 'x\n' });
  const write = writeFiles(files, join(base, 'out'), { force: false, dryRun: false, cwd: base });
  // Interrupt once the writer has created some folders.
  while (readdirSync(join(base, 'out')).length < 5) await new Promise((r) => setImmediate(r));
  await cleanupPendingWrites();
  await expect(write).rejects.toBeInstanceOf(CancelledError);
  expect(readdirSync(join(base, 'out'))).toEqual(['kept']);
  expect(readdirSync(join(base, 'out', 'kept'))).toEqual([]);
  expect(existsSync(join(base, 'out', 'svc-0'))).toBe(false);
});
