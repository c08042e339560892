/**
 * Prices a Render model. Worked example, the built-in stack on a Hobby workspace:
 * 2 × Starter ($7: reasoning-api web service, tools-api private service) + 2 × Standard ($25:
 * LiteLLM and Phoenix private services, 2 GB each) = $64; Postgres Basic-256mb $6 + 5 GB × $0.30
 * = $7.50; bandwidth (10 − 5 included) GB × $0.15 = $0.75; total $72.25.
 */

import { type Alternative, type LineItem, type PlatformCost, priced, toAlternative } from '../../core/estimate.js';
import { formatMb } from '../../core/number-format.js';
import type { Stack } from '../../core/stack.js';
import { warning } from '../../core/warnings.js';
import type { PriceBook, RenderBook } from '../../pricing/price-book.js';
import { freeInstanceHours } from './free-hours.js';
import type { RenderModel } from './model.js';

export function priceRender(model: RenderModel, stack: Stack, book: PriceBook): PlatformCost {
  const rb = book.platforms.render;
  const items: LineItem[] = [];
  const alternatives: Alternative[] = [];
  const warnings = [...model.warnings];
  if (Number(model.workspace.fee.amount) > 0) items.push(priced(`${model.workspace.name} workspace`, 1, model.workspace.fee));
  for (const s of model.services) {
    items.push(
      priced(`${s.slug}: ${s.instance.name} (${formatMb(s.instance.memoryMb)})`, s.count, s.instance.monthly, {
        service: s.slug,
        note: `${s.count} instance(s), ${s.type === 'web' ? 'web service' : s.type === 'pserv' ? 'private service' : 'background worker'}`,
      }),
    );
    if (s.disk) items.push(priced(`${s.slug}: disk`, s.disk.sizeGb, rb.disk, { service: s.slug, note: `mounted at ${s.disk.mountPath}` }));
  }
  const freePlan = rb.postgresPlans.find((p) => p.free);
  for (const db of model.databases) {
    const m = db.managed;
    const managed = [
      priced(`${db.name}: Postgres ${m.plan.name}`, 1, m.plan.monthly, { service: db.name, note: `${m.plan.vcpu} CPU, ${formatMb(m.plan.memoryMb)}` }),
      priced(`${db.name}: Postgres storage`, m.storageGb, rb.postgresStorage, { service: db.name }),
    ];
    if (db.dev) {
      const free = [priced(`${db.name}: Postgres ${db.plan.name}`, 1, db.plan.monthly, { service: db.name, note: '1 GB, expires after 30 days, no backups' })];
      items.push(...free);
      alternatives.push(toAlternative(`${db.name}: Render Postgres ${m.plan.name}`, managed, free, 'Paid: point-in-time recovery, does not expire.'));
    } else {
      items.push(...managed);
      if (freePlan) {
        alternatives.push(
          toAlternative(
            `${db.name}: Render Postgres Free`,
            [priced('free', 1, freePlan.monthly)],
            managed,
            'Expires after 30 days, 1 GB, no backups: for trying things out only.',
          ),
        );
      }
    }
  }
  for (const kv of model.keyValues) {
    items.push(priced(`${kv.name}: Key Value ${kv.plan.name}`, 1, kv.plan.monthly, { service: kv.name, note: `for ${formatMb(kv.memoryMb)} of data` }));
  }
  const overGb = Math.max(0, stack.egressGb - model.workspace.bandwidthGb);
  if (overGb > 0) {
    items.push(
      priced('Bandwidth beyond the allowance', overGb, rb.bandwidthOverage, { note: `${stack.egressGb} GB − ${model.workspace.bandwidthGb} GB included` }),
    );
  }
  const extraDomains = Math.max(0, (stack.domain ? 1 : 0) - model.workspace.customDomains);
  if (extraDomains > 0) items.push(priced('Extra custom domains', extraDomains, rb.extraCustomDomain));

  if (model.freeCandidates.length > 0) {
    alternatives.push(freeInstancesAlternative(model, items, rb));
    warnings.push(
      warning(
        'render.free-sleeps',
        'info',
        `Free instances would fit ${model.freeCandidates.join(', ')}, but they sleep after 15 minutes idle; priced on paid instances.`,
      ),
    );
  }
  return {
    plan: `${model.workspace.name} workspace`,
    lineItems: items,
    sizing: model.services.map((s) => ({
      service: s.slug,
      size: `${s.instance.name} (${formatMb(s.instance.memoryMb)})`,
      instances: s.count,
      reason: s.reason,
    })),
    alternatives,
    assumptions: model.assumptions,
    warnings,
    fitsTier: true,
  };
}

/**
 * The free instance type for the candidates instead of their paid lines. Its caveat carries the
 * free instance hours they would use (always on, or the active hours plus the spin-down wait)
 * against the workspace's monthly allowance, how they were counted, and what happens when they
 * run out: every report that lists the alternative shows it beside the figure.
 */
function freeInstancesAlternative(model: RenderModel, items: readonly LineItem[], rb: RenderBook): Alternative {
  const candidates = new Set(model.freeCandidates);
  const replaced = items.filter((i) => i.service && candidates.has(i.service) && !i.name.endsWith('disk'));
  const free = rb.instanceTypes.find((t) => t.free)!;
  const rule = rb.idle.freeInstances;
  const hours = rule ? freeInstanceHours(model.freeCandidates.length, model.activeHours, rule) : null;
  const caveat = `Free web services spin down after ${rule?.idleMinutes ?? 15} minutes without inbound traffic, and the first request after that waits while one starts.`;
  return toAlternative(
    `Free instances for ${model.freeCandidates.join(', ')}`,
    replaced.map((r) => priced(r.name, r.quantity, free.monthly)),
    replaced,
    hours ? `${caveat} ${hours.text}` : `${caveat} They share the free tier's hours a month.`,
  );
}
