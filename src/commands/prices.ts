/**
 * `stackfare prices [--platform P] [--format table|json]`: every figure of the price book (the
 * built-in one, or it with --pricing FILE merged over it) with unit, source, date, confidence
 * and age on the run's date.
 */
import { type ParsedArgs, PRICES_FORMATS } from '../args.js';
import type { PlatformId } from '../core/answers.js';
import { priceList } from '../core/price-list.js';
import { UsageError } from '../errors.js';
import { loadPriceBook } from '../io/load-price-book.js';
import { renderPricesText } from '../ui/print/prices.js';
import { type AppDeps, columnsOf, useColor } from './context.js';

/** Runs the prices command; returns the exit code. */
export async function pricesCommand(args: ParsedArgs, deps: AppDeps): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`prices takes no arguments (got "${args.positionals[0]}").`, 'Use --platform P to list one platform.');
  const format = (args.flags.format as string | undefined) ?? 'table';
  if (!(PRICES_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`prices does not take --format ${format}.`, `Choices: ${PRICES_FORMATS.join(', ')}.`);
  }
  const book = await loadPriceBook(args.flags.pricing as string | undefined, deps.readFile);
  const list = priceList(book, { platform: args.flags.platform as PlatformId | undefined, today: deps.today });
  deps.stdout.write(
    format === 'json'
      ? `${JSON.stringify(list, null, 2)}\n`
      : renderPricesText(list, { columns: columnsOf(deps.stdout, deps.env), color: useColor(deps.stdout, deps.env) }),
  );
  return 0;
}
