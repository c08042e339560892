/** Types of scripts/function-length.mjs for the tests that import it. */

/** A function longer than the limit: its name, first line (1-based) and length in lines. */
export interface LongFunction {
  name: string;
  line: number;
  lines: number;
}

/** Functions in one source text longer than `max` lines, nested functions counted in their parent. */
export function longFunctions(fileName: string, text: string, max: number): LongFunction[];
