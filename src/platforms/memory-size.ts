/** Memory sizes of the stack (whole MB) as the estimators compute and write them. */
import { dec } from '../core/money.js';

/** Memory in GB from MB, exactly (512 → 0.5). */
export function gb(memoryMb: number) {
  return dec(memoryMb).dividedBy(1024);
}

/** formatMb's texts by size: a stack has a few sizes, written in notes for every service. */
const mbTexts = new Map<number, string>();

/** Megabytes as people say them: 512 MB, 1 GB, 1.5 GB. */
export function formatMb(memoryMb: number): string {
  let text = mbTexts.get(memoryMb);
  if (text === undefined) {
    text = memoryMb >= 1024 ? `${dec(memoryMb).dividedBy(1024).toString()} GB` : `${memoryMb} MB`;
    if (mbTexts.size < 1024) mbTexts.set(memoryMb, text);
  }
  return text;
}
