/**
 * The rehearsal harness can be satisfied: a guide written the documented way (secrets piped, the
 * database's TCP proxy opened for the copy and closed after, image services redeployed once the
 * databases exist, the given compose file named) runs through it with no failure and no broken rule.
 * The generated guides are rehearsed in test/e2e/rehearsal.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlockRun, calls, cleanup, finalState, prepare, type Rehearsal, runBlocks, secretsOf, shellBlocks } from '../helpers/rehearsal/harness.js';

describe('a Railway guide written the documented way passes the rehearsal', () => {
  let r: Rehearsal;
  let runs: BlockRun[];
  beforeAll(async () => {
    r = prepare('railway', 'seed');
    const secrets = secretsOf(readFileSync(join(r.out, 'DEPLOY.md'), 'utf8'));
    const pipe = Object.entries(secrets).flatMap(([svc, names]) => names.map((n) => `printf %s "$${n}" | railway variable set ${n} --stdin --service ${svc}`));
    const guide = [
      '1. **Project**',
      '```sh',
      'railway login',
      'railway init --name reasoning',
      'railway config apply',
      '```',
      '2. **Databases**',
      '```sh',
      'railway tcp-proxy create --service postgres --port 5432',
      `railway run --service postgres -- sh -c 'psql "$DATABASE_PUBLIC_URL" -f db/databases.sql'`,
      'railway redeploy --service phoenix --yes',
      '```',
      '3. **Secrets**',
      '```sh',
      ...pipe,
      '```',
      '4. **Deploy**',
      '```sh',
      'railway up ./reasoning-api --path-as-root --service reasoning-api --detach',
      'railway up ./tools-api --path-as-root --service tools-api --detach',
      'railway up . --path-as-root --service litellm --detach',
      '```',
      '5. **Copy**',
      '```sh',
      `POSTGRES_URL="$(railway variables --service postgres --kv | sed -n 's/^DATABASE_PUBLIC_URL=//p')"`,
      'stackfare migrate-data --from-compose docker-compose.personal.yml --to reasoning="${POSTGRES_URL%/*}/reasoning" --dry-run',
      'railway tcp-proxy delete --service postgres 5432 --yes',
      '```',
    ].join('\n');
    ({ runs } = await runBlocks(r, shellBlocks(guide)));
  }, 300_000);
  afterAll(() => r && cleanup(r));

  it('every step exits 0 and no rule is broken', () => {
    expect(runs.filter((x) => x.exitCode !== 0).map((x) => `${x.step}: ${x.output}`)).toEqual([]);
    expect(finalState(r).violations).toEqual([]);
  });
  it('the calls are recorded: piped secrets (length only), the proxy opened and closed, phoenix redeployed', () => {
    const cs = calls(r);
    const sets = cs.filter((c) => c.argv.includes('--stdin'));
    expect(sets.length).toBeGreaterThan(0);
    for (const c of sets) expect(c).toMatchObject({ stdinIsTTY: false, exit: 0 });
    for (const c of sets) expect(c.stdinBytes).toBeGreaterThan(0);
    const state = finalState(r);
    expect(state.railway.tcpProxy.postgres).toBe(false);
    expect(state.railway.redeployed.phoenix).toBeGreaterThan(state.databasesCreated);
    expect(readFileSync(join(r.state, 'calls.jsonl'), 'utf8')).not.toMatch(/rehearsal-api_tokens|rehearsal-pg-pw/);
  });
  it('twelve stand-ins at once each record their call and their change: the lock loses no write, the state stays whole', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `CONCURRENT_${i}`);
    const block = `${names.map((n) => `printf x | railway variable set ${n} --stdin --service tools-api &`).join('\n')}\nwait`;
    const before = calls(r).length;
    const { runs: after } = await runBlocks(r, shellBlocks(`1. **At once**\n\`\`\`sh\n${block}\n\`\`\``));
    expect(after[0]?.exitCode, after[0]?.output).toBe(0);
    expect(calls(r).length - before).toBe(names.length);
    expect(finalState(r).railway.vars['tools-api']).toEqual(expect.arrayContaining(names));
  });
  it('a lock left by a stand-in that was killed holding it is taken over, not waited on for 30 s each call', async () => {
    // A pid that has exited: a finished child's.
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    mkdirSync(join(r.state, 'state.lock'));
    writeFileSync(join(r.state, 'state.lock', 'pid'), String(dead));
    const t0 = performance.now();
    const { runs: after } = await runBlocks(r, shellBlocks('1. **Who**\n```sh\nrailway whoami\n```'), 20_000);
    expect(after[0]?.output).not.toContain('timed out');
    expect(after[0]?.exitCode).toBe(0);
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(existsSync(join(r.state, 'state.lock'))).toBe(false);
  });
  it('the same secret typed at a terminal is refused, as the Railway CLI does', async () => {
    const { runs: bad } = await runBlocks(r, shellBlocks('1. **Secret**\n```sh\nrailway variable set API_TOKENS --stdin --service reasoning-api\n```'));
    expect(bad[0]?.exitCode).toBe(1);
    expect(bad[0]?.output).toContain('No input provided via stdin. Use --stdin with piped input');
  });
});

describe('shell blocks', () => {
  it('are read in order with their step, indented or not, sh/bash only', () => {
    const md = '1. **One**\n\n    ```sh\n    echo a\n    ```\n\n2. **Two**\n```bash\necho b\n```\n```mermaid\nx\n```\n';
    expect(shellBlocks(md)).toEqual([
      { step: '1. One', code: 'echo a' },
      { step: '2. Two', code: 'echo b' },
    ]);
  });
});
