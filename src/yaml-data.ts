/**
 * YAML text → plain data, with the limits every data file the tool reads shares (aliases, nesting;
 * JSON shares the nesting check). Pure: the text arrives from the edge (io/), so compose/ can use it without the disk.
 */
import { UserError } from './errors.js';

/**
 * Aliases one YAML document may resolve: enough for real files (anchors shared by a few dozen
 * services), far too few for an alias bomb, whose expansion grows exponentially.
 */
export const MAX_YAML_ALIASES = 1000;
/** Nesting levels any data file may have; real files stay under 10, and deeper trees overflow parsers. */
export const MAX_DATA_DEPTH = 64;

/** Deepest nesting of arrays and objects in a parsed value (iterative: deep input cannot overflow it). */
export function dataDepth(value: unknown, stopAt = MAX_DATA_DEPTH + 1): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    const depth = d + 1;
    if (depth > deepest) deepest = depth;
    if (deepest >= stopAt) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth]);
  }
  return deepest;
}

/** A UserError when parsed data nests deeper than the limit. */
export function checkDepth(value: unknown, what: string): void {
  if (dataDepth(value) > MAX_DATA_DEPTH) {
    throw new UserError(`${what} nests more than ${MAX_DATA_DEPTH} levels deep.`, {
      hint: 'Real files nest a few levels; check that this is the file you meant.',
    });
  }
}

/**
 * YAML text → plain data, with the limits every YAML the tool reads shares: merge keys on, at
 * most MAX_YAML_ALIASES aliases, MAX_DATA_DEPTH levels. `what` names the file in messages.
 */
export function yamlToData(YAML: typeof import('yaml'), text: string, what: string, options: { uniqueKeys?: boolean } = {}): unknown {
  let data: unknown;
  try {
    const doc = YAML.parseDocument(text, { merge: true, prettyErrors: true, ...(options.uniqueKeys === false ? { uniqueKeys: false } : {}) });
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      // The parser reports its own stack overflow as a syntax error; it is the nesting.
      if (/call stack/i.test(e.message)) throw new RangeError(e.message);
      const where = e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
      throw new UserError(`${what} is not valid YAML${where}: ${e.message.split('\n')[0]}`, {
        hint: 'Fix the YAML there (indentation and quotes are the usual causes), then run again.',
      });
    }
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (error instanceof UserError) throw error;
    if (error instanceof RangeError) {
      throw new UserError(`${what} nests too deeply to read (more than ${MAX_DATA_DEPTH} levels).`, {
        hint: 'Real files nest a few levels; check that this is the file you meant.',
      });
    }
    if (/alias/i.test((error as Error).message)) {
      throw new UserError(
        `${what} uses too many YAML aliases (more than ${MAX_YAML_ALIASES} are resolved): an alias bomb, or a file that is not what you meant.`,
        {
          hint: 'Write the repeated parts out, or use fewer anchors and aliases.',
        },
      );
    }
    throw new UserError(`${what} cannot be read: ${(error as Error).message.split('\n')[0]}`);
  }
  checkDepth(data, what);
  return data;
}
