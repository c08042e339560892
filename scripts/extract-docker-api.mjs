#!/usr/bin/env node
/**
 * Extracts the part of the Docker Engine API's OpenAPI document that `stackfare measure` speaks
 * (the operations it calls and the schemas of their answers) into test/fixtures/docker-engine-api.json,
 * which the tests' Docker Engine stand-in validates every response against.
 *
 *   node scripts/extract-docker-api.mjs PATH/TO/moby/api/swagger.yaml COMMIT
 *
 * Only structure is kept (types, properties, required, formats, enums, $refs); descriptions and
 * examples are dropped. COMMIT is the moby/moby commit the file was read at.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const [swaggerPath, commit] = process.argv.slice(2);
if (!swaggerPath || !/^[0-9a-f]{40}$/.test(commit ?? '')) {
  console.error('usage: node scripts/extract-docker-api.mjs PATH/TO/api/swagger.yaml COMMIT(40 hex)');
  process.exit(2);
}
const doc = parse(readFileSync(swaggerPath, 'utf8'));
/** The operations measure and the `docker stats` client call, with the answers read. */
const OPERATIONS = [
  ['/_ping', 'get', '200'],
  ['/version', 'get', '200'],
  ['/info', 'get', '200'],
  ['/containers/json', 'get', '200'],
  ['/containers/{id}/json', 'get', '200'],
  ['/containers/{id}/stats', 'get', '200'],
];
const KEEP = new Set(['type', 'properties', 'items', 'additionalProperties', 'required', 'format', 'enum', '$ref', 'allOf', 'x-nullable']);

function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (!KEEP.has(k)) continue;
    if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, strip(s)]));
    else if (k === 'enum' || k === 'required') out[k] = v;
    else if (k === 'additionalProperties' && typeof v === 'boolean') out[k] = v;
    else out[k] = strip(v);
  }
  return out;
}

const definitions = {};
function collect(node) {
  if (Array.isArray(node)) return node.forEach(collect);
  if (node === null || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') {
      const name = v.replace('#/definitions/', '');
      if (!definitions[name]) {
        definitions[name] = strip(doc.definitions[name]);
        collect(definitions[name]);
      }
    } else collect(v);
  }
}

const paths = {};
for (const [path, method, status] of OPERATIONS) {
  const op = doc.paths[path]?.[method];
  if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in ${swaggerPath}`);
  const response = op.responses[status];
  const parameters = (op.parameters ?? []).map((p) => ({ name: p.name, in: p.in, type: p.type ?? 'object', required: p.required === true }));
  paths[path] = {
    [method]: {
      operationId: op.operationId,
      parameters,
      responses: { [status]: { schema: strip(response.schema ?? { type: 'string' }), headers: Object.keys(response.headers ?? {}) } },
    },
  };
  collect(paths[path]);
}

const out = {
  source: `https://github.com/moby/moby/blob/${commit}/api/swagger.yaml`,
  commit,
  apiVersion: doc.info.version,
  extracted: new Date().toISOString().slice(0, 10),
  basePath: doc.basePath ?? '',
  paths,
  definitions: Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b))),
};
const target = join(import.meta.dirname, '..', 'test', 'fixtures', 'docker-engine-api.json');
writeFileSync(target, `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote ${target}: API ${out.apiVersion}, ${Object.keys(out.paths).length} operations, ${Object.keys(out.definitions).length} definitions`);
