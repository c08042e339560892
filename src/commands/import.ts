/**
 * `stackfare import [FILE]`: shows how a docker-compose file maps to the stack (services,
 * databases, key-value stores) with every warning and assumption, as text, Markdown or JSON.
 */
import type { Format, ParsedArgs } from '../args.js';
import type { ComposeImport } from '../compose/map.js';
import type { Warning } from '../core/warnings.js';
import { UsageError } from '../errors.js';
import { findComposeFile, readComposeImport } from '../io/read-compose.js';
import { shell } from '../render/serialize.js';
import { cleanStrings, fit, terminalSafeJson, textWidth, wrapItems, wrapLines } from '../ui/format.js';
import { mdCell, mdText } from '../ui/print/markdown.js';
import { wrapText } from '../ui/print/records.js';
import { commandLines } from '../ui/wizard/replay.js';
import { type AppDeps, columnsOf, useColor } from './context.js';

/** Bumped only when a field changes meaning or disappears. */
const IMPORT_JSON_VERSION = 1;

/** Runs the import command; returns the exit code (0: imported, whatever the warnings say). */
export async function importCommand(args: ParsedArgs, deps: AppDeps): Promise<number> {
  if (args.positionals.length > 1) {
    throw new UsageError(
      `import takes one compose file, not ${args.positionals.length} (${args.positionals.join(', ')}).`,
      'Run stackfare import FILE once per file.',
    );
  }
  const file = args.positionals[0] ?? (await findComposeFile(deps.cwd, deps.readFile));
  const profiles = (args.flags.profile as string[] | undefined) ?? [];
  const result = await readComposeImport(file, {
    profiles,
    env: deps.env,
    cwd: deps.cwd,
    readFile: deps.readFile,
  });
  const format = (args.flags.format as Format | undefined) ?? 'table';
  // Names and values from the compose file are data: their control characters are shown, never sent raw.
  const out =
    format === 'json'
      ? terminalSafeJson(`${JSON.stringify(importJson(result), null, 2)}\n`)
      : format === 'markdown'
        ? renderImportMarkdown(cleanStrings(result))
        : renderImportText(cleanStrings(result), { columns: columnsOf(deps.stdout, deps.env), color: useColor(deps.stdout, deps.env), profiles });
  deps.stdout.write(out);
  return 0;
}

/** The versioned JSON object of an import: the mapped services with their database and key-value store. */
function importJson(result: ComposeImport) {
  const views = new Map(result.services.map((s) => [s.name, s]));
  return {
    version: IMPORT_JSON_VERSION,
    file: result.file,
    ...(result.name ? { name: result.name } : {}),
    services: result.source.services.map((s) => ({
      ...s,
      // As the stack will decide it: published and called by no other service = public.
      public: views.get(s.name)?.public ?? s.public ?? false,
      ports: views.get(s.name)?.ports ?? [],
      database: views.get(s.name)?.database ?? null,
      keyValue: views.get(s.name)?.keyValue ?? null,
    })),
    links: result.links,
    databases: result.databases,
    keyValue: result.keyValue,
    skipped: result.skipped,
    warnings: result.warnings,
    assumptions: result.assumptions,
    unresolvedVariables: result.unresolvedVariables,
  };
}

/** The graph as lines: `reasoning-api → litellm:4000, tools-api:8001, phoenix:4317`. */
export function graphLines(result: Pick<ComposeImport, 'links'>): string[] {
  const byFrom = new Map<string, string[]>();
  for (const l of result.links) {
    const edge = `${l.to}:${l.port}`;
    const list = byFrom.get(l.from) ?? [];
    if (!list.includes(edge)) list.push(edge);
    byFrom.set(l.from, list);
  }
  return [...byFrom].map(([from, to]) => `${from} → ${to.join(', ')}`);
}

interface TextOptions {
  columns: number;
  color: boolean;
  /** The profiles the import was run with: the "Next:" command keeps them. */
  profiles?: readonly string[];
}

