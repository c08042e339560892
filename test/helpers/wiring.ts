/** Every platform's wiring resolver, for the cross-platform wiring tests. */
import type { PlatformId } from '../../src/core/answers.js';
import type { WiringResolver } from '../../src/platforms/wiring.js';

/** Filled in as each platform's resolver lands; the wiring test requires one for every platform. */
export const RESOLVERS: Partial<Record<PlatformId, WiringResolver>> = {};
