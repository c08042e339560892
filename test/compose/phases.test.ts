/**
 * The mapping's phases return new values and write their notes to one collector: a phase given
 * frozen input cannot have changed it, and the collector keeps warnings, assumptions and the
 * grouped names in the order they came.
 */
import { describe, expect, it } from 'vitest';
import { resolveHostUrls } from '../../src/compose/host-urls.js';
import type { ServiceInput } from '../../src/core/answers.js';
import { DEFAULT_ANSWERS } from '../../src/core/default-answers.js';
import { Notes } from '../../src/core/notes.js';
import { buildStack } from '../../src/core/stack.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const service = (name: string, env: ServiceInput['env'], extra: Partial<ServiceInput> = {}): ServiceInput =>
  ({
    name,
    role: 'api',
    vcpu: 0.5,
    memoryMb: 512,
    instances: 1,
    env,
    usesDatabase: false,
    optional: false,
    image: 'nginx:1.27',
    port: 80,
    ...extra,
  }) as ServiceInput;

describe('one notes collector', () => {
  it('keeps warnings, assumptions and grouped names in order', () => {
    const notes = new Notes([{ code: 'a', severity: 'info', message: 'first' }], ['given']);
    notes.forService('web')('b', 'warning', 'second', 'fix it');
    notes.assume('then');
    notes.group('memory', 'web');
    notes.group('memory', 'api');
    expect(notes.warnings).toEqual([
      { code: 'a', severity: 'info', message: 'first' },
      { code: 'b', severity: 'warning', message: 'second', service: 'web', fix: 'fix it' },
    ]);
    expect(notes.assumptions).toEqual(['given', 'then']);
    expect(notes.grouped('memory')).toEqual(['web', 'api']);
    expect(notes.grouped('cpu')).toEqual([]);
  });
});

describe('phases return new values', () => {
  it('resolveHostUrls rewrites a laptop URL into a new service list, leaving its input as it was', () => {
    const input = deepFreeze([service('web', [{ name: 'API_URL', secret: false, value: 'http://localhost:8080/v1' }]), service('api', [])]);
    const notes = new Notes();
    const out = resolveHostUrls(input, [{ service: 'api', published: 8080, target: 80 }], 'compose.yaml', notes);
    expect(out[0]!.env[0]!.ref).toEqual({ service: 'api', port: 80, form: 'url', scheme: 'http', path: '/v1', public: true });
    expect(input[0]!.env[0]!.ref).toBeUndefined();
    expect(notes.assumptions).toHaveLength(1);
  });

  it('buildStack reads a frozen source: references, exposure, databases and auth come back as new services', () => {
    const source = deepFreeze({
      kind: 'custom' as const,
      services: [
        service('web', [{ name: 'API', secret: false, ref: { service: 'api', form: 'url' as const } }], { role: 'web' }),
        service('api', [], { usesDatabase: true }),
      ],
      keyValue: [{ name: 'cache', memoryMb: 256, usedBy: ['api'] }],
    });
    const stack = buildStack({ ...DEFAULT_ANSWERS, tier: 'multi-user' }, source);
    const api = stack.services.find((s) => s.slug === 'api')!;
    expect(api.public).toBe(false);
    expect(api.database).not.toBeNull();
    expect(api.keyValue).toBe('cache');
    expect(api.env.map((e) => e.name)).toContain('DATABASE_URL');
    expect(api.env.map((e) => e.name)).toContain('REDIS_URL');
    expect(stack.links).toEqual([{ from: 'web', variable: 'API', to: 'api', port: 80 }]);
    expect(source.services[1]!.env).toEqual([]);
  });
});
