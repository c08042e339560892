#!/usr/bin/env node
/**
 * Refreshes the platforms' published JSON Schemas in test/fixtures/schemas/ (the tests validate
 * generated files against them offline) and records each one's source URL, date and SHA-256 in
 * SOURCES.json. Run by a maintainer (`node scripts/refresh-schemas.mjs`), never by the tests;
 * then run the contract tests and review the diff. It needs the network.
 *
 *   node scripts/refresh-schemas.mjs                 refresh all five
 *   node scripts/refresh-schemas.mjs fly render      refresh some
 *   node scripts/refresh-schemas.mjs --do-openapi DIR --do-commit SHA
 *                                                    convert the App Platform spec from a checkout
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

const DIR = join(import.meta.dirname, '..', 'test', 'fixtures', 'schemas');
const SOURCES = join(DIR, 'SOURCES.json');
const DO_MODELS = 'specification/resources/apps/models';

async function get(url) {
  const res = await fetch(url, { headers: { 'user-agent': 'stackfare-refresh-schemas' } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

/** The commit `main` of a GitHub repository points at now, so the URL we record is pinned. */
async function mainCommit(repo) {
  return JSON.parse(await get(`https://api.github.com/repos/${repo}/commits/main`)).sha;
}

/** Schemas published as files: fetched and saved byte for byte. */
const PUBLISHED = {
  'railway.schema.json': async () => ({ url: 'https://railway.com/railway.schema.json' }),
  'fly.schema.json': async () => ({ url: 'https://www.schemastore.org/fly.json' }),
  'render.schema.json': async () => ({ url: 'https://render.com/schema/render.yaml.json' }),
  'compose-spec.schema.json': async () => {
    const sha = await mainCommit('compose-spec/compose-go');
    return { url: `https://raw.githubusercontent.com/compose-spec/compose-go/${sha}/schema/compose-spec.json` };
  },
};

const stem = (ref) =>
  ref
    .split('/')
    .pop()
    .replace(/\.ya?ml$/, '');
const OPENAPI_NUMBER_FORMATS = new Set(['int32', 'int64', 'uint32', 'float', 'double']);

/**
 * One OpenAPI 3.0 model node as JSON Schema draft-07: file $refs become #/definitions/<stem>,
 * `nullable: true` widens `type` with "null", `example` becomes `examples`, and OpenAPI's numeric
 * formats (type hints, unknown to JSON Schema) are dropped. Everything else is kept.
 */
function convertNode(node, refs) {
  if (Array.isArray(node)) return node.map((n) => convertNode(n, refs));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && /\.ya?ml$/.test(value)) {
      refs.add(value.split('/').pop());
      out.$ref = `#/definitions/${stem(value)}`;
    } else if (key === 'nullable') continue;
    else if (key === 'example') out.examples = [value];
    else if (key === 'format' && OPENAPI_NUMBER_FORMATS.has(value)) continue;
    else if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertNode(v, refs)]));
    } else out[key] = convertNode(value, refs);
  }
  if (node.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

/** The App Platform app spec (AppSpec and every model it references) as one draft-07 schema. */
export async function convertAppSpec(readModel, commit) {
  const definitions = {};
  const pending = ['app_spec.yml'];
  let root;
  while (pending.length > 0) {
    const file = pending.pop();
    const refs = new Set();
    const converted = convertNode(YAML.parse(await readModel(file)), refs);
    if (file === 'app_spec.yml') root = converted;
    else definitions[stem(file)] = converted;
    for (const r of refs) if (r !== 'app_spec.yml' && !(stem(r) in definitions) && !pending.includes(r)) pending.push(r);
  }
  const sorted = Object.fromEntries(
    Object.keys(definitions)
      .sort()
      .map((k) => [k, definitions[k]]),
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: `Generated from digitalocean/openapi ${DO_MODELS}/app_spec.yml (commit ${commit}) and the model files it references; OpenAPI 3.0 keywords converted to JSON Schema draft-07. See README.md.`,
    ...root,
    definitions: sorted,
  };
}

async function refreshAppSpec(args) {
  const dirAt = args.indexOf('--do-openapi');
  let commit;
  let readModel;
  if (dirAt >= 0) {
    const dir = args[dirAt + 1];
    commit = args[args.indexOf('--do-commit') + 1] ?? 'local';
    readModel = async (file) => readFileSync(join(dir, DO_MODELS, file), 'utf8');
  } else {
    commit = await mainCommit('digitalocean/openapi');
    readModel = (file) => get(`https://raw.githubusercontent.com/digitalocean/openapi/${commit}/${DO_MODELS}/${file}`);
  }
  const schema = await convertAppSpec(readModel, commit);
  return { url: `https://github.com/digitalocean/openapi/tree/${commit}/${DO_MODELS}`, text: `${JSON.stringify(schema, null, 2)}\n` };
}

async function main() {
  const args = process.argv.slice(2);
  const sources = JSON.parse(readFileSync(SOURCES, 'utf8'));
  const asked = args.filter((a) => !a.startsWith('--') && !/^[0-9a-f]{7,40}$/.test(a) && !a.includes('/'));
  const wanted = Object.keys(sources).filter((f) => asked.length === 0 || asked.some((a) => f.startsWith(a)));
  for (const file of wanted) {
    const { url, text } =
      file === 'do-app-spec.schema.json'
        ? await refreshAppSpec(args)
        : await (async () => {
            const { url } = await PUBLISHED[file]();
            return { url, text: await get(url) };
          })();
    JSON.parse(text); // refuse to save anything that is not JSON (an error page, a redirect body)
    writeFileSync(join(DIR, file), text);
    const sha256 = createHash('sha256').update(text).digest('hex');
    const changed = sha256 !== sources[file].sha256;
    sources[file] = { ...sources[file], url, date: new Date().toISOString().slice(0, 10), sha256 };
    console.log(`${file}: ${changed ? 'updated' : 'unchanged'} from ${url}`);
  }
  writeFileSync(SOURCES, `${JSON.stringify(sources, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
