/** The file-reading seam: the app receives this, tests give it a fake. */
import type { InputKind } from './read-input.js';

/** Reads a file as text; `kind` picks the size limit (the real reader is io/read-input.ts). */
export type ReadFile = (path: string, kind?: InputKind) => Promise<string>;
