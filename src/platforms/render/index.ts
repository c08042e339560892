/** Render: one Blueprint, flat instance prices, managed Postgres. */
import { definePlatform } from '../../core/platform.js';
import type { Stack } from '../../core/stack.js';
import { priceRender } from './estimate.js';
import { type RenderModel, resolveRender } from './model.js';

export type { RenderModel };
export const render = definePlatform<RenderModel & { stack: Stack }>({
  id: 'render',
  capabilities: { hosted: true, postgresInCluster: false, sleeps: false, deployFiles: { marker: /^render\.yaml$/, main: /^render\.yaml$/ } },
  resolve: (stack, book) => ({ ...resolveRender(stack, book), stack }),
  price: (model, book) => priceRender(model, model.stack, book),
  // The files' code (templates' models, DEPLOY steps) loads only when files are generated: not on estimate's start-up path.
  files: async (model, ctx) => (await import('./files.js')).renderBlueprintFiles(model, model.stack, ctx),
});
