/** The ordered platform registry: the order is the display order everywhere. */
import type { PlatformId } from '../core/answers.js';
import type { Platform, PlatformCapabilities } from '../core/platform.js';
import { digitalocean } from './digitalocean/index.js';
import { fly } from './fly/index.js';
import { kubernetes } from './kubernetes/index.js';
import { local } from './local/index.js';
import { railway } from './railway/index.js';
import { render } from './render/index.js';

export type { Platform };

/** Every platform, in display order. */
export const PLATFORMS: readonly Platform[] = [railway, fly, render, digitalocean, local, kubernetes];

/** The platform with this id (the id type guarantees it exists). */
export function getPlatform(id: PlatformId): Platform {
  const p = PLATFORMS.find((d) => d.id === id);
  if (!p) throw new Error(`platform ${id} is not registered`);
  return p;
}

/** Each platform's capabilities by id, for printers that hold a report's ids and not the platforms. */
export function capabilitiesById(): Readonly<Record<PlatformId, PlatformCapabilities>> {
  return Object.fromEntries(PLATFORMS.map((p) => [p.id, p.capabilities])) as Record<PlatformId, PlatformCapabilities>;
}
