/**
 * Checks a usage file (`stackfare measure`) read back for --usage, without a schema library:
 * `estimate --usage FILE` is on the start-up path, and loading and building a zod schema there
 * cost more than the whole estimate. It accepts exactly what src/core/usage-schema.ts (the zod
 * schema data/usage.schema.json is generated from) accepts, and drops unknown fields as it does:
 * test/unit/usage-check.test.ts compares the two on every field of a real file, mutated.
 */

import { found } from '../schema-errors.js';
import type { UsageFile } from './usage.js';
import { USAGE_VERSION } from './usage.js';

/** Where in the file, and what is wrong there, worded for a person. */
export interface UsageIssue {
  path: (string | number)[];
  text: string;
}

type Path = (string | number)[];
/** Checks one value at `path`, adds what is wrong to `issues`, returns the value kept (unknown fields dropped). */
type Check = (value: unknown, path: Path, issues: UsageIssue[]) => unknown;

/** The value is absent, or of another type than `expected` ("a number", "an object"). */
function wrongType(value: unknown, expected: string, path: Path, issues: UsageIssue[]): undefined {
  issues.push({ path, text: value === undefined ? `missing; expected ${expected}` : `expected ${expected}${found(value)}` });
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A finite number, at least 0 or above 0, a whole one when `integer`. */
function number(min: 'nonnegative' | 'positive' | 'any', integer = false): Check {
  return (v, path, issues) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return wrongType(v, 'a number', path, issues);
    if (integer && !Number.isSafeInteger(v)) issues.push({ path, text: `expected a whole number${found(v)}` });
    else if (min === 'nonnegative' && v < 0) issues.push({ path, text: `expected at least 0${found(v)}` });
    else if (min === 'positive' && v <= 0) issues.push({ path, text: `expected above 0${found(v)}` });
    return v;
  };
}

function string(minLength = 0): Check {
  return (v, path, issues) => {
    if (typeof v !== 'string') return wrongType(v, 'a string', path, issues);
    if (v.length < minLength) issues.push({ path, text: 'expected a non-empty text' });
    return v;
  };
}

const boolean: Check = (v, path, issues) => (typeof v === 'boolean' ? v : wrongType(v, 'a boolean', path, issues));

function literal(expected: number): Check {
  return (v, path, issues) => {
    if (v !== expected) issues.push({ path, text: `expected one of ${expected}${found(v)}` });
    return v;
  };
}

function nullable(check: Check): Check {
  return (v, path, issues) => (v === null ? null : check(v, path, issues));
}

function array(item: Check): Check {
  return (v, path, issues) => (Array.isArray(v) ? v.map((x, i) => item(x, [...path, i], issues)) : wrongType(v, 'a list', path, issues));
}

/** An object of these fields; fields it does not name are dropped. */
function object(shape: Readonly<Record<string, Check>>): Check {
  return (v, path, issues) => {
    if (!isObject(v)) return wrongType(v, 'an object', path, issues);
    const kept: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) kept[key] = check(v[key], [...path, key], issues);
    return kept;
  };
}

/** An object of any keys, each value checked by `value`. */
function record(value: Check): Check {
  return (v, path, issues) => {
    if (!isObject(v)) return wrongType(v, 'an object', path, issues);
    const kept: Record<string, unknown> = {};
    for (const [key, x] of Object.entries(v)) kept[key] = value(x, [...path, key], issues);
    return kept;
  };
}

const summary = object({ min: number('nonnegative'), avg: number('nonnegative'), p95: number('nonnegative'), max: number('nonnegative') });

const serviceUsage = object({
  replicas: object({ min: number('nonnegative', true), max: number('positive', true) }),
  samples: number('positive', true),
  memoryBytes: summary,
  cpuVcpu: nullable(summary),
  networkTx: object({ bytes: number('nonnegative', true), bytesPerSecond: number('nonnegative') }),
  stopped: array(string()),
});

const usageFile = object({
  version: literal(USAGE_VERSION),
  project: string(1),
  composeFile: nullable(string()),
  window: object({ start: string(), end: string(), seconds: number('nonnegative'), intervalSeconds: number('positive') }),
  samples: number('nonnegative', true),
  interrupted: boolean,
  engine: object({ version: string(), apiVersion: string(), os: string() }),
  services: record(serviceUsage),
  notes: array(string()),
});

/** The file as a UsageFile, or every issue found (in the file's order). */
export function checkUsageFile(data: unknown): { ok: true; value: UsageFile } | { ok: false; issues: UsageIssue[] } {
  const issues: UsageIssue[] = [];
  const value = usageFile(data, [], issues);
  return issues.length === 0 ? { ok: true, value: value as UsageFile } : { ok: false, issues };
}
