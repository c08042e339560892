import { it } from 'vitest';
import { generateFor } from '../helpers/generate.js';
it('gen', async () => {
  const r = await generateFor('kubernetes', JSON.parse(process.env.ANS ?? '{}'));
  for (const f of r.files) if (!process.env.ONLY || f.path.includes(process.env.ONLY)) console.log('=== ' + f.path + '\n' + f.contents);
});
