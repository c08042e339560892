/**
 * The public default explains itself when it looks wrong: a gateway that the other services call
 * is private while a database pooler is the only public service (Supabase's compose file).
 */
import { describe, expect, it } from 'vitest';
import { entryLook } from '../../src/compose/entry-guess.js';
import { importCompose } from '../../src/compose/import-compose.js';
import { CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFile, diskLoader, memoryLoader } from '../helpers/corpus.js';

const FILE = '/proj/compose.yaml';
const imp = (text: string) => importCompose({ file: FILE, display: 'compose.yaml', load: memoryLoader({ [FILE]: text }), env: {}, profiles: [] });

const GATEWAY_CALLED = `services:
  kong:
    image: kong:2.8.1
    ports: ["8000:8000"]
  studio:
    image: supabase/studio:2025.06.30
    environment:
      SUPABASE_URL: http://kong:8000
  pooler:
    image: supabase/supavisor:2.5.7
    ports: ["6543:6543"]
`;

describe('the public default', () => {
  it('warns when the gateway is private because others call it and a non-entry service is the only public one', async () => {
    const r = await imp(GATEWAY_CALLED);
    const w = r.warnings.find((x) => x.code === 'compose.entry-private');
    expect(w).toMatchObject({ severity: 'warning', service: 'kong' });
    expect(w!.message).toBe(
      'kong looks like the entry (a gateway or web front end (kong) on port 8000) but is private, because studio calls it; pooler (port 6543) is the only public service. Browsers and clients would not reach kong.',
    );
    expect(w!.fix).toContain('--public kong');
    expect(w!.fix).toContain('--private pooler');
    expect(
      r.assumptions.some((a) =>
        a.startsWith(
          'Public by default: a service that publishes a port and that no other service calls (pooler). Private: the ones other services call (kong)',
        ),
      ),
    ).toBe(true);
  });

  it('says nothing when a public service looks like the entry', async () => {
    const r = await imp(`services:
  web:
    image: nginx:1.27
    ports: ["80:80"]
  api:
    image: example/api:1
    ports: ["9000:9000"]
    environment:
      DB: postgres://u:p@db:5432/app
`);
    expect(r.warnings.some((x) => x.code === 'compose.entry-private')).toBe(false);
    expect(r.assumptions.some((a) => a.startsWith('Public by default'))).toBe(false);
  });

  it('knows a gateway by image or name and a web front end by its port', () => {
    expect(entryLook({ name: 'edge', image: 'traefik:v3.1' })).toContain('traefik');
    expect(entryLook({ name: 'api-gateway', image: 'example/x:1' })).toContain('gateway');
    expect(entryLook({ name: 'ui', image: 'example/ui:1', port: 3000 })).toBe('a web server on port 3000');
    expect(entryLook({ name: 'pooler', image: 'supabase/supavisor:2.5.7', port: 6543 })).toBeNull();
  });

  describe.skipIf(!corpusAvailable)(`Supabase's compose file (${corpusAvailable ? 'corpus' : CORPUS_SKIP_MESSAGE})`, () => {
    it('warns that kong is private while supavisor is the only public service', async () => {
      const file = corpusFile('supabase__docker-compose.yml');
      const r = await importCompose({ file, load: diskLoader, env: {}, profiles: [] });
      expect(r.services.find((s) => s.name === 'supavisor')!.public).toBe(true);
      const w = r.warnings.find((x) => x.code === 'compose.entry-private');
      expect(w?.service).toBe('kong');
      expect(w!.message).toContain('supavisor (port 6543) is the only public service');
    });
  });
});
