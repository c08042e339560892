/** The file-reading seam: the app receives this, tests give it a fake. */
export type ReadFile = (path: string) => Promise<string>;
