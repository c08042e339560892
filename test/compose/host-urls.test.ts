/**
 * Nothing points at the developer's machine: a `localhost` URL in a service's settings follows the
 * compose file's published host port to the service behind it and becomes that service's public
 * URL on every platform (which makes the service public); a URL no published port explains is an
 * error. And a compose file names its stack as docker compose names its project.
 */
import { describe, expect, it } from 'vitest';
import { hostUrl } from '../../src/compose/host-urls.js';
import { importCompose } from '../../src/compose/import-compose.js';
import { normaliseProjectName } from '../../src/compose/project-name.js';
import { type AnswersInput, AnswersSchema, PLATFORM_IDS, type PlatformId } from '../../src/core/answers.js';
import { buildReport } from '../../src/core/report.js';
import { buildStack, type StackSource } from '../../src/core/stack.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { PLATFORMS } from '../../src/platforms/index.js';
import { checkWiring } from '../../src/platforms/wiring.js';
import { CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFile, diskLoader, memoryLoader } from '../helpers/corpus.js';
import { generateFor } from '../helpers/generate.js';
import { RESOLVERS } from '../helpers/wiring.js';

const FIXTURE = `
name: \${SHOP_PROJECT:-shop}
services:
  web:
    image: ghcr.io/example/web:1.0
    ports: ["3000:3000"]
    environment:
      NEXTAUTH_URL: http://localhost:3000
      UPLOAD_ENDPOINT: http://127.0.0.1:9090/uploads
      S3_ENDPOINT: http://minio:9000
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:3000/health"]
  worker:
    image: ghcr.io/example/worker:1.0
    env_file: worker.env
    environment:
      APP_URL: http://host.docker.internal:3000
      CORS_ORIGIN: http://localhost:5173
      S3_ENDPOINT: http://minio:9000
  minio:
    image: minio/minio:RELEASE.2025-01-20T14-49-07Z
    command: server /data
    ports: ["9090:9000", "127.0.0.1:9091:9001"]
`;

/** The fixture with CORS_ORIGIN left to the platform (\${CORS_ORIGIN}): every other localhost value resolves, so hosted platforms can run it. */
const RESOLVABLE = FIXTURE.replace('CORS_ORIGIN: http://localhost:5173', 'CORS_ORIGIN: $' + '{CORS_ORIGIN}');

async function importFixture(text = RESOLVABLE, path = '/home/dev/My Shop/compose.yaml', env: Record<string, string> = {}) {
  const envFile = path.replace(/compose\.yaml$/, 'worker.env');
  return importCompose({
    file: path,
    display: 'compose.yaml',
    load: memoryLoader({ [path]: text, [envFile]: 'SIGNIN_CALLBACK=http://localhost:3000/api/auth\nAPI_KEY=http://localhost:3000/not-a-setting\n' }),
    env,
    profiles: [],
  });
}

/** Generates one platform's files (local as the laptop tier) and the wiring problems they show. */
async function generated(platform: PlatformId, source: StackSource, answers: AnswersInput = {}) {
  const tiered = platform === 'local' ? { tier: 'local' as const, ...answers } : answers;
  const result = await generateFor(platform, tiered, {}, source);
  const problems = checkWiring(result.stack, RESOLVERS[platform]!(result.files, result.stack));
  const text = result.files.map((f) => `--- ${f.path}\n${f.contents}`).join('\n');
  return { ...result, problems, text };
}

/** The generated files other than DEPLOY.md (whose assumptions quote the compose values). */
function deployFiles(files: readonly { path: string; contents: string }[]): string {
  return files
    .filter((f) => f.path !== 'DEPLOY.md' && !f.path.startsWith('.env'))
    .map((f) => f.contents)
    .join('\n');
}

describe('reading a value as an address on the developer machine', () => {
  it('knows localhost, 127.x, [::1] and host.docker.internal, with the scheme default port', () => {
    expect(hostUrl('http://localhost:3000')).toEqual({ scheme: 'http', port: 3000, path: '' });
    expect(hostUrl('http://127.0.0.1:9090/uploads?x=1')).toEqual({ scheme: 'http', port: 9090, path: '/uploads?x=1' });
    expect(hostUrl('https://[::1]/')).toEqual({ scheme: 'https', port: 443, path: '/' });
    expect(hostUrl('http://host.docker.internal:8080')).toEqual({ scheme: 'http', port: 8080, path: '' });
    expect(hostUrl('http://minio:9000')).toBeNull();
    expect(hostUrl('localhost')).toBeNull();
  });
});

