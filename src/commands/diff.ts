/**
 * `stackfare diff BEFORE AFTER`: how the monthly cost changes between two setups. Each side is an
 * answers file, a compose file or a saved JSON report (`estimate --format json`); the output
 * is the summary per platform and the changed line items, as text, Markdown or JSON. Exit 0
 * whether or not anything changed: a change is not an error.
 */
import { basename, resolve } from 'node:path';
import { PLATFORM_IDS, TIERS } from '../answer-values.js';
import type { Format, ParsedArgs } from '../args.js';
import type { Answers } from '../core/answers.js';
import { type DiffSideInfo, diffReports } from '../core/diff.js';
import { buildReport, type Report } from '../core/report.js';
import { REPORT_VERSION } from '../core/report-version.js';
import type { StackSource } from '../core/stack.js';
import { UsageError, UserError } from '../errors.js';
import { parseDataFile } from '../io/data-file.js';
import { loadPriceBook } from '../io/load-price-book.js';
import { readAnswersFile, resolveAnswers } from '../io/read-answers.js';
import { DEFAULT_COMPOSE_FILES, readComposeSource } from '../io/read-compose.js';
import { PLATFORMS } from '../platforms/index.js';
import type { PriceBook } from '../pricing/price-book.js';
import { renderDiffJson, renderDiffMarkdown, renderDiffText } from '../ui/print/diff.js';
import { type AppDeps, columnsOf, emit, readMeasurement, useColor } from './context.js';

/** One side of the diff, read and estimated. */
interface Side {
  report: Report;
  info: Pick<DiffSideInfo, 'label' | 'kind'>;
}

/** What a file holds: a saved report (version + estimates), a compose file (a map of services) or answers. */
function sideKind(path: string, data: unknown): DiffSideInfo['kind'] {
  const obj = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  if (obj && 'estimates' in obj && 'pricingAsOf' in obj) return 'report';
  if ((DEFAULT_COMPOSE_FILES as readonly string[]).includes(basename(path))) return 'compose';
  if (obj && obj.services !== null && typeof obj.services === 'object' && !Array.isArray(obj.services)) return 'compose';
  return 'answers';
}

/**
 * A saved report, checked for what the diff reads (version, totals, line items), with the field
 * named when it is wrong. Hand-written rather than the report's zod schema: that schema is built
 * on classic zod, whose code would then be shared with (and loaded by) every start of the CLI.
 */
function checkSavedReport(path: string, data: unknown): Report {
  const fail = (where: string, expected: string): never => {
    throw new UserError(`${path} looks like a saved report but ${where} is invalid: expected ${expected}.`, {
      hint: 'Save the report again with "stackfare estimate --format json --output FILE", or give an answers or compose file instead.',
    });
  };
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const r = data as Record<string, unknown>;
  if (r.version !== REPORT_VERSION) fail('version', `${REPORT_VERSION} (a report of this stackfare)`);
  if (r.currency !== 'USD') fail('currency', '"USD"');
  if (typeof r.pricingAsOf !== 'string') fail('pricingAsOf', 'a date');
  if (r.tier !== 'all' && !(TIERS as readonly unknown[]).includes(r.tier)) fail('tier', `one of ${[...TIERS, 'all'].join(', ')}`);
  if (r.cheapest !== null && !(PLATFORM_IDS as readonly unknown[]).includes(r.cheapest)) fail('cheapest', 'a platform or null');
  if (!Array.isArray(r.estimates)) fail('estimates', 'a list');
  (r.estimates as unknown[]).forEach((e, i) => {
    const at = `estimates[${i}]`;
    if (!isObject(e)) {
      fail(at, 'an object');
      return;
    }
    if (!(PLATFORM_IDS as readonly unknown[]).includes(e.platform)) fail(`${at}.platform`, `one of ${PLATFORM_IDS.join(', ')}`);
    if (!(TIERS as readonly unknown[]).includes(e.tier)) fail(`${at}.tier`, `one of ${TIERS.join(', ')}`);
    if (typeof e.name !== 'string') fail(`${at}.name`, 'a string');
    if (e.plan !== null && typeof e.plan !== 'string') fail(`${at}.plan`, 'a string or null');
    if (typeof e.monthlyTotal !== 'number' || !Number.isFinite(e.monthlyTotal)) fail(`${at}.monthlyTotal`, 'a number');
    if (!Array.isArray(e.lineItems)) {
      fail(`${at}.lineItems`, 'a list');
      return;
    }
    e.lineItems.forEach((l: unknown, j: number) => {
      const li = `${at}.lineItems[${j}]`;
      if (!isObject(l)) {
        fail(li, 'an object');
        return;
      }
      for (const key of ['name', 'unit'] as const) if (typeof l[key] !== 'string') fail(`${li}.${key}`, 'a string');
      for (const key of ['quantity', 'unitPrice', 'monthly'] as const) {
        if (typeof l[key] !== 'number' || !Number.isFinite(l[key])) fail(`${li}.${key}`, 'a number');
      }
    });
  });
  return data as Report;
}

