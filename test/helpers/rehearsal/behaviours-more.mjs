// Stand-in behaviours of kubectl, docker, the PostgreSQL clients, curl, render, stackfare and the
// few everyday tools a guide calls (npm, git push, crontab). See behaviours.mjs.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import YAML from 'yaml';

const one = (flags, name) => (flags[name] ?? []).at(-1);
const isDir = (p) => existsSync(p) && statSync(p).isDirectory();
const seq = (state) => (state.seq = (state.seq ?? 0) + 1);

/** Kubernetes objects of YAML text. */
const objects = (text) =>
  YAML.parseAllDocuments(text)
    .map((d) => d.toJS())
    .filter((o) => o?.kind);

/** Names of the Secrets and ConfigMaps a workload's pods read. */
function podRefs(obj) {
  const refs = { secrets: new Set(), configMaps: new Set(), images: [] };
  const spec = obj.spec?.template?.spec ?? obj.spec?.jobTemplate?.spec?.template?.spec;
  for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
    refs.images.push(c.image);
    for (const e of c.env ?? []) {
      if (e.valueFrom?.secretKeyRef && !e.valueFrom.secretKeyRef.optional) refs.secrets.add(e.valueFrom.secretKeyRef.name);
      if (e.valueFrom?.configMapKeyRef) refs.configMaps.add(e.valueFrom.configMapKeyRef.name);
    }
    for (const e of c.envFrom ?? []) {
      if (e.secretRef && !e.secretRef.optional) refs.secrets.add(e.secretRef.name);
      if (e.configMapRef) refs.configMaps.add(e.configMapRef.name);
    }
  }
  for (const v of spec?.volumes ?? []) {
    if (v.secret) refs.secrets.add(v.secret.secretName);
    if (v.configMap) refs.configMaps.add(v.configMap.name);
  }
  return refs;
}

