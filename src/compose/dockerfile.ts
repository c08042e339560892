/**
 * A small Dockerfile reader: what the final stage of an image runs (CMD, ENTRYPOINT), as whom
 * (USER), where (WORKDIR) and which files of the build context it copies in (COPY, ADD). Pure:
 * the text arrives as an argument. It reads what a release command and a mount check need, not
 * the whole language (no ARG expansion, no heredoc bodies).
 */
import { posix } from 'node:path';

/** A program as the Dockerfile writes it: exec form (a JSON list) or shell form (one string). */
export type DockerCommand = { exec: string[] } | { shell: string };

/** One COPY or ADD of files from the build context. */
export interface DockerCopy {
  /** Sources relative to the build context, normalised (`.` is the whole context). */
  sources: string[];
  /** Destination, absolute (a relative one is resolved against WORKDIR); a trailing `/` kept. */
  dest: string;
  /** The instruction as written, for messages. */
  line: string;
}

/** What the final stage of a Dockerfile sets. */
export interface DockerfileFacts {
  /** The final stage's base (image or earlier stage name). */
  from: string | null;
  cmd: DockerCommand | null;
  entrypoint: DockerCommand | null;
  user: string | null;
  /** The working directory the program starts in (`/` when none is set). */
  workdir: string;
  copies: DockerCopy[];
}

const EMPTY: DockerfileFacts = { from: null, cmd: null, entrypoint: null, user: null, workdir: '/', copies: [] };

/** Logical instructions: comments dropped, `\` continuations joined, heredoc bodies skipped. */
export function dockerInstructions(text: string): { keyword: string; args: string }[] {
  const out: { keyword: string; args: string }[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let current = '';
  let heredoc: string | null = null;
  for (const raw of lines) {
    if (heredoc !== null) {
      if (raw.trim() === heredoc) heredoc = null;
      continue;
    }
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (current !== '' && line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    const m = /^([A-Za-z]+)\s*(.*)$/s.exec(current.trim());
    current = '';
    if (!m) continue;
    out.push({ keyword: m[1]!.toUpperCase(), args: m[2]!.trim() });
    const here = /<<-?["']?([A-Za-z_][A-Za-z0-9_]*)["']?/.exec(m[2]!);
    if (here && /^(RUN|COPY|ADD)$/i.test(m[1]!)) heredoc = here[1]!;
  }
  return out;
}

/** `["uv", "run", "app"]` → exec form; anything else → shell form. */
function command(args: string): DockerCommand {
  if (args.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(args);
      if (Array.isArray(parsed) && parsed.every((p) => typeof p === 'string')) return { exec: parsed as string[] };
    } catch {
      // Not valid JSON: Docker runs it in the shell form too.
    }
  }
  return { shell: args };
}

/** COPY/ADD operands without their flags; null when it copies from another stage or image. */
function copyOperands(args: string): string[] | null {
  const words: string[] = [];
  let rest = args;
  for (;;) {
    const flag = /^--([a-z-]+)(=\S*)?\s+/.exec(rest);
    if (!flag) break;
    if (flag[1] === 'from') return null;
    rest = rest.slice(flag[0].length);
  }
  if (rest.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(rest);
      if (Array.isArray(parsed) && parsed.every((p) => typeof p === 'string')) return parsed as string[];
    } catch {
      // Fall through to the plain form.
    }
  }
  for (const w of rest.split(/\s+/)) if (w) words.push(w);
  return words;
}

/** A context path as Docker resolves it: `./config/` → `config`, `.` stays. */
function contextPath(p: string): string {
  const n = posix.normalize(p.replace(/^\/+/, '')).replace(/\/+$/, '');
  return n === '' ? '.' : n;
}

/** Reads a Dockerfile's final stage; a stage built FROM an earlier one inherits what it set. */
export function readDockerfile(text: string): DockerfileFacts {
  const stages = new Map<string, DockerfileFacts>();
  let facts: DockerfileFacts = { ...EMPTY, copies: [] };
  for (const { keyword, args } of dockerInstructions(text)) {
    switch (keyword) {
      case 'FROM': {
        const words = args.split(/\s+/).filter((w) => !w.startsWith('--'));
        const base = words[0] ?? '';
        const parent = stages.get(base.toLowerCase());
        facts = parent ? { ...parent, copies: [...parent.copies], from: base } : { ...EMPTY, copies: [], from: base };
        if (words[1]?.toUpperCase() === 'AS' && words[2]) stages.set(words[2].toLowerCase(), facts);
        break;
      }
      case 'CMD':
        facts.cmd = command(args);
        break;
      case 'ENTRYPOINT':
        facts.entrypoint = command(args);
        // Docker resets an inherited CMD when ENTRYPOINT is set.
        facts.cmd = null;
        break;
      case 'USER':
        facts.user = args.split(/\s+/)[0] ?? null;
        break;
      case 'WORKDIR':
        facts.workdir = posix.resolve(facts.workdir, args.replace(/^["']|["']$/g, ''));
        break;
      case 'COPY':
      case 'ADD': {
        const operands = copyOperands(args);
        if (!operands || operands.length < 2) break;
        const rawDest = operands[operands.length - 1]!;
        const dest = rawDest.startsWith('/') ? rawDest : `${posix.resolve(facts.workdir, rawDest)}${rawDest.endsWith('/') || rawDest === '.' ? '/' : ''}`;
        const sources = operands
          .slice(0, -1)
          .filter((s) => !/^[a-z]+:\/\//i.test(s) && !s.startsWith('<<'))
          .map(contextPath);
        if (sources.length > 0) facts.copies.push({ sources, dest, line: `${keyword} ${args}` });
        break;
      }
    }
  }
  return facts;
}

/** A Dockerfile source glob (`*.ini`, `conf/?.yaml`) as a RegExp over context paths. */
function globRegex(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

/**
 * Where in the image a path of the build context ends up (absolute paths; none when no COPY or
 * ADD of the final stage carries it). A folder named as a source lands at the destination
 * itself (Docker copies a folder's contents); a file copied into a folder lands under its base name.
 */
export function imagePathOf(facts: DockerfileFacts, path: string, isFolder: boolean): string[] {
  const want = contextPath(path);
  const found: string[] = [];
  for (const c of facts.copies) {
    const many = c.sources.length > 1 || c.dest.endsWith('/');
    const destDir = c.dest.replace(/\/+$/, '') || '/';
    for (const source of c.sources) {
      if (source === '.') {
        found.push(posix.join(destDir, want));
      } else if (want === source || globRegex(source).test(want)) {
        found.push(many && !(isFolder && want === source) ? posix.join(destDir, posix.basename(want)) : destDir);
      } else if (want.startsWith(`${source}/`)) {
        found.push(posix.join(destDir, want.slice(source.length + 1)));
      }
    }
  }
  return [...new Set(found)];
}

/** The words of a program: exec form as is, shell form split on blanks. */
export function commandWords(c: DockerCommand | null): string[] {
  if (!c) return [];
  return 'exec' in c ? c.exec : c.shell.split(/\s+/).filter(Boolean);
}
