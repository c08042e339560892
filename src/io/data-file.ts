/** Reads a JSON or YAML data file with errors that name the file and, for YAML, the line. */
import { UserError } from '../errors.js';
import type { ReadFile } from './files.js';

export async function readText(path: string, readFile: ReadFile, what: string): Promise<string> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : String((error as Error).message);
    throw new UserError(`Cannot read the ${what} ${path}: ${reason}.`, { hint: 'Check the path.' });
  }
}

/** Parses JSON (by extension or leading brace) or YAML. */
export async function parseDataFile(path: string, readFile: ReadFile, what: string): Promise<unknown> {
  const text = await readText(path, readFile, what);
  if (text.trim() === '') throw new UserError(`The ${what} ${path} is empty.`);
  const looksJson = /\.json$/i.test(path) || /^\s*[{[]/.test(text);
  if (looksJson) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new UserError(`The ${what} ${path} is not valid JSON: ${(error as Error).message}.`);
    }
  }
  const YAML = await loadYaml();
  const doc = YAML.parseDocument(text, { merge: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const where = e.linePos ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    throw new UserError(`The ${what} ${path} is not valid YAML${where}: ${e.message.split('\n')[0]}`);
  }
  return doc.toJS({ maxAliasCount: 10000 });
}

/** The yaml module, loaded on first use (bundled CommonJS arrives as a default export). */
export async function loadYaml(): Promise<typeof import('yaml')> {
  const mod = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
  return typeof mod.parseDocument === 'function' ? mod : mod.default!;
}