/** `kubectl apply`: records the objects (a -k folder is built by the real `kubectl kustomize`). */
function kubeApply(ctx, K) {
  const sources = [...(ctx.parsed.flags.filename ?? [])];
  const kdir = one(ctx.parsed.flags, 'kustomize');
  let objs = [];
  if (kdir) {
    const real = process.env.REHEARSAL_REAL_KUBECTL;
    if (!real) ctx.fail('rehearsal: no real kubectl to build the kustomization; install kubectl');
    const r = spawnSync(real, ['kustomize', kdir], { cwd: ctx.cwd, encoding: 'utf8' });
    if (r.status !== 0) ctx.fail(`error: ${r.stderr.trim()}`);
    objs = objects(r.stdout);
    K.kustomized = true;
  }
  for (const f of sources) {
    if (/^https?:\/\//.test(f)) {
      K.remote.push(f);
      continue;
    }
    if (!existsSync(ctx.file(f))) ctx.fail(`error: the path "${f}" does not exist`);
    objs.push(...objects(readFileSync(ctx.file(f), 'utf8')));
  }
  const ns = one(ctx.parsed.flags, 'namespace');
  for (const o of objs) if (o.kind === 'Namespace') K.namespaces[o.metadata.name] = true;
  for (const o of objs) {
    const on = o.metadata?.namespace ?? ns ?? 'default';
    if (o.kind !== 'Namespace' && !K.namespaces[on] && on !== 'default')
      ctx.fail(`Error from server (NotFound): error when creating "${kdir ?? sources[0]}": namespaces "${on}" not found`);
    if (o.kind === 'ConfigMap' || o.kind === 'Secret') {
      const byNs = K[o.kind === 'Secret' ? 'secrets' : 'configMaps'];
      byNs[on] ??= {};
      byNs[on][o.metadata.name] = Object.keys({ ...o.data, ...o.stringData });
    }
    K.applied[`${o.kind}/${on}/${o.metadata.name}`] = {
      at: seq(ctx.state),
      refs: ['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(o.kind) ? serialRefs(podRefs(o)) : null,
    };
  }
  ctx.out(objs.map((o) => `${o.kind.toLowerCase()}/${o.metadata.name} created`).join('\n') || 'nothing applied');
  return 0;
}

const serialRefs = (r) => ({ secrets: [...r.secrets], configMaps: [...r.configMaps], images: r.images });

/** `kubectl rollout status deployment/X`: fails when its pods cannot start (missing Secret/ConfigMap, placeholder image). */
function rolloutStatus(ctx, K) {
  const ns = one(ctx.parsed.flags, 'namespace') ?? 'default';
  const [kind, name] = (ctx.parsed.positionals[0] ?? '').split('/');
  const key = Object.keys(K.applied).find((k) => k.toLowerCase() === `${kind}/${ns}/${name}`.toLowerCase());
  if (!key && K.remote.length > 0) {
    ctx.out(`deployment "${name}" successfully rolled out (from a manifest applied by URL)`);
    return 0;
  }
  if (!key) ctx.fail(`Error from server (NotFound): deployments.apps "${name}" not found`);
  const refs = K.applied[key].refs ?? { secrets: [], configMaps: [], images: [] };
  const missingS = refs.secrets.filter((s) => !K.secrets[ns]?.[s]);
  const missingC = refs.configMaps.filter((c) => !K.configMaps[ns]?.[c]);
  const badImage = refs.images.find((i) => /[<>]|\.\.\./.test(i ?? ''));
  if (missingS.length || missingC.length || badImage) {
    ctx.fail(
      `error: timed out waiting for the condition (pods of ${name}: ${[...missingS.map((s) => `secret "${s}" not found`), ...missingC.map((c) => `configmap "${c}" not found`), ...(badImage ? [`ImagePullBackOff ${badImage}`] : [])].join('; ')})`,
    );
  }
  ctx.out(`deployment "${name}" successfully rolled out`);
  return 0;
}

/** kubectl (kubernetes/kubectl): a cluster to talk to, namespaces before their objects, secrets before pods. */
const kubectl = {
  run(ctx) {
    const { state, parsed } = ctx;
    state.k8s ??= { namespaces: { default: true }, secrets: {}, configMaps: {}, applied: {}, remote: [] };
    const K = state.k8s;
    const path = parsed.path.join(' ');
    if (path === 'kustomize') {
      const r = spawnSync(process.env.REHEARSAL_REAL_KUBECTL ?? 'false', ['kustomize', ...parsed.positionals], { cwd: ctx.cwd, encoding: 'utf8' });
      process.stdout.write(r.stdout ?? '');
      if (r.status !== 0) ctx.fail(`error: ${(r.stderr ?? '').trim()}`);
      return 0;
    }
    if (path === 'version' && parsed.flags.client) return 0;
    if (!state.kubeconfig) ctx.fail('The connection to the server localhost:8080 was refused - did you specify the right host or port?');
    const ns = one(parsed.flags, 'namespace') ?? 'default';
    if (path === 'apply') return kubeApply(ctx, K);
    if (path === 'create namespace') {
      K.namespaces[parsed.positionals[0]] = true;
      return 0;
    }
    if (path === 'create secret generic') {
      if (!K.namespaces[ns]) ctx.fail(`error: failed to create secret namespaces "${ns}" not found`);
      const name = parsed.positionals[0];
      K.secrets[ns] ??= {};
      if (K.secrets[ns][name]) ctx.fail(`error: failed to create secret secrets "${name}" already exists`);
      K.secrets[ns][name] = (parsed.flags['from-literal'] ?? []).map((l) => l.split('=')[0]);
      return 0;
    }
    if (path === 'rollout status') return rolloutStatus(ctx, K);
    if (path === 'get') {
      if (parsed.positionals[0] === 'ingress' || parsed.positionals[0] === 'gateway')
        ctx.out(/jsonpath/.test(one(parsed.flags, 'output') ?? '') ? '203.0.113.10' : `NAME ADDRESS\n${parsed.positionals[1]} 203.0.113.10`);
      return 0;
    }
    if (path === 'top node' && !K.remote.some((u) => /metrics-server/.test(u))) ctx.fail('error: Metrics API not available');
    // kubectl exec passes the container's output through: a key request there prints the key.
    if (path === 'exec' && (parsed.afterDashDash ?? parsed.positionals).some((a) => /\/key\/generate/.test(a))) ctx.out('sk-rehearsal-generated');
    return 0;
  },
};

/** The compose file a docker compose call reads (-f, else compose.yaml / docker-compose.yml). */
function composeFile(ctx) {
  const files = ctx.parsed.flags.file ?? [];
  if (files.length) return ctx.file(files[0]);
  return (
    ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'].map((f) => ctx.file(f)).find(existsSync) ??
    ctx.fail('no configuration file provided: not found', 1)
  );
}

/** docker (docker/cli, docker/compose): build contexts and mounts exist; push needs a build and a login. */
const docker = {
  readsStdin: (p) => p.path?.join(' ') === 'compose exec' && p.positionals?.some((x) => /psql|pg_restore/.test(x)),
  run(ctx) {
    const { state, parsed } = ctx;
    state.docker ??= { images: {} };
    const Dk = state.docker;
    const path = parsed.path.join(' ');
    if (path === 'compose version') {
      ctx.out('Docker Compose version v2.40.0 (rehearsal)');
      return 0;
    }
    if (path === 'build') {
      const context = parsed.positionals[0];
      const dockerfile = one(parsed.flags, 'file') ?? `${context}/Dockerfile`;
      if (!isDir(ctx.file(context ?? ''))) ctx.fail(`ERROR: unable to prepare context: path "${context}" not found`);
      if (!existsSync(ctx.file(dockerfile))) ctx.fail(`ERROR: failed to read dockerfile: open ${dockerfile}: no such file or directory`);
      for (const t of parsed.flags.tag ?? []) Dk.images[t] = true;
      return 0;
    }
    if (path === 'push') {
      const tag = parsed.positionals[0];
      if (!Dk.images[tag]) ctx.fail(`An image does not exist locally with the tag: ${tag}`);
      if (/^registry\.digitalocean\.com\//.test(tag) && !Dk.loggedIn) ctx.fail('unauthorized: authentication required');
      return 0;
    }
    if (path.startsWith('compose')) return composeCall(ctx, path);
    return 0;
  },
};

/** docker compose: the file parses; `up` finds every build context and bind-mount source; exec names a service. */
function composeCall(ctx, path) {
  const file = composeFile(ctx);
  if (!existsSync(file)) ctx.fail(`open ${file}: no such file or directory`);
  const doc = YAML.parse(readFileSync(file, 'utf8'));
  const base = dirname(file);
  if (path === 'compose up' || path === 'compose build') {
    for (const [name, svc] of Object.entries(doc.services ?? {})) {
      const b = typeof svc.build === 'string' ? { context: svc.build } : svc.build;
      if (b && !existsSync(resolve(base, b.context ?? '.', b.dockerfile ?? 'Dockerfile')))
        ctx.fail(`unable to prepare context: path "${b.context}" of service ${name} not found`);
      for (const v of svc.volumes ?? []) {
        const src = typeof v === 'string' ? (/^[./~]/.test(v) ? v.split(':')[0] : null) : v.type === 'bind' ? v.source : null;
        if (src && !existsSync(resolve(base, src)))
          ctx.fail(`Error response from daemon: invalid mount config for type "bind": bind source path does not exist: ${resolve(base, src)}`);
      }
    }
    ctx.state.composeUp = true;
  }
  if (path === 'compose exec' || path === 'compose run') {
    const service = ctx.parsed.positionals[0];
    if (!doc.services?.[service]) ctx.fail(`service "${service}" is not running`);
    const cmd = ctx.parsed.positionals.slice(1);
    // Real pg_dump ends its script with this line; scripts/restore.sh refuses a dump without it (cut short).
    if (/^pg_dump(all)?$/.test(cmd[0])) ctx.out('--\n-- PostgreSQL database dump (rehearsal)\n--\nSELECT 1;\n--\n-- PostgreSQL database dump complete\n--');
  }
  return 0;
}

/** The connection string a psql / pg_dump call uses (-d, or the first argument). */
function connTarget(parsed) {
  return one(parsed.flags, 'dbname') ?? parsed.positionals[0];
}

/** psql: the file it runs exists; the connection string is one (not empty, not a placeholder). */
const psql = {
  readsStdin: (p) => !p.flags?.file && !p.flags?.command,
  run(ctx) {
    const { parsed, state } = ctx;
    const target = connTarget(parsed);
    if (target !== undefined && (target === '' || /\.\.\.|<[^>]*>|^postgresql:\/\/\/?$/.test(target)))
      ctx.fail(`psql: error: could not translate host name or connect: "${target.replace(/:[^:@/]*@/, ':<pw>@')}" is not a connection string to a server`, 2);
    if (target === undefined && !process.env.PGHOST && !process.env.DATABASE_URL)
      ctx.fail('psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: No such file or directory', 2);
    for (const f of parsed.flags.file ?? []) {
      if (!existsSync(ctx.file(f))) ctx.fail(`psql: error: ${f}: No such file or directory`, 1);
      if (/databases\.sql$/.test(f)) state.databasesCreated = seq(state);
    }
    for (const c of parsed.flags.command ?? []) {
      state.sql ??= [];
      state.sql.push(c.replace(/PASSWORD\s+'[^']*'/gi, "PASSWORD '<redacted>'"));
    }
    return 0;
  },
};

/** curl: the host resolves (a placeholder such as DOMAIN does not); answers the calls a guide makes. */
const curl = {
  run(ctx) {
    const url = ctx.parsed.positionals.find((p) => /^https?:\/\//.test(p)) ?? ctx.parsed.positionals[0] ?? '';
    // The host as typed (URL() would lower-case a placeholder such as DOMAIN).
    const host = /^https?:\/\/(?:[^@/]*@)?([^/:?#]*)/.exec(url)?.[1] ?? '';
    if (!/^https?:\/\//.test(url)) ctx.fail('curl: (3) URL using bad/illegal format or missing URL', 3);
    if (!host || /^[A-Z_]+$/.test(host) || /[<>]/.test(url) || host === '...') ctx.fail(`curl: (6) Could not resolve host: ${host || url}`, 6);
    if (/fly\.io\/install\.sh$/.test(url)) {
      ctx.out('true');
      return 0;
    }
    if (/\/key\/generate$/.test(url)) {
      ctx.out('{"key":"sk-rehearsal-generated"}');
      return 0;
    }
    ctx.out('{"status":"ok"}');
    return 0;
  },
};

/** stackfare migrate-data: copies from the compose file the deploy files came from, to URLs that have a host. */
const stackfare = {
  run(ctx) {
    const { parsed, state } = ctx;
    if (parsed.path[0] !== 'migrate-data') return 0;
    const fromCompose = one(parsed.flags, 'from-compose');
    const given = process.env.REHEARSAL_COMPOSE;
    if (fromCompose && given && resolve(ctx.cwd, fromCompose) !== resolve(process.env.REHEARSAL_PROJECT, given)) {
      ctx.fail(`rehearsal: migrate-data copies from ${fromCompose}, but the deploy files were generated from ${given}: the wrong data would be copied`);
    }
    for (const t of parsed.flags.to ?? []) {
      const [name, ...rest] = t.split('=');
      const url = rest.join('=');
      let u;
      try {
        u = new URL(url);
      } catch {
        ctx.fail(`stackfare: --to ${name}: "${url.replace(/:[^:@/]*@/, ':<pw>@')}" is not a postgresql:// URL`, 2);
      }
      if (!u.hostname || /[<>]|\.\.\./.test(url)) ctx.fail(`stackfare: --to ${name}: the URL has no host (an empty variable?)`, 2);
      state.copyTargets ??= [];
      state.copyTargets.push({ name, user: decodeURIComponent(u.username), dryRun: Boolean(parsed.flags['dry-run']) });
    }
    for (const f of parsed.flags.from ?? [])
      if (/PASSWORD|\.\.\./.test(f)) ctx.fail(`stackfare: --from ${f.split('=')[0]}: the URL still holds a placeholder`, 2);
    return 0;
  },
};

/** render (render-oss/cli): nothing to enforce beyond its flags; its services come from the Blueprint sync. */
const render = { run: () => 0 };

/** npm: never installs anything here. */
const npm = { run: () => 0 };

/** git: the real git, except push (no remote here): needs a commit. */
const git = {
  run(ctx) {
    const args = process.argv.slice(3);
    if (args[0] === 'push') {
      const r = spawnSync(process.env.REHEARSAL_REAL_GIT, ['rev-parse', 'HEAD'], { encoding: 'utf8' });
      if (r.status !== 0) ctx.fail('error: src refspec main does not match any');
      return 0;
    }
    const r = spawnSync(process.env.REHEARSAL_REAL_GIT, args, { stdio: 'inherit' });
    if (r.status !== 0) ctx.fail(`git ${args[0]} failed (exit ${r.status})`, r.status ?? 1);
    return 0;
  },
};

/** helm: the Gateway controller's installs; the table (helm.json) checks their flags, nothing else to answer. */
const helm = { run: () => 0 };

/** crontab -e opens an editor: a step only a person can do. */
const crontab = { run: () => 0 };

/** pg_dump / pg_restore: a connection string that is one. */
const pgTool = {
  run(ctx) {
    const target = connTarget(ctx.parsed);
    if (target !== undefined && /\.\.\.|<[^>]*>/.test(target)) ctx.fail(`${process.argv[2]}: error: invalid connection string`, 1);
    return 0;
  },
};

export const more = { kubectl, docker, psql, pg_dump: pgTool, pg_restore: pgTool, curl, stackfare, render, npm, git, crontab, helm };
