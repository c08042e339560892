/**
 * Validators for the platforms' published schemas, kept in test/fixtures/schemas/ with their
 * source URL, date and checksum (SOURCES.json; refreshed by scripts/refresh-schemas.mjs), so every
 * clone validates generated files offline.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
const Ajv = require('ajv').default as typeof import('ajv').default;
const Ajv2020 = require('ajv/dist/2020').default as typeof import('ajv').default;
const addFormats = require('ajv-formats').default as (ajv: unknown) => void;

/** test/fixtures/schemas, beside this helper. */
export const SCHEMAS_DIR = resolve(import.meta.dirname, '..', 'fixtures', 'schemas');

export type SchemaName = 'railway' | 'fly' | 'render' | 'do-app-spec' | 'compose-spec';

const FILES: Record<SchemaName, { file: string; draft2020: boolean }> = {
  railway: { file: 'railway.schema.json', draft2020: false },
  fly: { file: 'fly.schema.json', draft2020: false },
  render: { file: 'render.schema.json', draft2020: true },
  'do-app-spec': { file: 'do-app-spec.schema.json', draft2020: false },
  'compose-spec': { file: 'compose-spec.schema.json', draft2020: true },
};

const cache = new Map<SchemaName, ValidateFunction>();

/** A compiled validator (one setting for all five: strict off, every error, formats). */
export function validator(name: SchemaName): ValidateFunction {
  let v = cache.get(name);
  if (!v) {
    const { file, draft2020 } = FILES[name];
    const schema = JSON.parse(readFileSync(join(SCHEMAS_DIR, file), 'utf8'));
    if (name === 'do-app-spec') patchDoSchema(schema);
    const Cls = draft2020 ? Ajv2020 : Ajv;
    const ajv = new Cls({ strict: false, allErrors: true });
    addFormats(ajv);
    v = ajv.compile(schema);
    cache.set(name, v);
  }
  return v;
}

/**
 * A known gap of the converted app-spec schema: it types an ingress rule's
 * `preserve_path_prefix` as a string, while App Platform's API and doctl (godo:
 * `PreservePathPrefix bool`) take a boolean, which is what the generated spec writes. The
 * schema is widened to accept the boolean (and still rejects anything else).
 */
function patchDoSchema(schema: { definitions?: Record<string, { properties?: Record<string, { type?: unknown }> }> }): void {
  const prop = schema.definitions?.app_ingress_spec_rule_routing_component?.properties?.preserve_path_prefix;
  if (prop) prop.type = ['string', 'boolean'];
}

/** Validates data; returns readable errors (empty when valid). */
export function schemaErrors(name: SchemaName, data: unknown): string[] {
  const v = validator(name);
  if (v(data)) return [];
  return (v.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
