/**
 * Compose YAML text → the top-level mapping, with merge keys (`<<`) resolved as Compose
 * resolves them. Anything that is not a compose file ends here with one UserError naming the
 * file and, where YAML gives one, the line.
 */
import * as YAML from 'yaml';
import { UserError } from '../errors.js';
import { checkDepth, yamlToData } from '../yaml-data.js';
import { readPlainYaml } from './plain-yaml.js';
import { isRecord } from './syntax.js';

/** Parses compose text; `what` names the file in messages (the path as the user gave it). */
export function parseComposeYaml(text: string, what: string): Record<string, unknown> {
  if (text.trim() === '')
    throw new UserError(`The compose file ${what} is empty.`, { hint: 'Point stackfare at a docker-compose file with a services: section.' });
  // The plain subset most compose files keep to is read directly (the same data, far faster);
  // anything else goes to the yaml library. YAML 1.2 treats `<<` as a plain key; Compose files
  // rely on merge keys, so turn them on (yamlToData does, with the alias and depth limits every
  // data file shares).
  const plain = readPlainYaml(text);
  if (plain !== undefined) checkDepth(plain, `The compose file ${what}`);
  // The plain reader leaves a file with a repeated key to the library: find it there first.
  if (plain === undefined) refuseDuplicateKeys(text, what);
  const data = plain ?? yamlToData(YAML, text, `The compose file ${what}`, { uniqueKeys: false });
  if (data === null || data === undefined) {
    throw new UserError(`The compose file ${what} is empty (it has only comments).`, {
      hint: 'Point stackfare at a docker-compose file with a services: section.',
    });
  }
  if (!isRecord(data)) {
    const kind = Array.isArray(data) ? 'a list' : `a single value (${typeof data})`;
    throw new UserError(`${what} is not a compose file: its top level is ${kind}, not a mapping with services:.`, {
      hint: 'A compose file starts with keys such as services:, volumes: and networks:.',
    });
  }
  if (!('services' in data)) {
    const keys = Object.keys(data).slice(0, 5).join(', ');
    throw new UserError(`${what} is not a compose file: it has no services: section (top-level keys: ${keys || 'none'}).`, {
      hint: 'A compose file lists its containers under services:.',
    });
  }
  if (!isRecord(data.services)) {
    throw new UserError(`${what} is not a compose file: services: must be a mapping of service names to settings.`, {
      hint: 'Write services as  services:\\n  web:\\n    image: nginx:1.27',
    });
  }
  if (Object.keys(data.services).length === 0) {
    throw new UserError(`The compose file ${what} defines no services.`, { hint: 'Add at least one service under services:.' });
  }
  return data;
}

/**
 * A key written twice in one mapping is an error, as the YAML spec and docker compose say ("mapping
 * key already defined"): keeping the last one silently would drop a whole service. Merge keys
 * (`<<`) may repeat, as Compose files use them.
 */
function refuseDuplicateKeys(text: string, what: string): void {
  const lines = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { uniqueKeys: false, lineCounter: lines, keepSourceTokens: false });
  if (doc.errors.length > 0) return;
  YAML.visit(doc, {
    Map(_key, map, ancestors) {
      const seen = new Map<string, number>();
      for (const item of map.items) {
        const key = YAML.isScalar(item.key) ? String(item.key.value) : null;
        if (key === null || key === '<<') continue;
        const line = YAML.isScalar(item.key) && item.key.range ? lines.linePos(item.key.range[0]).line : 0;
        const first = seen.get(key);
        if (first !== undefined) {
          const where = ancestorKeys(ancestors);
          throw new UserError(
            `The compose file ${what} has the key "${key}" twice${where ? ` in ${where}` : ''} (lines ${first} and ${line}): YAML does not allow it, and docker compose refuses the file.`,
            {
              hint: `Rename one of the two "${key}" entries, or merge them into one.`,
            },
          );
        }
        seen.set(key, line);
      }
      return undefined;
    },
  });
}

/** `services.web` for the keys above a node, from the visitor's ancestors. */
function ancestorKeys(ancestors: readonly unknown[]): string {
  return ancestors.flatMap((a) => (YAML.isPair(a) && YAML.isScalar(a.key) ? [String(a.key.value)] : [])).join('.');
}
