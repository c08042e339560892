/** The ordered platform registry: the order is the display order everywhere. */
import type { PlatformId } from '../core/answers.js';
import { digitalocean } from './digitalocean/index.js';
import { fly } from './fly/index.js';
import { kubernetes } from './kubernetes/index.js';
import { local } from './local/index.js';
import { railway } from './railway/index.js';
import { render } from './render/index.js';
import type { PlatformDefinition } from './types.js';

export type { PlatformDefinition };

/** Every platform, in display order. */
export const PLATFORMS: readonly PlatformDefinition<any>[] = [railway, fly, render, digitalocean, local, kubernetes];

/** The platform with this id (the id type guarantees it exists). */
export function getPlatform(id: PlatformId): PlatformDefinition<any> {
  const p = PLATFORMS.find((d) => d.id === id);
  if (!p) throw new Error(`platform ${id} is not registered`);
  return p;
}
