/** The yes/no prompt's keys: Esc and Ctrl-C cancel without changing the answer shown; y, n, arrows and Enter answer. */
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/errors.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { askConfirm, askText } from '../../src/ui/wizard/prompt.js';
import { askContext, type Draft, QUESTIONS, someNames } from '../../src/ui/wizard/questions.js';
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

describe('askText', () => {
  it('echoes the default taken by Enter instead of a blank line', async () => {
    const term = new MockTerminal();
    const p = askText(term, 'Which services are public?', { placeholder: 'web', emptyEcho: 'web' });
    await term.waitFor('Which services are public?');
    term.press(KEY.enter);
    expect(await p).toBe('');
    const lines = term.lines();
    const at = lines.findIndex((l) => l.includes('Which services are public?'));
    expect(lines[at + 1]).toBe('│  web');
  });
  it('echoes what was typed as clack does', async () => {
    const term = new MockTerminal();
    const p = askText(term, 'Domain?', { placeholder: 'none', emptyEcho: 'none' });
    await term.waitFor('Domain?');
    term.press('api.example.com', KEY.enter);
    expect(await p).toBe('api.example.com');
    expect(term.lines()).toContain('│  api.example.com');
    expect(term.lines()).not.toContain('│  none');
  });
});

describe('the public-services question of a stack of 3,000 services', () => {
  it('names a few services and how many more, on a few lines, in the question, its placeholder and its echo', () => {
    const services = Array.from({ length: 3000 }, (_, i) => ({
      name: `svc-${i}`,
      role: 'api' as const,
      memoryMb: 256,
      port: 8000,
      ...(i > 0 ? { env: [{ name: 'UP', ref: { service: `svc-${i - 1}`, port: 8000 } }] } : {}),
    }));
    const ctx = askContext({ services } as Draft, builtinPriceBook(), undefined, []);
    const q = QUESTIONS.find((x) => x.id === 'exposure')!;
    const message = q.message(ctx);
    expect(message).toMatch(/with svc-\d+(, svc-\d+){7} and 2,99\d more private/);
    expect(message.length).toBeLessThan(300);
    if (q.kind === 'text') expect(q.placeholder(ctx).length).toBeLessThan(200);
    expect(q.describe(q.kind === 'text' ? q.parse('', ctx) : [], ctx).length).toBeLessThan(200);
  });
  it('someNames lists up to eight names, then a count', () => {
    expect(someNames(['a', 'b'])).toBe('a, b');
    expect(someNames(Array.from({ length: 1010 }, (_, i) => `s${i}`))).toBe('s0, s1, s2, s3, s4, s5, s6, s7 and 1,002 more');
  });
});
