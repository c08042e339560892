/**
 * A spinner on the injected output. clack's own spinner reads process.stdin and exits the
 * process with code 0 on Ctrl-C, so the wizard draws its own: Ctrl-C while it spins reaches
 * the entry's SIGINT handler (exit 130) like at any other moment outside a prompt.
 */
import type { Writable } from 'node:stream';
import { styleText } from 'node:util';
import { textWidth, wrapWithPrefix } from '../format.js';
import { outputColumns } from './prompt.js';

const FRAMES = ['◒', '◐', '◓', '◑'];

export interface Spinner {
  start(message: string): void;
  stop(message: string): void;
}

/** A spinner that animates only on a terminal; elsewhere it prints the final line alone. */
export function createSpinner(output: Writable, animate: boolean): Spinner {
  let timer: NodeJS.Timeout | undefined;
  let frame = 0;
  let text = '';
  const draw = () => {
    output.write(`\r\u001b[2K${styleText('magenta', FRAMES[frame % FRAMES.length]!)}  ${text}...`);
    frame += 1;
  };
  return {
    start(message) {
      text = message;
      output.write(`${styleText('gray', '│')}\n`);
      // The frame is redrawn in place: only a message that fits on one line is animated.
      if (!animate || 3 + textWidth(`${text}...`) > outputColumns(output)) return;
      output.write('\u001b[?25l');
      draw();
      timer = setInterval(draw, 80);
    },
    stop(message) {
      const animated = timer !== undefined;
      if (timer) clearInterval(timer);
      timer = undefined;
      if (animated) output.write('\r\u001b[2K\u001b[?25h');
      const lines = wrapWithPrefix(message, outputColumns(output), `${styleText('green', '◇')}  `, `${styleText('gray', '│')}  `);
      output.write(`${lines.join('\n')}\n`);
    },
  };
}
