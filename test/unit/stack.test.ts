/** The stack model's wiring: who calls whom, who is public, which database each app owns. */
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/args.js';
import { type AnswersInput, AnswersSchema, type ServiceInput } from '../../src/core/answers.js';
import { authOffSettings, buildStack, refValue, type Stack } from '../../src/core/stack.js';

const stack = (answers: AnswersInput = {}): Stack => buildStack(AnswersSchema.parse(answers));
const svc = (s: Stack, slug: string) => s.services.find((x) => x.slug === slug)!;
const env = (s: Stack, slug: string, name: string) => svc(s, slug).env.find((e) => e.name === name);

describe("the built-in stack is the seed's, wired as its compose file wires it", () => {
  const s = stack();
  it('reasoning-api calls LiteLLM, tools-api and Phoenix (OTLP gRPC); LiteLLM exports to Phoenix', () => {
    expect(s.links.map((l) => `${l.from}.${l.variable} → ${l.to}:${l.port}`)).toEqual([
      'reasoning-api.LITELLM_BASE_URL → litellm:4000',
      'reasoning-api.TOOLS_API_URL → tools-api:8001',
      'reasoning-api.PHOENIX_COLLECTOR_ENDPOINT → phoenix:4317',
      'litellm.OTEL_EXPORTER_OTLP_ENDPOINT → phoenix:4317',
    ]);
    expect(env(s, 'reasoning-api', 'LITELLM_BASE_URL')).toMatchObject({ value: 'http://litellm:4000', ref: { service: 'litellm', port: 4000, form: 'url' } });
    expect(svc(s, 'phoenix').ports).toEqual([6006, 4317]);
  });
  it('only the entry point is public: tools-api, LiteLLM and Phoenix are called, so private', () => {
    expect(s.services.map((x) => [x.slug, x.public])).toEqual([
      ['reasoning-api', true],
      ['tools-api', false],
      ['litellm', false],
      ['phoenix', false],
    ]);
    expect(svc(s, 'litellm').exposure).toBe('private: called by reasoning-api');
    expect(svc(s, 'reasoning-api').exposure).toBe('public: it has a port and no other service calls it');
    expect(s.assumptions.join('\n')).toContain('Public (reachable from the internet): reasoning-api.');
  });
  it('three apps, three databases in one shared instance; tools-api has none', () => {
    expect(s.postgres.instances).toEqual([
      { name: 'postgres', storageGb: 5, memoryMb: null, databases: ['reasoning_api', 'litellm', 'phoenix'], usedBy: ['reasoning-api', 'litellm', 'phoenix'] },
    ]);
    expect(svc(s, 'tools-api').database).toBeNull();
    expect(svc(s, 'litellm').database).toEqual({ instance: 'postgres', database: 'litellm' });
    // Each app reads its own variable; none gets an invented DATABASE_SCHEMA.
    expect(env(s, 'reasoning-api', 'REASONING_DATABASE_URL')).toMatchObject({ from: 'database-url', scheme: 'postgresql+asyncpg' });
    expect(env(s, 'phoenix', 'PHOENIX_SQL_DATABASE_URL')).toMatchObject({ from: 'database-url' });
    expect(s.services.flatMap((x) => x.env.map((e) => e.name))).not.toContain('DATABASE_SCHEMA');
    expect(svc(s, 'phoenix').volume).toBeUndefined();
  });
  it('the separate layout: three instances, one per app', () => {
    const sep = stack({ db: 'separate' });
    expect(sep.postgres.instances.map((p) => [p.name, p.databases])).toEqual([
      ['reasoning-api-db', ['reasoning_api']],
      ['litellm-db', ['litellm']],
      ['phoenix-db', ['phoenix']],
    ]);
  });
  it('settings keep their values: REQUIRE_AUTH=true, PHOENIX_ENABLE_AUTH=false are literals, not secrets', () => {
    expect(env(s, 'reasoning-api', 'REQUIRE_AUTH')).toMatchObject({ secret: false, value: 'true' });
    expect(env(s, 'phoenix', 'PHOENIX_ENABLE_AUTH')).toMatchObject({ secret: false, value: 'false' });
    expect(env(s, 'reasoning-api', 'API_TOKENS')).toMatchObject({ secret: true });
    expect(env(s, 'reasoning-api', 'API_TOKENS')!.value).toBeUndefined();
  });
  it("LiteLLM runs its config file from the repository, with the image's entrypoint kept", () => {
    expect(svc(s, 'litellm')).toMatchObject({
      command: '--config /app/config.yaml --port 4000',
      mounts: [{ source: './config/litellm_config.yaml', target: '/app/config.yaml' }],
    });
    expect(svc(s, 'litellm').entrypoint).toBeUndefined();
  });
});

describe('Phoenix left out', () => {
  const s = stack({ phoenix: false });
  it('the variables that pointed at it go too, and the assumptions say so', () => {
    expect(env(s, 'reasoning-api', 'PHOENIX_COLLECTOR_ENDPOINT')).toBeUndefined();
    expect(env(s, 'litellm', 'OTEL_EXPORTER_OTLP_ENDPOINT')).toBeUndefined();
    expect(s.links.map((l) => l.to)).toEqual(['litellm', 'tools-api']);
    expect(s.assumptions.join('\n')).toContain('reasoning-api: PHOENIX_COLLECTOR_ENDPOINT pointed at phoenix, which is left out');
    expect(s.warnings.filter((w) => w.severity === 'error')).toEqual([]);
  });
});

