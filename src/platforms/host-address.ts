/**
 * A value of a variable read as a host address (URL, host:port, host), in the short shape the Fly
 * and DigitalOcean wiring resolvers use, and whether it should be read as one.
 */

import { parseAddress as parseFullAddress } from './address.js';

/** A value that names a host: a URL, `host:port` or a bare host. */
export interface Address {
  scheme?: string;
  host: string;
  port?: number;
}

/**
 * Reads a value as a URL (`scheme://host[:port][/path]`), `host:port` or a bare host name; null for
 * anything else. The same reader as the Railway and Render resolvers (./address.ts), in the
 * shorter shape the Fly and DigitalOcean resolvers use.
 */
export function parseAddress(value: string): Address | null {
  const a = parseFullAddress(value);
  if (!a) return null;
  // Without a scheme only host:port or a bare host name count (no user, no path).
  if (a.scheme === null && (a.userinfo !== null || a.path !== '' || !/^[a-z0-9][a-z0-9.-]*$/i.test(a.host))) return null;
  return { ...(a.scheme !== null ? { scheme: a.scheme.toLowerCase() } : {}), host: a.host, ...(a.port !== null ? { port: a.port } : {}) };
}

/** Variable names that hold a host. */
const HOST_VARIABLE = /(HOST|HOSTS|HOSTNAME|SERVER|SERVERS|ADDR|ADDRESS|SEEDS|ENDPOINT|URL|URI)$/i;

/**
 * Whether an address should be read as one: a word that is also a service's name is a host only
 * where the value reads as one (a URL, host:port), the variable is host-named, or the stack holds
 * the variable as a reference. `CLICKHOUSE_USER=clickhouse` is a user name, not a host.
 */
export function readsAsHost(addr: Address, variable: string, isReference: boolean): boolean {
  return addr.scheme !== undefined || addr.port !== undefined || HOST_VARIABLE.test(variable) || isReference;
}

/** The default port of a URL scheme when the URL names none. */
export function defaultPort(scheme: string | undefined): number | undefined {
  if (scheme === 'http' || scheme === 'ws') return 80;
  if (scheme === 'https' || scheme === 'wss') return 443;
  return undefined;
}
