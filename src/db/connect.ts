/**
 * Connections through node-postgres, loaded only by the commands that touch a database so
 * every other command starts as fast as before. Failures become user errors that name the
 * host, port and database and the likely cause, never the password.
 */
import type { Client, ClientConfig } from 'pg';
import { UserError } from '../errors.js';
import { type PgUrl, redact } from './url.js';

/** A connected client and how to close it. */
export interface PgConnection {
  client: Client;
  url: PgUrl;
  close(): Promise<void>;
}

/** The likely cause of a connection failure, worded for the user, with what to do. */
export function describeConnectionError(error: unknown, url: PgUrl, flag: string): UserError {
  const e = error as { code?: string; message?: string };
  const where = `${url.host}:${url.port}, database "${url.database}"`;
  const message = redact(e?.message ?? String(error), [url]);
  const fail = (cause: string, hint: string) => new UserError(`${flag}: cannot connect to ${where} (${url.masked}): ${cause}.`, { hint });
  switch (e?.code) {
    case 'ECONNREFUSED':
      return fail('connection refused', `Is the server running and listening on ${url.host}:${url.port}? Check the host and port in the URL.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return fail(
        `unknown host ${url.host}`,
        "Check the host name in the URL (a platform's private host name works only inside that platform: use its public URL).",
      );
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return fail('no answer (timed out)', 'Check the host and port, and that the database accepts connections from outside its platform.');
    case '28P01':
      return fail(`authentication failed for user "${url.user}"`, "Check the user and password in the URL (copy it again from the platform's dashboard).");
    case '3D000':
      return fail(`database "${url.database}" does not exist`, 'Create it first, or fix the database name after the last / of the URL.');
    case '28000':
      if (/ssl|encryption/i.test(message)) return fail('the server requires TLS', 'Add ?sslmode=require to the URL.');
      return fail(`access refused: ${message}`, "The server's pg_hba.conf does not let this user in from here.");
    default:
      if (/does not support SSL/i.test(message))
        return fail('the server does not support TLS', "Remove sslmode from the URL, or use the platform's TLS endpoint.");
      if (/self.signed|certificate|SSL|TLS/i.test(message))
        return fail(
          `TLS failed: ${message}`,
          "Check sslmode in the URL (sslmode=require with the platform's certificate, or no-verify for a self-signed one).",
        );
      if (/timeout/i.test(message))
        return fail('no answer (timed out)', 'Check the host and port, and that the database accepts connections from outside its platform.');
      return fail(message, 'Check the URL.');
  }
}

/**
 * node-postgres settings for a parsed URL: TLS as node-postgres reads sslmode and the certificate
 * parameters (from a URL that holds only those), every other part given explicitly, so no
 * connection string with the password is ever built.
 */
async function clientConfig(url: PgUrl, applicationName = 'stackfare'): Promise<ClientConfig> {
  const { parse } = await import('pg-connection-string');
  const tls = Object.entries(url.params).filter(([k]) => k.startsWith('ssl'));
  const parsed: { ssl?: unknown } = tls.length > 0 ? parse(`postgres://localhost/x?${new URLSearchParams(tls).toString()}`) : {};
  return {
    host: url.host,
    port: url.port,
    database: url.database,
    user: url.user,
    ...(url.password !== undefined ? { password: url.password } : {}),
    ...(parsed.ssl !== undefined ? { ssl: parsed.ssl as ClientConfig['ssl'] } : {}),
    ...(url.params.options ? { options: url.params.options } : {}),
    connectionTimeoutMillis: 15_000,
    application_name: applicationName,
  };
}

/** Opens a connection; throws a UserError naming what failed. */
export async function connect(url: PgUrl, flag: string, applicationName?: string): Promise<PgConnection> {
  const pg = (await import('pg')).default;
  const client = new pg.Client(await clientConfig(url, applicationName));
  // A connection dropped later must not crash the process with an unhandled 'error' event.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw describeConnectionError(error, url, flag);
  }
  return { client, url, close: () => client.end().catch(() => {}) };
}
