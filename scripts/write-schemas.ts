/** Writes data/*.schema.json from the zod schemas: `npm run schemas`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaFiles } from './schemas.js';

const root = join(import.meta.dirname, '..');
for (const [path, contents] of Object.entries(schemaFiles())) {
  writeFileSync(join(root, path), contents);
  console.log(`wrote ${path}`);
}
