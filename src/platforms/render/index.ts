/** Render: one Blueprint, flat instance prices, managed Postgres. */
import { definePlatform } from '../types.js';
import { priceRender } from './estimate.js';
import { resolveRender, type RenderModel } from './model.js';
import { renderFilesPlan } from './plan.js';

export type { RenderModel };
export const render = definePlatform<RenderModel>({ id: 'render', resolve: resolveRender, price: priceRender, files: renderFilesPlan });