describe('the import (inline fixture)', () => {
  it('turns each localhost URL into a public reference to the service publishing that port', async () => {
    const r = await importFixture();
    const env = (svc: string, name: string) => r.source.services.find((s) => s.name === svc)!.env.find((e) => e.name === name)!;
    expect(env('web', 'NEXTAUTH_URL').ref).toEqual({ service: 'web', port: 3000, form: 'url', scheme: 'http', public: true });
    expect(env('web', 'UPLOAD_ENDPOINT').ref).toEqual({ service: 'minio', port: 9000, form: 'url', scheme: 'http', path: '/uploads', public: true });
    expect(env('worker', 'APP_URL').ref).toMatchObject({ service: 'web', port: 3000, public: true });
    // env_file values too; a secret's value is never read as a setting.
    expect(env('worker', 'SIGNIN_CALLBACK').ref).toEqual({ service: 'web', port: 3000, form: 'url', scheme: 'http', path: '/api/auth', public: true });
    expect(env('worker', 'API_KEY')).toMatchObject({ secret: true });
    expect(env('worker', 'API_KEY').ref).toBeUndefined();
    // A private call stays private.
    expect(env('worker', 'S3_ENDPOINT').ref).toMatchObject({ service: 'minio', port: 9000 });
    expect(env('worker', 'S3_ENDPOINT').ref?.public).toBeUndefined();
    // The browser reaches minio: it is public although another service calls it.
    expect(r.services.find((s) => s.name === 'minio')!.public).toBe(true);
  });

  it('is an error naming the service and variable when no published port matches, and the value is not deployed', async () => {
    const r = await importFixture(FIXTURE);
    const w = r.warnings.find((x) => x.code === 'compose.host-url');
    expect(w).toMatchObject({ severity: 'error', service: 'worker' });
    expect(w!.message).toContain('CORS_ORIGIN');
    expect(w!.message).toContain('http://localhost:5173');
    const cors = r.source.services.find((s) => s.name === 'worker')!.env.find((e) => e.name === 'CORS_ORIGIN')!;
    expect(cors.value).toBeUndefined();
    expect(cors.template).toBe('http://localhost:5173');
  });

  it('blocks every hosted platform (generate refuses, naming the variable) while the local compose runs it as written', async () => {
    const r = await importFixture(FIXTURE);
    for (const platform of ['railway', 'fly', 'render', 'digitalocean', 'kubernetes'] as const) {
      await expect(generateFor(platform, {}, {}, r.source), platform).rejects.toThrow(/CORS_ORIGIN is http:\/\/localhost:5173/);
    }
    const report = buildReport({ answers: AnswersSchema.parse({}), book: builtinPriceBook(), platforms: PLATFORMS, source: r.source });
    expect(report.estimates.filter((e) => e.fitsTier).map((e) => e.platform)).toEqual([]);
    const fly = report.estimates.find((e) => e.platform === 'fly')!;
    expect(fly.warnings.find((w) => w.code === 'compose.host-url')).toMatchObject({ blocking: true, service: 'worker' });
    const local = await generateFor('local', { tier: 'local' }, {}, r.source);
    expect(local.files.length).toBeGreaterThan(0);
    // Left to the platform (\${CORS_ORIGIN}), the same file runs everywhere.
    await expect(generateFor('fly', {}, {}, (await importFixture()).source)).resolves.toBeDefined();
  });

  it('shows why the target is public, naming the variable', async () => {
    const r = await importFixture();
    const { stack } = await generateFor('railway', {}, {}, r.source);
    const minio = stack.services.find((s) => s.slug === 'minio')!;
    expect(minio.public).toBe(true);
    expect(minio.exposure).toBe("public: web's UPLOAD_ENDPOINT is its public URL (a browser must reach it)");
    expect(stack.assumptions.some((a) => /^minio is public: web's UPLOAD_ENDPOINT is its public URL/.test(a))).toBe(true);
  });

  it('--private on the target is an error that names the variable', async () => {
    const r = await importFixture();
    const built = buildStack(AnswersSchema.parse({ private: ['minio'] }), r.source);
    const w = built.warnings.find((x) => x.code === 'exposure.public-url-private');
    expect(w?.severity).toBe('error');
    expect(w?.message).toContain("web's UPLOAD_ENDPOINT");
  });
});

/** Each platform's rendering of web's NEXTAUTH_URL and UPLOAD_ENDPOINT (minio under its public host). */
const EXPECTED: Record<PlatformId, { nextauth: RegExp; upload: RegExp }> = {
  railway: {
    nextauth: /"NEXTAUTH_URL": "https:\/\/\$\{\{RAILWAY_PUBLIC_DOMAIN\}\}"/,
    upload: /"UPLOAD_ENDPOINT": "https:\/\/\$\{\{minio\.RAILWAY_PUBLIC_DOMAIN\}\}\/uploads"/,
  },
  fly: { nextauth: /"NEXTAUTH_URL" = "https:\/\/shop-web\.fly\.dev"/, upload: /"UPLOAD_ENDPOINT" = "https:\/\/shop-minio\.fly\.dev\/uploads"/ },
  render: { nextauth: /NEXTAUTH_URL=https:\/\/<public host of web>/, upload: /UPLOAD_ENDPOINT=https:\/\/<public host of minio>\/uploads/ },
  digitalocean: { nextauth: /value: "\$\{web\.PUBLIC_URL\}"/, upload: /value: "\$\{minio\.PUBLIC_URL\}\/uploads"/ },
  kubernetes: { nextauth: /value: "http:\/\/\$\(STACKFARE_PUBLIC_HOST\)"/, upload: /value: "http:\/\/\$\(STACKFARE_PUBLIC_HOST\)\/minio\/uploads"/ },
  local: { nextauth: /"NEXTAUTH_URL": "http:\/\/localhost:3000"/, upload: /"UPLOAD_ENDPOINT": "http:\/\/127\.0\.0\.1:9090\/uploads"/ },
};

describe('every platform renders the public URL and the files resolve it (inline fixture)', () => {
  for (const platform of PLATFORM_IDS) {
    it(`${platform}`, async () => {
      const r = await importFixture();
      const g = await generated(platform, r.source);
      expect(g.problems).toEqual([]);
      expect(g.text).toMatch(EXPECTED[platform].nextauth);
      expect(g.text).toMatch(EXPECTED[platform].upload);
      if (platform !== 'local') {
        // Nothing deployed points at the laptop; the container's own healthcheck is no setting.
        expect(deployFiles(g.files)).not.toMatch(/localhost:(3000|9090|5173)|127\.0\.0\.1:9090|host\.docker\.internal/);
      } else {
        expect(g.text).toContain('http://localhost:3000/health');
      }
    });
  }

  it('with a custom domain: Fly, Render, Kubernetes and the Docker host use it for the primary service', async () => {
    const r = await importFixture();
    const answers = { domain: 'shop.example.com' };
    expect((await generated('fly', r.source, answers)).text).toMatch(/"NEXTAUTH_URL" = "https:\/\/shop\.example\.com"/);
    expect((await generated('render', r.source, answers)).text).toMatch(/key: "NEXTAUTH_URL"\n\s+value: "https:\/\/shop\.example\.com"/);
    const k8s = await generated('kubernetes', r.source, answers);
    expect(k8s.problems).toEqual([]);
    expect(k8s.text).toMatch(/value: "https:\/\/shop\.example\.com\/minio\/uploads"/);
    const host = await generated('local', r.source, { ...answers, tier: 'single-user' });
    expect(host.problems).toEqual([]);
    expect(host.text).toMatch(/"UPLOAD_ENDPOINT": "https:\/\/shop\.example\.com\/minio\/uploads"/);
  });

  it('the resolvers catch a public URL whose target is not public', async () => {
    const r = await importFixture();
    const g = await generateFor('railway', {}, {}, r.source);
    const stack = { ...g.stack, services: g.stack.services.map((s) => (s.slug === 'minio' ? { ...s, public: false } : s)) };
    const files = g.files.map((f) =>
      f.path === '.railway/railway.ts' ? { ...f, contents: f.contents.replace('${{minio.RAILWAY_PUBLIC_DOMAIN}}', '${{minio.RAILWAY_PRIVATE_DOMAIN}}') } : f,
    );
    const problems = checkWiring(stack, RESOLVERS.railway!(files, stack));
    expect(problems.some((p) => p.variable === 'UPLOAD_ENDPOINT' && /should be minio's public URL/.test(p.message))).toBe(true);
  });
});

describe('the stack is named after the compose project', () => {
  it('normalises a folder name as docker compose does', () => {
    expect(normaliseProjectName('My Shop')).toBe('myshop');
    expect(normaliseProjectName('_-Web.App_2')).toBe('webapp_2');
    expect(normaliseProjectName('...')).toBe('');
  });

  it('takes name: (interpolated), then COMPOSE_PROJECT_NAME over it, else the folder', async () => {
    expect((await importFixture()).source.name).toBe('shop');
    expect((await importFixture(FIXTURE, '/home/dev/My Shop/compose.yaml', { SHOP_PROJECT: 'boutique' })).source.name).toBe('boutique');
    expect((await importFixture(FIXTURE, '/home/dev/My Shop/compose.yaml', { COMPOSE_PROJECT_NAME: 'override' })).source.name).toBe('override');
    const unnamed = FIXTURE.replace(/^name: .*$/m, '');
    expect((await importFixture(unnamed)).source.name).toBe('myshop');
    // name: is normalised silently, as compose does; an invalid COMPOSE_PROJECT_NAME (which compose refuses) with a warning.
    expect((await importFixture(FIXTURE.replace(/^name: .*$/m, 'name: My_Shop!'))).source.name).toBe('my_shop');
    const bad = await importFixture(FIXTURE, '/home/dev/My Shop/compose.yaml', { COMPOSE_PROJECT_NAME: 'Bad Name' });
    expect(bad.source.name).toBe('badname');
    expect(bad.warnings.some((w) => w.code === 'compose.project-name' && w.message.includes('Bad Name'))).toBe(true);
  });

  it('names every platform project and the Fly apps; --name still wins; the built-in stack keeps its name', async () => {
    const r = await importFixture(RESOLVABLE.replace(/^name: .*$/m, ''));
    const fly = await generateFor('fly', {}, {}, r.source);
    expect(fly.stack.slug).toBe('myshop');
    expect(fly.files.find((f) => f.path === 'fly/web/fly.toml')!.contents).toMatch(/^app = "myshop-web"$/m);
    const railway = await generateFor('railway', {}, {}, r.source);
    expect(railway.files.find((f) => f.path === '.railway/railway.ts')!.contents).toContain('"myshop"');
    const k8s = await generateFor('kubernetes', {}, {}, r.source);
    expect(k8s.files.find((f) => f.path === 'k8s/kustomization.yaml')!.contents).toMatch(/^namespace: "?myshop"?$/m);
    expect((await generateFor('fly', { name: 'mine' }, {}, r.source)).stack.slug).toBe('mine');
    expect((await generateFor('fly', {})).stack.slug).toBe('reasoning-stack');
  });
});

describe.skipIf(!corpusAvailable)(`the langfuse compose file${corpusAvailable ? '' : ` (${CORPUS_SKIP_MESSAGE})`}`, () => {
  const expected: Record<PlatformId, RegExp> = {
    railway: /"NEXTAUTH_URL": "https:\/\/\$\{\{langfuse-web\.RAILWAY_PUBLIC_DOMAIN\}\}"/,
    fly: /"NEXTAUTH_URL" = "https:\/\/compose-langfuse-web\.fly\.dev"/,
    render: /NEXTAUTH_URL=https:\/\/<public host of langfuse-web>/,
    digitalocean: /value: "\$\{langfuse-web\.PUBLIC_URL\}"/,
    kubernetes: /value: "http:\/\/\$\(STACKFARE_PUBLIC_HOST\)"/,
    local: /"NEXTAUTH_URL": "\$\{NEXTAUTH_URL:-http:\/\/localhost:3000\}"/,
  };
  for (const platform of PLATFORM_IDS) {
    it(`${platform}: NEXTAUTH_URL and the MinIO upload endpoint are public URLs; MinIO is public`, async () => {
      const r = await importCompose({
        file: corpusFile('langfuse__docker-compose.yml'),
        display: 'docker-compose.yml',
        load: diskLoader,
        env: {},
        profiles: [],
      });
      const media = r.source.services.find((s) => s.name === 'langfuse-web')!.env.find((e) => e.name === 'LANGFUSE_S3_MEDIA_UPLOAD_ENDPOINT')!;
      expect(media.ref).toMatchObject({ service: 'minio', port: 9000, public: true });
      const g = await generated(platform, r.source);
      expect(g.problems).toEqual([]);
      expect(g.stack.services.find((s) => s.slug === 'minio')!.public).toBe(true);
      expect(g.text).toMatch(expected[platform]);
      if (platform !== 'local') expect(deployFiles(g.files)).not.toMatch(/localhost:(3000|9090)/);
      // ClickHouse's own healthcheck calls itself on localhost and stays as it is.
      if (platform === 'local') expect(g.text).toContain('http://localhost:8123/ping');
    });
  }
});
