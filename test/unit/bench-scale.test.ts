/** The scale case of `npm run bench` does what it says: every service imported, priced on every platform, rendered. */
import { describe, expect, it } from 'vitest';
import { composeOf, runScale } from '../../scripts/bench-scale.js';
import { loadTemplates } from '../../src/io/load-templates.js';

describe('bench scale case', () => {
  it('imports all N services of the generated compose file, prices five platforms and renders their files', async () => {
    let clock = 0;
    const run = await runScale(composeOf(40), await loadTemplates(), () => (clock += 1));
    expect(run.services).toBe(40);
    expect(run.platforms).toBe(5);
    // Fly writes one fly.toml per service; the other platforms one file for all, plus the common files.
    expect(run.files).toBeGreaterThan(40);
    expect(run.ms).toEqual({ import: 1, estimate: 1, render: 1, total: 3 });
  });
});
