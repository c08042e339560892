/**
 * Mistakes are mistakes: a service name the stack does not have, one service both public and
 * private, a thousands separator in --users, a number too large to hold, a compose file with a
 * key written twice. Each stops the run with the fix (exit 2 on the command line, 1 in a file).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'stackfare-mistakes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SERVICES = 'Services: reasoning-api, tools-api, litellm, phoenix.';

describe('service names on the command line exit 2 with the valid names', () => {
  it.each([
    [['--public', 'litellm', '--private', 'litellm'], '--private names "litellm", which public also names: a service is either public or private.'],
    [['--public', 'nosuch'], '--public names "nosuch", which is not a service of this stack.'],
    [['--private', 'reasoning-api,nosuch'], '--private names "nosuch", which is not a service of this stack.'],
    [['--no-phoenix', '--public', 'phoenix'], '--public names "phoenix", which is left out of this stack (--no-phoenix).'],
  ])('estimate %j', async (args, message) => {
    const r = await runCli(['estimate', ...args], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(args.includes('--no-phoenix') ? 'Services: reasoning-api, tools-api, litellm.' : SERVICES);
    expect(r.stdout).toBe('');
  });

  it('--service with an unknown name, on estimate and generate; postgres is a valid name', async () => {
    for (const command of [['estimate'], ['generate', '--platform', 'fly', '--out', join(dir, 'out')]]) {
      const r = await runCli([...command, '--service', 'nosuch:instances=2'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--service names "nosuch", which is not a service of this stack.');
      expect(r.stderr).toContain('Services: reasoning-api, tools-api, litellm, phoenix, postgres.');
    }
    expect((await runCli(['estimate', '--service', 'postgres:memory=2048'], dir)).code).toBe(0);
  });

  it('the same names in an answers file exit 1, naming the file and the field', async () => {
    const file = join(dir, 'answers.yaml');
    writeFileSync(file, 'public: [litellm]\nprivate: [litellm]\n');
    const r = await runCli(['estimate', '--answers', file], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: private names "litellm", which public also names`);
    expect(r.stderr).toContain('Fix private in the file.');
    writeFileSync(file, 'serviceOverrides:\n  nosuch: { instances: 2 }\n');
    const o = await runCli(['estimate', '--answers', file], dir);
    expect(o.code).toBe(1);
    expect(o.stderr).toContain(`${file}: serviceOverrides names "nosuch", which is not a service of this stack.`);
  });
});

describe('--users', () => {
  it('"1,000" is read as a thousands separator mistake, with the figure to write', async () => {
    const r = await runCli(['estimate', '--tier', 'multi-user', '--users', '1,000'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--users "1,000": a comma separates users figures (--users 100,1000), so this reads as 1 and 000.');
    expect(r.stderr).toContain('For one thousand write --users 1000.');
    expect((await runCli(['estimate', '--tier', 'multi-user', '--users', '100,1000'], dir)).code).toBe(0);
  });

  it('a figure past 2^53 is refused instead of echoed as another number', async () => {
    const r = await runCli(['estimate', '--tier', 'multi-user', '--users', '9007199254740993'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--users "9007199254740993" is too large to count exactly');
    expect(r.stdout).not.toContain('9,007,199,254,740,992');
  });
});

describe('compose files are read whole', () => {
  it('a service key written twice is an error naming the key and both lines', async () => {
    const file = join(dir, 'dup.yaml');
    writeFileSync(file, 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n  api:\n    image: x\n  web:\n    image: y\n');
    for (const command of ['import', 'estimate']) {
      const r = await runCli(command === 'import' ? ['import', file] : ['estimate', '--compose', file], dir);
      expect(r.code, command).toBe(1);
      expect(r.stderr).toContain('has the key "web" twice in services (lines 2 and 7)');
      expect(r.stderr).toContain('docker compose refuses the file');
    }
  });

  it('a key twice inside one service is named with its service; merge keys may repeat', async () => {
    const file = join(dir, 'dup2.yaml');
    writeFileSync(file, 'x-a: &a\n  restart: always\nx-b: &b\n  init: true\nservices:\n  web:\n    <<: *a\n    <<: *b\n    image: nginx\n    image: other\n');
    const r = await runCli(['import', file], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has the key "image" twice in services.web (lines 9 and 10)');
  });
});

describe('a compose service that cannot be mapped stops the run instead of disappearing', () => {
  it('a service name over 200 characters is an error naming it, on import, estimate and generate', async () => {
    const file = join(dir, 'long.yaml');
    const name = 'a'.repeat(210);
    writeFileSync(file, `services:\n  ${name}:\n    image: nginx\n    ports: ["80:80"]\n  api:\n    image: x\n`);
    for (const args of [
      ['import', file],
      ['estimate', '--compose', file],
      ['generate', '--platform', 'fly', '--compose', file, '--out', join(dir, 'long-out')],
    ]) {
      const r = await runCli(args, dir);
      expect(r.code, args[0]).toBe(1);
      expect(r.stderr).toContain(`service "${'a'.repeat(57)}... (210 characters)" cannot be mapped (name): at most 200 characters.`);
      expect(r.stderr).toContain('Give the service a shorter name');
    }
  });
});
