/**
 * Every generated file checked against its format and its platform's schema, chosen by path:
 * render.yaml, fly/<app>/fly.toml, .do/app.yaml, docker-compose*.yml, railway.json (schemas from
 * test/fixtures/schemas), .railway/railway.ts (type-checked separately, in one
 * batch, with typeCheckMany). Also: which given secret values leak into any file.
 */
import type { RenderedFile } from '../../src/render/render-files.js';
import { parseGenerated } from './generate.js';
import { objectErrors } from './kubernetes.js';
import { type SchemaName, schemaErrors } from './schemas.js';

/** The schema a generated path must validate against, if any (k8s/: the Kubernetes API schemas, kept in node_modules). */
export function schemaFor(path: string): SchemaName | 'kubernetes' | undefined {
  if (/^k8s\/.*\.yaml$/.test(path) && path !== 'k8s/kustomization.yaml') return 'kubernetes';
  if (path === 'render.yaml') return 'render';
  if (/(^|\/)fly\.toml$/.test(path)) return 'fly';
  if (path === '.do/app.yaml') return 'do-app-spec';
  if (/(^|\/)(docker-)?compose[^/]*\.ya?ml$/.test(path)) return 'compose-spec';
  if (/(^|\/)railway\.json$/.test(path)) return 'railway';
  return undefined;
}

/** Parse and schema errors of every file, as "path: error" lines (empty when all are valid). */
export function fileErrors(files: readonly RenderedFile[]): string[] {
  const errors: string[] = [];
  for (const f of files) {
    let data: unknown;
    try {
      data = parseGenerated(f);
    } catch (error) {
      errors.push(`${f.path}: does not parse: ${(error as Error).message}`);
      continue;
    }
    const schema = schemaFor(f.path);
    if (schema === 'kubernetes') errors.push(...(data as unknown[]).flatMap((o) => objectErrors(o)).map((e) => `${f.path}: ${e}`));
    else if (schema) errors.push(...schemaErrors(schema, data).map((e) => `${f.path}: ${e}`));
  }
  return errors;
}

/** Files in which any of the secret values appears. */
export function leaks(files: readonly RenderedFile[], secrets: readonly string[]): string[] {
  return files.flatMap((f) => secrets.filter((s) => s.length >= 4 && f.contents.includes(s)).map((s) => `${f.path} contains ${JSON.stringify(s)}`));
}
