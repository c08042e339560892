/**
 * Validators for the platforms' published schemas in ../shared/schemas (read in place, never
 * copied). When ../shared is absent (a user's clone) the schema tests skip and say so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
const Ajv = require('ajv').default as typeof import('ajv').default;
const Ajv2020 = require('ajv/dist/2020').default as typeof import('ajv').default;
const addFormats = require('ajv-formats').default as (ajv: unknown) => void;

/** ../shared/schemas relative to the project root. */
export const SCHEMAS_DIR = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'schemas');
export const HAVE_SCHEMAS = existsSync(SCHEMAS_DIR);
export const SKIP_MESSAGE = `skipped: ${SCHEMAS_DIR} not found (the ../shared folder is absent), so schema validation did not run`;

export type SchemaName = 'railway' | 'fly' | 'render' | 'do-app-spec' | 'compose-spec';

const FILES: Record<SchemaName, { file: string; draft2020: boolean }> = {
  railway: { file: 'railway.schema.json', draft2020: false },
  fly: { file: 'fly.schema.json', draft2020: false },
  render: { file: 'render.schema.json', draft2020: true },
  'do-app-spec': { file: 'do-app-spec.schema.json', draft2020: false },
  'compose-spec': { file: 'compose-spec.schema.json', draft2020: true },
};

const cache = new Map<SchemaName, ValidateFunction>();

/** A compiled validator (options as ../shared/schemas/README.md recommends: one setting for all). */
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
