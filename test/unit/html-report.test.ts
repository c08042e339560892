/** The HTML printer's text: escaped, self-contained, every figure from the report (the layout is tested in Chromium). */
import { describe, expect, it } from 'vitest';
import { AnswersSchema } from '../../src/core/answers.js';
import { usd } from '../../src/core/number-format.js';
import { buildReport, type Report } from '../../src/core/report.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { capabilitiesById, PLATFORMS } from '../../src/platforms/index.js';
import { esc, renderHtml } from '../../src/ui/print/html.js';

const report = (answers: Record<string, unknown> = {}): Report =>
  buildReport({ answers: AnswersSchema.parse(answers), book: builtinPriceBook(), platforms: PLATFORMS });

describe('renderHtml', () => {
  it('is one document with inline CSS, no script, no external resource', () => {
    const html = renderHtml(report(), capabilitiesById());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link\b|<img\b|<iframe|src=|@import|url\(/i);
  });

  it('shows every total, line item, source, confidence, assumption and warning of the report', () => {
    const r = report({ tier: 'multi-user', users: [100, 1000, 10000], auth: 'auth0' });
    const html = renderHtml(r, capabilitiesById());
    for (const e of r.estimates) {
      expect(html).toContain(`<strong class="total" data-platform="${e.platform}">${usd(e.monthlyTotal)}</strong>`);
      for (const i of e.lineItems) {
        expect(html).toContain(esc(i.name));
        if (i.source) expect(html).toContain(`<a href="${esc(i.source)}">`);
        if (i.confidence) expect(html).toContain(`class="conf conf-${i.confidence}">${i.confidence}</span>`);
      }
      for (const a of e.assumptions) expect(html).toContain(esc(a));
      for (const w of e.warnings) expect(html).toContain(esc(w.message));
    }
    expect(html).toContain(`price book of <strong>${r.pricingAsOf}</strong>`);
    // Cost against users: one line per platform, with each point's figure in its title.
    expect(html.match(/<path d="M/g)).toHaveLength(r.estimates.length);
    const last = r.scaling!.at(-1)!;
    expect(html).toContain(`${r.estimates[0]!.name}: ${usd(last.estimates[0]!.monthlyTotal)} at 10,000 users`);
  });

  it('escapes names from the user and links only https sources', () => {
    const r = report();
    const hostile = structuredClone(r);
    hostile.stack.name = '<script>alert(1)</script>';
    hostile.estimates[0]!.lineItems[0]!.name = 'a & <b>"x"</b>';
    hostile.estimates[0]!.lineItems[0]!.source = 'javascript:alert(1)';
    const html = renderHtml(hostile, capabilitiesById());
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a &amp; &lt;b&gt;&quot;x&quot;&lt;/b&gt;');
    expect(html).not.toContain('href="javascript:');
  });

  it('the tier comparison has a section per tier and platform', () => {
    const all = buildReport({ answers: AnswersSchema.parse({}), book: builtinPriceBook(), platforms: PLATFORMS }, 'all');
    const html = renderHtml(all, capabilitiesById());
    for (const t of all.tiers!) expect(html).toContain(`<h2>${esc(t.label)}</h2>`);
    for (const e of all.estimates) expect(html).toContain(`id="p-${e.tier}-${e.platform}"`);
  });
});
