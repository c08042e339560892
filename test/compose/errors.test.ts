/**
 * Files that cannot be imported give one clear UserError (exit 1) naming the file and, for
 * YAML errors, the line; command-line misuse gives a UsageError (exit 2).
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/app.js';
import type { AppDeps } from '../../src/commands/context.js';
import { UsageError, UserError } from '../../src/errors.js';
import { readComposeImport } from '../../src/io/read-compose.js';
import { memoryReadFile } from '../helpers/corpus.js';

const CWD = '/work/proj';

function deps(files: Record<string, string>, readFile = memoryReadFile(files)): AppDeps {
  return {
    stdout: { write: () => true },
    stderr: { write: () => true },
    stdin: Readable.from([]) as AppDeps['stdin'],
    env: {},
    cwd: CWD,
    readFile,
  };
}

async function importError(text: string | undefined, name = 'compose.yaml', readFile?: AppDeps['readFile']): Promise<UserError> {
  const files = text === undefined ? {} : { [`${CWD}/${name}`]: text };
  const error = await readComposeImport(name, { profiles: [], env: {}, cwd: CWD, readFile: readFile ?? memoryReadFile(files) }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  expect(error).not.toBeInstanceOf(UsageError);
  expect((error as UserError).exitCode).toBe(1);
  return error as UserError;
}

describe('files that are not importable', () => {
  it('invalid YAML: the file and the line', async () => {
    const e = await importError('services:\n  web:\n    image: "unclosed\n    ports: [1\n', 'bad.yml');
    expect(e.message).toContain('bad.yml');
    expect(e.message).toMatch(/not valid YAML at line \d+, column \d+/);
    expect(e.hint).toBeTruthy();
  });

  it('a tab-indented file reports its line', async () => {
    const e = await importError('services:\n  web:\n\timage: nginx\n');
    expect(e.message).toMatch(/line 3/);
  });

  it('a YAML list is not a compose file', async () => {
    const e = await importError('- a\n- b\n');
    expect(e.message).toBe('compose.yaml is not a compose file: its top level is a list, not a mapping with services:.');
  });

  it('a mapping without services: is not a compose file', async () => {
    const e = await importError('name: x\nversion: "3"\n');
    expect(e.message).toContain('has no services: section (top-level keys: name, version)');
  });

  it('services: that is not a mapping, or empty', async () => {
    expect((await importError('services:\n  - web\n')).message).toContain('services: must be a mapping');
    expect((await importError('services: {}\n')).message).toContain('defines no services');
  });

  it('an empty file, or one with only comments', async () => {
    expect((await importError('')).message).toBe('The compose file compose.yaml is empty.');
    expect((await importError('   \n')).message).toBe('The compose file compose.yaml is empty.');
    expect((await importError('# nothing here\n')).message).toContain('is empty (it has only comments)');
  });

  it('a missing, unreadable or folder path', async () => {
    expect((await importError(undefined, 'missing.yml')).message).toBe('Cannot read the compose file missing.yml: no such file.');
    const denied = async () => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    };
    expect((await importError(undefined, 'locked.yml', denied)).message).toBe('Cannot read the compose file locked.yml: permission denied.');
    const folder = async () => {
      throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    };
    const e = await importError(undefined, 'deploy', folder);
    expect(e.message).toBe('Cannot read the compose file deploy: it is a folder.');
    expect(e.hint).toContain('deploy/compose.yaml');
  });

  it('an extended file that is not valid YAML names that file', async () => {
    const e = await readComposeImport('compose.yaml', {
      profiles: [],
      env: {},
      cwd: CWD,
      readFile: memoryReadFile({
        [`${CWD}/compose.yaml`]: 'services:\n  a: { extends: { file: base.yml, service: a } }\n',
        [`${CWD}/base.yml`]: 'services: [\n',
      }),
    }).catch((x: unknown) => x as UserError);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toContain('base.yml is not valid YAML');
  });
});

describe('the import command line', () => {
  it('exits 1 through run() for a missing file (the entry maps UserError to its exit code)', async () => {
    await expect(run(['import', 'nope.yml'], deps({}))).rejects.toMatchObject({ name: 'UserError', exitCode: 1 });
  });

  it('takes at most one file: more is a usage error (exit 2)', async () => {
    await expect(run(['import', 'a.yml', 'b.yml'], deps({}))).rejects.toBeInstanceOf(UsageError);
    await expect(run(['import', 'a.yml', 'b.yml'], deps({}))).rejects.toMatchObject({ exitCode: 2 });
  });

  it('without a file, lists the names it looked for', async () => {
    const error = await run(['import'], deps({})).catch((e: unknown) => e as UserError);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(1);
    expect((error as UserError).message).toBe(`No compose file in ${CWD}: looked for compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml.`);
  });

  it('estimate --compose with a bad file fails the same way', async () => {
    const error = await run(['estimate', '--compose', 'bad.yml'], deps({ [`${CWD}/bad.yml`]: '- not\n- compose\n' })).catch((e: unknown) => e as UserError);
    expect(error).toMatchObject({ exitCode: 1 });
    expect((error as UserError).message).toContain('bad.yml is not a compose file');
  });
});
