/**
 * Text for the terminal views and printers: display widths, fitting and wrapping, escaping of
 * control characters, and the report's labels and comparison rows. Figures become text in
 * core/number-format.ts, which these and the deploy files share.
 */
import { stripVTControlCharacters } from 'node:util';
import { groupThousands, hours, usd } from '../core/number-format.js';
import { type EstimateJson, platformLabel, type Report, type TierSummaryJson } from '../core/report.js';

/** The services a usage file sized (on any platform), for a view that shows no sizes: empty without one. */
export function measuredServices(report: Report): string[] {
  return [...new Set(report.estimates.flatMap((e) => e.sizing.filter((z) => z.sizedFrom === 'measured').map((z) => z.service)))];
}

/** Beside a size, where it came from (only with a usage file: without one every size is the default). */
export function sizedFromText(from: 'measured' | 'guessed' | undefined): string {
  if (from === 'measured') return ' (sized from measurement)';
  if (from === 'guessed') return ' (default size: not measured)';
  return '';
}

/** A yes/no answer as the tables show it. */
export function yesNo(b: boolean): string {
  return b ? 'yes' : 'no';
}

/** The tier's label as the report names it. */
export function tierLabel(report: Report): string {
  const labels: Record<string, string> = { local: 'local personal', 'single-user': 'hosted single-user', 'multi-user': 'hosted multi-user', all: 'every tier' };
  return labels[report.tier] ?? report.tier;
}

/** Range of a tier summary: "$41.40–$72.50" or "$0.00". */
export function monthlyRange(t: TierSummaryJson): string {
  const range = (r: TierSummaryJson['monthlyRange']) => (r.min === r.max ? usd(r.min) : `${usd(r.min)}–${usd(r.max)}`);
  const always = t.alwaysOnMonthlyRange;
  // With --active-hours, the always-on range beside it, when the hours change it.
  const changed = always !== undefined && (always.min !== t.monthlyRange.min || always.max !== t.monthlyRange.max);
  return changed ? `${range(t.monthlyRange)} (always on ${range(always)})` : range(t.monthlyRange);
}

/** A tier on one line, for the wizard's tier choice: "$41.40–$72.50/mo · 4–10 h · backups: Managed, automatic · multi-user: no". */
export function tierHint(t: TierSummaryJson): string {
  return `${monthlyRange(t)}/mo · ${hours(t.effortHours)} · backups: ${t.backups} · multi-user: ${yesNo(t.multiUserReady)}`;
}

/** "1 user", or per tier when tiers are compared at different figures: "1 user (local, single-user), 1,000 users (multi-user)". */
export function usersLabel(report: Report): string {
  const one = (n: number) => `${groupThousands(n)} user${n === 1 ? '' : 's'}`;
  if (!report.tiers) return one(report.stack.users);
  const byCount = new Map<number, string[]>();
  for (const e of report.estimates) {
    const tiers = byCount.get(e.users) ?? [];
    if (!tiers.includes(e.tier)) tiers.push(e.tier);
    byCount.set(e.users, tiers);
  }
  if (byCount.size <= 1) return one(report.stack.users);
  return [...byCount].map(([n, tiers]) => `${one(n)} (${tiers.join(', ')})`).join(', ');
}

/** One row of the comparison, as strings, shared by every view. */
export interface ComparisonRow {
  platform: string;
  id: string;
  monthly: string;
  effort: string;
  backups: string;
  multiUser: string;
  cheapest: boolean;
  fits: boolean;
  /** A service or database has no size on this platform: it cannot run the stack at all. */
  blocked: boolean;
  tagline: string;
}

/** The comparison rows of a report, in registry order. */
export function comparisonRows(estimates: readonly EstimateJson[]): ComparisonRow[] {
  return estimates.map((e) => ({
    platform: platformLabel(e),
    id: e.platform,
    // With --active-hours, the always-on figure beside it, when the hours change it.
    monthly:
      e.alwaysOnMonthlyTotal !== undefined && e.alwaysOnMonthlyTotal !== e.monthlyTotal
        ? `${usd(e.monthlyTotal)} (always on ${usd(e.alwaysOnMonthlyTotal)})`
        : usd(e.monthlyTotal),
    effort: hours(e.effortHours),
    backups: e.backupsShort,
    multiUser: yesNo(e.multiUserReady),
    cheapest: e.cheapest,
    fits: e.fitsTier,
    blocked: e.warnings.some((w) => w.blocking === true),
    tagline: e.tagline,
  }));
}

