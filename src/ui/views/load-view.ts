/**
 * The Ink view, loaded on demand. Its own small module on purpose: the view is an ES module (ink
 * and yoga-layout await at the top level), so the import() below stays an import() in the
 * CommonJS bundle, and a chunk holding an import() is compiled without the code cache (see
 * src/compile-cache.ts). Kept apart, that is this one line, not the whole wizard.
 */
export const loadView = () => import('./render.js');
