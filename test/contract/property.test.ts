/**
 * Property test: random stacks with hostile names and values (quotes, newlines, braces, `$`,
 * unicode, very long names, many services) still give, on every platform, files that parse,
 * validate against the platform's schema, and contain none of the secret values they were given.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type AnswersInput, PLATFORM_IDS, type PlatformId } from '../../src/core/answers.js';
import { UserError } from '../../src/errors.js';
import { fileAt, generateFor } from '../helpers/generate.js';
import { disposeRailwayTemp, typeCheckMany } from '../helpers/railway-iac.js';
import { fileErrors, leaks } from '../helpers/validate-files.js';

afterAll(disposeRailwayTemp);

const hostile = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('my "api"', "it's", 'a\nb', '{{name}}', '${HOME}', '$$x', '`rm -rf`', 'é🚀中文', '\\path', '# hash', '--> */', 'x'.repeat(180)),
  },
);
const wellFormed = (s: string) => {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
};
const text = hostile.filter(wellFormed);
const envName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,20}$/);

/** A stack whose secrets are all distinct markers, so any leak is found by search. */
function stackArb(maxServices: number) {
  const service = fc.record({
    name: text,
    role: fc.constantFrom('api', 'proxy', 'observability', 'web', 'worker', 'other'),
    source: fc.oneof(
      fc.record({ image: fc.constantFrom('ghcr.io/acme/app:1.2', 'nginx:1.27', `registry.example.com/team/svc@sha256:${'a'.repeat(64)}`) }),
      fc.record({
        build: fc.record({
          context: fc.constantFrom('./app', './svc one', "./o'brien"),
          dockerfile: fc.option(fc.constantFrom('Dockerfile', 'docker/Dockerfile.prod'), { nil: undefined }),
        }),
      }),
    ),
    command: fc.option(text, { nil: undefined }),
    port: fc.option(fc.integer({ min: 1024, max: 65535 }), { nil: undefined }),
    public: fc.boolean(),
    healthPath: fc.option(
      text.map((t) => `/${t.replace(/[\s\n]/g, '')}`),
      { nil: undefined },
    ),
    memoryMb: fc.constantFrom(256, 512, 1024, 2048),
    vcpu: fc.constantFrom(0.25, 0.5, 1),
    instances: fc.integer({ min: 1, max: 3 }),
    volume: fc.option(fc.record({ sizeGb: fc.integer({ min: 1, max: 8 }), mountPath: fc.constantFrom('/data', '/var/lib/app', '/mnt/my data') }), {
      nil: undefined,
    }),
    env: fc.array(fc.record({ name: envName, secret: fc.boolean(), value: text }), { maxLength: 5 }),
    usesDatabase: fc.boolean(),
  });
  return fc.record({
    name: text,
    tier: fc.constantFrom('local', 'single-user', 'multi-user'),
    db: fc.constantFrom('shared', 'separate'),
    postgres: fc.constantFrom('managed', 'dev'),
    dbStorageGb: fc.integer({ min: 1, max: 40 }),
    egressGb: fc.integer({ min: 0, max: 300 }),
    region: fc.constantFrom('us-east', 'us-west', 'eu-west', 'eu-central'),
    auth: fc.constantFrom('clerk', 'auth0', 'supabase', 'none'),
    domain: fc.option(fc.constantFrom('api.example.com', 'my-app.example.co.uk'), { nil: null }),
    users: fc.integer({ min: 1, max: 200000 }),
    services: fc.array(service, { minLength: 1, maxLength: maxServices }),
  });
}

type Sample = ReturnType<typeof stackArb> extends fc.Arbitrary<infer T> ? T : never;

/** Answers for a sample, with every secret value replaced by a unique marker. */
function toAnswers(sample: Sample): { answers: AnswersInput; secrets: string[] } {
  const secrets: string[] = [];
  const services = sample.services.map((s, i) => {
    const { source, ...rest } = s;
    return {
      ...rest,
      ...source,
      ...('build' in source ? { build: { context: source.build.context, ...(source.build.dockerfile ? { dockerfile: source.build.dockerfile } : {}) } } : {}),
      env: s.env.map((e, j) => {
        if (!e.secret) return e;
        const marker = `sEcReT-${i}-${j}-${e.value.length}-zq`;
        secrets.push(marker);
        return { ...e, value: marker };
      }),
    };
  });
  return { answers: { ...sample, services } as AnswersInput, secrets };
}

describe('generated files survive hostile stacks', () => {
  for (const platform of PLATFORM_IDS) {
    it(`${platform}: every file parses, validates and leaks no secret`, async () => {
      await fc.assert(
        fc.asyncProperty(stackArb(6), async (sample) => {
          const { answers, secrets } = toAnswers(sample);
          const generated = await generateFor(platform as PlatformId, answers, { railwayLegacy: platform === 'railway' }).catch((error: unknown) => error);
          // A stack the platform cannot size (a service too big, a free database too full) is refused, not half-generated.
          if (generated instanceof UserError) {
            expect(generated.message).toContain(`${platform} cannot run this stack`);
            return;
          }
          const { files } = generated as Awaited<ReturnType<typeof generateFor>>;
          expect(fileErrors(files)).toEqual([]);
          expect(leaks(files, secrets)).toEqual([]);
        }),
        { numRuns: Number(process.env.PROPERTY_RUNS ?? 30) },
      );
    });
  }

  it('many services (40) on every platform', async () => {
    const [sample] = fc.sample(
      stackArb(1).chain((s) => fc.array(fc.constant(s.services[0]!), { minLength: 40, maxLength: 40 }).map((services) => ({ ...s, services }))),
      { numRuns: 1, seed: 7 },
    );
    const { answers, secrets } = toAnswers(sample!);
    for (const platform of PLATFORM_IDS) {
      const { files } = await generateFor(platform, answers);
      expect(fileErrors(files)).toEqual([]);
      expect(leaks(files, secrets)).toEqual([]);
    }
  });

  it('railway.ts of hostile stacks type-checks against railway/iac', async () => {
    const samples = fc.sample(stackArb(5), { numRuns: 15, seed: 42 });
    const sources: string[] = [];
    for (const sample of samples) {
      const { answers, secrets } = toAnswers(sample);
      const { files } = await generateFor('railway', answers);
      expect(leaks(files, secrets)).toEqual([]);
      sources.push(fileAt(files, '.railway/railway.ts').contents);
    }
    const diagnostics = typeCheckMany(sources);
    expect(diagnostics.flatMap((d, i) => d.map((x) => `#${i} ${x}`))).toEqual([]);
  });
});

describe('the property checks can fail', () => {
  it('samples carry secrets to look for', () => {
    const counts = fc.sample(stackArb(6), { numRuns: 30, seed: 1 }).map((s) => toAnswers(s).secrets.length);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
  });
  it('a planted secret is found, and a broken file is reported', async () => {
    const { files } = await generateFor('render');
    const planted = files.map((f) => (f.path === 'render.yaml' ? { ...f, contents: `${f.contents}# sEcReT-planted-zq\n` } : f));
    expect(leaks(planted, ['sEcReT-planted-zq'])).toEqual(['render.yaml contains "sEcReT-planted-zq"']);
    const broken = files.map((f) => (f.path === 'render.yaml' ? { ...f, contents: 'services: [\n' } : f));
    expect(fileErrors(broken)[0]).toMatch(/^render\.yaml: does not parse/);
  });
});