/** Pads or truncates to a display width (wide characters count two). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const w = textWidth(text);
  if (w > width) {
    let cut = '';
    let used = 0;
    const room = width <= 1 ? width : width - 1;
    for (const { segment } of graphemes.segment(text)) {
      const sw = graphemeWidth(segment);
      if (used + sw > room) break;
      cut += segment;
      used += sw;
    }
    return width <= 1 ? cut : `${cut}…${' '.repeat(room - used)}`;
  }
  const pad = ' '.repeat(width - w);
  return align === 'right' ? pad + text : text + pad;
}

/** Wraps text to a width at spaces, for narrow terminals. A word wider than the line stays whole on its own line. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let lineText = '';
  let lineWidth = 0;
  for (const word of text.split(/\s+/)) {
    const w = textWidth(word);
    if (lineText === '') {
      lineText = word;
      lineWidth = w;
    } else if (lineWidth + 1 + w <= width) {
      lineText += ` ${word}`;
      lineWidth += 1 + w;
    } else {
      out.push(lineText);
      lineText = word;
      lineWidth = w;
    }
  }
  if (lineText !== '') out.push(lineText);
  return out;
}

/** Ends the part of a word too wide for its line that is broken off: the word goes on below. */
export const WORD_BREAK = '↩';

// Made on first use: creating an Intl.Segmenter loads ICU's break data, some 20 ms that a run
// printing only ASCII (the usual case) never needs.
let segmenter: Intl.Segmenter | undefined;
const graphemes = {
  segment: (text: string) => {
    segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
    return segmenter.segment(text);
  },
};
// Cells of one grapheme: none for marks and zero-width joiners, two for wide East Asian
// characters and emoji shown as pictures (as terminals, Ink and clack count them). Zero-width
// space (U+200B) is Cf and the variation selectors (U+FE00-FE0F) are Mn: both in the classes.
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]+$/u;
const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\ufe0f/u;
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x231a && code <= 0x231b) ||
    (code >= 0x2329 && code <= 0x232a) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xa960 && code <= 0xa97f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe10 && code <= 0xfe19) ||
    (code >= 0xfe30 && code <= 0xfe6f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1b000 && code <= 0x1b2ff) ||
    (code >= 0x1f200 && code <= 0x1f2ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Characters that may join a grapheme with the one before or after them (any astral one, as emoji can). */
// Alternatives, not one class: a joiner inside a class reads as part of a joined sequence. The
// astral range with the u flag, and the surrogate range for a lone half, match what the code
// units \ud800-\udfff matched without it.
const JOINERS = /\u200c|\u200d|[\ufe00-\ufe0f]|[\u{10000}-\u{10ffff}\ud800-\udfff]/u;
const MARKS = /\p{M}/u;
const CLUSTERING = { test: (text: string) => JOINERS.test(text) || MARKS.test(text) };

function graphemeWidth(g: string): number {
  if (ZERO_WIDTH.test(g)) return 0;
  if (EMOJI.test(g) || isWide(g.codePointAt(0)!)) return 2;
  return 1;
}

/** Columns a text takes on a terminal: colour codes take none, wide characters and emoji two. */
export function textWidth(text: string): number {
  const plain = stripVTControlCharacters(text);
  // Printable ASCII: one column each, without segmenting.
  if (/^[\x20-\x7e]*$/.test(plain)) return plain.length;
  // No character that joins with its neighbours (marks, joiners, variation selectors, surrogate
  // pairs of emoji, regional flags): each character is its own grapheme, no segmenter needed.
  if (!CLUSTERING.test(plain)) {
    let width = 0;
    for (const ch of plain) width += graphemeWidth(ch);
    return width;
  }
  let width = 0;
  for (const { segment } of graphemes.segment(plain)) width += graphemeWidth(segment);
  return width;
}

/** A word too wide for its line in pieces: the first `first` columns wide at most, the others `width`; each but the last ends in WORD_BREAK. */
function breakWord(word: string, first: number, width: number): string[] {
  const pieces: string[] = [];
  let room = Math.max(1, first - 1);
  let piece = '';
  let used = 0;
  for (const { segment } of graphemes.segment(word)) {
    const w = graphemeWidth(segment);
    if (used + w > room && piece !== '') {
      room = Math.max(1, width - 1);
      pieces.push(`${piece}${WORD_BREAK}`);
      piece = '';
      used = 0;
    }
    piece += segment;
    used += w;
  }
  pieces.push(piece);
  return pieces;
}

/**
 * Wraps plain text (no colour codes) to `width` columns: at spaces, keeping its own line
 * breaks; a word wider than the line is broken visibly (WORD_BREAK ends each broken part).
 * Spaces inside a line (and its indent) are kept as written; at a break they are dropped.
 */
export function wrapLines(text: string, width: number): string[] {
  const w = Math.max(2, width);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    const indent = /^ */.exec(paragraph)![0];
    // Words, each with the spaces written before it (kept inside a line, dropped at a break).
    const words = [...paragraph.slice(indent.length).matchAll(/( *)([^ ]+)/g)].map((m) => ({ gap: m[1]!, word: m[2]! }));
    if (words.length === 0) {
      out.push('');
      continue;
    }
    let line = indent.length < w ? indent : '';
    let used = textWidth(line);
    let fresh = true;
    for (const { gap, word } of words) {
      const ww = textWidth(word);
      if (!fresh && used + gap.length + ww <= w) {
        line += gap + word;
        used += gap.length + ww;
        continue;
      }
      if (!fresh) {
        out.push(line);
        line = '';
        used = 0;
      }
      if (used + ww <= w) {
        line += word;
        used += ww;
      } else {
        // Too little room left beside the indent for a piece and its mark: the word starts at the margin.
        if (w - used < 3) {
          line = '';
          used = 0;
        }
        const pieces = breakWord(word, w - used, w);
        for (const p of pieces.slice(0, -1)) {
          out.push(line + p);
          line = '';
          used = 0;
        }
        line = pieces.at(-1)!;
        used = textWidth(line);
      }
      fresh = false;
    }
    out.push(line);
  }
  return out;
}

