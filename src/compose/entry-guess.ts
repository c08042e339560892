/**
 * Which services face the internet by default, said in words, and a warning when the default
 * looks wrong: the rule (a service that publishes a port is public unless another service calls
 * it) can make a database pooler the only public service while the gateway in front of
 * everything is private because the other services call it (Supabase's compose file: supavisor
 * public, kong private).
 */

import type { Link } from '../core/stack.js';
import { type Warning, warning } from '../core/warnings.js';
import type { ImportedService } from './map-service.js';

/** Images and names of gateways, reverse proxies and web front ends: what browsers usually reach first. */
const GATEWAY = /(?:^|[-_/.])(kong|nginx|traefik|caddy|envoy|haproxy|apisix|tyk|krakend|gateway|ingress|proxy|frontend|web)(?:$|[-_/.:])/i;
/** Ports web UIs and HTTP APIs listen on. */
const WEB_PORTS = new Set([80, 443, 3000, 8000, 8080]);
/** How many names a sentence lists before "and N more". */
const LISTED = 5;

/** What the import says when the public default looks wrong: the rule in an assumption, and a warning. */
export interface EntryJudgement {
  assumptions: string[];
  warnings: Warning[];
}

/** Why a service looks like the entry (a gateway image or name, a web port), or null. */
export function entryLook(s: Pick<ImportedService, 'name' | 'image' | 'port'>): string | null {
  const image = s.image?.replace(/@.*$/, '');
  const named = GATEWAY.exec(image ?? '') ?? GATEWAY.exec(s.name);
  if (named) return `a gateway or web front end (${named[1]!.toLowerCase()})${s.port !== undefined ? ` on port ${s.port}` : ''}`;
  if (s.port !== undefined && WEB_PORTS.has(s.port)) return `a web server on port ${s.port}`;
  return null;
}

function listed(names: readonly string[]): string {
  if (names.length > LISTED) return `${names.slice(0, LISTED).join(', ')} and ${names.length - LISTED} more`;
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The callers of each service, by name, from the wiring. */
function callersOf(links: readonly Link[]): Map<string, string[]> {
  const callers = new Map<string, string[]>();
  for (const l of links) {
    if (l.from === l.to) continue;
    const list = callers.get(l.to) ?? [];
    if (!list.includes(l.from)) list.push(l.from);
    callers.set(l.to, list);
  }
  return callers;
}

/** When a private service looks more like the entry than every public one: the default explained, and a warning. */
export function judgeEntry(services: readonly ImportedService[], links: readonly Link[], display: string): EntryJudgement {
  const callers = callersOf(links);
  const open = services.filter((s) => s.public);
  const called = services.filter((s) => !s.public && callers.has(s.name));
  const assumptions = [
    `Public by default: a service that publishes a port and that no other service calls (${open.length > 0 ? listed(open.map((s) => s.name)) : 'none here'}). Private: the ones other services call${called.length > 0 ? ` (${listed(called.map((s) => s.name))})` : ''} and the ones that publish no port. --public NAME and --private NAME change it.`,
  ];
  if (open.some((s) => entryLook(s) !== null)) return { assumptions: [], warnings: [] };
  const entry = called.find((s) => entryLook(s) !== null);
  if (!entry) return { assumptions: [], warnings: [] };
  const others = open.map((s) => `${s.name}${s.port !== undefined ? ` (port ${s.port})` : ''}`);
  const message = `${entry.name} looks like the entry (${entryLook(entry)}) but is private, because ${listed(callers.get(entry.name)!)} call${callers.get(entry.name)!.length === 1 ? 's' : ''} it; ${others.length > 0 ? `${listed(others)} ${others.length === 1 ? 'is' : 'are'} the only public service${others.length === 1 ? '' : 's'}` : 'no service is public'}. Browsers and clients would not reach ${entry.name}.`;
  const fix = `If ${entry.name} is what people reach, add --public ${entry.name}${open.length > 0 ? ` (and --private ${open.map((s) => s.name).join(',')} for what should stay internal)` : ''}; or publish only the entry's port in ${display}.`;
  return { assumptions, warnings: [warning('compose.entry-private', 'warning', message, { service: entry.name, fix })] };
}
