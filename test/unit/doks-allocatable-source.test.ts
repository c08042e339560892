/**
 * The DOKS allocatable-memory figures (issue 19, item 3: the price book's own sources). Each
 * node size's allocatable memory is either confirmed from DigitalOcean's own page, or kept
 * visibly marked with a note that says which page was looked for and why it is not confirmed.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_BOOK } from '../../src/pricing/builtin-book.js';

const PAGE = 'https://docs.digitalocean.com/products/kubernetes/details/managed/';

describe('DOKS allocatable memory: confirmed from the vendor, or marked with why not', () => {
  const sizes = BUILTIN_BOOK.platforms.kubernetes.nodeSizes;

  it('every node size cites the page of the allocatable-memory table', () => {
    expect(sizes.length).toBeGreaterThan(0);
    for (const s of sizes) expect(s.allocatableSource.source, s.slug).toBe(PAGE);
  });

  it('an unconfirmed figure stays uncertain and its note names the page and why the search did not confirm it', () => {
    for (const s of sizes) {
      const src = s.allocatableSource;
      if (src.confidence === 'official') {
        expect(src.asOf, s.slug).toBe('2026-12-07');
        continue;
      }
      expect(src.confidence, s.slug).toBe('uncertain');
      expect(src.note, s.slug).toContain('Kept marked: on 2026-12-07 the search tool found the page itself');
      expect(src.note, s.slug).toContain('docs.digitalocean.com/products/kubernetes/details/managed/');
      expect(src.note, s.slug).toContain('without its allocatable-memory table');
    }
  });

  it('allocatable memory is below the node memory, and what the node count is computed from', () => {
    // 2 GB → 1 GB, 4 GB → 2.5 GB, 8 GB → 6 GB, 16 GB → 13 GB (the remembered table).
    const table = Object.fromEntries(sizes.map((s) => [s.slug, [s.memoryMb, s.allocatableMemoryMb]]));
    expect(table).toMatchObject({
      's-1vcpu-2gb': [2048, 1024],
      's-2vcpu-4gb': [4096, 2560],
      's-4vcpu-8gb': [8192, 6144],
      's-8vcpu-16gb': [16384, 13312],
    });
    for (const s of sizes) expect(s.allocatableMemoryMb, s.slug).toBeLessThan(s.memoryMb);
  });
});
