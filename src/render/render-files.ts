/** Renders file plans with the templates: the last pure step before the disk. */
import type { FileToRender } from '../core/platform.js';
import { createRenderer, type TemplateSources } from './handlebars.js';

/** A file ready to write. */
export interface RenderedFile {
  path: string;
  contents: string;
  mode?: number;
}

/** One compiled renderer per set of template sources (templates compile once per process). */
const renderers = new WeakMap<TemplateSources, ReturnType<typeof createRenderer>>();

/** Renders every plan; a template error names the file it was rendering. */
export function renderFiles(plans: readonly FileToRender[], sources: TemplateSources): RenderedFile[] {
  let render = renderers.get(sources);
  if (!render) {
    render = createRenderer(sources);
    renderers.set(sources, render);
  }
  return plans.map((plan) => {
    let contents: string;
    try {
      contents = render(plan.template, plan.context);
    } catch (error) {
      throw new Error(`rendering ${plan.path} from templates/${plan.template}.hbs: ${(error as Error).message}`, { cause: error });
    }
    const file: RenderedFile = { path: plan.path, contents: contents.endsWith('\n') ? contents : `${contents}\n` };
    if (plan.mode !== undefined) file.mode = plan.mode;
    return file;
  });
}
