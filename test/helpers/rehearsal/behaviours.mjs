// What each stand-in does once its command line parsed: the documented behaviours a first deploy
// depends on (stdin not a terminal, an app before its secrets before its deploy, a database before
// its attach, files a step names exist) and the outputs later steps read. Values are fakes.
import { existsSync, readFileSync, statSync } from 'node:fs';
import YAML from 'yaml';

const one = (flags, name) => (flags[name] ?? []).at(-1);
const isDir = (p) => existsSync(p) && statSync(p).isDirectory();
const seq = (state) => (state.seq = (state.seq ?? 0) + 1);
const PLACEHOLDER = /^\.\.\.$|<[^>]*>|\.\.\.|^(DOMAIN|PASSWORD|USER|HOST|ID)$/;

/** Secrets a service must have before it deploys, from REHEARSAL_SECRETS (the DEPLOY.md secrets list). */
function missingSecrets(ctx, service, have) {
  // A secret a bootstrap step makes once its service runs (a LiteLLM key) cannot precede the caller's first deploy.
  const later = JSON.parse(process.env.REHEARSAL_BOOTSTRAPPED ?? '{}')[service] ?? [];
  return (ctx.secrets[service] ?? []).filter((n) => !(have ?? []).includes(n) && !later.includes(n));
}

/** railway (railwayapp/cli): project → config apply → variables → up; stdin rules of `variable set`. */
const railway = {
  readsStdin: (p) => (p.path?.join(' ') === 'variable set' && p.flags?.stdin) || (p.path?.join(' ') === 'ssh' && p.positionals?.includes('psql')),
  run(ctx) {
    const { state, parsed } = ctx;
    state.railway ??= { project: false, services: {}, vars: {}, deployed: {}, tcpProxy: {}, redeployed: {} };
    const R = state.railway;
    const path = parsed.path.join(' ');
    const service = one(parsed.flags, 'service');
    if (['login', 'logout', 'whoami', ''].includes(path)) return 0;
    if (path === 'init' || path === 'link') {
      R.project = true;
      ctx.out('Created project reasoning (rehearsal)');
      return 0;
    }
    if (!R.project) ctx.fail('No linked project found. Run railway link to connect to a project');
    const needService = () => {
      if (!service) ctx.fail('No service linked and no --service given');
      if (!R.services[service]) ctx.fail(`Service "${service}" not found.`);
    };
    if (path === 'config plan' || path === 'config apply') return configApply(ctx, R, path === 'config apply');
    if (path === 'variable set') {
      needService();
      if (parsed.flags.stdin) {
        if (ctx.stdinIsTTY) ctx.fail('No input provided via stdin. Use --stdin with piped input, e.g.:\n  echo "value" | railway variable set KEY --stdin');
        if (!ctx.stdin?.replace(/\r?\n$/, '')) ctx.fail('Empty value provided via stdin');
      }
      const keys = parsed.positionals.map((v) => v.split('=')[0]);
      R.vars[service] ??= [];
      R.vars[service].push(...keys);
      R.varsSetAt = { ...(R.varsSetAt ?? {}), [service]: seq(state) };
      ctx.out(`Set variables ${keys.join(', ')}`);
      return 0;
    }
    if (path === 'variable' || path === 'variable list') {
      needService();
      for (const [k, v] of Object.entries(railwayVariables(R, service))) ctx.out(parsed.flags.kv ? `${k}=${v}` : `${k}: ${v}`);
      return 0;
    }
    if (path === 'run') {
      needService();
      if (parsed.positionals.length === 0) ctx.fail('No command provided');
      return ctx.exec(parsed.positionals, railwayVariables(R, service));
    }
    if (path === 'up') return railwayUp(ctx, R, service, needService);
    if (path === 'domain') {
      needService();
      ctx.out(`https://${service}-production.up.railway.app`);
      return 0;
    }
    if (path === 'redeploy' || path === 'restart') {
      needService();
      R.redeployed[service] = seq(state);
      return 0;
    }
    if (path === 'ssh') {
      needService();
      // The command runs in the service's container: psql there reads db/databases.sql piped from here;
      // a key request there prints the key (railway ssh passes the remote output through).
      if (parsed.positionals.includes('psql') && /CREATE DATABASE/i.test(ctx.stdin ?? '')) state.databasesCreated = seq(state);
      if (parsed.positionals.some((a) => /\/key\/generate/.test(a))) ctx.out('sk-rehearsal-generated');
      return 0;
    }
    if (path.startsWith('tcp-proxy')) {
      needService();
      if (/create/.test(path)) R.tcpProxy[service] = true;
      if (/delete/.test(path)) R.tcpProxy[service] = false;
      return 0;
    }
    return 0;
  },
};

