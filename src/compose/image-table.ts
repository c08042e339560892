/**
 * data/images.json: what well-known images need (memory, CPU) and how they start (the image's
 * ENTRYPOINT and CMD), each row with its source and date. Parsed on first use: only the compose
 * import and the tests read it, so `estimate` does not pay for it.
 */
import data from '../../data/images.json' with { type: 'json' };
import * as z from 'zod/mini';

const url = () => z.string().check(z.regex(/^https:\/\/\S+$/, 'an https URL'));
const date = () => z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-12-02'));
const mb = () => z.number().check(z.int(), z.minimum(128, 'at least 128 MB'), z.maximum(262144, 'at most 256 GB'));

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

/** The row of an image reference (`ghcr.io/berriai/litellm:main-stable`), or undefined. */
export function imageRow(image: string | undefined): ImageRow | undefined {
  if (!image) return undefined;
  const repository = image
    .trim()
    .replace(/@.*$/, '')
    .replace(/:[^/:]*$/, '')
    .toLowerCase();
  return imageTable().images.find((row) => row.repositories.includes(repository));
}