describe('--public and --private', () => {
  it('override the default, and a public service with its auth off is warned about', () => {
    const s = stack({ public: ['phoenix'], private: ['reasoning-api'] });
    expect(svc(s, 'phoenix')).toMatchObject({ public: true, exposure: 'public: --public names it' });
    expect(svc(s, 'reasoning-api')).toMatchObject({ public: false, exposure: 'private: --private names it' });
    const w = s.warnings.find((x) => x.code === 'exposure.public-without-auth');
    expect(w?.message).toBe('phoenix is public and its settings switch authentication off (PHOENIX_ENABLE_AUTH=false): anyone on the internet can use it.');
    expect(w?.fix).toContain('--private phoenix');
  });
  it('an unknown name, or a name in both lists, is an error naming it', () => {
    const s = stack({ public: ['nope', 'litellm'], private: ['litellm'] });
    expect(s.warnings.filter((w) => w.severity === 'error').map((w) => w.message)).toEqual([
      '--public names "nope", which is not a service of this stack.',
      'litellm is named by both --public and --private.',
    ]);
  });
  it('the flags take comma lists and repeat', () => {
    const a = parseArgs(['estimate', '--public', 'phoenix, litellm', '--public', 'tools-api', '--private', 'reasoning-api']).answers;
    expect(a).toMatchObject({ public: ['phoenix', 'litellm', 'tools-api'], private: ['reasoning-api'] });
  });
});

describe('references in a custom stack', () => {
  const base: ServiceInput[] = [
    {
      name: 'web',
      role: 'web',
      port: 3000,
      memoryMb: 256,
      vcpu: 0.5,
      instances: 1,
      env: [{ name: 'API', secret: false, ref: { service: 'api', form: 'host-port' } }],
      usesDatabase: false,
      optional: false,
    },
    {
      name: 'api',
      role: 'api',
      port: 8080,
      memoryMb: 256,
      vcpu: 0.5,
      instances: 1,
      env: [{ name: 'METRICS_URL', secret: false, ref: { service: 'web', port: 9100, form: 'url', scheme: 'http', path: '/metrics' } }],
      usesDatabase: false,
      optional: false,
    },
  ];
  it("a reference without a port takes the target's main port; one on a new port adds it to the target", () => {
    const s = stack({ services: base });
    expect(env(s, 'web', 'API')).toMatchObject({ value: 'api:8080', ref: { service: 'api', port: 8080 } });
    expect(env(s, 'api', 'METRICS_URL')?.value).toBe('http://web:9100/metrics');
    expect(svc(s, 'web').ports).toEqual([3000, 9100]);
    // Each calls the other, so both are private by the rule (nothing is left public: said in the assumptions).
    expect(s.services.map((x) => x.public)).toEqual([false, false]);
    expect(s.assumptions.join('\n')).toContain('Public (reachable from the internet): none.');
  });
  it('a service declared without a port that another calls takes the called port as its main one (private, not a worker)', () => {
    const s = stack({
      services: [
        { ...base[0]!, env: [{ name: 'KAFKA_HOSTS', secret: false, ref: { service: 'kafka', port: 9092, form: 'host-port' } }] },
        { name: 'kafka', role: 'other', image: 'bitnami/kafka:3.7', memoryMb: 1024, vcpu: 1, instances: 1, env: [], usesDatabase: false, optional: false },
      ],
    });
    expect(svc(s, 'kafka')).toMatchObject({ port: 9092, ports: [9092], public: false, exposure: 'private: called by web' });
  });
  it('a reference to a service the stack does not have is an error', () => {
    const s = stack({ services: [{ ...base[0]!, env: [{ name: 'X_URL', secret: false, ref: { service: 'ghost', form: 'url' } }] }] });
    expect(s.warnings.find((w) => w.code === 'ref.unknown-service')?.message).toBe('web: X_URL points at "ghost", which is not a service of this stack.');
  });
  it('a service that sets public itself keeps it', () => {
    const s = stack({
      services: [
        { ...base[1]!, env: [] },
        { ...base[0]!, public: true },
      ],
    });
    expect(svc(s, 'web').public).toBe(true);
  });
});

describe('helpers', () => {
  it('refValue writes a URL, host:port or host', () => {
    expect(refValue({ form: 'url', scheme: 'grpc', path: '/x' }, 'h.internal', 4317)).toBe('grpc://h.internal:4317/x');
    expect(refValue({ form: 'url' }, 'h', 80)).toBe('http://h:80');
    expect(refValue({ form: 'host-port' }, 'h', 1)).toBe('h:1');
    expect(refValue({ form: 'host' }, 'h', 1)).toBe('h');
  });
  it("authOffSettings finds the switches that turn a program's auth off", () => {
    const v = (name: string, value: string) => ({ name, secret: false, value });
    expect(
      authOffSettings([
        v('REQUIRE_AUTH', 'false'),
        v('PHOENIX_ENABLE_AUTH', 'False'),
        v('DISABLE_AUTH', 'true'),
        v('AUTH_ENABLED', '0'),
        v('REQUIRE_AUTH_X', 'false'),
        v('ENABLE_AUTH', 'true'),
        v('AUTHOR', 'no'),
      ]),
    ).toEqual(['REQUIRE_AUTH=false', 'PHOENIX_ENABLE_AUTH=False', 'DISABLE_AUTH=true', 'AUTH_ENABLED=0']);
  });
});