async function readSide(path: string, args: ParsedArgs, deps: AppDeps, book: () => Promise<PriceBook>): Promise<Side> {
  const full = resolve(deps.cwd, path);
  const data = await parseDataFile(full, deps.readFile, 'diff');
  const kind = sideKind(path, data);
  const info = { label: path, kind };
  if (kind === 'report') return { report: checkSavedReport(path, data), info };
  const composeOptions = { profiles: (args.flags.profile as string[] | undefined) ?? [], env: deps.env, cwd: deps.cwd, readFile: deps.readFile };
  let answers: Answers;
  let source: StackSource | undefined;
  if (kind === 'compose') {
    answers = resolveAnswers({ flags: { compose: path }, answerFlags: {} });
    source = await readComposeSource(path, composeOptions);
  } else {
    const fromFile = await readAnswersFile(full, deps.readFile);
    answers = resolveAnswers({ flags: {}, answerFlags: {}, file: path }, fromFile);
    if (answers.compose) source = await readComposeSource(answers.compose, composeOptions);
  }
  // An answers file that names a usage file is priced from it: diff guessed.json measured.json shows what the guess cost.
  const usage = answers.usage === undefined ? undefined : await readMeasurement(answers.usage, deps);
  const report = buildReport({ answers, book: await book(), platforms: PLATFORMS, ...(source ? { source } : {}), ...(usage ? { usage } : {}) });
  return { report, info };
}

/** Runs the diff command; returns 0 whether or not the two sides differ. */
export async function diffCommand(args: ParsedArgs, deps: AppDeps): Promise<number> {
  if (args.positionals.length !== 2) {
    throw new UsageError(
      `diff compares two setups: it takes two files, not ${args.positionals.length}${args.positionals.length ? ` (${args.positionals.join(', ')})` : ''}.`,
      'Usage: stackfare diff BEFORE AFTER, each an answers file, a compose file or a report saved with "stackfare estimate --format json".',
    );
  }
  let book: Promise<PriceBook> | undefined;
  const loadBook = () => (book ??= loadPriceBook(args.flags.pricing as string | undefined, deps.readFile));
  const [beforePath, afterPath] = args.positionals as [string, string];
  const before = await readSide(beforePath, args, deps, loadBook);
  const after = await readSide(afterPath, args, deps, loadBook);
  const diff = diffReports(before.report, after.report, { before: before.info, after: after.info });
  const format = (args.flags.format as Format | undefined) ?? 'table';
  await emit(
    args,
    deps,
    (toFile) =>
      format === 'json'
        ? renderDiffJson(diff)
        : format === 'markdown'
          ? renderDiffMarkdown(diff)
          : renderDiffText(
              diff,
              toFile ? { columns: 100, color: false } : { columns: columnsOf(deps.stdout, deps.env), color: useColor(deps.stdout, deps.env) },
            ),
    `${format} diff`,
  );
  return 0;
}
