/** Every platform's wiring resolver, for the cross-platform wiring tests. */
import type { PlatformId } from '../../src/core/answers.js';
import { WIRING_RESOLVERS } from '../../src/platforms/resolvers.js';
import type { WiringResolver } from '../../src/platforms/wiring.js';

/** The resolver of every platform (the wiring test requires one for each). */
export const RESOLVERS: Partial<Record<PlatformId, WiringResolver>> = WIRING_RESOLVERS;
