/**
 * The one place figures become text. The plain table, the Markdown table and the Ink view all
 * format through these, so they agree with each other and with the JSON to the cent.
 */
import { groupThousands } from '../core/names.js';
import type { EstimateJson, Report, TierSummaryJson } from '../core/report.js';

/** `$1,234.56` from a dollar figure that came from whole cents. Explicit locale: deterministic. */
export function usd(amount: number): string {
  const cents = Math.round(amount * 100);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = groupThousands(Math.floor(abs / 100));
  return `${sign}$${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** The mark a doubtful figure carries beside its amount: `?` uncertain, `~` third-party, else ''. */
export function confidenceMark(confidence: string | undefined): string {
  return confidence === 'uncertain' ? '?' : confidence === 'third-party' ? '~' : '';
}

/** An amount with its confidence mark: `$75.00 ~`. */
export function usdMarked(amount: number, confidence: string | undefined): string {
  const mark = confidenceMark(confidence);
  return mark ? `${usd(amount)} ${mark}` : usd(amount);
}

/** The legend under a table whose lines carry marks, or null when none does. */
export function confidenceLegend(items: readonly { confidence?: string | undefined }[]): string | null {
  const marks = new Set(items.map((i) => confidenceMark(i.confidence)).filter(Boolean));
  if (marks.size === 0) return null;
  const parts = [...(marks.has('?') ? ['? uncertain figure'] : []), ...(marks.has('~') ? ['~ third-party figure'] : [])];
  return `${parts.join(', ')}: check its source (stackfare prices) before relying on it.`;
}

/** `+$3.00` / `-$12.50` for a change. */
export function usdDelta(amount: number): string {
  return amount >= 0 ? `+${usd(amount)}` : usd(amount);
}

/** A unit price with as many decimals as it needs: $10.00, $0.05, $0.00325. */
export function unitPrice(amount: number): string {
  if (Math.round(amount * 100) === amount * 100) return usd(amount);
  return `$${amount.toString()}`;
}

/** `4–8 h`, or `1–2 weeks` style when large. */
export function hours(range: { min: number; max: number }): string {
  const f = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  return range.min === range.max ? `${f(range.min)} h` : `${f(range.min)}–${f(range.max)} h`;
}

/** Quantities without float noise: 0.5, 3.5, 1.666667. */
export function quantity(q: number): string {
  return Number.isInteger(q) ? groupThousands(q) : String(Math.round(q * 10000) / 10000);
}

export function yesNo(b: boolean): string {
  return b ? 'yes' : 'no';
}

/** Platform label with its plan: "Railway (Hobby)". */
export function platformLabel(e: EstimateJson): string {
  return e.plan ? `${e.name} (${e.plan})` : e.name;
}

/** The tier's label as the report names it. */
export function tierLabel(report: Report): string {
  const labels: Record<string, string> = { local: 'local personal', 'single-user': 'hosted single-user', 'multi-user': 'hosted multi-user', all: 'every tier' };
  return labels[report.tier] ?? report.tier;
}

/** Range of a tier summary: "$41.40–$72.50" or "$0.00". */
export function monthlyRange(t: TierSummaryJson): string {
  return t.monthlyRange.min === t.monthlyRange.max ? usd(t.monthlyRange.min) : `${usd(t.monthlyRange.min)}–${usd(t.monthlyRange.max)}`;
}

/** A tier on one line, for the wizard's tier choice: "$41.40–$72.50/mo · 4–10 h · backups: Managed, automatic · multi-user: no". */
export function tierHint(t: TierSummaryJson): string {
  return `${monthlyRange(t)}/mo · ${hours(t.effortHours)} · backups: ${t.backups} · multi-user: ${yesNo(t.multiUserReady)}`;
}

/** "1 service", "4 services": a count with its noun. */
export function plural(n: number, noun: string): string {
  return `${groupThousands(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** Number of users as people write it. */
export function users(n: number): string {
  return groupThousands(n);
}

/** "1 user", or per tier when tiers are compared at different figures: "1 user (local, single-user), 1,000 users (multi-user)". */
export function usersLabel(report: Report): string {
  const one = (n: number) => `${users(n)} user${n === 1 ? '' : 's'}`;
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
    monthly: usd(e.monthlyTotal),
    effort: hours(e.effortHours),
    backups: e.backupsShort,
    multiUser: yesNo(e.multiUserReady),
    cheapest: e.cheapest,
    fits: e.fitsTier,
    blocked: e.warnings.some((w) => w.blocking === true),
    tagline: e.tagline,
  }));
}

/** Pads or truncates to a display width (ASCII-safe; the figures are ASCII). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const chars = [...text];
  if (chars.length > width) return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('')}…`;
  const pad = ' '.repeat(width - chars.length);
  return align === 'right' ? pad + text : text + pad;
}

/** Wraps text to a width at spaces, for narrow terminals. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let lineText = '';
  for (const word of text.split(/\s+/)) {
    if (lineText === '') lineText = word;
    else if ([...lineText].length + 1 + [...word].length <= width) lineText += ` ${word}`;
    else {
      out.push(lineText);
      lineText = word;
    }
  }
  if (lineText !== '') out.push(lineText);
  return out;
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
