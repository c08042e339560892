/** Memory sizes of the stack (whole MB) in GB, exactly, as the estimators price them. */
import { dec } from '../core/money.js';

/** Memory in GB from MB, exactly (512 → 0.5). */
export function gb(memoryMb: number) {
  return dec(memoryMb).dividedBy(1024);
}