/** `railway config apply`: creates the services of .railway/railway.ts; image services start now. */
function configApply(ctx, R, apply) {
  const file = ctx.file(one(ctx.parsed.flags, 'file') ?? '.railway/railway.ts');
  if (!existsSync(file)) ctx.fail(`Config file not found: ${file}`);
  if (!apply) return 0;
  const text = readFileSync(file, 'utf8');
  const decls = [...text.matchAll(/\b(service|postgres)\("([^"]+)"/g)];
  for (const [i, m] of decls.entries()) {
    // A declaration's text runs to the next one: enough to see its source.
    const body = text.slice(m.index, decls[i + 1]?.index ?? text.length);
    const image = m[1] === 'service' && /source:\s*image\(/.test(body);
    R.services[m[2]] = { database: m[1] === 'postgres', image, startedAt: seq(ctx.state), startedBeforeDatabases: image && !ctx.state.databasesCreated };
  }
  return 0;
}

/** The variables `railway run`/`variables` give a service (Postgres: its URLs; the public one only with a TCP proxy). */
function railwayVariables(R, service) {
  const vars = Object.fromEntries((R.vars[service] ?? []).map((k) => [k, 'set']));
  if (R.services[service]?.database) {
    Object.assign(vars, {
      PGHOST: `${service}.railway.internal`,
      PGPORT: '5432',
      PGUSER: 'postgres',
      PGPASSWORD: 'rehearsal-pg-pw',
      PGDATABASE: 'railway',
      DATABASE_URL: `postgresql://postgres:rehearsal-pg-pw@${service}.railway.internal:5432/railway`,
    });
    // Databases are private by default since 2026-08-04: no public URL until a TCP proxy exists.
    vars.DATABASE_PUBLIC_URL = R.tcpProxy[service] ? 'postgresql://postgres:rehearsal-pg-pw@shuttle.proxy.rlwy.net:41234/railway' : '';
  }
  return vars;
}

/** `railway up [PATH] --service S`: the service exists, the folder exists, its secrets are set. */
function railwayUp(ctx, R, service, needService) {
  needService();
  const path = ctx.parsed.positionals[0] ?? '.';
  if (!isDir(ctx.file(path))) ctx.fail(`Path ${path} does not exist or is not a directory`);
  const missing = missingSecrets(ctx, service, R.vars[service]);
  if (missing.length) ctx.fail(`rehearsal: ${service} deployed before its secrets were set: ${missing.join(', ')} (the first deploy starts without them)`);
  R.deployed[service] = seq(ctx.state);
  ctx.out(`Deploying ${service} (rehearsal)`);
  return 0;
}

/** The Fly app a command targets: --app, or the `app` of --config's fly.toml. */
function flyApp(ctx) {
  const app = one(ctx.parsed.flags, 'app');
  if (app) return app;
  const config = one(ctx.parsed.flags, 'config') ?? 'fly.toml';
  if (!existsSync(ctx.file(config))) ctx.fail(`Error: the config for your app is missing. Could not find ${config}`);
  return /^app\s*=\s*['"]([^'"]+)['"]/m.exec(readFileSync(ctx.file(config), 'utf8'))?.[1];
}

/** flyctl (superfly/flyctl): apps before secrets before deploys; Postgres before attach. */
const fly = {
  readsStdin: (p) => p.path?.join(' ') === 'secrets import',
  run(ctx) {
    const { state, parsed } = ctx;
    state.fly ??= { apps: {}, secrets: {}, mpg: {}, pg: {}, deployed: {} };
    const F = state.fly;
    const path = parsed.path.join(' ');
    const needApp = (app) => {
      if (!app || !F.apps[app]) ctx.fail(`Error: Could not find App "${app}"`);
      return app;
    };
    const needCluster = (id) => {
      if (!F.mpg[id]) ctx.fail(`Error: failed to get cluster ${id}: not found`);
      return F.mpg[id];
    };
    if (path === 'auth login' || path === '' || path === 'apps list') return 0;
    if (path === 'apps create') {
      const name = parsed.positionals[0] ?? one(parsed.flags, 'name');
      if (F.apps[name]) ctx.fail('Error: Name has already been taken');
      F.apps[name] = { createdAt: seq(state) };
      ctx.out(`New app created: ${name}`);
      return 0;
    }
    if (path === 'secrets set' || path === 'secrets import') {
      const app = needApp(flyApp(ctx));
      const pairs = path === 'secrets import' ? (ctx.stdinIsTTY ? [] : (ctx.stdin ?? '').split('\n').filter(Boolean)) : parsed.positionals;
      if (pairs.length === 0) ctx.fail('Error: requires at least one SECRET=VALUE pair');
      for (const p of pairs) {
        const [k, ...v] = p.split('=');
        if (v.length === 0) ctx.fail(`Error: Secrets must be provided as NAME=VALUE pairs (${k} is not)`);
        F.secrets[app] ??= [];
        F.secrets[app].push(k);
        F.setAt ??= {};
        F.setAt[app] ??= {};
        F.setAt[app][k] = {
          at: seq(state),
          scheme: /^[a-z+]+(?=:\/\/)/.exec(v.join('='))?.[0] ?? null,
          query: v.join('=').includes('?') ? v.join('=').split('?')[1] : '',
        };
      }
      return 0;
    }
    if (path === 'mpg create') {
      const name = one(parsed.flags, 'name');
      const id = `mpg${Object.keys(F.mpg).length + 1}rehearsal`;
      F.mpg[id] = { name, dbs: [] };
      ctx.out(`Cluster ${name} created: ID ${id}`);
      return 0;
    }
    if (path === 'mpg list') {
      ctx.out('ID                NAME                       ORG       REGION  STATUS');
      for (const [id, c] of Object.entries(F.mpg)) ctx.out(`${id}  ${c.name}  personal  iad     ready`);
      return 0;
    }
    if (path === 'mpg databases create') {
      needCluster(parsed.positionals[0]).dbs.push(one(parsed.flags, 'name'));
      return 0;
    }
    if (path === 'mpg attach') {
      const cluster = needCluster(parsed.positionals[0]);
      const app = needApp(one(parsed.flags, 'app'));
      const db = one(parsed.flags, 'database');
      if (db && !cluster.dbs.includes(db)) ctx.fail(`Error: database ${db} does not exist on cluster ${parsed.positionals[0]}`);
      F.secrets[app] ??= [];
      F.secrets[app].push(one(parsed.flags, 'variable-name') ?? 'DATABASE_URL');
      return 0;
    }
    if (path === 'mpg proxy' || path === 'mpg connect' || path === 'mpg status') {
      needCluster(parsed.positionals[0]);
      return 0;
    }
    if (path === 'postgres create') {
      const name = one(parsed.flags, 'name');
      F.pg[name] = true;
      F.apps[name] = { createdAt: seq(state), postgres: true };
      return 0;
    }
    if (path === 'postgres attach') {
      const pg = parsed.positionals[0];
      if (!F.pg[pg]) ctx.fail(`Error: Could not find App "${pg}" (the Postgres app must exist before fly postgres attach)`);
      const app = needApp(flyApp(ctx));
      const variable = one(parsed.flags, 'variable-name') ?? 'DATABASE_URL';
      F.secrets[app] ??= [];
      F.secrets[app].push(variable);
      // fly postgres attach writes postgres://…?sslmode=disable: record it, so a rewrite can be checked.
      F.attached ??= [];
      F.attached.push({ app, variable, at: seq(state) });
      // What flyctl prints (internal/command/postgres/attach.go @ad0172f, lines 337-338): a later step reads the URL.
      const db = one(parsed.flags, 'database-name') ?? app.replace(/-/g, '_');
      ctx.out(
        `\nPostgres cluster ${pg} is now attached to ${app}\nThe following secret was added to ${app}:\n  ${variable}=postgres://${db}:rehearsal-pw@${pg}.flycast:5432/${db}?sslmode=disable`,
      );
      return 0;
    }
    if (path === 'deploy') return flyDeploy(ctx, F, needApp);
    if (path === 'ssh console') {
      needApp(flyApp(ctx));
      // -C runs the command in the machine and prints its output: a key request prints the key.
      if (/\/key\/generate/.test(one(parsed.flags, 'command') ?? '')) ctx.out('sk-rehearsal-generated');
      return 0;
    }
    if (['status', 'ips allocate-v6', 'ips allocate-v4', 'ips private', 'ips list', 'logs', 'apps restart', 'secrets list', 'secrets deploy'].includes(path)) {
      needApp(flyApp(ctx));
      return 0;
    }
    return 0;
  },
};

/** `fly deploy [DIR] --config F`: the app exists, its secrets are set, the folder exists. */
function flyDeploy(ctx, F, needApp) {
  const app = needApp(flyApp(ctx));
  const dir = ctx.parsed.positionals[0];
  if (dir && !isDir(ctx.file(dir))) ctx.fail(`Error: working directory ${dir} does not exist`);
  const config = one(ctx.parsed.flags, 'config') ?? 'fly.toml';
  const service = /fly\/([^/]+)\/fly\.toml$/.exec(config)?.[1];
  const missing = service ? missingSecrets(ctx, service, F.secrets[app]) : [];
  if (missing.length) ctx.fail(`rehearsal: ${app} deployed before its secrets were set: ${missing.join(', ')}`);
  F.deployed[app] = seq(ctx.state);
  return 0;
}

/** doctl (digitalocean/doctl): clusters, databases, users, apps, Kubernetes, registry. */
const doctl = {
  run(ctx) {
    const { state, parsed } = ctx;
    state.do ??= { clusters: {}, apps: {}, k8s: {}, registry: null };
    const D = state.do;
    const path = parsed.path.join(' ');
    const pos = parsed.positionals;
    const fmt = (one(parsed.flags, 'format') ?? '').split(',').filter(Boolean);
    const needCluster = (id) =>
      D.clusters[id] ?? ctx.fail(`Error: GET https://api.digitalocean.com/v2/databases/${id}: 404 (request "rehearsal") cluster not found`);
    const needK8s = (name) => D.k8s[name] ?? ctx.fail(`Error: no cluster goes by the name "${name}"`);
    const cols = (row) => ctx.out((fmt.length ? fmt : Object.keys(row)).map((c) => row[c]).join(' '));
    if (path === 'auth init' || path === 'apps list' || path === '') return 0;
    if (path === 'databases create') {
      const id = `db${Object.keys(D.clusters).length + 1}-rehearsal`;
      D.clusters[id] = { name: pos[0], dbs: ['defaultdb'], users: ['doadmin'] };
      cols({ ID: id, Name: pos[0], Status: 'creating' });
      return 0;
    }
    if (path === 'databases list') {
      for (const [id, c] of Object.entries(D.clusters)) cols({ ID: id, Name: c.name, Engine: 'pg', Status: 'online' });
      return 0;
    }
    if (path === 'databases get') {
      needCluster(pos[0]);
      cols({ ID: pos[0], Name: D.clusters[pos[0]].name, Status: 'online' });
      return 0;
    }
    if (path === 'databases db create') {
      needCluster(pos[0]).dbs.push(pos[1]);
      return 0;
    }
    if (path === 'databases user create') {
      needCluster(pos[0]).users.push(pos[1]);
      return 0;
    }
    if (path === 'databases user get') {
      if (!needCluster(pos[0]).users.includes(pos[1])) ctx.fail(`Error: user ${pos[1]} not found`);
      cols({ Name: pos[1], Role: 'normal', Password: `rehearsal-pw-${pos[1]}` });
      return 0;
    }
    if (path === 'databases connection') {
      const c = needCluster(pos[0]);
      const host = `${parsed.flags.private ? 'private-' : ''}${c.name}-do-user-1.db.ondigitalocean.com`;
      cols({
        URI: `postgresql://doadmin:rehearsal-admin-pw@${host}:25060/defaultdb?sslmode=require`,
        Database: 'defaultdb',
        Host: host,
        Port: '25060',
        User: 'doadmin',
        Password: 'rehearsal-admin-pw',
      });
      return 0;
    }
    if (path === 'databases firewalls append') {
      needCluster(pos[0]);
      const rule = one(parsed.flags, 'rule') ?? '';
      if (rule.startsWith('k8s:') && !Object.values(D.k8s).some((k) => k.id === rule.slice(4))) ctx.fail(`Error: no Kubernetes cluster ${rule.slice(4)}`);
      return 0;
    }
    if (path.startsWith('apps')) return doApps(ctx, D, path, cols);
    if (path === 'kubernetes cluster create') {
      D.k8s[pos[0]] = { id: `k8s-${pos[0]}-rehearsal` };
      state.kubeconfig = true;
      return 0;
    }
    if (path === 'kubernetes cluster kubeconfig save') {
      needK8s(pos[0]);
      state.kubeconfig = true;
      return 0;
    }
    if (path === 'kubernetes cluster get') {
      cols({ ID: needK8s(pos[0]).id, Name: pos[0], Status: 'running' });
      return 0;
    }
    if (path === 'kubernetes cluster registry add') {
      needK8s(pos[0]);
      if (!D.registry) ctx.fail('Error: no container registry: run doctl registry create first');
      return 0;
    }
    if (path === 'registry create') {
      if (PLACEHOLDER.test(pos[0] ?? '')) ctx.fail(`Error: invalid registry name "${pos[0]}"`);
      D.registry = pos[0];
      return 0;
    }
    if (path === 'registry login') {
      if (!D.registry) ctx.fail('Error: no container registry');
      state.docker ??= { images: {} };
      state.docker.loggedIn = D.registry;
      return 0;
    }
    return 0;
  },
};

/** doctl apps: a spec that validates, databases the spec names exist before `apps create`. */
function doApps(ctx, D, path, cols) {
  const spec = one(ctx.parsed.flags, 'spec') ?? (path === 'apps spec validate' ? ctx.parsed.positionals[0] : undefined);
  const readSpec = () => {
    if (!spec || !existsSync(ctx.file(spec))) ctx.fail(`Error: opening app spec: open ${spec}: no such file or directory`);
    try {
      return YAML.parse(readFileSync(ctx.file(spec), 'utf8'));
    } catch (e) {
      ctx.fail(`Error: parsing app spec: ${e.message}`);
    }
  };
  if (path === 'apps spec validate') {
    readSpec();
    return 0;
  }
  if (path === 'apps create') {
    const doc = readSpec();
    for (const db of doc?.databases ?? []) {
      if (!db.cluster_name) continue;
      const c = Object.values(D.clusters).find((x) => x.name === db.cluster_name);
      if (!c) ctx.fail(`Error: POST https://api.digitalocean.com/v2/apps: 400 database cluster ${db.cluster_name} not found`);
      if (db.db_name && !c.dbs.includes(db.db_name)) ctx.fail(`Error: 400 database ${db.db_name} does not exist in cluster ${db.cluster_name}`);
      if (db.db_user && !c.users.includes(db.db_user)) ctx.fail(`Error: 400 database user ${db.db_user} does not exist in cluster ${db.cluster_name}`);
    }
    const id = `app-${Object.keys(D.apps).length + 1}-rehearsal`;
    D.apps[id] = { name: doc?.name, createdAt: seq(ctx.state) };
    cols({ ID: id, 'Spec.Name': doc?.name, DefaultIngress: '' });
    return 0;
  }
  const id = ctx.parsed.positionals[0];
  if (!D.apps[id]) ctx.fail(`Error: GET https://api.digitalocean.com/v2/apps/${id}: 404 app not found`);
  if (path === 'apps update') {
    readSpec();
    D.apps[id].updatedAt = seq(ctx.state);
    return 0;
  }
  if (path === 'apps get') {
    cols({ ID: id, 'Spec.Name': D.apps[id].name, DefaultIngress: `https://${D.apps[id].name}-x7k2q.ondigitalocean.app` });
    return 0;
  }
  if (path === 'apps create-deployment') {
    D.apps[id].redeployedAt = seq(ctx.state);
    return 0;
  }
  return 0;
}

export const behaviours = { railway, fly, doctl };
Object.assign(behaviours, (await import('./behaviours-more.mjs')).more);
