/**
 * Mock streams for driving clack prompts in-process: keys go into `input`, the prompts draw
 * into `output`, and `waitFor` resolves when a prompt's text has been drawn.
 */
import { PassThrough, Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { screenLines } from '../helpers/screen.js';

export const KEY = { enter: '\r', up: '\u001b[A', down: '\u001b[B', left: '\u001b[D', right: '\u001b[C', esc: '\u001b', ctrlC: '\u0003' } as const;

export class MockTerminal {
  readonly input = new PassThrough();
  readonly output: Writable & { columns: number; rows: number; isTTY: boolean };
  private raw = '';
  private cursor = 0;
  private readonly listeners = new Set<() => void>();

  constructor(columns = 80) {
    const out = new Writable({
      write: (chunk: Buffer | string, _enc, done) => {
        this.raw += String(chunk);
        for (const l of [...this.listeners]) l();
        done();
      },
    });
    this.output = Object.assign(out, { columns, rows: 50, isTTY: false });
  }

  /** Everything drawn, without escape sequences. */
  screen(): string {
    return stripVTControlCharacters(this.raw);
  }

  /** The lines a terminal would show now (redraws replayed, long lines not wrapped). */
  lines(): string[] {
    return screenLines(this.raw);
  }

  /** Resolves once `text` is drawn after the previous match. */
  waitFor(text: string, timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const at = this.screen().indexOf(text, this.cursor);
        if (at === -1) return;
        this.cursor = at + text.length;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out waiting for "${text}"; screen:\n${this.screen().slice(this.cursor).slice(-2000)}`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  press(...keys: string[]): void {
    for (const k of keys) this.input.write(k);
  }

  type(text: string): void {
    this.input.write(text);
  }

  /** For each [prompt text, keys]: wait for the text, then press the keys. */
  async answer(script: readonly (readonly [string, ...string[]])[]): Promise<void> {
    for (const [text, ...keys] of script) {
      await this.waitFor(text);
      this.press(...keys);
    }
  }
}
