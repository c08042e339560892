/**
 * Config files that travel: a service that runs a stock image with files mounted from the
 * repository (LiteLLM's `--config /app/config.yaml`) gets a generated Dockerfile, `FROM` the
 * image plus one `COPY` per mount, that the platform builds from the repository root. Its
 * compose `command` becomes the image's `CMD` (exec form), so the image's entrypoint stays.
 */
import type { Service } from '../core/stack.js';
import type { FilePlan } from './types.js';
import { shellWords } from './text.js';

/** Where the generated Dockerfile of a service is written (relative to the repository root). */
export const mountDockerfilePath = (slug: string) => `deploy/${slug}.Dockerfile`;

/** Whether the service needs a generated image: it mounts repository files into a stock image. */
export function needsMountImage(s: Service): boolean {
  return s.mounts.length > 0 && s.image !== undefined && s.build === undefined;
}

/** The repository-relative path Docker's COPY takes (`./litellm/config.yaml` → `litellm/config.yaml`). */
function contextPath(source: string): string {
  return source.replace(/^(\.\/)+/, '') || '.';
}

/** The generated Dockerfile of a service that mounts repository files into a stock image. */
export function mountDockerfile(s: Service, header: string): FilePlan {
  return {
    path: mountDockerfilePath(s.slug),
    template: '_common/mount.Dockerfile',
    context: {
      header,
      slug: s.slug,
      image: s.image,
      // COPY in JSON form: [source, target], so spaces in a path survive.
      copies: s.mounts.map((m) => [contextPath(m.source), m.target]),
      entrypoint: s.entrypoint !== undefined ? shellWords(s.entrypoint) : null,
      cmd: s.command !== undefined ? shellWords(s.command) : null,
    },
  };
}
