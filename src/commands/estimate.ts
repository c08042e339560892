/**
 * `stackfare estimate`: the answers (flags, answers file, compose file) priced on every platform,
 * as a table, Markdown, JSON or a self-contained HTML report.
 */
import type { EstimateFormat, ParsedArgs } from '../args.js';
import { buildReport, type Report } from '../core/report.js';
import { UsageError } from '../errors.js';
import { capabilitiesById, PLATFORMS } from '../platforms/index.js';
import type { PriceBook } from '../pricing/price-book.js';
import { cleanStrings } from '../ui/format.js';
import { renderJson } from '../ui/print/json.js';
import { type AppDeps, type Context, columnsOf, emit, loadContext, useColor } from './context.js';

/** Runs the estimate command; returns the exit code. */
export async function estimateCommand(args: ParsedArgs, deps: AppDeps): Promise<number> {
  if (args.positionals.length > 0)
    throw new UsageError(`estimate takes no arguments (got "${args.positionals[0]}").`, 'Use --compose FILE to start from a compose file.');
  const ctx = await loadContext(args, deps);
  const databaseUrl = args.flags['database-url'] as string | undefined;
  if (databaseUrl !== undefined) {
    // The multi-user tier's database work, measured on the user's schema instead of the seed's guess.
    const { readReadiness, userColumnOf } = await import('./readiness.js');
    const readiness = await readReadiness(databaseUrl, userColumnOf(args), ctx.book);
    ctx.book = withDatabaseEffort(
      ctx.book,
      readiness.effortHours,
      `measured by stackfare readiness on ${readiness.database}: ${readiness.reasoning.slice(1).join(' ')}`,
    );
  }
  const format = (args.flags.format as EstimateFormat | undefined) ?? 'table';
  const report = reportFor(ctx);
  await emit(args, deps, (toFile) => formatReport(report, format, deps, toFile, args.flags.wide === true), `${format} report`);
  return 0;
}

/** The report for a context, at the tier the flags ask for (`--tier all` compares tiers). */
function reportFor(ctx: Context): Report {
  const tier = ctx.args.flags.tier === 'all' ? 'all' : ctx.answers.tier;
  return buildReport(
    {
      answers: ctx.answers,
      book: ctx.book,
      platforms: PLATFORMS,
      ...(ctx.source ? { source: ctx.source } : {}),
      ...(ctx.deps.today ? { today: ctx.deps.today } : {}),
      ...(ctx.usage ? { usage: ctx.usage } : {}),
    },
    tier,
  );
}

/**
 * A report in the chosen format. The table is drawn for the terminal it goes to; written to a
 * file (`toFile`) it is plain text at 100 columns (`wide`: names never shortened). The HTML printer loads only when asked for.
 */
async function formatReport(report: Report, format: EstimateFormat, deps: AppDeps, toFile = false, wide = false): Promise<string> {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'markdown': {
      // Each format's printer loads only for that format: the JSON path is the scripted, start-up-bound one.
      const { renderMarkdown } = await import('../ui/print/markdown.js');
      return renderMarkdown(cleanStrings(report));
    }
    case 'html': {
      const { renderHtml } = await import('../ui/print/html.js');
      return renderHtml(report, capabilitiesById());
    }
    case 'table': {
      const { renderText } = await import('../ui/print/table.js');
      // Names and price-book strings are data: their control characters are shown, never sent raw.
      return toFile
        ? renderText(cleanStrings(report), { columns: 100, color: false, wide, capabilities: capabilitiesById() })
        : renderText(cleanStrings(report), {
            columns: columnsOf(deps.stdout, deps.env),
            color: useColor(deps.stdout, deps.env),
            wide,
            capabilities: capabilitiesById(),
          });
    }
  }
}

/** The price book with the multi-user database effort replaced by a measured figure. */
function withDatabaseEffort(book: PriceBook, hours: { min: number; max: number }, note: string): PriceBook {
  const multiUser = { ...book.effort.multiUser, dbIsolation: { min: hours.min, max: hours.max, note } };
  return { ...book, effort: { ...book.effort, multiUser } };
}
