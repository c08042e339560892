/**
 * The deploy rehearsal: for every platform, for the built-in stack and the seed-like fixture
 * (test/fixtures/seed-project), the generated DEPLOY.md is followed command by command — its shell
 * blocks run in order by bash (stdin a terminal, as for a person) in a copy of the project, every
 * platform CLI replaced by a recording stand-in that accepts exactly the real CLI's commands and
 * flags (test/fixtures/cli-tables) and enforces the documented behaviours. A person supplies values
 * as exported environment variables: every secret of DEPLOY.md's secrets list is exported under its
 * own name before the first step; anything else a command needs typed into it is a finding.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { PlatformId } from '../../src/core/answers.js';
import { type BlockRun, calls, cleanup, type Fill, finalState, prepare, type Rehearsal, runBlocks, shellBlocks } from '../helpers/rehearsal/harness.js';
import { IN_CI, SHELLCHECK, shellcheck, shellcheckNotice } from '../helpers/shellcheck.js';

const PLATFORMS: PlatformId[] = ['railway', 'fly', 'render', 'digitalocean', 'local', 'kubernetes'];
const KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!KUBECTL) console.warn('\n*** kubectl is not installed: the kustomize build of the Kubernetes output is SKIPPED. ***\n');
shellcheckNotice();

/** Every generated file's text (DEPLOY.md and the platform files), for checks on what they say. */
function generatedText(r: Rehearsal): string {
  // Against the fixture's own commit: a DEPLOY.md step may have committed the generated files (git add, git commit).
  const git = (...args: string[]) => spawnSync('git', args, { cwd: r.project, encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  const root = git('rev-list', '--max-parents=0', 'HEAD')[0] ?? 'HEAD';
  const files = [...new Set([...git('diff', '--name-only', root), ...git('ls-files', '--others', '--exclude-standard')])];
  return files
    .filter((f) => existsSync(join(r.project, f)) && statSync(join(r.project, f)).isFile())
    .map((f) => readFileSync(join(r.project, f), 'utf8'))
    .join('\n');
}

/** A readable summary of the steps that failed. */
const failed = (runs: BlockRun[]) =>
  runs.filter((x) => x.exitCode !== 0).map((x) => `${x.step}: exit ${x.exitCode}: ${x.output.trim().split('\n').slice(-3).join(' | ')}`);

for (const stack of ['builtin', 'seed'] as const) {
  describe.each(PLATFORMS)(`rehearsal of %s (${stack === 'seed' ? 'seed fixture' : 'built-in stack'})`, (platform) => {
    let r: Rehearsal;
    let runs: BlockRun[] = [];
    let fills: Fill[] = [];
    let markdown = '';
    beforeAll(async () => {
      r = prepare(platform, stack);
      markdown = readFileSync(join(r.out, 'DEPLOY.md'), 'utf8');
      ({ runs, fills } = await runBlocks(r, shellBlocks(markdown)));
    }, 600_000);
    afterAll(() => r && cleanup(r));

    it('every DEPLOY.md step runs as written', () => {
      expect(runs.length).toBeGreaterThan(0);
      expect(failed(runs)).toEqual([]);
    });
    it('no command needs a value typed into it (values come from variables the step exports or documents)', () => {
      expect(fills.map((f) => `${f.step}: ${f.what}`)).toEqual([]);
    });
    it('every shell block is commands a shell can run (no dashboard value lists in sh blocks)', () => {
      expect(runs.filter((x) => x.skipped).map((x) => `${x.step}: ${x.skipped}`)).toEqual([]);
    });
    it('no CLI call broke a documented rule', () => {
      expect(finalState(r).violations.map((v: { cli: string; message: string }) => `${v.cli}: ${v.message}`)).toEqual([]);
    });
    it.skipIf(!SHELLCHECK && !IN_CI)('shellcheck passes on every DEPLOY.md shell block', () => {
      expect(SHELLCHECK, 'shellcheck must be installed in CI').toBe(true);
      const findings = shellBlocks(markdown)
        .map((b) => [b.step, shellcheck(b.code)])
        .filter(([, f]) => f);
      expect(findings).toEqual([]);
    });
    if (platform !== 'local') {
      it('a step creates the LiteLLM key reasoning-api sends (POST /key/generate with the master key), or says it uses the master key', () => {
        // The request runs where the private port is reachable: curl, a command run in the container
        // (railway ssh, fly ssh console -C), or the line DEPLOY.md gives to type in the service's shell.
        const generated = calls(r).some((c) => c.argv.some((a) => /\/key\/generate/.test(a))) || /```text\n[^`]*\/key\/generate/.test(markdown);
        expect(generated || /LITELLM_API_KEY[^\n]*master key/i.test(markdown)).toBe(true);
      });
      it('the data copy names the compose file the files were generated from (or URLs, for the built-in stack)', () => {
        const copies = calls(r).filter((c) => c.cli === 'stackfare' && c.argv[0] === 'migrate-data');
        expect(copies.length).toBeGreaterThan(0);
        for (const c of copies) if (c.argv.includes('--from-compose')) expect(c.argv[c.argv.indexOf('--from-compose') + 1]).toBe(r.compose);
      });
    }
    if (stack === 'seed') {
      it("reasoning-api's alembic migrations run on every deploy (uv run alembic -c alembic.ini upgrade head)", () => {
        expect(generatedText(r)).toMatch(/uv run alembic -c alembic\.ini upgrade head/);
      });
    }
    if (platform === 'railway') {
      it('image services that started before their databases existed are redeployed', () => {
        const state = finalState(r);
        const R = state.railway ?? { services: {}, redeployed: {} };
        const created: number = state.databasesCreated ?? Infinity;
        const stale = Object.entries(R.services as Record<string, { startedBeforeDatabases: boolean }>)
          .filter(([name, s]) => s.startedBeforeDatabases && !((R.redeployed[name] ?? 0) > created))
          .map(([name]) => name);
        expect(stale).toEqual([]);
      });
      it('secrets are piped to railway variable set --stdin (never a terminal)', () => {
        const sets = calls(r).filter((c) => c.cli === 'railway' && c.argv.includes('--stdin'));
        expect(sets.length).toBeGreaterThan(0);
        expect(sets.filter((c) => c.stdinIsTTY || !c.stdinBytes).map((c) => c.argv.join(' '))).toEqual([]);
      });
      it("the private database's temporary public access for the copy is opened and closed again", () => {
        const proxies = calls(r).filter((c) => c.cli === 'railway' && c.argv[0] === 'tcp-proxy');
        expect(proxies.some((c) => /create|add|new/.test(c.argv[1] ?? ''))).toBe(true);
        expect(proxies.some((c) => /delete|rm|remove/.test(c.argv[1] ?? ''))).toBe(true);
      });
    }
    if (platform === 'fly') {
      it('Fly dev Postgres (--postgres dev): each attached URL is rewritten for its driver (scheme and sslmode) before the deploy', async () => {
        const dev = prepare('fly', stack, ['--postgres', 'dev']);
        try {
          await runBlocks(dev, shellBlocks(readFileSync(join(dev.out, 'DEPLOY.md'), 'utf8')));
          const F = finalState(dev).fly ?? {};
          const attached: Array<{ app: string; variable: string; at: number }> = F.attached ?? [];
          expect(attached.length, 'fly postgres attach ran').toBeGreaterThan(0);
          // asyncpg (reasoning-api) crashes on sslmode; Phoenix rejects the postgres scheme.
          const needsRewrite = attached.filter((a) => /REASONING_DATABASE_URL|PHOENIX_SQL_DATABASE_URL/.test(a.variable));
          const notRewritten = needsRewrite.filter((a) => {
            const set = F.setAt?.[a.app]?.[a.variable];
            return !set || set.at < a.at || set.scheme === 'postgres' || /sslmode=disable/.test(set.query);
          });
          expect(notRewritten.map((a) => `${a.app} ${a.variable}`)).toEqual([]);
          const deployedAfter =
            notRewritten.length === 0 && needsRewrite.every((a) => (F.deployed?.[a.app] ?? 0) > (F.setAt?.[a.app]?.[a.variable]?.at ?? Infinity));
          expect(deployedAfter, 'each app deploys after its URL is rewritten').toBe(true);
        } finally {
          cleanup(dev);
        }
      }, 300_000);
    }
    if (platform === 'render') {
      it('a step redeploys after the sync: false values are filled', () => {
        expect(calls(r).some((c) => c.cli === 'render' && c.argv[0] === 'deploys' && c.argv[1] === 'create')).toBe(true);
      });
    }
    if (platform === 'digitalocean' || platform === 'kubernetes') {
      it("the data copy restores as each app's own user, or ownership is reassigned to it", () => {
        const state = finalState(r);
        const asAdmin = (state.copyTargets ?? []).filter((t: { user: string }) => t.user === 'doadmin');
        const reassigned = (state.sql ?? []).some((s: string) => /REASSIGN OWNED|OWNER TO/i.test(s));
        expect(asAdmin.length === 0 || reassigned, `restored as doadmin: ${asAdmin.map((t: { name: string }) => t.name).join(', ')}`).toBe(true);
      });
    }
    if (platform === 'kubernetes') {
      it.skipIf(!KUBECTL)('kubectl kustomize builds k8s/ after the copy steps', () => {
        const k = spawnSync('kubectl', ['kustomize', 'k8s/'], { cwd: r.out, encoding: 'utf8' });
        expect(k.stderr).toBe('');
        expect(k.status).toBe(0);
      });
      it('no step installs the retired ingress-nginx; an HPA comes after a metrics-server check', () => {
        const cs = calls(r);
        expect(cs.filter((c) => c.cli === 'kubectl' && c.argv.some((a) => /ingress-nginx/.test(a))).map((c) => c.argv.join(' '))).toEqual([]);
        const applyK = cs.findIndex((c) => c.cli === 'kubectl' && c.argv.includes('apply') && c.argv.some((a) => a === '-k' || a.startsWith('--kustomize')));
        const hpa = readdirSync(join(r.out, 'k8s'))
          .filter((f) => f.endsWith('.yaml'))
          .some((f) => /HorizontalPodAutoscaler/.test(readFileSync(join(r.out, 'k8s', f), 'utf8')));
        const check = cs.findIndex((c) => c.cli === 'kubectl' && (c.argv.includes('top') || c.argv.some((a) => /metrics\.k8s\.io|metrics-server/.test(a))));
        if (hpa) expect(check >= 0 && check < applyK, 'a metrics-server check before kubectl apply -k').toBe(true);
      });
      it('multi-user (HPAs): metrics-server is checked before the HPAs apply, and no Deployment an HPA scales sets replicas', async () => {
        const mu = prepare('kubernetes', stack, ['--tier', 'multi-user']);
        try {
          const { runs } = await runBlocks(mu, shellBlocks(readFileSync(join(mu.out, 'DEPLOY.md'), 'utf8')));
          const cs = calls(mu);
          const applyK = cs.findIndex((c) => c.cli === 'kubectl' && c.argv.includes('apply') && c.argv.some((a) => a === '-k' || a.startsWith('--kustomize')));
          const check = cs.findIndex((c) => c.cli === 'kubectl' && (c.argv.includes('top') || c.argv.some((a) => /metrics\.k8s\.io|metrics-server/.test(a))));
          // When it did not, the blocks that failed say why (their step, exit code and the end of their output).
          const failed = runs.filter((b) => b.exitCode !== 0).map((b) => `${b.step}: exit ${b.exitCode}\n${b.output.slice(-1500)}`);
          expect(applyK, `kubectl apply -k ran; blocks that failed:\n${failed.join('\n---\n') || '(none)'}`).toBeGreaterThanOrEqual(0);
          expect(check >= 0 && check < applyK, 'a metrics-server check before kubectl apply -k').toBe(true);
          // kubectl apply resets spec.replicas on every apply, undoing what the HPA scaled to.
          const docs = readdirSync(join(mu.out, 'k8s'))
            .filter((f) => f.endsWith('.yaml'))
            .flatMap((f) => YAML.parseAllDocuments(readFileSync(join(mu.out, 'k8s', f), 'utf8')).map((d) => d.toJS()));
          const scaled = docs.filter((d) => d?.kind === 'HorizontalPodAutoscaler').map((d) => d.spec.scaleTargetRef.name);
          expect(scaled.length).toBeGreaterThan(0);
          expect(
            docs.filter((d) => d?.kind === 'Deployment' && scaled.includes(d.metadata.name) && d.spec.replicas !== undefined).map((d) => d.metadata.name),
          ).toEqual([]);
        } finally {
          cleanup(mu);
        }
      }, 300_000);
    }
  });
}
