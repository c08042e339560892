/**
 * Starter files of the user's project: a LiteLLM proxy that reads its config from a repository
 * file (`--config /app/config.yaml` mounted from `./config/litellm_config.yaml`) needs that file,
 * and a user of the built-in stack does not have one. generate writes this starter there only when
 * the file is missing (it is the user's file from then on; never overwritten). Every key is an
 * `os.environ/NAME` reference to a secret set on the platform, never a value.
 * Format: https://docs.litellm.ai/docs/proxy/configs
 */
import { imageRow } from '../compose/image-table.js';
import type { FileToRender } from '../core/platform.js';
import type { Service, Stack } from '../core/stack.js';
import { shellWords } from './command-lines.js';

/** Provider keys a LiteLLM service may hold, and a model each serves in the starter. */
const PROVIDERS: { key: string; name: string; model: string }[] = [
  { key: 'OPENAI_API_KEY', name: 'gpt-4o-mini', model: 'openai/gpt-4o-mini' },
  { key: 'ANTHROPIC_API_KEY', name: 'claude-3-5-haiku', model: 'anthropic/claude-3-5-haiku-20241022' },
  { key: 'GEMINI_API_KEY', name: 'gemini-2.0-flash', model: 'gemini/gemini-2.0-flash' },
  { key: 'MISTRAL_API_KEY', name: 'mistral-small', model: 'mistral/mistral-small-latest' },
  { key: 'GROQ_API_KEY', name: 'llama-3.1-8b', model: 'groq/llama-3.1-8b-instant' },
];

/** The repository path of the file a LiteLLM service reads with --config, when it is mounted from the repository. */
export function litellmConfigSource(s: Service): string | null {
  if (imageRow(s.image)?.id !== 'litellm') return null;
  const words = shellWords(s.command ?? '');
  const at = words.indexOf('--config');
  const target = at >= 0 ? words[at + 1] : undefined;
  const mount = s.mounts.find((m) => m.target === target);
  return mount ? mount.source.replace(/^(\.\/)+/, '') : null;
}

/** The starter config of each LiteLLM service of the stack, as paths of the repository root. */
export function starterConfigFiles(stack: Stack): FileToRender[] {
  const plans = new Map<string, FileToRender>();
  for (const s of stack.services) {
    const path = litellmConfigSource(s);
    if (!path || plans.has(path)) continue;
    const has = (name: string) => s.env.some((e) => e.name === name);
    const providers = PROVIDERS.filter((p) => has(p.key));
    plans.set(path, {
      path,
      template: '_common/litellm_config.yaml',
      context: {
        service: s.slug,
        // Without a provider key in the stack, OpenAI's as the example to adapt.
        models: (providers.length > 0 ? providers : PROVIDERS.slice(0, 1)).map((p) => ({ name: p.name, model: p.model, keyRef: `os.environ/${p.key}` })),
        masterKeyRef: has('LITELLM_MASTER_KEY') ? 'os.environ/LITELLM_MASTER_KEY' : null,
        otel: s.env.some((e) => e.name === 'OTEL_EXPORTER' || e.name === 'OTEL_EXPORTER_OTLP_ENDPOINT'),
      },
    });
  }
  return [...plans.values()];
}
