/** Reads templates/ from the installed package (beside dist/ or src/). */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TemplateSources } from '../render/handlebars.js';

/** The package root: the nearest folder above this module that holds templates/ and data/. */
function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    if (existsSync(join(dir, 'templates')) && existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the stackfare package root above ${from}`);
    dir = parent;
  }
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? walk(join(dir, e.name)) : Promise.resolve(e.name.endsWith('.hbs') ? [join(dir, e.name)] : []))),
  );
  return nested.flat();
}

const loaded = new Map<string, Promise<TemplateSources>>();

/** Every template by name (`fly/fly.toml`) and every partial (`_partials/x.hbs` → `x`), read once. */
export function loadTemplates(root: string = join(packageRoot(), 'templates')): Promise<TemplateSources> {
  let sources = loaded.get(root);
  if (!sources) {
    sources = readTemplates(root);
    loaded.set(root, sources);
  }
  return sources;
}

async function readTemplates(root: string): Promise<TemplateSources> {
  const files = await walk(root);
  const templates: Record<string, string> = {};
  const partials: Record<string, string> = {};
  await Promise.all(
    files.map(async (file) => {
      const name = relative(root, file)
        .split(sep)
        .join('/')
        .replace(/\.hbs$/, '');
      const source = await readFile(file, 'utf8');
      if (name.startsWith('_partials/')) partials[name.slice('_partials/'.length)] = source;
      else templates[name] = source;
    }),
  );
  return { templates, partials };
}
