/**
 * Import followed by generate, for every corpus file on every platform: the files pass the same
 * parsing and schema validation as `generate`, and no secret value of the compose file (passwords,
 * keys, tokens, credentials in URLs, with their `${VAR:-default}` defaults) reaches any of them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { PLATFORM_IDS } from '../../src/core/answers.js';
import { readComposeSource } from '../../src/io/read-compose.js';
import { CORPUS_DIR, CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFile } from '../helpers/corpus.js';
import { fileAt, generateFor } from '../helpers/generate.js';
import { disposeRailwayTemp, typeCheckMany } from '../helpers/railway-iac.js';
import { fileErrors, leaks } from '../helpers/validate-files.js';

afterAll(disposeRailwayTemp);

const SECRET_NAME = /PASSW(OR)?D|PASSPHRASE|(^|_)PASS$|SECRET|TOKEN|(^|_)KEY($|_)|PRIVATE|CREDENTIAL|SALT/i;

/**
 * Secret literals of a compose file, found independently of the importer: values of secret-named
 * variables (and the defaults inside `${VAR:-default}`), and passwords inside URLs. Values that
 * also name something non-secret in the same file (a user, a database, a service) are left out:
 * generated files may rightly name those.
 */
export function composeSecrets(text: string): string[] {
  const doc = YAML.parseDocument(text, { merge: true }).toJS({ maxAliasCount: -1 }) as { services?: Record<string, { environment?: unknown }> };
  const values = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v !== 'string' && typeof v !== 'number') return;
    const s = String(v);
    for (const m of s.matchAll(/\$\{[A-Za-z0-9_]+:?-([^}]*)\}/g)) if (m[1]) values.add(m[1]);
    // A bare `$VAR` is compose interpolation of the user's variable, not a literal (DEPLOY.md rightly pipes "$VAR").
    if (!s.includes('${') && !/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(s)) values.add(s);
  };
  for (const service of Object.values(doc.services ?? {})) {
    const env = service?.environment;
    const entries: [string, unknown][] = Array.isArray(env)
      ? env.map((e) => String(e).split(/=(.*)/s).slice(0, 2) as [string, unknown])
      : Object.entries((env ?? {}) as Record<string, unknown>);
    for (const [name, value] of entries) if (SECRET_NAME.test(name)) add(value);
  }
  for (const m of text.matchAll(/:\/\/[^:/\s@"']+:([^@\s"'/]+)@/g)) if (!m[1]!.includes('${')) values.add(m[1]!);
  const names = new Set(
    [...text.matchAll(/\b[A-Za-z][A-Za-z0-9_.-]*\b/g)].map((m) => m[0]).filter((w) => !values.has(w) || countOf(text, w) > countSecretUses(text, w)),
  );
  return [...values].filter((v) => v.length >= 6 && !/^(true|false|null)$/i.test(v) && !/^\.?\//.test(v) && !names.has(v));
}

function countOf(text: string, word: string): number {
  return text.split(word).length - 1;
}
/** How often a value appears as the value of a secret-named variable or a URL password. */
function countSecretUses(text: string, value: string): number {
  const esc = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...text.matchAll(new RegExp(`(${SECRET_NAME.source})[A-Z0-9_]*["']?\\s*[:=]\\s*["']?(\\$\\{[A-Za-z0-9_]+:?-)?${esc}|:${esc}@`, 'gi'))].length;
}

const files = corpusAvailable
  ? readdirSync(CORPUS_DIR)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
  : [];

describe.skipIf(!corpusAvailable)(`import + generate on the compose corpus${corpusAvailable ? '' : ` (${CORPUS_SKIP_MESSAGE})`}`, () => {
  it('found corpus files and secrets to look for', () => {
    expect(files.length).toBe(16);
    const total = files.map((f) => composeSecrets(readFileSync(corpusFile(f), 'utf8')).length).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(10);
  });

  it('finds the secrets it claims to find (langfuse keeps its defaults in ${VAR:-default})', () => {
    const secrets = composeSecrets(readFileSync(corpusFile('langfuse__docker-compose.yml'), 'utf8'));
    expect(secrets.length).toBeGreaterThan(2);
  });

  const railwaySources: string[] = [];
  for (const name of files) {
    describe(name, () => {
      for (const platform of PLATFORM_IDS) {
        it(`${platform}: every file parses and validates, no compose secret in it`, async () => {
          const path = corpusFile(name);
          const text = readFileSync(path, 'utf8');
          const read = await readComposeSource(path, { profiles: [], env: {}, cwd: CORPUS_DIR, readFile: (p) => readFile(p, 'utf8') });
          // A setting pointing at the developer's machine that no published port explains blocks
          // hosted platforms (temporal's TEMPORAL_CORS_ORIGINS=http://localhost:3000); once left to
          // the platform (VAR: \${VAR}, as the fix says) the files generate.
          const blockers = (read.warnings ?? []).filter((w) => w.blocksHosted);
          if (platform !== 'local') {
            for (const b of blockers) {
              await expect(generateFor(platform, {}, { railwayLegacy: platform === 'railway' }, read), b.message).rejects.toThrow(b.message);
            }
          }
          const source = { ...read, warnings: (read.warnings ?? []).filter((w) => !w.blocksHosted) };
          const { files: generated } = await generateFor(platform, {}, { railwayLegacy: platform === 'railway' }, source);
          expect(fileErrors(generated)).toEqual([]);
          // Words our own guides use anyway ("password") are not leaks of this file's secrets.
          const baseline = (await generateFor(platform, {})).files.map((f) => f.contents).join('\n');
          expect(
            leaks(
              generated,
              composeSecrets(text).filter((v) => !baseline.includes(v)),
            ),
          ).toEqual([]);
          if (platform === 'railway') railwaySources.push(fileAt(generated, '.railway/railway.ts').contents);
        });
      }
    });
  }

  it('every imported railway.ts type-checks against railway/iac', () => {
    expect(railwaySources.length).toBe(files.length);
    const diagnostics = typeCheckMany(railwaySources);
    expect(diagnostics.flatMap((d, i) => d.map((x) => `${files[i]}: ${x}`))).toEqual([]);
    // One TypeScript program over the whole corpus: ~20 s alone on 2 cores, more beside the database tests.
  }, 120_000);
});
