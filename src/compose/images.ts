/** Image references: what a container is (Postgres, Redis, a proxy...) and whether its tag is pinned. */

export interface ImageRef {
  raw: string;
  /** Repository without tag or digest, such as `ghcr.io/immich-app/postgres`. */
  repository: string;
  /** Last path segment of the repository, lower-case: `postgres`. */
  name: string;
  tag?: string;
  digest?: string;
}

/** Splits `registry/org/name:tag@sha256:...`; null when nothing usable is left (an unset variable). */
export function parseImage(raw: string): ImageRef | null {
  let rest = raw.trim();
  if (rest === '') return null;
  const ref: ImageRef = { raw, repository: '', name: '' };
  const at = rest.indexOf('@');
  if (at !== -1) {
    ref.digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    ref.tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (rest === '') return null;
  ref.repository = rest;
  ref.name = (rest.split('/').pop() ?? rest).toLowerCase();
  return ref;
}

/** Whether the reference is one Docker would accept (the Sphinx placeholder `:|version|` is not). */
export function isValidImage(ref: ImageRef): boolean {
  const repoOk = /^[a-z0-9][a-z0-9._\-/:]*$/.test(ref.repository);
  // An empty tag (an unset variable) is reported as unpinned, not as invalid.
  const tagOk = ref.tag === undefined || ref.tag === '' || /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(ref.tag);
  return repoOk && tagOk;
}

/** The image to deploy: as written, less an empty tag left by an unset variable (Docker rejects `name:`). */
export function deployableImage(ref: ImageRef): string {
  if (ref.tag !== '') return ref.raw.trim();
  return ref.digest ? `${ref.repository}@${ref.digest}` : ref.repository;
}

/** Why the tag does not pin a version, or null when it does (a digest pins too). */
export function unpinnedTag(ref: ImageRef): string | null {
  if (ref.digest) return null;
  if (ref.tag === undefined) return 'has no tag, so it means latest';
  if (ref.tag === '') return 'has an empty tag (its variable is unset), so deploys would use latest';
  if (ref.tag === 'latest') return 'uses the latest tag';
  // `main-latest`, `nightly`, `stable-alpine`: names of a branch or channel, not of a release, so
  // they move as new builds are pushed. A tag with a version or date in it is left alone.
  if (/latest/i.test(ref.tag) || (FLOATING_TAG.test(ref.tag) && !/\d/.test(ref.tag)))
    return `uses the floating tag ${ref.tag}, which moves as new builds are pushed`;
  return null;
}

const FLOATING_TAG =
  /(^|[-_.])(nightly|edge|canary|dev|develop|main|master|head|stable|snapshot|unstable|rolling|current|lts|beta|alpha|rc|next|preview|release)([-_.]|$)/i;

const POSTGRES = new Set([
  'postgres',
  'postgresql',
  'pgvector',
  'postgis',
  'timescaledb',
  'timescaledb-ha',
  'supabase-postgres',
  'pgvecto-rs',
  'postgresql-repmgr',
]);
const KEY_VALUE = new Set(['redis', 'valkey', 'keydb', 'dragonfly', 'redis-stack', 'redis-stack-server', 'valkey-bundle']);
const STATEFUL = new Set([
  'mysql',
  'mariadb',
  'mongo',
  'mongodb',
  'clickhouse',
  'clickhouse-server',
  'elasticsearch',
  'opensearch',
  'minio',
  'kafka',
  'cp-kafka',
  'zookeeper',
  'memcached',
  'rabbitmq',
  'nats',
  'seaweedfs',
  'cassandra',
  'neo4j',
  'qdrant',
  'weaviate',
  'milvus',
  'etcd',
  'redpanda',
  'influxdb',
  'couchdb',
  'meilisearch',
  'typesense',
]);
const PROXY = new Set(['nginx', 'caddy', 'caddy-l4', 'traefik', 'haproxy', 'envoy', 'kong', 'nginx-proxy', 'openresty']);
const OBSERVABILITY = new Set([
  'prometheus',
  'grafana',
  'loki',
  'all-in-one',
  'jaeger',
  'opentelemetry-collector',
  'opentelemetry-collector-contrib',
  'phoenix',
  'vector',
  'tempo',
  'alloy',
  'promtail',
  'logflare',
]);

/** Kinds of well-known images that change how a container is mapped. */
export type ImageKind = 'postgres' | 'key-value' | 'stateful' | 'proxy' | 'observability';

/** What a well-known image is; null for application images. */
export function imageKind(ref: ImageRef | null): ImageKind | null {
  if (!ref) return null;
  if (POSTGRES.has(ref.name)) return 'postgres';
  if (KEY_VALUE.has(ref.name)) return 'key-value';
  if (STATEFUL.has(ref.name)) return 'stateful';
  if (PROXY.has(ref.name)) return 'proxy';
  if (OBSERVABILITY.has(ref.name)) return 'observability';
  return null;
}

/** Postgres images that ship extensions a managed Postgres may lack. */
export function postgresExtras(ref: ImageRef): string | null {
  if (ref.repository.endsWith('/postgres') && !/^(docker\.io\/)?(library\/)?postgres$/.test(ref.repository)) {
    return `${ref.repository} is a Postgres build with its own extensions`;
  }
  if (ref.name !== 'postgres' && ref.name !== 'postgresql') return `${ref.name} adds extensions to Postgres`;
  return null;
}

/**
 * A kind guessed from the service name alone, for services whose image is unknown (an
 * `extends` base that is missing): `redis7` → key-value, `postgres` → postgres.
 */
export function kindFromName(name: string): ImageKind | null {
  const n = name.toLowerCase();
  if (/^(redis|valkey|keydb|dragonfly)\d*$/.test(n)) return 'key-value';
  if (/^(postgres|postgresql|pg)\d*$/.test(n)) return 'postgres';
  return null;
}

/**
 * The port a well-known server image listens on by default (each project's documented default),
 * for a container the compose file gives no port but other services call by name.
 */
const DEFAULT_LISTEN_PORTS: Record<string, number> = {
  elasticsearch: 9200,
  opensearch: 9200,
  kafka: 9092,
  'cp-kafka': 9092,
  zookeeper: 2181,
  clickhouse: 8123,
  'clickhouse-server': 8123,
  mongo: 27017,
  mongodb: 27017,
  mysql: 3306,
  mariadb: 3306,
  rabbitmq: 5672,
  memcached: 11211,
  minio: 9000,
  nats: 4222,
  qdrant: 6333,
  meilisearch: 7700,
  typesense: 8108,
  temporal: 7233,
  'auto-setup': 7233,
};

/** The default port of a well-known image, when the compose file declares none. */
export function defaultListenPort(image: string): number | undefined {
  const ref = parseImage(image);
  return ref ? DEFAULT_LISTEN_PORTS[ref.name] : undefined;
}
