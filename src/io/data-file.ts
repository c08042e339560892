/** Reads a JSON or YAML data file with errors that name the file and, for YAML, the line. */
import { UserError } from '../errors.js';
import { checkDepth, MAX_DATA_DEPTH, yamlToData } from '../yaml-data.js';
import type { ReadFile } from './files.js';
import { describeFsError, INPUT_NAMES, type InputKind } from './read-input.js';

// commands/measure.ts loads the yaml module and this parser together, lazily, from here.
export { yamlToData } from '../yaml-data.js';

/** Reads a data file of a kind; read failures become UserErrors naming the file and the cause. */
async function readText(path: string, readFile: ReadFile, kind: InputKind): Promise<string> {
  try {
    return await readFile(path, kind);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`Cannot read the ${INPUT_NAMES[kind]} ${path}: ${describeFsError(error)}.`, { hint: 'Check the path.' });
  }
}

/** Parses JSON (by extension or leading brace) or YAML. */
export async function parseDataFile(path: string, readFile: ReadFile, kind: InputKind): Promise<unknown> {
  const what = INPUT_NAMES[kind];
  const text = await readText(path, readFile, kind);
  if (text.trim() === '') throw new UserError(`The ${what} ${path} is empty.`);
  const looksJson = /\.json$/i.test(path) || /^\s*[{[]/.test(text);
  if (looksJson) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      if (error instanceof RangeError) throw new UserError(`The ${what} ${path} nests too deeply to read (more than ${MAX_DATA_DEPTH} levels).`);
      throw new UserError(`The ${what} ${path} is not valid JSON: ${(error as Error).message}.`);
    }
    checkDepth(data, `The ${what} ${path}`);
    return data;
  }
  return yamlToData(await loadYaml(), text, `The ${what} ${path}`);
}

/** The yaml module, loaded on first use (bundled CommonJS arrives as a default export). */
export async function loadYaml(): Promise<typeof import('yaml')> {
  const mod = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
  return typeof mod.parseDocument === 'function' ? mod : mod.default!;
}
