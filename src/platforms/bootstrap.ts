/**
 * Bootstrap steps of well-known images (data/images.json `bootstrap`): what a first deploy must
 * do once a service runs (LiteLLM's key for its callers, Phoenix's secret), rendered as DEPLOY.md
 * steps with each platform's way of running a command where the private service is reachable
 * and of setting a secret without the value in a command line. Pure.
 */
import { type BootstrapStep, imageRepository, imageRow } from '../compose/image-table.js';
import type { Service, Stack } from '../core/stack.js';
import { shell } from '../render/serialize.js';
import type { DeployStep } from '../render/stack-files.js';

/** One bootstrap step of one service of the stack, with the services it feeds. */
export interface BootstrapItem {
  step: BootstrapStep;
  service: Service;
  /** api-key: each calling service and the variable that receives its key. */
  callers: { slug: string; variable: string }[];
}

/** How a platform runs a bootstrap step. */
export interface BootstrapTarget {
  /**
   * Runs a program inside the running service: `argv` gives the whole command line for the
   * program's words (already quoted), `shell` the command that opens an interactive shell there
   * (the program is then typed in it).
   */
  exec(slug: string): { argv: (words: string[]) => string } | { shell: string };
  /** Commands that set `name` on `slug` from the shell variable `from`, the value never in a command line. */
  setSecret(slug: string, name: string, from: string): string[];
  /** What makes the services pick up new secrets, when setting them does not (a redeploy). */
  apply?(slugs: string[]): string[];
  /** Where the user signs in to a service (its public address), or null when it is private. */
  address(slug: string): string | null;
}

/** The bootstrap steps the stack's services need, in the stack's order then the table's. */
export function bootstrapItems(stack: Stack): BootstrapItem[] {
  const out: BootstrapItem[] = [];
  for (const s of stack.services) {
    const row = imageRow(s.image);
    if (!row?.bootstrap) continue;
    const repository = imageRepository(s.image!);
    for (const step of row.bootstrap) {
      if (step.repositories && !step.repositories.includes(repository)) continue;
      if (step.when && s.env.find((e) => e.name === step.when!.variable)?.value?.toLowerCase() !== step.when.equals) continue;
      const callers = step.action.kind === 'api-key' ? callersOf(stack, s, step.action.callerVariables) : [];
      if (step.action.kind === 'api-key' && callers.length === 0) continue;
      out.push({ step, service: s, callers });
    }
  }
  return out;
}

/**
 * The variables bootstrap steps set (`slug\u0000NAME`): a caller's key, a made secret. The
 * secrets step leaves them out, since the user does not hold their values beforehand.
 */
export function bootstrapFed(stack: Stack): Set<string> {
  const out = new Set<string>();
  for (const item of bootstrapItems(stack)) {
    for (const c of item.callers) out.add(`${c.slug}\u0000${c.variable}`);
    if (item.step.action.kind === 'secret') out.add(`${item.service.slug}\u0000${item.step.action.variable}`);
  }
  return out;
}

/** Services that reach `target` and hold one of `names` as a secret they set (the first name each has). */
function callersOf(stack: Stack, target: Service, names: readonly string[]): BootstrapItem['callers'] {
  const reaching = new Set(stack.links.filter((l) => l.to === target.slug).map((l) => l.from));
  return stack.services
    .filter((s) => s.slug !== target.slug && reaching.has(s.slug))
    .flatMap((s) => {
      const v = names.map((n) => s.env.find((e) => e.name === n && !e.from && !e.ref)).find((e) => e !== undefined);
      return v ? [{ slug: s.slug, variable: v.name }] : [];
    });
}

/**
 * The Python line that asks the service for a key on its own port, authenticated with its own
 * admin variable (read inside the container, so the admin key never leaves the platform), and
 * prints the new key. Python is what the LiteLLM image runs; curl is not in every image.
 */
