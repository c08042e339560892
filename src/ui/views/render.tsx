/**
 * The entry of the Ink chunk: the only module that imports ink and react at load time. The
 * wizard reaches it through a dynamic import, so `estimate` and `generate` never load them.
 */
import { renderToString } from 'ink';
import type { Report, ScalePointJson } from '../../core/report.js';
import { Comparison } from './Comparison.js';

interface ComparisonOptions {
  columns: number;
  color: boolean;
  scaling?: readonly ScalePointJson[] | undefined;
  /** The estimate command that shows these line items (default: plain `stackfare estimate`). */
  lineItems?: string | undefined;
}

/** The comparison as terminal text, drawn once (it asks nothing, so it needs no live render). */
export function renderComparison(report: Report, options: ComparisonOptions): string {
  const out = renderToString(
    <Comparison report={report} columns={options.columns} color={options.color} scaling={options.scaling} lineItems={options.lineItems} />,
    {
      columns: options.columns,
    },
  );
  return `${out}\n`;
}
