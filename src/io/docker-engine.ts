/**
 * A small client of the Docker Engine API (also served by Podman's compatible socket): GET
 * requests with JSON answers over the `DOCKER_HOST` socket (unix:// or tcp://), else
 * /var/run/docker.sock. One keep-alive connection pool, so sampling many containers every
 * second costs little. Errors name the socket and the fix.
 */
import { Agent, type RequestOptions, request } from 'node:http';
import { UserError } from '../errors.js';

/** Where the Engine API answers. */
interface DockerEndpoint {
  /** A unix socket path, or null for TCP. */
  socketPath: string | null;
  host: string;
  port: number;
  /** How to name it in messages: unix:///var/run/docker.sock. */
  label: string;
}

const DEFAULT_SOCKET = '/var/run/docker.sock';

/** The endpoint from DOCKER_HOST (unix:///path, tcp://host:port), else the default socket. */
export function dockerEndpoint(env: Readonly<Record<string, string | undefined>>): DockerEndpoint {
  const raw = env.DOCKER_HOST?.trim();
  if (!raw) return { socketPath: DEFAULT_SOCKET, host: 'localhost', port: 0, label: `unix://${DEFAULT_SOCKET}` };
  if (raw.startsWith('unix://')) {
    const path = raw.slice('unix://'.length);
    return { socketPath: path, host: 'localhost', port: 0, label: raw };
  }
  const tcp = /^(?:tcp|http):\/\/([^:/]+|\[[^\]]+\])(?::(\d+))?\/?$/.exec(raw);
  if (tcp) return { socketPath: null, host: tcp[1]!.replace(/^\[|\]$/g, ''), port: Number(tcp[2] ?? 2375), label: raw };
  throw new UserError(`DOCKER_HOST="${raw}" is not a unix:// socket or a tcp://host:port address.`, {
    hint: 'For example: DOCKER_HOST=unix:///var/run/docker.sock (Podman: unix://$XDG_RUNTIME_DIR/podman/podman.sock). ssh:// and TLS hosts: forward the socket first (ssh -L).',
  });
}

/** The Docker Engine API over one endpoint. */
export class DockerClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 16 });

  constructor(readonly endpoint: DockerEndpoint) {}

  /** GET path → parsed JSON; a 404 is `null` (the container is gone). */
  async get<T>(path: string, timeoutMs = 30_000): Promise<T | null> {
    const { status, body } = await this.send(path, timeoutMs);
    if (status === 404) return null;
    if (status < 200 || status >= 300) {
      const message = safeMessage(body);
      throw new UserError(`The Docker Engine at ${this.endpoint.label} answered ${status} to GET ${path}${message ? `: ${message}` : ''}.`);
    }
    try {
      return JSON.parse(body) as T;
    } catch {
      throw new UserError(`The Docker Engine at ${this.endpoint.label} answered GET ${path} with something that is not JSON.`, {
        hint: 'Is DOCKER_HOST the Docker (or Podman) API socket?',
      });
    }
  }

  /** Closes the pooled connections. */
  close(): void {
    this.agent.destroy();
  }

  private send(path: string, timeoutMs: number): Promise<{ status: number; body: string }> {
    const e = this.endpoint;
    const options: RequestOptions = { method: 'GET', path, agent: this.agent, headers: { Host: 'docker', Accept: 'application/json' } };
    if (e.socketPath) options.socketPath = e.socketPath;
    else Object.assign(options, { host: e.host, port: e.port });
    return new Promise((resolve, reject) => {
      const req = request(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => reject(this.connectionError(err)));
      });
      req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer in ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })));
      req.on('error', (err) => reject(this.connectionError(err)));
      req.end();
    });
  }

  private connectionError(err: Error & { code?: string }): UserError {
    const where = this.endpoint.label;
    if (err.code === 'EACCES' || err.code === 'EPERM') {
      return new UserError(`Permission denied on the Docker socket ${where}.`, {
        hint: 'Add your user to the docker group (sudo usermod -aG docker "$USER", then log in again), or run with a DOCKER_HOST you may use.',
      });
    }
    if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED' || err.code === 'ENOTSOCK' || err.code === 'ETIMEDOUT' || err.code === 'ECONNRESET') {
      return new UserError(`Cannot reach the Docker Engine at ${where} (${err.code}): is Docker running?`, {
        hint: 'Start Docker (or Podman: systemctl --user start podman.socket), or set DOCKER_HOST to its socket, such as DOCKER_HOST=unix:///run/user/1000/podman/podman.sock.',
      });
    }
    return new UserError(`The Docker Engine at ${where} failed: ${err.message}.`);
  }
}

function safeMessage(body: string): string {
  try {
    const m = (JSON.parse(body) as { message?: unknown }).message;
    return typeof m === 'string' ? m.slice(0, 300) : '';
  } catch {
    return '';
  }
}