export function keyRequestProgram(step: Extract<BootstrapStep['action'], { kind: 'api-key' }>, port: number, alias: string): string[] {
  const body = step.aliasField ? `{${JSON.stringify(step.aliasField)}:${JSON.stringify(alias)}}` : '{}';
  const program =
    'import json,os,urllib.request as u;' +
    `q=u.Request(${JSON.stringify(`http://127.0.0.1:${port}${step.path}`)},method=${JSON.stringify(step.method)},data=json.dumps(${body}).encode(),` +
    `headers={"Authorization":"Bearer "+os.environ[${JSON.stringify(step.authVariable)}],"Content-Type":"application/json"});` +
    `print(json.load(u.urlopen(q))[${JSON.stringify(step.resultField)}])`;
  return ['python3', '-c', program];
}

/** Shell variable that carries a made value between commands: `LITELLM_API_KEY` → `new_litellm_api_key`. */
const carrier = (name: string) => `new_${name.toLowerCase()}`;

function apiKeyStep(item: BootstrapItem, target: BootstrapTarget): DeployStep {
  const action = item.step.action as Extract<BootstrapStep['action'], { kind: 'api-key' }>;
  const s = item.service;
  const port = s.port ?? 4000;
  const exec = target.exec(s.slug);
  const commands: string[] = [];
  const remote: string[] = [];
  for (const c of item.callers) {
    const v = carrier(c.variable);
    const program = keyRequestProgram(action, port, c.slug);
    if ('argv' in exec) {
      commands.push(`${v}="$(${exec.argv(program)})"`);
    } else {
      remote.push(program.map(shell).join(' '));
      commands.push(`: "\${${c.variable}:?export ${c.variable} first: the key printed in the shell of ${s.slug} for ${c.slug}}"`);
    }
    commands.push(...target.setSecret(c.slug, c.variable, 'argv' in exec ? v : c.variable));
  }
  commands.push(...(target.apply?.(item.callers.map((c) => c.slug)) ?? []));
  const where =
    'argv' in exec
      ? `The first command runs inside ${s.slug} (its private port ${port} is reachable only there) and authenticates with its own ${action.authVariable}, so that key never leaves the platform; the key it prints goes straight into the caller's secret.`
      : `Open a shell in ${s.slug} (its private port ${port} is reachable only there) with "${exec.shell}", run the line below there (once per caller: ${item.callers.map((c) => c.slug).join(', ')}), then export the key it prints as ${item.callers[0]!.variable} here and run the commands.`;
  return {
    title: `${item.step.title} (${s.slug} → ${item.callers.map((c) => `${c.slug} ${c.variable}`).join(', ')})`,
    text: `${item.step.why} Needs ${s.slug} running with its database. ${where} ${action.masterKeyChoice} Source: ${item.step.source}`,
    // The interactive shell is named in the text, not run here: the commands below run on this machine.
    commands,
    ...(remote.length > 0 ? { remote: { where: s.slug, commands: remote } } : {}),
  };
}

function secretStep(item: BootstrapItem, target: BootstrapTarget): DeployStep {
  const action = item.step.action as Extract<BootstrapStep['action'], { kind: 'secret' }>;
  const v = carrier(action.variable);
  return {
    title: `${item.step.title} (${item.service.slug})`,
    text: `${item.step.why} The value is made here and set without appearing in a command line. Source: ${item.step.source}`,
    commands: [`${v}="$(${action.generate})"`, ...target.setSecret(item.service.slug, action.variable, v), ...(target.apply?.([item.service.slug]) ?? [])],
  };
}

function signInStep(item: BootstrapItem, target: BootstrapTarget): DeployStep {
  const address = target.address(item.service.slug);
  const where = address
    ? `Open ${address}.`
    : `${item.service.slug} is private: reach it through the platform's private network or make it public for the sign-in.`;
  return { title: `${item.step.title} (${item.service.slug})`, text: `${item.step.why} ${where} Source: ${item.step.source}`, commands: [] };
}

/** DEPLOY.md's bootstrap steps for the stack on one platform, in order. */
export function bootstrapSteps(stack: Stack, target: BootstrapTarget): DeployStep[] {
  return bootstrapItems(stack).map((item) => {
    switch (item.step.action.kind) {
      case 'api-key':
        return apiKeyStep(item, target);
      case 'secret':
        return secretStep(item, target);
      case 'sign-in':
        return signInStep(item, target);
      default: {
        // Unreachable while the switch covers every kind: the type check fails first if one is added.
        const action: never = item.step.action;
        throw new Error(`no bootstrap step for ${JSON.stringify(action)}`);
      }
    }
  });
}
