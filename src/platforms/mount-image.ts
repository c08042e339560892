/**
 * Config files that travel: a service that runs a stock image with files mounted from the
 * repository (LiteLLM's `--config /app/config.yaml`) gets a generated Dockerfile, `FROM` the
 * image plus one `COPY` per mount, that the platform builds from the repository root. Its
 * compose `command` becomes the image's `CMD` (exec form), so the image's entrypoint stays.
 */

import type { FileToRender } from '../core/platform.js';
import type { Service, Stack } from '../core/stack.js';
import { type Warning, warning } from '../core/warnings.js';
import { shellWords } from './command-lines.js';

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
export function mountDockerfile(s: Service, header: string): FileToRender {
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

/** Where a mount's source sits inside the service's build context (`prompts`), or null when outside it. */
function inContext(context: string, source: string): string | null {
  const ctx = contextPath(context).replace(/\/+$/, '');
  const src = contextPath(source).replace(/\/+$/, '');
  if (ctx === '.') return src;
  return src === ctx ? '.' : src.startsWith(`${ctx}/`) ? src.slice(ctx.length + 1) : null;
}

/**
 * Repository files a service built from source mounts but does not carry: its Dockerfile does
 * not COPY them (a Dockerfile that does had the mount dropped at import). The platform builds the
 * image from the service's own context, so they are missing there; the fix is one COPY line in
 * that Dockerfile (the user's file, which stackfare never rewrites).
 */
export function unbakedMountWarnings(stack: Stack, platformName: string): Warning[] {
  return stack.services.flatMap((s) =>
    s.build && !s.image
      ? s.mounts.map((m) => {
          const rel = inContext(s.build!.context, m.source);
          const dockerfile = `${contextPath(s.build!.context).replace(/\/+$/, '')}/${s.build!.dockerfile ?? 'Dockerfile'}`;
          return warning(
            'mount.not-in-image',
            'error',
            `${s.slug} reads ${m.source} at ${m.target}, mounted from the repository, but its image is built from ${s.build!.context} and its Dockerfile does not COPY it there (or could not be read): on ${platformName} the service runs without it.`,
            {
              service: s.slug,
              fix:
                rel !== null
                  ? `Add COPY ${JSON.stringify([rel, m.target])} to ${dockerfile}, then generate again (the mount is then dropped).`
                  : `${m.source} is outside the build context ${s.build!.context}: move it inside and COPY it to ${m.target} in ${dockerfile}, or build from the repository root (build.context: .) and COPY it there.`,
            },
          );
        })
      : [],
  );
}
