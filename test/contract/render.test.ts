import { describe, expect, it } from 'vitest';
import { fileAt, generateFor, parseGenerated } from '../helpers/generate.js';
import { HAVE_SCHEMAS, SKIP_MESSAGE, schemaErrors } from '../helpers/schemas.js';

if (!HAVE_SCHEMAS) console.warn(`render contract: ${SKIP_MESSAGE}`);

describe.skipIf(!HAVE_SCHEMAS)('render.yaml against Render\'s Blueprint schema', () => {
  it.each([
    ['single-user', {}],
    ['separate databases, no Phoenix', { db: 'separate', phoenix: false }],
    ['multi-user with a domain', { tier: 'multi-user', auth: 'supabase', domain: 'api.example.com', users: 20000 }],
  ] as const)('%s validates', async (_label, answers) => {
    const { files } = await generateFor('render', answers);
    const data = parseGenerated(fileAt(files, 'render.yaml'));
    expect(schemaErrors('render', data)).toEqual([]);
  });
});

describe('render.yaml carries the estimate\'s sizes', () => {
  it('uses the plans the estimate priced (Starter for 512 MB, Standard where Render has no 1 GB size)', async () => {
    const { files } = await generateFor('render');
    const data = parseGenerated(fileAt(files, 'render.yaml')) as { services: { name: string; plan: string; numInstances: number }[]; databases: { plan: string; diskSizeGB: number }[] };
    const plans = Object.fromEntries(data.services.map((s) => [s.name, s.plan]));
    expect(plans).toEqual({ 'reasoning-api': 'starter', 'tools-api': 'starter', litellm: 'standard', phoenix: 'standard' });
    expect(data.databases).toEqual([expect.objectContaining({ plan: 'basic-256mb', diskSizeGB: 5 })]);
  });

  it('asks for secrets with sync: false and never writes a value for them', async () => {
    const { files } = await generateFor('render');
    const data = parseGenerated(fileAt(files, 'render.yaml')) as { services: { envVars: Record<string, unknown>[] }[] };
    const apiToken = data.services[0]!.envVars.find((e) => e.key === 'API_TOKENS');
    expect(apiToken).toEqual({ key: 'API_TOKENS', sync: false });
  });
});

describe.skipIf(!HAVE_SCHEMAS)('the Render schema check can fail', () => {
  it('rejects a plan Render does not have', async () => {
    const { files } = await generateFor('render');
    const data = parseGenerated(fileAt(files, 'render.yaml')) as { services: { plan: string }[] };
    data.services[0]!.plan = 'mega';
    expect(schemaErrors('render', data).length).toBeGreaterThan(0);
  });
});
