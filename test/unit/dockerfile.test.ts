import { describe, expect, it } from 'vitest';
import { commandWords, dockerInstructions, imagePathOf, readDockerfile } from '../../src/compose/dockerfile.js';

describe('readDockerfile', () => {
  it('reads the final stage: CMD, ENTRYPOINT, USER, WORKDIR and the context COPYs', () => {
    const facts = readDockerfile(`# syntax=docker/dockerfile:1
FROM python:3.13-slim AS base
WORKDIR /app
COPY pyproject.toml uv.lock ./
FROM base
COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /usr/local/bin/uv
COPY --chown=app:app alembic.ini ./
WORKDIR sub
ADD ["conf dir/", "/etc/app/"]
USER app:app
CMD ["uv", "run", \\
     "uvicorn", "api:app"]
`);
    expect(facts.from).toBe('base');
    expect(facts.workdir).toBe('/app/sub');
    expect(facts.user).toBe('app:app');
    expect(facts.cmd).toEqual({ exec: ['uv', 'run', 'uvicorn', 'api:app'] });
    expect(facts.entrypoint).toBeNull();
    // Inherited from the base stage, the --from copy left out, relative destinations resolved.
    expect(facts.copies.map((c) => [c.sources, c.dest])).toEqual([
      [['pyproject.toml', 'uv.lock'], '/app/'],
      [['alembic.ini'], '/app/'],
      [['conf dir'], '/etc/app/'],
    ]);
  });

  it('takes the shell form, and ENTRYPOINT resets an inherited CMD', () => {
    const facts = readDockerfile('FROM a AS one\nCMD python -m app\nFROM one\nENTRYPOINT ["poetry", "run"]\n');
    expect(facts.cmd).toBeNull();
    expect(commandWords(facts.entrypoint)).toEqual(['poetry', 'run']);
    expect(commandWords(readDockerfile('FROM a\nCMD python -m app').cmd)).toEqual(['python', '-m', 'app']);
  });

  it('skips comments inside continuations and heredoc bodies', () => {
    const list = dockerInstructions('FROM a\nRUN echo 1 \\\n# note\n  && echo 2\nRUN <<EOF\nCOPY nothing /here\nEOF\nUSER 1000\n');
    expect(list.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'RUN', 'USER']);
    expect(list[1]!.args).toBe('echo 1  && echo 2');
  });
});

describe('imagePathOf', () => {
  const facts = readDockerfile('FROM a\nWORKDIR /app\nCOPY config/ ./config/\nCOPY *.ini ./\nCOPY . /src\nCOPY one.txt /etc/one.conf\n');
  it('places a copied folder at its destination, and files under a folder by their base name', () => {
    expect(imagePathOf(facts, 'config', true)).toContain('/app/config');
    expect(imagePathOf(facts, './config/', true)).toContain('/app/config');
    expect(imagePathOf(facts, 'alembic.ini', false)).toContain('/app/alembic.ini');
    expect(imagePathOf(facts, 'config/app.yaml', false)).toContain('/app/config/app.yaml');
    expect(imagePathOf(facts, 'one.txt', false)).toContain('/etc/one.conf');
    // COPY . /src carries everything; nothing else lands at /app/prompts.
    expect(imagePathOf(facts, 'prompts', true)).toEqual(['/src/prompts']);
  });
  it('finds nothing for a path no COPY carries', () => {
    expect(imagePathOf(readDockerfile('FROM a\nCOPY app/ /app/\n'), 'prompts', true)).toEqual([]);
  });
});
