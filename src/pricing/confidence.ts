/**
 * How sure a price is, apart from the price book's schema: estimators that weigh confidences
 * import this without pulling the schema (and zod) onto the start-up path.
 */

/** Confidences from most to least sure. */
export const CONFIDENCE = ['official', 'official-copy', 'third-party', 'uncertain'] as const;
export type Confidence = (typeof CONFIDENCE)[number];

/** The least sure of several confidences (CONFIDENCE runs from most to least sure). */
export function weakest(confidences: readonly Confidence[]): Confidence {
  return confidences.reduce<Confidence>((a, c) => (CONFIDENCE.indexOf(c) > CONFIDENCE.indexOf(a) ? c : a), 'official');
}
