/**
 * Files that run, on every platform: each platform's resolver reads the generated files back and,
 * by that platform's documented rules, every reference reaches its service on its port, only the
 * public services face the internet, every app reaches its own database, and no literal became a
 * secret. Over the built-in stack (layouts, tiers, with and without Phoenix, overrides), every file
 * of the compose corpus, and random stacks with random references.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnswersInput, PLATFORM_IDS, type PlatformId, type ServiceInput } from '../../src/core/answers.js';
import type { StackSource } from '../../src/core/stack.js';
import { readComposeSource } from '../../src/io/read-compose.js';
import { checkWiring, type WiringProblem } from '../../src/platforms/wiring.js';
import { CORPUS_DIR, CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFile, leftToPlatform } from '../helpers/corpus.js';
import { generateFor } from '../helpers/generate.js';
import { RESOLVERS } from '../helpers/wiring.js';

/** The problems the platform's own files show for these answers. */
async function problems(platform: PlatformId, answers: AnswersInput, source?: StackSource): Promise<WiringProblem[]> {
  const resolver = RESOLVERS[platform];
  if (!resolver) throw new Error(`no wiring resolver for ${platform}`);
  const { files, stack } = await generateFor(platform, answers, {}, source);
  return checkWiring(stack, resolver(files, stack));
}

const HOSTED: PlatformId[] = PLATFORM_IDS.filter((p) => p !== 'local');

it('every platform has a wiring resolver', () => {
  expect(PLATFORM_IDS.filter((p) => !RESOLVERS[p])).toEqual([]);
});

describe('the built-in stack', () => {
  const variants: [string, AnswersInput][] = [
    ['single-user, shared', {}],
    ['single-user, separate', { db: 'separate' }],
    ['multi-user with auth and a domain', { tier: 'multi-user', users: 20000, auth: 'auth0', domain: 'api.example.com' }],
    ['without Phoenix', { phoenix: false }],
    ['Phoenix made public, reasoning-api private', { public: ['phoenix'], private: ['reasoning-api'] }],
    // Render's free Postgres and DigitalOcean's dev database stop at 1 GB: the default 5 GB would make them not fit.
    ['dev Postgres', { postgres: 'dev', dbStorageGb: 1 }],
  ];
  for (const platform of PLATFORM_IDS) {
    for (const [name, answers] of variants) {
      it(`${platform}: ${name}`, async () => {
        expect(
          await problems(platform, platform === 'local' ? { ...answers, tier: answers.tier === 'multi-user' ? 'single-user' : 'local' } : answers),
        ).toEqual([]);
      });
    }
  }
});

const corpus = corpusAvailable
  ? readdirSync(CORPUS_DIR)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
  : [];
describe.skipIf(!corpusAvailable)(`the compose corpus${corpusAvailable ? '' : ` (${CORPUS_SKIP_MESSAGE})`}`, () => {
  for (const name of corpus) {
    it(`${name}: every reference resolves on every platform, nothing private is public`, async () => {
      const source = leftToPlatform(
        await readComposeSource(corpusFile(name), { profiles: [], env: {}, cwd: CORPUS_DIR, readFile: (p) => readFile(p, 'utf8') }),
      );
      for (const platform of PLATFORM_IDS) {
        const found = await problems(platform, {}, source);
        expect(found.map((p) => `${platform} ${p.service}${p.variable ? `.${p.variable}` : ''}: ${p.message}`)).toEqual([]);
      }
    });
  }
});

/** Random stacks whose services call each other through random variables. */
const randomStack = fc
  .record({
    count: fc.integer({ min: 2, max: 6 }),
    db: fc.constantFrom('shared' as const, 'separate' as const),
    seedRefs: fc.array(
      fc.record({
        from: fc.nat(),
        to: fc.nat(),
        form: fc.constantFrom('url' as const, 'host-port' as const, 'host' as const),
        extraPort: fc.boolean(),
        path: fc.constantFrom('', '/v1', '/api?x=1'),
      }),
      { maxLength: 8 },
    ),
    ports: fc.array(fc.option(fc.integer({ min: 1024, max: 9999 }), { nil: undefined }), { minLength: 6, maxLength: 6 }),
    usesDb: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    flags: fc.array(fc.record({ setting: fc.constantFrom('LOG_LEVEL', 'REQUIRE_AUTH', 'WORKERS'), value: fc.constantFrom('info', 'false', 'true', '4') }), {
      maxLength: 3,
    }),
  })
  .map(({ count, db, seedRefs, ports, usesDb, flags }) => {
    const names = Array.from({ length: count }, (_, i) => `svc-${i}`);
    const services: ServiceInput[] = names.map((name, i) => ({
      name,
      role: 'api',
      image: `ghcr.io/acme/${name}:1.0`,
      ...(ports[i] !== undefined ? { port: ports[i]! + i } : {}),
      vcpu: 0.5,
      memoryMb: 512,
      instances: 1,
      usesDatabase: usesDb[i]!,
      optional: false,
      env: flags.map((f, j) => ({ name: `${f.setting}_${j}`, secret: false, value: f.value })),
    }));
    seedRefs.forEach((r, k) => {
      const from = r.from % count;
      const to = r.to % count;
      if (from === to) return;
      const target = services[to]!;
      const port = r.extraPort ? 9100 + k : target.port;
      if (port === undefined) return;
      services[from]!.env.push({
        name: `REF_${k}_${r.form.replace('-', '_').toUpperCase()}`,
        secret: false,
        ref: { service: target.name, port, form: r.form, ...(r.form === 'url' ? { scheme: 'http', path: r.path } : {}) },
      });
    });
    return { services, db } satisfies AnswersInput;
  });

describe('random stacks with random references', () => {
  for (const platform of PLATFORM_IDS) {
    it(`${platform}: no wiring problem`, async () => {
      await fc.assert(
        fc.asyncProperty(randomStack, async (answers) => {
          const tier = platform === 'local' ? 'local' : 'single-user';
          expect(await problems(platform, { ...answers, tier })).toEqual([]);
        }),
        { numRuns: Number(process.env.PROPERTY_RUNS ?? 25), seed: 20261202 },
      );
    });
  }
});

describe('the check can fail', () => {
  it('a file whose reference is the bare compose name, a private service made public, an emptied literal: each is found', async () => {
    for (const platform of HOSTED) {
      const resolver = RESOLVERS[platform]!;
      const { files, stack } = await generateFor(platform, {});
      // The stack says litellm is private; claim the files deploy it public: the check must object.
      const view = resolver(files, stack);
      const lying = { ...view, isPublic: (s: string) => (s === 'litellm' ? true : view.isPublic(s)) };
      expect(checkWiring(stack, lying).map((p) => p.message)).toContain('is private but reachable from the internet');
      const emptied = { ...view, reach: (from: string, v: string) => (v === 'REQUIRE_AUTH' ? ({ kind: 'secret' } as const) : view.reach(from, v)) };
      expect(checkWiring(stack, emptied).some((p) => p.variable === 'REQUIRE_AUTH')).toBe(true);
    }
  });
});
