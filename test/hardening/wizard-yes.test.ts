/** Issue 12, item 6: a compose file in the folder is the default source, with --yes as in the wizard. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../helpers/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'stackfare-yes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('--yes in a folder with compose.yaml prices and replays the compose file, not the built-in stack', async () => {
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n');
  const r = await runCli(['--yes', '--platform', 'render', '--dry-run'], dir);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain('Using the compose file compose.yaml found in this folder');
  expect(r.stdout).toContain('1 service, no Postgres');
  expect(r.stdout).not.toContain('reasoning-api');
  expect(r.stdout).toMatch(/Run it again without prompts:\n {2}stackfare generate --platform render .*--compose compose\.yaml/);
});
