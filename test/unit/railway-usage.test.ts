/** Railway picks its plan from usageTotal: exactly the total of the usage lines the estimate shows. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactTotal } from '../../src/core/estimate.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { type RailwayContainer, usageItems, usageTotal } from '../../src/platforms/railway/usage.js';

describe('Railway usageTotal', () => {
  const usage = builtinPriceBook().platforms.railway.usage;
  const container = fc.record({
    slug: fc.constantFrom('api', 'worker', 'postgres'),
    kind: fc.constantFrom('service' as const, 'postgres' as const, 'key-value' as const),
    memoryMb: fc.integer({ min: 1, max: 262144 }),
    vcpu: fc.constantFrom(0.1, 0.25, 0.5, 1, 1.5, 2, 32),
    replicas: fc.integer({ min: 1, max: 100 }),
    volume: fc.option(
      fc.record({ sizeGb: fc.integer({ min: 1, max: 5000 }), dataGb: fc.double({ min: 0.01, max: 5000, noNaN: true }), mountPath: fc.constant('/data') }),
      { nil: null },
    ),
  }) satisfies fc.Arbitrary<RailwayContainer>;

  it('equals exactTotal(usageItems(...)) for any containers, utilization and egress', () => {
    fc.assert(
      fc.property(
        fc.array(container, { maxLength: 12 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.constantFrom(0.1, 0.25, 1),
        fc.constantFrom(0, 0.5, 10, 12345),
        (containers, utilization, cpuShare, egressGb) => {
          const use = { utilization, cpuShare, egressGb };
          expect(usageTotal(containers, use, usage).toString()).toBe(exactTotal(usageItems(containers, use, usage)).toString());
        },
      ),
      { numRuns: 500 },
    );
  });
});
