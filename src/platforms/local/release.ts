/**
 * Release commands with docker compose: a one-off service per app with a release command, from
 * the same image or build, variables and mounts, that runs the command and exits; the app waits
 * for it (`service_completed_successfully`), so `up` migrates before the new version starts.
 * `make <prefix>_migrate` runs them alone.
 */
import type { Stack } from '../../core/stack.js';

/** The parts of a compose service a release service copies (the local plan's model). */
interface ComposeLike {
  name: string;
  comment: string | null;
  command: string | null;
  restart: string;
  ports: string[];
  dependsOn: { name: string; condition: string }[];
  healthcheck: unknown;
}

/**
 * The release services, added after their apps; each app gains the wait on its own. `claim`
 * reserves a unique compose service name; `literal` escapes a value for compose's interpolation.
 */
export function releaseServices<S extends ComposeLike>(stack: Stack, apps: S[], claim: (wanted: string) => string, literal: (value: string) => string): S[] {
  const out: S[] = [];
  stack.services.forEach((s, i) => {
    const app = apps[i];
    if (!s.release || !app) return;
    const name = claim(`${s.slug}-release`);
    out.push({
      ...app,
      name,
      comment: `Runs ${s.slug}'s release command once, before ${s.slug} starts (make ..._migrate runs it alone).`,
      // compose's command replaces the image's CMD; its entrypoint stays, as on the platforms.
      command: literal(s.release.command),
      restart: 'no',
      ports: [],
      healthcheck: null,
      dependsOn: [...app.dependsOn],
    });
    app.dependsOn = [...app.dependsOn, { name, condition: 'service_completed_successfully' }];
  });
  return out;
}
