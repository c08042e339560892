/**
 * Random stacks whose services call each other: every service may listen on a main port and
 * extra ports, and its variables are literals, secrets or references (URL, host:port or host)
 * to another service's port. For the wiring resolvers' property tests.
 */
import fc from 'fast-check';
import type { AnswersInput } from '../../src/core/answers.js';

const NAMES = ['api', 'web', 'Worker One', 'llm-proxy', 'traces', 'tools_api', 'auth', 'queue'] as const;
const LITERALS = ['false', 'true', '0', 'info', 'two words', 'a=b', 'https://example.com/x', 'example.org:443', '/data/app', '30s'];

/** Answers with 1 to 6 services and random references between them. */
export function randomWiredStack(): fc.Arbitrary<AnswersInput> {
  return fc
    .record({
      names: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 6 }),
      seed: fc.array(
        fc.record({
          image: fc.boolean(),
          port: fc.option(fc.integer({ min: 1024, max: 9000 }), { nil: undefined, freq: 4 }),
          extra: fc.uniqueArray(fc.integer({ min: 9001, max: 9999 }), { maxLength: 2 }),
          public: fc.constantFrom(undefined, undefined, true, false),
          usesDatabase: fc.boolean(),
          health: fc.boolean(),
          literals: fc.array(fc.record({ name: fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/), value: fc.constantFrom(...LITERALS), secret: fc.boolean() }), {
            maxLength: 3,
          }),
          refs: fc.array(
            fc.record({
              target: fc.nat(),
              usePort: fc.nat(),
              form: fc.constantFrom('url', 'host-port', 'host'),
              scheme: fc.constantFrom('http', 'grpc', 'redis'),
              path: fc.constantFrom(undefined, '/v1', '?a=1'),
            }),
            { maxLength: 3 },
          ),
        }),
        { minLength: 6, maxLength: 6 },
      ),
      db: fc.constantFrom('shared', 'separate'),
      tier: fc.constantFrom('single-user', 'multi-user'),
      postgres: fc.constantFrom('managed', 'managed', 'dev'),
    })
    .map(({ names, seed, db, tier, postgres }) => {
      const ports = names.map((_, i) => seed[i]!.port);
      const services = names.map((name, i) => {
        const s = seed[i]!;
        const env: NonNullable<AnswersInput['services']>[number]['env'] = [];
        const used = new Set<string>();
        for (const l of s.literals) {
          if (used.has(l.name)) continue;
          used.add(l.name);
          env.push({ name: l.name, secret: l.secret, value: l.value });
        }
        s.refs.forEach((r, j) => {
          const candidates = names.map((n, k) => ({ n, k })).filter(({ k }) => k !== i && ports[k] !== undefined);
          if (candidates.length === 0) return;
          const { n, k } = candidates[r.target % candidates.length]!;
          const listening = [ports[k]!, ...seed[k]!.extra];
          const port = listening[r.usePort % listening.length]!;
          env.push({
            name: `REF_${j}_URL`,
            secret: false,
            ref: { service: n, port, form: r.form, ...(r.form === 'url' ? { scheme: r.scheme, ...(r.path ? { path: r.path } : {}) } : {}) },
          });
        });
        if (s.usesDatabase) env.push({ name: 'DATABASE_URL', secret: true, from: 'database-url' });
        return {
          name,
          role: i === 0 ? 'api' : 'other',
          ...(s.image ? { image: 'ghcr.io/acme/app:1.2' } : { build: { context: `./${name.toLowerCase().replace(/\W+/g, '-')}` } }),
          ...(s.port !== undefined ? { port: s.port } : {}),
          ...(s.port !== undefined && s.extra.length > 0 ? { ports: s.extra } : {}),
          ...(s.public !== undefined && (s.port !== undefined || !s.public) ? { public: s.public } : {}),
          ...(s.health && s.port !== undefined ? { healthPath: '/health' } : {}),
          memoryMb: 512,
          usesDatabase: s.usesDatabase,
          env,
        };
      });
      // A dev database (DigitalOcean's, Render's free one) stops at 1 GB: keep the data within it.
      return { name: 'Wired', db, tier, postgres, ...(postgres === 'dev' ? { dbStorageGb: 1 } : {}), services } as AnswersInput;
    });
}
