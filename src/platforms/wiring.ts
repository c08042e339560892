/**
 * Proof that generated files run: each platform has a resolver that reads its own generated files
 * back and answers, by that platform's documented rules, "from service A, where does this
 * variable lead?" and "is service S reachable from the internet?". `checkWiring` holds the
 * answers against the stack the files were generated from. Pure: files arrive as text.
 */
import type { Stack } from '../core/stack.js';

/** A generated file as text (the renderer's output, or a file read back from disk). */
export interface DeployedFile {
  path: string;
  contents: string;
}

/** Where a variable leads once the platform has filled in its references. */
export type Reach =
  /** Another service of the stack, on a port it listens on privately. */
  | { kind: 'service'; service: string; port: number }
  /** The public URL of a service of the stack, as a browser reaches it (its domain, or its path under a shared host). */
  | { kind: 'public'; service: string }
  /** A database: the instance (stack slug), the database inside it, and the schema. */
  | { kind: 'database'; instance: string; database: string; schema: string }
  /** A literal value, as the program will read it. */
  | { kind: 'literal'; value: string }
  /** A secret the user sets on the platform (no value in any file). */
  | { kind: 'secret' }
  /** Not set at all, or set to something that does not resolve; `why` says which rule failed. */
  | { kind: 'broken'; why: string };

/** What a platform's files say about the deployed stack. */
export interface WiringView {
  /** The stack's service slugs that the files deploy. */
  services(): string[];
  /** The variable `variable` of service `from` (a stack slug), as the platform resolves it. */
  reach(from: string, variable: string): Reach;
  /** Whether the service (a stack slug) can be reached from the internet. */
  isPublic(service: string): boolean;
  /** Ports the service is reachable on from the other services of the stack. */
  privatePorts(service: string): number[];
}

/** Reads one platform's generated files. */
export type WiringResolver = (files: readonly DeployedFile[], stack: Stack) => WiringView;

/** One way the files would not run. */
export interface WiringProblem {
  service: string;
  variable?: string;
  message: string;
}

/**
 * Every rule the issue names, against the stack the files came from:
 * - every reference reaches its target service on the port it named, which listens there privately;
 * - every public reference (a browser's URL) is its target's public URL, and the target is public;
 * - a service is public exactly when the stack says so (no private service on the internet);
 * - every database URL reaches the app's own database, and no two apps share a schema;
 * - every literal stays the literal it was (never emptied into a secret), every secret stays secret;
 * - every service of the stack is deployed.
 */
export function checkWiring(stack: Stack, view: WiringView): WiringProblem[] {
  const problems: WiringProblem[] = [];
  const deployed = new Set(view.services());
  const schemaOwners = new Map<string, string>();
  for (const s of stack.services) {
    if (!deployed.has(s.slug)) {
      problems.push({ service: s.slug, message: 'is not deployed by the generated files' });
      continue;
    }
    const pub = view.isPublic(s.slug);
    if (pub !== s.public)
      problems.push({
        service: s.slug,
        message: s.public ? 'should be public but is not reachable from the internet' : 'is private but reachable from the internet',
      });
    for (const e of s.env) {
      const r = view.reach(s.slug, e.name);
      const at = { service: s.slug, variable: e.name };
      if (r.kind === 'broken') {
        problems.push({ ...at, message: `does not resolve: ${r.why}` });
        continue;
      }
      if (e.ref?.public) {
        if (r.kind !== 'public' || r.service !== e.ref.service)
          problems.push({ ...at, message: `should be ${e.ref.service}'s public URL but is ${describe(r)}` });
        else if (!view.isPublic(e.ref.service))
          problems.push({ ...at, message: `is ${e.ref.service}'s public URL, but ${e.ref.service} is not reachable from the internet` });
        continue;
      }
      if (e.ref) {
        if (r.kind !== 'service' || r.service !== e.ref.service || r.port !== e.ref.port) {
          problems.push({ ...at, message: `should reach ${e.ref.service}:${e.ref.port} but reaches ${describe(r)}` });
        } else if (!view.privatePorts(e.ref.service).includes(e.ref.port)) {
          problems.push({ ...at, message: `reaches ${e.ref.service}:${e.ref.port}, but ${e.ref.service} does not listen there privately` });
        }
        continue;
      }
      if (e.from === 'database-url') {
        const own = s.database;
        if (!own) continue;
        if (r.kind !== 'database' || r.instance !== own.instance || r.database !== own.database) {
          problems.push({ ...at, message: `should reach database ${own.database} on ${own.instance} but reaches ${describe(r)}` });
          continue;
        }
        const key = `${r.instance}/${r.database}/${r.schema}`;
        const owner = schemaOwners.get(key);
        // Services that shared one database in the compose file are one app; any other sharing is a collision.
        if (owner && stack.services.find((x) => x.slug === owner)?.database?.database !== own.database) {
          problems.push({ ...at, message: `shares schema ${key} with ${owner}` });
        }
        if (!owner) schemaOwners.set(key, s.slug);
        continue;
      }
      if (e.from) continue;
      if (e.secret) {
        if (r.kind === 'literal') problems.push({ ...at, message: 'is a secret but the files hold its value' });
        continue;
      }
      if (e.value !== undefined) {
        if (r.kind !== 'literal' || r.value !== e.value)
          problems.push({ ...at, message: `should be the literal ${JSON.stringify(e.value)} but is ${describe(r)}` });
      }
    }
  }
  return problems;
}

function describe(r: Reach): string {
  switch (r.kind) {
    case 'service':
      return `${r.service}:${r.port}`;
    case 'public':
      return `${r.service}'s public URL`;
    case 'database':
      return `database ${r.database} (schema ${r.schema}) on ${r.instance}`;
    case 'literal':
      return `the literal ${JSON.stringify(r.value)}`;
    case 'secret':
      return 'a secret';
    case 'broken':
      return `nothing (${r.why})`;
  }
}