/** `stackfare estimate --compose FILE --profile P ...`, each word shell-quoted so it can be pasted as is. */
export function nextCommand(file: string, profiles: readonly string[]): string {
  return cleanStrings(['stackfare', ...nextWords(file, profiles).map(shell)].join(' '));
}

/** The words of the estimate command that prices this import (unquoted). */
function nextWords(file: string, profiles: readonly string[]): string[] {
  return ['estimate', '--compose', file, ...profiles.flatMap((p) => ['--profile', p])];
}

/** `Next: stackfare ...` on one line when it fits, else the command as pasteable shell lines continued with ` \`. */
function nextLines(file: string, profiles: readonly string[], width: number): string[] {
  const one = `Next: ${nextCommand(file, profiles)}`;
  if (textWidth(one) <= width) return [one];
  return ['Next:', ...commandLines(cleanStrings(['stackfare', ...nextWords(file, profiles)]), width)];
}

function paint(color: boolean) {
  const w = (open: number, close: number) => (s: string) => (color ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { bold: w(1, 22), dim: w(2, 22), red: w(31, 39), yellow: w(33, 39) };
}

const SEVERITY_ORDER: Record<Warning['severity'], number> = { error: 0, warning: 1, info: 2 };

function megabytes(mb: number): string {
  return mb >= 1024 && mb % 1024 === 0 ? `${mb / 1024} GB` : `${mb} MB`;
}

function summary(result: ComposeImport): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${n(result.services.length, 'service')}, ${n(result.databases.length, 'Postgres database')}, ${n(result.keyValue.length, 'key-value store')}`;
}

/** Warnings grouped by service (file-wide ones first), most severe first within each group. */
function groupWarnings(warnings: readonly Warning[]): [string, Warning[]][] {
  const groups = new Map<string, Warning[]>();
  for (const w of warnings) {
    const key = w.service ?? '';
    groups.set(key, [...(groups.get(key) ?? []), w]);
  }
  for (const list of groups.values()) list.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return [...groups.entries()].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : 0));
}

/** The source column: the image, or what is built from where. */
function sourceOf(svc: ComposeImport['services'][number]): string {
  return svc.image ?? (svc.build ? `build ${svc.build.context}${svc.build.dockerfile ? ` (${svc.build.dockerfile})` : ''}` : '(no image)');
}

/** The details below a service: volume, database, key-value store, health path, other ports. */
function detailsOf(svc: ComposeImport['services'][number]): string[] {
  const details: string[] = [];
  if (svc.volume) details.push(`volume ${svc.volume.sizeGb} GB at ${svc.volume.mountPath}`);
  if (svc.database) details.push(`database ${svc.database}`);
  if (svc.keyValue) details.push(`key-value ${svc.keyValue}`);
  if (svc.healthPath) details.push(`health ${svc.healthPath}`);
  if (svc.ports.length > 1) details.push(`also listens on ${svc.ports.slice(1).join(', ')} (private)`);
  return details;
}

/** A row per service when the table fits (the source column at least 12 wide), else a block per service. */
function serviceLines(result: ComposeImport, width: number, s: ReturnType<typeof paint>): string[] {
  const nameW = Math.min(28, Math.max(4, ...result.services.map((x) => x.name.length)));
  const fixedW = 2 + nameW + 2 + 8 + 6 + 8 + 5 + 4;
  const sourceW = width - fixedW - 2;
  const table = sourceW >= 12;
  const out: string[] = [];
  if (table && result.services.length > 0) {
    out.push(
      s.dim(
        `  ${fit('NAME', nameW)}  ${fit('IMAGE / BUILD', sourceW)}  ${fit('ACCESS', 8)}${fit('PORT', 6, 'right')}${fit('MEMORY', 8, 'right')}${fit('vCPU', 5, 'right')}${fit('×', 4, 'right')}`,
      ),
    );
  }
  for (const svc of result.services) {
    const cells = [
      svc.public ? 'public' : 'private',
      svc.port === undefined ? '-' : String(svc.port),
      megabytes(svc.memoryMb),
      String(svc.vcpu),
      String(svc.instances),
    ];
    if (table) {
      const [access, port, memory, vcpu, count] = cells as [string, string, string, string, string];
      out.push(
        `  ${fit(svc.name, nameW)}  ${fit(sourceOf(svc), sourceW)}  ${fit(access, 8)}${fit(port, 6, 'right')}${fit(memory, 8, 'right')}${fit(vcpu, 5, 'right')}${fit(count, 4, 'right')}`,
      );
    } else {
      const items = [sourceOf(svc), cells[0]!, `port ${cells[1]}`, cells[2]!, `${cells[3]} vCPU`, `×${cells[4]}`];
      out.push(...wrapLines(svc.name, width - 2).map((l) => `  ${l}`), ...wrapItems(items, width - 4).map((l) => `    ${l}`));
    }
    const details = detailsOf(svc);
    if (details.length > 0) out.push(...wrapLines(details.join(' · '), width - 4).map((l) => s.dim(`    ${l}`)));
  }
  return out;
}

/** Plain text: a row per service, then databases, key-value stores, warnings and assumptions. */
export function renderImportText(result: ComposeImport, options: TextOptions): string {
  const width = Math.max(20, Math.min(options.columns, 160));
  const s = paint(options.color);
  const out: string[] = [];
  out.push(...wrapLines(`stackfare import: ${result.file}${result.name ? ` (project ${result.name})` : ''}`, width).map(s.bold));
  out.push(...wrapLines(summary(result), width).map(s.dim), '');

  out.push(s.bold(`Services (${result.services.length})`));
  if (result.services.length === 0) out.push('  none');
  out.push(...serviceLines(result, width, s), '');

  const graph = graphLines(result);
  out.push(s.bold(`Wiring: who calls whom (${result.links.length} variable${result.links.length === 1 ? '' : 's'})`));
  if (graph.length === 0) out.push('  none');
  for (const line of graph) out.push(...wrapLines(line, width - 4).map((l, i) => `${i === 0 ? '  ' : '    '}${l}`));
  for (const l of result.links)
    out.push(...wrapLines(`${l.from}: ${l.variable} → ${l.to}:${l.port}`, width - 6).map((t, i) => s.dim(`${i === 0 ? '    ' : '      '}${t}`)));
  out.push('');

  out.push(s.bold(`Postgres → managed Postgres (${result.databases.length})`));
  if (result.databases.length === 0) out.push('  none');
  for (const db of result.databases) {
    const names = Object.entries(db.databases).map(([user, name]) => `${user}: database ${name}`);
    out.push(
      ...wrapLines(
        `${db.name} (${db.image || 'no image'}), used by ${db.usedBy.length > 0 ? db.usedBy.join(', ') : 'no service'}${names.length > 0 ? ` (${names.join('; ')})` : ''}`,
        width - 4,
      ).map((l, i) => `${i === 0 ? '  ' : '    '}${l}`),
    );
  }
  out.push('');
  out.push(s.bold(`Redis / Valkey → key-value store (${result.keyValue.length})`));
  if (result.keyValue.length === 0) out.push('  none');
  for (const kv of result.keyValue) {
    out.push(
      ...wrapLines(
        `${kv.name} (${kv.image || 'no image'}), ${megabytes(kv.memoryMb)}, used by ${kv.usedBy.length > 0 ? kv.usedBy.join(', ') : 'no service'}`,
        width - 4,
      ).map((l, i) => `${i === 0 ? '  ' : '    '}${l}`),
    );
  }
  out.push('');
  if (result.skipped.length > 0) {
    out.push(s.bold(`Left out (${result.skipped.length})`));
    for (const sk of result.skipped) out.push(...wrapLines(`${sk.name}: ${sk.reason}`, width - 4).map((l, i) => `${i === 0 ? '  ' : '    '}${l}`));
    out.push('');
  }

  const counts = (['error', 'warning', 'info'] as const)
    .map((sev) => [sev, result.warnings.filter((w) => w.severity === sev).length] as const)
    .filter(([, n]) => n > 0);
  out.push(
    s.bold(
      `Warnings (${result.warnings.length})${counts.length > 0 ? `: ${counts.map(([sev, n]) => `${n} ${sev}${n === 1 || sev === 'info' ? '' : 's'}`).join(', ')}` : ''}`,
    ),
  );
  if (result.warnings.length === 0) out.push('  none');
  for (const [service, list] of groupWarnings(result.warnings)) {
    out.push(`  ${s.bold(service === '' ? 'whole file' : service)}`);
    for (const w of list) {
      const label = w.severity === 'error' ? s.red(fit('error', 8)) : w.severity === 'warning' ? s.yellow(fit('warning', 8)) : s.dim(fit('info', 8));
      const lines = wrapText(w.message, width - 14);
      out.push(`    ${label}  ${lines[0] ?? ''}`, ...lines.slice(1).map((l) => `              ${l}`));
      if (w.fix) out.push(...wrapText(`fix: ${w.fix}`, width - 14).map((l) => s.dim(`              ${l}`)));
      out.push(...wrapLines(`(${w.code})`, width - 14).map((l) => s.dim(`              ${l}`)));
    }
  }
  out.push('');
  out.push(s.bold('Assumptions'));
  if (result.assumptions.length === 0) out.push('  none');
  for (const a of result.assumptions) out.push(...wrapText(a, width - 4).map((l, i) => `${i === 0 ? '  - ' : '    '}${l}`));
  out.push('');
  out.push(...nextLines(result.file, options.profiles ?? [], width).map(s.dim));
  return `${out.join('\n')}\n`;
}

const cell = mdCell;

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

/** Markdown: the same sections as tables, for an issue or a README. */
function renderImportMarkdown(result: ComposeImport): string {
  const out: string[] = [`# Import of ${mdText(result.file)}`, '', `${summary(result)}.`, '', '## Services', ''];
  out.push(
    ...table(
      ['Service', 'Image / build', 'Access', 'Port', 'Memory', 'vCPU', 'Instances', 'Volume', 'Database', 'Key-value', 'Health'],
      result.services.map((svc) => [
        svc.name,
        svc.image ?? (svc.build ? `build ${svc.build.context}` : '(no image)'),
        svc.public ? 'public' : 'private',
        svc.port === undefined ? '-' : String(svc.port),
        megabytes(svc.memoryMb),
        String(svc.vcpu),
        String(svc.instances),
        svc.volume ? `${svc.volume.sizeGb} GB at ${svc.volume.mountPath}` : '-',
        svc.database ?? '-',
        svc.keyValue ?? '-',
        svc.healthPath ?? '-',
      ]),
    ),
    '',
    '## Wiring',
    '',
    ...(graphLines(result).length > 0 ? graphLines(result).map((l) => `- ${mdText(l)}`) : ['None.']),
    '',
    '## Databases and key-value stores',
    '',
  );
  const stores = [
    ...result.databases.map((d) => [d.name, 'managed Postgres', d.image, '-', d.usedBy.join(', ') || '-']),
    ...result.keyValue.map((k) => [k.name, 'key-value store', k.image, megabytes(k.memoryMb), k.usedBy.join(', ') || '-']),
  ];
  out.push(...(stores.length > 0 ? table(['Container', 'Becomes', 'Image', 'Memory', 'Used by'], stores) : ['None.']), '');
  if (result.skipped.length > 0) out.push('## Left out', '', ...result.skipped.map((s) => `- ${mdText(s.name)}: ${mdText(s.reason)}`), '');
  out.push('## Warnings', '');
  const rows = groupWarnings(result.warnings).flatMap(([service, list]) => list.map((w) => [service || '(file)', w.severity, w.code, w.message, w.fix ?? '']));
  out.push(...(rows.length > 0 ? table(['Service', 'Severity', 'Code', 'Message', 'Fix'], rows) : ['None.']), '');
  out.push('## Assumptions', '', ...(result.assumptions.length > 0 ? result.assumptions.map((a) => `- ${mdText(a)}`) : ['None.']), '');
  return `${out.join('\n')}\n`;
}