/**
 * Items joined by " · ", wrapped to `width` between items where it can (a line that goes on
 * ends in " ·"), and at words only inside an item too wide for a line of its own.
 */
export function wrapItems(items: readonly string[], width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const item of items) {
    if (line === '') {
      const parts = wrapLines(item, width);
      out.push(...parts.slice(0, -1));
      line = parts.at(-1) ?? '';
    } else if (textWidth(line) + 3 + textWidth(item) <= width) {
      line += ` · ${item}`;
    } else {
      // The separator stays on the line it ends; an item it does not fit beside starts the next.
      if (textWidth(line) + 2 <= width) out.push(`${line} ·`);
      else out.push(line);
      const parts = wrapLines(item, width);
      out.push(...parts.slice(0, -1));
      line = parts.at(-1) ?? '';
    }
  }
  if (line !== '') out.push(line);
  return out;
}

/**
 * Wraps text under a prefix for its first line and another for the lines after (such as the
 * wizard's "│  " guide): every line, prefix included, is at most `width` columns.
 */
export function wrapWithPrefix(text: string, width: number, first: string, rest: string = first): string[] {
  const room = width - Math.max(textWidth(first), textWidth(rest));
  return wrapLines(text, room).map((l, i) => `${i === 0 ? first : rest}${l}`);
}

// C0 and C1 control characters, DEL, and the bidirectional overrides that can reorder what a
// terminal shows: a name or price-book string must never move the cursor, recolour the
// terminal or retitle its window.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_KEEP_NEWLINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A control character as visible text: ESC → `\x1b`, U+202E → `\u202e`. */
function escapeControl(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Escapes control characters in one string of data (newlines too: a name stays on its line). */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, escapeControl);
}

/** Escapes control characters in text stackfare composed, keeping its own line breaks. */
export function escapeControlsInText(text: string): string {
  return text.replace(CONTROL_KEEP_NEWLINES, escapeControl);
}

/** A deep copy with every string (and object key) escaped: what the text views and printers draw. */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return escapeControls(value) as T;
  if (Array.isArray(value)) return value.map((v) => cleanStrings(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeControls(k), cleanStrings(v)])) as T;
  }
  return value;
}

/** JSON for a terminal: C1 controls and DEL, which JSON.stringify leaves raw, as \u escapes (same value when parsed). */
export function terminalSafeJson(json: string): string {
  return json.replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
