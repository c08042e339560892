/**
 * data/images.json: what well-known images need (memory, CPU) and how they start (the image's
 * ENTRYPOINT and CMD), each row with its source and date. Parsed on first use: only the compose
 * import and the tests read it, so `estimate` does not pay for it.
 */

import * as z from 'zod/mini';
import data from '../../data/images.json' with { type: 'json' };

const url = () => z.string().check(z.regex(/^https:\/\/\S+$/, 'an https URL'));
const date = () => z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-12-02'));
const mb = () => z.number().check(z.int(), z.minimum(128, 'at least 128 MB'), z.maximum(262144, 'at most 256 GB'));

const text = () => z.string().check(z.minLength(1));
const envName = () => z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name such as LITELLM_MASTER_KEY'));

/**
 * What a bootstrap step does. `api-key`: an HTTP call made inside the service's own container (where
 * its admin secret is), whose JSON result becomes a secret of each service that calls it;
 * `secret`: a value made once and set on the service; `sign-in`: a first sign-in the user does.
 */
export const BootstrapActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('api-key'),
    method: z.enum(['POST']),
    /** Path on the service's port, such as /key/generate. */
    path: z.string().check(z.startsWith('/', 'a path such as /key/generate')),
    /** The service's variable holding the admin key sent as the bearer token. */
    authVariable: envName(),
    /** JSON field of the request that names the key after its caller. */
    aliasField: z.optional(envName()),
    /** JSON field of the response that holds the new key. */
    resultField: envName(),
    /** Names a calling service uses for the key; the first a caller has receives it. */
    callerVariables: z.array(envName()).check(z.minLength(1)),
    /** The documented alternative: what to do to use the admin key itself, said in the step. */
    masterKeyChoice: text(),
  }),
  z.strictObject({
    kind: z.literal('secret'),
    variable: envName(),
    /** The shell command that makes the value (printed to stdout, never written anywhere). */
    generate: text(),
  }),
  z.strictObject({ kind: z.literal('sign-in') }),
]);

/** A step the first deploy of the image needs once it runs, with its source. */
export const BootstrapStepSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and -')),
  title: text(),
  /** Why it is needed, in a sentence or two (DEPLOY.md shows it). */
  why: text(),
  /** Only when the service sets this variable to this value (Phoenix: PHOENIX_ENABLE_AUTH=true). */
  when: z.optional(z.strictObject({ variable: envName(), equals: z.string() })),
  /** Only for these of the row's repositories (Langfuse's web image, not its worker). */
  repositories: z.optional(z.array(text()).check(z.minLength(1))),
  action: BootstrapActionSchema,
  source: url(),
  moreSources: z.optional(z.array(url())),
});
export type BootstrapStep = z.infer<typeof BootstrapStepSchema>;

/** One well-known image. */
export const ImageRowSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and -')),
  name: z.string().check(z.minLength(1)),
  /** Repositories without tag, as compose files write them. */
  repositories: z.array(z.string().check(z.minLength(1))).check(z.minLength(1, 'at least one repository')),
  memory: z.strictObject({
    /** The least it runs on, when its docs give it. */
    minimumMb: z.optional(mb()),
    /** What a service of this image gets when compose sets no limit. */
    recommendedMb: mb(),
    /** What its docs ask for under production load (said in the assumption). */
    productionMb: z.optional(mb()),
  }),
  vcpu: z.optional(z.number().check(z.positive(), z.maximum(64))),
  /** Where the figures come from, in a sentence. */
  basis: z.string().check(z.minLength(1)),
  source: url(),
  moreSources: z.optional(z.array(url())),
  /** The image's ENTRYPOINT and CMD (exec form), when known. */
  entrypoint: z.optional(z.array(z.string())),
  cmd: z.optional(z.array(z.string())),
  entrypointSource: z.optional(url()),
  asOf: date(),
  /** Steps a first deploy runs, in order, once the service is up (DEPLOY.md on every platform). */
  bootstrap: z.optional(z.array(BootstrapStepSchema)),
});
export type ImageRow = z.infer<typeof ImageRowSchema>;

/** The whole table. */
export const ImageTableSchema = z.strictObject({
  version: z.literal(1),
  asOf: date(),
  images: z.array(ImageRowSchema),
});
export type ImageTable = z.infer<typeof ImageTableSchema>;

let table: ImageTable | undefined;

/** The table shipped in data/images.json (validated once; a failure is a bug). */
export function imageTable(): ImageTable {
  table ??= ImageTableSchema.parse(data);
  return table;
}

/** The repository of an image reference, without tag or digest, lower-case. */
export function imageRepository(image: string): string {
  return image
    .trim()
    .replace(/@.*$/, '')
    .replace(/:[^/:]*$/, '')
    .toLowerCase();
}

/** The row of an image reference (`ghcr.io/berriai/litellm:main-stable`), or undefined. */
export function imageRow(image: string | undefined): ImageRow | undefined {
  if (!image) return undefined;
  const repository = imageRepository(image);
  return imageTable().images.find((row) => row.repositories.includes(repository));
}
