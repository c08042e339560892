/** The yes/no prompt's keys: Esc and Ctrl-C cancel without changing the answer shown; y, n, arrows and Enter answer. */
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/errors.js';
import { askConfirm } from '../../src/ui/wizard/prompt.js';
import { KEY, MockTerminal } from './mock-terminal.js';

async function outcome(p: Promise<boolean>): Promise<boolean | 'cancelled'> {
  try {
    return await p;
  } catch (error) {
    if (error instanceof CancelledError) return 'cancelled';
    throw error;
  }
}

async function confirmWith(initial: boolean, ...keys: string[]) {
  const term = new MockTerminal();
  const p = askConfirm(term, 'Write it?', initial);
  await term.waitFor('Write it?');
  term.press(...keys);
  const result = await outcome(p);
  return { result, lines: term.lines() };
}

describe('askConfirm', () => {
  it('Esc with Yes highlighted cancels and shows Yes (struck), never records No', async () => {
    const { result, lines } = await confirmWith(true, KEY.esc);
    expect(result).toBe('cancelled');
    expect(lines).toContain('│  Yes');
    expect(lines).not.toContain('│  No');
  });
  it('Esc with No highlighted cancels and shows No', async () => {
    const { result, lines } = await confirmWith(false, KEY.esc);
    expect(result).toBe('cancelled');
    expect(lines).toContain('│  No');
  });
  it('Ctrl-C cancels', async () => {
    expect((await confirmWith(true, KEY.ctrlC)).result).toBe('cancelled');
  });
  it('Enter takes the highlighted answer and echoes it; an arrow moves it; y and n answer at once', async () => {
    const yes = await confirmWith(true, KEY.enter);
    expect(yes.result).toBe(true);
    expect(yes.lines).toContain('│  Yes');
    expect((await confirmWith(true, KEY.right, KEY.enter)).result).toBe(false);
    expect((await confirmWith(true, 'n')).result).toBe(false);
    expect((await confirmWith(false, 'y')).result).toBe(true);
  });
  it('draws Yes / No while asking, as clack does', async () => {
    const term = new MockTerminal();
    const p = askConfirm(term, 'Write it?', true);
    await term.waitFor('Write it?');
    expect(term.screen()).toContain('● Yes / ○ No');
    term.press(KEY.enter);
    await p;
  });
});
