/** Generates a platform's files in memory (no disk), and parses them back by extension. */
import { parse as parseToml } from 'smol-toml';
import YAML from 'yaml';
import type { ParsedArgs } from '../../src/args.js';
import { type GenerationResult, generateFiles } from '../../src/commands/generate.js';
import { type AnswersInput, AnswersSchema, type PlatformId } from '../../src/core/answers.js';
import type { GenerateOptions } from '../../src/core/platform.js';
import type { StackSource } from '../../src/core/stack.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import type { RenderedFile } from '../../src/render/render-files.js';

export const DEFAULT_OPTIONS: GenerateOptions = { railwayLegacy: false, writeEnv: false, apiToken: null };

/** The files `stackfare generate --platform <platform>` would write for these answers. */
export async function generateFor(
  platform: PlatformId,
  answers: AnswersInput = {},
  options: Partial<GenerateOptions> = {},
  source?: StackSource,
): Promise<GenerationResult> {
  const parsed = AnswersSchema.parse(answers);
  const args = { command: 'generate', implicitCommand: false, positionals: [], flags: {}, answers: {}, answerFlags: {} } as ParsedArgs;
  return generateFiles({ args, answers: parsed, fileAnswers: {}, book: builtinPriceBook(), source, deps: undefined as never }, platform, {
    ...DEFAULT_OPTIONS,
    ...options,
  });
}

/** Parses a generated file by its extension; undefined for formats with no parser (md, sh, sql). */
export function parseGenerated(file: RenderedFile): unknown {
  const name = file.path;
  if (/\.toml$/.test(name)) return parseToml(file.contents);
  if (/^k8s\/.*\.yaml$/.test(name) && name !== 'k8s/kustomization.yaml') {
    // Kubernetes manifests: several objects, one YAML document each.
    return YAML.parseAllDocuments(file.contents).map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${name}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return doc.toJS();
    });
  }
  if (/\.ya?ml$/.test(name)) {
    const doc = YAML.parseDocument(file.contents, { merge: true, uniqueKeys: true });
    if (doc.errors.length > 0) throw new Error(`${name}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS();
  }
  if (/\.json$/.test(name)) return JSON.parse(file.contents);
  return undefined;
}

/** The file at `path`, or a failing assertion message. */
export function fileAt(files: readonly RenderedFile[], path: string): RenderedFile {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no generated file ${path}; have: ${files.map((x) => x.path).join(', ')}`);
  return f;
}
