/**
 * The one place numbers become text: counts, quantities, hours, memory and storage sizes, byte
 * counts and dollar amounts. The tables, the Markdown and HTML reports, the Ink view, the deploy
 * files and the platforms' notes all format through these, so they agree with each other and
 * with the JSON to the cent.
 */
import { dec } from './money.js';

/**
 * A whole number with thousands separators, `12,000` (en-US style). Written out rather than
 * through Intl, whose locale data costs several milliseconds to load on every CLI start.
 */
export function groupThousands(n: number): string {
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.trunc(Math.abs(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1 service", "4 services": a count with its noun. */
export function plural(n: number, noun: string): string {
  return `${groupThousands(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** Quantities without float noise: 0.5, 3.5, 1.666667. */
export function quantity(q: number): string {
  return Number.isInteger(q) ? groupThousands(q) : String(Math.round(q * 10000) / 10000);
}

/** `4–8 h`, or `4 h` when the range is one figure. */
export function hours(range: { min: number; max: number }): string {
  const f = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  return range.min === range.max ? `${f(range.min)} h` : `${f(range.min)}–${f(range.max)} h`;
}

/** formatMb's texts by size: a stack has a few sizes, written in notes for every service. */
const mbTexts = new Map<number, string>();

/** Megabytes as people say them: 512 MB, 1 GB, 1.5 GB (exact: 1100 MB is 1.07421875 GB). */
export function formatMb(memoryMb: number): string {
  let text = mbTexts.get(memoryMb);
  if (text === undefined) {
    text = memoryMb >= 1024 ? `${dec(memoryMb).dividedBy(1024).toString()} GB` : `${memoryMb} MB`;
    if (mbTexts.size < 1024) mbTexts.set(memoryMb, text);
  }
  return text;
}

/** A GB figure (without its unit) for display: at most two decimals (1.67, not 1.6666666666666667); JSON keeps the exact quantities. */
export function formatGb(gb: number): string {
  return String(Number(gb.toFixed(2)));
}

/**
 * "1.5 GB" / "260 MB" / "256 KB" / "512 B" for a byte count, in binary units (as Docker and the
 * platforms size memory, and as the input limits are set): one decimal below 10, none from 10 up.
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // A whole figure shows no ".0": a limit of 2 MB reads "2 MB".
  const shown = unit === 0 || value >= 10 ? String(Math.round(value)) : String(Number(value.toFixed(1)));
  return `${shown} ${units[unit]}`;
}

/** `$1,234.56` from a dollar figure that came from whole cents. Explicit locale: deterministic. */
export function usd(amount: number): string {
  const cents = Math.round(amount * 100);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = groupThousands(Math.floor(abs / 100));
  return `${sign}$${whole}.${String(abs % 100).padStart(2, '0')}`;
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

/** A price-book price (a decimal string) with two decimals, as the platforms' notes quote it: "$7.00". */
export function dollars(amount: string): string {
  return `$${dec(amount).toFixed(2)}`;
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

/** The legend under a table whose amounts carry marks, or null when none does. */
export function confidenceLegend(items: readonly { confidence?: string | undefined }[]): string | null {
  const marks = new Set(items.map((i) => confidenceMark(i.confidence)).filter(Boolean));
  if (marks.size === 0) return null;
  const parts = [...(marks.has('?') ? ['? uncertain figure'] : []), ...(marks.has('~') ? ['~ third-party figure'] : [])];
  return `${parts.join(', ')}: check its source (stackfare prices) before relying on it.`;
}

/** "1h 2m 3s" / "4m 10s" / "12s". */
export function formatSeconds(total: number): string {
  if (total > 0 && total < 10 && !Number.isInteger(total)) return `${Math.round(total * 10) / 10}s`;
  const s = Math.max(0, Math.round(total));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [h ? `${h}h` : '', m || (h && s % 60) ? `${m}m` : '', s % 60 || (!h && !m) ? `${s % 60}s` : ''].filter(Boolean);
  return parts.join(' ');
}
