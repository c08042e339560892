/**
 * stackfare's own Handlebars instance: strict (a missing field is an error), no HTML escaping
 * (it corrupts config files), and format-aware helpers that serialise rather than paste.
 */
import Handlebars from 'handlebars';
import { commentText, json, make, md, mdCode, shell, sqlIdent, toml, tsString, yaml, yamlBlock } from './serialize.js';

type TemplateFn = (context: object) => string;

/** Template sources by name (`fly/fly.toml`), and partial sources by name (`header-hash`). */
export interface TemplateSources {
  templates: Readonly<Record<string, string>>;
  partials: Readonly<Record<string, string>>;
}

/** Compiles every template once with the helpers and partials registered. */
export function createRenderer(sources: TemplateSources): (name: string, context: object) => string {
  const hb = Handlebars.create();
  const helpers: Record<string, (...args: unknown[]) => unknown> = {
    toml: (v) => toml(v),
    yaml: (v) => yaml(v),
    yamlDoc: (v) => yamlBlock(v),
    json: (v) => json(v),
    ts: (v) => tsString(String(v)),
    shell: (v) => shell(String(v)),
    make: (v) => make(String(v)),
    sql: (v) => sqlIdent(String(v)),
    comment: (v) => commentText(String(v)),
    md: (v) => md(String(v)),
    code: (v) => mdCode(String(v)),
    eq: (a, b) => a === b,
    not: (a) => !a,
    and: (a, b) => Boolean(a) && Boolean(b),
    or: (a, b) => Boolean(a) || Boolean(b),
    inc: (n) => Number(n) + 1,
  };
  for (const [name, fn] of Object.entries(helpers)) {
    // Handlebars passes its options object last; the helpers above ignore it.
    hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  }
  for (const [name, source] of Object.entries(sources.partials)) hb.registerPartial(name, source);
  const compiled = new Map<string, TemplateFn>();
  return (name, context) => {
    let fn = compiled.get(name);
    if (!fn) {
      const source = sources.templates[name];
      if (source === undefined) throw new Error(`template ${name} not found`);
      fn = hb.compile(source, { strict: true, noEscape: true });
      compiled.set(name, fn);
    }
    return fn(context);
  };
}
