/** Render: one Blueprint, flat instance prices, managed Postgres. */
import { definePlatform } from '../types.js';
import { priceRender } from './estimate.js';
import { resolveRender, type RenderModel } from './model.js';

export type { RenderModel };
export const render = definePlatform<RenderModel>({
  id: 'render',
  resolve: resolveRender,
  price: priceRender,
  // The files' code (templates' models, DEPLOY steps) loads only when files are generated: not on estimate's start-up path.
  files: async (model, stack, ctx) => (await import('./plan.js')).renderBlueprintFiles(model, stack, ctx),
});
