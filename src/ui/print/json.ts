/** The versioned JSON report, pretty-printed with a trailing newline. */
import type { Report } from '../../core/report.js';
import { terminalSafeJson } from '../format.js';

/** The report as JSON: full values (nothing shortened), with no raw control character a terminal would act on. */
export function renderJson(report: Report): string {
  return terminalSafeJson(`${JSON.stringify(report, null, 2)}\n`);
}
