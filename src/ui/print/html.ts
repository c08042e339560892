/**
 * The report as one self-contained HTML page to share: inline CSS and SVG, no script, no
 * network. The comparison table, a bar chart of the totals and one of each platform's line
 * items, cost against users (multi-user), every line item with its source and confidence,
 * assumptions, warnings and the price book's date. Tables turn into cards on a phone, and the
 * page prints (bars keep their colour, links print their address).
 */
import type { PlatformId } from '../../core/answers.js';
import { groupThousands, hours, quantity, unitPrice, usd, usdDelta } from '../../core/number-format.js';
import type { PlatformCapabilities } from '../../core/platform.js';
import { type EstimateJson, platformLabel, type Report } from '../../core/report.js';
import { VERSION } from '../../version.js';
import { comparisonRows, monthlyRange, sizedFromText, tierLabel, yesNo } from '../format.js';

/** Escapes text for HTML content and attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** One colour per platform, in registry order (readable on white and in greyscale print). */
const COLORS: Record<string, string> = { railway: '#6d28d9', fly: '#0369a1', render: '#047857', digitalocean: '#1d4ed8', local: '#b45309' };
const colorOf = (id: string) => COLORS[id] ?? '#475569';

/** A source link (https only; anything else is shown as text). */
function sourceLink(url: string | undefined): string {
  if (!url) return '<span class="muted">none</span>';
  if (!/^https:\/\/[^\s"<>]+$/.test(url)) return esc(url);
  const host = url.replace(/^https:\/\//, '').split('/')[0]!;
  return `<a href="${esc(url)}">${esc(host)}</a>`;
}

function confidenceBadge(c: string | undefined): string {
  if (!c) return '';
  return `<span class="conf conf-${esc(c.replace(/[^a-z-]/g, ''))}">${esc(c)}</span>`;
}

/** A table whose cells carry their column name, so a phone shows each row as a labelled card. */
function table(cls: string, header: string[], rows: string[][], align: ('l' | 'r')[], footer?: string[]): string {
  const th = header.map((h, i) => `<th scope="col" class="${align[i] === 'r' ? 'num' : ''}">${esc(h)}</th>`).join('');
  const tr = (r: string[], tag = 'td') =>
    `<tr>${r.map((c, i) => `<${tag} data-label="${esc(header[i]!)}" class="${align[i] === 'r' ? 'num' : ''}">${c === '' ? '' : `<span class="v">${c}</span>`}</${tag}>`).join('')}</tr>`;
  return `<table class="cards ${cls}"><thead><tr>${th}</tr></thead><tbody>${rows.map((r) => tr(r)).join('')}</tbody>${footer ? `<tfoot>${tr(footer)}</tfoot>` : ''}</table>`;
}

/** Horizontal bars: HTML labels and amounts, an SVG bar each (scales with the page, prints in colour). */
function bars(items: { label: string; amount: number; color: string; note?: string }[], title: string): string {
  const max = Math.max(0, ...items.map((i) => i.amount));
  const rows = items.map((i) => {
    // Every bar gets at least a sliver, so a $0 line is still drawn.
    const share = max > 0 ? Math.max(0.5, (i.amount / max) * 100) : 0.5;
    return `<div class="bar"><span class="bar-label">${esc(i.label)}</span><svg class="bar-svg" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect x="0" y="0" width="${share.toFixed(2)}" height="10" fill="${i.color}"/></svg><span class="bar-amount">${esc(usd(i.amount))}</span></div>`;
  });
  return `<figure class="bars" aria-label="${esc(title)}"><figcaption>${esc(title)}</figcaption>${rows.join('')}</figure>`;
}

/** Cost against users: one line per platform on a log scale when users span a factor of ten or more. */
function scalingChart(report: Report): string {
  const points = report.scaling ?? [];
  if (points.length < 2) return '';
  const ids = report.estimates.map((e) => e.platform);
  const names = new Map(report.estimates.map((e) => [e.platform as string, e.name]));
  const W = 640;
  const H = 320;
  const left = 64;
  // Room for the last user count centred on the right edge, at the phone's larger text.
  const right = 44;
  const top = 16;
  const bottom = 34;
  const xs = points.map((p) => p.users);
  const logScale = Math.min(...xs) > 0 && Math.max(...xs) / Math.min(...xs) >= 10;
  const fx = (u: number) => (logScale ? Math.log10(u) : u);
  const [x0, x1] = [fx(Math.min(...xs)), fx(Math.max(...xs))];
  const xAt = (u: number) => left + ((fx(u) - x0) / (x1 - x0 || 1)) * (W - left - right);
  const maxY = Math.max(1, ...points.flatMap((p) => p.estimates.map((e) => e.monthlyTotal)));
  const step = niceStep(maxY / 4);
  const yMax = Math.ceil(maxY / step) * step;
  const yAt = (v: number) => top + (1 - v / yMax) * (H - top - bottom);
  const grid: string[] = [];
  for (let v = 0; v <= yMax + 1e-9; v += step) {
    grid.push(`<line x1="${left}" x2="${W - right}" y1="${yAt(v).toFixed(1)}" y2="${yAt(v).toFixed(1)}" class="grid"/>`);
    grid.push(`<text x="${left - 6}" y="${(yAt(v) + 4).toFixed(1)}" text-anchor="end">${esc(usd(v).replace(/\.00$/, ''))}</text>`);
  }
  for (const u of xs) {
    grid.push(`<text x="${xAt(u).toFixed(1)}" y="${H - bottom + 24}" text-anchor="middle">${esc(groupThousands(u))}</text>`);
  }
  const lines = ids.map((id) => {
    const pts = points.map((p) => ({ u: p.users, v: p.estimates.find((e) => e.platform === id)?.monthlyTotal })).filter((p) => p.v !== undefined);
    const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${xAt(p.u).toFixed(1)},${yAt(p.v!).toFixed(1)}`).join(' ');
    const dots = pts.map(
      (p) =>
        `<circle cx="${xAt(p.u).toFixed(1)}" cy="${yAt(p.v!).toFixed(1)}" r="3.5" fill="${colorOf(id)}"><title>${esc(`${names.get(id)}: ${usd(p.v!)} at ${groupThousands(p.u)} users`)}</title></circle>`,
    );
    return `<path d="${d}" fill="none" stroke="${colorOf(id)}" stroke-width="2.5"/>${dots.join('')}`;
  });
  const legend = ids.map((id) => `<li><span class="swatch" style="background:${colorOf(id)}"></span>${esc(names.get(id) ?? id)}</li>`).join('');
  return `<figure class="chart"><figcaption>Monthly cost against monthly active users${logScale ? ' (users on a log scale)' : ''}</figcaption><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="Monthly cost against users">${grid.join('')}<line x1="${left}" x2="${left}" y1="${top}" y2="${H - bottom}" class="axis"/><line x1="${left}" x2="${W - right}" y1="${H - bottom}" y2="${H - bottom}" class="axis"/>${lines.join('')}</svg><ul class="legend">${legend}</ul></figure>`;
}

/** 1, 2, 5 × 10^n: a round grid step of at least `raw`. */
function niceStep(raw: number): number {
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

function comparison(estimates: readonly EstimateJson[]): string {
  const rows = comparisonRows(estimates).map((r) => [
    `<a href="#p-${esc(estimates.find((e) => e.platform === r.id)!.tier)}-${esc(r.id)}">${esc(r.platform)}</a>${r.cheapest ? ' <span class="tag best">cheapest</span>' : ''}${r.fits ? '' : ' <span class="tag">does not fit this tier</span>'}`,
    `<strong class="total" data-platform="${esc(r.id)}">${esc(r.monthly)}</strong>`,
    esc(r.effort),
    esc(r.backups),
    esc(r.multiUser),
    esc(r.tagline),
  ]);
  return table('comparison', ['Platform', 'Monthly', 'Effort', 'Backups', 'Multi-user ready', 'Pros / cons'], rows, ['l', 'r', 'r', 'l', 'l', 'l']);
}

/** One platform's section; sizes only for a hosted one (on the user's machine they are memory limits, not sizes bought). */
function platformSection(e: EstimateJson, withTier: boolean, hosted: boolean): string {
  const out: string[] = [];
  out.push(`<section class="platform" id="p-${esc(e.tier)}-${esc(e.platform)}" style="--accent:${colorOf(e.platform)}">`);
  out.push(`<h2>${esc(platformLabel(e))}${withTier ? `, ${esc(e.tier)}` : ''}: <span class="nowrap">${esc(usd(e.monthlyTotal))} a month</span></h2>`);
  out.push(`<p class="muted">${esc(e.tagline)} · effort ${esc(hours(e.effortHours))}${e.cheapest ? ' · <strong>cheapest that fits</strong>' : ''}</p>`);
  const items = [...e.lineItems].sort((a, b) => b.monthly - a.monthly);
  if (items.length > 0)
    out.push(
      bars(
        items.map((i) => ({ label: i.name, amount: i.monthly, color: colorOf(e.platform) })),
        `${e.name}: line items by monthly cost`,
      ),
    );
  out.push(
    table(
      'items',
      ['Line item', 'Quantity', 'Unit', 'Unit price', 'Monthly', 'Source', 'Confidence'],
      e.lineItems.map((i) => [
        `${esc(i.name)}${i.note ? `<div class="note">${esc(i.note)}</div>` : ''}`,
        esc(quantity(i.quantity)),
        esc(i.unit),
        esc(unitPrice(i.unitPrice)),
        esc(usd(i.monthly)),
        sourceLink(i.source),
        confidenceBadge(i.confidence),
      ]),
      ['l', 'r', 'l', 'r', 'r', 'l', 'l'],
      ['<strong>Total</strong>', '', '', '', `<strong>${esc(usd(e.monthlyTotal))}</strong>`, '', ''],
    ),
  );
  if (e.sizing.length > 0 && hosted) {
    out.push(
      '<h3>Sizes</h3><ul>',
      ...e.sizing.map(
        (z) =>
          `<li><strong>${esc(z.service)}</strong>: ${esc(z.size)}${z.instances > 1 ? ` × ${z.instances}` : ''}${esc(sizedFromText(z.sizedFrom))}. ${esc(z.reason)}</li>`,
      ),
      '</ul>',
    );
  }
  if (e.alternatives.length > 0) {
    out.push(
      '<h3>Alternatives</h3><ul>',
      ...e.alternatives.map((a) => `<li><strong>${esc(a.name)}</strong>: ${esc(usdDelta(a.monthlyDelta))} a month. ${esc(a.caveat)}</li>`),
      '</ul>',
    );
  }
  if (e.warnings.length > 0) {
    out.push(
      '<h3>Warnings</h3><ul class="warnings">',
      ...e.warnings.map(
        (w) => `<li class="sev-${esc(w.severity)}"><span class="tag">${esc(w.severity)}</span> ${esc(w.message)}${w.fix ? ` ${esc(w.fix)}` : ''}</li>`,
      ),
      '</ul>',
    );
  }
  out.push('<h3>Assumptions</h3><ul>', ...e.assumptions.map((a) => `<li>${esc(a)}</li>`), '</ul>');
  out.push(`<p><strong>Backups:</strong> ${esc(e.backups)}</p>`);
  out.push(`<p><strong>Effort:</strong> ${esc(e.effort.map((x) => `${x.name} ${hours(x)}`).join('; '))}</p>`);
  out.push('</section>');
  return out.join('\n');
}

const CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:1100px;padding:16px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#0f172a;background:#fff;overflow-wrap:anywhere}
h1{font-size:1.5rem;margin:.2em 0}h2{font-size:1.2rem;margin:1.2em 0 .3em}h3{font-size:1rem;margin:1em 0 .3em}
a{color:#1d4ed8}.muted,.note{color:#475569}.note{font-size:.85em}.nowrap{white-space:nowrap}
table{border-collapse:collapse;width:100%;margin:.5em 0 1em}
th,td{text-align:left;vertical-align:top;padding:.35em .5em;border-bottom:1px solid #e2e8f0}
th{background:#f1f5f9;font-weight:600}td.num,th.num{text-align:right;white-space:nowrap}
tfoot td{border-top:2px solid #94a3b8;border-bottom:0}
.tag{display:inline-block;font-size:.75em;padding:0 .4em;border-radius:4px;background:#e2e8f0;color:#334155;white-space:nowrap}
.tag.best{background:#dcfce7;color:#166534}
.conf{font-size:.8em;padding:0 .35em;border-radius:4px;white-space:nowrap;background:#e0f2fe;color:#075985}
.conf-third-party{background:#fef9c3;color:#854d0e}.conf-uncertain{background:#fee2e2;color:#991b1b;font-weight:600}
.platform{border-left:4px solid var(--accent,#475569);padding-left:12px;margin:1.5em 0;break-inside:auto}
.bars{margin:.5em 0 1em}.bars figcaption,.chart figcaption{font-weight:600;margin-bottom:.3em}
.bar{display:grid;grid-template-columns:minmax(0,14em) minmax(0,1fr) 6.5em;gap:.5em;align-items:center;margin:2px 0}
.bar-label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.bar-amount{text-align:right;font-variant-numeric:tabular-nums}
.bar-svg{width:100%;height:14px;display:block}
.chart svg{width:100%;height:auto;max-height:360px;display:block}
.chart text{font-size:12px;fill:#334155}.chart .grid{stroke:#e2e8f0}.chart .axis{stroke:#64748b}
.legend{list-style:none;padding:0;margin:.3em 0;display:flex;flex-wrap:wrap;gap:.4em 1em}
.swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;margin-right:.35em;vertical-align:-.1em}
.warnings .sev-error .tag{background:#fee2e2;color:#991b1b}.warnings .sev-warning .tag{background:#fef3c7;color:#92400e}
figure{margin:0}
footer{margin-top:2em;border-top:1px solid #e2e8f0;padding-top:.5em;color:#475569;font-size:.9em}
@media (max-width:700px){
  body{padding:10px;font-size:14px}
  table.cards,table.cards tbody,table.cards tfoot,table.cards tr,table.cards td{display:block;width:100%}
  table.cards thead{display:none}
  table.cards tr{border:1px solid #e2e8f0;border-radius:6px;margin:0 0 .6em;padding:.3em .5em}
  table.cards td{border:0;padding:.15em 0;text-align:left;white-space:normal;display:flex;gap:.75em;justify-content:space-between}
  table.cards td::before{content:attr(data-label);font-weight:600;color:#475569;flex:0 0 auto;max-width:45%}
  table.cards td .v{text-align:right;min-width:0}
  table.cards td:empty{display:none}
  table.cards tfoot td{border:0}
  .bar{grid-template-columns:minmax(0,1fr) 5.5em;gap:0 .5em;margin:4px 0}
  .bar-label{grid-column:1/-1;white-space:normal}
  .chart text{font-size:22px}
}
@media print{
  body{max-width:none;padding:0;font-size:11pt}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  a{color:inherit}.items a::after{content:" (" attr(href) ")";font-size:.8em;overflow-wrap:anywhere}
  .platform{break-before:auto}h2,h3{break-after:avoid}tr,.bar{break-inside:avoid}
}
`;

/** The whole report as one HTML document. */
export function renderHtml(report: Report, capabilities: Readonly<Record<PlatformId, PlatformCapabilities>>): string {
  const st = report.stack;
  const title = `${st.name}: ${tierLabel(report)}, ${st.regionLabel}`;
  const body: string[] = [];
  body.push(`<header><h1>${esc(title)}</h1>`);
  const pg =
    st.postgres.instances === 0
      ? 'no Postgres'
      : `${st.postgres.layout} Postgres (${st.postgres.instances} instance${st.postgres.instances > 1 ? 's' : ''}, ${st.postgres.storageGb} GB)`;
  body.push(
    `<p class="muted">Prices in USD a month before tax, from the price book of <strong>${esc(report.pricingAsOf)}</strong>. ${esc(`${st.services.length} services (${st.services.map((s) => s.name).join(', ')}), ${pg}, ${st.egressGb} GB egress, ${groupThousands(st.users)} user${st.users === 1 ? '' : 's'}.`)}</p></header>`,
  );
  body.push('<main>');
  if (report.tiers) {
    body.push('<h2>Tiers</h2>');
    body.push(
      table(
        'tiers',
        ['Tier', 'Monthly', 'Effort', 'Backups', 'Multi-user ready'],
        report.tiers.map((t) => [
          `${esc(t.label)}<div class="note">${esc(t.summary)}</div>`,
          esc(monthlyRange(t)),
          esc(hours(t.effortHours)),
          esc(t.backups),
          esc(yesNo(t.multiUserReady)),
        ]),
        ['l', 'r', 'r', 'l', 'l'],
      ),
    );
    for (const t of report.tiers) {
      const es = report.estimates.filter((e) => e.tier === t.tier);
      body.push(
        `<h2>${esc(t.label)}</h2>`,
        comparison(es),
        bars(
          es.map((e) => ({ label: platformLabel(e), amount: e.monthlyTotal, color: colorOf(e.platform) })),
          `${t.label}: monthly total by platform`,
        ),
      );
    }
  } else {
    body.push('<h2>Comparison</h2>', comparison(report.estimates));
    const best = report.estimates.find((e) => e.cheapest);
    if (best)
      body.push(`<p>Cheapest that fits the tier: <strong>${esc(platformLabel(best))}</strong> at <strong>${esc(usd(best.monthlyTotal))}</strong> a month.</p>`);
    body.push(
      bars(
        report.estimates.map((e) => ({ label: platformLabel(e), amount: e.monthlyTotal, color: colorOf(e.platform) })),
        'Monthly total by platform',
      ),
    );
  }
  if (report.scaling) {
    body.push('<h2>Cost by monthly active users</h2>', scalingChart(report));
    const ids = report.estimates.map((e) => e.platform);
    body.push(
      table(
        'scaling',
        ['Users', ...report.estimates.map((e) => e.name)],
        report.scaling.map((p) => [esc(groupThousands(p.users)), ...ids.map((id) => esc(usd(p.estimates.find((e) => e.platform === id)?.monthlyTotal ?? 0)))]),
        ['r', ...ids.map(() => 'r' as const)],
      ),
    );
  }
  for (const e of report.estimates) body.push(platformSection(e, report.tiers !== undefined, capabilities[e.platform].hosted));
  body.push('</main>');
  body.push(
    `<footer>Price book of ${esc(report.pricingAsOf)}: every price has its source and confidence above (official: the platform's page; official-copy: a copy of it; third-party: read elsewhere; uncertain: an estimate). Figures are estimates before tax. Made with stackfare ${esc(VERSION)}.</footer>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="stackfare ${esc(VERSION)}">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
